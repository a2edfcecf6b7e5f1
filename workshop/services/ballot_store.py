"""Writes that stay exact when many ballots arrive at once: insert-or-nothing on a unique key."""

import hashlib
import hmac

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def ballot_hash(secret_key: str, poll_id: int, voter_key: str) -> str:
    """Finds a voter's ballot again while the poll is open; without the app secret it says nothing."""
    message = f"ballot:{poll_id}:{voter_key}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def insert_if_new(session: Session, model, unique: tuple[str, ...], values: dict) -> bool:
    """Insert a row unless one with the same unique key exists; True if this call inserted it.

    The database decides, so two requests racing for the same key cannot both insert, and neither
    fails: the loser learns the row exists and updates it instead.
    """
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model).values(**values).on_conflict_do_nothing(index_elements=list(unique))
    return session.execute(statement).rowcount == 1
