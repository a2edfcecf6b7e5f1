"""Signing in and out of facilitator and secretariat accounts."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import routes  # noqa: E402,F401
