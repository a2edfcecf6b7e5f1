"""The `y` wire contract over /live: join, sync, updates, awareness (docs/architecture.md §5)."""

from sqlalchemy import select

from tests.conftest import join
from tests.live.ysocket import YTestClient, app_engine
from tests.ypeer import YPeer
from workshop.collab import engine_for
from workshop.extensions import db
from workshop.models import Section, SectionUpdate

AT_START = {"type": None, "tname": "body", "item": None, "assoc": 0}  # a Yjs relative position as JSON


def delegate(live, client, meeting, draft, name="Maria Santos", delegation="Philippines"):
    token = join(client, meeting.join_code, name, delegation)
    return YTestClient(live(token=token), draft.section_id)


def test_join_sends_step1_and_two_delegates_converge_with_the_server_mirror(app, live, client, meeting, draft):
    a = delegate(live, client, meeting, draft)
    b = delegate(live, client, meeting, draft, "Somchai", "Thailand")
    ack = a.join()
    assert ack["ok"] and ack["data"]["may_edit"] is True and ack["data"]["epoch"] == 1
    assert b.join()["ok"]
    a.type(0, "Members agree to share good practices.")
    b.pump()
    assert b.value == "Members agree to share good practices."
    b.type(len(b.value), " [Subject to capitals.]")
    a.type(0, "1. ")
    a.pump()
    b.pump()
    assert a.value == b.value == "1. Members agree to share good practices. [Subject to capitals.]"
    with app.app_context():
        engine_for(db.session).flush()
        section = db.session.get(Section, draft.section_id)
        assert section.markdown == a.value
        assert section.brackets == 1
    response = client.get(f"/api/v1/workshops/{meeting.slug}/sections/{draft.section_id}",
                          headers={"Authorization": f"Bearer {meeting.facilitator_token}"})
    assert response.get_json()["markdown"] == a.value
    assert a.errors == [] and b.errors == []


def test_a_late_joiner_receives_the_text_and_the_awareness_of_those_present(app, live, client, meeting, draft):
    a = delegate(live, client, meeting, draft)
    a.join()
    a.send(a.peer.awareness_frame({"user": {"name": "Maria Santos", "color": "#aa0000"}}))
    a.type(0, "Text typed before the second delegate arrived.")
    late = delegate(live, client, meeting, draft, "Budi", "Indonesia")
    late.join()
    assert late.value == "Text typed before the second delegate arrived."
    # as the server knows her, whatever her client said
    [state] = late.peer.peers().values()
    assert state["user"]["name"] == "Maria Santos (Philippines)" and state["user"]["color"] != "#aa0000"


def test_awareness_of_a_disconnected_client_disappears_for_the_others(app, live, client, meeting, draft):
    a = delegate(live, client, meeting, draft)
    b = delegate(live, client, meeting, draft, "Somchai", "Thailand")
    a.join()
    b.join()
    a.send(a.peer.awareness_frame({"user": {"name": "Maria Santos"}, "cursor": {"anchor": AT_START, "head": AT_START}}))
    b.pump()
    assert a.peer.doc.client_id in b.peer.peers()
    a.sc.disconnect(namespace="/live")
    b.pump()
    assert a.peer.doc.client_id not in b.peer.peers()
    late = delegate(live, client, meeting, draft, "Budi", "Indonesia")
    late.join()
    assert late.peer.peers() == {}


def test_leaving_a_section_removes_the_cursor_and_stops_frames(app, live, client, meeting, draft):
    a = delegate(live, client, meeting, draft)
    b = delegate(live, client, meeting, draft, "Somchai", "Thailand")
    a.join()
    b.join()
    a.send(a.peer.awareness_frame({"user": {"name": "Maria Santos"}}))
    b.pump()
    assert a.act("section.leave", {"section_id": draft.section_id})["ok"]
    b.pump()
    assert b.peer.peers() == {}
    b.type(0, "After the first one left.")
    assert a.pump() == 0
    a.type(0, "x")
    a.pump()
    assert a.errors and a.errors[-1]["code"] == "invalid" and a.errors[-1]["section_id"] == draft.section_id
    b.pump()
    assert b.value == "After the first one left."


def test_a_change_is_acked_only_once_it_is_in_the_database(app, live, client, meeting, draft):
    # The writer's rounds are far apart here: an ack sent on arrival would come long before the row
    app_engine(app).flush_interval = 0.5
    a = delegate(live, client, meeting, draft)
    a.join()
    a.peer.insert(0, "Stored before the ack says so.")
    [frame] = a.peer.take_updates()
    assert a.sc.emit("y", draft.section_id, frame, namespace="/live", callback=True) == {"ok": True}
    with app.app_context():
        rows = db.session.scalars(select(SectionUpdate.data).where(SectionUpdate.section_id == draft.section_id)).all()
        assert db.session.get(Section, draft.section_id).markdown == "Stored before the ack says so."
    stored = YPeer(draft.section_id)
    for data in rows:
        stored.doc.apply_update(data)
    assert stored.value == "Stored before the ack says so."
    # A cursor is not stored: its ack comes at once
    cursor = a.peer.awareness_frame({"user": {"name": "Maria Santos"}, "cursor": {"anchor": AT_START, "head": AT_START}})
    assert a.sc.emit("y", draft.section_id, cursor, namespace="/live", callback=True) == {"ok": True}


def test_a_refused_frame_is_acked_with_the_reason_as_well(app, live, client, meeting, draft):
    a = delegate(live, client, meeting, draft)
    a.join()
    ack = a.sc.emit("y", draft.section_id, b"\x07not y-protocols", namespace="/live", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    a.pump()
    assert a.errors[-1]["code"] == "invalid" and a.errors[-1]["message"] == ack["error"]["message"]


def test_an_empty_step2_is_acked_only_once_what_the_replica_holds_is_stored(app, live, client, meeting, draft,
                                                                       monkeypatch):
    from sqlalchemy.exc import OperationalError

    from workshop.collab.protocol import sync_step2

    app.config["COLLAB_SAVE_TIMEOUT"] = 0.5
    engine = app_engine(app)
    write, database_down = engine._write, [True]

    def failing_write(batch):
        if database_down[0]:
            raise OperationalError("INSERT", {}, Exception("the database is unreachable"))
        return write(batch)

    monkeypatch.setattr(engine, "_write", failing_write)
    a = delegate(live, client, meeting, draft)
    a.join()
    a.peer.insert(0, "Typed while the database is away.")
    [frame] = a.peer.take_updates()
    assert a.sc.emit("y", draft.section_id, frame, namespace="/live", callback=True)["ok"] is False
    # Back from a dropped connection: the replica has the text in memory, so the client's step 2 is empty
    replica = engine.loaded(draft.section_id)
    assert replica.markdown() == "Typed while the database is away."
    step2 = sync_step2(a.peer.doc.get_update(replica.doc.get_state()))
    assert a.sc.emit("y", draft.section_id, step2, namespace="/live", callback=True)["ok"] is False
    database_down[0] = False
    assert a.sc.emit("y", draft.section_id, step2, namespace="/live", callback=True) == {"ok": True}
    with app.app_context():
        assert db.session.get(Section, draft.section_id).markdown == "Typed while the database is away."
