"""Statement downloads over HTTP: who may read what, the three formats, and hostile text made inert."""

import io
import re
import zipfile
from html.parser import HTMLParser

import docx
import pytest

from tests.conftest import bearer, join
from workshop.extensions import db
from workshop.models import User, Workshop
from workshop.services import agenda, delegations, drafting, workshops
from workshop.services.actors import actor_in

PAYLOADS = [
    "<script>alert('t')</script>",
    "<img src=x onerror=alert('i')>",
    "[click](javascript:alert('l'))",
    "<a href=\"javascript:alert('a')\" onclick=\"alert('c')\">x</a>",
    "**bold** _x_ # not a heading | pipe",
    "\x07bell\x0bvt",
]


def url(meeting, ext: str, query: str = "") -> str:
    return f"/w/{meeting.slug}/statement.{ext}" + (f"?{query}" if query else "")


def test_facilitator_downloads_the_working_draft_in_three_formats(client, meeting):
    md = client.get(url(meeting, "md"), headers=bearer(meeting.facilitator_token))
    assert md.status_code == 200 and md.mimetype == "text/markdown"
    assert "**Co-Chairs' Statement**" in md.get_data(as_text=True)
    assert "co-chaired by Australia and the Philippines" in md.get_data(as_text=True)
    html = client.get(url(meeting, "html"), headers=bearer(meeting.facilitator_token))
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert "Working draft: not yet published." in html.get_data(as_text=True)
    word = client.get(url(meeting, "docx"), headers=bearer(meeting.facilitator_token))
    assert word.status_code == 200
    assert word.headers["Content-Disposition"].startswith("attachment;")
    assert zipfile.is_zipfile(io.BytesIO(word.data))
    titles = [p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs if p.style.name == "Title"]
    assert titles == ["Sixth Meeting of the TEG-RR"]


@pytest.mark.parametrize("ext", ["md", "html", "docx"])
def test_delegates_and_observers_read_the_draft_only_once_it_is_published(client, meeting, ext):
    delegate = join(client, meeting.join_code, "Maria Santos", "Philippines")
    observer = join(client, meeting.observer_code, "Jean Tremblay", "Canada")
    for token in (delegate, observer):
        refused = client.get(url(meeting, ext), headers=bearer(token))
        assert refused.status_code == 403
        assert "not published" in refused.get_json()["error"]["message"]
    published = client.post(f"/w/{meeting.slug}/export/publish", json={},
                            headers=bearer(meeting.facilitator_token))
    assert published.status_code == 200 and published.get_json()["paragraphs"] >= 3
    for token in (delegate, observer):
        assert client.get(url(meeting, ext), headers=bearer(token)).status_code == 200
    client.post(f"/w/{meeting.slug}/export/unpublish", json={}, headers=bearer(meeting.facilitator_token))
    assert client.get(url(meeting, ext), headers=bearer(delegate)).status_code == 403


def test_delegates_see_the_version_published_not_later_edits(app, client, meeting):
    delegate = join(client, meeting.join_code, "Maria Santos", "Philippines")
    client.post(f"/w/{meeting.slug}/export/publish", json={}, headers=bearer(meeting.facilitator_token))
    client.post(f"/api/v1/workshops/{meeting.slug}/delegations", headers=bearer(meeting.facilitator_token),
                json={"name": "Sri Lanka", "kind": "member_state"})
    assert "Sri Lanka" in client.get(url(meeting, "md"), headers=bearer(meeting.facilitator_token)).text
    assert "Sri Lanka" not in client.get(url(meeting, "md"), headers=bearer(delegate)).text
    # the query cannot widen what a delegate reads
    assert "Sri Lanka" not in client.get(url(meeting, "md", "published=0"), headers=bearer(delegate)).text


def test_delegates_cannot_publish_or_open_the_export_page(client, meeting):
    delegate = join(client, meeting.join_code, "Maria Santos", "Philippines")
    refused = client.post(f"/w/{meeting.slug}/export/publish", json={}, headers=bearer(delegate))
    assert refused.status_code == 403
    assert client.get(f"/w/{meeting.slug}/export/preview", headers=bearer(delegate)).status_code == 403
    page = client.get(f"/w/{meeting.slug}/export", headers={**bearer(delegate), "Accept": "text/html"})
    assert page.status_code == 302 and page.headers["Location"].endswith("/statement.html")


def test_another_workshops_participant_is_refused(app, client, meeting):
    from tests.conftest import make_meeting
    other = make_meeting(app, title="Another meeting", email="other@example.org")
    stranger = join(client, other.join_code, "Ahmad", "Indonesia")
    client.post(f"/w/{meeting.slug}/export/publish", json={}, headers=bearer(meeting.facilitator_token))
    assert client.get(url(meeting, "md"), headers=bearer(stranger)).status_code == 403
    signed_out = client.get(url(meeting, "md"))
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
    assert client.get(url(meeting, "md"), headers={"Accept": "application/json"}).status_code == 401


