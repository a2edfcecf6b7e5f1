"""The CRDT engine: one pycrdt room per loaded section, the update log, snapshots, y-protocols framing.

Services reach the engine of their database through `rooms_for(session)`; nothing here knows Flask
requests or sockets. The live layer binds it with the async mode's primitives (spawn, sleep).
"""

import threading
import time
import weakref

from sqlalchemy.orm import Session

from .engine import Engine

_engines: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def init_app(app, socketio) -> Engine:
    from ..extensions import db

    with app.app_context():
        bind = db.engine
    spawn, sleep = socketio.start_background_task, socketio.sleep
    engine = Engine(
        bind, spawn=spawn, sleep=sleep,
        flush_interval=float(app.config.get("COLLAB_FLUSH_INTERVAL", 0.2)),
        idle_seconds=float(app.config.get("COLLAB_IDLE_SECONDS", 30)),
        compact_after=int(app.config.get("COLLAB_COMPACT_AFTER", 200)),
        catch_up=bool(app.config.get("MESSAGE_QUEUE")),
    )
    app.extensions["collab"] = engine
    _engines[bind] = engine

    def deliver(section_id: int, frame: bytes, skip_sid) -> None:
        from ..live import NAMESPACE, frames
        from ..live.rooms import section_room

        # this process's sockets only: the other processes send what their replicas integrate
        frames.room_event(socketio.server, "y", (section_id, frame), section_room(section_id), NAMESPACE,
                          skip_sid=skip_sid)

    engine.deliver = deliver
    if app.config.get("MESSAGE_QUEUE"):
        from .relay import Relay

        engine.relay = Relay(engine, app.config["MESSAGE_QUEUE"])
        engine.relay.start(spawn)
    return engine


def rooms_for(session: Session) -> Engine:
    """The engine serving the database this session talks to (made on first use outside an app)."""
    bind = session.get_bind()
    engine = _engines.get(bind)
    if engine is None:
        engine = _engines[bind] = Engine(bind, spawn=_spawn_thread, sleep=time.sleep)
    return engine


def _spawn_thread(fn) -> None:
    threading.Thread(target=fn, daemon=True).start()


def shutdown(app) -> None:
    engine = app.extensions.get("collab")
    if engine is not None:
        engine.shutdown()
