"""Priority votes: polls, their options, ballots and the marks that say who has voted.

A secret poll keeps "has voted" (VoterMark) apart from the choices (Ballot). While the poll is open a
ballot is found again only through an HMAC of the poll's own random key (PollKey, never derived from the
app secret) and the voter, so the voter can replace it; at close the key row is deleted, the HMAC cleared
and the rows written again in an order that carries no information, so nothing stored links a delegation
to its choices (docs/architecture.md §11.2).
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

METHODS = ("dot", "ranking", "approval", "single", "yes_no_abstain", "consensus")
ELECTORATES = ("delegation", "participant")
RESULT_MODES = ("live", "after_close")
POLL_STATUSES = ("draft", "open", "closed", "published", "removed")  # removed: a draft taken back
# Observers and absent delegations never vote; the facilitator may narrow the electorate to one kind
VOTER_KINDS = ("member_state", "member_organisation")


class Poll(Base):
    __tablename__ = "poll"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    method: Mapped[str] = mapped_column(String(20))
    dots: Mapped[int | None]
    max_per_option: Mapped[int | None]
    electorate: Mapped[str] = mapped_column(String(20), default="delegation")
    voter_kinds: Mapped[list] = mapped_column(JSON, default=lambda: list(VOTER_KINDS))
    secret: Mapped[bool] = mapped_column(default=False)
    results: Mapped[str] = mapped_column(String(20), default="after_close")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # Bumped by every ballot and state change: ballots and closing serialise on this row
    revision: Mapped[int] = mapped_column(default=0)
    # Frozen when the poll opens, with its electors: later confirmations, withdrawals or attendance
    # changes do not change who may vote in an open poll, nor a closed poll's turnout
    eligible_count: Mapped[int | None]
    electorate_fixed: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]

    options: Mapped[list["PollOption"]] = relationship(
        back_populates="poll", cascade="all, delete-orphan", order_by="PollOption.position"
    )
    electors: Mapped[list["PollElector"]] = relationship(cascade="all, delete-orphan")


class PollElector(Base):
    """A confirmed voter when the poll opened: only they may cast ballots in it."""

    __tablename__ = "poll_elector"
    __table_args__ = (UniqueConstraint("poll_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegation.id", ondelete="CASCADE"))


class PollKey(Base):
    """The random key that finds an open poll's ballots again; deleted when the poll closes."""

    __tablename__ = "poll_key"

    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))


class PollOption(Base):
    __tablename__ = "poll_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))
    # The fixed answers of yes/no/abstain and consensus polls: "yes", "agree", "can_live"...
    code: Mapped[str | None] = mapped_column(String(20))
    # Links to drafting objects; plain integers so this area does not depend on the drafting tables
    section_id: Mapped[int | None]
    activity_id: Mapped[int | None]

    poll: Mapped[Poll] = relationship(back_populates="options")


class Ballot(Base):
    """One voter's choices. In a secret poll: no voter, no time, and after close no key either."""

    __tablename__ = "ballot"
    __table_args__ = (UniqueConstraint("poll_id", "voter_hash"),)

    # Random, so the key says nothing about the order ballots arrived in
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    voter_hash: Mapped[str | None] = mapped_column(String(64))
    choices: Mapped[dict] = mapped_column(JSON)
    # Named polls only: who the ballot belongs to and when it was last changed
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id", ondelete="SET NULL"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    cast_at: Mapped[datetime | None]


class VoterMark(Base):
    """Who has voted in a poll (never what): turnout, and the holder who may change the ballot."""

    __tablename__ = "voter_mark"
    __table_args__ = (UniqueConstraint("poll_id", "voter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    voter_key: Mapped[str] = mapped_column(String(40))  # "delegation:5" or "participant:9"
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegation.id", ondelete="CASCADE"))
    # The participant who cast the ballot; only they may change it (one laptop per delegation)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    voted_at: Mapped[datetime] = mapped_column(default=utcnow)
