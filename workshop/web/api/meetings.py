"""Workshops and their set-up: details, codes, staff, delegations, agenda, participants."""

from flask import url_for

from ...extensions import db
from ...live.broadcast import (
    broadcast_agenda,
    broadcast_delegations,
    broadcast_presence,
    broadcast_workshop,
    close_participant_sockets,
    tell_participant,
)
from ...models import Participant
from ...services import agenda, delegations, participants, workshops
from ...services.rights import can, require
from ...services.state import live_state
from ..access import acting_in, current_principal, current_user
from . import bp
from .helpers import json_body


@bp.get("/me")
def me():
    principal = current_principal()
    if isinstance(principal, Participant):
        return {"participant": participants.participant_data(principal)}
    return {"user": {"id": principal.id, "email": principal.email, "role": principal.role}}


@bp.get("/workshops")
def list_workshops():
    user = current_user()
    return {"workshops": [workshops.workshop_data(w, include_codes=True)
                          for w in workshops.workshops_for_user(db.session, user)]}


@bp.post("/workshops")
def create_workshop():
    user = current_user()
    workshop = workshops.create_workshop(db.session, user, json_body())
    db.session.commit()
    return workshops.workshop_data(workshop, include_codes=True), 201


@bp.get("/workshops/<slug>")
def get_workshop(slug):
    actor, workshop = acting_in(slug)
    return live_state(db.session, actor, workshop)


@bp.patch("/workshops/<slug>")
def update_workshop(slug):
    actor, workshop = acting_in(slug)
    workshops.update_workshop(db.session, actor, workshop, json_body())
    db.session.commit()
    broadcast_workshop(workshop)
    return workshops.workshop_data(workshop, include_codes=True)


@bp.post("/workshops/<slug>/codes")
def regenerate_code(slug):
    actor, workshop = acting_in(slug)
    workshops.regenerate_code(db.session, actor, workshop, json_body().get("which"))
    db.session.commit()
    broadcast_workshop(workshop)
    return workshops.workshop_data(workshop, include_codes=True)


@bp.post("/workshops/<slug>/staff")
def add_staff(slug):
    actor, workshop = acting_in(slug)
    data = json_body()
    staff = workshops.add_staff(db.session, actor, workshop, data.get("email"), data.get("role"))
    db.session.commit()
    return {"user_id": staff.user_id, "role": staff.role}, 201


# Delegations

@bp.get("/workshops/<slug>/delegations")
def list_delegations(slug):
    actor, workshop = acting_in(slug)
    # A delegation's own code makes its voters: staff only (docs/architecture.md §6)
    return {"delegations": [delegations.delegation_data(d, include_code=can(actor, "workshop.see_codes"))
                            for d in delegations.list_delegations(db.session, workshop)]}


@bp.post("/workshops/<slug>/delegations")
def add_delegation(slug):
    actor, workshop = acting_in(slug)
    delegation = delegations.add_delegation(db.session, actor, workshop, json_body())
    db.session.commit()
    broadcast_delegations(workshop)
    return delegations.delegation_data(delegation, include_code=True), 201


@bp.post("/workshops/<slug>/delegations/paste")
def paste_delegations(slug):
    actor, workshop = acting_in(slug)
    result = delegations.paste_delegations(db.session, actor, workshop, json_body())
    db.session.commit()
    broadcast_delegations(workshop)
    return {"added": [delegations.delegation_data(d, include_code=True) for d in result["added"]],
            "skipped": result["skipped"]}, 201


@bp.patch("/workshops/<slug>/delegations/<int:delegation_id>")
def update_delegation(slug, delegation_id):
    actor, workshop = acting_in(slug)
    delegation = delegations.update_delegation(db.session, actor, workshop, delegation_id, json_body())
    db.session.commit()
    broadcast_delegations(workshop)
    return delegations.delegation_data(delegation, include_code=True)


@bp.post("/workshops/<slug>/delegations/<int:delegation_id>/code")
def regenerate_delegation_code(slug, delegation_id):
    actor, workshop = acting_in(slug)
    delegation = delegations.regenerate_delegation_code(db.session, actor, workshop, delegation_id)
    db.session.commit()
    return delegations.delegation_data(delegation, include_code=True)


