"""The countdown per workshop, for the current item or a speaker.

Clients count down locally from `ends_at` (corrected by `server_now`), so the server only speaks when
the facilitator starts, pauses, extends or resets: no ticking broadcasts, no drift between laptops.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AgendaItem, Timer, Workshop
from ..models.base import iso_utc, utcnow
from ..models.steering import TIMER_PURPOSES
from . import fields
from .actors import Actor
from .audit import record
from .errors import Conflict, Invalid
from .floor import current_speaker
from .rights import require

MAX_SECONDS = 8 * 3600


def get_timer(session: Session, workshop_id: int) -> Timer | None:
    return session.scalar(select(Timer).where(Timer.workshop_id == workshop_id))


def _timer_for(session: Session, workshop: Workshop) -> Timer:
    timer = get_timer(session, workshop.id)
    if timer is None:
        timer = Timer(workshop_id=workshop.id, purpose="item", label="", duration_seconds=0,
                      remaining_seconds=0, running=False, paused=False)
        session.add(timer)
    return timer


def remaining_seconds(timer: Timer | None, now: datetime) -> float:
    """Seconds left at `now`; negative once a running countdown has passed its end (overrun)."""
    if timer is None:
        return 0.0
    if timer.running and timer.ends_at is not None:
        return (timer.ends_at - now).total_seconds()
    return float(timer.remaining_seconds)


def timer_status(timer: Timer | None, now: datetime) -> str:
    """idle (nothing set), ready (set, not started), running, paused, or finished (time is up)."""
    if timer is None or not (timer.running or timer.paused or timer.duration_seconds > 0):
        return "idle"
    if (timer.running or timer.paused) and remaining_seconds(timer, now) <= 0:
        return "finished"
    if timer.running:
        return "running"
    return "paused" if timer.paused else "ready"


def _default_label(session: Session, workshop: Workshop, purpose: str) -> str:
    if purpose == "speaker":
        speaking = current_speaker(session, workshop.id)
        return f"Speaker: {speaking.delegation.name}"[:200] if speaking else "Speaker"  # the label's column
    item = session.get(AgendaItem, workshop.current_item_id) if workshop.current_item_id else None
    return item.title[:200] if item else "Countdown"


def start_timer(session: Session, actor: Actor, workshop: Workshop, data, now: datetime | None = None) -> Timer:
    """Start a fresh countdown of `seconds`, or resume a paused one when no length is given."""
    require(actor, "workshop.steer")
    data = fields.payload(data)
    now = now or utcnow()
    seconds = fields.integer(data, "seconds", minimum=1, maximum=MAX_SECONDS)
    timer = _timer_for(session, workshop)
    purpose = fields.choice(data, "purpose", TIMER_PURPOSES, default=timer.purpose or "item")
    label = fields.text(data, "label", max_len=200)
    if seconds is None:
        if timer.running:
            raise Conflict("The timer is already running.")
        if timer.remaining_seconds <= 0:
            item = session.get(AgendaItem, workshop.current_item_id) if workshop.current_item_id else None
            if timer.duration_seconds > 0:
                seconds = timer.duration_seconds  # a finished countdown starts again from the top
            elif purpose == "item" and item is not None and item.duration_minutes:
                seconds = min(item.duration_minutes * 60, MAX_SECONDS)
            else:
                raise Invalid("Give the length of the countdown in seconds.", "seconds")
    if seconds is not None:
        timer.duration_seconds = seconds
        timer.remaining_seconds = seconds
        timer.purpose = purpose
        timer.label = label or _default_label(session, workshop, purpose)
    elif label:
        timer.label = label
    timer.running, timer.paused = True, False
    timer.ends_at = now + timedelta(seconds=timer.remaining_seconds)
    timer.updated_at = now
    session.flush()
    record(session, actor, "timer.start", {"seconds": timer.remaining_seconds, "label": timer.label,
                                            "purpose": timer.purpose})
    return timer


def pause_timer(session: Session, actor: Actor, workshop: Workshop, data, now: datetime | None = None) -> Timer:
    require(actor, "workshop.steer")
    fields.payload(data)
    now = now or utcnow()
    timer = get_timer(session, workshop.id)
    if timer is None or not timer.running:
        raise Conflict("The timer is not running.")
    timer.remaining_seconds = max(0, round(remaining_seconds(timer, now)))
    timer.running, timer.paused = False, True
    timer.ends_at = None
    timer.updated_at = now
    session.flush()
    record(session, actor, "timer.pause", {"remaining_seconds": timer.remaining_seconds})
    return timer


def extend_timer(session: Session, actor: Actor, workshop: Workshop, data, now: datetime | None = None) -> Timer:
    """Add (or take away, with negative seconds) time; a running countdown keeps running."""
    require(actor, "workshop.steer")
    data = fields.payload(data)
    now = now or utcnow()
    seconds = fields.integer(data, "seconds", required=True, minimum=-MAX_SECONDS, maximum=MAX_SECONDS)
    if seconds == 0:
        raise Invalid("Give the seconds to add (or a negative number to take away).", "seconds")
    timer = _timer_for(session, workshop)
    if timer.running:
        # An overrun countdown that gets more time counts on from now, not from its past end
        base = max(timer.ends_at, now) if seconds > 0 else timer.ends_at
        timer.ends_at = min(base + timedelta(seconds=seconds), now + timedelta(seconds=MAX_SECONDS))
    else:
        timer.remaining_seconds = max(0, min(MAX_SECONDS, timer.remaining_seconds + seconds))
    timer.duration_seconds = max(0, min(MAX_SECONDS, timer.duration_seconds + seconds))
    timer.updated_at = now
    session.flush()
    record(session, actor, "timer.extend", {"seconds": seconds})
    return timer


def reset_timer(session: Session, actor: Actor, workshop: Workshop, data, now: datetime | None = None) -> Timer:
    """Stop and wind back to the full length (`clear: true` also forgets the length and label)."""
    require(actor, "workshop.steer")
    data = fields.payload(data)
    clear = fields.boolean(data, "clear")
    timer = _timer_for(session, workshop)
    timer.running, timer.paused = False, False
    timer.ends_at = None
    if clear:
        timer.duration_seconds = 0
        timer.label = ""
    timer.remaining_seconds = timer.duration_seconds
    timer.updated_at = now or utcnow()
    session.flush()
    record(session, actor, "timer.reset", {"clear": clear})
    return timer


def timer_data(timer: Timer | None, now: datetime | None = None) -> dict:
    now = now or utcnow()
    running = bool(timer and timer.running)
    return {
        "running": running,
        "status": timer_status(timer, now),
        "ends_at": iso_utc(timer.ends_at) if running else None,
        "remaining_seconds": round(remaining_seconds(timer, now), 3),
        "duration_seconds": timer.duration_seconds if timer else 0,
        "label": timer.label if timer else "",
        "purpose": timer.purpose if timer else "item",
        "server_now": iso_utc(now),
    }
