// Facilitator console: steer the agenda, timer, follow-me, floor, groups and outcomes; codes and participants.
import { connectLive } from "./live/connection.js";
import { mountPolls } from "./live/polls.js";
import { renderAgenda } from "./live/agenda.js";
import { renderPresence } from "./live/presence.js";
import { el, fill, formatCode } from "./live/render.js";
import { keepFocus, syncOptions, wireActions } from "./live/controls.js";
import { mountTimer } from "./live/timer.js";
import { timerCollectors } from "./live/timerControls.js";
import { floorCollectors, renderFloor } from "./live/floor.js";
import { followCollectors, renderFollowControls } from "./live/follow.js";
import { outcomeCollectors, renderOutcomes, resetOutcomeForm, wireOutcomeForm } from "./live/outcomes.js";
import { groupCollectors, renderGroupControls } from "./live/groups.js";

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

// Each broadcast redraws only what it changed, so a button the facilitator is on keeps its focus
const RENDERERS = {
  agenda: ["agenda", "follow", "outcomes", "groups"],
  presence: ["presence", "participants"],
  participants: ["participants", "groups"],
  delegations: ["presence", "floor", "outcomes", "groups"],
  floor: ["floor"],
  follow: ["follow"],
  group: ["groups", "follow", "outcomes"],
  outcome: ["outcomes"],
  workshop: ["codes"],
  poll: ["follow"],
};

const root = document.querySelector("[data-live]");
if (root) {
  const draw = {
    agenda: (state) => renderAgenda(root, state, { steer: true }),
    presence: (state) => renderPresence(root, state),
    participants: (state) => renderParticipants(root, state),
    floor: (state) => renderFloor(root, state, { staff: true }),
    follow: (state) => renderFollowControls(root, state),
    outcomes: (state) => renderOutcomes(root, state),
    groups: (state) => {
      renderGroupControls(root, state);
      syncOptions(root.querySelector("[data-group-item]"), state.agenda.map((i) => [i.id, i.title]),
        { blank: "No agenda item" });
    },
    codes: (state) => {
      root.querySelector("[data-join-code]").textContent = formatCode(state.workshop.join_code);
      root.querySelector("[data-observer-code]").textContent = formatCode(state.workshop.observer_code);
    },
  };
  const renderAll = (state) => Object.values(draw).forEach((fn) => fn(state));
  const live = connectLive(root, {
    onState: (state) => {
      renderAll(state);
      tick();
    },
    onEvent: (event, _payload, live) => {
      if (event === "timer") tick();
      keepFocus(root, () => (RENDERERS[event] || []).forEach((name) => draw[name](live.state)));
    },
  });
  const tick = mountTimer(root, live);
  mountPolls(root, live);
  const groupCreated = (form) => {
    form.elements.name.value = "";
    form.elements.topic.value = "";
  };
  wireActions(root, live,
    { ...timerCollectors, ...floorCollectors, ...followCollectors, ...outcomeCollectors, ...groupCollectors },
    { "outcome.add": resetOutcomeForm, "outcome.update": resetOutcomeForm, "group.create": groupCreated });
  wireOutcomeForm(root, live);
}
