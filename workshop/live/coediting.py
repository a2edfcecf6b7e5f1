"""Co-editing over /live: section.join|leave, the `y` event carrying y-protocols frames (docs/architecture.md §5),
and the socket wiring of the app's CRDT engine (its frames delivered to the section rooms, the relay).
"""

import logging
import re
import time

from flask import current_app, request
from flask_socketio import join_room, leave_room

from .. import collab
from ..collab import engine_for
from ..collab.engine import Engine
from ..collab.protocol import BadFrame, awareness_message, parse_frame, sync_step2
from ..collab.replica import Author, FrameForbidden, Member, Replica
from ..extensions import db, socketio
from ..models import Delegation, Section
from ..models.accounts import ROLE_LABELS
from ..ratelimit import SlidingWindow
from ..services import drafting, fields
from ..services.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, RateLimited
from . import NAMESPACE, rights_watch, websocket_frames
from .actions import ack_error, action, socket_context
from .rooms import section_room

log = logging.getLogger(__name__)

# Per participant, not per IP: a venue's delegates share one address
FRAME_LIMIT = SlidingWindow(limit=600, window=10)
# A joined socket's rights are read again when a change committed here may alter them
# (live.rights_watch), and after this long anyway: changes committed by other processes
RECHECK_SECONDS = 2.0  # several processes share the database (a message queue is configured)
LOCAL_RECHECK_SECONDS = 15.0  # one process: its own changes are all seen by rights_watch
# How long a frame's ack waits for the writer to store its changes (the client's own wait is 15 s)
SAVE_TIMEOUT = 10.0
STAFF_COLOUR = "#0d2238"  # cursors of facilitators and secretariat (as the editor shows them)
OTHER_COLOUR = "#57606a"  # a delegation colour that is not #rrggbb is never passed on
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def init_app(app, socketio) -> Engine:
    """Install the engine of the app's database, made with the async mode's primitives: its frames go to
    this process's sockets joined to a section, and with a message queue, to the other processes."""
    with app.app_context():
        bind = db.engine
    spawn = socketio.start_background_task
    engine = collab.install(Engine(
        bind, spawn=spawn, sleep=socketio.sleep,
        flush_interval=float(app.config.get("COLLAB_FLUSH_INTERVAL", 0.2)),
        idle_seconds=float(app.config.get("COLLAB_IDLE_SECONDS", 30)),
        compact_after=int(app.config.get("COLLAB_COMPACT_AFTER", 200)),
        catch_up=bool(app.config.get("MESSAGE_QUEUE")),
    ))

    def deliver(section_id: int, frame: bytes, skip_sid) -> None:
        # this process's sockets only: the other processes send what their replicas integrate
        websocket_frames.room_event(socketio.server, "y", (section_id, frame), section_room(section_id),
                                    NAMESPACE, skip_sid=skip_sid)

    engine.deliver = deliver
    if app.config.get("MESSAGE_QUEUE"):
        from ..collab.relay import Relay

        engine.relay = Relay(engine, app.config["MESSAGE_QUEUE"])
        engine.relay.start(spawn)
    return engine


def shutdown(app) -> None:
    """Write what the app's engine holds and stop it (a clean stop, and tests)."""
    with app.app_context():
        collab.shutdown(db.engine)


def author_of(actor) -> Author:
    return Author(actor.kind, actor.id, actor.delegation_id)


def awareness_user(actor) -> dict:
    """What others see of a socket's cursor (awareness `user`, the fields the editor reads), from the
    server's records: the participant's name, delegation and its colour. The client's own claims are
    replaced by this before anyone else sees them."""
    delegation = db.session.get(Delegation, actor.delegation_id) if actor.delegation_id else None
    if delegation is not None:
        colour = delegation.colour if COLOUR.fullmatch(delegation.colour or "") else OTHER_COLOUR
        label = delegation.name
    else:
        colour, label = STAFF_COLOUR, actor.role
    # An account without a display name already acts under its role's label, never its email
    name = actor.name if actor.name == ROLE_LABELS.get(actor.role) else f"{actor.name} ({label})"
    return {"name": name, "color": colour, "colorLight": f"{colour}33", "delegation": label}


