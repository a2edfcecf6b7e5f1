"""Comments and amendments over /live: comment.add|resolve, amendment.propose|accept|reject (docs/architecture.md §5)."""

from ..extensions import db
from ..services import review
from .actions import action


def _announce(ctx, area: str, change: str, data: dict) -> dict:
    """Broadcast the comment or amendment to the workshop as `area` and ack it."""
    ctx.broadcast(area, {"change": change, area: data})
    return data


@action("comment.add")
def add_comment(ctx, data):
    comment = review.add_comment(db.session, ctx.actor, ctx.workshop, data)
    return _announce(ctx, "comment", "added", review.comment_data(comment))


@action("comment.resolve")
def resolve_comment(ctx, data):
    comment = review.resolve_comment(db.session, ctx.actor, ctx.workshop, data)
    return _announce(ctx, "comment", "resolved", review.comment_data(comment))


@action("amendment.propose")
def propose_amendment(ctx, data):
    amendment = review.propose_amendment(db.session, ctx.actor, ctx.workshop, data)
    return _announce(ctx, "amendment", "proposed", review.amendment_data(amendment))


@action("amendment.accept")
def accept_amendment(ctx, data):
    amendment = review.accept_amendment(db.session, ctx.actor, ctx.workshop, data)
    return _announce(ctx, "amendment", "accepted", review.amendment_data(amendment))


@action("amendment.reject")
def reject_amendment(ctx, data):
    amendment = review.reject_amendment(db.session, ctx.actor, ctx.workshop, data)
    return _announce(ctx, "amendment", "rejected", review.amendment_data(amendment))
