"""Steering the room live: the timer, the follow-me view, floor requests and breakout groups."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

TIMER_PURPOSES = ("item", "speaker")
FOLLOW_VIEWS = ("agenda", "agenda_item", "section", "poll", "outcomes", "groups", "group")
FLOOR_KINDS = ("point_of_order", "reply", "speak")
FLOOR_STATES = ("waiting", "speaking", "done", "withdrawn")


class Timer(Base):
    """One countdown per workshop. While running only ends_at matters; while paused, remaining_seconds."""

    __tablename__ = "timer"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), unique=True)
    purpose: Mapped[str] = mapped_column(String(20), default="item")
    label: Mapped[str] = mapped_column(String(200), default="")
    duration_seconds: Mapped[int] = mapped_column(default=0)
    remaining_seconds: Mapped[int] = mapped_column(default=0)
    running: Mapped[bool] = mapped_column(default=False)
    paused: Mapped[bool] = mapped_column(default=False)
    ends_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowView(Base):
    """The view the facilitator brings everyone to; view None means everyone is free to roam."""

    __tablename__ = "follow_view"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), unique=True)
    view: Mapped[str | None] = mapped_column(String(20))
    target_id: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(300), default="")
    set_by: Mapped[str] = mapped_column(String(200), default="")
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


# One open request per delegation and kind, held by the database too: two laptops of one delegation
# pressing the button at the same moment must not queue it twice
OPEN_REQUEST = text("state IN ('waiting', 'speaking')")


class FloorRequest(Base):
    __tablename__ = "floor_request"
    __table_args__ = (
        Index("uq_floor_request_open", "delegation_id", "kind", unique=True,
              sqlite_where=OPEN_REQUEST, postgresql_where=OPEN_REQUEST),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegation.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    requested_by: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20), default="speak")
    state: Mapped[str] = mapped_column(String(20), default="waiting")
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    granted_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    delegation: Mapped["Delegation"] = relationship()  # noqa: F821


class BreakoutGroup(Base):
    """A breakout group for one session of group work (agenda item): topic, member delegations, rapporteur."""

    __tablename__ = "breakout_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120))
    topic: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)
    rapporteur_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    # The group's report document (kind group_report), opened with the group
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped["Document | None"] = relationship()  # noqa: F821
    members: Mapped[list["GroupMember"]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="GroupMember.id"
    )
    rapporteur: Mapped["Participant | None"] = relationship()  # noqa: F821


class GroupMember(Base):
    __tablename__ = "group_member"
    __table_args__ = (UniqueConstraint("group_id", "delegation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("breakout_group.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegation.id", ondelete="CASCADE"), index=True)

    group: Mapped[BreakoutGroup] = relationship(back_populates="members")
    delegation: Mapped["Delegation"] = relationship()  # noqa: F821
