"""Driving a Flask-SocketIO test client as a Yjs client of one section."""

import time

from tests.ypeer import YPeer
from workshop.collab import engine_for
from workshop.extensions import db


def app_engine(app):
    """The CRDT engine of an app's database (the one its handlers use)."""
    with app.app_context():
        return engine_for(db.session)


def sent_out(sc, timeout: float = 5.0) -> None:
    """Wait until every replica has handed its waiting frames to the sockets (a task of its own does that)."""
    engine = app_engine(sc.app)
    deadline = time.monotonic() + timeout
    while any(replica.outbox.sending or replica.outbox.timer_set for replica in list(engine.replicas.values())):
        assert time.monotonic() < deadline, "a replica did not send its frames in time"
        time.sleep(0.002)


class YTestClient:
    """A test socket joined to a section, with its own pycrdt replica."""

    def __init__(self, sc, section_id: int, client_id: int | None = None):
        self.sc, self.section_id = sc, section_id
        self.peer = YPeer(section_id, client_id)
        self.errors: list[dict] = []
        self.other: list = []

    def act(self, name: str, payload):
        return self.sc.emit(name, payload, namespace="/live", callback=True)

    def join(self, **extra) -> dict:
        ack = self.act("section.join", {"section_id": self.section_id, **extra})
        if ack["ok"]:
            self.send(self.peer.step1())
            self.pump()
        return ack

    def send(self, frame: bytes, section_id: int | None = None) -> None:
        self.sc.emit("y", self.section_id if section_id is None else section_id, frame, namespace="/live")

    def pump(self) -> int:
        """Take every received event; answer step 1 with step 2. Returns how many frames came."""
        count = 0
        for _ in range(10):
            sent_out(self.sc)
            received = self.sc.get_received("/live")
            if not received:
                break
            for message in received:
                if message["name"] == "y" and message["args"][0] == self.section_id:
                    count += 1
                    for reply in self.peer.receive(bytes(message["args"][1])):
                        self.send(reply)
                elif message["name"] == "error":
                    self.errors.append(message["args"][0])
                else:
                    self.other.append(message)
        return count

    def type(self, index: int, chunk: str) -> None:
        self.peer.insert(index, chunk)
        self.flush()

    def flush(self) -> None:
        for frame in self.peer.take_updates():
            self.send(frame)

    @property
    def value(self) -> str:
        return self.peer.value
