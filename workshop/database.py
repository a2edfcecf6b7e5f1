"""Bringing the database to the head migration on start (the embedded default needs no manual step)."""

import os

import flask_migrate
from flask import Flask

from .extensions import db

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


def upgrade_database(app: Flask) -> None:
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        db.session.remove()
