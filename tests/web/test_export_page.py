"""The export page offers the real documents and sections to choose from, and lists open brackets."""

from html.parser import HTMLParser

import pytest

from tests.conftest import bearer
from workshop.extensions import db
from workshop.models import Workshop
from workshop.services import agenda, drafting
from workshop.services.actors import actor_in

HTML = {"Accept": "text/html"}


class Ticks(HTMLParser):
    """The check boxes of the page as (name, value, checked)."""

    def __init__(self):
        super().__init__()
        self.ticks = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "checkbox":
            self.ticks.append((attrs["name"], attrs["value"], "checked" in attrs))


def ticks(html: str, name: str) -> dict[int, bool]:
    parser = Ticks()
    parser.feed(html)
    return {int(value): checked for key, value, checked in parser.ticks if key == name}


@pytest.fixture
def drafted(app, meeting):
    """A statement document with a section on the opening item and the Forward Work Plan template."""
    with app.app_context():
        s = db.session
        workshop = s.get(Workshop, meeting.workshop_id)
        actor = actor_in(s, workshop.staff[0].user, workshop)
        opening = agenda.list_items(s, workshop.id)[0]
        statement = drafting.create_document(s, actor, workshop, {"title": "Co-Chairs' Statement",
                                                                  "kind": "statement"})
        welcome = drafting.create_section(s, actor, workshop, {
            "document_id": statement.id, "heading": "<script>alert('h')</script> Welcome",
            "agenda_item_id": opening.id, "body": "The co-chairs [warmly] welcomed members."})
        fwp = drafting.create_document(s, actor, workshop, {"template": "fwp"})
        s.commit()
        return {"item": opening.id, "statement": statement.id, "welcome": welcome.id, "fwp": fwp.id,
                "fwp_sections": [section.id for section in fwp.sections]}


def test_the_export_page_lists_the_real_documents_and_sections(client, meeting, drafted):
    page = client.get(f"/w/{meeting.slug}/export", headers={**bearer(meeting.facilitator_token), **HTML})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert ticks(html, "documents") == {drafted["statement"]: True, drafted["fwp"]: True}
    assert ticks(html, "sections") == {i: True for i in [drafted["welcome"], *drafted["fwp_sections"]]}
    for heading in ("Purpose and scope", "Objective 1", "Implementation, monitoring and evaluation"):
        assert f"> {heading}</label>" in html
    assert "being drafted" in html
    # the heading is shown as text, never run
    assert "<script>alert('h')" not in html and "&lt;script&gt;alert(&#39;h&#39;)&lt;/script&gt; Welcome" in html


def test_the_page_lists_open_brackets_with_their_sections(client, meeting, drafted):
    html = client.get(f"/w/{meeting.slug}/export", headers={**bearer(meeting.facilitator_token), **HTML}).text
    brackets = html.split("data-brackets>")[1].split("</ul>")[0]
    assert "<q>[warmly]</q>" in brackets and "<strong>Purpose and scope</strong>: <q>[the next five years]</q>" \
        in brackets
    preview = client.get(f"/w/{meeting.slug}/export/preview", headers=bearer(meeting.facilitator_token)).get_json()
    listed = {(b["section_id"], b["text"]) for b in preview["brackets"]}
    assert (drafted["welcome"], "[warmly]") in listed
    assert (drafted["fwp_sections"][1], "[Objective statement.]") in listed


def test_ticking_one_section_puts_only_that_section_in(client, meeting, drafted):
    query = (f"choose=1&items={drafted['item']}&documents={drafted['statement']}&sections={drafted['welcome']}"
             "&unagreed=1&annex=1")
    page = client.get(f"/w/{meeting.slug}/export?{query}", headers={**bearer(meeting.facilitator_token), **HTML})
    html = page.get_data(as_text=True)
    assert ticks(html, "sections")[drafted["welcome"]] is True
    assert not any(ticks(html, "sections")[i] for i in drafted["fwp_sections"])
    assert ticks(html, "documents") == {drafted["statement"]: True, drafted["fwp"]: False}
    markdown = client.get(f"/w/{meeting.slug}/statement.md?{query}", headers=bearer(meeting.facilitator_token)).text
    assert "The co-chairs [warmly] welcomed members." in markdown
    # the annex is ticked, but its activities go with the FWP sections that are not
    assert "Forward Work Plan" not in markdown and "Annex A" not in markdown


def test_a_section_of_another_workshop_cannot_be_chosen_into_this_one(app, client, meeting, drafted):
    from tests.conftest import make_draft, make_meeting

    other = make_meeting(app, title="Another meeting", email="other@example.org")
    foreign = make_draft(app, other, body="Secret [text] of another meeting.")
    query = f"choose=1&unagreed=1&documents={foreign.document_id}&sections={foreign.section_id}"
    markdown = client.get(f"/w/{meeting.slug}/statement.md?{query}", headers=bearer(meeting.facilitator_token)).text
    assert "of another meeting" not in markdown and "[text]" not in markdown
