"""Drafted documents gathered from the database: proceedings per agenda item, the Forward Work Plan with
its status, the annex table read from the FWP sections' activity tables, and the open brackets."""

import io

import docx
import pytest

from workshop.export.compose import compose_statement
from workshop.export.docx import markdown_to_docx
from workshop.export.gather import gather_statement
from workshop.export.statement import AnnexRow, Choices
from workshop.extensions import db
from workshop.models import Workshop

from .conftest import draft_sixth_meeting
from .test_statement_golden import check_golden, numbered

OBJECTIVES = ["Objective 1: Victim-centred returns and reintegration",
              "Objective 2: National policies and procedures on returns and reintegration",
              "Objective 3: Collaboration across Bali Process working groups"]


@pytest.fixture
def sixth(app, teg_rr_6):
    ids = draft_sixth_meeting(app, teg_rr_6)
    with app.app_context():
        data = gather_statement(db.session, db.session.get(Workshop, teg_rr_6.workshop_id))
    return data, ids


def test_sixth_meeting_statement_matches_the_golden_text(sixth):
    data, _ids = sixth
    statement = compose_statement(data)
    check_golden("teg-rr-6.md", statement.markdown)
    assert numbered(statement.markdown) == list(range(1, statement.paragraphs + 1))


def test_proceedings_come_from_the_sections_tied_to_each_agenda_item(sixth):
    markdown = compose_statement(sixth[0]).markdown
    proceedings = markdown.split("## Proceedings")[1].split("## Forward Work Plan")[0]
    assert proceedings.strip().splitlines()[0] == "### Report back from groups"
    assert '*Not yet agreed: "Group 1: cross-border knowledge sharing" is being drafted.*' in proceedings
    assert "The group proposed a [regional] contact list of reintegration focal points." in proceedings


def test_the_forward_work_plan_lists_its_sections_in_order_with_their_status(sixth):
    markdown = compose_statement(sixth[0]).markdown
    fwp = markdown.split("## Forward Work Plan")[1].split("## Outcomes")[0]
    headings = [line[4:] for line in fwp.splitlines() if line.startswith("### ")]
    assert headings == ["Purpose and scope", *OBJECTIVES, "Returns and Reintegration Register",
                        "Implementation, monitoring and evaluation"]
    statuses = [line for line in fwp.splitlines() if line.startswith("*Status:")]
    assert statuses == ["*Status: agreed.*", "*Status: agreed.*", "*Status: locked for review.*",
                        "*Status: being drafted.*", "*Status: agreed.*", "*Status: being drafted.*"]
    # amendments accepted in the room reach the export
    assert "for 2024-2029, aligned with the Adelaide Strategy" in fwp
    # the activities are in the annex, not repeated in the body
    assert "| Activity |" not in fwp and fwp.count("*Activities: see Annex A.*") == 4


def test_the_annex_reads_every_activity_row_from_the_fwp_tables(sixth):
    data, ids = sixth
    assert data.annex == [
        AnnexRow(OBJECTIVES[0], "Exchange on victim-centred return procedures | phase 1", "IOM", "2025",
                 "Workshop report", "Victim protection and migration management", ids["one"]),
        AnnexRow(OBJECTIVES[0], "Training on screening returnees for trafficking indicators", "Thailand, Indonesia",
                 "2026", "Training modules", "Victim protection and migration management; Law enforcement",
                 ids["one"]),
        AnnexRow(OBJECTIVES[1], "Peer exchange visits on standard operating procedures", "[Members]", "[2025]",
                 "[Deliverable]", "[Areas]", ids["two"]),
        AnnexRow(OBJECTIVES[2], "[Activity]", "[Members]", "[2024-2025]", "[Deliverable]", "[Areas]", ids["three"]),
        # a blank strategy cell takes the section's Adelaide Strategy tags
        AnnexRow("Returns and Reintegration Register", "Returns and Reintegration Register", "RSO", "2024-2025",
                 "A register of members' commonalities, good practices and shared challenges",
                 "Returns and reintegration; Information sharing and public information campaigns",
                 ids["register"]),
    ]
    annex = compose_statement(data).markdown.split("## Annex A: Forward Work Plan activities")[1]
    rows = annex.strip().splitlines()
    assert rows[0] == "| Objective | Activity | Lead | Timeframe | Deliverable | Strategy areas |"
    assert len(rows) == 2 + len(data.annex)
    assert "| Peer exchange visits on standard operating procedures | \\[Members\\] | \\[2025\\] |" in rows[4]
    assert "procedures \\| phase 1 |" in rows[2]  # a pipe in the text stays in its cell


def test_open_brackets_are_listed_with_their_sections(sixth):
    statement = compose_statement(sixth[0])
    listed = [(b.section, b.text) for b in statement.brackets]
    assert ("Group 1: cross-border knowledge sharing", "[regional]") in listed
    assert (OBJECTIVES[1], "[Objective statement.]") in listed
    assert (OBJECTIVES[1], "[Members]") in listed  # from the activity table, though it sits in the annex
    assert ("Implementation, monitoring and evaluation", "[annually]") in listed
    assert not [b for b in statement.brackets if b.section in ("Purpose and scope", OBJECTIVES[0])]


def test_sections_not_agreed_and_their_activities_can_be_left_out(sixth):
    data, _ids = sixth
    markdown = compose_statement(data, Choices(unagreed=False)).markdown
    assert "### Purpose and scope" in markdown and "### Returns and Reintegration Register" in markdown
    for left_out in (OBJECTIVES[1], OBJECTIVES[2], "Implementation, monitoring and evaluation",
                     "Report back from groups", "[regional]", "Peer exchange visits", "\\[Activity\\]"):
        assert left_out not in markdown
    assert "| Training on screening returnees for trafficking indicators |" in markdown


def test_without_the_annex_the_activity_tables_stay_in_the_body(sixth):
    markdown = compose_statement(sixth[0], Choices(annex=False)).markdown
    assert "Annex A" not in markdown
    fwp = markdown.split("## Forward Work Plan")[1]
    assert "| Training on screening returnees for trafficking indicators | Thailand, Indonesia |" in fwp


def test_the_word_annex_table_has_a_header_row_repeated_on_each_page(sixth):
    statement = compose_statement(sixth[0])
    document = docx.Document(io.BytesIO(markdown_to_docx(statement.markdown, statement.title)))
    annex = document.tables[-1]
    assert [cell.text for cell in annex.rows[0].cells] == ["Objective", "Activity", "Lead", "Timeframe",
                                                          "Deliverable", "Strategy areas"]
    assert annex.rows[0]._tr.trPr is not None and annex.rows[0]._tr.trPr.xpath("./w:tblHeader")
    assert len(annex.rows) == 1 + len(sixth[0].annex)
    assert annex.rows[1].cells[1].text == "Exchange on victim-centred return procedures | phase 1"
    assert annex.rows[3].cells[2].text == "[Members]"
