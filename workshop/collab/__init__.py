"""The CRDT engine: one pycrdt room per loaded section, the update log, snapshots, y-protocols framing.

Services reach the engine of their database through `rooms_for(session)`; nothing here knows Flask
requests or sockets. The live layer binds it with the async mode's primitives (spawn, sleep).
"""

import weakref

from sqlalchemy.orm import Session

from .engine import Engine

_engines: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def init_app(app, *, spawn, sleep) -> Engine:
    from ..extensions import db

    with app.app_context():
        bind = db.engine
    engine = Engine(
        bind, spawn=spawn, sleep=sleep,
        flush_interval=float(app.config.get("COLLAB_FLUSH_INTERVAL", 0.2)),
        idle_seconds=float(app.config.get("COLLAB_IDLE_SECONDS", 30)),
        compact_after=int(app.config.get("COLLAB_COMPACT_AFTER", 200)),
        catch_up=bool(app.config.get("MESSAGE_QUEUE")),
    )
    app.extensions["collab"] = engine
    _engines[bind] = engine
    return engine


def rooms_for(session: Session) -> Engine:
    """The engine serving the database this session talks to."""
    return _engines[session.get_bind()]


def shutdown(app) -> None:
    engine = app.extensions.get("collab")
    if engine is not None:
        engine.shutdown()
