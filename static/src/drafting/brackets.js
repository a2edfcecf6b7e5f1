// Square-bracketed text marks language not yet agreed: find it, count it, and highlight it in the editor.
import { RangeSetBuilder } from "@codemirror/state";
import { Decoration, ViewPlugin } from "@codemirror/view";

// Bracketed passages as [from, to) ranges, outermost only; a nested "[a [b] c]" is one passage and an
// unclosed "[" runs to the end. A Markdown link's "[text](" is not a negotiation mark. The same rule as the
// server's count (collab/store.py count_open_brackets), so the editor and the section list agree.
const LINK_TEXT = /\[[^[\]]*\]\(/g;

export function bracketRanges(text) {
  const links = [];
  for (const match of text.matchAll(LINK_TEXT)) links.push([match.index, match.index + match[0].length]);
  const ranges = [];
  let depth = 0;
  let start = -1;
  let link = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (link < links.length && i === links[link][0]) {
      i = links[link][1] - 1;
      link += 1;
      continue;
    }
    const ch = text[i];
    if (ch === "[") {
      if (depth === 0) start = i;
      depth += 1;
    } else if (ch === "]" && depth > 0) {
      depth -= 1;
      if (depth === 0) ranges.push([start, i + 1]);
    }
  }
  if (depth > 0) ranges.push([start, text.length]);
  return ranges;
}

export function countBrackets(text) {
  return bracketRanges(text).length;
}

const bracketMark = Decoration.mark({ class: "cm-bracketed", attributes: { title: "Not yet agreed" } });

function decorate(view) {
  const builder = new RangeSetBuilder();
  for (const [from, to] of bracketRanges(view.state.doc.toString())) builder.add(from, to, bracketMark);
  return builder.finish();
}

// Highlights bracketed passages and reports the count whenever the text changes
export function bracketHighlight(onCount) {
  return ViewPlugin.fromClass(class {
    constructor(view) {
      this.decorations = decorate(view);
      onCount && onCount(this.decorations.size);
    }

    update(update) {
      if (!update.docChanged) return;
      this.decorations = decorate(update.view);
      onCount && onCount(this.decorations.size);
    }
  }, { decorations: (plugin) => plugin.decorations });
}
