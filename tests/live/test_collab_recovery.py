"""Reconnecting after being offline, and restoring a revision while clients hold newer text."""

from tests.conftest import bearer, join
from tests.live.test_collab_guards import facilitator
from tests.live.test_collab_protocol import delegate
from tests.live.ysocket import YTestClient


def test_offline_edits_merge_on_reconnect_without_loss_or_duplication(app, live, client, meeting, draft):
    token = join(client, meeting.join_code, "Maria Santos", "Philippines")
    maria = YTestClient(live(token=token), draft.section_id)
    somchai = delegate(live, client, meeting, draft, "Somchai", "Thailand")
    maria.join()
    somchai.join()
    maria.type(0, "Shared start.")
    somchai.pump()
    maria.sc.disconnect(namespace="/live")
    # offline: Maria keeps typing, Somchai too
    maria.peer.insert(0, "Maria offline. ")
    maria.peer.take_updates()  # lost with the connection
    somchai.type(len(somchai.value), " Somchai online.")
    back = YTestClient(live(token=token), draft.section_id)
    back.peer = maria.peer  # the same replica, as the browser keeps it
    back.join()
    somchai.pump()
    assert back.value == somchai.value
    for part in ("Maria offline. ", "Shared start.", " Somchai online."):
        assert back.value.count(part) == 1
    response = client.get(f"/api/v1/workshops/{meeting.slug}/sections/{draft.section_id}",
                          headers=bearer(meeting.facilitator_token))
    assert response.get_json()["markdown"] == back.value


def test_after_a_restore_stale_clients_are_refused_and_rejoin_with_the_revision(app, live, client, meeting,
                                                                                  draft):
    chair = facilitator(live, meeting, draft)
    maria = delegate(live, client, meeting, draft)
    chair.join()
    maria.join()
    maria.type(0, "Agreed paragraph.")
    chair.pump()
    rev = chair.act("section.snapshot", {"section_id": draft.section_id, "label": "Rev.1"})
    assert rev["ok"] and rev["data"]["markdown"] == "Agreed paragraph."
    maria.type(len(maria.value), " [Disputed addition.]")
    ack = chair.act("section.restore", {"section_id": draft.section_id, "revision_id": rev["data"]["id"]})
    assert ack["ok"] and ack["data"]["epoch"] == 2
    maria.pump()
    restored = [m["args"][0] for m in maria.other if m["name"] == "section"
                and m["args"][0]["change"] == "restored"]
    assert restored and restored[-1]["section"]["epoch"] == 2
    # the stale copy's frames would re-add the disputed text: refused
    maria.type(len(maria.value), " More.")
    maria.send(maria.peer.step1())
    maria.pump()
    assert maria.errors and maria.errors[-1]["code"] == "conflict"
    assert maria.act("section.join", {"section_id": draft.section_id, "epoch": 1})["error"]["code"] == "conflict"
    fresh = YTestClient(maria.sc, draft.section_id)
    assert fresh.join(epoch=2)["ok"]
    assert fresh.value == "Agreed paragraph."
    fresh.type(len(fresh.value), " Clean addition.")
    response = client.get(f"/api/v1/workshops/{meeting.slug}/sections/{draft.section_id}",
                          headers=bearer(meeting.facilitator_token))
    assert response.get_json()["markdown"] == "Agreed paragraph. Clean addition."
    revisions = client.get(f"/api/v1/workshops/{meeting.slug}/sections/{draft.section_id}/revisions",
                           headers=bearer(meeting.facilitator_token)).get_json()["revisions"]
    assert [r["label"] for r in revisions] == ["Rev.1", "Before restoring Rev.1"]
    assert revisions[1]["markdown"] == "Agreed paragraph. [Disputed addition.]"


def test_only_staff_restore_revisions(app, live, client, meeting, draft):
    maria = delegate(live, client, meeting, draft)
    maria.join()
    maria.type(0, "Text.")
    rev = maria.act("section.snapshot", {"section_id": draft.section_id, "label": "Delegate's save"})
    assert rev["ok"]
    ack = maria.act("section.restore", {"section_id": draft.section_id, "revision_id": rev["data"]["id"]})
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
