"""Negotiation marks: square-bracketed passages of drafted text are language not yet agreed.

The one scanner for them: the drafting engine counts them (a section with any cannot be marked agreed)
and the statement export lists them for the secretariat, so both always agree on what is open.
"""


def open_brackets(markdown: str) -> list[tuple[str, bool]]:
    """The bracketed passages of a drafted text as (passage, closed), outermost first. Links, images
    and escaped brackets are not marks, and an unclosed "[" runs to the end of its paragraph."""
    text = markdown or ""
    found, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            if depth == 0:
                start = i
            depth += 1
        elif char == "]" and depth:
            depth -= 1
            if depth == 0:
                is_link = text.startswith("(", i + 1) or (start > 0 and text[start - 1] == "!")
                if not is_link:
                    found.append((text[start:i + 1], True))
        elif char == "\n" and depth and text.startswith("\n", i + 1):
            found.append((text[start:i].rstrip(), False))
            depth = 0
        i += 1
    if depth:
        found.append((text[start:].rstrip(), False))
    return [(" ".join(passage.split()), closed) for passage, closed in found]


def count_open_brackets(markdown: str) -> int:
    """How many passages are still in brackets."""
    return len(open_brackets(markdown))
