"""Floor requests: every change re-sends who speaks, who is next and the queue."""

from ..extensions import db
from ..services import floor
from .actions import action


def _floor_action(name: str, change):
    @action(name)
    def handler(ctx, data):
        row = change(db.session, ctx.actor, ctx.workshop, data)
        ctx.broadcast("floor", floor.floor_data(db.session, ctx.workshop.id))
        return floor.request_data(row)

    return handler


request = _floor_action("floor.request", floor.request_floor)
withdraw = _floor_action("floor.withdraw", floor.withdraw_floor)
grant = _floor_action("floor.grant", floor.grant_floor)
done = _floor_action("floor.done", floor.finish_floor)
