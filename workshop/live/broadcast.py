"""Broadcasts after a committed change, shared by socket handlers and HTTP routes."""

from sqlalchemy import select

from ..extensions import db, socketio
from ..models import LiveConnection, Workshop
from ..services.agenda_live import agenda_state
from ..services.delegations import delegation_data, list_delegations
from ..services.participants import list_participants, participant_data
from ..services.presence import presence
from ..services.workshops import workshop_data
from . import NAMESPACE
from .rooms import participant_room, staff_room, workshop_room


def emit_to_workshop(workshop_id: int, event: str, payload, *, staff_only: bool = False) -> None:
    room = staff_room(workshop_id) if staff_only else workshop_room(workshop_id)
    socketio.emit(event, payload, to=room, namespace=NAMESPACE)


def broadcast_agenda(workshop: Workshop) -> None:
    emit_to_workshop(workshop.id, "agenda", agenda_state(db.session, workshop))


def broadcast_delegations(workshop: Workshop) -> None:
    emit_to_workshop(workshop.id, "delegations",
                     {"delegations": [delegation_data(d) for d in list_delegations(db.session, workshop)]})


def broadcast_workshop(workshop: Workshop) -> None:
    emit_to_workshop(workshop.id, "workshop", workshop_data(workshop))
    emit_to_workshop(workshop.id, "workshop", workshop_data(workshop, include_codes=True), staff_only=True)


def broadcast_presence(workshop_id: int) -> None:
    emit_to_workshop(workshop_id, "presence", presence(db.session, workshop_id))
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is not None:
        emit_to_workshop(workshop_id, "participants",
                         {"participants": [participant_data(p) for p in list_participants(db.session, workshop)]},
                         staff_only=True)


def close_participant_sockets(participant_id: int, reason: str) -> None:
    """Tell a removed participant's sockets why, then disconnect them (on whichever process holds them)."""
    socketio.emit("removed", {"message": reason}, to=participant_room(participant_id), namespace=NAMESPACE)
    sids = db.session.scalars(select(LiveConnection.sid).where(LiveConnection.participant_id == participant_id))
    for sid in list(sids):
        socketio.server.disconnect(sid, namespace=NAMESPACE)
