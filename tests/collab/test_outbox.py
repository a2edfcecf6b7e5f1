"""Sending a replica's changes out (collab.outbox): merged per round, cursors at most every interval,
never a frame lost or one that is not a single y-protocols message."""

import json

import pytest
from pycrdt import Encoder

from tests.ypeer import YPeer
from workshop.collab.engine import Engine
from workshop.collab.outbox import AWARENESS_INTERVAL
from workshop.collab.protocol import parse_frame
from workshop.collab.replica import Author, Replica


class Loop:
    """A deterministic stand-in for the event loop: tasks run when the test says, time moves when slept."""

    def __init__(self):
        self.now = 100.0
        self.tasks = []
        self.sent = []  # (section_id, frame, skip_sid)

    def engine(self) -> Engine:
        engine = Engine(None, spawn=self.tasks.append, sleep=self.sleep)
        engine.clock = lambda: self.now
        engine.deliver = lambda section_id, frame, skip: self.sent.append((section_id, frame, skip))
        return engine

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def run(self) -> None:
        while self.tasks:
            self.tasks.pop(0)()

    def frames(self, kind: str) -> list:
        return [(parse_frame(frame), skip) for _s, frame, skip in self.sent if parse_frame(frame).kind == kind]


def typing(peer: YPeer, replica: Replica, text: str, author: Author) -> list[bytes]:
    peer.insert(len(peer.value), text)
    return [change.update for frame in peer.take_updates() for change in replica.apply(parse_frame(frame).payload, author)]


def test_updates_that_arrive_while_a_round_is_pending_go_out_as_one_merged_update():
    loop, replica = Loop(), Replica(7, 1, 1)
    engine = loop.engine()
    maria, somchai = YPeer(7), YPeer(7)
    engine.send(replica, "sid-maria", updates=typing(maria, replica, "Members agree ", Author("participant", 1)))
    engine.send(replica, "sid-somchai", updates=typing(somchai, replica, "[to share data]", Author("participant", 2)))
    engine.send(replica, "sid-maria", updates=typing(maria, replica, "to cooperate.", Author("participant", 1)))
    assert len(loop.tasks) == 1  # one sender task for the replica, however many frames wait
    loop.run()
    updates = loop.frames("update")
    assert len(updates) == 1
    frame, skip = updates[0]
    assert skip is None  # two senders: everyone gets it (applying one's own update again changes nothing)
    reader = YPeer(7)
    reader.doc.apply_update(frame.payload)
    assert reader.value == replica.markdown()
    assert not replica.outbox.sending


def test_a_round_from_one_socket_skips_that_socket_and_an_idle_room_sends_at_once():
    loop, replica = Loop(), Replica(7, 1, 1)
    engine = loop.engine()
    maria = YPeer(7)
    engine.send(replica, "sid-maria", updates=typing(maria, replica, "Rev.1", Author("participant", 1)))
    loop.run()
    assert [skip for _frame, skip in loop.frames("update")] == ["sid-maria"]
    engine.send(replica, "sid-maria", updates=typing(maria, replica, " agreed", Author("participant", 1)))
    assert len(loop.tasks) == 1  # the replica was idle again: a new round starts at once
    loop.run()
    assert len(loop.frames("update")) == 2


def test_cursors_are_merged_and_sent_at_most_once_per_interval():
    loop, replica = Loop(), Replica(7, 1, 1)
    engine = loop.engine()
    peers = [YPeer(7) for _ in range(3)]
    for n, peer in enumerate(peers):
        frame = parse_frame(peer.awareness_frame({"user": {"name": f"Delegate {n}"}, "cursor": n}))
        replica.awareness.apply_awareness_update(frame.payload, f"sid-{n}")
        engine.send(replica, f"sid-{n}", awareness_ids=[peer.doc.client_id])
    started = loop.now
    loop.run()
    first = loop.frames("awareness")
    assert len(first) == 1
    assert {entry[0] for entry in first[0][0].awareness} == {peer.doc.client_id for peer in peers}
    # Two more cursor moves right after: they wait for the interval, then go together
    for peer in peers[:2]:
        frame = parse_frame(peer.awareness_frame({"user": {"name": "moved"}, "cursor": 9}))
        replica.awareness.apply_awareness_update(frame.payload, "sid")
        engine.send(replica, "sid-x", awareness_ids=[peer.doc.client_id])
    loop.run()
    second = loop.frames("awareness")[1:]
    assert len(second) == 1 and loop.now - started == pytest.approx(AWARENESS_INTERVAL)
    assert [state for _cid, _clock, state in second[0][0].awareness] == [{"user": {"name": "moved"}, "cursor": 9}] * 2
    assert second[0][1] == "sid-x"


