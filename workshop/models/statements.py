"""The published draft of the co-chairs' statement: what delegates and observers may read."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class PublishedStatement(Base):
    """The draft as a facilitator published it: a fixed text, so readers all see the same version
    while the secretariat keeps working on the next one."""

    __tablename__ = "published_statement"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    markdown: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(400))
    paragraphs: Mapped[int] = mapped_column(default=0)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[str] = mapped_column(String(200), default="")
