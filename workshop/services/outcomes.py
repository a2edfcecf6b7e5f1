"""Outcomes: facilitators and rapporteurs record what was agreed, in an order everyone sees live.

The statement export reads these rows through list_outcomes(); the field names follow docs/architecture.md §6.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Delegation, Outcome, Poll, Workshop
from ..models.base import iso_utc, utcnow
from ..models.outcomes import OUTCOME_KINDS
from . import fields
from .actors import Actor
from .agenda import get_item
from .audit import record
from .errors import Forbidden, Invalid, NotFound
from .groups import get_group, rapporteur_group
from .references import owned
from .rights import require

MAX_TEXT = 4000


def list_outcomes(session: Session, workshop_id: int) -> list[Outcome]:
    """The workshop's outcomes in their agreed order."""
    return list(session.scalars(select(Outcome).where(Outcome.workshop_id == workshop_id)
                                .order_by(Outcome.position, Outcome.id)))


def get_outcome(session: Session, workshop: Workshop, outcome_id) -> Outcome:
    outcome = session.get(Outcome, outcome_id) if fields.is_id(outcome_id) else None
    if outcome is None or outcome.workshop_id != workshop.id:
        raise NotFound("No such outcome in this workshop.", "outcome_id")
    return outcome


def _lead(session: Session, workshop: Workshop, data: dict) -> list[int]:
    value = data.get("lead")
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > 100 or any(
            isinstance(i, bool) or not isinstance(i, int) for i in value):
        raise Invalid("The lead must be a list of delegation ids.", "lead")
    ids = list(dict.fromkeys(value))
    known = set(session.scalars(select(Delegation.id).where(
        Delegation.workshop_id == workshop.id, Delegation.id.in_(ids))))
    if len(known) != len(ids):
        raise Invalid("Each lead must be a delegation of this workshop.", "lead")
    return ids


def _optional_ref(data: dict, key: str, label: str) -> int | None:
    return None if data.get(key) is None else fields.identifier(data, key, label=label)


def _read(session: Session, workshop: Workshop, data: dict, partial: bool) -> dict:
    def agenda_item():
        item_id = _optional_ref(data, "agenda_item_id", "agenda item")
        return get_item(session, workshop, item_id).id if item_id is not None else None

    def poll():
        poll_id = _optional_ref(data, "poll_id", "poll")
        if poll_id is not None:
            owned(session, workshop, Poll, poll_id, "poll", "poll_id")
        return poll_id

    readers = {
        "kind": lambda: fields.choice(data, "kind", OUTCOME_KINDS, default="agreement"),
        "text": lambda: fields.text(data, "text", required=True, max_len=MAX_TEXT, multiline=True),
        "lead": lambda: _lead(session, workshop, data),
        "due": lambda: fields.iso_date(data, "due", label="due date"),
        "agenda_item_id": agenda_item,
        "poll_id": poll,
    }
    return {key: read() for key, read in readers.items() if not partial or key in data}


def _group_for(session: Session, actor: Actor, workshop: Workshop, data: dict) -> int | None:
    """Staff may file an outcome under any group; a rapporteur only ever under their own."""
    if actor.role == "rapporteur":
        group = rapporteur_group(session, actor)
        if group is None:
            raise Forbidden("Rapporteurs record outcomes for their group: you are not named for one yet.")
        asked = _optional_ref(data, "group_id", "group")
        if asked is not None and asked != group.id:
            raise Forbidden("You can only record outcomes for your own group.")
        return group.id
    group_id = _optional_ref(data, "group_id", "group")
    return get_group(session, workshop, group_id).id if group_id is not None else None


def _check_may_change(session: Session, actor: Actor, outcome: Outcome) -> None:
    require(actor, "outcome.record")
    if actor.role == "rapporteur":
        group = rapporteur_group(session, actor)
        if group is None or outcome.group_id != group.id:
            raise Forbidden("You can only change the outcomes of your own group.")


def _place(session: Session, workshop_id: int, outcome: Outcome, position: int | None) -> None:
    others = [o for o in list_outcomes(session, workshop_id) if o is not outcome]
    others.insert(len(others) if position is None else min(position, len(others)), outcome)
    for index, row in enumerate(others):
        row.position = index


def add_outcome(session: Session, actor: Actor, workshop: Workshop, data) -> Outcome:
    require(actor, "outcome.record")
    data = fields.payload(data)
    group_id = _group_for(session, actor, workshop, data)
    values = _read(session, workshop, data, partial=False)
    position = fields.integer(data, "position", minimum=0, maximum=10_000)
    outcome = Outcome(workshop_id=workshop.id, group_id=group_id, recorded_by=actor.name, **values)
    session.add(outcome)
    _place(session, workshop.id, outcome, position)
    session.flush()
    record(session, actor, "outcome.add", {"id": outcome.id, "kind": outcome.kind, "group_id": group_id})
    return outcome


def update_outcome(session: Session, actor: Actor, workshop: Workshop, data) -> Outcome:
    data = fields.payload(data)
    outcome = get_outcome(session, workshop, fields.identifier(data, "outcome_id", label="outcome"))
    _check_may_change(session, actor, outcome)
    values = _read(session, workshop, data, partial=True)
    if "group_id" in data:
        values["group_id"] = _group_for(session, actor, workshop, data)
    if not values:
        raise Invalid("Give at least one field to change.")
    for key, value in values.items():
        setattr(outcome, key, value)
    outcome.updated_at = utcnow()
    session.flush()
    record(session, actor, "outcome.update", {"id": outcome.id, "fields": sorted(values)})
    return outcome


def remove_outcome(session: Session, actor: Actor, workshop: Workshop, data) -> int:
    data = fields.payload(data)
    outcome = get_outcome(session, workshop, fields.identifier(data, "outcome_id", label="outcome"))
    _check_may_change(session, actor, outcome)
    outcome_id = outcome.id
    session.delete(outcome)
    session.flush()
    for index, row in enumerate(list_outcomes(session, workshop.id)):
        row.position = index
    session.flush()
    record(session, actor, "outcome.remove", {"id": outcome_id, "text": outcome.text[:200]})
    return outcome_id


def move_outcome(session: Session, actor: Actor, workshop: Workshop, data) -> Outcome:
    data = fields.payload(data)
    outcome = get_outcome(session, workshop, fields.identifier(data, "outcome_id", label="outcome"))
    _check_may_change(session, actor, outcome)
    position = fields.integer(data, "position", required=True, minimum=0, maximum=10_000)
    _place(session, workshop.id, outcome, position)
    session.flush()
    record(session, actor, "outcome.move", {"id": outcome.id, "position": outcome.position})
    return outcome


def outcome_data(outcome: Outcome) -> dict:
    return {
        "id": outcome.id,
        "kind": outcome.kind,
        "text": outcome.text,
        "lead": list(outcome.lead or []),
        "due": outcome.due.isoformat() if outcome.due else None,
        "agenda_item_id": outcome.agenda_item_id,
        "poll_id": outcome.poll_id,
        "group_id": outcome.group_id,
        "position": outcome.position,
        "recorded_by": outcome.recorded_by,
        "created_at": iso_utc(outcome.created_at),
        "updated_at": iso_utc(outcome.updated_at),
    }
