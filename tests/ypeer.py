"""A Yjs peer for tests: a pycrdt Doc that speaks the `y` wire contract (docs/architecture.md §5) like y-websocket."""

from pycrdt import (
    Awareness,
    Doc,
    Text,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)


class YPeer:
    """One client's replica of a section; frames in, frames out."""

    def __init__(self, section_id: int, client_id: int | None = None):
        self.section_id = section_id
        # Socket.IO clients receive on their own thread: the Doc is used from two threads, under self.lock
        self.doc = Doc(client_id=client_id, allow_multithreading=True) if client_id is not None \
            else Doc(allow_multithreading=True)
        self.text = self.doc.get("body", type=Text)
        self.awareness = Awareness(self.doc)
        self._local: list[bytes] = []
        self._applying = False
        self.doc.observe(self._on_update)

    def _on_update(self, event) -> None:
        if not self._applying:
            self._local.append(event.update)

    @property
    def value(self) -> str:
        return str(self.text)

    def step1(self) -> bytes:
        return create_sync_message(self.doc)

    def receive(self, frame: bytes) -> list[bytes]:
        """Take a frame from the server; returns the frames to answer with (step 2 for a step 1)."""
        if frame[0] == YMessageType.SYNC:
            self._applying = True
            try:
                reply = handle_sync_message(frame[1:], self.doc)
            finally:
                self._applying = False
            return [reply] if reply is not None else []
        if frame[0] == YMessageType.AWARENESS:
            from pycrdt import read_message

            self.awareness.apply_awareness_update(read_message(frame[1:]), "remote")
        return []

    def insert(self, index: int, chunk: str) -> None:
        self.text.insert(index, chunk)

    def delete(self, start: int, length: int) -> None:
        del self.text[start:start + length]

    def take_updates(self) -> list[bytes]:
        """The update frames for the local edits made since last asked."""
        updates, self._local = self._local, []
        return [create_update_message(u) for u in updates]

    def awareness_frame(self, state: dict | None) -> bytes:
        self.awareness.set_local_state(state)
        return create_awareness_message(self.awareness.encode_awareness_update([self.doc.client_id]))

    def peers(self) -> dict:
        return {cid: s for cid, s in self.awareness.states.items() if cid != self.doc.client_id}


STEP1 = bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP1])
