"""Frames that must not change a section: forbidden editors, bad frames, floods (docs/architecture.md §5, issue 3)."""

import json

from pycrdt import Doc, Text, create_update_message
from sqlalchemy import func, select

from tests.conftest import make_draft, make_meeting
from tests.live.test_collab_protocol import AT_START, delegate
from tests.live.ysocket import YTestClient
from workshop.collab import engine_for
from workshop.extensions import db
from workshop.live import coediting
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
        engine_for(db.session).flush()
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
    # a cursor is fine: observers are present in the replica
    watcher.send(watcher.peer.awareness_frame({"user": {"name": "Observer from Canada"}}))
    editor.pump()
    assert watcher.peer.doc.client_id in editor.peer.peers()
    with app.app_context():
        assert engine_for(db.session).loaded(draft.section_id).markdown() == "Agreed text."


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
        assert engine_for(db.session).loaded(draft.section_id).markdown() == "Draft. Chair's fix."


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


def test_bad_frames_are_refused_and_the_replica_keeps_serving_others(app, live, client, meeting, draft):
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
    assert any("too large to send at once (over 1 MiB)" in e["message"] for e in a.errors)
    b.type(0, "Still served: ")
    a.pump()
    assert a.value == b.value == "Still served: Kept text."
    assert logged_rows(app, draft.section_id) == rows + 1


def test_a_flood_of_frames_from_one_participant_is_rate_limited(app, live, client, meeting, draft, monkeypatch):
    monkeypatch.setattr(coediting, "FRAME_LIMIT", SlidingWindow(limit=8, window=60))
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


def delegate_as(live, client, meeting, draft, name, delegation, client_id=None):
    from tests.conftest import join

    return YTestClient(live(token=join(client, meeting.join_code, name, delegation)), draft.section_id, client_id)


def replica_states(app, section_id) -> dict:
    with app.app_context():
        return dict(engine_for(db.session).loaded(section_id).awareness.states)


