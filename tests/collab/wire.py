"""A real Socket.IO client (python-socketio) speaking the `y` contract to a running server."""

import threading
import time

import socketio

from tests.ypeer import YPeer


class WireClient:
    """One browser-like client of one section: reconnects, re-joins, syncs step 1 both ways."""

    def __init__(self, url: str, token: str, section_id: int):
        self.url, self.token, self.section_id = url, token, section_id
        self.peer = YPeer(section_id)
        self.lock = threading.RLock()
        # A binary event is two packets queued one after the other: two threads emitting at once (the typist,
        # the replies to the server's frames) would interleave them; a browser emits from one thread
        self.sending = threading.Lock()
        self.errors: list[dict] = []
        self.joined = threading.Event()
        self.frames_in = self.frames_out = 0
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
        _receive_in_order(self.sio)
        self.sio.on("connect", self._on_connect, namespace="/live")
        self.sio.on("disconnect", self._on_disconnect, namespace="/live")
        self.sio.on("y", self._on_y, namespace="/live")
        self.sio.on("error", lambda e: self.errors.append(e), namespace="/live")

    def connect(self, transports=("websocket",)) -> "WireClient":
        """WebSocket at once by default; ("polling", "websocket") starts on long-polling and upgrades,
        as a browser's Socket.IO client does."""
        self.sio.connect(self.url, namespaces=["/live"], auth={"token": self.token}, transports=list(transports),
                         wait_timeout=10)
        assert self.joined.wait(10), "the section was not joined"
        return self

    def _on_connect(self) -> None:
        # like y-websocket on every (re)connect: join, then our step 1
        self.sio.start_background_task(self._join)

    def _join(self) -> None:
        ack = self.sio.call("section.join", {"section_id": self.section_id}, namespace="/live", timeout=10)
        assert ack["ok"], ack
        with self.lock:
            step1 = self.peer.step1()
        self._emit(step1)
        self.joined.set()
        self.send_pending()

    def _on_disconnect(self, *_reason) -> None:
        self.joined.clear()

    def _on_y(self, section_id, frame) -> None:
        if section_id != self.section_id:
            return
        self.frames_in += 1
        with self.lock:
            replies = self.peer.receive(bytes(frame))
        for reply in replies:
            self._emit(reply)

    def type(self, text: str) -> None:
        """Type at the end, as a delegate adding to the paragraph; sent at once when connected."""
        with self.lock:
            self.peer.insert(len(self.peer.value.encode("utf-8")), text)
        self.send_pending()

    def replace_after(self, kept: str, text: str) -> None:
        """Replace everything after the leading `kept` text with `text` (a delete and an insert)."""
        with self.lock:
            start, end = len(kept.encode("utf-8")), len(self.peer.value.encode("utf-8"))
            if end > start:
                self.peer.delete(start, end - start)
            self.peer.insert(start, text)
        self.send_pending()

    def send_pending(self) -> None:
        with self.lock:
            if not self.joined.is_set():
                return  # offline: the edits stay in the replica and go with the next step 2
            frames = self.peer.take_updates()
        for frame in frames:
            try:
                self.frames_out += 1
                self._emit(frame)
            except socketio.exceptions.SocketIOError:
                return

    def set_awareness(self, state: dict | None) -> None:
        with self.lock:
            frame = self.peer.awareness_frame(state)
        self._emit(frame)

    def _emit(self, frame: bytes) -> None:
        with self.sending:
            self.sio.emit("y", (self.section_id, frame), namespace="/live")

    def peers(self) -> dict:
        with self.lock:
            return dict(self.peer.peers())

    @property
    def value(self) -> str:
        with self.lock:
            return self.peer.value

    def close(self) -> None:
        self.sio.disconnect()


def _receive_in_order(sio: socketio.Client) -> None:
    """python-engineio's threaded client hands each message to a new thread, so under load a binary
    event's header and attachment can be taken apart in the wrong order; a browser reads in order."""
    eio = sio.eio
    trigger = eio._trigger_event

    def in_order(event, *args, **kwargs):
        if event == "message":
            kwargs["run_async"] = False
        return trigger(event, *args, **kwargs)

    eio._trigger_event = in_order


def wait_until(predicate, timeout: float = 20.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
