"""The JSON API of docs/architecture.md §6, driven like a script would drive it."""

import pytest

from tests.conftest import PASSWORD, bearer, join, make_meeting

WORKSHOP_FIELDS = {"title", "process", "body", "ordinal", "city", "country", "venue", "start_date", "end_date",
                   "modality", "id", "slug", "join_code", "observer_code", "status"}


def test_a_script_signs_in_creates_a_workshop_and_builds_it(client, meeting):
    token = client.post("/api/v1/session", json={"email": meeting.facilitator_email,
                                                 "password": PASSWORD}).get_json()["token"]
    created = client.post("/api/v1/workshops", headers=bearer(token), json={
        "title": "Third Bali Process Meeting of the Technical Experts Group on Returns and Reintegration",
        "process": "Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime",
        "body": "Technical Experts Group on Returns and Reintegration", "ordinal": 3, "city": "Colombo",
        "country": "Sri Lanka", "venue": "Colombo", "start_date": "2020-02-13", "end_date": "2020-02-14",
        "modality": "in_person"})
    assert created.status_code == 201
    workshop = created.get_json()
    assert set(workshop) >= WORKSHOP_FIELDS
    assert workshop["start_date"] == "2020-02-13" and workshop["ordinal"] == 3
    slug = workshop["slug"]

    added = client.post(f"/api/v1/workshops/{slug}/delegations", headers=bearer(token),
                        json={"name": "Sri Lanka", "kind": "member_state", "attendance": "present", "co_chair": True})
    assert added.status_code == 201 and added.get_json()["co_chair"] is True
    item = client.post(f"/api/v1/workshops/{slug}/agenda", headers=bearer(token), json={
        "day": 1, "position": 0, "title": "Policy Guide on Returns and Reintegration: approval and next steps",
        "kind": "presentation", "starts_at": "09:30", "duration_minutes": 60, "theme": "Policy"})
    assert item.status_code == 201 and item.get_json()["starts_at"] == "09:30"

    state = client.get(f"/api/v1/workshops/{slug}", headers=bearer(token)).get_json()
    assert state["workshop"]["join_code"] == workshop["join_code"]
    assert [d["name"] for d in state["delegations"]] == ["Sri Lanka"]
    assert [i["title"] for i in state["agenda"]] == [
        "Policy Guide on Returns and Reintegration: approval and next steps"]


