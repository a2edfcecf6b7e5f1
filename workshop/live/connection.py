"""Connecting to /live: authenticate, join the workshop's rooms, send `state`, keep presence."""

import logging
import secrets

from flask import request, session
from flask_socketio import ConnectionRefusedError, join_room

from ..extensions import db, socketio
from ..models import Participant, Workshop
from ..services import presence
from ..services.actors import actor_in, principal_for_token, workshop_by_slug
from ..services.errors import DomainError, Forbidden, Invalid
from ..services.state import live_state
from . import NAMESPACE
from .broadcast import presence_changed
from .rooms import participant_room, staff_room, workshop_room

log = logging.getLogger(__name__)

# Identifies this process's rows in live_connection
SERVER_ID = secrets.token_hex(8)

# Other areas (co-editing replicas, floor queue) add their clean-up here: fn(sid, workshop_id)
disconnect_hooks: list = []


def _authenticate(auth):
    auth = auth if isinstance(auth, dict) else {}
    token = auth.get("token") or session.get("token")
    principal = principal_for_token(db.session, token)
    slug = auth.get("workshop") or request.args.get("workshop")
    if isinstance(principal, Participant):
        workshop = db.session.get(Workshop, principal.workshop_id)
        if slug and slug != workshop.slug:
            raise Forbidden("You are not a participant of that workshop.")
    else:
        if not slug:
            raise Invalid("Say which workshop to connect to (auth.workshop).")
        workshop = workshop_by_slug(db.session, slug)
    return token, actor_in(db.session, principal, workshop), workshop


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    try:
        token, actor, workshop = _authenticate(auth)
        presence.connect(db.session, actor, request.sid, SERVER_ID)
        db.session.commit()
        session["live"] = {"token": token, "workshop_id": workshop.id}
        join_room(workshop_room(workshop.id))
        if actor.is_staff:
            join_room(staff_room(workshop.id))
        if actor.kind == "participant":
            join_room(participant_room(actor.id))
        socketio.emit("state", live_state(db.session, actor, workshop), to=request.sid, namespace=NAMESPACE)
        presence_changed(workshop.id, participants=True)
    except DomainError as error:
        db.session.rollback()
        raise ConnectionRefusedError(error.message, {"code": error.code}) from None


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(*_reason):
    # No session.remove() here: a disconnect can run inside an HTTP request that removed a participant,
    # sharing its app context; Flask-SQLAlchemy removes the session when the context ends
    sid = request.sid
    workshop_id = presence.disconnect(db.session, sid)
    db.session.commit()
    for hook in disconnect_hooks:
        try:
            hook(sid, workshop_id)
        except Exception:
            log.exception("disconnect hook failed")
    if workshop_id is not None:
        presence_changed(workshop_id, participants=False)
