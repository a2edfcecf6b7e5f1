// Set-up page: drag agenda items to reorder them (the arrow buttons do the same by keyboard); forms that
// replace a code ask first.
import { confirmForms } from "./live/confirmForms.js";

confirmForms();
const container = document.querySelector(".agenda-setup");
const csrf = document.querySelector('meta[name="csrf-token"]')?.content;

if (container) {
  let dragged = null;
  container.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".agenda-row");
    if (dragged) {
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.itemId);
    }
  });
  container.addEventListener("dragend", () => dragged && dragged.classList.remove("dragging"));
  container.addEventListener("dragover", (event) => {
    if (dragged && event.target.closest(".agenda-list")) event.preventDefault();
  });
  container.addEventListener("drop", async (event) => {
    const list = event.target.closest(".agenda-list");
    if (!dragged || !list) return;
    event.preventDefault();
    const rows = [...list.querySelectorAll(".agenda-row")].filter((row) => row !== dragged);
    const over = event.target.closest(".agenda-row");
    let position = rows.length;
    if (over && over !== dragged) {
      const box = over.getBoundingClientRect();
      position = rows.indexOf(over) + (event.clientY > box.top + box.height / 2 ? 1 : 0);
    }
    const response = await fetch(`${container.dataset.moveUrl}/${dragged.dataset.itemId}/move`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ day: Number(list.dataset.day), position }),
      credentials: "same-origin",
    });
    if (response.ok) window.location.reload();
    else {
      const body = await response.json().catch(() => ({}));
      window.alert((body.error && body.error.message) || "The item could not be moved.");
    }
  });
}
