"""The application factory."""

import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import config as cfg
from .extensions import csrf, db, migrate, socketio

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build_app(test_config=None) -> Flask:
    instance_path = (test_config or {}).get("INSTANCE_PATH") or cfg.instance_path_from_env()
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    app.config.from_object(cfg.Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("WORKSHOP")
    if test_config:
        app.config.update(test_config)
    app.config["INSTANCE_PATH"] = instance_path
    os.makedirs(instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = cfg.load_or_create_secret(instance_path)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", cfg.database_uri(app.config))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"connect_args": {"timeout": 30}})

    from . import cli, collab, live, web

    live.load_handlers()
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config.get("MESSAGE_QUEUE") or None,
        max_http_buffer_size=2 * 1024 * 1024,
        cors_allowed_origins=app.config.get("CORS_ALLOWED_ORIGINS"),
    )
    collab.init_app(app, socketio)

    web.init_app(app)
    cli.init_app(app)
    if app.config.get("AUTO_MIGRATE"):
        from .database import upgrade_database

        upgrade_database(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    # WAL lets readers go on while the single writer appends; foreign keys are off by default in SQLite.
    # synchronous=NORMAL: a commit survives the server process dying (SIGKILL) without an fsync that would
    # stall the event loop; only a power cut may lose the last commits, which the clients still hold and
    # send again when they reconnect (SQLite's advice for WAL)
    if dbapi_connection.__class__.__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Deleted content is overwritten with zeros: a closed secret poll's keys leave no trace (DESIGN §11.2)
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
