"""Outcome actions: each change re-sends the ordered list to the workshop."""

from ..extensions import db
from ..services import outcomes
from .actions import action


def _outcomes_changed(ctx) -> None:
    ctx.broadcast("outcome", {"outcomes": [outcomes.outcome_data(o)
                                           for o in outcomes.list_outcomes(db.session, ctx.workshop.id)]})


@action("outcome.add")
def add(ctx, data):
    outcome = outcomes.add_outcome(db.session, ctx.actor, ctx.workshop, data)
    _outcomes_changed(ctx)
    return outcomes.outcome_data(outcome)


@action("outcome.update")
def update(ctx, data):
    outcome = outcomes.update_outcome(db.session, ctx.actor, ctx.workshop, data)
    _outcomes_changed(ctx)
    return outcomes.outcome_data(outcome)


@action("outcome.move")
def move(ctx, data):
    outcome = outcomes.move_outcome(db.session, ctx.actor, ctx.workshop, data)
    _outcomes_changed(ctx)
    return outcomes.outcome_data(outcome)


@action("outcome.remove")
def remove(ctx, data):
    outcome_id = outcomes.remove_outcome(db.session, ctx.actor, ctx.workshop, data)
    _outcomes_changed(ctx)
    return {"id": outcome_id}
