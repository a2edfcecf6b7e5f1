// One open section: its provider, its editor, the sync status, who is here, brackets, read-only and authorship.
import { SectionProvider, syncStatus, TOO_LARGE_MESSAGE } from "./provider.js";
import { createEditor } from "./editor.js";
import { hideAuthorship, showAuthorship, tint } from "./authorship.js";
import { bracketLabel, STATUS_LABELS } from "./sections.js";
import { showStatus } from "./status.js";
import { el, fill } from "../live/render.js";

const STAFF_COLOUR = "#0d2238";

export function userFor(state) {
  const me = state.me;
  const delegation = state.delegations.find((d) => d.id === me.delegation_id);
  const colour = delegation ? delegation.colour : STAFF_COLOUR;
  const name = delegation ? `${me.name} (${delegation.name})` : `${me.name} (${me.role})`;
  return { name, color: colour, colorLight: tint(colour), delegation: delegation ? delegation.name : me.role };
}

export function openSection(root, live, section, { onHere, onText, say } = {}) {
  const slug = root.dataset.workshop;
  const mount = root.querySelector("[data-editor]");
  const brackets = root.querySelector("[data-bracket-count]");
  const readOnlyNote = root.querySelector("[data-readonly-note]");
  const authorshipBox = root.querySelector("[data-authorship]");
  const legend = root.querySelector("[data-authorship-legend]");
  let mayEdit = false;
  let editor = null;
  let authorshipTimer = null;

  const provider = new SectionProvider(live.socket, section.id, {
    join: (id, epoch) => live.act("section.join", epoch === undefined ? { section_id: id } : { section_id: id, epoch }),
    leave: (id) => live.act("section.leave", { section_id: id }),
    user: userFor(live.state),
  });
  const readOnlyText = () => (mayEdit ? "" : section.status === "drafting" || !section.status
    ? "Read only: you can follow the text but not change it."
    : `Read only: this section is ${(STATUS_LABELS[section.status] || section.status).toLowerCase()}.`);

  const colours = () => new Map(live.state.delegations.map((d) => [d.id, d.colour]));
  const refreshAuthorship = () => {
    if (!editor || !authorshipBox || !authorshipBox.checked) return;
    showAuthorship(editor.view, `/api/v1/workshops/${slug}/sections/${section.id}/authorship`, colours())
      .then((runs) => {
        const ids = [...new Set(runs.map((r) => r.delegation_id).filter(Boolean))];
        fill(legend, ids.map((id) => {
          const d = live.state.delegations.find((x) => x.id === id);
          return d ? el("span", { class: "legend-item" }, el("span", { class: "swatch", style: `background:${d.colour}` }), d.name) : null;
        }));
        legend.hidden = ids.length === 0;
      })
      .catch((error) => say(error.message));
  };
  const onAuthorshipToggle = () => {
    if (authorshipBox.checked) refreshAuthorship();
    else if (editor) {
      hideAuthorship(editor.view);
      legend.hidden = true;
    }
  };
  authorshipBox && authorshipBox.addEventListener("change", onAuthorshipToggle);

  const build = () => {
    if (editor) editor.destroy();
    mount.replaceChildren();
    editor = createEditor(mount, provider, {
      readOnly: !mayEdit,
      label: `Text of ${section.heading}`,
      onTooLarge: () => say(TOO_LARGE_MESSAGE),
      onBrackets: (count) => {
        brackets.textContent = bracketLabel(count);
        brackets.dataset.count = String(count);
      },
    });
    provider.doc.getText("body").observe(() => {
      onText && onText(provider.doc.getText("body").toString());
      if (authorshipBox && authorshipBox.checked) {
        clearTimeout(authorshipTimer);
        authorshipTimer = setTimeout(refreshAuthorship, 1500);
      }
    });
    watchAwareness();
  };

  const here = () => {
    const people = [];
    provider.awareness.getStates().forEach((state, clientId) => {
      if (state && state.user) people.push({ ...state.user, me: clientId === provider.doc.clientID });
    });
    return people;
  };
  const renderHere = () => {
    const people = here();
    fill(root.querySelector("[data-here]"), people.map((p) =>
      el("li", { class: "online" }, el("span", { class: "swatch", style: `background:${p.color}`, "aria-hidden": "true" }),
        p.me ? `${p.name} (you)` : p.name)));
    onHere && onHere(people);
  };
  function watchAwareness() {
    provider.awareness.on("change", renderHere);
    renderHere();
  }

  function showMayEdit() {
    if (editor) editor.setReadOnly(!mayEdit);
    readOnlyNote.textContent = readOnlyText();
    readOnlyNote.hidden = mayEdit;
    root.querySelector("[data-editor-card]").classList.toggle("read-only", !mayEdit);
    // Saving a revision is for those who may edit the section
    root.querySelector("[data-save-revision]").hidden = !mayEdit;
  }

  provider.on("status", (status) => showStatus(root, status));
  provider.on("joined", (data) => {
    mayEdit = Boolean(data.may_edit);
    if (data.section) Object.assign(section, data.section);
    showMayEdit();
  });
  provider.on("too-large", ({ message }) => say(message));
  provider.on("reset", ({ discarded, reason }) => {
    build();
    if (reason === "too-large") return; // the writer was told already ("too-large")
    say(discarded
      ? `This section was restored to an earlier revision: ${discarded} change${discarded === 1 ? "" : "s"} not yet saved were discarded.`
      : "This section was restored to an earlier revision.");
  });
  provider.on("join-error", (error) => say(error.message || "Could not open this section."));
  provider.on("refused", (error) => {
    if (error.code === "forbidden") {
      mayEdit = false;
      showMayEdit();
    }
    say(error.message);
  });
  build();
  showStatus(root, syncStatus(provider));

  return {
    provider,
    section,
    get editor() { return editor; },
    get mayEdit() { return mayEdit; },
    here,
    // The section's status changed (lock, agree): the server decides again at the next join
    update(summary) {
      const statusChanged = summary.status !== section.status;
      Object.assign(section, summary);
      if (statusChanged) provider.rejoin();
    },
    destroy() {
      clearTimeout(authorshipTimer);
      authorshipBox && authorshipBox.removeEventListener("change", onAuthorshipToggle);
      provider.destroy();
      if (editor) editor.destroy();
      editor = null;
    },
  };
}
