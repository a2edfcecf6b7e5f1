"""The JSON API, version 1 (docs/architecture.md §6)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import drafting, meetings, review, sessions  # noqa: E402,F401
