"""Steering through the agenda live: the current item with its actual times, extending an item."""

from sqlalchemy.orm import Session

from ..models import AgendaItem, Workshop
from ..models.base import utcnow
from . import agenda, fields
from .actors import Actor
from .agenda import get_item, item_data, list_items
from .audit import record
from .errors import Invalid
from .rights import require


def set_current(session: Session, actor: Actor, workshop: Workshop, data) -> AgendaItem | None:
    """Make an item live (or none): the item left is done with its actual end, the new one starts now."""
    require(actor, "workshop.steer")
    data = fields.payload(data)
    if "item_id" not in data:
        raise Invalid("Say which agenda item is now live (item_id; null ends the current item).", "item_id")
    item = None
    if data["item_id"] is not None:
        item = get_item(session, workshop, fields.identifier(data, "item_id", label="agenda item"))
    now = utcnow()
    previous = session.get(AgendaItem, workshop.current_item_id) if workshop.current_item_id else None
    if previous is not None and previous is not item:
        previous.status = "done"
        previous.actual_end = now
    if item is not None and (previous is not item or item.status != "live"):
        item.status = "live"
        # Coming back to an item keeps when it first started; it is live again until it ends anew
        item.actual_start = item.actual_start or now
        item.actual_end = None
    workshop.current_item_id = item.id if item else None
    session.flush()
    record(session, actor, "agenda.set_current", {"item_id": workshop.current_item_id,
                                                   "previous_id": previous.id if previous else None})
    return item


def extend_item(session: Session, actor: Actor, workshop: Workshop, data) -> AgendaItem:
    """Lengthen (or shorten, with negative minutes) an item's planned duration on the fly."""
    require(actor, "workshop.steer")
    data = fields.payload(data)
    item = get_item(session, workshop, fields.identifier(data, "item_id", label="agenda item"))
    minutes = fields.integer(data, "minutes", required=True, minimum=-24 * 60, maximum=24 * 60)
    if minutes == 0:
        raise Invalid("Give the minutes to add (or a negative number to take away).", "minutes")
    item.duration_minutes = max(0, min(24 * 60, (item.duration_minutes or 0) + minutes))
    session.flush()
    record(session, actor, "agenda.extend", {"item_id": item.id, "minutes": minutes,
                                              "duration_minutes": item.duration_minutes})
    return item


def move_item(session: Session, actor: Actor, workshop: Workshop, data) -> AgendaItem:
    """Move an item on the fly: `position` within its day, or to another `day`."""
    require(actor, "workshop.steer")
    data = fields.payload(data)
    item_id = fields.identifier(data, "item_id", label="agenda item")
    if "position" not in data and "day" not in data:
        raise Invalid("Give the new position (and day, to move it to another day).", "position")
    return agenda.move_item(session, actor, workshop, item_id, data)


def agenda_state(session: Session, workshop: Workshop) -> dict:
    """The `agenda` broadcast: every item with its live status, and which one is current."""
    return {"items": [item_data(i) for i in list_items(session, workshop.id)],
            "current_item_id": workshop.current_item_id}
