"""The application factory."""

import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from . import bounded_json
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
    if _flag(app.config.get("SECURE_COOKIES")):
        app.config["SESSION_COOKIE_SECURE"] = True
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"connect_args": {"timeout": 30}})

    from . import cli, live, ratelimit, web
    from .live import coediting

    live.load_handlers()
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    csrf.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config.get("MESSAGE_QUEUE") or None,
        max_http_buffer_size=2 * 1024 * 1024,
        json=bounded_json,
        cors_allowed_origins=app.config.get("CORS_ALLOWED_ORIGINS"),
    )
    coediting.init_app(app, socketio)
    ratelimit.init_app(app)
    _trust_proxies(app)

    web.init_app(app)
    cli.init_app(app)
    if app.config.get("AUTO_MIGRATE"):
        from .database import upgrade_database

        upgrade_database(app)
    return app


def _flag(value) -> bool:
    # WORKSHOP_* values arrive parsed as JSON when they can be (1, true) and as text otherwise ("yes")
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return value is True or value == 1


def _trust_proxies(app: Flask) -> None:
    """Behind N proxies, take the client's address and scheme from what they add (the Nth entry from the
    right, which a client cannot forge); with none configured, X-Forwarded-* headers are ignored, so a
    client cannot pose as many to dodge its limits. The Host header is the proxy's to pass on as it came
    (X-Forwarded-Host is not read: a proxy that does not set it would let a client choose it). Wraps
    Socket.IO's middleware too: sockets see the same address."""
    try:
        count = int(app.config.get("TRUSTED_PROXIES") or 0)
    except (TypeError, ValueError):
        raise ValueError("WORKSHOP_TRUSTED_PROXIES must be a whole number (the proxies in front)") from None
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


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
        # Deleted content is overwritten with zeros: a closed secret poll's keys leave no trace (docs/architecture.md §11.2)
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
