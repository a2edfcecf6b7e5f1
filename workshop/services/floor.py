"""Floor requests: delegations ask to speak, the facilitator grants the floor in queue order."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Delegation, FloorRequest, Workshop
from ..models.base import iso_utc, utcnow
from ..models.steering import FLOOR_KINDS
from . import fields
from .actors import Actor
from .audit import record
from .errors import Conflict, Forbidden, NotFound
from .rights import require

# Points of order interrupt everything; a reply answers the current speaker, so it comes before the
# speakers' list; within a kind, first come first served
KIND_PRIORITY = {"point_of_order": 0, "reply": 1, "speak": 2}
KIND_LABELS = {"point_of_order": "point of order", "reply": "reply", "speak": "speak"}


def current_speaker(session: Session, workshop_id: int) -> FloorRequest | None:
    return session.scalar(select(FloorRequest).where(
        FloorRequest.workshop_id == workshop_id, FloorRequest.state == "speaking"))


def queue(session: Session, workshop_id: int) -> list[FloorRequest]:
    """The waiting requests in the order the floor will be given."""
    waiting = session.scalars(select(FloorRequest).where(
        FloorRequest.workshop_id == workshop_id, FloorRequest.state == "waiting"))
    return sorted(waiting, key=lambda r: (KIND_PRIORITY[r.kind], r.requested_at, r.id))


def open_request_id(session: Session, delegation_id: int, kind: str) -> int | None:
    return session.scalar(select(FloorRequest.id).where(
        FloorRequest.delegation_id == delegation_id, FloorRequest.kind == kind,
        FloorRequest.state.in_(("waiting", "speaking"))))


def _request_in(session: Session, workshop: Workshop, request_id) -> FloorRequest:
    row = session.get(FloorRequest, request_id) if fields.is_id(request_id) else None
    if row is None or row.workshop_id != workshop.id:
        raise NotFound("No such floor request in this workshop.")
    return row


def _delegation_for(session: Session, actor: Actor, workshop: Workshop, data: dict) -> Delegation:
    if actor.kind == "participant":
        asked = fields.identifier(data, "delegation_id", label="delegation", required=False)
        if asked is not None and asked != actor.delegation_id:
            raise Forbidden("You can only ask for the floor for your own delegation.")
        return session.get(Delegation, actor.delegation_id)
    # Staff put a delegation on the list when it signals in the room
    delegation_id = fields.identifier(data, "delegation_id", label="delegation")
    delegation = session.get(Delegation, delegation_id)
    if delegation is None or delegation.workshop_id != workshop.id:
        raise NotFound("No such delegation in this workshop.", "delegation_id")
    return delegation


def request_floor(session: Session, actor: Actor, workshop: Workshop, data) -> FloorRequest:
    require(actor, "floor.request")
    data = fields.payload(data)
    kind = fields.choice(data, "kind", FLOOR_KINDS, default="speak")
    delegation = _delegation_for(session, actor, workshop, data)
    taken = f"{delegation.name} has already asked for the floor ({KIND_LABELS[kind]})."
    if open_request_id(session, delegation.id, kind) is not None:
        raise Conflict(taken)
    row = FloorRequest(workshop_id=workshop.id, delegation_id=delegation.id, kind=kind, state="waiting",
                       participant_id=actor.id if actor.kind == "participant" else None,
                       requested_by=actor.name, requested_at=utcnow())
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # The other laptop's request landed between the check and this insert; the caller rolls
        # back, as after any refused action
        raise Conflict(taken) from None
    record(session, actor, "floor.request", {"id": row.id, "delegation_id": delegation.id, "kind": kind})
    return row


def withdraw_floor(session: Session, actor: Actor, workshop: Workshop, data) -> FloorRequest:
    require(actor, "floor.request")
    data = fields.payload(data)
    row = _request_in(session, workshop, fields.identifier(data, "request_id", label="floor request"))
    if row.delegation_id != actor.delegation_id:
        require(actor, "floor.withdraw_any")
    if row.state != "waiting":
        raise Conflict("Only a request still waiting can be withdrawn.")
    row.state = "withdrawn"
    row.finished_at = utcnow()
    session.flush()
    record(session, actor, "floor.withdraw", {"id": row.id})
    return row


def grant_floor(session: Session, actor: Actor, workshop: Workshop, data,
                now: datetime | None = None) -> FloorRequest:
    """Give the floor to a request (by default the next in the queue); whoever spoke is done."""
    require(actor, "workshop.steer")
    data = fields.payload(data)
    now = now or utcnow()
    request_id = fields.identifier(data, "request_id", label="floor request", required=False)
    if request_id is None:
        waiting = queue(session, workshop.id)
        if not waiting:
            raise Conflict("Nobody is waiting for the floor.")
        row = waiting[0]
    else:
        row = _request_in(session, workshop, request_id)
        if row.state != "waiting":
            raise Conflict("That request is not waiting for the floor.")
    speaking = current_speaker(session, workshop.id)
    if speaking is not None:
        speaking.state = "done"
        speaking.finished_at = now
    row.state = "speaking"
    row.granted_at = now
    session.flush()
    record(session, actor, "floor.grant", {"id": row.id, "delegation_id": row.delegation_id,
                                            "previous_id": speaking.id if speaking else None})
    return row


def finish_floor(session: Session, actor: Actor, workshop: Workshop, data) -> FloorRequest:
    """The speaker has finished (by default whoever has the floor now)."""
    require(actor, "workshop.steer")
    data = fields.payload(data)
    request_id = fields.identifier(data, "request_id", label="floor request", required=False)
    row = current_speaker(session, workshop.id) if request_id is None else _request_in(session, workshop, request_id)
    if row is None or row.state != "speaking":
        raise Conflict("Nobody has the floor." if request_id is None else "That delegation does not have the floor.")
    row.state = "done"
    row.finished_at = utcnow()
    session.flush()
    record(session, actor, "floor.done", {"id": row.id})
    return row


def request_data(row: FloorRequest) -> dict:
    return {
        "id": row.id,
        "delegation_id": row.delegation_id,
        "delegation": row.delegation.name,
        "kind": row.kind,
        "state": row.state,
        "requested_by": row.requested_by,
        "requested_at": iso_utc(row.requested_at),
        "granted_at": iso_utc(row.granted_at),
    }


def floor_data(session: Session, workshop_id: int) -> dict:
    """Who speaks now, who is next, and the whole queue in order."""
    speaking = current_speaker(session, workshop_id)
    waiting = [request_data(r) for r in queue(session, workshop_id)]
    return {
        "speaking": request_data(speaking) if speaking else None,
        "next": waiting[0] if waiting else None,
        "queue": waiting,
    }
