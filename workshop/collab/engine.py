"""The rooms of one process and its single batched writer (DESIGN §7 rules 1, 2, 3 and 6)."""

import logging
import threading
import time
from dataclasses import replace
from functools import partial

from pycrdt import merge_updates
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Section
from . import store
from .protocol import BadFrame, awareness_message, sync_update
from .room import Change, Room

log = logging.getLogger(__name__)


class Engine:
    """Every loaded section of this process, and the one writer that logs their changes."""

    def __init__(self, bind, *, spawn, sleep, flush_interval: float = 0.2, idle_seconds: float = 30,
                 compact_after: int = 200, catch_up: bool = False):
        self.bind = bind
        self.spawn, self.sleep = spawn, sleep
        self.flush_interval, self.idle_seconds, self.compact_after = flush_interval, idle_seconds, compact_after
        self.catch_up_on_sync = catch_up  # several processes share the log: read it before a step 1
        self.rooms: dict[int, Room] = {}
        self.relay = None  # set when several processes serve (collab.relay)
        self.deliver = None  # deliver(section_id, frame, skip_sid): to this process's joined sockets
        self.clock = time.monotonic
        self._lock = threading.RLock()
        self._pending: list[Change] = []
        self._pending_lock = threading.Lock()
        self._submitted = 0  # changes handed to the writer so far
        self._logged = 0  # how many of those are in the database
        self._logged_event = threading.Event()  # set (and replaced) when `_logged` moves on
        self._flush_lock = threading.Lock()
        self._writer_running = False
        self._stopped = False

    # Rooms

    def room(self, session: Session, section: Section) -> Room:
        """The loaded room of a section, loading it (snapshot, then log tail) on first use."""
        with self._lock:
            room = self.rooms.get(section.id)
            if room is not None and room.epoch == section.epoch:
                return room
            if room is not None:  # restored by another process: this replica is of the old epoch
                self._drop(room)
            room = store.load_room(session, section)
            self.rooms[section.id] = room
        self._ensure_writer()
        return room

    def share(self, room: Room, changes: list[Change], *, skip_sid: str | None = None) -> None:
        """What every change a replica integrates goes through: logged, sent to the sockets joined
        here, and to the other processes' replicas. A change integrated twice (here and elsewhere)
        is logged twice, which is harmless; one never logged would be lost."""
        if not changes:
            return
        self.submit(changes)
        self.send(room, skip_sid, updates=[change.update for change in changes])
        if self.relay is not None:
            self.relay.publish_changes(changes)

    # Sending out (collab.outbox): merged, once per round

    def send(self, room: Room, sender: str | None, *, updates=(), awareness_ids=()) -> None:
        """Queue updates and awareness changes for the room's sockets here, but the sender's."""
        if self.deliver is None:
            return
        with room.lock:
            start = room.outbox.put(self.clock(), sender, updates, awareness_ids)
        if start:
            self.spawn(partial(self._send_out, room))

    def _send_out(self, room: Room) -> None:
        while True:
            with room.lock:
                batch, wait = room.outbox.take(self.clock())
            if batch is None:
                if wait is not None:
                    self.spawn(partial(self._cursor_timer, room, wait))
                return
            try:
                self._send_round(room, batch)
            except BaseException:  # a greenlet killed on shutdown included: the room must not stay "sending"
                log.exception("sending a room's changes failed; they go with its next round")
                with room.lock:
                    room.outbox.give_back(batch)
                raise
            # Let the sockets' writers and readers run: what arrives meanwhile makes the next round
            self.sleep(0)

    def _send_round(self, room: Room, batch) -> None:
        if room.closed:  # a replaced replica: its clients join the new one
            return
        for update in _merged(batch.updates):
            self.deliver(room.section_id, sync_update(update), batch.update_skip)
        if batch.awareness_ids:
            with room.lock:
                # Only clients the room knows: a frame may name one whose state it ignored (an old clock)
                ids = sorted(i for i in batch.awareness_ids if i in room.awareness.meta)
                awareness = room.awareness.encode_awareness_update(ids) if ids else None
            if awareness:
                self.deliver(room.section_id, awareness_message(awareness), batch.awareness_skip)

    def _cursor_timer(self, room: Room, wait: float) -> None:
        self.sleep(wait)
        with room.lock:
            start = room.outbox.timer_fired(self.clock())
        if start:
            self._send_out(room)

    def integrate(self, room: Room, updates) -> None:
        """Apply updates from storage or from another process; whatever they (or updates that were
        waiting for them) change here is shared like a client's change."""
        changes = []
        for update in updates:
            if update:
                try:
                    changes += room.apply(update, None)
                except BadFrame:
                    log.exception("an update from storage or another process could not be applied")
        self.share(room, changes)

    def catch_up(self, session: Session, room: Room) -> None:
        if self.catch_up_on_sync:
            self.integrate(room, store.unseen_updates(session, room))

    def loaded(self, section_id: int) -> Room | None:
        return self.rooms.get(section_id)

    def replace(self, session: Session, section: Section) -> Room:
        """After a restore: a fresh replica of the new epoch, keeping the (now stale) members."""
        with self._lock:
            old = self.rooms.get(section.id)
            room = store.load_room(session, section)
            if old is not None:
                for member in list(old.members.values()):
                    room.add_member(member)
                self._drop(old)
            self.rooms[section.id] = room
        self._ensure_writer()
        return room

    def rooms_of(self, sid: str) -> list[Room]:
        with self._lock:
            return [room for room in self.rooms.values() if sid in room.members]

    def _drop(self, room: Room) -> None:
        room.close()
        if self.rooms.get(room.section_id) is room:
            del self.rooms[room.section_id]

    # The writer

    def submit(self, changes: list[Change]) -> None:
        if not changes:
            return
        with self._pending_lock:
            self._pending.extend(changes)
            self._submitted += len(changes)
        self._ensure_writer()

    def wait_logged(self, timeout: float) -> bool:
        """Wait until every change submitted so far is in the database; False if it took too long."""
        deadline = self.clock() + timeout
        with self._pending_lock:
            target = self._submitted
        while True:
            with self._pending_lock:
                if self._logged >= target:
                    return True
                event = self._logged_event
            remaining = deadline - self.clock()
            if remaining <= 0 or self._stopped:
                return False
            event.wait(remaining)

    def _mark_logged(self, upto: int) -> None:
        with self._pending_lock:
            self._logged = max(self._logged, upto)
            event, self._logged_event = self._logged_event, threading.Event()
        event.set()

    def _ensure_writer(self) -> None:
        with self._lock:
            if self._writer_running or self._stopped:
                return
            self._writer_running = True
        self.spawn(self._run)

    def _run(self) -> None:
        try:
            while not self._stopped:
                self.sleep(self.flush_interval)
                try:
                    self.flush()
                    self.unload_idle()
                except Exception:
                    log.exception("the collaboration writer failed; it retries on its next round")
                with self._lock:
                    if not self.rooms and not self._pending:
                        # in the same step as the check: a submit just after it starts a new writer
                        self._writer_running = False
                        return
        except BaseException:
            with self._lock:
                self._writer_running = False
            raise
        with self._lock:  # stopped
            self._writer_running = False

    def flush(self) -> int:
        """Log every pending change, refresh the Markdown mirrors, compact long logs; one transaction."""
        with self._flush_lock:
            with self._pending_lock:
                batch, self._pending = self._pending, []
                upto = self._submitted
            if not batch:
                return 0
            try:
                try:
                    written = self._write(batch)
                except IntegrityError:
                    # An author removed meanwhile: the text matters more than its attribution
                    log.warning("writing %d changes without their authors", len(batch))
                    written = self._write([replace(change, author=None) for change in batch])
            except Exception:
                with self._pending_lock:  # keep them for the next round rather than lose them
                    self._pending[:0] = batch
                raise
            self._mark_logged(upto)
            for section_id in written:
                room = self.rooms.get(section_id)
                if room is not None and room.logged_rows >= self.compact_after:
                    self.compact(room)
            return len(batch)

    def _write(self, batch: list[Change]) -> set[int]:
        mirrored, stored = [], []
        with Session(self.bind) as session:
            written = store.append_changes(session, batch)
            for section_id, epoch in written.items():
                room = self.rooms.get(section_id)
                if room is None or room.epoch != epoch:
                    continue
                room.logged_rows += 1
                markdown = room.markdown()
                if markdown != room.mirrored:
                    store.write_mirror(session, section_id, epoch, markdown)
                    mirrored.append((room, markdown))
                stored.append(store.store_authors(session, room))
            session.commit()
        for committed in stored:
            committed()
        for room, markdown in mirrored:
            room.mirrored = markdown
        return set(written)

    def compact(self, room: Room) -> bool:
        with Session(self.bind) as session:
            done = store.compact(session, room, self.integrate)
            committed = store.store_authors(session, room, grown=True) if done else None
            session.commit()
        if committed is not None:
            committed()
        return done

    def has_pending(self, section_id: int) -> bool:
        with self._pending_lock:
            return any(change.section_id == section_id for change in self._pending)

    def unload_idle(self, *, force: bool = False) -> int:
        """Unload rooms whose last client left a while ago: compact them, drop their observers."""
        now = time.monotonic()
        unloaded = 0
        for room in list(self.rooms.values()):
            idle = room.idle_since is not None and (force or now - room.idle_since >= self.idle_seconds)
            if not idle or self.has_pending(room.section_id):
                continue
            if room.logged_rows:
                try:
                    self.compact(room)
                except store.CompactionMismatch:
                    log.exception("compaction refused; the log is kept")
            with self._lock:
                if room.members or self.has_pending(room.section_id):
                    continue
                self._drop(room)
                unloaded += 1
        return unloaded

    def shutdown(self) -> None:
        """Write what is pending and stop the writer (tests, and a clean stop)."""
        self.flush()
        self._stopped = True
        self._logged_event.set()  # nobody waits for a writer that has stopped
        if self.relay is not None:
            self.relay.stop()
        with self._lock:
            for room in list(self.rooms.values()):
                self._drop(room)


def _merged(updates: list[bytes]) -> list[bytes]:
    if len(updates) < 2:
        return updates
    try:
        return [merge_updates(*updates)]
    except (ValueError, RuntimeError):  # each was applied here, so each can go on its own
        log.exception("could not merge %d updates", len(updates))
        return updates
