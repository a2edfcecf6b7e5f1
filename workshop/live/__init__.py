"""Socket.IO namespace /live: handlers per area translate events to service calls (docs/architecture.md §5)."""

NAMESPACE = "/live"


def load_handlers() -> None:
    """Import every handler module. Runs before socketio.init_app: Flask-SocketIO keeps handlers for
    later servers only if they were registered while no server existed (each test app makes a new one)."""
    from . import connection  # noqa: F401, I001
    from . import agenda, coediting, drafting, floor, follow, groups, outcomes, participants, polls, review, timer  # noqa: F401,E501

    if coediting.forget_socket not in connection.disconnect_hooks:
        connection.disconnect_hooks.append(coediting.forget_socket)