@action("section.join")
def join_section(ctx, data):
    section = drafting.get_section(db.session, ctx.workshop, data.get("section_id"))
    epoch = fields.integer(data, "epoch", minimum=0, maximum=2**31 - 1)
    if epoch is not None and epoch != section.epoch:
        raise Conflict(f"This section was restored to an earlier revision (now epoch {section.epoch}): "
                       "discard the local copy and join again.")
    seen = rights_watch.generation()
    may_edit = drafting.may_edit_section(db.session, ctx.actor, section)
    engine = engine_for(db.session)
    replica = engine.replica(db.session, section)
    engine.catch_up(db.session, replica)
    replica.add_member(Member(ctx.sid, author_of(ctx.actor), ctx.actor.key, may_edit, section.epoch,
                           rights_seen=seen, user=awareness_user(ctx.actor)))
    join_room(section_room(section.id))
    # The server's step 1 and the replica's awareness, right after the join (the client answers step 2)
    ctx.emit("y", section.id, replica.step1(), to=ctx.sid)
    awareness = replica.awareness_update()
    if awareness:
        ctx.emit("y", section.id, awareness_message(awareness), to=ctx.sid)
    return {"section": drafting.section_data(section, markdown=replica.markdown()), "may_edit": may_edit,
            "epoch": section.epoch}


@action("section.leave")
def leave_section(ctx, data):
    section = drafting.get_section(db.session, ctx.workshop, data.get("section_id"))
    leave_room(section_room(section.id))
    replica = engine_for(db.session).loaded(section.id)
    if replica is not None:
        _forget_member(replica, ctx.sid)
    return {"section_id": section.id}


def _forget_member(replica: Replica, sid: str) -> None:
    member = replica.remove_member(sid)
    removed = replica.drop_awareness(member) if member is not None else []
    if removed:
        _share_awareness(replica, sid, removed)


def _share_awareness(replica: Replica, sid: str, client_ids: list[int], update: bytes | None = None,
                     owner: str | None = None) -> None:
    """To this process's sockets in the replica's next round, and to the other processes (`update`: the
    awareness update as applied, set by `owner`; by default the replica's current states of `client_ids`)."""
    engine = engine_for(db.session)
    engine.send(replica, sid, awareness_ids=client_ids)
    if engine.relay is not None:
        engine.relay.publish_awareness(replica, update if update is not None else replica.awareness_update(client_ids),
                                       owner)


def forget_socket(sid: str, _workshop_id) -> None:
    """Disconnect hook: no ghost cursors (docs/architecture.md §7 rule 5)."""
    for replica in engine_for(db.session).replicas_of(sid):
        _forget_member(replica, sid)


def _reply(sid: str, replica: Replica, frame: bytes) -> None:
    socketio.emit("y", (replica.section_id, frame), to=sid, namespace=NAMESPACE)


def _report(sid: str, section_id, error: DomainError) -> None:
    payload = {"code": error.code, "message": error.message}
    if isinstance(section_id, int) and not isinstance(section_id, bool):
        payload["section_id"] = section_id
    socketio.emit("error", payload, to=sid, namespace=NAMESPACE)


@socketio.on("y", namespace=NAMESPACE)
def on_y(section_id=None, frame=None, *_extra):
    """Acked like an action: a frame carrying changes is acked once they are in the database."""
    sid = request.sid
    engine = engine_for(db.session)
    try:
        changed = _handle_frame(engine, sid, section_id, frame)
    except BadFrame as bad:  # the engine's own reading error, refused like any other
        return _refuse(sid, section_id, _refusal_of(bad))
    except DomainError as error:
        return _refuse(sid, section_id, error)
    except Exception:
        log.exception("a y frame failed")
        return _refuse(sid, section_id, Invalid("The server could not take this frame; nothing was applied."))
    finally:
        db.session.remove()  # before waiting on the writer: no connection held meanwhile
    if changed and not engine.wait_logged(float(current_app.config.get("COLLAB_SAVE_TIMEOUT", SAVE_TIMEOUT))):
        return ack_error(Conflict("Your changes are in the room but not yet stored; the server keeps trying."))
    return {"ok": True}


