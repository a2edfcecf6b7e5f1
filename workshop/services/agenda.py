"""Building the agenda: days of items, added, edited and reordered."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AgendaItem, Workshop
from ..models.agenda import ITEM_KINDS
from . import fields
from .actors import Actor
from .audit import record
from .errors import Invalid, NotFound
from .rights import require

MAX_DAYS = 31


def _max_day(workshop: Workshop) -> int:
    if workshop.start_date and workshop.end_date:
        return (workshop.end_date - workshop.start_date).days + 1
    return MAX_DAYS


def day_numbers(workshop: Workshop, items: list[AgendaItem]) -> list[int]:
    """The days to offer: every day of the meeting, or the days in use and one more when undated."""
    used = {item.day for item in items}
    if workshop.start_date and workshop.end_date:
        return sorted(used | set(range(1, _max_day(workshop) + 1)))
    return sorted(used | {1, max(used, default=0) + 1})


def _read_item(data: dict, workshop: Workshop, partial: bool) -> dict:
    readers = {
        "day": lambda: fields.integer(data, "day", minimum=1, maximum=_max_day(workshop), default=1),
        "title": lambda: fields.text(data, "title", required=True, max_len=300),
        "kind": lambda: fields.choice(data, "kind", ITEM_KINDS, default="presentation"),
        "starts_at": lambda: fields.clock_time(data, "starts_at", label="start time"),
        "duration_minutes": lambda: fields.integer(data, "duration_minutes", label="duration",
                                                   minimum=0, maximum=24 * 60),
        "theme": lambda: fields.text(data, "theme", max_len=300),
        "notes": lambda: fields.text(data, "notes", max_len=4000, multiline=True),
    }
    return {key: read() for key, read in readers.items() if not partial or key in data}


def day_items(session: Session, workshop_id: int, day: int) -> list[AgendaItem]:
    return list(session.scalars(
        select(AgendaItem)
        .where(AgendaItem.workshop_id == workshop_id, AgendaItem.day == day)
        .order_by(AgendaItem.position, AgendaItem.id)
    ))


def _renumber(items: list[AgendaItem]) -> None:
    for index, item in enumerate(items):
        item.position = index


def add_item(session: Session, actor: Actor, workshop: Workshop, data) -> AgendaItem:
    require(actor, "workshop.build")
    data = fields.payload(data)
    values = _read_item(data, workshop, partial=False)
    siblings = day_items(session, workshop.id, values["day"])
    position = fields.integer(data, "position", minimum=0, maximum=999, default=len(siblings))
    item = AgendaItem(workshop_id=workshop.id, **values)
    session.add(item)
    siblings.insert(min(position, len(siblings)), item)
    _renumber(siblings)
    session.flush()
    record(session, actor, "agenda.add", {"id": item.id, "title": item.title, "day": item.day})
    return item


def get_item(session: Session, workshop: Workshop, item_id) -> AgendaItem:
    item = session.get(AgendaItem, item_id) if fields.is_id(item_id) else None
    if item is None or item.workshop_id != workshop.id:
        raise NotFound("No such agenda item in this workshop.")
    return item


def update_item(session: Session, actor: Actor, workshop: Workshop, item_id, data) -> AgendaItem:
    require(actor, "workshop.build")
    data = fields.payload(data)
    item = get_item(session, workshop, item_id)
    values = _read_item(data, workshop, partial=True)
    new_day = values.pop("day", item.day)
    for key, value in values.items():
        setattr(item, key, value)
    if new_day != item.day:
        move_item(session, actor, workshop, item.id, {"day": new_day})
    session.flush()
    record(session, actor, "agenda.update", {"id": item.id, "fields": sorted(values)})
    return item


def move_item(session: Session, actor: Actor, workshop: Workshop, item_id, data) -> AgendaItem:
    """Move an item to a position within a day (and to another day); positions stay 0..n-1."""
    require(actor, "workshop.build")
    data = fields.payload(data)
    item = get_item(session, workshop, item_id)
    day = fields.integer(data, "day", minimum=1, maximum=_max_day(workshop), default=item.day)
    old = [i for i in day_items(session, workshop.id, item.day) if i.id != item.id]
    target = old if day == item.day else day_items(session, workshop.id, day)
    position = fields.integer(data, "position", minimum=0, maximum=999, default=len(target))
    if day != item.day:
        _renumber(old)
        item.day = day
    target.insert(min(position, len(target)), item)
    _renumber(target)
    session.flush()
    record(session, actor, "agenda.move", {"id": item.id, "day": day, "position": item.position})
    return item


def remove_item(session: Session, actor: Actor, workshop: Workshop, item_id) -> None:
    require(actor, "workshop.build")
    item = get_item(session, workshop, item_id)
    if workshop.current_item_id == item.id:
        raise Invalid("This item is live: move on to another item before removing it.")
    day = item.day
    session.delete(item)
    session.flush()
    _renumber(day_items(session, workshop.id, day))
    record(session, actor, "agenda.remove", {"id": item_id, "title": item.title})


def list_items(session: Session, workshop_id: int) -> list[AgendaItem]:
    return list(session.scalars(
        select(AgendaItem).where(AgendaItem.workshop_id == workshop_id)
        .order_by(AgendaItem.day, AgendaItem.position, AgendaItem.id)
    ))


def item_data(item: AgendaItem) -> dict:
    return {
        "id": item.id,
        "day": item.day,
        "position": item.position,
        "title": item.title,
        "kind": item.kind,
        "starts_at": item.starts_at.strftime("%H:%M") if item.starts_at else None,
        "duration_minutes": item.duration_minutes,
        "theme": item.theme,
        "notes": item.notes,
        "status": item.status,
        "actual_start": item.actual_start.isoformat() + "Z" if item.actual_start else None,
        "actual_end": item.actual_end.isoformat() + "Z" if item.actual_end else None,
    }
