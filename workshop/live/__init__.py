"""Socket.IO namespace /live: handlers per area translate events to service calls (DESIGN §5)."""

from flask import Flask

NAMESPACE = "/live"


def init_app(app: Flask) -> None:
    # Importing a module registers its handlers on the shared socketio object
    from . import connection  # noqa: F401, I001
    from . import polls  # noqa: F401
