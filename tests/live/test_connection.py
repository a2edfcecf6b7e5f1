"""Connecting to /live (docs/architecture.md §5): authentication, state, presence, removal."""

import time

import pytest

from tests.conftest import bearer, events, eventually, join, make_meeting


def test_a_delegate_connects_with_a_token_and_receives_the_state(client, meeting, live):
    token = join(client, meeting.join_code, "Maria", "Philippines")
    sc = live(token=token)
    assert sc.is_connected("/live")
    state = events(sc, "state")[0]
    assert state["workshop"]["slug"] == meeting.slug and "join_code" not in state["workshop"]
    assert state["me"]["role"] == "delegate"
    assert str(meeting.delegation_ids["Philippines"]) in state["presence"]["delegations"]


def test_the_browser_session_cookie_authenticates_the_socket(client, meeting, live):
    from tests.conftest import csrf_from

    token = csrf_from(client.get("/join").data)
    client.post("/join", data={"code": meeting.join_code, "name": "Maria", "delegation": "Philippines",
                               "csrf_token": token})
    sc = live(flask_test_client=client)
    assert sc.is_connected("/live")
    assert events(sc, "state")[0]["me"]["name"] == "Maria"


def test_staff_name_the_workshop_and_see_the_codes(meeting, live):
    sc = live(token=meeting.facilitator_token, workshop=meeting.slug)
    state = events(sc, "state")[0]
    assert state["workshop"]["join_code"] == meeting.join_code and state["participants"] == []


@pytest.mark.parametrize("auth", [{}, {"token": "wsp_forged"}, {"token": 42}])
def test_unauthenticated_sockets_are_refused(app, meeting, auth):
    from workshop.extensions import socketio

    sc = socketio.test_client(app, namespace="/live", auth=auth)
    assert not sc.is_connected("/live")


def test_staff_of_one_workshop_cannot_connect_to_another(app, meeting, live):
    other = make_meeting(app, title="Another meeting", email="other@example.org")
    assert not live(token=other.facilitator_token, workshop=meeting.slug).is_connected("/live")
    assert not live(token=meeting.facilitator_token).is_connected("/live")  # no workshop named


def test_a_participant_cannot_point_its_socket_at_another_workshop(app, client, meeting, live):
    other = make_meeting(app, title="Another meeting", email="other@example.org")
    token = join(client, meeting.join_code, "Maria", "Philippines")
    assert not live(token=token, workshop=other.slug).is_connected("/live")


def test_presence_is_broadcast_when_a_delegate_comes_and_goes(client, meeting, live):
    console = live(token=meeting.facilitator_token, workshop=meeting.slug)
    console.get_received("/live")
    delegate = live(token=join(client, meeting.join_code, "Somchai", "Thailand"))
    thailand = str(meeting.delegation_ids["Thailand"])
    seen = eventually(console, "presence", lambda p: thailand in p["delegations"])
    assert [p["name"] for p in seen["delegations"][thailand]] == ["Somchai"]
    delegate.disconnect(namespace="/live")
    eventually(console, "presence", lambda p: thailand not in p["delegations"])


def test_a_burst_of_connections_is_told_in_one_broadcast_that_lists_everyone(app, client, meeting, live):
    app.config["PRESENCE_INTERVAL"] = 3.0  # four test-client connections fit in it even on a slow machine
    names = {"Australia": "Ana", "Thailand": "Somchai", "Philippines": "Maria", "Indonesia": "Budi"}
    tokens = [join(client, meeting.join_code, name, delegation) for delegation, name in names.items()]
    console = live(token=meeting.facilitator_token, workshop=meeting.slug)
    console.get_received("/live")  # the console's own broadcast went out at once
    for token in tokens:
        live(token=token)
    assert events(console, "presence") == []  # folded: nothing yet
    received, deadline = [], time.monotonic() + 10
    while not any(m["name"] == "participants" for m in received):
        assert time.monotonic() < deadline, "the folded broadcast never came"
        time.sleep(0.01)
        received += console.get_received("/live")
    [seen] = [m["args"][0] for m in received if m["name"] == "presence"]
    [listed] = [m["args"][0] for m in received if m["name"] == "participants"]
    assert sorted(person["name"] for people in seen["delegations"].values() for person in people) == \
        sorted(names.values())
    assert sorted(p["name"] for p in listed["participants"]) == sorted(names.values())
    time.sleep(0.2)
    assert events(console, "presence") == []  # one broadcast for the four of them


def test_a_removed_participant_is_disconnected_and_cannot_reconnect(client, meeting, live):
    # (the message shown to the removed delegate is checked in the browser test)
    token = join(client, meeting.join_code, "Kim", "Australia")
    sc = live(token=token)
    sc.get_received("/live")
    participant_id = client.get("/api/v1/me", headers=bearer(token)).get_json()["participant"]["id"]
    client.delete(f"/api/v1/workshops/{meeting.slug}/participants/{participant_id}",
                  headers=bearer(meeting.facilitator_token))
    assert not sc.is_connected("/live")
    assert not live(token=token).is_connected("/live")


def test_agenda_changes_over_http_are_broadcast_to_the_room(client, meeting, live):
    sc = live(token=join(client, meeting.join_code, "Maria", "Philippines"))
    sc.get_received("/live")
    client.post(f"/api/v1/workshops/{meeting.slug}/agenda", headers=bearer(meeting.facilitator_token),
                json={"title": "Group work: cross-border knowledge sharing", "day": 2, "kind": "group_work"})
    items = events(sc, "agenda")[-1]["items"]
    assert "Group work: cross-border knowledge sharing" in [i["title"] for i in items]
