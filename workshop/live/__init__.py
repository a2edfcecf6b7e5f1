"""Socket.IO namespace /live: handlers per area translate events to service calls (DESIGN §5)."""

from collections.abc import Callable

from flask import Flask

NAMESPACE = "/live"

# (event, handler) pairs collected at import; each app's Socket.IO server gets them all in init_app
HANDLERS: list[tuple[str, Callable]] = []


def on(event: str):
    """Declare a handler for an event on /live."""

    def decorate(fn):
        HANDLERS.append((event, fn))
        return fn

    return decorate


def init_app(app: Flask) -> None:
    from ..extensions import socketio
    from . import agenda, connection, floor, follow, groups, outcomes, timer  # noqa: F401

    # Registered on this app's server, not at import: a module imports once per process, but every
    # app (each test builds one) makes a new server that needs the handlers too
    for event, fn in HANDLERS:
        socketio.on_event(event, fn, namespace=NAMESPACE)
