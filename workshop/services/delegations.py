"""Delegations of a workshop: added one by one or pasted as a list, with attendance and co-chairs."""

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Delegation, Participant, Workshop
from ..models.meetings import ATTENDANCE, DELEGATION_KINDS
from . import fields
from .actors import Actor
from .audit import record
from .errors import Conflict, Invalid, NotFound
from .rights import require

# Cursor and authorship colours: distinct, and dark enough for white text (WCAG AA on #fff labels)
PALETTE = ("#1f6feb", "#b35900", "#1a7f37", "#a40e26", "#6f42c1", "#0b7285", "#9a6700",
           "#bf3989", "#3b5bdb", "#2f7d32", "#c2410c", "#5f3dc4", "#0e7490", "#7c2d12")

KIND_HEADINGS = {
    "member states": "member_state",
    "members": "member_state",
    "member organisations": "member_organisation",
    "member organizations": "member_organisation",
    "international organisations": "member_organisation",
    "observer states": "observer_state",
    "observers": "observer_state",
    "observer organisations": "observer_organisation",
    "observer organizations": "observer_organisation",
    "secretariat": "secretariat",
    "guests": "guest",
}
ATTENDANCE_HEADINGS = {"apologies": "apologies", "apologies received": "apologies", "absent": "absent"}


def sort_key(name: str) -> str:
    # "The Philippines" is listed under P, as in the statements
    # casefold may lengthen a name ("ß" is "ss"): cut to the column's length
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE).casefold()[:200]


def _name_taken(session: Session, workshop_id: int, name: str, exclude: int | None = None) -> bool:
    query = select(Delegation.id).where(
        Delegation.workshop_id == workshop_id, func.lower(Delegation.name) == name.lower()
    )
    if exclude:
        query = query.where(Delegation.id != exclude)
    return session.scalar(query) is not None


def _next_colour(session: Session, workshop_id: int) -> str:
    count = session.scalar(select(func.count(Delegation.id)).where(Delegation.workshop_id == workshop_id))
    return PALETTE[(count or 0) % len(PALETTE)]


def add_delegation(session: Session, actor: Actor, workshop: Workshop, data) -> Delegation:
    require(actor, "workshop.build")
    data = fields.payload(data)
    name = fields.text(data, "name", required=True, max_len=200)
    if _name_taken(session, workshop.id, name):
        raise Conflict(f"{name} is already on the list of delegations.", "name")
    delegation = Delegation(
        workshop_id=workshop.id,
        name=name,
        sort_name=sort_key(name),
        kind=fields.choice(data, "kind", DELEGATION_KINDS, default="member_state"),
        attendance=fields.choice(data, "attendance", ATTENDANCE, default="present"),
        co_chair=fields.boolean(data, "co_chair"),
        colour=_next_colour(session, workshop.id),
    )
    session.add(delegation)
    session.flush()
    record(session, actor, "delegation.add", {"id": delegation.id, "name": name, "kind": delegation.kind})
    return delegation


def parse_delegation_list(text: str, default_kind: str = "member_state") -> list[dict]:
    """Read a pasted attendance list: one name a line; headings such as "Observers:" switch the kind,
    "Apologies:" the attendance; "(co-chair)" after a name marks a co-chair."""
    entries, kind, attendance = [], default_kind, "present"
    for raw in text.splitlines():
        line = fields.clean_text(raw)
        line = re.sub(r"^(?:[-*\u2022\u2013]|\d+[.)])\s*", "", line).strip()
        if not line:
            continue
        heading = line.rstrip(":").strip().casefold()
        if line.endswith(":") or heading in KIND_HEADINGS or heading in ATTENDANCE_HEADINGS:
            if heading in KIND_HEADINGS:
                kind, attendance = KIND_HEADINGS[heading], "present"
                continue
            if heading in ATTENDANCE_HEADINGS:
                attendance = ATTENDANCE_HEADINGS[heading]
                continue
            if line.endswith(":"):
                continue
        co_chair = bool(re.search(r"\(\s*co-?chairs?\s*\)", line, re.IGNORECASE))
        name = re.sub(r"\(\s*co-?chairs?\s*\)", "", line, flags=re.IGNORECASE).strip(" ,;")
        if name:
            entries.append({"name": name[:200], "kind": kind, "attendance": attendance, "co_chair": co_chair})
    return entries


