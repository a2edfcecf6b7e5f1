"""Typed SQLAlchemy models, one module per area; importing this registers them all."""

from .accounts import AccessToken, User
from .agenda import AgendaItem
from .base import Base
from .meetings import AuditEvent, Delegation, LiveConnection, Participant, Workshop, WorkshopStaff
from .statements import PublishedStatement
from .voting import Ballot, Poll, PollOption, VoterMark

__all__ = [
    "AccessToken",
    "AgendaItem",
    "AuditEvent",
    "Ballot",
    "Base",
    "Delegation",
    "LiveConnection",
    "Participant",
    "Poll",
    "PollOption",
    "PublishedStatement",
    "User",
    "VoterMark",
    "Workshop",
    "WorkshopStaff",
]
