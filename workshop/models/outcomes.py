"""Outcomes recorded as they happen: what the meeting agreed, who leads, by when."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

OUTCOME_KINDS = ("agreement", "action", "recommendation", "next_meeting", "note")


class Outcome(Base):
    __tablename__ = "outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="agreement")
    text: Mapped[str] = mapped_column(Text)
    lead: Mapped[list] = mapped_column(JSON, default=list)  # delegation ids of this workshop, in order
    due: Mapped[date | None]
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    poll_id: Mapped[int | None] = mapped_column(ForeignKey("poll.id", ondelete="SET NULL"))  # its source poll
    group_id: Mapped[int | None] = mapped_column(ForeignKey("breakout_group.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
