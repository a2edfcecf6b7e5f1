"""The action decorator: parse, authenticate, call a service, commit, ack, then broadcast (docs/architecture.md §5)."""

import functools
import logging
from dataclasses import dataclass, field

from flask import request, session

from ..bounded_json import TOO_DEEP_MESSAGE, TooDeep, within_depth
from ..extensions import db, socketio
from ..models import Workshop
from ..services.actors import Actor, actor_in, principal_for_token
from ..services.errors import DomainError, Invalid, NotFound, Unauthenticated
from . import NAMESPACE

log = logging.getLogger(__name__)


@dataclass
class LiveContext:
    """One event from one socket: who sent it, in which workshop, and what to broadcast after commit."""

    actor: Actor
    workshop: Workshop
    sid: str
    pending: list = field(default_factory=list)
    committed: list = field(default_factory=list)  # callbacks run after the commit, before the broadcasts

    def broadcast(self, event: str, payload, *, to: str | None = None) -> None:
        from .rooms import workshop_room

        self.pending.append((event, payload, to or workshop_room(self.workshop.id)))

    def after_commit(self, fn) -> None:
        """Run `fn()` once the action's changes are committed, before anything is broadcast: for work
        that must not start from uncommitted rows (other processes and the CRDT writer read them)."""
        self.committed.append(fn)

    def emit(self, event: str, *args, to: str) -> None:
        """Send an event with several arguments (e.g. `y`: section id, frame) after commit."""
        self.pending.append((event, args, to))  # a tuple is sent as several arguments


def socket_context() -> LiveContext:
    """Re-check the socket's credentials on every event: a removed participant stops at once."""
    live = session.get("live")
    if not live:
        raise Unauthenticated("This connection is not signed in.")
    principal = principal_for_token(db.session, live["token"])
    workshop = db.session.get(Workshop, live["workshop_id"])
    if workshop is None:
        raise NotFound("This workshop no longer exists.")
    return LiveContext(actor_in(db.session, principal, workshop), workshop, request.sid)


def ack_error(error: DomainError) -> dict:
    return {"ok": False, "error": {"code": error.code, "message": error.message}}


def action(name: str):
    """Register `name` as an action; the function takes (ctx, data: dict) and returns the ack data."""

    def decorate(fn):
        @functools.wraps(fn)
        def handler(data=None, *_extra):
            try:
                if isinstance(data, TooDeep) or (isinstance(data, dict) and not within_depth(data)):
                    raise Invalid(TOO_DEEP_MESSAGE)
                if not isinstance(data, dict):
                    raise Invalid("The payload must be a JSON object.")
                ctx = socket_context()
                result = fn(ctx, data)
                db.session.commit()
                for then in ctx.committed:
                    then()
                for event, payload, room in ctx.pending:
                    socketio.emit(event, payload, to=room, namespace=NAMESPACE)
                return {"ok": True, "data": result}
            except DomainError as error:
                db.session.rollback()
                return ack_error(error)
            except Exception:
                log.exception("action %s failed", name)
                db.session.rollback()
                return {"ok": False, "error": {"code": "conflict",
                                               "message": "The server could not complete this; nothing was saved."}}

        socketio.on_event(name, handler, namespace=NAMESPACE)
        return handler

    return decorate
