"""Typed SQLAlchemy models, one module per area; importing this registers them all."""

from .accounts import AccessToken, User
from .agenda import AgendaItem
from .base import Base
from .meetings import AuditEvent, Delegation, LiveConnection, Participant, Workshop, WorkshopStaff
from .statements import PublishedStatement

__all__ = [
    "AccessToken",
    "AgendaItem",
    "AuditEvent",
    "Base",
    "Delegation",
    "LiveConnection",
    "Participant",
    "PublishedStatement",
    "User",
    "Workshop",
    "WorkshopStaff",
]
