"""The statement as a Word file: real styles (Title, Heading 1/2, List Number, List Bullet), tables with
header rows, A4, page numbers in the footer. Built from the same Markdown as the HTML."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from markdown_it import MarkdownIt

from .blocks import escape_control

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")

# Markdown heading level -> Word style: the one "#" is the title, "##" the parts of the statement
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2", 4: "Heading 3", 5: "Heading 4", 6: "Heading 4"}
FONT = "Calibri"
TABLE_TEXT = "Table Text"


def _set_up(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(22), Mm(22)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        styles[name].font.name = FONT
        styles[name].font.color.rgb = RGBColor(0x1F, 0x2A, 0x44)
    styles["Title"].font.size = Pt(20)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Subtitle"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Subtitle"].font.name = FONT
    # Table cells: one paragraph style, not a font size on every run (tables can hold thousands of runs)
    cells = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = normal
    cells.font.size = Pt(9.5)
    cells.paragraph_format.space_after = Pt(0)
    _page_numbers(section)


def _field(run, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay the page out."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _page_numbers(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    _field(paragraph.add_run(), "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph.add_run(), "NUMPAGES")


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


class _Writer:
    """Walks markdown-it's token stream and writes paragraphs, lists and tables into the document."""

    def __init__(self, document):
        self.document = document
        self.lists: list[str] = []  # "ordered" | "bullet", innermost last
        self.item_paragraphs: list[int] = []  # paragraphs written so far in each open list item
        self.seen_part = False  # before the first "##" comes the title block

    def style_for_paragraph(self) -> str:
        if not self.lists:
            return "Normal" if self.seen_part else "Subtitle"
        depth = min(len(self.lists), 3)
        suffix = "" if depth == 1 else f" {depth}"
        if self.item_paragraphs[-1] > 0:
            return "List Continue" + suffix
        return ("List Number" if self.lists[-1] == "ordered" else "List Bullet") + suffix

    def inline(self, paragraph, token, bold: int = 0) -> None:
        italic = strike = 0
        link = None
        for child in token.children or []:
            kind = child.type
            if kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "s_open":
                strike += 1
            elif kind == "s_close":
                strike -= 1
            elif kind == "link_open":
                link = child.attrs.get("href")
            elif kind == "link_close":
                if link:
                    paragraph.add_run(f" ({escape_control(str(link))})").italic = True
                link = None
            elif kind in ("softbreak",):
                paragraph.add_run(" ")
            elif kind == "hardbreak":
                paragraph.add_run().add_break()
            elif kind in ("text", "code_inline"):
                run = paragraph.add_run(escape_control(child.content))
                run.bold, run.italic = bold > 0 or None, italic > 0 or None
                if strike:
                    run.font.strike = True
                if kind == "code_inline":
                    run.font.name = "Consolas"

    def table(self, tokens, start: int) -> int:
        rows, i, header_rows = [], start + 1, 0
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                rows[-1].append((tokens[i + 1], token.type == "th_open"))
                header_rows = len(rows) if token.type == "th_open" else header_rows
            i += 1
        columns = max((len(row) for row in rows), default=1)
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        cell_style = self.document.styles[TABLE_TEXT].style_id
        # Rows and their cells read once: table.cell(r, c) rebuilds the whole grid on every call, which made
        # an 80x20 table take half a minute
        for r, (row, table_row) in enumerate(zip(rows, table.rows, strict=True)):
            cells = table_row.cells
            for c, (inline, is_header) in enumerate(row):
                paragraph = cells[c].paragraphs[0]
                paragraph._p.get_or_add_pPr().style = cell_style  # by id: python-docx looks styles up each time
                self.inline(paragraph, inline, bold=1 if is_header else 0)
            if r < header_rows:
                _repeat_header(table_row)
        self.document.add_paragraph()
        return i

    def write(self, markdown: str) -> None:
        tokens = _markdown.parse(escape_control(markdown))
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                level = int(token.tag[1])
                if level == 2:
                    self.seen_part = True
                style = HEADING_STYLES[level]
                paragraph = self.document.add_paragraph(style=style)
                if level == 2 and tokens[i + 1].content.startswith("Annex"):
                    paragraph.paragraph_format.page_break_before = True
                self.inline(paragraph, tokens[i + 1])
                i += 2
            elif kind in ("ordered_list_open", "bullet_list_open"):
                self.lists.append("ordered" if kind.startswith("ordered") else "bullet")
            elif kind in ("ordered_list_close", "bullet_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.item_paragraphs.append(0)
            elif kind == "list_item_close":
                self.item_paragraphs.pop()
            elif kind == "paragraph_open":
                paragraph = self.document.add_paragraph(style=self.style_for_paragraph())
                self.inline(paragraph, tokens[i + 1])
                if self.item_paragraphs:
                    self.item_paragraphs[-1] += 1
                i += 2
            elif kind == "table_open":
                i = self.table(tokens, i)
            elif kind in ("fence", "code_block"):
                paragraph = self.document.add_paragraph(style="No Spacing")
                paragraph.add_run(escape_control(token.content.rstrip("\n"))).font.name = "Consolas"
            elif kind == "blockquote_open":
                pass
            i += 1


def markdown_to_docx(markdown: str, title: str = "") -> bytes:
    document = Document()
    _set_up(document)
    document.core_properties.title = escape_control(title)[:250]
    document.core_properties.author = "Workshop"
    _Writer(document).write(markdown)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
