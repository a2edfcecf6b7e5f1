"""The meeting itself: workshops, their staff, delegations, participants and live connections."""

import secrets
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .base import Base, casefold_key, utcnow

MODALITIES = ("in_person", "hybrid", "virtual")
WORKSHOP_STATUSES = ("draft", "live", "closed")
DELEGATION_KINDS = (
    "member_state",
    "member_organisation",
    "observer_state",
    "observer_organisation",
    "secretariat",
    "guest",
)
ATTENDANCE = ("present", "apologies", "absent")
PARTICIPANT_ROLES = ("delegate", "observer", "rapporteur")
# Join codes are read aloud in a noisy room: no 0/O, no 1/I/L
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def random_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Workshop(Base):
    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    process: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(String(300), default="")
    ordinal: Mapped[int | None]
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(120), default="")
    venue: Mapped[str] = mapped_column(String(300), default="")
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    modality: Mapped[str] = mapped_column(String(20), default="in_person")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    observer_code: Mapped[str] = mapped_column(String(16), unique=True)
    current_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL", use_alter=True)
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    delegations: Mapped[list["Delegation"]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="Delegation.sort_name"
    )
    staff: Mapped[list["WorkshopStaff"]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan"
    )


class WorkshopStaff(Base):
    """An account's role in one workshop: accounts only reach the workshops they staff."""

    __tablename__ = "workshop_staff"
    __table_args__ = (UniqueConstraint("workshop_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # facilitator | secretariat

    workshop: Mapped[Workshop] = relationship(back_populates="staff")
    user: Mapped["User"] = relationship()  # noqa: F821


class Delegation(Base):
    __tablename__ = "delegation"
    __table_args__ = (UniqueConstraint("workshop_id", "name"),
                      UniqueConstraint("workshop_id", "name_key", name="uq_delegation_name_key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(600))  # casefold_key(name), set with it: matching by name
    sort_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    attendance: Mapped[str] = mapped_column(String(20), default="present")
    co_chair: Mapped[bool] = mapped_column(default=False)
    colour: Mapped[str] = mapped_column(String(7), default="#1f6feb")
    # The delegation's own join code (e.g. on its name card): who joins with it is its confirmed voter
    join_code: Mapped[str] = mapped_column(String(16), unique=True, default=random_code)

    workshop: Mapped[Workshop] = relationship(back_populates="delegations")
    participants: Mapped[list["Participant"]] = relationship(back_populates="delegation")

    @validates("name")
    def _set_name_key(self, _key, name: str) -> str:
        self.name_key = casefold_key(name)
        return name

    @property
    def is_observer(self) -> bool:
        return self.kind in ("observer_state", "observer_organisation")


class Participant(Base):
    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegation.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default="delegate")
    # Confirmed by staff (or by joining with the delegation's own code) to vote for the delegation
    voter: Mapped[bool] = mapped_column(default=False)
    # The personal link for the participant's other devices, stored as a SHA-256 hash like a token
    rejoin_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    rejoin_created_at: Mapped[datetime | None]
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None]
    removed_at: Mapped[datetime | None]

    delegation: Mapped[Delegation] = relationship(back_populates="participants")


class LiveConnection(Base):
    """One open socket; presence is read from these rows so every process sees the same room."""

    __tablename__ = "live_connection"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    server_id: Mapped[str] = mapped_column(String(32), index=True)
    connected_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only record of every write: who, what, when, payload."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    actor_kind: Mapped[str] = mapped_column(String(20))  # user | participant | system
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    notes: Mapped[str | None] = mapped_column(Text)
