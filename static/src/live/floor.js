// The floor: who speaks now, who is next, the queue; request buttons for delegates, grant/done for staff.
import { el, fill } from "./render.js";
import { actButton, has, syncOptions } from "./controls.js";

export const KIND_LABELS = { speak: "To speak", point_of_order: "Point of order", reply: "Reply" };

function requestLine(request) {
  return [el("span", { class: "who" }, request.delegation),
    el("span", { class: `badge floor-${request.kind}` }, KIND_LABELS[request.kind])];
}

export function renderFloor(root, state, { staff = false } = {}) {
  const box = root.querySelector("[data-floor]");
  if (!box) return;
  const floor = state.floor;
  fill(box.querySelector("[data-floor-speaking]"), floor.speaking
    ? [el("span", { class: "speaking-name" }, floor.speaking.delegation),
      floor.speaking.kind !== "speak" ? el("span", { class: `badge floor-${floor.speaking.kind}` },
        KIND_LABELS[floor.speaking.kind]) : null,
      staff ? actButton("Done", "floor.done", { request_id: floor.speaking.id }, { class: "small" }) : null]
    : el("span", { class: "muted" }, "Nobody has the floor."));
  const next = box.querySelector("[data-floor-next]");
  if (next) fill(next, floor.next ? requestLine(floor.next) : el("span", { class: "muted" }, "Nobody is waiting."));
  const queue = box.querySelector("[data-floor-queue]");
  const mine = state.me.delegation_id;
  fill(queue, floor.queue.map((request) => el("li", { class: request.delegation_id === mine ? "mine" : "" },
    requestLine(request),
    staff ? [actButton("Give the floor", "floor.grant", { request_id: request.id }, { class: "small" }),
      actButton("Remove", "floor.withdraw", { request_id: request.id }, { class: "small link-like" })] : null,
    !staff && request.delegation_id === mine
      ? actButton("Withdraw", "floor.withdraw", { request_id: request.id }, { class: "small" }) : null)));
  const count = box.querySelector("[data-floor-count]");
  if (count) count.textContent = floor.queue.length ? `${floor.queue.length} waiting` : "";

  const ask = box.querySelector("[data-floor-ask]");
  if (ask) {
    ask.hidden = staff || !has(state, "floor.request");
    const open = new Set([floor.speaking, ...floor.queue].filter((r) => r && r.delegation_id === mine)
      .map((r) => r.kind));
    for (const button of ask.querySelectorAll("button[data-kind]")) {
      const asked = open.has(button.dataset.kind);
      button.disabled = asked;
      button.setAttribute("aria-pressed", asked ? "true" : "false");
    }
    const note = ask.querySelector("[data-floor-note]");
    if (note) {
      const position = floor.queue.findIndex((r) => r.delegation_id === mine);
      note.textContent = floor.speaking && floor.speaking.delegation_id === mine ? "Your delegation has the floor."
        : position >= 0 ? `Your delegation is number ${position + 1} in the queue.` : "";
    }
  }
  syncOptions(box.querySelector("[data-floor-delegation]"),
    state.delegations.map((d) => [d.id, d.name]), { blank: "Delegation…" });
}

export const floorCollectors = {
  "floor.request": (form, submitter) => {
    if (submitter && submitter.dataset.kind) return { kind: submitter.dataset.kind };
    const delegation = Number(form.elements.delegation_id.value);
    if (!delegation) throw new Error("Choose the delegation that asks for the floor.");
    return { delegation_id: delegation, kind: form.elements.kind.value };
  },
  "floor.grant": () => ({}),
};
