"""Typed SQLAlchemy models, one module per area; importing this registers them all."""

from .accounts import AccessToken, User
from .agenda import AgendaItem
from .base import Base
from .drafting import Amendment, Comment, Document, Revision, Section, SectionAuthor, SectionUpdate
from .meetings import AuditEvent, Delegation, LiveConnection, Participant, Workshop, WorkshopStaff
from .outcomes import Outcome
from .statements import PublishedStatement
from .steering import BreakoutGroup, FloorRequest, FollowView, GroupMember, Timer
from .voting import Ballot, Poll, PollElector, PollKey, PollOption, VoterMark

__all__ = [
    "AccessToken",
    "AgendaItem",
    "Amendment",
    "AuditEvent",
    "Ballot",
    "Base",
    "BreakoutGroup",
    "Comment",
    "Delegation",
    "Document",
    "FloorRequest",
    "FollowView",
    "GroupMember",
    "LiveConnection",
    "Outcome",
    "Participant",
    "Timer",
    "Poll",
    "PollElector",
    "PollKey",
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
