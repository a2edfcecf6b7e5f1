"""Follow me: the facilitator's view goes to every screen in the workshop."""

from ..extensions import db
from ..services.follow import follow_data, set_follow
from .actions import action


@action("follow.set")
def follow_set(ctx, data):
    state = follow_data(set_follow(db.session, ctx.actor, ctx.workshop, data))
    ctx.broadcast("follow", state)
    return state