def paste_delegations(session: Session, actor: Actor, workshop: Workshop, data) -> dict:
    require(actor, "workshop.build")
    data = fields.payload(data)
    text = fields.text(data, "text", required=True, max_len=20000, multiline=True, label="list")
    kind = fields.choice(data, "kind", DELEGATION_KINDS, default="member_state")
    entries = parse_delegation_list(text, kind)
    if not entries:
        raise Invalid("The list has no delegation names in it.", "text")
    if len(entries) > 300:
        raise Invalid("Paste at most 300 delegations at once.", "text")
    added, skipped, seen = [], [], set()
    for entry in entries:
        key = entry["name"].lower()
        if key in seen or _name_taken(session, workshop.id, entry["name"]):
            skipped.append(entry["name"])
            continue
        seen.add(key)
        delegation = Delegation(workshop_id=workshop.id, sort_name=sort_key(entry["name"]),
                                colour=_next_colour(session, workshop.id), **entry)
        session.add(delegation)
        session.flush()
        added.append(delegation)
    record(session, actor, "delegation.paste", {"added": [d.name for d in added], "skipped": skipped})
    return {"added": added, "skipped": skipped}


def get_delegation(session: Session, workshop: Workshop, delegation_id) -> Delegation:
    delegation = session.get(Delegation, delegation_id) if fields.is_id(delegation_id) else None
    if delegation is None or delegation.workshop_id != workshop.id:
        raise NotFound("No such delegation in this workshop.")
    return delegation


def update_delegation(session: Session, actor: Actor, workshop: Workshop, delegation_id, data) -> Delegation:
    require(actor, "workshop.build")
    data = fields.payload(data)
    delegation = get_delegation(session, workshop, delegation_id)
    if "name" in data:
        name = fields.text(data, "name", required=True, max_len=200)
        if _name_taken(session, workshop.id, name, exclude=delegation.id):
            raise Conflict(f"{name} is already on the list of delegations.", "name")
        delegation.name, delegation.sort_name = name, sort_key(name)
    if "kind" in data:
        delegation.kind = fields.choice(data, "kind", DELEGATION_KINDS)
        if delegation.is_observer:
            # Observers take no part in decisions: who joined as a delegate does not keep editing or proposing
            for participant in delegation.participants:
                participant.role = "observer"
    if "attendance" in data:
        delegation.attendance = fields.choice(data, "attendance", ATTENDANCE)
    if "co_chair" in data:
        delegation.co_chair = fields.boolean(data, "co_chair")
    session.flush()
    record(session, actor, "delegation.update", {"id": delegation.id, **{k: data[k] for k in data
                                                   if k in ("name", "kind", "attendance", "co_chair")}})
    return delegation


def remove_delegation(session: Session, actor: Actor, workshop: Workshop, delegation_id) -> None:
    require(actor, "workshop.build")
    delegation = get_delegation(session, workshop, delegation_id)
    joined = session.scalar(select(func.count(Participant.id)).where(Participant.delegation_id == delegation.id))
    if joined:
        raise Conflict(f"{delegation.name} has participants who joined; mark it absent instead.")
    session.delete(delegation)
    session.flush()
    record(session, actor, "delegation.remove", {"id": delegation_id, "name": delegation.name})


def list_delegations(session: Session, workshop: Workshop) -> list[Delegation]:
    return list(session.scalars(
        select(Delegation).where(Delegation.workshop_id == workshop.id).order_by(Delegation.sort_name)
    ))


def delegation_data(delegation: Delegation) -> dict:
    return {
        "id": delegation.id,
        "name": delegation.name,
        "kind": delegation.kind,
        "attendance": delegation.attendance,
        "co_chair": delegation.co_chair,
        "colour": delegation.colour,
    }
