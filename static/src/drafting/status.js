// The sync status line and the warning before closing a tab with changes the server does not have yet.
const TEXTS = {
  offline: (n) => (n ? `Offline: ${n} unsaved change${n === 1 ? "" : "s"}, kept until the connection is back`
    : "Offline: reconnecting…"),
  syncing: (n) => (n ? `Syncing ${n} change${n === 1 ? "" : "s"}…` : "Syncing…"),
  saving: (n) => `Saving ${n} change${n === 1 ? "" : "s"}…`,
  saved: () => "All changes saved",
  connected: () => "Connected",
};
const DOTS = { offline: "offline", syncing: "syncing", saving: "syncing", saved: "online", connected: "online" };

export function statusText({ state, unsaved }) {
  return (TEXTS[state] || TEXTS.syncing)(unsaved);
}

export function showStatus(root, status) {
  const line = root.querySelector("[data-sync]");
  const text = root.querySelector("[data-sync-text]");
  if (line) {
    line.dataset.state = DOTS[status.state] || "syncing";
    line.dataset.sync = status.state;
  }
  if (text) text.textContent = statusText(status);
}

// Browsers show their own wording; returning a value is what asks them to confirm
export function guardUnload(unsavedCount) {
  window.addEventListener("beforeunload", (event) => {
    if (unsavedCount() > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}