def test_a_delegate_joins_and_reads_the_live_state_without_the_codes(client, meeting):
    response = client.post("/api/v1/join", json={"code": meeting.join_code, "name": "Maria",
                                                 "delegation": "Philippines"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["participant"]["delegation"] == "Philippines" and body["participant"]["role"] == "delegate"
    state = client.get(f"/api/v1/workshops/{meeting.slug}", headers=bearer(body["token"])).get_json()
    assert "join_code" not in state["workshop"] and "participants" not in state
    assert state["me"]["role"] == "delegate" and "poll.vote" in state["me"]["rights"]


def test_delegates_are_refused_set_up_actions(client, meeting):
    token = join(client, meeting.join_code, "Maria", "Philippines")
    for method, path, body in [
        ("post", f"/api/v1/workshops/{meeting.slug}/delegations", {"name": "Atlantis"}),
        ("post", f"/api/v1/workshops/{meeting.slug}/agenda", {"title": "Party"}),
        ("patch", f"/api/v1/workshops/{meeting.slug}", {"title": "Mine now"}),
        ("post", f"/api/v1/workshops/{meeting.slug}/codes", {"which": "join"}),
        ("get", f"/api/v1/workshops/{meeting.slug}/participants", None),
    ]:
        response = getattr(client, method)(path, headers=bearer(token), json=body)
        assert response.status_code == 403, path
        assert response.get_json()["error"]["code"] == "forbidden"


def test_no_one_reaches_another_workshop(app, client, meeting):
    other = make_meeting(app, title="Fourth meeting", email="other@example.org")
    delegate = join(client, meeting.join_code, "Maria", "Philippines")
    for token in (delegate, other.facilitator_token):
        response = client.get(f"/api/v1/workshops/{meeting.slug}" if token == other.facilitator_token
                              else f"/api/v1/workshops/{other.slug}", headers=bearer(token))
        assert response.status_code == 403
    response = client.post(f"/api/v1/workshops/{meeting.slug}/delegations", headers=bearer(other.facilitator_token),
                           json={"name": "Atlantis"})
    assert response.status_code == 403


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic abc"}])
def test_unauthenticated_calls_get_json_401(client, meeting, headers):
    response = client.get(f"/api/v1/workshops/{meeting.slug}", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("body,content_type", [("[1, 2]", "application/json"), ("{bad", "application/json"),
                                               ('"text"', "application/json")])
def test_bodies_that_are_not_json_objects_are_invalid(client, meeting, body, content_type):
    response = client.post("/api/v1/workshops", data=body, content_type=content_type,
                           headers=bearer(meeting.facilitator_token))
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("body,field", [({"title": ""}, "title"), ({"title": "T", "start_date": "yesterday"},
                                        "start_date"), ({"title": "T", "modality": 3}, "modality")])
def test_invalid_fields_are_named_in_the_error(client, meeting, body, field):
    response = client.post("/api/v1/workshops", json=body, headers=bearer(meeting.facilitator_token))
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == field


def test_unknown_ids_are_404_and_unknown_workshops_too(client, meeting):
    headers = bearer(meeting.facilitator_token)
    assert client.patch(f"/api/v1/workshops/{meeting.slug}/agenda/99999", json={"title": "x"},
                        headers=headers).status_code == 404
    assert client.get("/api/v1/workshops/no-such-meeting", headers=headers).status_code == 404


def test_regenerated_codes_stop_the_old_code_for_new_joins(client, meeting):
    headers = bearer(meeting.facilitator_token)
    updated = client.post(f"/api/v1/workshops/{meeting.slug}/codes", json={"which": "join"}, headers=headers)
    assert updated.get_json()["join_code"] != meeting.join_code
    response = client.post("/api/v1/join", json={"code": meeting.join_code, "name": "A", "delegation": "Thailand"})
    assert response.status_code == 404


def test_guessing_codes_is_slowed_down_per_client(app, client, meeting):
    limit = app.config["JOIN_FAILURES_ALLOWED"]
    for n in range(limit):
        response = client.post("/api/v1/join", json={"code": f"GUESS{n:03d}", "name": "A", "delegation": "Thailand"})
        assert response.status_code == 404
    blocked = client.post("/api/v1/join", json={"code": meeting.join_code, "name": "A", "delegation": "Thailand"})
    assert blocked.status_code == 429
    assert blocked.get_json()["error"]["code"] == "rate_limited" and int(blocked.headers["Retry-After"]) > 0
    # another device in the room is not affected
    other = client.post("/api/v1/join", json={"code": meeting.join_code, "name": "B", "delegation": "Thailand"},
                        environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 201


def test_removing_a_participant_revokes_the_token_at_once(client, meeting):
    token = join(client, meeting.join_code, "Kim", "Australia")
    participant_id = client.get("/api/v1/me", headers=bearer(token)).get_json()["participant"]["id"]
    response = client.delete(f"/api/v1/workshops/{meeting.slug}/participants/{participant_id}",
                             headers=bearer(meeting.facilitator_token))
    assert response.status_code == 200 and response.get_json()["removed"] is True
    assert client.get(f"/api/v1/workshops/{meeting.slug}", headers=bearer(token)).status_code == 401


def test_pasting_a_list_through_the_api(client, meeting):
    response = client.post(f"/api/v1/workshops/{meeting.slug}/delegations/paste",
                           headers=bearer(meeting.facilitator_token),
                           json={"text": "Viet Nam\nThailand\nObserver organisations:\nICMPD"})
    body = response.get_json()
    assert response.status_code == 201
    assert [d["name"] for d in body["added"]] == ["Viet Nam", "ICMPD"] and body["skipped"] == ["Thailand"]
    assert body["added"][1]["kind"] == "observer_organisation"


def test_signing_out_a_token(client, meeting):
    headers = bearer(meeting.facilitator_token)
    assert client.delete("/api/v1/session", headers=headers).status_code == 200
    assert client.get("/api/v1/workshops", headers=headers).status_code == 401
