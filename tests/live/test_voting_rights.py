"""Voting rights over /live: participant.set_voter|confirm_single|revoke_link, and who may vote (docs/architecture.md §3, §5)."""

import pytest

from tests.conftest import events, eventually, join, join_voter
from tests.live.conftest import BAD_PAYLOADS, act, error_code, ok


@pytest.fixture
def people(meeting, client, live):
    tokens = {
        "maria": join(client, meeting.join_code, "Maria", "Philippines"),  # the delegate code: not a voter
        "anna": join_voter(client, meeting, "Anna", "Australia"),
        "claire": join(client, meeting.observer_code, "Claire", "Canada"),
    }
    sockets = {"staff": live(token=meeting.facilitator_token, workshop=meeting.slug)}
    sockets.update({name: live(token=token) for name, token in tokens.items()})
    ids = {name: events(sc, "state")[0]["me"]["id"] for name, sc in sockets.items()}
    for sc in sockets.values():
        sc.get_received("/live")
    return sockets, ids


def test_staff_confirm_a_voter_the_consoles_update_and_the_participant_hears_it(people):
    sockets, ids = people
    data = ok(sockets["staff"], "participant.set_voter", {"participant_id": ids["maria"], "voter": True})
    assert data["voter"] is True and data["id"] == ids["maria"]
    listed = eventually(sockets["staff"], "participants",
                        lambda p: any(x["id"] == ids["maria"] and x["voter"] for x in p["participants"]))
    assert listed
    mine = [e["participant"] for e in events(sockets["maria"], "participant")]
    assert mine and mine[-1]["voter"] is True
    assert events(sockets["anna"], "participant") == [] and events(sockets["anna"], "participants") == []
    ok(sockets["staff"], "participant.set_voter", {"participant_id": ids["maria"], "voter": False})
    assert [e["participant"]["voter"] for e in events(sockets["maria"], "participant")] == [False]


def test_only_staff_set_voters_and_bad_payloads_are_invalid(people):
    sockets, ids = people
    for name in ("maria", "anna", "claire"):
        assert error_code(sockets[name], "participant.set_voter",
                          {"participant_id": ids["maria"], "voter": True}) == "forbidden"
        assert error_code(sockets[name], "participant.confirm_single", {}) == "forbidden"
    for payload in BAD_PAYLOADS:
        assert act(sockets["staff"], "participant.set_voter", payload)["error"]["code"] == "invalid"
    for payload in ({"participant_id": ids["maria"], "voter": "yes"}, {"participant_id": ids["maria"]},
                    {"participant_id": ids["claire"], "voter": True}):
        assert error_code(sockets["staff"], "participant.set_voter", payload) == "invalid", payload
    for pid in (None, "x", 99999, -1, [1]):
        assert error_code(sockets["staff"], "participant.set_voter", {"participant_id": pid, "voter": True}) \
            == "not_found"


def test_an_unconfirmed_delegate_is_refused_forbidden_and_a_delegation_code_voter_votes(people):
    sockets, ids = people
    poll = ok(sockets["staff"], "poll.create", {"title": "Adopt the FWP?", "method": "yes_no_abstain"})
    ok(sockets["staff"], "poll.open", {"poll_id": poll["id"]})
    assert error_code(sockets["maria"], "poll.vote", {"poll_id": poll["id"], "ballot": {"choice": "yes"}}) \
        == "forbidden"
    assert ok(sockets["anna"], "poll.vote", {"poll_id": poll["id"], "ballot": {"choice": "yes"}})["voted"]
    # Confirming Maria now does not change the open poll's electorate
    ok(sockets["staff"], "participant.set_voter", {"participant_id": ids["maria"], "voter": True})
    assert error_code(sockets["maria"], "poll.vote", {"poll_id": poll["id"], "ballot": {"choice": "no"}}) \
        == "forbidden"
    closed = ok(sockets["staff"], "poll.close", {"poll_id": poll["id"]})
    assert closed["turnout"] == {"voted": 1, "eligible": 1}
    # The console sees, per delegation, who may vote and whether it voted (ids; never what)
    assert closed["electors"] == [{"delegation_id": closed["electors"][0]["delegation_id"],
                                   "voter_ids": [ids["anna"]], "voted": True}]


def test_confirm_all_present_and_revoking_a_link_over_the_socket(people, client, meeting):
    sockets, ids = people
    done = ok(sockets["staff"], "participant.confirm_single", {})
    assert [p["name"] for p in done["confirmed"]] == ["Maria"]  # Anna was already a voter; Claire observes
    assert events(sockets["maria"], "participant")[-1]["participant"]["voter"] is True
    made = client.post(f"/api/v1/workshops/{meeting.slug}/participants/{ids['anna']}/rejoin-link",
                       headers={"Authorization": f"Bearer {meeting.facilitator_token}"})
    assert made.status_code == 201
    assert error_code(sockets["maria"], "participant.revoke_link", {"participant_id": ids["anna"]}) == "forbidden"
    revoked = ok(sockets["staff"], "participant.revoke_link", {"participant_id": ids["anna"]})
    assert revoked["rejoin_link"] is False
    url = made.get_json()["url"]
    assert client.get(url[url.index("/rejoin/"):]).status_code == 404
