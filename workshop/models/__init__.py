"""Typed SQLAlchemy models, one module per area; importing this registers them all."""

from .accounts import AccessToken, User
from .agenda import AgendaItem
from .base import Base
from .drafting import Amendment, Comment, Document, Revision, Section, SectionAuthor, SectionUpdate
from .meetings import AuditEvent, Delegation, LiveConnection, Participant, Workshop, WorkshopStaff
from .statements import PublishedStatement
from .voting import Ballot, Poll, PollOption, VoterMark

__all__ = [
    "AccessToken",
    "AgendaItem",
    "Amendment",
    "AuditEvent",
    "Ballot",
    "Base",
    "Comment",
    "Delegation",
    "Document",
    "LiveConnection",
    "Participant",
    "Poll",
    "PollOption",
    "PublishedStatement",
    "Revision",
    "Section",
    "SectionAuthor",
    "SectionUpdate",
    "User",
    "VoterMark",
    "Workshop",
    "WorkshopStaff",
]
