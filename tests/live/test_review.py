"""Comments, amendments and authorship on a live section."""

from tests.conftest import bearer, join
from tests.live.test_collab_guards import facilitator, observer
from tests.live.test_collab_protocol import delegate


def test_a_comment_is_anchored_threaded_and_resolved_by_its_author(app, live, client, meeting, draft):
    maria = delegate(live, client, meeting, draft)
    somchai = delegate(live, client, meeting, draft, "Somchai", "Thailand")
    maria.join()
    maria.type(0, "Members agree to share good practices.")
    ack = maria.act("comment.add", {"section_id": draft.section_id, "quote": "good practices",
                                    "body": "Could we say 'promising practices'?"})
    assert ack["ok"]
    comment = ack["data"]
    assert comment["anchor"]["start"]["item"] and comment["author"] == "Maria Santos"
    reply = somchai.act("comment.add", {"section_id": draft.section_id, "parent_id": comment["id"],
                                        "body": "Fine with us."})
    assert reply["ok"] and reply["data"]["parent_id"] == comment["id"]
    refused = somchai.act("comment.resolve", {"comment_id": comment["id"]})
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
    done = maria.act("comment.resolve", {"comment_id": comment["id"]})
    assert done["ok"] and done["data"]["resolved"] is True
    somchai.pump()
    changes = [m["args"][0]["change"] for m in somchai.other if m["name"] == "comment"]
    assert changes == ["added", "added", "resolved"]


def test_observers_comment_but_cannot_propose_amendments(app, live, client, meeting, draft):
    maria = delegate(live, client, meeting, draft)
    maria.join()
    maria.type(0, "Text.")
    watcher = observer(live, client, meeting, draft)
    assert watcher.act("comment.add", {"section_id": draft.section_id, "body": "A question."})["ok"]
    ack = watcher.act("amendment.propose", {"section_id": draft.section_id, "quote": "Text.",
                                            "replacement": "Other."})
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"


def test_an_accepted_amendment_goes_into_the_live_text_attributed_to_the_accepter(app, live, client, meeting,
                                                                                   draft):
    maria = delegate(live, client, meeting, draft)
    chair = facilitator(live, meeting, draft)
    maria.join()
    maria.type(0, "Members agree to share good practices annually.")
    ack = maria.act("amendment.propose", {"section_id": draft.section_id, "quote": "good practices",
                                          "replacement": "promising practices", "reason": "Softer wording."})
    assert ack["ok"] and ack["data"]["state"] == "proposed"
    assert ack["data"]["delegation_id"] == meeting.delegation_ids["Philippines"]
    missing = maria.act("amendment.propose", {"section_id": draft.section_id, "quote": "not in the text"})
    assert missing["ok"] is False and missing["error"]["code"] == "invalid"
    assert maria.act("amendment.accept", {"amendment_id": ack["data"]["id"]})["error"]["code"] == "forbidden"
    accepted = chair.act("amendment.accept", {"amendment_id": ack["data"]["id"]})
    assert accepted["ok"] and accepted["data"]["state"] == "accepted"
    assert accepted["data"]["decided_by"] == "Co-Chair Team"
    maria.pump()
    assert maria.value == "Members agree to share promising practices annually."
    again = chair.act("amendment.accept", {"amendment_id": ack["data"]["id"]})
    assert again["ok"] is False and again["error"]["code"] == "conflict"
    runs = client.get(f"/api/v1/workshops/{meeting.slug}/sections/{draft.section_id}/authorship",
                      headers=bearer(meeting.facilitator_token)).get_json()["runs"]
    assert "".join(r["text"] for r in runs) == maria.value
    by_delegation = {r["text"]: r["delegation"] for r in runs}
    assert by_delegation["promising practices"] is None  # the facilitator speaks for no delegation
    assert by_delegation["Members agree to share "] == "Philippines"


def test_a_rejected_amendment_leaves_the_text_alone(app, live, client, meeting, draft):
    maria = delegate(live, client, meeting, draft)
    chair = facilitator(live, meeting, draft)
    maria.join()
    maria.type(0, "Keep this.")
    ack = maria.act("amendment.propose", {"section_id": draft.section_id, "quote": "Keep", "replacement": "Drop"})
    rejected = chair.act("amendment.reject", {"amendment_id": ack["data"]["id"]})
    assert rejected["ok"] and rejected["data"]["state"] == "rejected"
    maria.pump()
    assert maria.value == "Keep this."


def test_authorship_shows_which_delegation_wrote_each_passage(app, live, client, meeting, draft):
    maria = delegate(live, client, meeting, draft)
    somchai = delegate(live, client, meeting, draft, "Somchai", "Thailand")
    maria.join()
    somchai.join()
    maria.type(0, "Philippine text. ")
    somchai.pump()
    somchai.type(len(somchai.value), "Thai text.")
    maria.pump()
    data = client.get(f"/api/v1/workshops/{meeting.slug}/sections/{draft.section_id}/authorship",
                      headers=bearer(join(client, meeting.join_code, "Budi", "Indonesia"))).get_json()
    assert [(r["text"], r["delegation"]) for r in data["runs"]] == [
        ("Philippine text. ", "Philippines"), ("Thai text.", "Thailand")]


def test_the_redline_compares_a_revision_with_now_and_with_another_revision(app, live, client, meeting, draft):
    maria = delegate(live, client, meeting, draft)
    maria.join()
    maria.type(0, "Members agree to share good practices.")
    rev1 = maria.act("section.snapshot", {"section_id": draft.section_id, "label": "Rev.1"})["data"]
    maria.peer.delete(len("Members agree to share "), len("good"))
    maria.peer.insert(len("Members agree to share "), "promising")
    maria.flush()
    rev2 = maria.act("section.snapshot", {"section_id": draft.section_id, "label": "Rev.2"})["data"]
    url = f"/api/v1/workshops/{meeting.slug}/sections/{draft.section_id}/redline"
    headers = bearer(meeting.facilitator_token)
    between = client.get(f"{url}?from={rev1['id']}&to={rev2['id']}", headers=headers).get_json()
    assert between["from"] == "Rev.1" and between["to"] == "Rev.2"
    assert {"op": "delete", "text": "good"} in between["ops"]
    assert {"op": "insert", "text": "promising"} in between["ops"]
    now = client.get(f"{url}?from={rev2['id']}", headers=headers).get_json()
    assert now["to"] == "now" and [o["op"] for o in now["ops"]] == ["equal"]
    assert client.get(f"{url}?from=abc", headers=headers).status_code == 400
    assert client.get(f"{url}?from=99999", headers=headers).status_code == 404
