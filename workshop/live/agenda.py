"""Agenda actions during the meeting: the current item, extending and moving items."""

from ..extensions import db
from ..services import agenda_live
from ..services.agenda import item_data
from .actions import action


def _agenda_changed(ctx) -> None:
    ctx.broadcast("agenda", agenda_live.agenda_state(db.session, ctx.workshop))


@action("agenda.set_current")
def set_current(ctx, data):
    item = agenda_live.set_current(db.session, ctx.actor, ctx.workshop, data)
    _agenda_changed(ctx)
    return {"current_item_id": item.id if item else None}


@action("agenda.extend")
def extend(ctx, data):
    item = agenda_live.extend_item(db.session, ctx.actor, ctx.workshop, data)
    _agenda_changed(ctx)
    return item_data(item)


@action("agenda.move")
def move(ctx, data):
    item = agenda_live.move_item(db.session, ctx.actor, ctx.workshop, data)
    _agenda_changed(ctx)
    return item_data(item)
