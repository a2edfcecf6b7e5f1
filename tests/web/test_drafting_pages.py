"""The drafting pages and the comment and amendment lists they load, for each kind of caller."""

from tests.conftest import bearer, join, make_meeting
from tests.web.test_pages import sign_in


def new_document(client, meeting, **form) -> int:
    response = client.post(f"/api/v1/workshops/{meeting.slug}/documents", json=form,
                           headers=bearer(meeting.facilitator_token))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_a_facilitator_creates_a_forward_work_plan_from_its_template_in_the_browser(client, meeting):
    sign_in(client, meeting.facilitator_email)
    page = client.get(f"/w/{meeting.slug}/documents")
    assert b"No documents yet" in page.data and b"Forward Work Plan" in page.data
    token = page.data.split(b'name="csrf_token" value="')[1].split(b'"')[0].decode()
    response = client.post(f"/w/{meeting.slug}/documents", data={"template": "fwp", "csrf_token": token})
    assert response.status_code == 302 and f"/w/{meeting.slug}/documents/" in response.headers["Location"]
    document = client.get(response.headers["Location"])
    assert b"Forward Work Plan" in document.data
    assert b'data-drafting' in document.data and b"dist/drafting.js" in document.data
    listing = client.get(f"/w/{meeting.slug}/documents").data
    assert b"Forward Work Plan" in listing and b"bracketed passage" in listing  # the template's [placeholders]


def test_a_delegate_reads_documents_but_cannot_create_them(client, meeting):
    document_id = new_document(client, meeting, title="Co-chairs' statement", kind="statement")
    token = join(client, meeting.join_code, "Maria Santos", "Philippines")
    page = client.get(f"/w/{meeting.slug}/documents", headers=bearer(token))
    assert b"Co-chairs&#39; statement" in page.data and b"New document" not in page.data
    assert client.get(f"/w/{meeting.slug}/documents/{document_id}", headers=bearer(token)).status_code == 200
    refused = client.post(f"/w/{meeting.slug}/documents", data={"title": "Mine"}, headers=bearer(token))
    assert refused.status_code == 302
    titles = [d["title"] for d in client.get(f"/api/v1/workshops/{meeting.slug}/documents",
                                             headers=bearer(token)).get_json()["documents"]]
    assert titles == ["Co-chairs' statement"]


def test_no_one_opens_another_workshops_document(app, client, meeting):
    other = make_meeting(app, title="Another meeting", email="other@example.org")
    document_id = new_document(client, meeting, title="Statement", kind="statement")
    token = join(client, other.join_code, "Ana Reyes", "Philippines")
    assert client.get(f"/w/{meeting.slug}/documents/{document_id}", headers=bearer(token)).status_code == 403
    assert client.get(f"/w/{other.slug}/documents/{document_id}", headers=bearer(token)).status_code == 404
    assert client.get(f"/w/{meeting.slug}/documents/999999", headers=bearer(meeting.facilitator_token)).status_code == 404


def test_a_sections_comments_and_amendments_are_listed_for_its_workshop_only(app, client, meeting, live):
    document_id = new_document(client, meeting, title="Statement", kind="statement")
    section = client.post(f"/api/v1/workshops/{meeting.slug}/documents/{document_id}/sections",
                          json={"heading": "Proceedings", "body": "The participants [welcomed] the report."},
                          headers=bearer(meeting.facilitator_token)).get_json()
    token = join(client, meeting.join_code, "Maria Santos", "Philippines")
    sc = live(token=token)
    comment = sc.emit("comment.add", {"section_id": section["id"], "body": "Which report?", "quote": "the report"},
                      namespace="/live", callback=True)
    assert comment["ok"], comment
    amendment = sc.emit("amendment.propose", {"section_id": section["id"], "quote": "[welcomed]",
                                              "replacement": "welcomed", "reason": "Agreed in the room."},
                        namespace="/live", callback=True)
    assert amendment["ok"], amendment
    base = f"/api/v1/workshops/{meeting.slug}/sections/{section['id']}"
    comments = client.get(f"{base}/comments", headers=bearer(token)).get_json()["comments"]
    assert [(c["body"], c["quote"], c["author"]) for c in comments] == [("Which report?", "the report", "Maria Santos")]
    assert comments[0]["anchor"] is not None  # the server anchored the quote: it follows the passage
    amendments = client.get(f"{base}/amendments", headers=bearer(token)).get_json()["amendments"]
    assert [(a["quote"], a["replacement"], a["state"]) for a in amendments] == [("[welcomed]", "welcomed", "proposed")]

    other = make_meeting(app, title="Another meeting", email="other@example.org")
    outsider = join(client, other.join_code, "Ana Reyes", "Philippines")
    assert client.get(f"{base}/comments", headers=bearer(outsider)).status_code == 403
    assert client.get(f"/api/v1/workshops/{other.slug}/sections/{section['id']}/amendments",
                      headers=bearer(outsider)).status_code == 404
    assert client.get(f"{base}/comments").status_code == 401
