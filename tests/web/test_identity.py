"""Who speaks for a delegation, over HTTP: joins, delegation codes, voters and rejoin links (docs/architecture.md §6, §11.1)."""

import re

import pytest
from sqlalchemy import select

from tests.conftest import bearer, csrf_from, join
from workshop.extensions import db
from workshop.models import AuditEvent


def api_join(client, body) -> dict:
    response = client.post("/api/v1/join", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def participants_of(client, meeting) -> dict:
    listed = client.get(f"/api/v1/workshops/{meeting.slug}/participants", headers=bearer(meeting.facilitator_token))
    return {p["id"]: p for p in listed.get_json()["participants"]}


def test_joining_with_someone_elses_name_and_delegation_is_a_new_participant_not_a_takeover(client, meeting):
    bob = api_join(client, {"code": meeting.delegation_codes["Thailand"], "name": "Bob"})
    again = api_join(client, {"code": meeting.join_code, "name": "Bob", "delegation": "Thailand"})
    assert again["participant"]["id"] != bob["participant"]["id"]
    assert bob["participant"]["voter"] is True and again["participant"]["voter"] is False
    me = client.get("/api/v1/me", headers=bearer(again["token"])).get_json()["participant"]
    assert me["id"] == again["participant"]["id"]


def test_a_delegation_code_joins_its_delegation_as_voter_and_an_observer_delegations_code_as_observer(client, meeting):
    voter = api_join(client, {"code": meeting.delegation_codes["Philippines"].lower(), "name": "Maria"})
    assert (voter["participant"]["delegation"], voter["participant"]["role"], voter["participant"]["voter"]) == \
        ("Philippines", "delegate", True)
    observer = api_join(client, {"code": meeting.delegation_codes["Canada"], "name": "Claire"})
    assert (observer["participant"]["role"], observer["participant"]["voter"]) == ("observer", False)
    mismatch = client.post("/api/v1/join", json={"code": meeting.delegation_codes["Philippines"], "name": "M",
                                                 "delegation": "Thailand"})
    assert mismatch.status_code == 400 and mismatch.get_json()["error"]["code"] == "invalid"


def test_staff_see_and_regenerate_delegation_codes_and_participants_never_see_them(client, meeting):
    staff = client.get(f"/api/v1/workshops/{meeting.slug}/delegations", headers=bearer(meeting.facilitator_token))
    codes = {d["name"]: d["join_code"] for d in staff.get_json()["delegations"]}
    assert codes == meeting.delegation_codes
    delegate = join(client, meeting.join_code, "Maria", "Philippines")
    seen = client.get(f"/api/v1/workshops/{meeting.slug}/delegations", headers=bearer(delegate)).get_json()
    assert all("join_code" not in d for d in seen["delegations"])
    state = client.get(f"/api/v1/workshops/{meeting.slug}", headers=bearer(delegate)).get_data(as_text=True)
    assert not any(code in state for code in codes.values())
    path = f"/api/v1/workshops/{meeting.slug}/delegations/{meeting.delegation_ids['Thailand']}/code"
    assert client.post(path, headers=bearer(delegate)).status_code == 403
    renewed = client.post(path, headers=bearer(meeting.facilitator_token)).get_json()["join_code"]
    assert renewed != codes["Thailand"] and len(renewed) == 8
    old = client.post("/api/v1/join", json={"code": codes["Thailand"], "name": "Somchai"})
    assert old.status_code == 404
    api_join(client, {"code": renewed, "name": "Somchai"})


def test_staff_confirm_and_withdraw_a_voter_with_patch_and_everything_is_audited(app, client, meeting):
    maria = api_join(client, {"code": meeting.join_code, "name": "Maria", "delegation": "Philippines"})
    pid = maria["participant"]["id"]
    path = f"/api/v1/workshops/{meeting.slug}/participants/{pid}"
    refused = client.patch(path, json={"voter": True}, headers=bearer(maria["token"]))
    assert refused.status_code == 403
    for bad in ({"voter": "yes"}, {"voter": None}, {}, {"voter": 1}):
        response = client.patch(path, json=bad, headers=bearer(meeting.facilitator_token))
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid", bad
    confirmed = client.patch(path, json={"voter": True}, headers=bearer(meeting.facilitator_token))
    assert confirmed.status_code == 200 and confirmed.get_json()["voter"] is True
    assert participants_of(client, meeting)[pid]["voter"] is True
    state = client.get(f"/api/v1/workshops/{meeting.slug}", headers=bearer(maria["token"])).get_json()
    assert state["me"]["voter"] is True
    withdrawn = client.patch(path, json={"voter": False}, headers=bearer(meeting.facilitator_token))
    assert withdrawn.get_json()["voter"] is False
    claire = api_join(client, {"code": meeting.observer_code, "name": "Claire", "delegation": "Canada"})
    observer = client.patch(f"/api/v1/workshops/{meeting.slug}/participants/{claire['participant']['id']}",
                            json={"voter": True}, headers=bearer(meeting.facilitator_token))
    assert observer.status_code == 400
    unknown = client.patch(f"/api/v1/workshops/{meeting.slug}/participants/99999", json={"voter": True},
                           headers=bearer(meeting.facilitator_token))
    assert unknown.status_code == 404
    with app.app_context():
        audit = [(e.action, e.payload) for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert [p["voter"] for a, p in audit if a == "participant.set_voter"] == [True, False]
    assert any(a == "participant.join" and p["voter"] is False for a, p in audit)


def test_confirm_all_present_confirms_only_delegations_with_exactly_one_participant(client, meeting):
    solo = api_join(client, {"code": meeting.join_code, "name": "Kim", "delegation": "Australia"})
    pair = [api_join(client, {"code": meeting.join_code, "name": n, "delegation": "Thailand"}) for n in ("A", "B")]
    path = f"/api/v1/workshops/{meeting.slug}/participants/confirm-single"
    assert client.post(path, headers=bearer(solo["token"])).status_code == 403
    done = client.post(path, headers=bearer(meeting.facilitator_token)).get_json()
    assert [p["name"] for p in done["confirmed"]] == ["Kim"]
    listed = participants_of(client, meeting)
    assert listed[solo["participant"]["id"]]["voter"] and not any(listed[p["participant"]["id"]]["voter"] for p in pair)


def rejoin_path(url: str) -> str:
    match = re.search(r"(/rejoin/[A-Za-z0-9_-]+)$", url)
    assert match, url
    return match.group(1)


def test_a_rejoin_link_signs_another_device_in_as_the_same_participant_until_revoked(app, client, meeting):
    maria = api_join(client, {"code": meeting.delegation_codes["Philippines"], "name": "Maria"})
    pid = maria["participant"]["id"]
    made = client.post(f"/api/v1/workshops/{meeting.slug}/participants/{pid}/rejoin-link",
                       headers=bearer(maria["token"]))
    assert made.status_code == 201 and made.get_json()["participant"]["rejoin_link"] is True
    path = rejoin_path(made.get_json()["url"])

    phone = app.test_client()
    opened = phone.get(path)
    assert opened.status_code == 302 and opened.headers["Location"] == f"/w/{meeting.slug}"
    room = phone.get(f"/w/{meeting.slug}")
    assert room.status_code == 200 and b"Use Workshop on another device" in room.data
    assert path.encode() in room.data and b"<svg" in room.data  # the link and its QR code, drawn on the server
    assert room.headers["Cache-Control"] == "no-store"
    me = phone.get("/api/v1/me", headers={"Accept": "application/json"}).get_json()
    assert me["participant"]["id"] == pid

    # Staff withdraw it: the link shows a clear page; the phone already in stays in
    revoked = client.delete(f"/api/v1/workshops/{meeting.slug}/participants/{pid}/rejoin-link",
                            headers=bearer(meeting.facilitator_token))
    assert revoked.status_code == 200 and revoked.get_json()["rejoin_link"] is False
    tablet = app.test_client()
    refused = tablet.get(path)
    assert refused.status_code == 404 and b"This link does not sign you in" in refused.data
    assert tablet.get("/api/v1/me", headers={"Accept": "application/json"}).status_code == 401
    assert phone.get(f"/w/{meeting.slug}").status_code == 200
    assert b"was withdrawn or replaced" in phone.get(f"/w/{meeting.slug}").data
    for junk in ("/rejoin/x", "/rejoin/" + "A" * 300, "/rejoin/%00%ff"):
        assert tablet.get(junk).status_code == 404


def test_a_removed_participants_link_stops_working(app, client, meeting):
    kim = api_join(client, {"code": meeting.join_code, "name": "Kim", "delegation": "Australia"})
    pid = kim["participant"]["id"]
    url = client.post(f"/api/v1/workshops/{meeting.slug}/participants/{pid}/rejoin-link",
                      headers=bearer(meeting.facilitator_token)).get_json()["url"]
    assert client.delete(f"/api/v1/workshops/{meeting.slug}/participants/{pid}",
                         headers=bearer(meeting.facilitator_token)).status_code == 200
    refused = app.test_client().get(rejoin_path(url))
    assert refused.status_code == 404 and b"This link does not sign you in" in refused.data


def test_another_delegate_cannot_make_or_revoke_someone_elses_link(client, meeting):
    kim = api_join(client, {"code": meeting.join_code, "name": "Kim", "delegation": "Australia"})
    other = join(client, meeting.join_code, "Lee", "Thailand")
    path = f"/api/v1/workshops/{meeting.slug}/participants/{kim['participant']['id']}/rejoin-link"
    assert client.post(path, headers=bearer(other)).status_code == 403
    assert client.delete(path, headers=bearer(other)).status_code == 403


def test_the_join_page_with_a_delegation_code_asks_only_the_name_and_the_room_shows_the_device_link(client, meeting):
    token = csrf_from(client.get("/join").data)
    code = meeting.delegation_codes["Thailand"]
    step_two = client.post("/join", data={"code": f"{code[:4]}-{code[4:]}", "csrf_token": token})
    assert step_two.status_code == 200 and b"Your name" in step_two.data
    assert b'id="delegation"' not in step_two.data and b"Thailand" in step_two.data
    joined = client.post("/join", data={"code": code, "name": "Somchai", "csrf_token": token})
    assert joined.status_code == 302
    state = client.get(f"/api/v1/workshops/{meeting.slug}", headers={"Accept": "application/json"}).get_json()
    assert state["me"]["voter"] is True
    room = client.get(f"/w/{meeting.slug}").data
    assert b"/rejoin/" in room and b'class="qr"' in room
    # The participant replaces the link: the room shows the new one, the old one stops working
    old = re.search(rb'href="[^"]*(/rejoin/[A-Za-z0-9_-]+)"', room).group(1).decode()
    renewed = client.post(f"/w/{meeting.slug}/device/link", data={"csrf_token": csrf_from(room)})
    assert renewed.status_code == 302
    room = client.get(f"/w/{meeting.slug}").data
    new = re.search(rb'href="[^"]*(/rejoin/[A-Za-z0-9_-]+)"', room).group(1).decode()
    assert new != old
    assert client.get(old).status_code == 404


def test_the_set_up_page_shows_delegation_codes_and_makes_a_new_one(client, meeting):
    from tests.web.test_pages import sign_in

    sign_in(client, meeting.facilitator_email)
    page = client.get(f"/w/{meeting.slug}/setup").data.decode()
    code = meeting.delegation_codes["Indonesia"]
    assert f"{code[:4]}-{code[4:]}" in page
    token = csrf_from(page.encode())
    done = client.post(f"/w/{meeting.slug}/setup/delegations/{meeting.delegation_ids['Indonesia']}/code",
                       data={"csrf_token": token})
    assert done.status_code == 302
    page = client.get(f"/w/{meeting.slug}/setup").data.decode()
    assert f"{code[:4]}-{code[4:]}" not in page
    printable = client.get(f"/w/{meeting.slug}/delegation-codes")
    assert printable.status_code == 200 and b"Indonesia" in printable.data


@pytest.mark.parametrize("path", ["/w/{slug}/delegation-codes", "/w/{slug}/participants/1/device"])
def test_delegates_cannot_open_the_staff_pages_for_codes_and_links(client, meeting, path):
    token = join(client, meeting.join_code, "Kim", "Australia")
    response = client.get(path.format(slug=meeting.slug), headers=bearer(token))
    assert response.status_code == 403
