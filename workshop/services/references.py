"""Checking that an id from a payload names a row of this workshop, also for models other areas own."""

from sqlalchemy.orm import Session

from .. import models
from ..models import Workshop
from .errors import Invalid, NotFound


def owned(session: Session, workshop: Workshop, model, row_id: int, what: str, field: str = "id"):
    """The row, if it belongs to this workshop (directly or through its document); else NotFound."""
    row = session.get(model, row_id)
    owner = getattr(row, "workshop_id", None)
    if owner is None and row is not None:
        owner = getattr(getattr(row, "document", None), "workshop_id", None)
    if row is None or owner != workshop.id:
        raise NotFound(f"No such {what} in this workshop.", field)
    return row


def owned_by_name(session: Session, workshop: Workshop, model_name: str, row_id: int, what: str,
                  field: str = "id"):
    """Like owned() for a model another area defines (Section), refused until that model exists."""
    model = getattr(models, model_name, None)
    if model is None:
        raise Invalid(f"There are no {what}s in this version of Workshop.", field)
    return owned(session, workshop, model, row_id, what, field)
