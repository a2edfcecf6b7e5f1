"""One loaded section: a pycrdt Doc behind a lock, its awareness, and the sockets joined to it."""

import bisect
import json
import threading
import time
from dataclasses import dataclass, field

from pycrdt import Awareness, Decoder, Doc, Encoder, Text

from .outbox import Outbox
from .protocol import EMPTY_UPDATE, BadFrame, sync_step1
from .ranges import update_ranges

LOAD = "load"  # origin of updates read back from storage: never logged or broadcast again
SEED_CLIENT_ID = 1  # fixed Yjs client id for text seeded from a template or an import
MAX_AWARENESS_IDS = 4  # awareness states one socket may hold in a replica (a tab has one)
MAX_CLAIMED_IDS = 16  # awareness client ids it may introduce (a discarded local copy takes a new one)
# Updates with more structs than this are not read struct by struct (the reading is linear in them):
# what they add is credited to their sender as a whole
MAX_READ_STRUCTS = 20_000
MAX_PENDING_RANGES = 1_000  # items waiting for a missing dependency, remembered with their sender


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
    """A socket joined to a replica, with the rights and epoch it joined with."""

    sid: str
    author: Author
    actor_key: str
    may_edit: bool
    epoch: int
    checked_at: float = field(default_factory=time.monotonic)
    rights_seen: int | None = None  # the rights generation (live.rights_watch) may_edit was read at
    awareness_ids: set = field(default_factory=set)  # client ids whose state this socket set (not removed)
    claimed_ids: set = field(default_factory=set)  # client ids this socket introduced: only it speaks for them
    user: dict | None = None  # what others see of this socket in awareness (`user`), from the server's records


class FrameForbidden(BadFrame):
    """A frame speaking for someone else (another socket's awareness client id)."""

    def __init__(self, message: str):
        super().__init__(message, "forbidden")


@dataclass
class AuthorRange:
    """Items [start, end) of one Yjs client id, written by one author (what one or more applies added)."""

    client_id: int
    start: int
    end: int
    author: Author
    row_id: int | None = None  # its SectionAuthor row, once stored
    dirty: bool = True  # not yet stored as it is


class AuthorMap:
    """Who wrote which items: ranges of (client id, clock), credited to the member whose update added them
    (never to whoever first used a client id: any socket may claim any id in an update)."""

    def __init__(self):
        self._ranges: dict[int, list[AuthorRange]] = {}

    def credit(self, client_id: int, start: int, end: int, author: Author) -> None:
        if end <= start:
            return
        ranges = self._ranges.setdefault(client_id, [])
        last = ranges[-1] if ranges else None
        if last is not None and last.end == start and last.author == author:
            last.end, last.dirty = end, True  # the usual case: one writer typing on
            return
        bisect.insort(ranges, AuthorRange(client_id, start, end, author), key=lambda r: r.start)

    def add_stored(self, client_id: int, start: int, end: int, author) -> None:
        """A range read back from storage (`author`: its row, which names the same ids as an Author)."""
        bisect.insort(self._ranges.setdefault(client_id, []),
                      AuthorRange(client_id, start, end, author, dirty=False), key=lambda r: r.start)

    def find(self, client_id, clock, *, nearest: bool = False):
        """The author of the item (client id, clock): of the range holding it; with `nearest`, else of
        the last range of that client id starting before it."""
        ranges = self._ranges.get(client_id)
        if not ranges or clock is None:
            return None
        index = bisect.bisect_right(ranges, clock, key=lambda r: r.start) - 1
        if index < 0:
            return None
        found = ranges[index]
        return found.author if nearest or clock < found.end else None

    def boundary(self, client_id, clock) -> int | None:
        """The next clock past `clock` at which `find` may answer differently (None: it never does)."""
        ranges = self._ranges.get(client_id)
        if not ranges:
            return None
        index = bisect.bisect_right(ranges, clock, key=lambda r: r.start) - 1
        candidates = [ranges[index + 1].start] if index + 1 < len(ranges) else []
        if index >= 0 and ranges[index].end > clock:
            candidates.append(ranges[index].end)
        return min(candidates) if candidates else None

    def dirty(self) -> list[AuthorRange]:
        return [r for ranges in self._ranges.values() for r in ranges if r.dirty]

    def __bool__(self) -> bool:
        return bool(self._ranges)


def _is_id(value) -> bool:
    return value is None or (isinstance(value, dict) and set(value) == {"client", "clock"} and all(
        isinstance(value[k], int) and not isinstance(value[k], bool) and 0 <= value[k] <= 2**53 for k in value))


