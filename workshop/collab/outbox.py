"""What a section's replica integrates, on its way to the sockets joined to the section.

Frames are not relayed one by one as they arrive. While one batch is being handed to the sockets, what
arrives meanwhile waits and then goes out as one merged update; cursors (awareness) go out at most every
AWARENESS_INTERVAL, merged too. An idle replica sends at once; a busy one sends fewer, larger frames, so the
server's cost grows with the number of sockets rather than with keystrokes times sockets. Every frame is
still exactly one y-protocols message (docs/architecture.md §5).
"""

from dataclasses import dataclass, field

# Cursors and names move smoothly at 20 updates a second; text does not wait for them
AWARENESS_INTERVAL = 0.05
SLACK = 1e-4  # a timer may wake a little early: never spin on a remainder of microseconds


@dataclass
class Batch:
    """One round of sending: the updates to merge and the awareness clients to encode, each with the
    one socket it all came from (it has it already), if there is exactly one."""

    updates: list[bytes] = field(default_factory=list)
    update_skip: str | None = None
    awareness_ids: set[int] = field(default_factory=set)
    awareness_skip: str | None = None


def _only(senders: set) -> str | None:
    return next(iter(senders)) if len(senders) == 1 else None


class Outbox:
    """The frames waiting for the sockets joined to one section. Not locked: the replica's lock guards it.

    At most one sender task runs per replica (`sending`). When only cursors wait for their turn, the task
    ends and one timer (`timer_set`) starts a round when they are due, so text never waits behind them."""

    def __init__(self, awareness_interval: float = AWARENESS_INTERVAL):
        self.awareness_interval = awareness_interval
        self.sending = False
        self.timer_set = False
        self._updates: list[bytes] = []
        self._update_senders: set[str | None] = set()
        self._awareness_ids: set[int] = set()
        self._awareness_senders: set[str | None] = set()
        self._awareness_due_at = float("-inf")

    def put(self, now: float, sender: str | None, updates=(), awareness_ids=()) -> bool:
        """Queue frames from `sender` (None: from storage or another process, for every socket).
        Returns True when a round must start now (the caller starts the sender task)."""
        updates = [u for u in updates if u]
        if updates:
            self._updates.extend(updates)
            self._update_senders.add(sender)
        if awareness_ids:
            self._awareness_ids.update(awareness_ids)
            self._awareness_senders.add(sender)
        return self._start(now)

    def timer_fired(self, now: float) -> bool:
        self.timer_set = False
        return self._start(now)

    def _start(self, now: float) -> bool:
        if self.sending or not (self._updates or self._awareness_due(now) or
                                (self._awareness_ids and not self.timer_set)):
            return False
        self.sending = True
        return True

    def _awareness_due(self, now: float) -> bool:
        return bool(self._awareness_ids) and now >= self._awareness_due_at - SLACK

    def take(self, now: float) -> tuple[Batch | None, float | None]:
        """The batch to send now; or, when there is none, (None, seconds) if a timer must be set for
        the cursors waiting, else (None, None). Without a batch the sender task ends."""
        awareness_due = self._awareness_due(now)
        if not self._updates and not awareness_due:
            self.sending = False
            if self._awareness_ids and not self.timer_set:
                self.timer_set = True
                return None, max(0.0, self._awareness_due_at - now)
            return None, None
        batch = Batch(updates=self._updates, update_skip=_only(self._update_senders))
        self._updates, self._update_senders = [], set()
        if awareness_due:
            batch.awareness_ids, batch.awareness_skip = self._awareness_ids, _only(self._awareness_senders)
            self._awareness_ids, self._awareness_senders = set(), set()
            self._awareness_due_at = now + self.awareness_interval
        return batch, 0.0

    def give_back(self, batch: Batch) -> None:
        """A round that failed: its frames go first in the next one (sending one twice is harmless)."""
        self.sending = False
        if batch.updates:
            self._updates[:0] = batch.updates
            self._update_senders.add(batch.update_skip)
        if batch.awareness_ids:
            self._awareness_ids |= batch.awareness_ids
            self._awareness_senders.add(batch.awareness_skip)
