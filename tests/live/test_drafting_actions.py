"""Section actions over /live: create, update, status; every payload gets an ack (docs/architecture.md §5)."""

from tests.conftest import events, join
from tests.live.test_collab_guards import facilitator
from tests.live.test_collab_protocol import delegate


def test_a_new_section_is_announced_and_appears_in_the_state(app, live, client, meeting, draft):
    chair = facilitator(live, meeting, draft)
    maria = delegate(live, client, meeting, draft)
    maria.sc.get_received("/live")
    ack = chair.act("section.create", {"document_id": draft.document_id, "heading": "Objective 2",
                                       "tags": ["Border management"], "body": "[Objective statement.]"})
    assert ack["ok"] and ack["data"]["brackets"] == 1 and ack["data"]["markdown"] == "[Objective statement.]"
    announced = events(maria.sc, "section")[-1]
    assert announced["change"] == "created" and announced["section"]["heading"] == "Objective 2"
    assert "markdown" not in announced["section"]
    moved = chair.act("section.update", {"section_id": ack["data"]["id"], "position": 0})
    assert moved["ok"] and moved["data"]["position"] == 0
    token = join(client, meeting.join_code, "Budi", "Indonesia")
    state = events(live(token=token), "state")[0]
    assert [s["heading"] for s in state["documents"][0]["sections"]] == \
        ["Objective 2", "Objective 1: Victim-centred returns and reintegration"]


def test_delegates_cannot_create_sections_or_change_their_status(app, live, client, meeting, draft):
    maria = delegate(live, client, meeting, draft)
    for name, payload in [("section.create", {"document_id": draft.document_id, "heading": "Mine"}),
                          ("section.set_status", {"section_id": draft.section_id, "status": "locked"}),
                          ("section.update", {"section_id": draft.section_id, "heading": "Renamed"})]:
        ack = maria.act(name, payload)
        assert ack["ok"] is False and ack["error"]["code"] == "forbidden", name


ACTIONS = ["section.join", "section.leave", "section.create", "section.update", "section.set_status",
           "section.snapshot", "section.restore", "comment.add", "comment.resolve", "amendment.propose",
           "amendment.accept", "amendment.reject"]
HOSTILE = [None, ["a", "list"], "text", {"section_id": "one"},
           {"section_id": True, "comment_id": [], "amendment_id": {}, "document_id": 2.5}]


def test_every_drafting_action_answers_hostile_payloads_with_an_error(app, live, meeting, draft):
    chair = facilitator(live, meeting, draft)
    for name in ACTIONS:
        for payload in HOSTILE:
            args = () if payload is None else (payload,)
            ack = chair.sc.emit(name, *args, namespace="/live", callback=True)
            assert ack["ok"] is False and ack["error"]["code"] in ("invalid", "not_found"), (name, payload, ack)