def _is_position(value) -> bool:
    """A Yjs relative position as JSON ({type, tname, item, assoc}, any of them left out)."""
    return isinstance(value, dict) and set(value) <= {"type", "tname", "item", "assoc"} and \
        _is_id(value.get("type")) and _is_id(value.get("item")) and \
        (value.get("tname") is None or (isinstance(value["tname"], str) and len(value["tname"]) <= 100)) and \
        (value.get("assoc") is None or (isinstance(value["assoc"], int) and not isinstance(value["assoc"], bool)
                                        and -1 <= value["assoc"] <= 1))


def check_cursor(state: dict) -> None:
    """The `cursor` others' editors read from a state: none, or an anchor and a head as positions."""
    cursor = state.get("cursor")
    if cursor is not None and not (isinstance(cursor, dict) and set(cursor) == {"anchor", "head"}
                                   and _is_position(cursor["anchor"]) and _is_position(cursor["head"])):
        raise BadFrame("An awareness cursor must be null or {anchor, head} as Yjs relative positions.")


def _ranges_of(updates: list[bytes]) -> dict[int, list[tuple[int, int]]]:
    """The clock ranges several updates hold, together (at most MAX_READ_STRUCTS structs read)."""
    if len(updates) == 1:
        return update_ranges(updates[0], MAX_READ_STRUCTS)
    merged: dict[int, list[tuple[int, int]]] = {}
    for update in updates:
        for client_id, spans in update_ranges(update, MAX_READ_STRUCTS).items():
            merged.setdefault(client_id, []).extend(spans)
    return {client_id: sorted(spans) for client_id, spans in merged.items()}


def _first_reaching(spans: list[tuple[int, int]], start: int) -> int:
    """The index of the first of `spans` (sorted, not overlapping) that ends after `start`: a bisection,
    so that crediting an update of many small items stays linear, not items x items."""
    index = bisect.bisect_left(spans, (start,))
    return index - 1 if index and spans[index - 1][1] > start else index


def _overlap(span: tuple[int, int], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) inside `spans` (sorted, not overlapping)."""
    start, end = span
    parts = []
    for index in range(_first_reaching(spans, start), len(spans)):
        s, e = spans[index]
        if s >= end:
            break
        parts.append((max(s, start), min(e, end)))
    return parts


def _minus(span: tuple[int, int], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) outside the `taken` ranges (sorted, not overlapping)."""
    start, end = span
    parts = []
    for index in range(_first_reaching(taken, start), len(taken)):
        s, e = taken[index]
        if s > start:
            parts.append((start, min(s, end)))
        start = max(start, e)
        if start >= end:
            break
    if start < end:
        parts.append((start, end))
    return [(s, e) for s, e in parts if s < e]


def author_at(client_id, clock, *maps: AuthorMap):
    """Who wrote the item (client id, clock), asking each map in turn (a replica's, then what is stored)."""
    for nearest in (False, True):
        for authors in maps:
            found = authors.find(client_id, clock, nearest=nearest)
            if found is not None:
                return found
    return None


def author_span(client_id, clock, *maps: AuthorMap):
    """(author_at(client_id, clock, *maps), the first clock after it where the answer may change, or
    None if it holds for every later clock of that client id)."""
    bounds = [b for b in (authors.boundary(client_id, clock) for authors in maps) if b is not None]
    return author_at(client_id, clock, *maps), min(bounds) if bounds else None


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


