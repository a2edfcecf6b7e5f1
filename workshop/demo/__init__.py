"""Loading the demo meeting through the same services a facilitator uses."""

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import User
from ..services import accounts, agenda, delegations, drafting, drafting_templates, workshops
from ..services.actors import actor_in
from . import teg_rr_6 as meeting

DEMO_EMAIL = "facilitator@demo.example.org"


def _demo_user(session: Session) -> tuple[User, str]:
    password = secrets.token_urlsafe(12)
    user = session.scalar(select(User).where(User.email == DEMO_EMAIL))
    if user is None:
        user = accounts.create_user(session, DEMO_EMAIL, password, "facilitator", "Demo Facilitator")
    else:
        user.password_hash = accounts.hash_password(password)
    return user, password


def load_demo_meeting(session: Session) -> dict:
    user, password = _demo_user(session)
    workshop = workshops.create_workshop(session, user, meeting.MEETING)
    actor = actor_in(session, user, workshop)
    for kind, names in meeting.DELEGATIONS.items():
        for name in names:
            delegations.add_delegation(session, actor, workshop, {
                "name": name, "kind": kind, "co_chair": name in meeting.CO_CHAIRS})
    for name in meeting.APOLOGIES:
        delegations.add_delegation(session, actor, workshop,
                                   {"name": name, "kind": "member_state", "attendance": "apologies"})
    for day, starts_at, minutes, kind, title, theme in meeting.AGENDA:
        agenda.add_item(session, actor, workshop, {
            "day": day, "starts_at": starts_at, "duration_minutes": minutes, "kind": kind, "title": title,
            "theme": meeting.THEMES[theme] if theme is not None else ""})
    _forward_work_plan(session, actor, workshop)
    return {"workshop": workshop, "user": user, "email": user.email, "password": password, "actor": actor}


def _forward_work_plan(session: Session, actor, workshop) -> None:
    """The FWP from its template, with the meeting's own section headings, tied to the drafting session."""
    drafting_item = next(i for i in agenda.list_items(session, workshop.id) if i.kind == "drafting")
    document = drafting.create_document(session, actor, workshop,
                                        {"template": "fwp", "title": "Forward Work Plan 2024-2029"})
    headings = list(meeting.FWP_SECTIONS)
    register = headings.pop(4)  # the template has no Register section: add it in its place
    for section, heading in zip(list(document.sections), headings, strict=True):
        drafting.update_section(session, actor, workshop, {
            "section_id": section.id, "heading": heading, "agenda_item_id": drafting_item.id})
    drafting.create_section(session, actor, workshop, {
        "document_id": document.id, "heading": register, "position": 4, "agenda_item_id": drafting_item.id,
        "tags": ["Returns and reintegration", "Information sharing and public information campaigns"],
        "body": "A Returns and Reintegration Register helps members find commonalities, good practices and "
                "shared challenges. [Scope and hosting to be agreed.]\n\n" + drafting_templates.ACTIVITY_TABLE})
