"""Breakout groups: a topic, member delegations (assigned or shuffled evenly) and a rapporteur.

Groups belong to one session of group work (their agenda item); within it a delegation sits in one
group only. A participant named rapporteur takes the rapporteur role, and gives it back when no
group has them any more.
"""

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import BreakoutGroup, Delegation, GroupMember, Participant, Workshop
from . import fields
from .actors import Actor
from .agenda import get_item
from .audit import record
from .drafting import group_report, open_group_report
from .errors import Conflict, Invalid, NotFound
from .rights import require

MAX_GROUPS_PER_SESSION = 40


def list_groups(session: Session, workshop_id: int) -> list[BreakoutGroup]:
    return list(session.scalars(
        select(BreakoutGroup).where(BreakoutGroup.workshop_id == workshop_id)
        .order_by(BreakoutGroup.agenda_item_id.is_(None), BreakoutGroup.agenda_item_id,
                  BreakoutGroup.position, BreakoutGroup.id)
    ))


def _session_groups(session: Session, workshop_id: int, agenda_item_id: int | None) -> list[BreakoutGroup]:
    return [g for g in list_groups(session, workshop_id) if g.agenda_item_id == agenda_item_id]


def get_group(session: Session, workshop: Workshop, group_id) -> BreakoutGroup:
    group = session.get(BreakoutGroup, group_id) if fields.is_id(group_id) else None
    if group is None or group.workshop_id != workshop.id:
        raise NotFound("No such group in this workshop.", "group_id")
    return group


def rapporteur_group(session: Session, actor: Actor) -> BreakoutGroup | None:
    """The group this participant reports for, if any."""
    if actor.kind != "participant":
        return None
    return session.scalar(select(BreakoutGroup).where(
        BreakoutGroup.workshop_id == actor.workshop_id, BreakoutGroup.rapporteur_id == actor.id))


def _id_list(data: dict, key: str, label: str) -> list[int]:
    value = data.get(key)
    if not isinstance(value, list) or len(value) > 500:
        raise Invalid(f"The {label} must be a list of ids.", key)
    ids = []
    for entry in value:
        if isinstance(entry, bool) or not isinstance(entry, int) or entry < 1:
            raise Invalid(f"The {label} must be a list of ids.", key)
        if entry not in ids:
            ids.append(entry)
    return ids


