"""The poll actions over /live: acks, who receives which broadcast, and every refused path."""

import json

import pytest

from tests.conftest import events, join, join_voter, make_meeting

FWP = ["Reintegration data sharing", "Joint return training", "Regional referral guidelines"]


@pytest.fixture
def people(meeting, client, live):
    """The facilitator, two member-state delegates and an observer, each on their own socket."""
    tokens = {
        "australia": join_voter(client, meeting, "Anna", "Australia"),
        "thailand": join_voter(client, meeting, "Somchai", "Thailand"),
        "canada": join(client, meeting.observer_code, "Claire", "Canada"),
    }
    sockets = {"facilitator": live(token=meeting.facilitator_token, workshop=meeting.slug)}
    sockets.update({name: live(token=token) for name, token in tokens.items()})
    for sc in sockets.values():
        sc.get_received("/live")
    return sockets


def act(sc, name, data):
    return sc.emit(name, data, namespace="/live", callback=True)


def polls(sc):
    return [e["poll"] for e in events(sc, "poll")]


def create(people, **extra):
    data = {"title": "Which FWP activities matter most?", "method": "dot", "options": FWP, "dots": 3,
            "max_per_option": 2, **extra}
    reply = act(people["facilitator"], "poll.create", data)
    assert reply["ok"], reply
    return reply["data"]


def opened(people, **extra):
    poll = create(people, **extra)
    assert act(people["facilitator"], "poll.open", {"poll_id": poll["id"]})["ok"]
    for sc in people.values():
        sc.get_received("/live")
    return poll


def test_creating_a_poll_acks_the_poll_and_tells_only_the_staff(people):
    poll = create(people)
    assert {k: poll[k] for k in ("title", "method", "status", "secret")} == {
        "title": "Which FWP activities matter most?", "method": "dot", "status": "draft", "secret": False}
    assert [o["text"] for o in poll["options"]] == FWP and all(isinstance(o["id"], int) for o in poll["options"])
    assert [p["id"] for p in polls(people["facilitator"])] == [poll["id"]]
    assert polls(people["australia"]) == [] and polls(people["canada"]) == []


def test_removing_a_draft_tells_the_staff_and_an_opened_poll_cannot_be_removed(people):
    draft = create(people)
    people["facilitator"].get_received("/live")
    assert act(people["australia"], "poll.remove", {"poll_id": draft["id"]})["error"]["code"] == "forbidden"
    reply = act(people["facilitator"], "poll.remove", {"poll_id": draft["id"]})
    assert reply == {"ok": True, "data": {"poll_id": draft["id"], "removed": True}}
    assert polls(people["facilitator"]) == [{"id": draft["id"], "removed": True}]
    assert polls(people["australia"]) == []  # the room never saw the draft, nor sees it go
    assert act(people["facilitator"], "poll.remove", {"poll_id": draft["id"]})["error"]["code"] == "not_found"
    poll = opened(people)
    assert act(people["facilitator"], "poll.remove", {"poll_id": poll["id"]})["error"]["code"] == "conflict"
    assert act(people["facilitator"], "poll.remove", {})["error"]["code"] in ("invalid", "not_found")


def test_opening_a_poll_tells_the_room_and_each_participant_whether_they_may_vote(people):
    poll = create(people)
    act(people["facilitator"], "poll.open", {"poll_id": poll["id"]})
    australia = polls(people["australia"])
    assert any(p.get("status") == "open" for p in australia)
    assert [p["my"]["can_vote"] for p in australia if "my" in p] == [True]
    canada = [p["my"] for p in polls(people["canada"]) if "my" in p]
    assert canada[0]["can_vote"] is False and "Only delegates" in canada[0]["reason"]


def test_a_vote_is_acked_and_the_room_sees_turnout_but_not_hidden_results(meeting, people):
    poll = opened(people)
    a = poll["options"][0]["id"]
    reply = act(people["australia"], "poll.vote", {"poll_id": poll["id"], "ballot": {"allocations": {str(a): 2}}})
    assert reply == {"ok": True, "data": {"poll_id": poll["id"], "voted": True, "changed": False,
                                          "my": reply["data"]["my"]}}
    assert reply["data"]["my"]["voted"] and reply["data"]["my"]["ballot"] == {"allocations": {str(a): 2}}
    room_view = [p for p in polls(people["thailand"]) if "turnout" in p]
    # Eligible: the delegations with a confirmed voter when the poll opened (Australia and Thailand)
    assert room_view[-1]["turnout"] == {"voted": 1, "eligible": 2} and room_view[-1]["results"] is None
    assert "voted_delegation_ids" not in room_view[-1]
    staff_view = [p for p in polls(people["facilitator"]) if "voted_delegation_ids" in p]
    assert staff_view[-1]["voted_delegation_ids"] == [meeting.delegation_ids["Australia"]]
    assert staff_view[-1]["results"] is None  # hidden until close, for staff too


