"""Broadcasts after a committed change, shared by socket handlers and HTTP routes."""

import threading
import time

from flask import current_app
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


def broadcast_presence(workshop_id: int, *, participants: bool = True) -> None:
    emit_to_workshop(workshop_id, "presence", presence(db.session, workshop_id))
    workshop = db.session.get(Workshop, workshop_id) if participants else None
    if workshop is not None:
        emit_to_workshop(workshop_id, "participants",
                         {"participants": [participant_data(p) for p in list_participants(db.session, workshop)]},
                         staff_only=True)


class PresenceThrottle:
    """Connections coming and going: at most one presence broadcast per workshop every interval, the first
    at once, the others folded into one at the end of the interval. When the venue's Wi-Fi comes back and
    a hall of laptops reconnects, everyone gets one list instead of one per laptop (n broadcasts of n)."""

    def __init__(self, app):
        self.app = app
        self._lock = threading.Lock()
        self._sent: dict[int, float] = {}
        self._waiting: dict[int, bool] = {}  # workshop -> whether the participant list changed too
        self.stopped = False

    def changed(self, workshop_id: int, *, participants: bool) -> None:
        interval = float(self.app.config.get("PRESENCE_INTERVAL", 0.5))
        now = time.monotonic()
        with self._lock:
            if workshop_id in self._waiting:
                self._waiting[workshop_id] |= participants
                return
            wait = self._sent.get(workshop_id, float("-inf")) + interval - now
            if wait > 0:
                self._waiting[workshop_id] = participants
            else:
                self._sent[workshop_id] = now
        if wait > 0:
            socketio.start_background_task(self._later, workshop_id, wait)
        else:
            broadcast_presence(workshop_id, participants=participants)

    def _later(self, workshop_id: int, wait: float) -> None:
        socketio.sleep(wait)
        with self._lock:
            participants = self._waiting.pop(workshop_id)
            self._sent[workshop_id] = time.monotonic()
        if self.stopped:  # the app is gone (tests make one per test, all sharing the module's socketio)
            return
        with self.app.app_context():
            try:
                broadcast_presence(workshop_id, participants=participants)
            finally:
                db.session.remove()


def stop_presence(app) -> None:
    throttle = app.extensions.get("presence_throttle")
    if throttle is not None:
        throttle.stopped = True


def presence_changed(workshop_id: int, *, participants: bool) -> None:
    """A socket connected (`participants`: perhaps one the staff's list lacks) or went away."""
    app = current_app._get_current_object()
    throttle = app.extensions.get("presence_throttle")
    if throttle is None:
        throttle = app.extensions.setdefault("presence_throttle", PresenceThrottle(app))
    throttle.changed(workshop_id, participants=participants)


def tell_participant(participant) -> None:
    """A participant's own standing changed (voter, role): their devices get it as event `participant`."""
    socketio.emit("participant", {"participant": participant_data(participant)},
                  to=participant_room(participant.id), namespace=NAMESPACE)


def close_participant_sockets(participant_id: int, reason: str) -> None:
    """Tell a removed participant's sockets why, then disconnect them (on whichever process holds them)."""
    socketio.emit("removed", {"message": reason}, to=participant_room(participant_id), namespace=NAMESPACE)
    sids = db.session.scalars(select(LiveConnection.sid).where(LiveConnection.participant_id == participant_id))
    for sid in list(sids):
        socketio.server.disconnect(sid, namespace=NAMESPACE)
