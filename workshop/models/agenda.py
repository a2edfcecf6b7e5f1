"""The agenda: days of items the facilitator steers through."""

from datetime import datetime, time

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base

ITEM_KINDS = (
    "opening",
    "presentation",
    "panel",
    "workshop",
    "group_work",
    "drafting",
    "prioritisation",
    "outcomes",
    "closing",
    "break",
)
ITEM_STATUSES = ("planned", "live", "done")


class AgendaItem(Base):
    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    day: Mapped[int] = mapped_column(default=1)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30), default="presentation")
    starts_at: Mapped[time | None]
    duration_minutes: Mapped[int | None]
    theme: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="planned")
    actual_start: Mapped[datetime | None]
    actual_end: Mapped[datetime | None]
