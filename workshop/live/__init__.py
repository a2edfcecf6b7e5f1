"""Socket.IO namespace /live: handlers per area translate events to service calls (DESIGN §5)."""

from flask import Flask

NAMESPACE = "/live"

_imported = False


def _import_handlers() -> None:
    """Import the handler modules once, so their decorators record handlers for every app.

    Flask-SocketIO's decorators put a handler straight onto the server that exists at import time and
    forget it; with the server hidden they record it in `socketio.handlers`, which each later
    `init_app` registers on its own server (tests build one app after another).
    """
    global _imported
    from ..extensions import socketio

    if _imported:
        return
    server, socketio.server = socketio.server, None
    try:
        from . import collab, connection, drafting, review  # noqa: F401
    finally:
        socketio.server = server
    connection.disconnect_hooks.append(collab.forget_socket)
    _imported = True


def init_app(app: Flask) -> None:
    from .. import collab
    from ..extensions import socketio

    collab.init_app(app, spawn=socketio.start_background_task, sleep=socketio.sleep)
    _import_handlers()
    for message, handler, namespace in socketio.handlers:
        if message not in socketio.server.handlers.get(namespace or "/", {}):
            socketio.server.on(message, handler, namespace=namespace)