def test_a_removed_cursor_goes_out_as_a_null_state():
    loop, replica = Loop(), Replica(7, 1, 1)
    engine = loop.engine()
    peer = YPeer(7)
    replica.awareness.apply_awareness_update(parse_frame(peer.awareness_frame({"cursor": 1})).payload, "sid")
    replica.awareness.remove_awareness_states([peer.doc.client_id], "disconnect")
    engine.send(replica, "sid", awareness_ids=[peer.doc.client_id])
    loop.run()
    [(frame, _skip)] = loop.frames("awareness")
    assert [(cid, state) for cid, _clock, state in frame.awareness] == [(peer.doc.client_id, None)]


def test_a_closed_replica_sends_nothing_and_its_task_ends():
    loop, replica = Loop(), Replica(7, 1, 1)
    engine = loop.engine()
    engine.send(replica, "sid", updates=typing(YPeer(7), replica, "stale epoch", Author("participant", 1)))
    replica.close()
    loop.run()
    assert loop.sent == [] and not replica.outbox.sending


def test_a_cursor_the_room_ignored_does_not_hold_back_the_text_sent_with_it():
    loop, replica = Loop(), Replica(7, 1, 1)
    engine = loop.engine()
    stranger = YPeer(7)
    # clock 0 for a client the replica has never seen: y-protocols ignores it (a fresh client with no state sends it)
    encoder = Encoder()
    for number in (1, stranger.doc.client_id, 0):
        encoder.write_var_uint(number)
    encoder.write_var_string(json.dumps({"user": {"name": "x"}}))
    stale = encoder.to_bytes()
    replica.awareness.apply_awareness_update(stale, "sid-stranger")
    assert stranger.doc.client_id not in replica.awareness.meta
    engine.send(replica, "sid-maria", updates=typing(YPeer(7), replica, "Lost for nobody.", Author("participant", 1)))
    engine.send(replica, "sid-stranger", awareness_ids=[stranger.doc.client_id])
    loop.run()
    [(update, _skip)] = loop.frames("update")
    reader = YPeer(7)
    reader.doc.apply_update(update.payload)
    assert reader.value == "Lost for nobody."
    assert loop.frames("awareness") == [] and not replica.outbox.sending


def test_text_does_not_wait_behind_cursors_waiting_for_their_turn():
    loop, replica = Loop(), Replica(7, 1, 1)
    engine = loop.engine()
    maria = YPeer(7)
    replica.awareness.apply_awareness_update(parse_frame(maria.awareness_frame({"cursor": 1})).payload, "sid")
    engine.send(replica, "sid", awareness_ids=[maria.doc.client_id])
    loop.run()  # the first cursor goes at once; the interval starts
    replica.awareness.apply_awareness_update(parse_frame(maria.awareness_frame({"cursor": 2})).payload, "sid")
    engine.send(replica, "sid", awareness_ids=[maria.doc.client_id])
    loop.tasks.pop(0)()  # that round finds the cursor not due: it ends and leaves a timer
    assert len(loop.tasks) == 1 and not replica.outbox.sending
    timer = loop.tasks.pop(0)
    sent_at = loop.now
    engine.send(replica, "sid", updates=typing(maria, replica, "Typed meanwhile", Author("participant", 1)))
    loop.tasks.pop(0)()  # a round of its own, at once
    assert loop.now == sent_at and len(loop.frames("update")) == 1
    timer()  # then the cursor, when due
    assert len(loop.frames("awareness")) == 2 and loop.now - sent_at <= AWARENESS_INTERVAL + 1e-9


def test_a_round_that_fails_gives_its_frames_to_the_next_one():
    loop, replica = Loop(), Replica(7, 1, 1)
    engine = loop.engine()
    failing = [True]

    def deliver(section_id, frame, skip):
        if failing[0]:
            raise ConnectionError("socket layer down")
        loop.sent.append((section_id, frame, skip))

    engine.deliver = deliver
    maria = YPeer(7)
    engine.send(replica, "sid-maria", updates=typing(maria, replica, "First ", Author("participant", 1)))
    with pytest.raises(ConnectionError):
        loop.run()
    assert not replica.outbox.sending
    failing[0] = False
    engine.send(replica, "sid-maria", updates=typing(maria, replica, "second.", Author("participant", 1)))
    loop.run()
    [(update, _skip)] = loop.frames("update")
    reader = YPeer(7)
    reader.doc.apply_update(update.payload)
    assert reader.value == "First second."
