// The section editor: CodeMirror 6 with Markdown, bound to the section's Y.Text through y-codemirror.next,
// with remote cursors in delegation colours, undo of one's own edits, bracket marks and a read-only mode.
import * as Y from "yjs";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, drawSelection, keymap, lineNumbers } from "@codemirror/view";
import { defaultKeymap } from "@codemirror/commands";
import { markdown } from "@codemirror/lang-markdown";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import { bracketHighlight } from "./brackets.js";
import { authorshipField } from "./authorship.js";

export function createEditor(parent, provider, { readOnly = false, label = "Section text", onBrackets } = {}) {
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
