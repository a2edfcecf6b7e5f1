// Forms that post to the server after a question: <form data-confirm="Make a new code?">
export function confirmForms(root = document) {
  root.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-confirm]");
    if (form && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}
