// Buttons and forms that send actions: <button data-act="floor.grant" data-args='{"request_id": 3}'>
// and <form data-act="outcome.add">, with a collector per form; errors go to [data-live-message].
export function wireActions(root, live, collectors = {}, after = {}) {
  const message = root.querySelector("[data-live-message]");
  const report = (text) => {
    if (!message) return;
    message.textContent = text || "";
    message.hidden = !text;
  };
  const run = async (name, payload, source) => {
    source.setAttribute("aria-busy", "true");
    try {
      const data = await live.act(name, payload);
      report("");
      return { data };
    } catch (error) {
      report(error.message || "That did not work.");
      return null;
    } finally {
      source.removeAttribute("aria-busy");
    }
  };
  root.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-act]");
    if (!button || button.type === "submit") return;
    event.preventDefault();
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    await run(button.dataset.act, button.dataset.args ? JSON.parse(button.dataset.args) : {}, button);
  });
  root.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-act]");
    if (!form) return;
    event.preventDefault();
    const act = (event.submitter && event.submitter.dataset.act) || form.dataset.act;
    let payload;
    try {
      const collect = collectors[act] || collectors[form.dataset.act];
      payload = collect ? collect(form, event.submitter) : {};
    } catch (error) {
      report(error.message);
      return;
    }
    const done = await run(act, payload, form);
    if (done && after[form.dataset.act]) after[form.dataset.act](form, done.data);
  });
  return report;
}

// A button that sends one action with fixed arguments
export function actButton(label, act, args = {}, attrs = {}) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.dataset.act = act;
  button.dataset.args = JSON.stringify(args);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") button.className = value;
    else if (key === "confirm") button.dataset.confirm = value;
    else button.setAttribute(key, value);
  }
  return button;
}

// Keep a <select>'s options in step with live data without losing what the user picked
export function syncOptions(select, options, { blank } = {}) {
  if (!select) return;
  const picked = new Set([...select.selectedOptions].map((o) => o.value));
  const wanted = (blank !== undefined ? [["", blank]] : []).concat(options.map(([v, t]) => [String(v), t]));
  const same = select.options.length === wanted.length &&
    wanted.every(([v, t], i) => select.options[i].value === v && select.options[i].text === t);
  if (same) return;
  select.replaceChildren(...wanted.map(([value, text]) => {
    const option = new Option(text, value);
    option.selected = picked.has(value);
    return option;
  }));
}

export const has = (state, right) => Boolean(state.me && state.me.rights.includes(right));

// Redraw without losing the keyboard: the button that had focus gets it back in its new copy
export function keepFocus(root, draw) {
  const active = document.activeElement;
  const key = (node) => `${node.dataset.act}|${node.getAttribute("aria-label") || node.dataset.args}`;
  const had = active && active.dataset && active.dataset.act && root.contains(active) ? key(active) : null;
  draw();
  if (had && !root.contains(active)) {
    const again = [...root.querySelectorAll("[data-act]")].find((node) => key(node) === had && !node.disabled);
    if (again) again.focus();
  }
}
