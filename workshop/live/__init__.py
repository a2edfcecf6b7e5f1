"""Socket.IO namespace /live: handlers per area translate events to service calls (DESIGN §5)."""

from flask import Flask

NAMESPACE = "/live"


def init_app(app: Flask) -> None:
    from .. import collab
    from ..extensions import socketio

    collab.init_app(app, spawn=socketio.start_background_task, sleep=socketio.sleep)
    # Importing a module registers its handlers on the shared socketio object
    from . import collab as live_collab
    from . import connection, drafting  # noqa: F401

    if live_collab.forget_socket not in connection.disconnect_hooks:
        connection.disconnect_hooks.append(live_collab.forget_socket)
