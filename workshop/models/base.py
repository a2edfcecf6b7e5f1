"""The declarative base shared by every model, with constraint names Alembic can reproduce."""

import unicodedata
from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    """Naive UTC, stored the same on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def iso_utc(moment: datetime | None) -> str | None:
    """A stored naive-UTC moment as ISO 8601 with a Z, the form browsers parse without guessing."""
    return moment.isoformat(timespec="milliseconds") + "Z" if moment else None


def casefold_key(text: str) -> str:
    """The key names and emails are matched on, the same on SQLite and PostgreSQL: Unicode case folding
    ("ÉQUATEUR" = "équateur", "STRASSE" = "Straße"), not the database's ASCII-only lower(). Folding may
    lengthen a text up to three times, so key columns are three times as long as the text they fold."""
    return unicodedata.normalize("NFC", " ".join((text or "").split())).casefold()
