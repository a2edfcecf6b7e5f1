// Delegate page: the current item, timer, floor, agenda, outcomes and group reports, live; follows the facilitator.
import { connectLive } from "./live/connection.js";
import { mountPolls } from "./live/polls.js";
import { renderAgenda } from "./live/agenda.js";
import { renderPresence } from "./live/presence.js";
import { keepFocus, wireActions } from "./live/controls.js";
import { mountTimer } from "./live/timer.js";
import { floorCollectors, renderFloor } from "./live/floor.js";
import { followLabel, mountFollow } from "./live/follow.js";
import { outcomeCollectors, renderOutcomes, resetOutcomeForm, wireOutcomeForm } from "./live/outcomes.js";
import { renderGroupReports } from "./live/groups.js";
import { confirmForms } from "./live/confirmForms.js";

confirmForms();

const root = document.querySelector("[data-live]");
if (root) {
  const tabs = [...root.querySelectorAll("[data-tab]")];
  let followed = { item: null, group: null };
  let follow = null;

  const showPanel = (name, { focus = false } = {}) => {
    for (const panel of root.querySelectorAll("[data-panel]")) panel.hidden = panel.dataset.panel !== name;
    for (const tab of tabs) {
      const selected = tab.dataset.tab === name;
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      tab.tabIndex = selected ? 0 : -1;
      if (selected && focus) tab.focus();
    }
  };

  const showView = (target) => {
    followed = { item: target.view === "agenda_item" ? target.id : null, group: target.view === "group" ? target.id : null };
    const panels = { agenda: "agenda", agenda_item: "agenda", outcomes: "outcomes", groups: "groups", group: "groups",
      poll: null };
    const panel = target.view in panels ? panels[target.view] : "elsewhere";
    if (panel) showPanel(panel);
    if (panel === "elsewhere") root.querySelector("[data-elsewhere-title]").textContent = followLabel(target);
    renderAll(live.state);
    const spot = followed.item ? root.querySelector(`[data-item-id="${followed.item}"]`)
      : followed.group ? root.querySelector(`[data-group-id="${followed.group}"]`)
        : target.view === "poll" ? root.querySelector(`[data-poll="${target.id}"]`) : null;
    if (spot) spot.scrollIntoView({ block: "center", behavior: "smooth" });
  };

  const renderVoter = (state) => {
    const line = root.querySelector("[data-voter-status]");
    if (!line || !state.me) return;
    const delegation = (state.delegations || []).find((d) => d.id === state.me.delegation_id);
    const name = delegation ? delegation.name : "your delegation";
    line.dataset.voter = state.me.voter ? "yes" : "no";
    line.textContent = state.me.role === "observer" ? `You follow the meeting as an observer for ${name}.`
      : state.me.voter ? `You are a confirmed voter for ${name}.`
        : `You are not a confirmed voter for ${name}: the secretariat confirms who votes for each delegation.`;
  };

  const renderAll = (state) => {
    renderVoter(state);
    renderAgenda(root, state, { followed: followed.item });
    renderPresence(root, state);
    renderFloor(root, state);
    renderOutcomes(root, state);
    renderGroupReports(root, state, { highlight: followed.group });
  };

  // Choosing a tab yourself means leaving the facilitator's view, until they move again or you come back
  root.querySelector("[role=tablist]").addEventListener("click", (event) => {
    const tab = event.target.closest("[data-tab]");
    if (!tab) return;
    follow.leave();
    followed = { item: null, group: null };
    showPanel(tab.dataset.tab);
    renderAll(live.state);
  });
  root.querySelector("[role=tablist]").addEventListener("keydown", (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0 || !["ArrowLeft", "ArrowRight"].includes(event.key)) return;
    const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    next.click();
    next.focus();
  });

  const live = connectLive(root, {
    onState: (state) => {
      renderAll(state);
      tick();
      follow.apply(state);
    },
    onEvent: (event, _payload, live) => {
      if (event === "follow") follow.apply(live.state);
      else if (event === "timer") tick();
      else if (event === "poll") return; // the polls module keeps its own cards
      else keepFocus(root, () => renderAll(live.state));
    },
  });
  const tick = mountTimer(root, live);
  mountPolls(root, live);
  follow = mountFollow(root, live, { showView });
  wireActions(root, live, { ...floorCollectors, ...outcomeCollectors },
    { "outcome.add": resetOutcomeForm, "outcome.update": resetOutcomeForm });
  wireOutcomeForm(root, live);
}
