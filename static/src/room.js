// Delegate room: agenda, current item and presence, live.
import { connectLive } from "./live/connection.js";
import { mountPolls } from "./live/polls.js";
import { renderAgenda } from "./live/agenda.js";
import { renderPresence } from "./live/presence.js";

const root = document.querySelector("[data-live]");
if (root) {
  const render = (state) => {
    renderAgenda(root, state);
    renderPresence(root, state);
  };
  mountPolls(root, connectLive(root, { onState: render, onEvent: (_event, _payload, live) => render(live.state) }));
}
