// The countdown, counted locally from the last broadcast: no ticking messages, no drift between laptops.
const pad = (n) => String(n).padStart(2, "0");

export function formatSeconds(seconds) {
  const over = seconds < 0;
  const total = Math.abs(over ? Math.floor(seconds) : Math.ceil(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const text = h ? `${h}:${pad(m)}:${pad(total % 60)}` : `${m}:${pad(total % 60)}`;
  return over && total ? `+${text}` : text;
}

export function secondsLeft(timer, now = Date.now()) {
  if (!timer) return 0;
  if (!timer.running) return timer.remaining_seconds;
  const length = (Date.parse(timer.ends_at) - Date.parse(timer.server_now)) / 1000;
  return length - (now - (timer.received || now)) / 1000;
}

const STATUS = { idle: "No timer set", ready: "Ready", running: "Running", paused: "Paused" };

export function mountTimer(root, live) {
  const box = root.querySelector("[data-timer]");
  if (!box) return () => {};
  const clock = box.querySelector("[data-timer-clock]");
  const label = box.querySelector("[data-timer-label]");
  const status = box.querySelector("[data-timer-status]");
  const bar = box.querySelector("[data-timer-bar]");
  const tick = () => {
    const timer = live.state && live.state.timer;
    if (!timer) return;
    const left = secondsLeft(timer);
    const finished = timer.status !== "idle" && (timer.running || timer.status === "finished") && left <= 0;
    box.dataset.status = finished ? "finished" : timer.status;
    box.classList.toggle("is-finished", finished);
    box.classList.toggle("is-ending", !finished && timer.running && left <= 60 && timer.duration_seconds > 60);
    clock.textContent = timer.status === "idle" ? "0:00" : formatSeconds(left);
    if (label) label.textContent = timer.label || "";
    const text = finished ? (left < 0 ? "Time is up: running over" : "Time is up") : STATUS[timer.status] || "";
    if (status && status.textContent !== text) status.textContent = text;
    if (bar) {
      const share = timer.duration_seconds > 0 ? Math.max(0, Math.min(1, left / timer.duration_seconds)) : 0;
      bar.style.width = `${(share * 100).toFixed(1)}%`;
    }
  };
  setInterval(tick, 250);
  return tick;
}
