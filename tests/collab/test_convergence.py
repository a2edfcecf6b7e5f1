"""Convergence through the server's replica: random concurrent edits, any delivery order, duplicates."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ypeer import YPeer
from workshop.collab.protocol import parse_frame, sync_step2, sync_update
from workshop.collab.replica import Author, Replica

# Each insert writes characters no other insert uses, so survival can be checked character by character
_next_char = [0x4E00]


def fresh_chars(n: int) -> str:
    start = _next_char[0]
    _next_char[0] += n
    return "".join(chr(start + i) for i in range(n))


class Network:
    """Clients and the server's replica; frames wait in queues and are delivered in any order, some twice."""

    def __init__(self, clients: int, rng: random.Random):
        self.rng = rng
        self.replica = Replica(section_id=1, workshop_id=1, epoch=1)
        self.peers = [YPeer(1) for _ in range(clients)]
        self.to_server: list[tuple[int, bytes]] = []
        self.to_client: list[list[bytes]] = [[] for _ in range(clients)]
        self.inserted: set[str] = set()
        self.deleted: set[str] = set()

    def edit(self, who: int, insert: bool, where: float, size: int) -> None:
        peer = self.peers[who]
        length = len(peer.value)
        if insert or length == 0:
            chunk = fresh_chars(size)
            self.inserted.update(chunk)
            position = int(where * (length + 1)) if length else 0
            peer.insert(len(peer.value[:position].encode("utf-8")), chunk)
        else:
            start = min(int(where * length), length - 1)
            end = min(length, start + size)
            self.deleted.update(peer.value[start:end])
            prefix = len(peer.value[:start].encode("utf-8"))
            peer.delete(prefix, len(peer.value[start:end].encode("utf-8")))
        for frame in peer.take_updates():
            self.to_server.append((who, frame))

    def deliver_one(self, duplicate: bool) -> bool:
        queues = [("s", None)] * bool(self.to_server) + [("c", i) for i, q in enumerate(self.to_client) if q]
        if not queues:
            return False
        kind, index = self.rng.choice(queues)
        queue = self.to_server if kind == "s" else self.to_client[index]
        item = queue[self.rng.randrange(len(queue))]
        if not duplicate:
            queue.remove(item)
        if kind == "s":
            who, frame = item
            for change in self.replica.apply(parse_frame(frame).payload, Author("participant", who + 1)):
                for other in range(len(self.peers)):
                    if other != who:
                        self.to_client[other].append(sync_update(change.update))
        else:
            self.peers[index].receive(item)
        return True

    def settle(self) -> None:
        while self.deliver_one(duplicate=False):
            pass
        # what y-websocket does on every reconnect: step 1 both ways
        for peer in self.peers:
            for reply in peer.receive(bytes([0, 0]) + _prefixed(self.replica.doc.get_state())):
                self.replica.apply(parse_frame(reply).payload, None)
        for peer in self.peers:
            peer.receive(sync_step2(self.replica.diff(peer.doc.get_state())))


def _prefixed(data: bytes) -> bytes:
    from pycrdt import write_var_uint

    return write_var_uint(len(data)) + data


operation = st.tuples(
    st.integers(0, 3),  # which client
    st.booleans(),  # insert or delete
    st.floats(0, 1),  # where
    st.integers(1, 6),  # how many characters
    st.integers(0, 4),  # deliveries after the edit
    st.booleans(),  # deliver one frame twice
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clients=st.integers(2, 4), operations=st.lists(operation, min_size=1, max_size=40),
       seed=st.integers(0, 2**32 - 1))
def test_random_concurrent_edits_converge_and_every_undeleted_insert_survives(clients, operations, seed):
    net = Network(clients, random.Random(seed))
    for who, insert, where, size, deliveries, duplicate in operations:
        net.edit(who % clients, insert, where, size)
        for _ in range(deliveries):
            net.deliver_one(duplicate)
    net.settle()
    final = net.replica.markdown()
    assert all(peer.value == final for peer in net.peers)
    assert sorted(final) == sorted(set(final)), "a character appears twice"
    assert set(final) == net.inserted - net.deleted
