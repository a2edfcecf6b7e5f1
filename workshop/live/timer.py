"""Timer actions: every change is broadcast as the timer's state; clients count down locally."""

from ..extensions import db
from ..services import timer
from .actions import action


def _timer_action(name: str, change):
    @action(name)
    def handler(ctx, data):
        row = change(db.session, ctx.actor, ctx.workshop, data)
        state = timer.timer_data(row)
        ctx.broadcast("timer", state)
        return state

    return handler


start = _timer_action("timer.start", timer.start_timer)
pause = _timer_action("timer.pause", timer.pause_timer)
extend = _timer_action("timer.extend", timer.extend_timer)
reset = _timer_action("timer.reset", timer.reset_timer)