def test_closing_shows_results_to_staff_and_publishing_shows_them_to_everyone(people):
    poll = opened(people)
    a, b = poll["options"][0]["id"], poll["options"][1]["id"]
    act(people["australia"], "poll.vote", {"poll_id": poll["id"], "ballot": {"allocations": {str(a): 2, str(b): 1}}})
    act(people["thailand"], "poll.vote", {"poll_id": poll["id"], "ballot": {"allocations": {str(b): 2}}})
    for sc in people.values():
        sc.get_received("/live")
    closed = act(people["facilitator"], "poll.close", {"poll_id": poll["id"]})
    assert closed["ok"] and closed["data"]["status"] == "closed"
    assert closed["data"]["results"]["results"][0] == {"option_id": b, "text": FWP[1], "points": 3,
                                                       "rank": 1, "tied": False}
    assert [p["results"] for p in polls(people["thailand"]) if "results" in p] == [None]
    act(people["facilitator"], "poll.publish", {"poll_id": poll["id"]})
    published = [p["results"] for p in polls(people["canada"]) if "results" in p][-1]
    assert published["status"] == "published" and published["turnout"] == {"voted": 2, "eligible": 2}
    assert [(r["text"], r["points"]) for r in published["results"]] == [(FWP[1], 3), (FWP[0], 2), (FWP[2], 0)]
    assert published["svg"].startswith("<svg") and "Joint return training" in published["svg"]


def test_live_results_reach_the_room_with_every_ballot(people):
    poll = opened(people, method="single", results="live")
    a = poll["options"][2]["id"]
    act(people["thailand"], "poll.vote", {"poll_id": poll["id"], "ballot": {"choice": a}})
    results = [p["results"] for p in polls(people["canada"]) if p.get("results")][-1]
    assert results["results"][0]["option_id"] == a and results["results"][0]["count"] == 1


def test_a_secret_poll_never_sends_anyone_a_delegations_choice(people):
    poll = opened(people, method="single", secret=True)
    a = poll["options"][0]["id"]
    reply = act(people["australia"], "poll.vote", {"poll_id": poll["id"], "ballot": {"choice": a}})
    assert reply["data"]["my"]["voted"] and reply["data"]["my"]["ballot"] is None
    act(people["facilitator"], "poll.close", {"poll_id": poll["id"]})
    act(people["facilitator"], "poll.publish", {"poll_id": poll["id"]})
    for name, sc in people.items():
        sent = json.dumps(polls(sc))
        assert '"ballot": {' not in sent and '"ballots"' not in sent, name
        if name != "australia":  # Australia's own sockets are told who voted for it, still not what
            assert "Australia" not in sent and "Anna" not in sent, name


def test_delegates_and_observers_cannot_run_polls_and_staff_and_observers_cannot_vote(people):
    poll = create(people)
    for who in ("australia", "canada"):
        for name in ("poll.create", "poll.open", "poll.close", "poll.publish"):
            reply = act(people[who], name, {"poll_id": poll["id"], "title": "x", "method": "single",
                                            "options": FWP})
            assert reply["error"]["code"] == "forbidden", (who, name)
    act(people["facilitator"], "poll.open", {"poll_id": poll["id"]})
    ballot = {"poll_id": poll["id"], "ballot": {"allocations": {}}}
    assert act(people["facilitator"], "poll.vote", ballot)["error"]["code"] == "forbidden"
    assert act(people["canada"], "poll.vote", ballot)["error"]["code"] == "forbidden"


def test_every_malformed_payload_gets_an_invalid_or_not_found_ack(people):
    poll = opened(people)
    shapes = [None, [], "poll", 7, {}, {"poll_id": "seven"}, {"poll_id": 10**12}, {"poll_id": [1]},
              {"poll_id": poll["id"], "ballot": "all of them"},
              {"poll_id": poll["id"], "ballot": {"allocations": {"1": "two"}}}]
    for name, who in (("poll.vote", "australia"), ("poll.open", "facilitator"), ("poll.close", "facilitator"),
                      ("poll.publish", "facilitator")):
        for data in shapes:
            if name != "poll.vote" and isinstance(data, dict) and "ballot" in data:
                continue
            reply = people[who].emit(name, data, namespace="/live", callback=True) if data is not None \
                else people[who].emit(name, namespace="/live", callback=True)
            assert reply["ok"] is False and reply["error"]["code"] in ("invalid", "not_found"), (name, data)
    for data in ([], {"title": 5}, {"title": "T", "method": "dot", "options": {"a": 1}}):
        assert act(people["facilitator"], "poll.create", data)["error"]["code"] == "invalid"


def test_a_poll_of_another_workshop_is_not_found(app, people):
    other = make_meeting(app, title="Seventh meeting", email="other@example.org")
    from workshop.extensions import socketio

    other_staff = socketio.test_client(app, namespace="/live", auth={"token": other.facilitator_token,
                                                                       "workshop": other.slug})
    foreign = other_staff.emit("poll.create", {"title": "Theirs", "method": "single", "options": FWP},
                               namespace="/live", callback=True)["data"]
    other_staff.emit("poll.open", {"poll_id": foreign["id"]}, namespace="/live", callback=True)
    other_staff.disconnect(namespace="/live")
    for name in ("poll.open", "poll.close", "poll.publish"):
        assert act(people["facilitator"], name, {"poll_id": foreign["id"]})["error"]["code"] == "not_found"
    reply = act(people["australia"], "poll.vote", {"poll_id": foreign["id"],
                                                   "ballot": {"choice": foreign["options"][0]["id"]}})
    assert reply["error"]["code"] == "not_found"


def test_the_state_on_connect_lists_open_polls_but_drafts_only_for_staff(meeting, people, live):
    create(people, title="Draft only")
    poll = opened(people, method="consensus", options=None, title="Adopt the FWP?")
    act(people["thailand"], "poll.vote", {"poll_id": poll["id"], "ballot": {"choice": "can_live"}})
    fresh = live(token=meeting.facilitator_token, workshop=meeting.slug)
    staff_state = events(fresh, "state")[0]
    assert [p["title"] for p in staff_state["polls"]] == ["Draft only", "Adopt the FWP?"]
    assert staff_state["polls"][1]["turnout"]["voted"] == 1