class Replica:
    """The in-memory replica of one section (docs/architecture.md §7 rule 1)."""

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
        self.authors = AuthorMap()  # who added which items, this load (stored as SectionAuthor rows)
        self._pending: list[tuple[int, int, int, Author]] = []  # (client id, start, end, sender) not yet in
        self.remote_owners: dict[int, str] = {}  # awareness client id -> actor key, set through another process
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
            self._credit(captured, author, update)
        return [Change(self.section_id, self.epoch, u, author) for u in captured]

    def _credit(self, captured: list[bytes], author: Author | None, update: bytes | None = None) -> None:
        """Credit the items this apply added (what the replica's transaction integrated, `captured`) to
        whoever sent them, whatever client ids they claim: those the incoming update holds itself to
        `author`; items an earlier update left waiting for a missing dependency, which fit in now, to the
        sender of that update. Without `update` (a server-side edit), all of it to `author`."""
        try:
            added = _ranges_of(captured)
        except ValueError:
            return  # too much to read at once (or unreadable): this apply goes uncredited
        held = None
        if update is not None:
            try:
                held = update_ranges(update, MAX_READ_STRUCTS)
            except ValueError:
                held = None  # too long to read: what it added is credited to its sender as a whole
        for client_id, spans in added.items():
            mine = held.get(client_id, []) if held is not None else None
            for span in spans:
                own = [span] if mine is None else _overlap(span, mine)
                if author is not None:
                    for start, end in own:
                        self.authors.credit(client_id, start, end, author)
                for start, end in _minus(span, own):  # let in now, sent before
                    for p_client, p_start, p_end, p_author in self._pending:
                        if p_client == client_id and p_start < end and p_end > start:
                            self.authors.credit(client_id, max(p_start, start), min(p_end, end), p_author)
        waiting = []
        if held is not None and author is not None:
            waiting = [(client_id, start, end) for client_id, spans in held.items() for span in spans
                       for start, end in _minus(span, added.get(client_id, []))]
        if waiting or (self._pending and added):
            # held but not added: a duplicate (below the replica's clocks) or waiting (above them)
            after = decode_state_vector(self.doc.get_state())
            self._pending += [(c, max(s, after.get(c, 0)), e, author) for c, s, e in waiting if e > after.get(c, 0)]
            self._pending = [p for p in self._pending if p[2] > after.get(p[0], 0)][-MAX_PENDING_RANGES:]

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
            self._credit(captured, author)
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

    def apply_awareness(self, member: Member, entries) -> bytes | None:
        """Apply a socket's awareness entries ((client id, clock, state) as read by protocol.parse_frame):
        only for client ids it introduced, or introduces now (none held by another socket, at most
        MAX_AWARENESS_IDS), each state's `user` replaced by `member.user`. All or nothing: raises
        FrameForbidden or BadFrame. Returns the update as applied, to share (None: nothing in it)."""
        with self.lock:
            claims = {client_id for client_id, _clock, _state in entries} - member.claimed_ids
            transfers = []
            for client_id in claims:
                owner = next((m for m in self.members.values()
                              if m is not member and client_id in m.claimed_ids), None)
                remote = self.remote_owners.get(client_id)
                if client_id == self.awareness.client_id or \
                        (owner is not None and owner.actor_key != member.actor_key) or \
                        (remote is not None and remote != member.actor_key):
                    raise FrameForbidden("This awareness client id belongs to another connection.")
                if owner is not None:  # the same person's other connection (a reconnect not yet noticed)
                    transfers.append((owner, client_id))
            live = set(member.awareness_ids)
            for client_id, _clock, state in entries:
                (live.discard if state is None else live.add)(client_id)
            if len(live) > MAX_AWARENESS_IDS or len(member.claimed_ids) + len(claims) > MAX_CLAIMED_IDS:
                raise BadFrame(f"A connection may show at most {MAX_AWARENESS_IDS} cursors in a section.")
            for _client_id, _clock, state in entries:
                if state is not None:
                    check_cursor(state)
            encoder = Encoder()
            encoder.write_var_uint(len(entries))
            for client_id, clock, state in entries:
                if state is not None:
                    state = {**state, "user": dict(member.user or {})}
                encoder.write_var_uint(client_id)
                encoder.write_var_uint(clock)
                encoder.write_var_string(json.dumps(state, separators=(",", ":")))
            update = encoder.to_bytes()
            try:
                self.awareness.apply_awareness_update(update, member.sid)
            except (ValueError, RuntimeError, IndexError) as error:
                raise BadFrame(f"The awareness update cannot be read: {error}") from None
            for owner, client_id in transfers:
                owner.claimed_ids.discard(client_id)
                owner.awareness_ids.discard(client_id)
            member.claimed_ids |= claims
            for client_id, _clock, state in entries:
                if state is None:
                    member.awareness_ids.discard(client_id)
                else:
                    member.awareness_ids.add(client_id)
            return update if entries else None

    def owned_elsewhere(self, client_ids, owner: str | None) -> None:
        """Awareness states another process applied for one of its sockets: none of ours may speak for
        them while they are set (a removal, or a state with no owner said, frees the id)."""
        with self.lock:
            for client_id in client_ids:
                if owner is not None and client_id in self.awareness.states:
                    self.remote_owners[client_id] = owner
                else:
                    self.remote_owners.pop(client_id, None)

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
            earlier = self.members.get(member.sid)
            if earlier is not None:  # joined again on the same connection: its cursors are still its own
                member.awareness_ids |= earlier.awareness_ids
                member.claimed_ids |= earlier.claimed_ids
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
