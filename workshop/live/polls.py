"""Poll actions over /live: poll.create|open|close|publish|remove|vote (docs/architecture.md §5).

Every change is broadcast as event `poll` {"poll": {...}}: the room's copy carries results only when
the room may see them, the staff room's copy adds who has voted (never what), and each participant's
own room gets `my` (may I vote, has my delegation voted).
"""

from ..extensions import db
from ..models import Poll
from ..services.voting import polls
from ..services.voting.poll_data import my_vote, poll_data, standings
from .actions import LiveContext, action
from .rooms import participant_room, staff_room


def _announce(ctx: LiveContext, poll: Poll, delegation_id: int | None = None) -> None:
    """Queue the poll's broadcasts; each present participant, or only those of `delegation_id`, gets
    their own standing."""
    if poll.status != "draft":
        ctx.broadcast("poll", {"poll": poll_data(db.session, poll, staff=False)})
    ctx.broadcast("poll", {"poll": poll_data(db.session, poll, staff=True)}, to=staff_room(poll.workshop_id))
    if poll.status == "draft":
        return
    for participant_id, mine in standings(db.session, poll, delegation_id):
        ctx.broadcast("poll", {"poll": {"id": poll.id, "my": mine}}, to=participant_room(participant_id))


def _changed(ctx: LiveContext, poll: Poll) -> dict:
    """poll.create|open|close|publish: everyone who may see the poll is told; the answer is the staff view
    (docs/architecture.md §5: id, title, method, status, secret, options [{id, text}], and more for the console)."""
    _announce(ctx, poll)
    return poll_data(db.session, poll, staff=True)


@action("poll.create")
def create(ctx: LiveContext, data: dict):
    return _changed(ctx, polls.create_poll(db.session, ctx.actor, ctx.workshop, data))


@action("poll.open")
def open_(ctx: LiveContext, data: dict):
    return _changed(ctx, polls.open_poll(db.session, ctx.actor, ctx.workshop, data))


@action("poll.close")
def close(ctx: LiveContext, data: dict):
    return _changed(ctx, polls.close_poll(db.session, ctx.actor, ctx.workshop, data))


@action("poll.publish")
def publish(ctx: LiveContext, data: dict):
    return _changed(ctx, polls.publish_poll(db.session, ctx.actor, ctx.workshop, data))


@action("poll.remove")
def remove(ctx: LiveContext, data: dict):
    poll_id = polls.remove_poll(db.session, ctx.actor, ctx.workshop, data)
    # Only drafts go, and only the staff ever saw a draft
    ctx.broadcast("poll", {"poll": {"id": poll_id, "removed": True}}, to=staff_room(ctx.workshop.id))
    return {"poll_id": poll_id, "removed": True}


@action("poll.vote")
def vote(ctx: LiveContext, data: dict):
    result = polls.cast_ballot(db.session, ctx.actor, ctx.workshop, data)
    poll = polls.get_poll(db.session, ctx.workshop, result["poll_id"])
    # The voter's delegation learns it has voted; the rest of the room sees only the turnout
    _announce(ctx, poll, ctx.actor.delegation_id)
    result["my"] = my_vote(db.session, poll, ctx.actor)
    return result
