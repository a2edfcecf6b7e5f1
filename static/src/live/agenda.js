// The agenda, read-only and live, with the current item highlighted.
import { el, fill } from "./render.js";

const KIND_LABELS = { group_work: "Group work" };
const kindLabel = (kind) => KIND_LABELS[kind] || kind.charAt(0).toUpperCase() + kind.slice(1);

export function renderAgenda(root, state) {
  const container = root.querySelector("[data-agenda]");
  const days = new Map();
  for (const item of state.agenda) {
    if (!days.has(item.day)) days.set(item.day, []);
    days.get(item.day).push(item);
  }
  const start = state.workshop.start_date ? new Date(state.workshop.start_date + "T00:00:00Z") : null;
  const dayLabel = (day) => {
    if (!start) return `Day ${day}`;
    const date = new Date(start.getTime() + (day - 1) * 86400000);
    const text = date.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
    return `Day ${day} · ${text}`;
  };
  if (!state.agenda.length) {
    fill(container, el("p", { class: "muted" }, "The agenda is not out yet."));
  } else {
    fill(container, [...days.entries()].map(([day, items]) => [
      el("h3", {}, dayLabel(day)),
      el("ol", { class: "agenda-live" }, items.map((item) => {
        const current = item.id === state.current_item_id;
        return el("li", { class: `agenda-item ${current ? "is-current" : ""} status-${item.status}`,
                          "aria-current": current ? "true" : null, dataset: { itemId: item.id } },
          el("span", { class: "time" }, item.starts_at || ""),
          el("span", { class: "title" }, item.title),
          el("span", { class: `badge kind-${item.kind}` }, kindLabel(item.kind)),
          current ? el("span", { class: "badge live" }, "Now") : null);
      })),
    ]));
  }
  const title = root.querySelector("[data-current-title]");
  if (title) {
    const current = state.agenda.find((item) => item.id === state.current_item_id);
    title.textContent = current ? current.title : "Waiting for the facilitator to start.";
  }
}
