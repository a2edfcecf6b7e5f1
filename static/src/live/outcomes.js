// Outcomes: the ordered list everyone sees; facilitators and the group's rapporteur edit it.
import { el, fill } from "./render.js";
import { actButton, has, syncOptions } from "./controls.js";

export const OUTCOME_KINDS = { agreement: "Agreement", action: "Action", recommendation: "Recommendation",
  next_meeting: "Next meeting", note: "Note" };

const dueText = (due) => new Date(`${due}T00:00:00Z`)
  .toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export function myGroup(state) {
  if (!state.me || state.me.kind !== "participant") return null;
  return state.groups.find((g) => g.rapporteur && g.rapporteur.id === state.me.id) || null;
}

export function mayEdit(state, outcome) {
  if (!has(state, "outcome.record")) return false;
  if (state.me.role !== "rapporteur") return true;
  const group = myGroup(state);
  return Boolean(group && outcome.group_id === group.id);
}

export function outcomeItem(state, outcome, { controls = false, index = 0, total = 0 } = {}) {
  const names = new Map(state.delegations.map((d) => [d.id, d.name]));
  const item = state.agenda.find((i) => i.id === outcome.agenda_item_id);
  const group = state.groups.find((g) => g.id === outcome.group_id);
  const meta = [
    outcome.lead.length ? `Lead: ${outcome.lead.map((id) => names.get(id) || "?").join(", ")}` : null,
    outcome.due ? `Due ${dueText(outcome.due)}` : null,
    item ? `Agenda: ${item.title}` : null,
    group ? `Group: ${group.name}` : null,
    outcome.poll_id ? `From poll ${outcome.poll_id}` : null,
  ].filter(Boolean).join(" · ");
  return el("li", { class: `outcome kind-${outcome.kind}`, dataset: { outcomeId: outcome.id } },
    el("span", { class: `badge outcome-${outcome.kind}` }, OUTCOME_KINDS[outcome.kind]),
    el("p", { class: "outcome-text" }, outcome.text),
    meta ? el("p", { class: "outcome-meta" }, meta) : null,
    controls && mayEdit(state, outcome) ? el("div", { class: "row-actions" },
      el("button", { type: "button", class: "small", dataset: { editOutcome: outcome.id } }, "Edit"),
      actButton("↑", "outcome.move", { outcome_id: outcome.id, position: index - 1 },
        { class: "small", "aria-label": `Move up: ${outcome.text.slice(0, 60)}`, disabled: index === 0 ? "" : null }),
      actButton("↓", "outcome.move", { outcome_id: outcome.id, position: index + 1 },
        { class: "small", "aria-label": `Move down: ${outcome.text.slice(0, 60)}`,
          disabled: index === total - 1 ? "" : null }),
      actButton("Remove", "outcome.remove", { outcome_id: outcome.id },
        { class: "small danger", confirm: "Remove this outcome?" })) : null);
}

export function renderOutcomes(root, state, { controls = true } = {}) {
  const list = root.querySelector("[data-outcomes]");
  if (!list) return;
  const outcomes = state.outcomes;
  fill(list, outcomes.length
    ? outcomes.map((o, i) => outcomeItem(state, o, { controls, index: i, total: outcomes.length }))
    : el("li", { class: "muted" }, "No outcomes recorded yet."));
  const count = root.querySelector("[data-outcome-count]");
  if (count) count.textContent = outcomes.length ? String(outcomes.length) : "";
  const form = root.querySelector("[data-outcome-form]");
  if (!form) return;
  form.hidden = !has(state, "outcome.record") || (state.me.role === "rapporteur" && !myGroup(state));
  if (form.hidden) return;
  const group = myGroup(state);
  const note = form.querySelector("[data-outcome-for]");
  if (note) note.textContent = state.me.role === "rapporteur" && group ? `Recorded for ${group.name}.` : "";
  syncOptions(form.elements.lead, state.delegations.filter((d) => d.kind !== "secretariat").map((d) => [d.id, d.name]));
  syncOptions(form.elements.agenda_item_id, state.agenda.map((i) => [i.id, i.title]), { blank: "None" });
  if (form.elements.group_id) {
    syncOptions(form.elements.group_id, state.groups.map((g) => [g.id, g.name]), { blank: "Plenary" });
    form.elements.group_id.closest(".field").hidden = state.me.role === "rapporteur";
  }
}

const optional = (value) => (value === "" ? null : Number(value));

function collectOutcome(form) {
  const data = {
    kind: form.elements.kind.value,
    text: form.elements.text.value,
    lead: [...form.elements.lead.selectedOptions].map((o) => Number(o.value)),
    due: form.elements.due.value || null,
    agenda_item_id: optional(form.elements.agenda_item_id.value),
    poll_id: optional(form.elements.poll_id.value.trim()),
  };
  if (form.elements.group_id && !form.elements.group_id.closest(".field").hidden) {
    data.group_id = optional(form.elements.group_id.value);
  }
  if (form.dataset.act === "outcome.update") data.outcome_id = Number(form.elements.outcome_id.value);
  return data;
}

export const outcomeCollectors = { "outcome.add": collectOutcome, "outcome.update": collectOutcome };

function setMode(form, outcome) {
  form.dataset.act = outcome ? "outcome.update" : "outcome.add";
  form.elements.outcome_id.value = outcome ? outcome.id : "";
  form.querySelector("[data-outcome-submit]").textContent = outcome ? "Save changes" : "Record outcome";
  form.querySelector("[data-outcome-cancel]").hidden = !outcome;
}

export function resetOutcomeForm(form) {
  form.reset();
  setMode(form, null);
}

// Edit buttons fill the form; Cancel goes back to adding
export function wireOutcomeForm(root, live) {
  const form = root.querySelector("[data-outcome-form]");
  if (!form) return;
  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-edit-outcome]");
    if (!button) return;
    const outcome = live.state.outcomes.find((o) => o.id === Number(button.dataset.editOutcome));
    if (!outcome) return;
    setMode(form, outcome);
    form.elements.kind.value = outcome.kind;
    form.elements.text.value = outcome.text;
    for (const option of form.elements.lead.options) option.selected = outcome.lead.includes(Number(option.value));
    form.elements.due.value = outcome.due || "";
    form.elements.agenda_item_id.value = outcome.agenda_item_id || "";
    form.elements.poll_id.value = outcome.poll_id || "";
    if (form.elements.group_id) form.elements.group_id.value = outcome.group_id || "";
    form.elements.text.focus();
  });
  form.querySelector("[data-outcome-cancel]").addEventListener("click", () => resetOutcomeForm(form));
}
