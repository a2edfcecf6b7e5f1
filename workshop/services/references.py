"""Checking that an id from a payload names a row of this workshop (directly or through its document)."""

from sqlalchemy.orm import Session

from ..models import Workshop
from .errors import NotFound


def owned(session: Session, workshop: Workshop, model, row_id: int, what: str, field: str = "id"):
    """The row, if it belongs to this workshop (directly or through its document) and was not removed
    (a poll taken back keeps its row, marked removed); else NotFound."""
    row = session.get(model, row_id)
    owner = getattr(row, "workshop_id", None)
    if owner is None and row is not None:
        owner = getattr(getattr(row, "document", None), "workshop_id", None)
    if row is None or owner != workshop.id or getattr(row, "status", None) == "removed":
        raise NotFound(f"No such {what} in this workshop.", field)
    return row
