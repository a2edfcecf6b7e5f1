// Projector: read-only and large; current item, timer, floor, latest outcomes and the latest vote results.
import { connectLive } from "./live/connection.js";
import { el, fill } from "./live/render.js";
import { mountTimer } from "./live/timer.js";
import { renderFloor } from "./live/floor.js";
import { outcomeItem } from "./live/outcomes.js";
import { mountPolls } from "./live/polls.js";

const LATEST = 4;

function renderNow(root, state) {
  const items = state.agenda;
  const index = items.findIndex((item) => item.id === state.current_item_id);
  const current = items[index];
  root.querySelector("[data-current-title]").textContent = current ? current.title : "Waiting for the facilitator to start.";
  const next = index >= 0 ? items[index + 1] : items.find((item) => item.status === "planned");
  root.querySelector("[data-current-next]").textContent = next ? `Next: ${next.title}` : "";
}

function renderLatestOutcomes(root, state) {
  const latest = state.outcomes.slice(-LATEST);
  fill(root.querySelector("[data-outcomes-latest]"), latest.length
    ? latest.map((outcome) => outcomeItem(state, outcome))
    : el("li", { class: "muted" }, "Outcomes appear here as they are agreed."));
}

const root = document.querySelector("[data-live]");
if (root) {
  const render = (state) => {
    renderNow(root, state);
    renderFloor(root, state);
    renderLatestOutcomes(root, state);
  };
  const live = connectLive(root, {
    onState: (state) => {
      render(state);
      tick();
    },
    onEvent: (event, _payload, live) => {
      if (event === "timer") tick();
      else if (event !== "poll") render(live.state);
    },
  });
  const tick = mountTimer(root, live);
  mountPolls(root, live); // the latest live or published results, in [data-poll-results]
}
