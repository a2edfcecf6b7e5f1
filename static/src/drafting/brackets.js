// Square-bracketed text marks language not yet agreed: find it, count it, and highlight it in the editor.
import { RangeSetBuilder } from "@codemirror/state";
import { Decoration, ViewPlugin } from "@codemirror/view";

// Bracketed passages as [from, to) ranges, outermost only; a nested "[a [b] c]" is one passage. A Markdown
// link "[text](url)", an image and an escaped "\\[" are not negotiation marks, and an unclosed "[" runs to the
// end of its paragraph. The same rule as the server's (workshop/brackets.py), so the editor, the section
// list and the statement export agree.
export function bracketRanges(text) {
  const ranges = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "\\") {
      i += 1;
    } else if (ch === "[") {
      if (depth === 0) start = i;
      depth += 1;
    } else if (ch === "]" && depth > 0) {
      depth -= 1;
      const isLink = text[i + 1] === "(" || (start > 0 && text[start - 1] === "!");
      if (depth === 0 && !isLink) ranges.push([start, i + 1]);
    } else if (ch === "\n" && depth > 0 && text[i + 1] === "\n") {
      ranges.push([start, i]);
      depth = 0;
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