@pytest.mark.parametrize("query", ["items=abc", "items=-3", "polls=1.5", "outcomes=maybe", "template=../x",
                                   "sections=" + ",".join(str(i) for i in range(1, 2100))])
def test_bad_choices_are_refused_with_a_reason(client, meeting, query):
    response = client.get(url(meeting, "md", query), headers=bearer(meeting.facilitator_token))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"


def test_choosing_parts_changes_what_goes_in(client, meeting):
    headers = bearer(meeting.facilitator_token)
    full = client.get(url(meeting, "md"), headers=headers).text
    assert "## Next meeting" in full
    chosen = client.get(url(meeting, "md", "choose=1&annex=1"), headers=headers).text
    assert "## Next meeting" not in chosen and "## Outcomes" not in chosen
    summary = client.get(url(meeting, "md", "template=outcomes"), headers=headers).text
    assert "Outcomes summary" in summary
    preview = client.get(f"/w/{meeting.slug}/export/preview?choose=1&outcomes=1", headers=headers).get_json()
    assert "the date and place of the next meeting" in preview["gaps"]
    assert "outcomes=1" in preview["links"]["docx"] and "choose=1" in preview["links"]["md"]


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]


@pytest.fixture
def hostile(app, meeting):
    """Every text field of the meeting holds a payload."""
    with app.app_context():
        s = db.session
        workshop = s.get(Workshop, meeting.workshop_id)
        user = s.query(User).filter_by(email=meeting.facilitator_email).one()
        actor = actor_in(s, user, workshop)
        workshops.update_workshop(s, actor, workshop, {
            "title": PAYLOADS[0], "process": PAYLOADS[1], "body": PAYLOADS[2], "city": PAYLOADS[3],
            "country": PAYLOADS[4], "venue": PAYLOADS[0]})
        statement = drafting.create_document(s, actor, workshop, {"title": PAYLOADS[0], "kind": "statement"})
        fwp = drafting.create_document(s, actor, workshop, {"title": PAYLOADS[1], "kind": "fwp"})
        for i, payload in enumerate(PAYLOADS):
            kind = ("member_state", "observer_state", "member_organisation")[i % 3]
            delegations.add_delegation(s, actor, workshop, {"name": f"{payload} {i}", "kind": kind,
                                                            "co_chair": i == 1})
            item = agenda.add_item(s, actor, workshop, {"title": f"{payload} {i}", "day": 1})
            drafting.create_section(s, actor, workshop, {
                "document_id": statement.id, "heading": f"{payload} {i}", "agenda_item_id": item.id,
                "body": f"Section body {i}: {payload}\n\n{payload}"})
            drafting.create_section(s, actor, workshop, {
                "document_id": fwp.id, "heading": f"{payload} {i}",
                "body": f"| Activity | Lead |\n| --- | --- |\n| Activity {i}: {payload} | {payload} |\n"})
        s.commit()
    return meeting


def test_hostile_text_in_every_field_comes_out_inert_in_html(client, hostile):
    html = client.get(url(hostile, "html"), headers=bearer(hostile.facilitator_token)).text
    parsed = Elements()
    parsed.feed(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not [a for a in parsed.attrs if a[1].startswith("on")]
    assert not [a for a in parsed.attrs if "javascript:" in a[2].lower()]
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in html or "&lt;script&gt;" in html
    assert "\x07" not in html and "bellvt 5" in html  # the services already drop control characters


def test_hostile_text_in_every_field_comes_out_inert_in_word(client, hostile):
    data = client.get(url(hostile, "docx"), headers=bearer(hostile.facilitator_token)).data
    document = docx.Document(io.BytesIO(data))  # python-docx parses it: well-formed XML
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script" not in xml and "onerror=alert" not in re.sub(r"&lt;img src=x onerror=alert", "", xml)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", xml)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "<script>alert('t')</script>" in text  # shown as the text it is
    assert "bellvt 5" in text
    assert "w:hyperlink" not in xml


def test_hostile_section_headings_bodies_and_activities_reach_the_export(client, hostile):
    markdown = client.get(url(hostile, "md"), headers=bearer(hostile.facilitator_token)).text
    for i in range(len(PAYLOADS)):
        assert f"Section body {i}: " in markdown and f"| Activity {i}: " in markdown
    html = client.get(url(hostile, "html"), headers=bearer(hostile.facilitator_token)).text
    assert "Section body 0: &lt;script&gt;" in html
    assert "<td>Activity 1: &lt;img src=x onerror=alert('i')&gt;</td>" in html
