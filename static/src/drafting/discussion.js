// Comments and amendments of the open section. A comment or an amendment is anchored to the passage
// selected in the editor by Yjs relative positions, so it follows that passage as the text around it moves.
import * as Y from "yjs";
import { EditorSelection } from "@codemirror/state";
import { el, fill } from "../live/render.js";
import { getJson } from "../live/http.js";

const AMENDMENT_STATES = { proposed: "Proposed", accepted: "Accepted", rejected: "Rejected" };

// The passage selected in the editor, with an anchor that survives concurrent edits
export function selectedPassage(view) {
  if (!view || !view.editor) return null;
  const { from, to } = view.editor.view.state.selection.main;
  if (from === to) return null;
  const text = view.provider.doc.getText("body");
  const rel = (index, assoc) => Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index, assoc));
  return { quote: view.editor.view.state.sliceDoc(from, to), anchor: { start: rel(from, 0), end: rel(to, -1) } };
}

// Where an anchored passage is now, or null when it was deleted
export function passageRange(view, anchor) {
  if (!view || !anchor || !anchor.start || !anchor.end) return null;
  const doc = view.provider.doc;
  try {
    const start = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor.start), doc);
    const end = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor.end), doc);
    if (!start || !end || end.index <= start.index) return null;
    return { from: start.index, to: end.index };
  } catch {
    return null;
  }
}

