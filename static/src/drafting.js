// The drafting page: a document's sections, the live editor of the open one, and its revisions,
// comments and amendments. Everything goes through the /live socket's actions and the JSON API.
import { connectLive } from "./live/connection.js";
import { renderSections } from "./drafting/sections.js";
import { openSection } from "./drafting/section-view.js";
import { revisionsPanel } from "./drafting/revisions.js";
import { discussionPanels } from "./drafting/discussion.js";
import { countBrackets } from "./drafting/brackets.js";
import { guardUnload } from "./drafting/status.js";

const root = document.querySelector("[data-drafting]");
if (root) {
  const documentId = Number(root.dataset.document);
  const notice = root.querySelector("[data-notice]");
  let noticeTimer = null;
  // Messages stay long enough to read, then make room again
  const say = (message) => {
    clearTimeout(noticeTimer);
    notice.textContent = message || "";
    notice.hidden = !message;
    if (message) noticeTimer = setTimeout(() => say(""), 20000);
  };
  let live = null;
  let sections = [];
  let view = null;
  let here = [];
  let wanted = Number(root.dataset.section) || Number((location.hash.match(/^#section-(\d+)$/) || [])[1]) || null;
  const canManage = () => live && live.state.me.rights.includes("section.manage");
  const revisions = () => panels.revisions;
  const panels = {};

  const renderList = () => renderSections(root.querySelector("[data-sections]"), sections,
    { currentId: view && view.section.id, onOpen: open, here });

  const showSection = (section) => {
    root.querySelector("[data-section-heading]").textContent = section.heading;
    const tags = (section.tags || []).join(" · ");
    root.querySelector("[data-section-meta]").textContent = tags ? `Adelaide Strategy: ${tags}` : "";
    const select = root.querySelector("[data-status-select]");
    if (select) {
      select.disabled = false;
      select.value = section.status;
    }
  };

  function open(sectionId) {
    const section = sections.find((s) => s.id === sectionId);
    if (!section || !live) return;
    if (view) view.destroy();
    say("");
    here = [];
    history.replaceState(null, "", `#section-${section.id}`);
    showSection(section);
    view = openSection(root, live, { ...section }, {
      say,
      onHere: (people) => {
        here = people;
        renderList();
      },
      onText: (text) => {
        const count = countBrackets(text);
        if (section.brackets !== count) {
          section.brackets = count;
          renderList();
        }
      },
    });
    revisions().show(section.id);
    panels.discussion.show(section.id, view);
    renderList();
  }

  const sectionsOf = (state) => {
    const doc = (state.documents || []).find((d) => d.id === documentId);
    return doc ? doc.sections.slice().sort((a, b) => a.position - b.position) : [];
  };

  const onSectionEvent = (payload) => {
    if (payload.change === "revision") {
      revisions().added(payload.revision);
      return;
    }
    const summary = payload.section;
    if (!summary || summary.document_id !== documentId) return;
    const index = sections.findIndex((s) => s.id === summary.id);
    if (index >= 0) sections[index] = { ...sections[index], ...summary };
    else sections.push(summary);
    sections.sort((a, b) => a.position - b.position);
    if (view && view.section.id === summary.id) {
      view.update(summary);
      showSection(sections.find((s) => s.id === summary.id));
    }
    renderList();
  };

  live = connectLive(root, {
    onState: (state) => {
      sections = sectionsOf(state).map((s) => {
        const known = sections.find((k) => k.id === s.id);
        return known && view && view.section.id === s.id ? { ...s, brackets: known.brackets } : s;
      });
      const mayPropose = state.me.rights.includes("amendment.propose");
      root.querySelector("[data-propose-amendment]").hidden = !mayPropose;
      root.querySelector("[data-amendments-closed]").hidden = mayPropose;
      if (!view) open((sections.find((s) => s.id === wanted) || sections[0] || {}).id);
      renderList();
    },
    onEvent: (event, payload) => {
      if (event === "section") onSectionEvent(payload);
      else if (event === "comment" || event === "amendment") panels.discussion.event(event, payload);
    },
  });
  panels.revisions = revisionsPanel(root, live, { canRestore: () => canManage(), say });
  panels.discussion = discussionPanels(root, live, { say, canDecide: () => canManage() });

  const statusSelect = root.querySelector("[data-status-select]");
  if (statusSelect) {
    statusSelect.addEventListener("change", async () => {
      if (!view) return;
      const previous = view.section.status;
      try {
        await live.act("section.set_status", { section_id: view.section.id, status: statusSelect.value });
        say("");
      } catch (error) {
        statusSelect.value = previous;
        say(error.message);
      }
    });
  }
  const addSection = root.querySelector("[data-add-section]");
  if (addSection) {
    addSection.addEventListener("submit", async (event) => {
      event.preventDefault();
      const heading = addSection.elements.heading.value.trim();
      if (!heading) return;
      try {
        const created = await live.act("section.create", { document_id: documentId, heading });
        addSection.reset();
        if (!sections.some((s) => s.id === created.id)) onSectionEvent({ section: created });
        open(created.id);
      } catch (error) {
        say(error.message);
      }
    });
  }
  guardUnload(() => (view ? view.provider.unsaved : 0));
  window.addEventListener("pagehide", () => view && view.provider.removeLocalAwareness());
}
