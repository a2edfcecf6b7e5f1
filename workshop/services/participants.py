"""Joining a workshop with its code or a delegation's own code, the personal rejoin link for a participant's
other devices, confirmed voters, and removal by a facilitator (docs/architecture.md §3, §11.1)."""

import re
import secrets
from datetime import datetime, time, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..models import AccessToken, Delegation, Participant, Workshop
from ..models.base import casefold_key, utcnow
from . import fields
from .actors import PARTICIPANT_DAYS_AFTER_END, Actor, hash_token, issue_token
from .audit import record
from .errors import Conflict, Forbidden, Invalid, NotFound
from .rights import require
from .workshops import normalise_code

WRONG_CODE = "That code does not open any workshop. Check it with the facilitator (letters and digits, e.g. ABCD-EFGH)."
UNKNOWN_LINK = ("This link does not sign anyone in: it was replaced by a newer one or withdrawn. "
                "Open Workshop on a device where you are signed in to get a new link, or ask the facilitator.")


def delegation_for_code(session: Session, code) -> Delegation | None:
    """The delegation whose own code this is, if it is one."""
    code = normalise_code(code)
    if len(code) < 6:
        return None
    return session.scalar(select(Delegation).where(Delegation.join_code == code))


def find_workshop_by_code(session: Session, code) -> tuple[Workshop, bool]:
    """The workshop a code opens, and whether it makes observers (the observer code, or the own code of
    an observer delegation)."""
    code = normalise_code(code)
    if len(code) < 6:
        raise NotFound(WRONG_CODE, "code")
    workshop = session.scalar(
        select(Workshop).where(or_(Workshop.join_code == code, Workshop.observer_code == code))
    )
    if workshop is not None:
        return workshop, workshop.observer_code == code
    delegation = delegation_for_code(session, code)
    if delegation is None:
        raise NotFound(WRONG_CODE, "code")
    return delegation.workshop, delegation.is_observer


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
    """Always a new participant: a name is a label, never a credential (docs/architecture.md §11.1). With a delegation's
    own code the participant belongs to that delegation and is its confirmed voter (observers excepted)."""
    data = fields.payload(data)
    own = delegation_for_code(session, data.get("code"))
    workshop, observer_code = find_workshop_by_code(session, data.get("code"))
    if workshop.status == "closed":
        raise Forbidden("This workshop has closed.")
    name = fields.text(data, "name", label="name", required=True, max_len=120)
    if own is not None:
        delegation = own
        named = data.get("delegation")
        if named not in (None, "") and _find_delegation(session, workshop, named).id != own.id:
            raise Invalid(f"This code is {own.name}'s own: leave the delegation out or pick {own.name}.",
                          "delegation")
    else:
        delegation = _find_delegation(session, workshop, data.get("delegation"))
        if observer_code and not delegation.is_observer:
            raise Invalid("The observer code is for observer delegations: pick yours from the list.", "delegation")
    role = "observer" if observer_code or delegation.is_observer else "delegate"
    voter = own is not None and role != "observer"

    participant = Participant(workshop_id=workshop.id, delegation_id=delegation.id, name=name, role=role,
                              voter=voter)
    session.add(participant)
    session.flush()
    record(session, None, "participant.join",
           {"participant_id": participant.id, "name": name, "delegation": delegation.name, "role": role,
            "voter": voter, "with": "delegation code" if own is not None else "workshop code"},
           workshop_id=workshop.id)
    participant.last_seen_at = utcnow()
    token = issue_token(session, participant=participant)
    return participant, token


def _own_or_staff(actor: Actor, participant: Participant) -> None:
    if not (actor.kind == "participant" and actor.id == participant.id):
        require(actor, "participant.see_any_link")


def new_rejoin_link(session: Session, actor: Actor, workshop: Workshop, participant_id) -> tuple[Participant, str]:
    """A new personal link for the participant's other devices; it replaces (and so withdraws) the last one.
    Returns the secret to put in the link: only its hash is stored."""
    participant = get_participant(session, workshop, participant_id)
    _own_or_staff(actor, participant)
    if participant.removed_at is not None:
        raise Conflict("This participant was removed from the workshop.")
    secret = secrets.token_urlsafe(24)
    participant.rejoin_hash, participant.rejoin_created_at = hash_token(secret), utcnow()
    session.flush()
    record(session, actor, "participant.rejoin_link", {"participant_id": participant.id})
    return participant, secret