def _delegations(session: Session, workshop: Workshop, ids: list[int]) -> list[Delegation]:
    found = {d.id: d for d in session.scalars(select(Delegation).where(
        Delegation.id.in_(ids), Delegation.workshop_id == workshop.id))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound("Some of those delegations are not in this workshop.", "delegation_ids")
    return [found[i] for i in ids]


def _set_members(session: Session, group: BreakoutGroup, delegations: list[Delegation]) -> None:
    wanted = {d.id for d in delegations}
    for other in _session_groups(session, group.workshop_id, group.agenda_item_id):
        if other is not group:
            # A delegation moves: it leaves whichever group of this session it was in
            for member in [m for m in other.members if m.delegation_id in wanted]:
                other.members.remove(member)
    group.members[:] = [m for m in group.members if m.delegation_id in wanted]
    have = {m.delegation_id for m in group.members}
    group.members.extend(GroupMember(delegation_id=d.id) for d in delegations if d.id not in have)


def _release(session: Session, participant: Participant | None, changed: list[Participant]) -> None:
    """Give back the rapporteur role once no group names this participant."""
    if participant is None or participant.role != "rapporteur":
        return
    session.flush()
    still = session.scalar(select(BreakoutGroup.id).where(BreakoutGroup.rapporteur_id == participant.id))
    if still is None:
        participant.role = "delegate"
        changed.append(participant)


def _rapporteur(session: Session, workshop: Workshop, group: BreakoutGroup, participant_id) -> Participant:
    participant = session.get(Participant, participant_id)
    if participant is None or participant.workshop_id != workshop.id or participant.removed_at is not None:
        raise NotFound("No such participant in this workshop.", "rapporteur_id")
    if participant.role == "observer" or participant.delegation.is_observer:
        raise Invalid("Observers take no part in drafting: pick a rapporteur from a member delegation.",
                      "rapporteur_id")
    elsewhere = session.scalar(select(BreakoutGroup).where(
        BreakoutGroup.rapporteur_id == participant.id, BreakoutGroup.id != group.id))
    if elsewhere is not None:
        raise Conflict(f"{participant.name} is already the rapporteur of {elsewhere.name}.", "rapporteur_id")
    return participant


def _apply(session: Session, workshop: Workshop, group: BreakoutGroup, data: dict) -> list[Participant]:
    """Check every change first, then make them all: a refused change leaves the group as it was."""
    name = fields.text(data, "name", required=True, max_len=120) if "name" in data else group.name
    topic = fields.text(data, "topic", max_len=300) if "topic" in data else group.topic
    delegations = None
    if "delegation_ids" in data:
        delegations = _delegations(session, workshop, _id_list(data, "delegation_ids", "delegations"))
    rapporteur = group.rapporteur
    if "rapporteur_id" in data:
        rapporteur = None
        if data["rapporteur_id"] is not None:
            participant_id = fields.identifier(data, "rapporteur_id", label="rapporteur")
            rapporteur = _rapporteur(session, workshop, group, participant_id)
    members = {d.id for d in delegations} if delegations is not None else {m.delegation_id for m in group.members}
    if rapporteur is not None and rapporteur.delegation_id not in members:
        raise Invalid("The rapporteur must come from one of the group's delegations.", "rapporteur_id")
    for other in _session_groups(session, group.workshop_id, group.agenda_item_id):
        if other is not group and other.name.casefold() == name.casefold():
            raise Conflict(f"There is already a group called {name}.", "name")

    group.name, group.topic = name, topic
    if delegations is not None:
        _set_members(session, group, delegations)
    changed: list[Participant] = []
    old = group.rapporteur
    group.rapporteur = rapporteur
    if rapporteur is not None and rapporteur.role != "rapporteur":
        rapporteur.role = "rapporteur"
        changed.append(rapporteur)
    if old is not None and old is not rapporteur:
        _release(session, old, changed)
    session.flush()
    return changed


def create_group(session: Session, actor: Actor, workshop: Workshop, data) -> tuple[BreakoutGroup, list]:
    """A new group (name, topic, agenda item; optionally its delegations and rapporteur)."""
    require(actor, "workshop.build")
    data = fields.payload(data)
    name = fields.text(data, "name", required=True, max_len=120)
    item_id = fields.identifier(data, "agenda_item_id", label="agenda item", required=False)
    item = get_item(session, workshop, item_id) if item_id is not None else None
    siblings = _session_groups(session, workshop.id, item.id if item else None)
    if len(siblings) >= MAX_GROUPS_PER_SESSION:
        raise Invalid(f"At most {MAX_GROUPS_PER_SESSION} groups per session.")
    group = BreakoutGroup(workshop_id=workshop.id, name=name, agenda_item_id=item.id if item else None,
                          topic="", position=len(siblings))
    changed = _apply(session, workshop, group, data)
    session.add(group)
    session.flush()
    open_group_report(session, workshop, group)
    record(session, actor, "group.create", {"id": group.id, "name": group.name, "document_id": group.document_id})
    return group, changed


def assign_group(session: Session, actor: Actor, workshop: Workshop, data) -> tuple[BreakoutGroup, list]:
    """Change a group's delegations (the list replaces the old one), rapporteur, name or topic."""
    require(actor, "workshop.build")
    data = fields.payload(data)
    group = get_group(session, workshop, fields.identifier(data, "group_id", label="group"))
    if not {"delegation_ids", "rapporteur_id", "name", "topic"} & data.keys():
        raise Invalid("Give the delegations, the rapporteur, the name or the topic to change.")
    changed = _apply(session, workshop, group, data)
    record(session, actor, "group.assign", {"id": group.id,
                                             "delegation_ids": [m.delegation_id for m in group.members],
                                             "rapporteur_id": group.rapporteur_id})
    return group, changed


def shuffle_delegations(session: Session, actor: Actor, workshop: Workshop, data,
                        rng: random.Random | None = None) -> tuple[list[BreakoutGroup], list]:
    """Deal the present delegations at random into the given groups, sizes differing by one at most."""
    require(actor, "workshop.build")
    data = fields.payload(data)
    ids = _id_list(data, "group_ids", "groups")
    if not ids:
        raise Invalid("Choose the groups to share the delegations between.", "group_ids")
    groups = [get_group(session, workshop, i) for i in ids]
    if len({g.agenda_item_id for g in groups}) > 1:
        raise Invalid("Shuffle the groups of one session of group work at a time.", "group_ids")
    include_observers = fields.boolean(data, "include_observers")
    pool = [d for d in workshop.delegations
            if d.attendance == "present" and d.kind not in ("secretariat", "guest")
            and (include_observers or not d.is_observer)]
    (rng or random.SystemRandom()).shuffle(pool)
    changed: list[Participant] = []
    for index, group in enumerate(groups):
        _set_members(session, group, pool[index::len(groups)])
        if group.rapporteur is not None and group.rapporteur.delegation_id not in {d.id for d in pool[index::len(groups)]}:
            old, group.rapporteur = group.rapporteur, None
            _release(session, old, changed)
    session.flush()
    record(session, actor, "group.shuffle", {"groups": {g.id: [m.delegation_id for m in g.members] for g in groups}})
    return groups, changed


def remove_group(session: Session, actor: Actor, workshop: Workshop, data) -> list[Participant]:
    require(actor, "workshop.build")
    data = fields.payload(data)
    group = get_group(session, workshop, fields.identifier(data, "group_id", label="group"))
    rapporteur, changed = group.rapporteur, []
    session.delete(group)
    _release(session, rapporteur, changed)
    record(session, actor, "group.remove", {"id": group.id, "name": group.name})
    return changed


def group_data(group: BreakoutGroup) -> dict:
    rapporteur = group.rapporteur
    members = sorted(group.members, key=lambda m: m.delegation.sort_name.casefold())
    return {
        "id": group.id,
        "name": group.name,
        "topic": group.topic,
        "agenda_item_id": group.agenda_item_id,
        "position": group.position,
        "delegation_ids": [m.delegation_id for m in members],
        "delegations": [m.delegation.name for m in members],
        "rapporteur": {"id": rapporteur.id, "name": rapporteur.name,
                       "delegation_id": rapporteur.delegation_id} if rapporteur else None,
        "document_id": group.document_id,
        "report": group_report(group),
    }
