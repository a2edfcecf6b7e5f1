"""Inputs the fuzz test (test_fuzz.py) found crashing a handler, and their kin over HTTP: each is answered
with a §5 code now."""

import pytest

from tests.conftest import bearer
from tests.live.conftest import act
from workshop.extensions import socketio

# JSON may carry half of a UTF-16 pair ("\ud800"); it is no character and no database stores it
BROKEN = ["Bob\udc80", "\ud800", "One\ud83d"]


@pytest.mark.parametrize("text", BROKEN)
def test_text_with_a_lone_surrogate_is_invalid_not_a_crash(room, draft, text):
    for sc, name, data, field in [
        (room.australia, "comment.add", {"section_id": draft.section_id, "body": text}, "comment"),
        (room.australia, "section.snapshot", {"section_id": draft.section_id, "label": text}, "label"),
        (room.staff, "outcome.add", {"kind": "note", "text": text}, "text"),
        (room.staff, "poll.create", {"title": "Priorities", "method": "single", "options": [text, "Two"]},
         "option text"),
    ]:
        reply = act(sc, name, data)
        assert reply["ok"] is False and reply["error"]["code"] == "invalid", (name, reply)
        assert field in reply["error"]["message"], (name, reply)


def test_a_lone_surrogate_over_http_is_a_400(client, meeting):
    response = client.post(f"/api/v1/workshops/{meeting.slug}/delegations", json={"name": "Bor\udc80duria"},
                           headers=bearer(meeting.facilitator_token))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"
    response = client.post("/api/v1/join", json={"code": meeting.join_code, "name": "Ana",
                                                 "delegation": "Thai\ud800land"})
    assert response.status_code == 400


@pytest.mark.parametrize("auth", [{"token": "\ud800" * 10}, {"token": "wsp_\udc80"},
                                  {"workshop": "bali-\ud800"}])
def test_a_token_or_workshop_that_is_not_ascii_is_refused_at_connect(app, meeting, auth):
    if "workshop" in auth:
        auth = {**auth, "token": meeting.facilitator_token}
    sc = socketio.test_client(app, namespace="/live", auth=auth)
    assert not sc.is_connected("/live")



@pytest.mark.parametrize("credentials", [{"email": "a\ud800@example.org", "password": "correct horse battery"},
                                         {"email": "cochair@example.org", "password": "correct\udc80 horse"}])
def test_signing_in_with_a_lone_surrogate_is_a_401_not_a_500(client, meeting, credentials):
    response = client.post("/api/v1/session", json=credentials)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"
