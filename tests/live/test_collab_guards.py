"""Frames that must not change a section: forbidden editors, bad frames, floods (DESIGN §5, issue 3)."""

from pycrdt import Doc, Text, create_update_message
from sqlalchemy import func, select

from tests.conftest import make_draft, make_meeting
from tests.live.test_collab_protocol import delegate
from tests.live.ysocket import YTestClient
from workshop.collab import rooms_for
from workshop.extensions import db
from workshop.live import collab as live_collab
from workshop.models import SectionUpdate
from workshop.ratelimit import SlidingWindow


def observer(live, client, meeting, draft):
    from tests.conftest import join

    token = join(client, meeting.observer_code, "Observer from Canada", "Canada")
    return YTestClient(live(token=token), draft.section_id)


def facilitator(live, meeting, draft):
    return YTestClient(live(token=meeting.facilitator_token, workshop=meeting.slug), draft.section_id)


def logged_rows(app, section_id) -> int:
    with app.app_context():
        rooms_for(db.session).flush()
        return db.session.scalar(select(func.count(SectionUpdate.id))
                                 .where(SectionUpdate.section_id == section_id))


def test_an_observer_follows_the_text_but_its_edits_are_dropped_with_an_error(app, live, client, meeting, draft):
    editor = delegate(live, client, meeting, draft)
    watcher = observer(live, client, meeting, draft)
    editor.join()
    ack = watcher.join()
    assert ack["ok"] and ack["data"]["may_edit"] is False
    assert watcher.errors == []  # its step 2 carried nothing new: no complaint
    editor.type(0, "Agreed text.")
    watcher.pump()
    assert watcher.value == "Agreed text."
    watcher.type(0, "Observer text. ")
    watcher.pump()
    assert watcher.errors[-1]["code"] == "forbidden"
    assert watcher.errors[-1]["section_id"] == draft.section_id
    assert "Observers" in watcher.errors[-1]["message"]
    editor.pump()
    assert editor.value == "Agreed text."
    # a cursor is fine: observers are present in the room
    watcher.send(watcher.peer.awareness_frame({"user": {"name": "Observer from Canada"}}))
    editor.pump()
    assert watcher.peer.doc.client_id in editor.peer.peers()
    with app.app_context():
        assert rooms_for(db.session).loaded(draft.section_id).markdown() == "Agreed text."


def test_a_locked_section_takes_edits_only_from_facilitators(app, live, client, meeting, draft):
    editor = delegate(live, client, meeting, draft)
    chair = facilitator(live, meeting, draft)
    editor.join()
    chair.join()
    editor.type(0, "Draft.")
    ack = chair.act("section.set_status", {"section_id": draft.section_id, "status": "locked"})
    assert ack["ok"] and ack["data"]["status"] == "locked"
    editor.type(len(editor.value), " Late change.")
    editor.pump()
    assert editor.errors[-1]["code"] == "forbidden" and "locked" in editor.errors[-1]["message"]
    chair.pump()
    chair.type(len(chair.value), " Chair's fix.")
    chair.pump()
    assert chair.errors == []
    assert chair.value == "Draft. Chair's fix."
    with app.app_context():
        assert rooms_for(db.session).loaded(draft.section_id).markdown() == "Draft. Chair's fix."


def test_a_participant_of_another_workshop_cannot_join_or_edit(app, live, client, meeting, draft):
    other = make_meeting(app, title="Fourth Meeting of the Working Group on Trafficking in Persons",
                         email="wgtip@example.org")
    from tests.conftest import join

    token = join(client, other.join_code, "Intruder", "Thailand")
    intruder = YTestClient(live(token=token), draft.section_id)
    ack = intruder.join()
    assert ack == {"ok": False, "error": {"code": "not_found", "message": "No such section in this workshop."}}
    intruder.type(0, "Injected.")
    intruder.pump()
    assert intruder.errors[-1]["code"] == "invalid"
    editor = delegate(live, client, meeting, draft)
    editor.join()
    assert editor.value == ""
    assert logged_rows(app, draft.section_id) == 0


def test_bad_frames_are_refused_and_the_room_keeps_serving_others(app, live, client, meeting, draft):
    a = delegate(live, client, meeting, draft)
    b = delegate(live, client, meeting, draft, "Somchai", "Thailand")
    a.join()
    b.join()
    a.type(0, "Kept text.")
    b.pump()
    rows = logged_rows(app, draft.section_id)
    foreign = Doc()
    foreign.get("body", type=Text).insert(0, "x")
    cut = create_update_message(foreign.get_update())[:-3]
    bad = [
        "not binary",
        b"",
        b"\x07\x00",  # unknown message type
        b"\x00\x09\x00",  # unknown sync type
        b"\x00\x02\x05ab",  # shorter than it says
        cut,
        b"\x00\x02\x04\xff\xff\xff\x7f",  # an update pycrdt cannot read
        b"\x00\x00\x01\x00\x00",  # bytes left over
        b"\x01\x05\x01\x01\x01\x01{",  # awareness that is not JSON
        b"\x00\x02" + b"\x80\x80\x40" + b"\x00" * (1024 * 1024 + 10),  # larger than 1 MiB
    ]
    for frame in bad:
        a.send(frame)
    a.send(b"\x00\x00\x01\x00", section_id="1")
    a.send(b"\x00\x00\x01\x00", section_id=draft.section_id + 99)
    a.pump()
    assert len(a.errors) == len(bad) + 2
    assert all(e["code"] == "invalid" for e in a.errors)
    assert any("1024 KiB" in e["message"] for e in a.errors)
    b.type(0, "Still served: ")
    a.pump()
    assert a.value == b.value == "Still served: Kept text."
    assert logged_rows(app, draft.section_id) == rows + 1


def test_a_flood_of_frames_from_one_participant_is_rate_limited(app, live, client, meeting, draft, monkeypatch):
    monkeypatch.setattr(live_collab, "FRAME_LIMIT", SlidingWindow(limit=8, window=60))
    a = delegate(live, client, meeting, draft)
    b = delegate(live, client, meeting, draft, "Somchai", "Thailand")
    a.join()  # join's step 1 and step 2 count too
    b.join()
    for i in range(10):
        a.type(0, str(i))
    a.pump()
    assert [e["code"] for e in a.errors].count("rate_limited") >= 1
    b.type(0, "Others still edit. ")
    b.pump()
    assert b.errors == []


def test_a_section_with_open_brackets_cannot_be_agreed(app, live, client, meeting):
    draft = make_draft(app, meeting, body="Members [agree] to share [good] practices.")
    chair = facilitator(live, meeting, draft)
    ack = chair.act("section.set_status", {"section_id": draft.section_id, "status": "agreed"})
    assert ack["ok"] is False and ack["error"]["code"] == "conflict"
    assert "2 bracketed passages" in ack["error"]["message"]
    chair.join()
    chair.peer.text.clear()
    chair.peer.insert(0, "Members agree to share good practices.")
    chair.flush()
    ack = chair.act("section.set_status", {"section_id": draft.section_id, "status": "agreed"})
    assert ack["ok"] and ack["data"]["status"] == "agreed" and ack["data"]["brackets"] == 0
