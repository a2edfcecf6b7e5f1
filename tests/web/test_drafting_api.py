"""Documents and sections over HTTP (docs/architecture.md §6)."""

from tests.conftest import bearer, join, make_meeting


def test_a_facilitator_creates_a_document_and_a_seeded_section_and_reads_it_back(client, meeting):
    headers = bearer(meeting.facilitator_token)
    base = f"/api/v1/workshops/{meeting.slug}"
    response = client.post(f"{base}/documents", json={"title": "Co-Chairs' Statement", "kind": "statement"},
                           headers=headers)
    assert response.status_code == 201
    document = response.get_json()
    assert document["kind"] == "statement" and document["sections"] == []
    response = client.post(f"{base}/documents/{document['id']}/sections", headers=headers, json={
        "heading": "Outcomes", "agenda_item_id": 1, "tags": ["Returns and reintegration"],
        "body": "Participants agreed to [reconvene in early 2025]."})
    assert response.status_code == 201
    section = response.get_json()
    response = client.get(f"{base}/sections/{section['id']}", headers=headers)
    assert response.status_code == 200
    data = response.get_json()
    assert {k: data[k] for k in ("id", "heading", "status", "markdown", "brackets")} == {
        "id": section["id"], "heading": "Outcomes", "status": "drafting",
        "markdown": "Participants agreed to [reconvene in early 2025].", "brackets": 1}
    listing = client.get(f"{base}/documents", headers=headers).get_json()["documents"]
    assert [s["heading"] for s in listing[0]["sections"]] == ["Outcomes"]


def test_a_template_creates_the_forward_work_plan_outline(client, meeting):
    response = client.post(f"/api/v1/workshops/{meeting.slug}/documents", json={"template": "fwp"},
                           headers=bearer(meeting.facilitator_token))
    assert response.status_code == 201
    assert response.get_json()["sections"][1]["heading"] == "Objective 1"


def test_delegates_read_sections_but_cannot_create_documents(client, meeting):
    token = join(client, meeting.join_code, "Maria", "Philippines")
    response = client.post(f"/api/v1/workshops/{meeting.slug}/documents", json={"title": "Mine"},
                           headers=bearer(token))
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert client.get(f"/api/v1/workshops/{meeting.slug}/documents", headers=bearer(token)).status_code == 200


def test_hostile_requests_get_clear_errors(client, app, meeting):
    headers = bearer(meeting.facilitator_token)
    base = f"/api/v1/workshops/{meeting.slug}"
    assert client.post(f"{base}/documents", data="not json", headers={**headers, "Content-Type":
                       "application/json"}).status_code == 400
    assert client.post(f"{base}/documents", json=["a list"], headers=headers).status_code == 400
    response = client.post(f"{base}/documents", json={"title": "x", "kind": "novel"}, headers=headers)
    assert response.status_code == 400 and response.get_json()["error"]["field"] == "kind"
    assert client.post(f"{base}/documents/999/sections", json={"heading": "x"}, headers=headers).status_code == 404
    assert client.get(f"{base}/sections/999", headers=headers).status_code == 404
    assert client.get(f"{base}/sections/1").status_code == 401
    other = make_meeting(app, title="Working Group on the Disruption of People Smuggling",
                         email="wgd@example.org")
    document = client.post(f"/api/v1/workshops/{other.slug}/documents", json={"template": "statement"},
                           headers=bearer(other.facilitator_token)).get_json()
    section_id = document["sections"][0]["id"]
    # a facilitator of one workshop cannot reach another's sections, even by id
    assert client.get(f"/api/v1/workshops/{other.slug}/sections/{section_id}", headers=headers).status_code == 403
    assert client.get(f"{base}/sections/{section_id}", headers=headers).status_code == 404
