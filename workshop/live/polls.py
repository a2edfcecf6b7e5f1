"""Poll actions over /live: poll.create|open|close|publish|remove|vote (DESIGN §5).

Every change is broadcast as event `poll` {"poll": {...}}: the room's copy carries results only when
the room may see them, the staff room's copy adds who has voted (never what), and each participant's
own room gets `my` (may I vote, has my delegation voted).
"""

from sqlalchemy import select

from ..extensions import db
from ..models import Participant, Poll
from ..services import voting
from ..services.actors import Actor
from ..services.poll_data import my_vote, poll_data
from .actions import LiveContext, action
from .rooms import participant_room, staff_room


def _announce(ctx: LiveContext, poll: Poll, participants=None) -> None:
    """Queue the poll's broadcasts; `participants` (default: everyone) get their own standing."""
    if poll.status != "draft":
        ctx.broadcast("poll", {"poll": poll_data(db.session, poll, staff=False)})
    ctx.broadcast("poll", {"poll": poll_data(db.session, poll, staff=True)}, to=staff_room(poll.workshop_id))
    if poll.status == "draft":
        return
    if participants is None:
        participants = db.session.scalars(select(Participant).where(
            Participant.workshop_id == poll.workshop_id, Participant.removed_at.is_(None)))
    for participant in participants:
        mine = my_vote(db.session, poll, _as_actor(ctx, participant))
        ctx.broadcast("poll", {"poll": {"id": poll.id, "my": mine}}, to=participant_room(participant.id))


def _as_actor(ctx: LiveContext, participant: Participant) -> Actor:
    return Actor("participant", participant.id, participant.name, participant.role, ctx.workshop.id,
                 participant.delegation_id)


def _ack(poll: Poll) -> dict:
    # DESIGN §5: id, title, method, status, secret, options [{id, text}], and more for the console
    return poll_data(db.session, poll, staff=True)


def _lifecycle(name: str, step) -> None:
    """poll.create|open|close|publish: the service moves the poll on; everyone who may see it is told."""

    @action(name)
    def handler(ctx: LiveContext, data: dict):
        poll = step(db.session, ctx.actor, ctx.workshop, data)
        _announce(ctx, poll)
        return _ack(poll)


for _name, _step in (("poll.create", voting.create_poll), ("poll.open", voting.open_poll),
                     ("poll.close", voting.close_poll), ("poll.publish", voting.publish_poll)):
    _lifecycle(_name, _step)


@action("poll.remove")
def remove(ctx: LiveContext, data: dict):
    poll_id = voting.remove_poll(db.session, ctx.actor, ctx.workshop, data)
    # Only drafts go, and only the staff ever saw a draft
    ctx.broadcast("poll", {"poll": {"id": poll_id, "removed": True}}, to=staff_room(ctx.workshop.id))
    return {"poll_id": poll_id, "removed": True}


@action("poll.vote")
def vote(ctx: LiveContext, data: dict):
    result = voting.cast_ballot(db.session, ctx.actor, ctx.workshop, data)
    poll = voting.get_poll(db.session, ctx.workshop, result["poll_id"])
    voter = db.session.get(Participant, ctx.actor.id)
    # The voter's delegation learns it has voted; the rest of the room sees only the turnout
    _announce(ctx, poll, [p for p in voter.delegation.participants if p.removed_at is None])
    result["my"] = my_vote(db.session, poll, ctx.actor)
    return result
