"""Follow me: the facilitator brings every screen to one view (an item, a section, a poll, the outcomes)."""

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AgendaItem, BreakoutGroup, FollowView, Poll, Section, Workshop
from ..models.base import iso_utc, utcnow
from ..models.steering import FOLLOW_VIEWS
from . import fields
from .actors import Actor
from .audit import record
from .errors import Invalid
from .references import owned
from .rights import require

VIEW_TITLES = {"agenda": "The agenda", "outcomes": "Outcomes", "groups": "Group reports"}


# view -> resolver(session, workshop, id) -> title; views without a resolver take no id
TARGETS: dict[str, Callable] = {
    "agenda_item": lambda s, w, i: owned(s, w, AgendaItem, i, "agenda item").title,
    "group": lambda s, w, i: owned(s, w, BreakoutGroup, i, "group").name,
    "section": lambda s, w, i: owned(s, w, Section, i, "section").heading,
    "poll": lambda s, w, i: _shown_poll(s, w, i).title,
}


def _shown_poll(session: Session, workshop: Workshop, poll_id: int) -> Poll:
    """A poll everyone may see: a draft is still the staff's, its title not yet the room's."""
    poll = owned(session, workshop, Poll, poll_id, "poll")
    if poll.status == "draft":
        raise Invalid("This poll is still a draft: open it before bringing everyone to it.", "id")
    return poll


def get_follow(session: Session, workshop_id: int) -> FollowView | None:
    return session.scalar(select(FollowView).where(FollowView.workshop_id == workshop_id))


def set_follow(session: Session, actor: Actor, workshop: Workshop, data) -> FollowView:
    """Bring everyone to `view` (with `id` for an item, group, section or poll); view null frees them."""
    require(actor, "workshop.steer")
    data = fields.payload(data)
    if "view" not in data:
        raise Invalid("Say which view to bring everyone to (view; null lets everyone roam).", "view")
    view = None if data["view"] is None else fields.choice(data, "view", FOLLOW_VIEWS)
    target_id, title = None, ""
    if view in TARGETS:
        target_id = fields.identifier(data, "id", label="id of what to show")
        title = TARGETS[view](session, workshop, target_id)
    elif view is not None:
        title = VIEW_TITLES[view]
    row = get_follow(session, workshop.id)
    if row is None:
        row = FollowView(workshop_id=workshop.id)
        session.add(row)
    row.view, row.target_id, row.title = view, target_id, title[:300]
    row.set_by, row.set_at = actor.name, utcnow()
    session.flush()
    record(session, actor, "follow.set", {"view": view, "id": target_id})
    return row


def follow_data(row: FollowView | None) -> dict:
    if row is None or row.view is None:
        return {"view": None, "id": None, "title": "", "set_by": row.set_by if row else "",
                "set_at": iso_utc(row.set_at) if row else None}
    return {"view": row.view, "id": row.target_id, "title": row.title, "set_by": row.set_by,
            "set_at": iso_utc(row.set_at)}
