"""Markdown pieces of the statement: escaping plain text, numbering drafted text."""

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")
_ENTITY = re.compile(r"&(#?[A-Za-z0-9]+;)")


def escape_control(text: str) -> str:
    """Control characters pasted from other tools are shown as \\xNN rather than dropped silently:
    Word refuses them in its XML, and the secretariat should see where they were."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


def md_text(value) -> str:
    """Plain text (a name, a title, an outcome) written into Markdown so that it reads as typed:
    no emphasis, links, raw HTML or block starts sneak in from it."""
    text = " ".join(escape_control(str(value or "")).split())
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&\1", text)
    # "#", "-", ">" escape before the mark; "7." escapes its dot (a backslash before a digit is literal)
    return _BLOCK_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2).isdigit()
                                                   else "\\" + m.group(2)), text)


def md_cell(value) -> str:
    return md_text(value) or " "


class Numbering:
    """The one sequence of paragraph numbers that runs through the headings."""

    def __init__(self) -> None:
        self.last = 0

    def __call__(self) -> int:
        self.last += 1
        return self.last


_parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def source_lines(markdown: str) -> list[str]:
    """The lines as markdown-it numbers them in its token maps: only \\n, \\r\\n and \\r end a line
    (str.splitlines would also split at form feeds and Unicode separators and shift every map)."""
    return re.sub(r"\r\n?", "\n", markdown).split("\n")


def _blocks(markdown: str):
    """Top-level blocks of a Markdown text as (kind, source lines)."""
    lines = source_lines(markdown)
    for token in _parser.parse(markdown):
        if token.level == 0 and token.nesting in (0, 1) and token.map:
            start, end = token.map
            yield token.type.removesuffix("_open"), lines[start:end]


def numbered_blocks(markdown: str, numbering: Numbering, heading_level: int = 4) -> str:
    """A section's drafted text as statement paragraphs: each paragraph gets the next number; lists,
    tables and quotes sit under the paragraph before them; the drafters' headings become sub-headings."""
    out: list[str] = []
    indent = ""
    for kind, lines in _blocks(escape_control(markdown or "")):
        if kind == "paragraph":
            number = f"{numbering()}. "
            indent = " " * len(number)
            body = [line.strip() for line in lines if line.strip()]
            out.append(number + body[0] + "".join("\n" + indent + line for line in body[1:]))
        elif kind == "heading":
            text = re.sub(r"^\s*#+\s*|\s*#+\s*$", "", lines[0]) if lines[0].lstrip().startswith("#") \
                else lines[0].strip()
            out.append("#" * heading_level + " " + text)
            indent = ""
        elif kind == "hr":
            continue
        else:
            out.append("\n".join((indent + line) if line.strip() else "" for line in lines).rstrip())
    return "\n\n".join(out)


@dataclass(frozen=True)
class Bracket:
    """Text in square brackets: language not yet agreed."""

    section_id: int | None
    section: str
    text: str
    closed: bool = True
