// Facilitator console: steer the agenda, timer, follow-me, floor, groups and outcomes; codes and participants.
import { connectLive } from "./live/connection.js";
import { mountPolls } from "./live/polls.js";
import { renderAgenda } from "./live/agenda.js";
import { renderPresence } from "./live/presence.js";
import { el, fill, formatCode } from "./live/render.js";
import { actButton, keepFocus, syncOptions, wireActions } from "./live/controls.js";
import { mountTimer } from "./live/timer.js";
import { timerCollectors } from "./live/timerControls.js";
import { floorCollectors, renderFloor } from "./live/floor.js";
import { followCollectors, renderFollowControls } from "./live/follow.js";
import { outcomeCollectors, renderOutcomes, resetOutcomeForm, wireOutcomeForm } from "./live/outcomes.js";
import { groupCollectors, renderGroupControls } from "./live/groups.js";

// Per delegation: its participants, who is a confirmed voter (one click to confirm or withdraw), and
// their personal links for other devices (make a new one, or withdraw it)
function renderParticipants(root, state) {
  const online = new Set(Object.values(state.presence.delegations || {}).flat().map((p) => p.id));
  const people = state.participants || [];
  const slug = root.dataset.workshop;
  root.querySelector("[data-participant-count]").textContent = String(people.length);
  const byDelegation = new Map();
  for (const p of people) {
    if (!byDelegation.has(p.delegation_id)) byDelegation.set(p.delegation_id, []);
    byDelegation.get(p.delegation_id).push(p);
  }
  const delegations = (state.delegations || []).filter((d) => byDelegation.has(d.id));
  fill(root.querySelector("[data-participants]"), delegations.map((d) => {
    const members = byDelegation.get(d.id);
    const voters = members.filter((p) => p.voter).length;
    return el("li", { dataset: { delegationId: d.id } },
      el("span", { class: "delegation-name" }, d.name), " ",
      el("span", { class: "muted" }, d.kind.startsWith("observer") ? "(observers)"
        : voters ? `(${voters} confirmed ${voters === 1 ? "voter" : "voters"})` : "(no confirmed voter)"),
      members.map((p) => participantRow(p, online.has(p.id), slug)));
  }));
}

function participantRow(p, isOnline, slug) {
  const observer = p.role === "observer";
  return el("div", { class: `participant-row ${isOnline ? "online" : "away"}`, dataset: { participantId: p.id } },
    el("span", { class: "who" },
      el("span", { class: "dot", "aria-hidden": "true" }), p.name,
      el("span", { class: "muted" }, ` (${p.role}${isOnline ? ", online" : ""})`)),
    observer ? null : actButton(p.voter ? "Voter ✓" : "Confirm voter", "participant.set_voter",
      { participant_id: p.id, voter: !p.voter },
      { class: "small voter-toggle", "aria-pressed": p.voter ? "true" : "false",
        "aria-label": p.voter ? `Voter ✓ ${p.name}: withdraw` : `Confirm voter: ${p.name}`,
        "data-voter": p.voter ? "yes" : "no" }),
    el("a", { class: "button small", href: `/w/${slug}/participants/${p.id}/device`,
      "aria-label": `Device link for ${p.name}` }, "Device link"),
    p.rejoin_link ? actButton("Revoke link", "participant.revoke_link", { participant_id: p.id },
      { class: "small danger", confirm: `Withdraw ${p.name}'s link for other devices? Devices already signed in stay in.`,
        "aria-label": `Revoke link of ${p.name}` }) : null);
}

// Each broadcast redraws only what it changed, so a button the facilitator is on keeps its focus
const RENDERERS = {
  agenda: ["agenda", "follow", "outcomes", "groups"],
  presence: ["presence", "participants"],
  participants: ["participants", "groups"],
  delegations: ["presence", "floor", "outcomes", "groups", "participants"],
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
