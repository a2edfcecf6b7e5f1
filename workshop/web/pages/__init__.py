"""Server-rendered pages: home, joining, workshop set-up, facilitator console, delegate page."""

from flask import Blueprint

bp = Blueprint("pages", __name__)

from . import devices, drafting, joining, live_views, setup  # noqa: E402,F401