def test_a_socket_may_not_set_or_remove_another_sockets_cursor(app, live, client, meeting, draft):
    victim = delegate(live, client, meeting, draft)
    victim.join()
    victim.send(victim.peer.awareness_frame({"cursor": {"anchor": AT_START, "head": AT_START}}))
    victim.pump()
    mine = replica_states(app, draft.section_id)[victim.peer.doc.client_id]
    forger = delegate_as(live, client, meeting, draft, "Somchai", "Thailand", client_id=victim.peer.doc.client_id)
    forger.join()
    forger.peer.awareness.set_local_state({"cursor": None})  # a clock past the victim's: it would win
    forger.send(forger.peer.awareness_frame({"user": {"name": "Co-Chair"}, "cursor": None}))
    forger.pump()
    assert forger.errors[-1]["code"] == "forbidden" and forger.errors[-1]["section_id"] == draft.section_id
    ack = forger.sc.emit("y", draft.section_id, forger.peer.awareness_frame(None), namespace="/live", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"  # nor remove it
    assert replica_states(app, draft.section_id)[victim.peer.doc.client_id] == mine
    observer_socket = observer(live, client, meeting, draft)
    observer_socket.join()
    assert observer_socket.peer.peers() == {victim.peer.doc.client_id: mine}
    assert mine["user"]["name"] == "Maria Santos (Philippines)"


def test_an_awareness_state_over_2_kb_is_refused_and_not_stored(app, live, client, meeting, draft):
    a = delegate(live, client, meeting, draft)
    a.join()
    ack = a.sc.emit("y", draft.section_id, a.peer.awareness_frame({"note": "x" * 3000}), namespace="/live",
                    callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert "2048" in ack["error"]["message"]
    assert a.peer.doc.client_id not in replica_states(app, draft.section_id)


def test_names_and_colours_in_cursors_come_from_the_server_not_the_client(app, live, client, meeting, draft):
    a = delegate(live, client, meeting, draft)
    b = delegate_as(live, client, meeting, draft, "Somchai", "Thailand")
    a.join()
    b.join()
    a.send(a.peer.awareness_frame({"user": {"name": "Co-Chair", "color": "red; background:url(x)",
                                            "colorLight": "url(x)", "delegation": "Co-Chairs"},
                                   "cursor": {"anchor": AT_START, "head": AT_START}}))
    b.pump()
    state = b.peer.peers()[a.peer.doc.client_id]
    with app.app_context():
        from workshop.models import Delegation

        colour = db.session.get(Delegation, meeting.delegation_ids["Philippines"]).colour
    assert state == {"user": {"name": "Maria Santos (Philippines)", "color": colour, "colorLight": f"{colour}33",
                              "delegation": "Philippines"}, "cursor": {"anchor": AT_START, "head": AT_START}}


def test_a_cursor_that_is_not_a_pair_of_positions_is_refused(app, live, client, meeting, draft):
    """Others' editors read `cursor` as Yjs relative positions: anything else would break their view."""
    a = delegate(live, client, meeting, draft)
    a.join()
    for cursor in [3, {"anchor": 1, "head": 1}, {"anchor": AT_START}, {"anchor": {"item": {"client": "x"}},
                                                                     "head": AT_START}]:
        ack = a.sc.emit("y", draft.section_id, a.peer.awareness_frame({"cursor": cursor}), namespace="/live",
                        callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "invalid", cursor
    assert a.peer.doc.client_id not in replica_states(app, draft.section_id)


def test_a_delegation_colour_that_is_not_a_hex_colour_is_not_passed_on(app, live, client, meeting, draft):
    with app.app_context():
        from workshop.models import Delegation

        db.session.get(Delegation, meeting.delegation_ids["Philippines"]).colour = "red;x"
        db.session.commit()
    a = delegate(live, client, meeting, draft)
    b = delegate_as(live, client, meeting, draft, "Somchai", "Thailand")
    a.join()
    b.join()
    a.send(a.peer.awareness_frame({"cursor": None}))
    b.pump()
    assert b.peer.peers()[a.peer.doc.client_id]["user"]["color"] == coediting.OTHER_COLOUR


def test_a_socket_introduces_a_bounded_number_of_cursors(app, live, client, meeting, draft):
    from pycrdt import Awareness, create_awareness_message

    a = delegate(live, client, meeting, draft)
    a.join()
    acks = []
    for client_id in range(1000, 1006):
        other = Awareness(Doc(client_id=client_id))
        other.set_local_state({"cursor": None})
        frame = create_awareness_message(other.encode_awareness_update([client_id]))
        acks.append(a.sc.emit("y", draft.section_id, frame, namespace="/live", callback=True))
    assert [ack["ok"] for ack in acks] == [True] * 4 + [False] * 2
    assert acks[-1]["error"]["code"] == "invalid"
    assert len([i for i in replica_states(app, draft.section_id) if 1000 <= i < 1006]) == 4


def test_the_same_participants_new_connection_takes_over_its_cursor(app, live, client, meeting, draft):
    """A reconnect the server has not noticed yet: same participant, same client id, new socket."""
    from tests.conftest import join

    token = join(client, meeting.join_code, "Maria Santos", "Philippines")
    first = YTestClient(live(token=token), draft.section_id, client_id=4242)
    first.join()
    first.send(first.peer.awareness_frame({"cursor": None}))
    again = YTestClient(live(token=token), draft.section_id, client_id=4242)
    again.join()
    again.peer.awareness.set_local_state({"cursor": None})
    moved = {"anchor": {"item": {"client": 4242, "clock": 0}, "assoc": 0}, "head": AT_START}
    again.send(again.peer.awareness_frame({"cursor": moved}))
    again.pump()
    assert again.errors == []
    assert replica_states(app, draft.section_id)[4242]["cursor"] == moved


def test_authorship_goes_to_the_sender_not_to_whoever_used_the_client_id_first(app, live, client, meeting, draft):
    """Somchai's client claims the Yjs client id Maria wrote with: his words are still his."""
    from tests.conftest import bearer, join

    maria = delegate_as(live, client, meeting, draft, "Maria Santos", "Philippines", client_id=31337)
    maria.join()
    maria.type(0, "Philippine text. ")
    somchai = delegate_as(live, client, meeting, draft, "Somchai", "Thailand", client_id=31337)
    somchai.join()
    assert somchai.value == "Philippine text. "
    somchai.type(len(somchai.value), "Thai text.")
    maria.pump()
    assert maria.value == "Philippine text. Thai text."
    url = f"/api/v1/workshops/{meeting.slug}/sections/{draft.section_id}/authorship"
    headers = bearer(join(client, meeting.join_code, "Budi", "Indonesia"))
    expected = [("Philippine text. ", "Philippines"), ("Thai text.", "Thailand")]
    assert [(r["text"], r["delegation"]) for r in client.get(url, headers=headers).get_json()["runs"]] == expected
    # and the same once stored and read back by a fresh replica
    for socket in (maria, somchai):
        assert socket.act("section.leave", {"section_id": draft.section_id})["ok"]
    with app.app_context():
        engine = engine_for(db.session)
        engine.flush()
        engine.unload_idle(force=True)
        assert engine.loaded(draft.section_id) is None
    assert [(r["text"], r["delegation"]) for r in client.get(url, headers=headers).get_json()["runs"]] == expected


def test_joining_again_on_the_same_connection_keeps_its_cursor_its_own_and_no_ghost_stays(
        app, live, client, meeting, draft):
    """The editor joins again without leaving after a discarded copy: the earlier cursor still goes
    when the connection does, and no one else may take it meanwhile."""
    a = delegate(live, client, meeting, draft)
    b = delegate_as(live, client, meeting, draft, "Somchai", "Thailand", client_id=None)
    a.join()
    b.join()
    a.send(a.peer.awareness_frame({"cursor": None}))
    assert a.act("section.join", {"section_id": draft.section_id})["ok"]  # again, same socket
    b.pump()
    assert a.peer.doc.client_id in b.peer.peers()
    a.sc.disconnect(namespace="/live")
    b.pump()
    assert a.peer.doc.client_id not in b.peer.peers()
    assert a.peer.doc.client_id not in replica_states(app, draft.section_id)


def test_a_facilitators_cursor_shows_the_name_and_role_never_the_email(app, live, client, meeting, draft):
    from workshop.models import User

    a = delegate(live, client, meeting, draft)
    a.join()
    chair = facilitator(live, meeting, draft)
    chair.join()
    chair.send(chair.peer.awareness_frame({"cursor": None}))
    a.pump()
    assert a.peer.peers()[chair.peer.doc.client_id]["user"] == {
        "name": "Co-Chair Team (facilitator)", "color": coediting.STAFF_COLOUR,
        "colorLight": f"{coediting.STAFF_COLOUR}33", "delegation": "facilitator"}
    with app.app_context():
        db.session.scalars(select(User)).first().name = ""
        db.session.commit()
    again = facilitator(live, meeting, draft)
    again.join()
    again.send(again.peer.awareness_frame({"cursor": None}))
    a.pump()
    shown = a.peer.peers()[again.peer.doc.client_id]["user"]["name"]
    assert shown == "Facilitator" and "@" not in json.dumps(a.peer.peers())
