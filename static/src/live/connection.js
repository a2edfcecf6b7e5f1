// The socket to /live: connects with the page's session cookie, keeps the live state, shows the status.
import { io } from "socket.io-client";

export function connectLive(root, { onState, onEvent } = {}) {
  const slug = root.dataset.workshop;
  const status = root.querySelector("[data-conn]");
  const statusText = root.querySelector("[data-conn-text]");
  const setStatus = (state, text) => {
    if (status) status.dataset.state = state;
    if (statusText) statusText.textContent = text;
  };
  const socket = io("/live", {
    auth: { workshop: slug },
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 8000,
  });
  const live = { socket, state: null, ended: null };

  socket.on("connect", () => setStatus("online", "Connected"));
  socket.on("disconnect", (reason) => {
    if (live.ended) setStatus("offline", live.ended);
    else if (reason === "io server disconnect") setStatus("offline", "The server closed the connection. Reload the page to rejoin.");
    else setStatus("offline", "Offline: reconnecting…");
  });
  socket.io.on("reconnect_attempt", () => setStatus("syncing", "Reconnecting…"));
  socket.on("connect_error", (error) => {
    const refused = error && error.data && error.data.code;
    setStatus("offline", refused ? error.message : "Cannot reach the server: retrying…");
    if (refused === "unauthenticated") socket.disconnect();
  });
  socket.on("removed", (data) => {
    live.ended = (data && data.message) || "You were removed from this workshop.";
    setStatus("offline", live.ended);
    socket.disconnect();
  });
  socket.on("state", (state) => {
    if (state.timer) state.timer.received = Date.now();
    live.state = state;
    onState && onState(state, live);
  });
  socket.onAny((event, payload) => {
    if (event === "state" || !live.state) return;
    applyEvent(live.state, event, payload);
    onEvent && onEvent(event, payload, live);
  });
  // An action with its ack, as a promise of data; rejects with {code, message}
  live.act = (name, payload) =>
    new Promise((resolve, reject) => {
      socket.timeout(15000).emit(name, payload, (err, reply) => {
        if (err) reject({ code: "timeout", message: "The server did not answer in time." });
        else if (reply && reply.ok) resolve(reply.data);
        else reject((reply && reply.error) || { code: "invalid", message: "Unknown error" });
      });
    });
  return live;
}

// Fold a broadcast into the live state
export function applyEvent(state, event, payload) {
  switch (event) {
    case "presence":
      state.presence = payload;
      break;
    case "agenda":
      state.agenda = payload.items;
      state.current_item_id = payload.current_item_id;
      break;
    case "delegations":
      state.delegations = payload.delegations;
      break;
    case "participants":
      state.participants = payload.participants;
      break;
    case "workshop":
      state.workshop = { ...state.workshop, ...payload };
      break;
    case "me":
      state.me = payload;
      break;
    case "participant":
      // This participant's own standing changed (confirmed as voter, or withdrawn)
      if (state.me && payload.participant && payload.participant.id === state.me.id) {
        state.me = { ...state.me, voter: payload.participant.voter };
      }
      break;
    case "timer":
      // When it arrived here: the countdown runs on local elapsed time, immune to laptop clock errors
      state.timer = { ...payload, received: Date.now() };
      break;
    case "follow":
      state.follow = payload;
      break;
    case "floor":
      state.floor = payload;
      break;
    case "group":
      state.groups = payload.groups;
      break;
    case "outcome":
      state.outcomes = payload.outcomes;
      break;
    case "section":
      if (payload.section) upsertSection(state, payload.section);
      break;
    default:
      break;
  }
}

// A created, renamed or re-statused section replaces its summary in the state's documents
function upsertSection(state, section) {
  const documents = state.documents || [];
  const document = documents.find((d) => d.id === section.document_id);
  if (!document) return;
  const sections = (document.sections || []).filter((s) => s.id !== section.id);
  sections.push(section);
  sections.sort((a, b) => a.position - b.position);
  document.sections = sections;
}
