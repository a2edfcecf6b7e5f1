"""Awareness client ids belong to the socket that introduced them, in this process and across processes
(a cursor set through another process cannot be overwritten here, docs/architecture.md §5)."""

import json
from types import SimpleNamespace

import pytest
from pycrdt import Awareness, Doc

from workshop.collab.protocol import BadFrame
from workshop.collab.relay import Relay, _b64
from workshop.collab.replica import Author, FrameForbidden, Member, Replica


def member(sid: str, key: str) -> Member:
    return Member(sid, Author("participant", 1, 2), key, True, 1, user={"name": f"{key} (Philippines)"})


def entries(client_id: int, state, clock: int = 1):
    return ((client_id, clock, state),)


def relayed(replica: Replica, client_id: int, state: dict | None, owner: str | None) -> None:
    awareness = Awareness(Doc(client_id=client_id))
    awareness.set_local_state(state)
    stub = SimpleNamespace(origin="here", engine=SimpleNamespace(loaded=lambda _id: replica,
                                                                 send=lambda *a, **k: None))
    Relay.receive(stub, json.dumps({"origin": "there", "kind": "awareness", "section_id": 1, "epoch": 1,
                                    "data": _b64(awareness.encode_awareness_update([client_id])),
                                    "owner": owner}))


def test_a_cursor_set_through_another_process_is_not_ours_to_set_until_it_is_removed():
    replica = Replica(1, 1, 1)
    here = member("sid-here", "participant:9")
    replica.add_member(here)
    relayed(replica, 500, {"cursor": None, "user": {"name": "Maria (Philippines)"}}, "participant:1")
    with pytest.raises(FrameForbidden):
        replica.apply_awareness(here, entries(500, {"cursor": None}, clock=5))
    assert replica.awareness.states[500]["user"]["name"] == "Maria (Philippines)"
    # the same person's connection here may take it over (a reconnect to another process)
    same = member("sid-same", "participant:1")
    replica.add_member(same)
    assert replica.apply_awareness(same, entries(500, {"cursor": None}, clock=6)) is not None
    # once removed over there, the id is free
    relayed(replica, 501, {"cursor": None}, "participant:1")
    relayed(replica, 501, None, None)
    assert replica.apply_awareness(here, entries(501, {"cursor": None}, clock=9)) is not None


def test_a_socket_takes_an_id_another_socket_holds_only_if_both_are_the_same_participant():
    replica = Replica(1, 1, 1)
    maria, somchai = member("sid-maria", "participant:1"), member("sid-somchai", "participant:2")
    maria_again = member("sid-maria-2", "participant:1")
    for m in (maria, somchai, maria_again):
        replica.add_member(m)
    replica.apply_awareness(maria, entries(7, {"cursor": None}))
    with pytest.raises(FrameForbidden):
        replica.apply_awareness(somchai, entries(7, None, clock=2))
    assert 7 in replica.awareness.states
    replica.apply_awareness(maria_again, entries(7, {"cursor": None}, clock=3))
    assert 7 in maria_again.claimed_ids and 7 not in maria.claimed_ids
    with pytest.raises(BadFrame):
        replica.apply_awareness(somchai, tuple((i, 1, {}) for i in range(100, 105)))
