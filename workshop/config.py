"""Configuration: defaults here, then the instance config file, then WORKSHOP_* variables, then tests."""

import os
import secrets
from pathlib import Path


class Defaults:
    DATABASE_URL = None  # None: SQLite file under the instance folder
    MESSAGE_QUEUE = None  # e.g. redis://127.0.0.1:6379/0 when several processes serve
    ASYNC_MODE = "gevent"
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_CHECK_DEFAULT = False  # checked in a before_request hook: JSON and Bearer calls are exempt
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    JOIN_FAILURES_ALLOWED = 8  # wrong codes per client before it is slowed down
    JOIN_FAILURE_WINDOW = 300  # seconds
    SIGN_IN_FAILURES_PER_ACCOUNT = 5  # wrong passwords for one account, from anywhere, before a pause
    SIGN_IN_FAILURES_PER_CLIENT = 20  # failed sign-ins from one client address, to any account
    SIGN_IN_FAILURE_WINDOW = 300  # seconds
    FLOOR_ASKS_PER_MINUTE = 12  # floor requests and withdrawals per participant before a pause
    FLOOR_ASKS_WINDOW = 60  # seconds
    TRUSTED_PROXIES = 0  # proxies in front whose X-Forwarded-For/-Proto/-Host say who the client is
    SECURE_COOKIES = False  # served over HTTPS: cookies only go back over HTTPS
    JOB_SECONDS = 20  # a redline, authorship or export not done by then is answered 503 (workshop.services.offload)
    AUTO_MIGRATE = True  # create or upgrade the database on first start


def instance_path_from_env() -> str:
    return os.path.abspath(os.environ.get("WORKSHOP_INSTANCE_PATH", "instance"))


def load_or_create_secret(instance_path: str) -> str:
    """The secret key is generated once and kept in the instance folder, never in the repo."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def database_uri(config) -> str:
    url = config.get("DATABASE_URL")
    if url:
        # SQLAlchemy wants postgresql://, Heroku-style URLs say postgres://
        return "postgresql://" + url[len("postgres://") :] if url.startswith("postgres://") else url
    return "sqlite:///" + os.path.join(config["INSTANCE_PATH"], "workshop.sqlite3")
