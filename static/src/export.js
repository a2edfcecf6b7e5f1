// Export page: a change to the choices refreshes the preview, the open brackets, the download links and
// what "Publish" will publish, without reloading the page.
const form = document.querySelector("[data-export-form]");

function listItems(target, items, empty, render) {
  target.replaceChildren();
  if (!items.length) {
    const li = document.createElement("li");
    li.className = "muted";
    li.textContent = empty;
    target.append(li);
  }
  for (const item of items) target.append(render(item));
}

function bracketItem(bracket) {
  const li = document.createElement("li");
  const strong = document.createElement("strong");
  strong.textContent = bracket.section;
  const quote = document.createElement("q");
  quote.textContent = bracket.text;
  li.append(strong, ": ", quote, bracket.closed ? "" : " (unclosed)");
  return li;
}

function gapItem(gap) {
  const li = document.createElement("li");
  li.textContent = gap;
  return li;
}

function publishFields(params) {
  const publish = document.querySelector("[data-publish-form]");
  if (!publish) return;
  publish.querySelectorAll("input[type=hidden]:not([name=csrf_token])").forEach((input) => input.remove());
  for (const [key, value] of params) {
    if (key === "template") continue;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = key;
    input.value = value;
    publish.append(input);
  }
}

let pending = 0;
async function refresh() {
  const params = new URLSearchParams(new FormData(form));
  const ticket = ++pending;
  const response = await fetch(`${form.dataset.previewUrl}?${params}`, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (ticket !== pending) return; // a newer change is on its way
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    window.alert((body.error && body.error.message) || "The preview could not be updated.");
    return;
  }
  // the server sanitised this HTML with nh3; the page's CSP forbids inline script in any case
  document.querySelector("[data-preview]").innerHTML = body.html;
  document.querySelector("[data-paragraph-count]").textContent = `(${body.paragraphs} numbered paragraphs)`;
  document.querySelector("[data-bracket-count]").textContent = `(${body.brackets.length})`;
  document.querySelector("[data-gap-count]").textContent = `(${body.gaps.length})`;
  listItems(document.querySelector("[data-brackets]"), body.brackets,
    "No open brackets in the parts chosen.", bracketItem);
  listItems(document.querySelector("[data-gaps]"), body.gaps, "Nothing is missing.", gapItem);
  for (const link of document.querySelectorAll("[data-download]")) link.href = body.links[link.dataset.download];
  publishFields(params);
  window.history.replaceState(null, "", `?${params}`);
}

if (form) {
  form.querySelector("[data-no-js]")?.setAttribute("hidden", "");
  form.addEventListener("change", () => refresh());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    refresh();
  });
}
