"""Writes that stay exact when many ballots arrive at once (insert-or-nothing on a unique key), and the
per-poll keys that find an open poll's ballots again (docs/architecture.md §11.2)."""

import hashlib
import hmac
import secrets
import sqlite3

from sqlalchemy import delete, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ...models import PollKey

WIPE = "wipe_sqlite_after_commit"


def ballot_hash(poll_key: str, poll_id: int, voter_key: str) -> str:
    """Finds a voter's ballot again while the poll is open; without the poll's key it says nothing."""
    message = f"ballot:{poll_id}:{voter_key}".encode()
    return hmac.new(poll_key.encode(), message, hashlib.sha256).hexdigest()


def poll_key(session: Session, poll_id: int) -> str:
    """The open poll's random key: made when it opens (or at its first ballot), never from the app secret."""
    insert_if_new(session, PollKey, ("poll_id",), {"poll_id": poll_id, "key": secrets.token_hex(32)})
    return session.get(PollKey, poll_id, populate_existing=True).key


def destroy_poll_key(session: Session, poll_id: int) -> None:
    """Forget the key at close. On SQLite the freed cells are zeroed (secure_delete, set on every
    connection) and, once the close commits, the WAL is checkpointed and truncated so no earlier page
    image with a key or a voter's hash is left in the files."""
    session.execute(delete(PollKey).where(PollKey.poll_id == poll_id).execution_options(synchronize_session=False))
    if session.get_bind().dialect.name == "sqlite":
        session.info[WIPE] = True


def checkpoint(path: str) -> None:
    """Copy every committed page into the database file and truncate the WAL to nothing."""
    connection = sqlite3.connect(path, timeout=10)
    try:
        connection.execute("PRAGMA secure_delete=ON")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        connection.close()


@event.listens_for(Session, "after_commit")
def _wipe_after_close(session: Session) -> None:
    if not session.info.pop(WIPE, False):
        return
    path = session.get_bind().url.database
    if not path or path == ":memory:":
        return
    from .. import offload

    offload.run(checkpoint, path)  # it may wait for readers: never on the event loop


@event.listens_for(Session, "after_rollback")
def _nothing_to_wipe(session: Session) -> None:
    session.info.pop(WIPE, None)


def insert_if_new(session: Session, model, unique: tuple[str, ...], values: dict) -> bool:
    """Insert a row unless one with the same unique key exists; True if this call inserted it.

    The database decides, so two requests racing for the same key cannot both insert, and neither
    fails: the loser learns the row exists and updates it instead.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(**values).on_conflict_do_nothing(index_elements=list(unique))
    return session.execute(statement).rowcount == 1
