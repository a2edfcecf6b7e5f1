"""The Forward Work Plan annex: activity rows read from the tables drafted in the FWP sections."""

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .blocks import escape_control, source_lines
from .statement import AnnexRow, DraftedSection

_parser = MarkdownIt("commonmark", {"html": False}).enable("table")

# Column headers as drafters write them, matched by their first word (the template says "Lead members")
COLUMNS = {"objective": "objective", "activity": "activity", "activities": "activity", "lead": "lead",
           "leads": "lead", "timeframe": "timeframe", "timeline": "timeframe", "deliverable": "deliverable",
           "deliverables": "deliverable", "output": "deliverable", "outputs": "deliverable",
           "strategy": "strategy_areas", "areas": "strategy_areas"}


def _plain(inline: Token) -> str:
    """A cell's text as read: emphasis and link marks dropped, brackets and escapes as the reader sees them."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _column(header: str) -> str | None:
    words = header.casefold().replace("-", " ").split()
    return COLUMNS.get(words[0]) if words else None


def _tables(markdown: str):
    """Each table of a text as (its source lines (start, end), column names, body rows of cells)."""
    header, rows, row, in_head, lines = [], [], None, False, (0, 0)
    for token in _parser.parse(markdown or ""):
        if token.type == "table_open":
            header, rows, lines = [], [], tuple(token.map or (0, 0))
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(_plain(token))
        elif token.type == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(row)
            row = None
        elif token.type == "table_close":
            yield lines, [_column(cell) for cell in header], rows


def annex_rows(section: DraftedSection) -> list[AnnexRow]:
    """The activities of one FWP section. Its heading is the objective unless the table names one;
    an empty strategy cell takes the section's strategy tags. Bracketed cells stay bracketed."""
    found = []
    for _lines, columns, rows in _tables(escape_control(section.markdown)):
        if "activity" not in columns:
            continue  # not an activity table
        for cells in rows:
            values = {name: cell for name, cell in zip(columns, cells, strict=False) if name}
            if not values.get("activity"):
                continue
            found.append(AnnexRow(
                objective=values.get("objective") or section.heading,
                activity=values["activity"],
                lead=values.get("lead", ""),
                timeframe=values.get("timeframe", ""),
                deliverable=values.get("deliverable", ""),
                strategy_areas=values.get("strategy_areas") or "; ".join(section.tags),
                section_id=section.id,
            ))
    return found


def gather_annex(sections: list[DraftedSection]) -> list[AnnexRow]:
    """All activity rows of the Forward Work Plan documents, in document and section order."""
    return [row for section in sections if section.document_kind == "fwp" for row in annex_rows(section)]


def without_activity_tables(markdown: str) -> str:
    """The text with its activity tables taken out, for when the annex lists those activities."""
    lines = source_lines(markdown or "")
    for (start, end), columns, _rows in reversed(list(_tables(markdown))):
        if "activity" in columns:
            del lines[start:end]
    return "\n".join(lines)
