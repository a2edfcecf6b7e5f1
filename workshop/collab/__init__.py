"""The CRDT engine: one pycrdt replica per loaded section, the update log, snapshots, y-protocols framing.

Everything reaches the engine of its database through `engine_for(session)`; nothing here knows Flask
requests or sockets. The live layer (live/coediting.py) installs the engine of the app's database, made
with the async mode's primitives (spawn, sleep), and delivers its frames to the sockets.
"""

import threading
import time
import weakref

from sqlalchemy.orm import Session

from .engine import Engine

_engines: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def engine_for(session: Session) -> Engine:
    """The engine serving the database this session talks to (made on first use outside an app)."""
    bind = session.get_bind()
    engine = _engines.get(bind)
    if engine is None:
        engine = _engines[bind] = Engine(bind, spawn=_spawn_thread, sleep=time.sleep)
    return engine


def install(engine: Engine) -> Engine:
    """Make `engine` the one `engine_for` returns for its database from now on."""
    _engines[engine.bind] = engine
    return engine


def shutdown(bind) -> None:
    """Write what the engine of this database holds and stop it (a clean stop, and tests)."""
    engine = _engines.get(bind)
    if engine is not None:
        engine.shutdown()


def _spawn_thread(fn) -> None:
    threading.Thread(target=fn, daemon=True).start()
