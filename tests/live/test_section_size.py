"""A section's live text is capped (services.drafting.MAX_SECTION_TEXT): a change that would take it past the
cap is refused `invalid` and nothing of it is applied; changes within it, and deletions from a text over it,
are taken. Accepting an amendment is held to the same cap."""

import pytest

from tests.conftest import bearer, join
from tests.live.ysocket import YTestClient
from workshop.services import drafting, review

CAP = 1_000


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(drafting, "MAX_SECTION_TEXT", CAP)
    monkeypatch.setattr(review, "MAX_SECTION_TEXT", CAP, raising=False)


def section_text(client, meeting, draft) -> str:
    return client.get(f"/api/v1/workshops/{meeting.slug}/sections/{draft.section_id}",
                      headers=bearer(meeting.facilitator_token)).get_json()["markdown"]


def test_a_change_past_the_cap_is_refused_and_one_within_it_is_taken(small_cap, app, live, client, meeting, draft):
    maria = YTestClient(live(token=join(client, meeting.join_code, "Maria Santos", "Philippines")),
                        draft.section_id)
    assert maria.join()["ok"]
    maria.type(0, "a" * (CAP - 10))
    maria.pump()
    assert maria.errors == [] and section_text(client, meeting, draft) == "a" * (CAP - 10)
    maria.peer.insert(0, "b" * 11)  # one character too many
    (frame,) = maria.peer.take_updates()
    ack = maria.sc.emit("y", draft.section_id, frame, namespace="/live", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert f"longer than {CAP:,} characters" in ack["error"]["message"]
    assert section_text(client, meeting, draft) == "a" * (CAP - 10)
    # a fresh client: the text as stored, within the cap; what stays within it is still taken
    ana = YTestClient(live(token=join(client, meeting.join_code, "Ana", "Australia")), draft.section_id)
    assert ana.join()["ok"]
    ana.type(0, "c" * 10)
    ana.pump()
    assert section_text(client, meeting, draft) == "c" * 10 + "a" * (CAP - 10)
    ana.peer.delete(0, 5)
    (frame,) = ana.peer.take_updates()
    assert ana.sc.emit("y", draft.section_id, frame, namespace="/live", callback=True)["ok"]


def test_an_amendment_that_would_pass_the_cap_is_not_applied(small_cap, app, live, client, meeting, draft):
    maria = YTestClient(live(token=join(client, meeting.join_code, "Maria Santos", "Philippines")),
                        draft.section_id)
    assert maria.join()["ok"]
    maria.type(0, "Members agree. " + "a" * (CAP - 20))
    proposed = maria.act("amendment.propose", {"section_id": draft.section_id, "quote": "agree",
                                               "replacement": "agree " + "b" * 50})
    assert proposed["ok"], proposed
    chair = YTestClient(live(token=meeting.facilitator_token, workshop=meeting.slug), draft.section_id)
    refused = chair.act("amendment.accept", {"amendment_id": proposed["data"]["id"]})
    assert refused["ok"] is False and refused["error"]["code"] == "invalid"
    assert section_text(client, meeting, draft).startswith("Members agree. a")
    again = chair.act("amendment.accept", {"amendment_id": proposed["data"]["id"]})
    assert again["error"]["code"] == "invalid"  # still proposed: the refusal changed nothing
