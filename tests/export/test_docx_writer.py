"""The Word file: opened with python-docx and checked for styles, numbering, lists, tables and the page."""

import io
import zipfile

import docx

from workshop.export.docx import markdown_to_docx
from workshop.export.html import markdown_to_html, statement_page

STATEMENT = """Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime

# Third Meeting of the Technical Experts Group on Returns and Reintegration

Colombo, Sri Lanka, 13-14 February 2020

**Co-Chairs' Statement**

## Opening

1. The meeting was held in Colombo.

## Proceedings

### Members' priorities

2. Members discussed:

   - Cooperation on travel documents
   - Monitoring and evaluation

3. Members [agreed] to share *good practices*.\x07

## Outcomes

4. Participants agreed on the following:

   - The RSO to undertake capacity building.

## Annex A: Forward Work Plan activities

| Objective | Activity | Lead |
|---|---|---|
| Objective 1 | Returns and Reintegration Register | RSO |
| Objective 2 | Peer exchange | IOM |
"""


def open_docx(markdown: str = STATEMENT):
    data = markdown_to_docx(markdown, "Third Meeting: Co-Chairs' Statement")
    return docx.Document(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(data))


def test_word_file_uses_real_title_and_heading_styles():
    document, _ = open_docx()
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert ("Title", "Third Meeting of the Technical Experts Group on Returns and Reintegration") in styled
    assert [t for s, t in styled if s == "Heading 1"] == ["Opening", "Proceedings", "Outcomes",
                                                          "Annex A: Forward Work Plan activities"]
    assert [t for s, t in styled if s == "Heading 2"] == ["Members' priorities"]
    assert ("Subtitle", "Colombo, Sri Lanka, 13-14 February 2020") in styled


def test_numbered_paragraphs_are_one_word_numbered_list_across_headings():
    document, _ = open_docx()
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text[:12] for p in numbered] == ["The meeting ", "Members disc", "Members [agr",
                                                "Participants"]
    # the style carries Word's own numbering, so every numbered paragraph continues one list
    num_ids = {p.style.element.pPr.numPr.numId.val for p in numbered}
    assert len(num_ids) == 1
    bullets = [p.text for p in document.paragraphs if p.style.name.startswith("List Bullet")]
    assert bullets == ["Cooperation on travel documents", "Monitoring and evaluation",
                       "The RSO to undertake capacity building."]


def test_tables_have_a_repeating_bold_header_row():
    document, _ = open_docx()
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Objective", "Activity", "Lead"]
    assert [c.text for c in table.rows[2].cells] == ["Objective 2", "Peer exchange", "IOM"]
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.style.name == "Table Grid"


def test_page_is_a4_with_page_numbers_in_the_footer():
    document, archive = open_docx()
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 22
    footer = "".join(archive.read(name).decode() for name in archive.namelist() if "footer" in name)
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert document.styles["Normal"].font.name == "Calibri"
    assert document.core_properties.title == "Third Meeting: Co-Chairs' Statement"


def test_inline_emphasis_and_control_characters():
    document, archive = open_docx()
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Members [agreed]"))
    assert [r.text for r in paragraph.runs if r.italic] == ["good practices"]
    assert paragraph.text.endswith("good practices.\\x07")  # escaped, where Word would refuse the file
    assert "\x07" not in archive.read("word/document.xml").decode()


def test_html_keeps_the_numbering_and_escapes_control_characters():
    html = markdown_to_html(STATEMENT)
    assert '<ol start="2">' in html and '<ol start="4">' in html
    assert "\x07" not in html and "\\x07" in html
    page = statement_page(STATEMENT, "<b>Title</b>", "Working draft")
    assert "<title>&lt;b&gt;Title&lt;/b&gt;</title>" in page
    assert '<div class="title-block">' in page and "@page" in page and "A4" in page


def test_a_large_table_is_built_once_and_reads_back_cell_by_cell(monkeypatch):
    """An 80x20 table (a delegate can write one into a section): every cell in place, the header row bold, the
    cells in the small table style; and the cell grid is not rebuilt per cell (that took half a minute)."""
    from docx.table import Table

    rebuilt = []
    grid = Table._cells
    monkeypatch.setattr(Table, "_cells", property(lambda table: rebuilt.append(1) or grid.fget(table)))
    header = "| " + " | ".join(f"Column {c}" for c in range(20)) + " |\n|" + "---|" * 20 + "\n"
    body = "".join("| " + " | ".join(f"r{r} *c{c}*" for c in range(20)) + " |\n" for r in range(80))
    data = markdown_to_docx(f"# Title\n\n## Annex\n\n{header}{body}", "Large")
    assert len(rebuilt) <= 1
    monkeypatch.setattr(Table, "_cells", grid)
    (table,) = docx.Document(io.BytesIO(data)).tables
    assert len(table.rows) == 81 and len(table.columns) == 20
    assert [c.text for c in table.rows[0].cells] == [f"Column {c}" for c in range(20)]
    for r in (1, 40, 80):
        assert [c.text for c in table.rows[r].cells] == [f"r{r - 1} c{c}" for c in range(20)]
    cell = table.rows[80].cells[19].paragraphs[0]
    assert [run.italic for run in cell.runs] == [None, True]
    assert cell.style.name == "Table Text" and cell.style.font.size.pt == 9.5
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert not any(run.bold for cell in table.rows[1].cells for run in cell.paragraphs[0].runs)
