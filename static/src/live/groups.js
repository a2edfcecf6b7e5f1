// Breakout groups: the report-back view for everyone, and the facilitator's group building.
import { el, fill } from "./render.js";
import { actButton } from "./controls.js";
import { outcomeItem } from "./outcomes.js";

function groupFacts(state, group) {
  return [
    group.topic ? el("p", { class: "group-topic" }, group.topic) : null,
    el("p", { class: "group-members" }, group.delegations.length
      ? `Delegations: ${group.delegations.join(", ")}` : "No delegations assigned yet."),
    el("p", { class: "group-rapporteur" }, group.rapporteur
      ? `Rapporteur: ${group.rapporteur.name}` : "No rapporteur named yet."),
  ];
}

// The group's own text, as its rapporteur drafted it (plain text: never HTML from a delegate)
function groupText(root, group) {
  const sections = group.report || [];
  const slug = root.dataset.workshop;
  return el("div", { class: "group-text", dataset: { groupText: group.id } },
    el("p", { class: "eyebrow" }, "Group text"),
    sections.length && sections.some((s) => s.markdown.trim())
      ? sections.map((s) => el("div", { class: "group-section" },
        sections.length > 1 ? el("h4", {}, s.heading) : null,
        el("p", { class: "group-markdown" }, s.markdown)))
      : el("p", { class: "muted" }, "The rapporteur has not drafted anything yet."),
    group.document_id
      ? el("a", { href: `/w/${slug}/documents/${group.document_id}` }, `Open the draft of ${group.name}`)
      : null);
}

// Report back: each group's facts, its text and its outcomes
export function renderGroupReports(root, state, { highlight = null } = {}) {
  const box = root.querySelector("[data-group-reports]");
  if (!box) return;
  fill(box, state.groups.length ? state.groups.map((group) => {
    const outcomes = state.outcomes.filter((o) => o.group_id === group.id);
    return el("article", { class: `group-report ${group.id === highlight ? "is-followed" : ""}`,
      dataset: { groupId: group.id }, "aria-labelledby": `group-${group.id}-h` },
    el("h3", { id: `group-${group.id}-h` }, group.name),
    groupFacts(state, group),
    groupText(root, group),
    el("h4", {}, "Outcomes of the group"),
    el("ul", { class: "outcome-list compact" }, outcomes.length
      ? outcomes.map((o) => outcomeItem(state, o))
      : el("li", { class: "muted" }, "None recorded yet.")));
  }) : el("p", { class: "muted" }, "No breakout groups yet."));
}

// The console: one card per group with its delegations and rapporteur; re-drawn only when data changes
let lastDrawn = "";

export function renderGroupControls(root, state) {
  const box = root.querySelector("[data-group-controls]");
  if (!box) return;
  const people = (state.participants || []).filter((p) => p.role !== "observer");
  const signature = JSON.stringify([state.groups, state.delegations, people, state.agenda.map((i) => [i.id, i.title])]);
  if (signature === lastDrawn) return;
  lastDrawn = signature;
  const sessions = new Map();
  for (const group of state.groups) {
    const key = group.agenda_item_id || 0;
    if (!sessions.has(key)) sessions.set(key, []);
    sessions.get(key).push(group);
  }
  const members = state.delegations.filter((d) => d.kind !== "secretariat");
  fill(box, [...sessions.entries()].map(([itemId, groups]) => {
    const item = state.agenda.find((i) => i.id === itemId);
    return el("div", { class: "group-session" },
      el("div", { class: "session-head" },
        el("h3", {}, item ? `Groups for: ${item.title}` : "Groups"),
        actButton("Shuffle present delegations", "group.shuffle", { group_ids: groups.map((g) => g.id) },
          { class: "small", confirm: "Deal the present member delegations at random into these groups?" })),
      groups.map((group) => el("form", { class: "group-edit subcard", dataset: { act: "group.assign", groupId: group.id },
        "aria-label": `Group ${group.name}` },
      el("div", { class: "grid2" },
        el("div", { class: "field" }, el("label", { for: `g${group.id}-name` }, "Name"),
          el("input", { id: `g${group.id}-name`, name: "name", value: group.name, required: true, maxlength: "120" })),
        el("div", { class: "field" }, el("label", { for: `g${group.id}-topic` }, "Topic"),
          el("input", { id: `g${group.id}-topic`, name: "topic", value: group.topic, maxlength: "300" }))),
      el("fieldset", { class: "checks" }, el("legend", {}, "Delegations"),
        members.map((d) => el("label", { class: "check" },
          el("input", { type: "checkbox", name: "delegation_ids", value: d.id,
            checked: group.delegation_ids.includes(d.id) }), d.name))),
      el("label", { for: `g${group.id}-rapporteur` }, "Rapporteur"),
      el("select", { id: `g${group.id}-rapporteur`, name: "rapporteur_id" },
        el("option", { value: "" }, "None"),
        people.filter((p) => group.delegation_ids.includes(p.delegation_id)).map((p) =>
          el("option", { value: p.id, selected: group.rapporteur && group.rapporteur.id === p.id },
            `${p.name} · ${p.delegation}`))),
      el("p", { class: "hint" }, "Tick the delegations and save before naming a rapporteur from a new one."),
      el("div", { class: "actions" },
        el("button", { type: "submit", class: "primary" }, "Save group"),
        actButton("Remove group", "group.remove", { group_id: group.id },
          { class: "danger", confirm: `Remove ${group.name}? Its outcomes stay, without the group.` })))));
  }));
  if (!state.groups.length) fill(box, el("p", { class: "muted" }, "No groups yet: create the first one above."));
}

export const groupCollectors = {
  "group.create": (form) => {
    const data = { name: form.elements.name.value, topic: form.elements.topic.value };
    if (form.elements.agenda_item_id.value) data.agenda_item_id = Number(form.elements.agenda_item_id.value);
    return data;
  },
  "group.assign": (form) => ({
    group_id: Number(form.dataset.groupId),
    name: form.elements.name.value,
    topic: form.elements.topic.value,
    delegation_ids: [...form.querySelectorAll("input[name=delegation_ids]:checked")].map((i) => Number(i.value)),
    rapporteur_id: form.elements.rapporteur_id.value ? Number(form.elements.rapporteur_id.value) : null,
  }),
};
