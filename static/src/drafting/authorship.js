// Authorship view: the text coloured by the delegation that wrote it, from the server's record of which
// participant each change came from (GET .../sections/<id>/authorship gives the text in runs).
import { StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView } from "@codemirror/view";
import { getJson } from "../live/http.js";

const setRuns = StateEffect.define();

// Light tint of a delegation colour, for selections and authorship backgrounds
export function tint(colour) {
  return /^#[0-9a-f]{6}$/i.test(colour || "") ? `${colour}33` : "#57606a33";
}

// Decorations follow edits made after the runs were read, until the next refresh
export const authorshipField = StateField.define({
  create: () => Decoration.none,
  update(decorations, tr) {
    let next = decorations.map(tr.changes);
    for (const effect of tr.effects) if (effect.is(setRuns)) next = effect.value;
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function runDecorations(runs, colours, length) {
  const ranges = [];
  let offset = 0;
  for (const run of runs) {
    const end = Math.min(length, offset + run.text.length);
    const colour = run.delegation_id ? colours.get(run.delegation_id) : null;
    if (colour && end > offset) {
      ranges.push(Decoration.mark({
        class: "cm-authored",
        attributes: { style: `background:${tint(colour)};border-bottom:2px solid ${colour}`, title: run.delegation || "" },
      }).range(offset, end));
    }
    offset += run.text.length;
  }
  return Decoration.set(ranges, true);
}

export async function showAuthorship(view, url, colours) {
  const data = await getJson(url, "The authorship could not be loaded.");
  view.dispatch({ effects: setRuns.of(runDecorations(data.runs, colours, view.state.doc.length)) });
  return data.runs;
}

export function hideAuthorship(view) {
  view.dispatch({ effects: setRuns.of(Decoration.none) });
}
