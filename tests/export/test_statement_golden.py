"""Golden tests: the two real meetings loaded through the services, composed into the statement."""

import os
import re
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt

from workshop.export.compose import compose_statement
from workshop.export.gather import gather_statement
from workshop.export.statement import Choices, OutcomeEntry, PollResult
from workshop.extensions import db
from workshop.models import Workshop

from .conftest import draft_third_meeting

GOLDEN = Path(__file__).parent / "golden"


def third_meeting_data(app, loaded):
    """The third meeting as gathered from the database, its proceedings drafted through the services."""
    draft_third_meeting(app, loaded)
    with app.app_context():
        data = gather_statement(db.session, db.session.get(Workshop, loaded.workshop_id))
    outcomes = [OutcomeEntry(o["kind"], o["text"], tuple(o.get("lead", ()))) for o in loaded.facts["outcomes"]]
    return replace(data, outcomes=outcomes)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    assert text == path.read_text()


def numbered(markdown: str) -> list[tuple[int, str]]:
    """(number, first words) of every numbered paragraph, as a Markdown reader numbers them."""
    found, number = [], None
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "ordered_list_open" and token.level == 0:
            number = int(token.attrs.get("start", 1))
        elif token.type == "list_item_open" and token.level == 1 and number is not None:
            found.append(number)
            number += 1
        elif token.type == "bullet_list_open" and token.level == 0:
            number = None
    return found


def test_third_meeting_statement_matches_the_golden_text(app, teg_rr_3):
    statement = compose_statement(third_meeting_data(app, teg_rr_3))
    check_golden("teg-rr-3.md", statement.markdown)


def test_paragraphs_are_numbered_in_one_sequence_through_the_headings(app, teg_rr_3):
    statement = compose_statement(third_meeting_data(app, teg_rr_3))
    numbers = numbered(statement.markdown)
    assert numbers == list(range(1, statement.paragraphs + 1))
    assert statement.paragraphs >= 8
    headings = re.findall(r"^## (.+)$", statement.markdown, re.MULTILINE)
    assert headings == ["Opening", "Participation", "Proceedings", "Outcomes", "Next meeting"]


def test_title_block_and_opening_name_the_meeting_place_dates_and_co_chairs(app, teg_rr_3):
    markdown = compose_statement(third_meeting_data(app, teg_rr_3)).markdown
    head = markdown.split("## Opening")[0]
    assert head.splitlines()[0] == "Bali Process on People Smuggling, Trafficking in Persons and Related " \
        "Transnational Crime"
    assert "# Third Meeting of the Technical Experts Group on Returns and Reintegration" in head
    assert "Colombo, Sri Lanka, 13-14 February 2020" in head
    assert "**Co-Chairs' Statement**" in head
    assert "1. The Third Meeting of the Technical Experts Group on Returns and Reintegration was held in " \
        "person in Colombo, Sri Lanka, on 13-14 February 2020. The meeting was co-chaired by Australia " \
        "and Sri Lanka." in markdown


def test_participation_is_written_in_sentences_alphabetically(app, teg_rr_3):
    markdown = compose_statement(third_meeting_data(app, teg_rr_3)).markdown
    assert "2. The meeting was attended by representatives of the following member states: Afghanistan, " \
        "Australia, Bangladesh, Cambodia, France, Indonesia, Malaysia, the Maldives, Myanmar, Nauru, Pakistan, " \
        "Papua New Guinea, Sri Lanka, Thailand, Turkey, the United Arab Emirates and Viet Nam." in markdown
    assert "The following member organisations also attended: the International Labour Organization (ILO), " \
        "the International Organization for Migration (IOM), the Office of the United Nations High " \
        "Commissioner for Refugees (UNHCR) and the United Nations Office on Drugs and Crime (UNODC)." in markdown
    assert "3. Canada, the International Centre for Migration Policy Development (ICMPD) and the United " \
        "Kingdom attended as observers." in markdown
    assert "5. Apologies were received from New Zealand and the Philippines." in markdown


def test_outcomes_are_listed_under_participants_agreed(app, teg_rr_3):
    markdown = compose_statement(third_meeting_data(app, teg_rr_3)).markdown
    outcomes = markdown.split("## Outcomes")[1].split("## Next meeting")
    assert re.search(r"^\d+\. Participants agreed on the following:$", outcomes[0], re.MULTILINE)
    assert "   - The RSO to undertake further capacity building for member officials on returns and " \
        "reintegration in line with the Policy Guide (lead: RSO)." in outcomes[0]
    assert re.search(r"^\d+\. Participants agreed to reconvene in early 2021\.$", outcomes[1], re.MULTILINE)


def test_bracketed_text_is_kept_and_listed_with_its_section(app, teg_rr_3):
    statement = compose_statement(third_meeting_data(app, teg_rr_3))
    assert "Members [approved] the Policy Guide" in statement.markdown
    assert [(b.section, b.text) for b in statement.brackets] == [("Policy Guide", "[approved]")]
    assert '*Not yet agreed: "Policy Guide" is being drafted.*' in statement.markdown


def test_sections_not_yet_agreed_can_be_left_out(app, teg_rr_3):
    statement = compose_statement(third_meeting_data(app, teg_rr_3), Choices(unagreed=False))
    assert "[approved]" not in statement.markdown
    assert statement.brackets == []
    assert "Members welcomed the Policy Guide." in statement.markdown


def test_sixth_meeting_without_co_chairs_or_outcomes_exports_with_the_gaps_marked(app, teg_rr_6):
    with app.app_context():
        statement = compose_statement(gather_statement(db.session, db.session.get(Workshop, teg_rr_6.workshop_id)))
    assert "4-6 March 2024" in statement.markdown
    assert "The meeting was co-chaired by \\[Secretariat to complete: the co-chairs\\]." in statement.markdown
    assert "the co-chairs" in statement.gaps
    assert "the outcomes (none were recorded)" in statement.gaps
    assert "the date and place of the next meeting" in statement.gaps
    assert numbered(statement.markdown) == list(range(1, statement.paragraphs + 1))


def test_published_poll_results_are_given_in_words_and_as_a_table(app, teg_rr_6):
    with app.app_context():
        data = gather_statement(db.session, db.session.get(Workshop, teg_rr_6.workshop_id))
    poll = PollResult(7, "Prioritising FWP activities", "dot",
                      (("Returns and Reintegration Register", 11), ("Peer exchange visits", 14),
                       ("Training on SOPs", 6), ("Research paper", 0)), turnout=9)
    markdown = compose_statement(replace(data, polls=[poll])).markdown
    assert 'In "Prioritising FWP activities", members prioritised Peer exchange visits (14 dots), Returns and ' \
        "Reintegration Register (11 dots) and Training on SOPs (6 dots). Turnout: 9 delegations." in markdown
    table = markdown.split("## Prioritisation")[1].split("##")[0]
    assert "   | Option | Dots |" in table
    assert table.index("Peer exchange visits | 14") < table.index("Research paper | 0")
