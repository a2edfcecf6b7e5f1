// The section editor: CodeMirror 6 with Markdown, bound to the section's Y.Text through y-codemirror.next,
// with remote cursors in delegation colours, undo of one's own edits, bracket marks and a read-only mode.
import * as Y from "yjs";
import { Compartment, EditorState, Transaction } from "@codemirror/state";
import { EditorView, drawSelection, keymap, lineNumbers } from "@codemirror/view";
import { defaultKeymap } from "@codemirror/commands";
import { markdown } from "@codemirror/lang-markdown";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import { bracketHighlight } from "./brackets.js";
import { authorshipField } from "./authorship.js";
import { MAX_FRAME_BYTES } from "./provider.js";

// What one typed or pasted change may insert: its Yjs update must fit in one frame (the provider checks
// the encoded size too, and takes back a change that does not fit)
export const MAX_CHANGE_BYTES = MAX_FRAME_BYTES - 32 * 1024;
const utf8 = new TextEncoder();

// Refuses a writer's change (typing, paste, drop) that inserts more than MAX_CHANGE_BYTES: it never
// reaches the shared text. Changes from the shared text itself carry no user event and always pass.
function sizeGuard(onTooLarge) {
  return EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || !tr.annotation(Transaction.userEvent)) return tr;
    let inserted = 0;
    tr.changes.iterChanges((_fromA, _toA, _fromB, _toB, text) => {
      // UTF-8 takes at most 3 bytes per UTF-16 unit: short inserts are not encoded to be measured
      if (inserted <= MAX_CHANGE_BYTES) inserted += text.length > 1000 ? utf8.encode(text.toString()).length : text.length * 3;
    });
    if (inserted <= MAX_CHANGE_BYTES) return tr;
    if (onTooLarge) setTimeout(onTooLarge, 0);
    return [];
  });
}

export function createEditor(parent, provider, { readOnly = false, label = "Section text", onBrackets, onTooLarge } = {}) {
  const ytext = provider.doc.getText("body");
  // Tracks only this client's changes: undo never takes back a colleague's words
  const undoManager = new Y.UndoManager(ytext);
  const editable = new Compartment();
  const state = EditorState.create({
    doc: ytext.toString(),
    extensions: [
      lineNumbers(),
      drawSelection(),
      EditorView.lineWrapping,
      // Tab is left to the browser so keyboard users can leave the editor
      keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
      markdown(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      yCollab(ytext, provider.awareness, { undoManager }),
      sizeGuard(onTooLarge),
      bracketHighlight(onBrackets),
      authorshipField,
      editable.of(readOnlyExtensions(readOnly)),
      EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true" }),
    ],
  });
  const view = new EditorView({ state, parent });
  return {
    view,
    undoManager,
    setReadOnly(value) {
      view.dispatch({ effects: editable.reconfigure(readOnlyExtensions(value)) });
    },
    destroy() {
      view.destroy();
      undoManager.destroy();
    },
  };
}

function readOnlyExtensions(readOnly) {
  return [EditorState.readOnly.of(readOnly),
    EditorView.contentAttributes.of({ "aria-readonly": String(readOnly) })];
}
