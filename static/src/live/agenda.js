// The agenda, read-only and live, with the current item highlighted.
import { el, fill } from "./render.js";
import { actButton } from "./controls.js";

const KIND_LABELS = { group_work: "Group work" };
const kindLabel = (kind) => KIND_LABELS[kind] || kind.charAt(0).toUpperCase() + kind.slice(1);

const clock = (iso) => new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });

function itemTimes(item) {
  const parts = [];
  if (item.duration_minutes) parts.push(`${item.duration_minutes} min`);
  if (item.actual_start) parts.push(`started ${clock(item.actual_start)}`);
  if (item.actual_end && item.status === "done") parts.push(`ended ${clock(item.actual_end)}`);
  return parts.join(" · ");
}

// The facilitator's controls on one item: make it current, lengthen it, move it within its day
function steerControls(item, index, count, current) {
  return el("span", { class: "row-actions" },
    current
      ? actButton("End item", "agenda.set_current", { item_id: null }, { class: "small" })
      : actButton("Make current", "agenda.set_current", { item_id: item.id }, { class: "small primary" }),
    actButton("+5 min", "agenda.extend", { item_id: item.id, minutes: 5 },
      { class: "small", "aria-label": `+5 min for ${item.title}` }),
    actButton("↑", "agenda.move", { item_id: item.id, position: index - 1 },
      { class: "small", "aria-label": `Move ${item.title} up`, disabled: index === 0 ? "" : null }),
    actButton("↓", "agenda.move", { item_id: item.id, position: index + 1 },
      { class: "small", "aria-label": `Move ${item.title} down`, disabled: index === count - 1 ? "" : null }));
}

export function renderAgenda(root, state, { steer = false, followed = null } = {}) {
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
      el("ol", { class: "agenda-live" }, items.map((item, index) => {
        const current = item.id === state.current_item_id;
        const classes = ["agenda-item", `status-${item.status}`, current ? "is-current" : "",
          item.id === followed ? "is-followed" : ""];
        return el("li", { class: classes.join(" "), "aria-current": current ? "true" : null,
                          dataset: { itemId: item.id } },
          el("span", { class: "time" }, item.starts_at || ""),
          el("span", { class: "title" }, item.title,
            itemTimes(item) ? el("span", { class: "item-times" }, itemTimes(item)) : null),
          el("span", { class: `badge kind-${item.kind}` }, kindLabel(item.kind)),
          current ? el("span", { class: "badge live" }, "Now") : null,
          item.status === "done" && !current ? el("span", { class: "badge done" }, "Done") : null,
          steer ? steerControls(item, index, items.length, current) : null);
      })),
    ]));
  }
  const title = root.querySelector("[data-current-title]");
  if (title) {
    const current = state.agenda.find((item) => item.id === state.current_item_id);
    title.textContent = current ? current.title : "Waiting for the facilitator to start.";
  }
}
