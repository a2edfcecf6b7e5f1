"""One loaded section: a pycrdt Doc behind a lock, its awareness, and the sockets joined to it."""

import threading
import time
from dataclasses import dataclass, field

from pycrdt import Awareness, Decoder, Doc, Text, get_state

from .outbox import Outbox
from .protocol import EMPTY_UPDATE, BadFrame, sync_step1

LOAD = "load"  # origin of updates read back from storage: never logged or broadcast again
SEED_CLIENT_ID = 1  # fixed Yjs client id for text seeded from a template or an import


@dataclass(frozen=True)
class Author:
    """Who an update is attributed to."""

    kind: str  # participant | user
    id: int
    delegation_id: int | None = None

    @property
    def participant_id(self) -> int | None:
        return self.id if self.kind == "participant" else None

    @property
    def user_id(self) -> int | None:
        return self.id if self.kind == "user" else None


@dataclass
class Member:
    """A socket joined to a room, with the rights and epoch it joined with."""

    sid: str
    author: Author
    actor_key: str
    may_edit: bool
    epoch: int
    checked_at: float = field(default_factory=time.monotonic)
    rights_seen: int | None = None  # the rights generation (live.rights_watch) may_edit was read at
    awareness_ids: set = field(default_factory=set)


@dataclass
class Change:
    """An update that changed the document, with its author: what the writer logs and others receive."""

    section_id: int
    epoch: int
    update: bytes
    author: Author | None


def new_doc(client_id: int | None = None) -> tuple[Doc, Text]:
    doc = Doc(client_id=client_id) if client_id is not None else Doc()
    text = doc.get("body", type=Text)
    return doc, text


def decode_state_vector(state: bytes) -> dict[int, int]:
    decoder = Decoder(state)
    return {decoder.read_var_uint(): decoder.read_var_uint() for _ in range(decoder.read_var_uint())}


def seed_update(markdown: str) -> bytes:
    """The CRDT state of a new section's initial text, written by the fixed seeding client id."""
    doc, text = new_doc(SEED_CLIENT_ID)
    if markdown:
        text += markdown
    return doc.get_update()


