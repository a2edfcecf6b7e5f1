// Facilitator console: everything in the room view, plus codes and participants.
import { connectLive } from "./live/connection.js";
import { mountPolls } from "./live/polls.js";
import { renderAgenda } from "./live/agenda.js";
import { renderPresence } from "./live/presence.js";
import { el, fill, formatCode } from "./live/render.js";

function renderParticipants(root, state) {
  const online = new Set(Object.values(state.presence.delegations || {}).flat().map((p) => p.id));
  const people = state.participants || [];
  root.querySelector("[data-participant-count]").textContent = String(people.length);
  fill(root.querySelector("[data-participants]"), people.map((p) =>
    el("li", { class: online.has(p.id) ? "online" : "away" },
      el("span", { class: "dot", "aria-hidden": "true" }),
      `${p.name} · ${p.delegation}`,
      el("span", { class: "muted" }, ` (${p.role}${online.has(p.id) ? ", online" : ""})`))));
}

const root = document.querySelector("[data-live]");
if (root) {
  const render = (state) => {
    renderAgenda(root, state);
    renderPresence(root, state);
    renderParticipants(root, state);
    root.querySelector("[data-join-code]").textContent = formatCode(state.workshop.join_code);
    root.querySelector("[data-observer-code]").textContent = formatCode(state.workshop.observer_code);
  };
  mountPolls(root, connectLive(root, { onState: render, onEvent: (_event, _payload, live) => render(live.state) }));
}
