"""Breakout group actions: the groups go to everyone; a participant whose role changed hears it."""

from ..extensions import db
from ..services import groups
from ..services.actors import Actor
from ..services.participants import list_participants, participant_data
from ..services.state import me_data
from .actions import action
from .rooms import participant_room, staff_room


def _groups_changed(ctx, changed) -> None:
    ctx.broadcast("group", {"groups": [groups.group_data(g) for g in groups.list_groups(db.session, ctx.workshop.id)]})
    if changed:
        for participant in changed:
            actor = Actor("participant", participant.id, participant.name, participant.role, ctx.workshop.id,
                          participant.delegation_id)
            ctx.broadcast("me", me_data(actor, participant.voter), to=participant_room(participant.id))
        ctx.broadcast("participants", {"participants": [participant_data(p) for p in
                                                        list_participants(db.session, ctx.workshop)]},
                      to=staff_room(ctx.workshop.id))


@action("group.create")
def create(ctx, data):
    group, changed = groups.create_group(db.session, ctx.actor, ctx.workshop, data)
    _groups_changed(ctx, changed)
    return groups.group_data(group)


@action("group.assign")
def assign(ctx, data):
    group, changed = groups.assign_group(db.session, ctx.actor, ctx.workshop, data)
    _groups_changed(ctx, changed)
    return groups.group_data(group)


@action("group.shuffle")
def shuffle(ctx, data):
    shuffled, changed = groups.shuffle_delegations(db.session, ctx.actor, ctx.workshop, data)
    _groups_changed(ctx, changed)
    return {"groups": [groups.group_data(g) for g in shuffled]}


@action("group.remove")
def remove(ctx, data):
    changed = groups.remove_group(db.session, ctx.actor, ctx.workshop, data)
    _groups_changed(ctx, changed)
    return {"id": data.get("group_id")}