class Room:
    """The in-memory replica of one section (DESIGN §7 rule 1)."""

    def __init__(self, section_id: int, workshop_id: int, epoch: int):
        self.section_id, self.workshop_id, self.epoch = section_id, workshop_id, epoch
        self.lock = threading.RLock()
        self.doc, self.text = new_doc()
        self.awareness = Awareness(self.doc)
        self.awareness.set_local_state(None)  # the server is no peer: it has no cursor
        self.members: dict[str, Member] = {}
        self.idle_since: float | None = time.monotonic()
        self.logged_rows = 0  # update rows stored since the last snapshot, for compaction
        self.seen_row_id = 0  # the newest log row this replica has read back
        self.mirrored: str | None = None  # the Markdown this process last stored as the section's mirror
        self.closed = False
        self.authors: dict[int, Author] = {}  # Yjs client id -> who first wrote with it, this load
        self.stored_authors: set[int] = set()
        self.outbox = Outbox()  # what goes to the sockets joined here next
        self._origin = None
        self._captured: list[bytes] = []
        # Observer registered before loading: a gap between load and observe would diverge replicas
        self._subscription = self.doc.observe(self._on_update)

    def _on_update(self, event) -> None:
        if self._origin != LOAD:
            self._captured.append(event.update)

    def load(self, updates) -> None:
        """Apply stored state (snapshot, then the log tail) without logging or broadcasting it again."""
        with self.lock:
            self._origin = LOAD
            try:
                for update in updates:
                    if update:
                        self.doc.apply_update(update)
            finally:
                self._origin = None

    def apply(self, update: bytes, author: Author | None) -> list[Change]:
        """Apply a client's update; returns the changes it made (none for a duplicate)."""
        with self.lock:
            self._origin = author
            self._captured = []
            try:
                self.doc.apply_update(update)
            except (ValueError, RuntimeError, OverflowError) as error:
                raise BadFrame(f"The update cannot be applied: {error}") from None
            finally:
                self._origin = None
            captured, self._captured = self._captured, []
            # from the incoming update, not the captured one: an update waiting for a missing
            # dependency is integrated (and captured) later, under another origin
            self._remember([update], author)
        return [Change(self.section_id, self.epoch, u, author) for u in captured]

    def _remember(self, updates: list[bytes], author: Author | None) -> None:
        if author is None:
            return
        for update in updates:
            try:
                client_ids = decode_state_vector(get_state(update))
            except (ValueError, RuntimeError):
                continue
            for client_id in client_ids:
                self.authors.setdefault(client_id, author)

    def edit(self, author: Author, fn) -> list[Change]:
        """Make a server-side edit (e.g. an accepted amendment) with fn(text); returns the changes."""
        with self.lock:
            self._origin = author
            self._captured = []
            try:
                with self.doc.transaction():
                    fn(self.text)
            finally:
                self._origin = None
            captured, self._captured = self._captured, []
            self._remember(captured, author)
        return [Change(self.section_id, self.epoch, u, author) for u in captured]

    def would_change(self, update: bytes) -> bool:
        """Whether an update holds anything this replica lacks (checked on a scratch copy)."""
        if update == EMPTY_UPDATE:
            return False
        with self.lock:
            current = self.doc.get_update()
        scratch, _ = new_doc()
        scratch.apply_update(current)
        changed = []
        subscription = scratch.observe(lambda event: changed.append(True))
        try:
            scratch.apply_update(update)
        except (ValueError, RuntimeError, OverflowError) as error:
            raise BadFrame(f"The update cannot be applied: {error}") from None
        finally:
            scratch.unobserve(subscription)
        return bool(changed)

    def step1(self) -> bytes:
        with self.lock:
            return sync_step1(self.doc)

    def diff(self, state_vector: bytes) -> bytes:
        with self.lock:
            try:
                return self.doc.get_update(state_vector)
            except (ValueError, RuntimeError, OverflowError):
                raise BadFrame("The state vector cannot be read.") from None

    def state(self) -> tuple[bytes, bytes, str]:
        """The full update, state vector and text, read together."""
        with self.lock:
            return self.doc.get_update(), self.doc.get_state(), str(self.text)

    def markdown(self) -> str:
        with self.lock:
            return str(self.text)

    # Awareness

    def apply_awareness(self, member: Member, payload: bytes, entries) -> None:
        with self.lock:
            try:
                self.awareness.apply_awareness_update(payload, member.sid)
            except (ValueError, RuntimeError, IndexError) as error:
                raise BadFrame(f"The awareness update cannot be read: {error}") from None
            for client_id, _clock, state in entries:
                if state is None:
                    member.awareness_ids.discard(client_id)
                else:
                    member.awareness_ids.add(client_id)

    def awareness_update(self, client_ids=None) -> bytes | None:
        with self.lock:
            ids = list(self.awareness.states) if client_ids is None else list(client_ids)
            ids = [i for i in ids if i != self.awareness.client_id]
            return self.awareness.encode_awareness_update(ids) if ids else None

    def drop_awareness(self, member: Member) -> list[int]:
        """Remove the states a socket introduced; returns their client ids, to tell the others."""
        with self.lock:
            ids = [i for i in member.awareness_ids if i in self.awareness.states]
            member.awareness_ids.clear()
            if ids:
                self.awareness.remove_awareness_states(ids, "disconnect")
            return ids

    # Members

    def add_member(self, member: Member) -> None:
        with self.lock:
            self.members[member.sid] = member
            self.idle_since = None

    def remove_member(self, sid: str) -> Member | None:
        with self.lock:
            member = self.members.pop(sid, None)
            if not self.members and self.idle_since is None:
                self.idle_since = time.monotonic()
            return member

    def recheck_members(self) -> None:
        with self.lock:
            for member in self.members.values():
                member.checked_at = 0.0
                member.rights_seen = None

    def close(self) -> None:
        with self.lock:
            self.closed = True
            if self._subscription is not None:
                self.doc.unobserve(self._subscription)
                self._subscription = None
            self.members.clear()