def _refusal_of(bad: BadFrame) -> DomainError:
    return Forbidden(bad.message) if isinstance(bad, FrameForbidden) else Invalid(bad.message)


def _refuse(sid: str, section_id, error: DomainError) -> dict:
    _report(sid, section_id, error)
    return ack_error(error)


def _joined_member(engine: Engine, sid: str, section_id) -> tuple[Replica, Member]:
    if not isinstance(section_id, int) or isinstance(section_id, bool):
        raise Invalid("The first argument of `y` must be the section id.")
    replica = engine.loaded(section_id)
    member = replica.members.get(sid) if replica is not None else None
    if member is None:
        raise Invalid("Join the section (section.join) before sending frames.")
    if member.epoch != replica.epoch:
        raise Conflict("This section was restored to an earlier revision: discard the local copy and join again.")
    return replica, member


def _recheck(engine: Engine, replica: Replica, member: Member) -> None:
    """Rights change (a section locked, a participant removed): read them again when a change
    committed here may have altered them, and now and then for changes made by other processes.
    A socket whose rights are gone is forgotten; one holding a copy of an earlier epoch stays a
    (stale) member, refused until it joins again."""
    seen = rights_watch.generation()
    recheck_seconds = RECHECK_SECONDS if engine.relay is not None else LOCAL_RECHECK_SECONDS
    if member.rights_seen == seen and time.monotonic() - member.checked_at < recheck_seconds:
        return
    try:
        ctx = socket_context()
        section = db.session.get(Section, replica.section_id)
        if section is not None and section.epoch == replica.epoch:
            member.may_edit = drafting.may_edit_section(db.session, ctx.actor, section)
    except DomainError:
        _forget_member(replica, member.sid)
        raise
    if section is None:
        raise NotFound("This section no longer exists.")
    if section.epoch != replica.epoch:  # restored through another process
        engine.replace(db.session, section)
        raise Conflict("This section was restored to an earlier revision: discard the local copy and join again.")
    member.checked_at = time.monotonic()
    member.rights_seen = seen


def _handle_frame(engine: Engine, sid: str, section_id, raw) -> bool:
    """Take one frame; True when it was a change the writer must store before the ack."""
    replica, member = _joined_member(engine, sid, section_id)
    if not FRAME_LIMIT.hit(member.actor_key):
        raise RateLimited("Too many changes at once: slow down for a moment.")
    _recheck(engine, replica, member)
    frame = parse_frame(raw)
    if frame.kind == "step1":
        engine.catch_up(db.session, replica)  # another process may have logged what we lack
        _reply(sid, replica, sync_step2(replica.diff(frame.payload)))
    elif frame.kind == "awareness":
        update = replica.apply_awareness(member, frame.awareness)
        if update is not None:  # as applied: with the server's `user`, never the client's
            _share_awareness(replica, sid, [client_id for client_id, _clock, _state in frame.awareness], update,
                             member.actor_key)
    elif frame.carries_changes:
        if not member.may_edit:
            if replica.would_change(frame.payload):
                section = db.session.get(Section, replica.section_id)
                actor = socket_context().actor
                raise Forbidden(drafting.edit_refusal(db.session, actor, section))
            return False
        drafting.check_live_growth(replica, frame.payload)
        # Even a frame that changes nothing here waits: what it repeats may still be on its way to disk
        engine.share(replica, replica.apply(frame.payload, member.author), skip_sid=sid)
        return True
    elif frame.kind == "step2":
        # Empty: the replica already holds all this client has, perhaps only in memory (its earlier frames
        # were not acked as stored). The client takes this ack as "saved", so it waits for the disk too.
        return member.may_edit
    return False
