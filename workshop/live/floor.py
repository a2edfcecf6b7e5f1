"""Floor requests: every change re-sends who speaks, who is next and the queue."""

from ..extensions import db
from ..ratelimit import limiter
from ..services import floor
from ..services.errors import RateLimited
from .actions import action


def _check_pace(ctx) -> None:
    """Asking and withdrawing again and again would flood every screen with `floor` broadcasts; counted per
    participant across processes (FLOOR_ASKS_PER_MINUTE), so a second device on another process adds up."""
    if not ctx.actor.is_staff and not limiter("floor_asks").hit(ctx.actor.key):
        raise RateLimited("Too many floor requests in a minute. Please wait a moment.", retry_after=60)


def _floor_action(name: str, change, paced: bool = False):
    @action(name)
    def handler(ctx, data):
        if paced:
            _check_pace(ctx)
        row = change(db.session, ctx.actor, ctx.workshop, data)
        ctx.broadcast("floor", floor.floor_data(db.session, ctx.workshop.id))
        return floor.request_data(row)

    return handler


request = _floor_action("floor.request", floor.request_floor, paced=True)
withdraw = _floor_action("floor.withdraw", floor.withdraw_floor, paced=True)
grant = _floor_action("floor.grant", floor.grant_floor)
done = _floor_action("floor.done", floor.finish_floor)