def revoke_rejoin_link(session: Session, actor: Actor, workshop: Workshop, participant_id) -> Participant:
    """The link stops signing anyone in; devices already signed in with it stay signed in."""
    participant = get_participant(session, workshop, participant_id)
    _own_or_staff(actor, participant)
    if participant.rejoin_hash is not None:
        participant.rejoin_hash, participant.rejoin_created_at = None, None
        session.flush()
        record(session, actor, "participant.revoke_rejoin_link", {"participant_id": participant.id})
    return participant


def rejoin_link_matches(participant: Participant, secret) -> bool:
    return (isinstance(secret, str) and participant.rejoin_hash is not None
            and secrets.compare_digest(participant.rejoin_hash, hash_token(secret)))


def rejoin_with_link(session: Session, secret) -> tuple[Participant, str]:
    """Sign another device in as the participant whose link this is: a new token, the same participant."""
    if not isinstance(secret, str) or not 16 <= len(secret) <= 100:
        raise NotFound(UNKNOWN_LINK)
    participant = session.scalar(select(Participant).where(Participant.rejoin_hash == hash_token(secret)))
    if participant is None:
        raise NotFound(UNKNOWN_LINK)
    if participant.removed_at is not None:
        raise Forbidden("You were removed from this workshop. Please speak to the facilitator.")
    workshop = session.get(Workshop, participant.workshop_id)
    if workshop.status == "closed":
        raise Forbidden("This workshop has closed.")
    if workshop.end_date is not None and utcnow() >= max(
            datetime.combine(workshop.end_date + timedelta(days=PARTICIPANT_DAYS_AFTER_END + 1), time()),
            participant.rejoin_created_at + timedelta(days=PARTICIPANT_DAYS_AFTER_END)):
        # As tokens do (actors.participant_token_expires): else the link hands out fresh tokens forever
        raise Forbidden("This workshop is over and links to it no longer sign anyone in.")
    participant.last_seen_at = utcnow()
    token = issue_token(session, participant=participant)
    record(session, None, "participant.rejoin", {"participant_id": participant.id}, workshop_id=workshop.id)
    return participant, token


def set_voter(session: Session, actor: Actor, workshop: Workshop, participant_id, voter) -> Participant:
    """Staff confirm a participant as a voter for their delegation, or withdraw it. Polls already open keep
    the electorate they opened with."""
    require(actor, "workshop.build")
    participant = get_participant(session, workshop, participant_id)
    if not isinstance(voter, bool):
        raise Invalid("Say whether the participant votes: voter is true or false.", "voter")
    if participant.removed_at is not None:
        raise Conflict("This participant was removed from the workshop.")
    if voter and (participant.role == "observer" or participant.delegation.is_observer):
        raise Invalid("Observers take no part in votes: an observer cannot be a voter.", "voter")
    if participant.voter != voter:
        participant.voter = voter
        session.flush()
        record(session, actor, "participant.set_voter", {"participant_id": participant.id, "voter": voter,
                                                          "delegation": participant.delegation.name})
    return participant


def update_participant(session: Session, actor: Actor, workshop: Workshop, participant_id, data) -> Participant:
    """PATCH: `role` and/or `voter` (docs/architecture.md §6)."""
    require(actor, "workshop.build")
    participant = get_participant(session, workshop, participant_id)
    data = fields.payload(data)
    if "role" not in data and "voter" not in data:
        raise Invalid("Give the participant's new role or voter (true or false).")
    if "role" in data:
        set_participant_role(session, actor, workshop, participant.id, data["role"])
    if "voter" in data:
        set_voter(session, actor, workshop, participant.id, data["voter"])
    return participant


def confirm_single_delegates(session: Session, actor: Actor, workshop: Workshop) -> list[Participant]:
    """Confirm as voter the one participant of every present, non-observer delegation that has exactly one;
    returns those newly confirmed. A delegation with two or more stays for staff to decide."""
    require(actor, "workshop.build")
    confirmed = []
    for delegation in session.scalars(select(Delegation).where(Delegation.workshop_id == workshop.id,
                                                               Delegation.attendance == "present")):
        if delegation.is_observer:
            continue
        people = [p for p in delegation.participants if p.removed_at is None]
        if len(people) == 1 and not people[0].voter and people[0].role != "observer":
            people[0].voter = True
            confirmed.append(people[0])
    session.flush()
    record(session, actor, "participant.confirm_single",
           {"participant_ids": [p.id for p in confirmed]})
    return confirmed


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
        participant.voter, participant.rejoin_hash, participant.rejoin_created_at = False, None, None
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
    if role == "observer":
        participant.voter = False
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
        "voter": participant.voter,
        "rejoin_link": participant.rejoin_hash is not None,
    }
