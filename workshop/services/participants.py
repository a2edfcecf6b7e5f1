"""Joining a workshop with its code, rejoining from another laptop, and removal by a facilitator."""

import re

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from ..models import AccessToken, Delegation, Participant, Workshop
from ..models.base import casefold_key, utcnow
from . import fields
from .actors import Actor, issue_token
from .audit import record
from .errors import Forbidden, Invalid, NotFound
from .rights import require
from .workshops import normalise_code

WRONG_CODE = "That code does not open any workshop. Check it with the facilitator (letters and digits, e.g. ABCD-EFGH)."


def find_workshop_by_code(session: Session, code) -> tuple[Workshop, bool]:
    """The workshop a code opens, and whether it is the observer code."""
    code = normalise_code(code)
    if len(code) < 6:
        raise NotFound(WRONG_CODE, "code")
    workshop = session.scalar(
        select(Workshop).where(or_(Workshop.join_code == code, Workshop.observer_code == code))
    )
    if workshop is None:
        raise NotFound(WRONG_CODE, "code")
    return workshop, workshop.observer_code == code


def _find_delegation(session: Session, workshop: Workshop, ref) -> Delegation:
    delegation = None
    # An id the database can hold: "²" passes str.isdigit and 20 digits overflow SQLite's integer
    if isinstance(ref, str) and re.fullmatch(r"\s*[0-9]{1,9}\s*", ref):
        ref = int(ref)
    if fields.is_id(ref):
        delegation = session.get(Delegation, ref)
        if delegation is not None and delegation.workshop_id != workshop.id:
            delegation = None
    if delegation is None and isinstance(ref, str) and ref.strip():
        delegation = session.scalar(select(Delegation).where(
            Delegation.workshop_id == workshop.id,
            Delegation.name_key == casefold_key(fields.clean_text(ref)[:200]),
        ))
    if delegation is None:
        raise Invalid("Please pick your delegation from the list.", "delegation")
    return delegation


def join_workshop(session: Session, data) -> tuple[Participant, str]:
    data = fields.payload(data)
    workshop, observer_code = find_workshop_by_code(session, data.get("code"))
    if workshop.status == "closed":
        raise Forbidden("This workshop has closed.")
    name = fields.text(data, "name", label="name", required=True, max_len=120)
    delegation = _find_delegation(session, workshop, data.get("delegation"))
    if observer_code and not delegation.is_observer:
        raise Invalid("The observer code is for observer delegations: pick yours from the list.", "delegation")
    role = "observer" if observer_code or delegation.is_observer else "delegate"

    # Rejoining from a second laptop: same name and delegation is the same person, with a new token
    participant = session.scalar(select(Participant).where(
        Participant.workshop_id == workshop.id,
        Participant.delegation_id == delegation.id,
        func.lower(Participant.name) == name.lower(),
    ))
    if participant is not None and participant.removed_at is not None:
        raise Forbidden("You were removed from this workshop. Please speak to the facilitator.")
    if participant is None:
        participant = Participant(workshop_id=workshop.id, delegation_id=delegation.id, name=name, role=role)
        session.add(participant)
        session.flush()
        record(session, None, "participant.join",
               {"participant_id": participant.id, "name": name, "delegation": delegation.name, "role": role},
               workshop_id=workshop.id)
    else:
        record(session, None, "participant.rejoin", {"participant_id": participant.id},
               workshop_id=workshop.id)
    participant.last_seen_at = utcnow()
    token = issue_token(session, participant=participant)
    return participant, token


def get_participant(session: Session, workshop: Workshop, participant_id) -> Participant:
    participant = session.get(Participant, participant_id) if fields.is_id(participant_id) else None
    if participant is None or participant.workshop_id != workshop.id:
        raise NotFound("No such participant in this workshop.")
    return participant


def remove_participant(session: Session, actor: Actor, workshop: Workshop, participant_id) -> Participant:
    """Removal revokes every token of the participant at once; the transport closes open sockets."""
    require(actor, "workshop.build")
    participant = get_participant(session, workshop, participant_id)
    if participant.removed_at is None:
        participant.removed_at = utcnow()
        session.execute(
            update(AccessToken)
            .where(AccessToken.participant_id == participant.id, AccessToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        session.flush()
        record(session, actor, "participant.remove", {"participant_id": participant.id, "name": participant.name})
    return participant


def set_participant_role(session: Session, actor: Actor, workshop: Workshop, participant_id, role) -> Participant:
    require(actor, "workshop.build")
    participant = get_participant(session, workshop, participant_id)
    role = fields.choice({"role": role}, "role", ("delegate", "rapporteur", "observer"))
    if participant.delegation.is_observer and role != "observer":
        raise Invalid("Observers take no part in decisions: an observer stays an observer.", "role")
    participant.role = role
    session.flush()
    record(session, actor, "participant.role", {"participant_id": participant.id, "role": role})
    return participant


def list_participants(session: Session, workshop: Workshop, include_removed: bool = False) -> list[Participant]:
    query = select(Participant).where(Participant.workshop_id == workshop.id)
    if not include_removed:
        query = query.where(Participant.removed_at.is_(None))
    return list(session.scalars(query.order_by(Participant.name)))


def participant_data(participant: Participant) -> dict:
    return {
        "id": participant.id,
        "name": participant.name,
        "role": participant.role,
        "delegation_id": participant.delegation_id,
        "delegation": participant.delegation.name,
        "removed": participant.removed_at is not None,
    }