@bp.delete("/workshops/<slug>/delegations/<int:delegation_id>")
def remove_delegation(slug, delegation_id):
    actor, workshop = acting_in(slug)
    delegations.remove_delegation(db.session, actor, workshop, delegation_id)
    db.session.commit()
    broadcast_delegations(workshop)
    return {"ok": True}


# Agenda

@bp.get("/workshops/<slug>/agenda")
def list_agenda(slug):
    _actor, workshop = acting_in(slug)
    return {"items": [agenda.item_data(i) for i in agenda.list_items(db.session, workshop.id)]}


@bp.post("/workshops/<slug>/agenda")
def add_agenda_item(slug):
    actor, workshop = acting_in(slug)
    item = agenda.add_item(db.session, actor, workshop, json_body())
    db.session.commit()
    broadcast_agenda(workshop)
    return agenda.item_data(item), 201


@bp.patch("/workshops/<slug>/agenda/<int:item_id>")
def update_agenda_item(slug, item_id):
    actor, workshop = acting_in(slug)
    item = agenda.update_item(db.session, actor, workshop, item_id, json_body())
    db.session.commit()
    broadcast_agenda(workshop)
    return agenda.item_data(item)


@bp.post("/workshops/<slug>/agenda/<int:item_id>/move")
def move_agenda_item(slug, item_id):
    actor, workshop = acting_in(slug)
    item = agenda.move_item(db.session, actor, workshop, item_id, json_body())
    db.session.commit()
    broadcast_agenda(workshop)
    return agenda.item_data(item)


@bp.delete("/workshops/<slug>/agenda/<int:item_id>")
def remove_agenda_item(slug, item_id):
    actor, workshop = acting_in(slug)
    agenda.remove_item(db.session, actor, workshop, item_id)
    db.session.commit()
    broadcast_agenda(workshop)
    return {"ok": True}


# Participants

@bp.get("/workshops/<slug>/participants")
def list_participants(slug):
    actor, workshop = acting_in(slug)
    require(actor, "participant.list")
    return {"participants": [participants.participant_data(p)
                             for p in participants.list_participants(db.session, workshop, include_removed=True)]}


@bp.patch("/workshops/<slug>/participants/<int:participant_id>")
def update_participant(slug, participant_id):
    """`{"role"}` and/or `{"voter": bool}` (staff confirm or withdraw a voter)."""
    actor, workshop = acting_in(slug)
    participant = participants.update_participant(db.session, actor, workshop, participant_id, json_body())
    db.session.commit()
    broadcast_presence(workshop.id)
    tell_participant(participant)
    return participants.participant_data(participant)


@bp.post("/workshops/<slug>/participants/confirm-single")
def confirm_single_participants(slug):
    actor, workshop = acting_in(slug)
    confirmed = participants.confirm_single_delegates(db.session, actor, workshop)
    db.session.commit()
    broadcast_presence(workshop.id)
    for participant in confirmed:
        tell_participant(participant)
    return {"confirmed": [participants.participant_data(p) for p in confirmed]}


@bp.post("/workshops/<slug>/participants/<int:participant_id>/rejoin-link")
def new_rejoin_link(slug, participant_id):
    """A new personal link for the participant's other devices (staff, or the participant for themself)."""
    actor, workshop = acting_in(slug)
    participant, secret = participants.new_rejoin_link(db.session, actor, workshop, participant_id)
    db.session.commit()
    broadcast_presence(workshop.id)
    return {"participant": participants.participant_data(participant),
            "url": url_for("pages.rejoin", secret=secret, _external=True)}, 201


@bp.delete("/workshops/<slug>/participants/<int:participant_id>/rejoin-link")
def revoke_rejoin_link(slug, participant_id):
    actor, workshop = acting_in(slug)
    participant = participants.revoke_rejoin_link(db.session, actor, workshop, participant_id)
    db.session.commit()
    broadcast_presence(workshop.id)
    return participants.participant_data(participant)


@bp.delete("/workshops/<slug>/participants/<int:participant_id>")
def remove_participant(slug, participant_id):
    actor, workshop = acting_in(slug)
    participant = participants.remove_participant(db.session, actor, workshop, participant_id)
    db.session.commit()
    removed = participants.participant_data(participant)
    close_participant_sockets(participant.id, "You were removed from this workshop by the facilitator.")
    broadcast_presence(workshop.id)
    return removed
