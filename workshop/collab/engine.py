"""The replicas of one process and its single batched writer (docs/architecture.md §7 rules 1, 2, 3 and 6)."""

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
from .replica import Change, Replica

log = logging.getLogger(__name__)


class Engine:
    """Every loaded section of this process, and the one writer that logs their changes."""

    def __init__(self, bind, *, spawn, sleep, flush_interval: float = 0.2, idle_seconds: float = 30,
                 compact_after: int = 200, catch_up: bool = False):
        self.bind = bind
        self.spawn, self.sleep = spawn, sleep
        self.flush_interval, self.idle_seconds, self.compact_after = flush_interval, idle_seconds, compact_after
        self.catch_up_on_sync = catch_up  # several processes share the log: read it before a step 1
        self.replicas: dict[int, Replica] = {}
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

    # Replicas

    def replica(self, session: Session, section: Section) -> Replica:
        """The loaded replica of a section, loading it (snapshot, then log tail) on first use."""
        with self._lock:
            replica = self.replicas.get(section.id)
            if replica is not None and replica.epoch == section.epoch:
                return replica
            if replica is not None:  # restored by another process: this replica is of the old epoch
                self._drop(replica)
            replica = store.load_replica(session, section)
            self.replicas[section.id] = replica
        self._ensure_writer()
        return replica

    def share(self, replica: Replica, changes: list[Change], *, skip_sid: str | None = None) -> None:
        """What every change a replica integrates goes through: logged, sent to the sockets joined
        here, and to the other processes' replicas. A change integrated twice (here and elsewhere)
        is logged twice, which is harmless; one never logged would be lost."""
        if not changes:
            return
        self.submit(changes)
        self.send(replica, skip_sid, updates=[change.update for change in changes])
        if self.relay is not None:
            self.relay.publish_changes(changes)

    # Sending out (collab.outbox): merged, once per round

    def send(self, replica: Replica, sender: str | None, *, updates=(), awareness_ids=()) -> None:
        """Queue updates and awareness changes for the replica's sockets here, but the sender's."""
        if self.deliver is None:
            return
        with replica.lock:
            start = replica.outbox.put(self.clock(), sender, updates, awareness_ids)
        if start:
            self.spawn(partial(self._send_out, replica))

    def _send_out(self, replica: Replica) -> None:
        while True:
            with replica.lock:
                batch, wait = replica.outbox.take(self.clock())
            if batch is None:
                if wait is not None:
                    self.spawn(partial(self._cursor_timer, replica, wait))
                return
            try:
                self._send_round(replica, batch)
            except BaseException:  # a greenlet killed on shutdown included: the replica must not stay "sending"
                log.exception("sending a replica's changes failed; they go with its next round")
                with replica.lock:
                    replica.outbox.give_back(batch)
                raise
            # Let the sockets' writers and readers run: what arrives meanwhile makes the next round
            self.sleep(0)

    def _send_round(self, replica: Replica, batch) -> None:
        if replica.closed:  # a replaced replica: its clients join the new one
            return
        for update in _merged(batch.updates):
            self.deliver(replica.section_id, sync_update(update), batch.update_skip)
        if batch.awareness_ids:
            with replica.lock:
                # Only clients the replica knows: a frame may name one whose state it ignored (an old clock)
                ids = sorted(i for i in batch.awareness_ids if i in replica.awareness.meta)
                awareness = replica.awareness.encode_awareness_update(ids) if ids else None
            if awareness:
                self.deliver(replica.section_id, awareness_message(awareness), batch.awareness_skip)

    def _cursor_timer(self, replica: Replica, wait: float) -> None:
        self.sleep(wait)
        with replica.lock:
            start = replica.outbox.timer_fired(self.clock())
        if start:
            self._send_out(replica)

    def integrate(self, replica: Replica, updates) -> None:
        """Apply updates from storage or from another process; whatever they (or updates that were
        waiting for them) change here is shared like a client's change."""
        changes = []
        for update in updates:
            if update:
                try:
                    changes += replica.apply(update, None)
                except BadFrame:
                    log.exception("an update from storage or another process could not be applied")
        self.share(replica, changes)

    def catch_up(self, session: Session, replica: Replica) -> None:
        if self.catch_up_on_sync:
            self.integrate(replica, store.unseen_updates(session, replica))

    def loaded(self, section_id: int) -> Replica | None:
        return self.replicas.get(section_id)

    def replace(self, session: Session, section: Section) -> Replica:
        """After a restore: a fresh replica of the new epoch, keeping the (now stale) members."""
        with self._lock:
            old = self.replicas.get(section.id)
            replica = store.load_replica(session, section)
            if old is not None:
                for member in list(old.members.values()):
                    replica.add_member(member)
                self._drop(old)
            self.replicas[section.id] = replica
        self._ensure_writer()
        return replica

    def replicas_of(self, sid: str) -> list[Replica]:
        with self._lock:
            return [replica for replica in self.replicas.values() if sid in replica.members]

    def _drop(self, replica: Replica) -> None:
        replica.close()
        if self.replicas.get(replica.section_id) is replica:
            del self.replicas[replica.section_id]

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
                    if not self.replicas and not self._pending:
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
                replica = self.replicas.get(section_id)
                if replica is not None and replica.logged_rows >= self.compact_after:
                    self.compact(replica)
            return len(batch)

    def _write(self, batch: list[Change]) -> set[int]:
        mirrored, stored = [], []
        with Session(self.bind) as session:
            written = store.append_changes(session, batch)
            for section_id, epoch in written.items():
                replica = self.replicas.get(section_id)
                if replica is None or replica.epoch != epoch:
                    continue
                replica.logged_rows += 1
                markdown = replica.markdown()
                if markdown != replica.mirrored:
                    store.write_mirror(session, section_id, epoch, markdown)
                    mirrored.append((replica, markdown))
                stored.append(store.store_authors(session, replica))
            session.commit()
        for committed in stored:
            committed()
        for replica, markdown in mirrored:
            replica.mirrored = markdown
        return set(written)

    def compact(self, replica: Replica) -> bool:
        with Session(self.bind) as session:
            done = store.compact(session, replica, self.integrate)
            committed = store.store_authors(session, replica, grown=True) if done else None
            session.commit()
        if committed is not None:
            committed()
        return done

    def has_pending(self, section_id: int) -> bool:
        with self._pending_lock:
            return any(change.section_id == section_id for change in self._pending)

    def unload_idle(self, *, force: bool = False) -> int:
        """Unload replicas whose last client left a while ago: compact them, drop their observers."""
        now = time.monotonic()
        unloaded = 0
        for replica in list(self.replicas.values()):
            idle = replica.idle_since is not None and (force or now - replica.idle_since >= self.idle_seconds)
            if not idle or self.has_pending(replica.section_id):
                continue
            if replica.logged_rows:
                try:
                    self.compact(replica)
                except store.CompactionMismatch:
                    log.exception("compaction refused; the log is kept")
            with self._lock:
                if replica.members or self.has_pending(replica.section_id):
                    continue
                self._drop(replica)
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
            for replica in list(self.replicas.values()):
                self._drop(replica)


def _merged(updates: list[bytes]) -> list[bytes]:
    if len(updates) < 2:
        return updates
    try:
        return [merge_updates(*updates)]
    except (ValueError, RuntimeError):  # each was applied here, so each can go on its own
        log.exception("could not merge %d updates", len(updates))
        return updates
