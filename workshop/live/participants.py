"""Voting rights and rejoin links over /live: participant.set_voter|confirm_single|revoke_link (staff).

The staff consoles get the new participant list (event `participants`); a participant whose standing
changed gets it on their own devices (event `participant`).
"""

from ..extensions import db
from ..models import Participant
from ..services import participants
from ..services.participants import list_participants, participant_data
from .actions import LiveContext, action
from .rooms import participant_room, staff_room


def _participants_changed(ctx: LiveContext, changed: list[Participant]) -> None:
    ctx.broadcast("participants", {"participants": [participant_data(p) for p in
                                                    list_participants(db.session, ctx.workshop)]},
                  to=staff_room(ctx.workshop.id))
    for participant in changed:
        ctx.broadcast("participant", {"participant": participant_data(participant)},
                      to=participant_room(participant.id))


@action("participant.set_voter")
def set_voter(ctx: LiveContext, data: dict):
    participant = participants.set_voter(db.session, ctx.actor, ctx.workshop, data.get("participant_id"),
                                         data.get("voter"))
    _participants_changed(ctx, [participant])
    return participant_data(participant)


@action("participant.confirm_single")
def confirm_single(ctx: LiveContext, data: dict):
    confirmed = participants.confirm_single_delegates(db.session, ctx.actor, ctx.workshop)
    _participants_changed(ctx, confirmed)
    return {"confirmed": [participant_data(p) for p in confirmed]}


@action("participant.revoke_link")
def revoke_link(ctx: LiveContext, data: dict):
    participant = participants.revoke_rejoin_link(db.session, ctx.actor, ctx.workshop, data.get("participant_id"))
    _participants_changed(ctx, [])
    return participant_data(participant)
