"""The co-chairs' statement over HTTP: downloads (Markdown, HTML, Word), the export page, publishing."""

from flask import Blueprint

bp = Blueprint("export", __name__)

from . import downloads, page  # noqa: E402,F401
