// Revisions of the open section: save one with a label, list them, redline any two (or one and now),
// and, for facilitators, restore one (the server starts a new epoch; every editor reloads the text).
import { getJson } from "../live/http.js";
import { el, fill } from "../live/render.js";

const when = (iso) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

export function revisionsPanel(root, live, { canRestore, say }) {
  const slug = root.dataset.workshop;
  const list = root.querySelector("[data-revisions]");
  const saveForm = root.querySelector("[data-save-revision]");
  const redlineForm = root.querySelector("[data-redline-form]");
  const from = root.querySelector("[data-redline-from]");
  const to = root.querySelector("[data-redline-to]");
  const output = root.querySelector("[data-redline]");
  let sectionId = null;
  let revisions = [];

  const api = (path) => getJson(`/api/v1/workshops/${slug}/sections/${sectionId}/${path}`);

  const render = () => {
    if (!revisions.length) {
      fill(list, el("li", { class: "muted" }, "No revisions saved yet."));
    } else fill(list, revisions.slice().reverse().map((r) => el("li", { class: "revision" },
      el("span", { class: "revision-label" }, r.label),
      el("span", { class: "muted" }, ` ${r.author} · ${when(r.at)}`),
      canRestore() ? el("button", { type: "button", class: "link-button", onclick: () => restore(r) }, "Restore") : null)));
    const options = (withNow) => [
      ...revisions.map((r) => el("option", { value: String(r.id) }, r.label)),
      withNow ? el("option", { value: "now" }, "Current text") : null,
    ];
    const keepFrom = from.value;
    fill(from, options(false));
    fill(to, options(true));
    if (keepFrom && revisions.some((r) => String(r.id) === keepFrom)) from.value = keepFrom;
    to.value = "now";
    redlineForm.hidden = revisions.length === 0;
  };

  const load = async () => {
    if (!sectionId) return;
    const id = sectionId;
    const data = await api("revisions");
    if (id !== sectionId) return;
    revisions = data.revisions;
    render();
  };

  async function restore(revision) {
    if (!window.confirm(`Restore "${revision.label}"? Everyone's editor reloads the restored text; `
      + "the current text is kept as a revision.")) return;
    try {
      await live.act("section.restore", { section_id: sectionId, revision_id: revision.id });
      say(`Restored "${revision.label}".`);
      await load();
    } catch (error) {
      say(error.message);
    }
  }

  saveForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const label = saveForm.elements.label.value.trim();
    if (!label || !sectionId) return;
    try {
      await live.act("section.snapshot", { section_id: sectionId, label });
      saveForm.reset();
      say(`Revision "${label}" saved.`);
      await load();
    } catch (error) {
      say(error.message);
    }
  });

  redlineForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const data = await api(`redline?from=${encodeURIComponent(from.value)}&to=${encodeURIComponent(to.value)}`);
      fill(output,
        el("p", { class: "muted" }, `Changes from ${data.from} to ${data.to === "now" ? "the current text" : data.to}`),
        el("div", { class: "redline-text" }, data.ops.map((op) => (op.op === "equal" ? op.text
          : el(op.op === "insert" ? "ins" : "del", {}, op.text)))));
    } catch (error) {
      say(error.message);
    }
  });

  return {
    show(id) {
      sectionId = id;
      revisions = [];
      output.replaceChildren();
      render();
      load().catch((error) => say(error.message));
    },
    added(revision) {
      if (revision.section_id === sectionId && !revisions.some((r) => r.id === revision.id)) {
        revisions.push(revision);
        render();
      }
    },
  };
}