export function discussionPanels(root, live, { say, canDecide }) {
  const slug = root.dataset.workshop;
  const commentForm = root.querySelector("[data-add-comment]");
  const amendmentForm = root.querySelector("[data-propose-amendment]");
  const showResolved = root.querySelector("[data-show-resolved]");
  let sectionId = null;
  let view = null;
  let comments = [];
  let amendments = [];
  let replyTo = null;

  const load = async (kind) => (await getJson(`/api/v1/workshops/${slug}/sections/${sectionId}/${kind}`))[kind];

  // Where the item's passage is now: by its anchor (comments), else by finding the quoted text (amendments)
  const locate = (item) => {
    const range = passageRange(view, item.anchor);
    if (range || item.anchor || !item.quote || !view || !view.editor) return range;
    const at = view.editor.view.state.doc.toString().indexOf(item.quote);
    return at < 0 ? null : { from: at, to: at + item.quote.length };
  };

  const goTo = (item) => {
    const range = locate(item);
    if (!range) {
      say("That passage is no longer in the text.");
      return;
    }
    const editorView = view.editor.view;
    editorView.dispatch({ selection: EditorSelection.single(range.from, range.to), scrollIntoView: true });
    editorView.focus();
  };

  const quoteOf = (item) => {
    if (item.state && item.state !== "proposed") {
      return el("blockquote", { class: "quote gone" }, el("span", { class: "muted" }, "Passage: "), item.quote);
    }
    const range = locate(item);
    const now = range ? view.editor.view.state.sliceDoc(range.from, range.to) : null;
    return el("blockquote", { class: `quote${range ? "" : " gone"}` },
      now !== null ? now : item.quote,
      range ? el("button", { type: "button", class: "link-button", onclick: () => goTo(item) }, " Show in text")
        : el("span", { class: "muted" }, " (passage no longer in the text)"));
  };

  const delegationName = (id) => {
    const delegation = live.state && live.state.delegations.find((d) => d.id === id);
    return delegation ? delegation.name : null;
  };

  const renderComments = () => {
    const visible = comments.filter((c) => !c.parent_id && (showResolved.checked || !c.resolved));
    const replies = (id) => comments.filter((c) => c.parent_id === id);
    root.querySelector("[data-comment-count]").textContent = `${comments.filter((c) => !c.parent_id && !c.resolved).length} open`;
    fill(root.querySelector("[data-comments]"), visible.map((c) => el("li", { class: `thread${c.resolved ? " resolved" : ""}` },
      c.quote ? quoteOf(c) : null,
      el("p", { class: "comment" }, el("strong", {}, c.author),
        delegationName(c.delegation_id) ? el("span", { class: "muted" }, ` (${delegationName(c.delegation_id)})`) : null,
        ` ${c.body}`),
      el("ol", { class: "replies" }, replies(c.id).map((r) => el("li", {}, el("strong", {}, r.author), ` ${r.body}`))),
      el("div", { class: "row-actions" },
        el("button", { type: "button", class: "link-button", onclick: () => startReply(c) }, "Reply"),
        c.resolved ? el("span", { class: "badge" }, "Resolved")
          : el("button", { type: "button", class: "link-button", onclick: () => resolve(c) }, "Resolve")))));
  };

  const renderAmendments = () => {
    root.querySelector("[data-amendment-count]").textContent =
      `${amendments.filter((a) => a.state === "proposed").length} open`;
    fill(root.querySelector("[data-amendments]"), amendments.slice().reverse().map((a) => el("li", { class: `amendment state-${a.state}` },
      el("p", {}, el("span", { class: `badge ${a.state}` }, AMENDMENT_STATES[a.state] || a.state),
        ` ${delegationName(a.delegation_id) || a.author}`,
        a.decided_by ? el("span", { class: "muted" }, ` · ${a.state} by ${a.decided_by}`) : null),
      quoteOf(a),
      el("p", { class: "replacement" }, el("span", { class: "muted" }, "Replace with: "), el("ins", {}, a.replacement || "(delete)")),
      a.reason ? el("p", { class: "muted" }, `Reason: ${a.reason}`) : null,
      a.state === "proposed" && canDecide() ? el("div", { class: "row-actions" },
        el("button", { type: "button", onclick: () => decide(a, "accept") }, "Accept"),
        el("button", { type: "button", class: "danger", onclick: () => decide(a, "reject") }, "Reject")) : null)));
  };

  const upsert = (list, item) => {
    const index = list.findIndex((x) => x.id === item.id);
    if (index >= 0) list[index] = item;
    else list.push(item);
  };

  function startReply(comment) {
    replyTo = comment;
    root.querySelector("[data-comment-quote]").textContent = `Replying to ${comment.author}.`;
    commentForm.elements.body.focus();
  }

  async function resolve(comment) {
    try {
      upsert(comments, await live.act("comment.resolve", { comment_id: comment.id }));
      renderComments();
    } catch (error) {
      say(error.message);
    }
  }

  async function decide(amendment, verb) {
    try {
      upsert(amendments, await live.act(`amendment.${verb}`, { amendment_id: amendment.id }));
      renderAmendments();
    } catch (error) {
      say(error.message);
    }
  }

  const hint = (node, text) => { if (node) node.textContent = text; };
  const watchSelection = () => {
    const passage = selectedPassage(view);
    const short = passage && (passage.quote.length > 60 ? `${passage.quote.slice(0, 60)}…` : passage.quote);
    if (!replyTo) hint(root.querySelector("[data-comment-quote]"), passage ? `On: “${short}”` : "Select text in the editor to comment on it.");
    hint(root.querySelector("[data-amendment-quote]"), passage ? `Amend: “${short}”` : "Select the passage to amend in the editor.");
  };
  document.addEventListener("selectionchange", watchSelection);
  root.addEventListener("keyup", watchSelection);
  root.addEventListener("mouseup", watchSelection);

  commentForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = commentForm.elements.body.value.trim();
    if (!body || !sectionId) return;
    const payload = { section_id: sectionId, body };
    if (replyTo) payload.parent_id = replyTo.id;
    else Object.assign(payload, selectedPassage(view) || {});
    try {
      upsert(comments, await live.act("comment.add", payload));
      commentForm.elements.body.value = "";
      replyTo = null;
      watchSelection();
      renderComments();
    } catch (error) {
      say(error.message);
    }
  });
  showResolved.addEventListener("change", renderComments);

  amendmentForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const passage = selectedPassage(view);
    if (!passage) {
      say("Select the passage to amend in the editor first.");
      return;
    }
    try {
      upsert(amendments, await live.act("amendment.propose", {
        section_id: sectionId, quote: passage.quote,
        replacement: amendmentForm.elements.replacement.value,
        reason: amendmentForm.elements.reason.value.trim(),
      }));
      amendmentForm.reset();
      renderAmendments();
    } catch (error) {
      say(error.message);
    }
  });

  return {
    show(id, sectionView) {
      sectionId = id;
      view = sectionView;
      comments = [];
      amendments = [];
      replyTo = null;
      renderComments();
      renderAmendments();
      Promise.all([load("comments"), load("amendments")]).then(([c, a]) => {
        if (id !== sectionId) return;
        comments = c;
        amendments = a;
        renderComments();
        renderAmendments();
      }).catch((error) => say(error.message));
      // Anchored quotes show the passage as it reads now
      view.provider.on("synced", () => { renderComments(); renderAmendments(); });
    },
    event(kind, payload) {
      const item = payload && (payload.comment || payload.amendment);
      if (!item || item.section_id !== sectionId) return;
      upsert(kind === "comment" ? comments : amendments, item);
      if (kind === "comment") renderComments();
      else renderAmendments();
    },
  };
}
