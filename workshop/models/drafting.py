"""Drafting: documents with ordered sections, their CRDT history, revisions, comments and amendments."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow

DOCUMENT_KINDS = ("fwp", "statement", "group_report")
SECTION_STATUSES = ("drafting", "locked", "agreed_ad_ref", "agreed")
AMENDMENT_STATES = ("proposed", "accepted", "rejected")
# The eight areas of cooperation of the 2023 Adelaide Strategy for Cooperation
STRATEGY_AREAS = (
    "Law enforcement",
    "Stakeholder engagement",
    "Information sharing and public information campaigns",
    "Irregular migration and related transnational crime",
    "Border management",
    "Victim protection and migration management",
    "Returns and reintegration",
    "Coordination and support",
)


class Document(Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="statement")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sections: Mapped[list["Section"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Section.position"
    )


class Section(Base):
    """One co-edited passage: its CRDT state lives in `snapshot` plus the update rows not yet compacted."""

    __tablename__ = "section"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    heading: Mapped[str] = mapped_column(String(300))
    tags: Mapped[list] = mapped_column(JSON, default=list)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    # A breakout group's own section: its rapporteur drafts it (docs/architecture.md §3)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("breakout_group.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="drafting")
    epoch: Mapped[int] = mapped_column(default=1)
    markdown: Mapped[str] = mapped_column(Text, default="")
    brackets: Mapped[int] = mapped_column(default=0)
    snapshot: Mapped[bytes | None] = mapped_column(LargeBinary)
    snapshot_update_id: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]

    document: Mapped[Document] = relationship(back_populates="sections")


class SectionUpdate(Base):
    """The update log: Yjs updates applied since the last snapshot, with who made them."""

    __tablename__ = "section_update"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"), index=True)
    epoch: Mapped[int] = mapped_column(default=1)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


ALL_CLOCKS = 2**53  # the end of a range that covers every item of a client id


class SectionAuthor(Base):
    """Which participant or account added the items [clock_start, clock_end) of a Yjs client id in a
    section (credited to the connection that sent them, whatever client id they claim): the authorship view."""

    __tablename__ = "section_author"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int] = mapped_column(BigInteger)  # Yjs uses 32 bits, pycrdt up to 53
    clock_start: Mapped[int] = mapped_column(BigInteger, default=0)
    clock_end: Mapped[int] = mapped_column(BigInteger, default=ALL_CLOCKS)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id", ondelete="SET NULL"))


class Revision(Base):
    __tablename__ = "revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    snapshot: Mapped[bytes] = mapped_column(LargeBinary)
    markdown: Mapped[str] = mapped_column(Text, default="")
    author_name: Mapped[str] = mapped_column(String(200), default="")
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Comment(Base):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"))
    quote: Mapped[str] = mapped_column(Text, default="")
    anchor: Mapped[dict | None] = mapped_column(JSON)  # Yjs relative positions {"start", "end"}
    body: Mapped[str] = mapped_column(Text)
    author_name: Mapped[str] = mapped_column(String(200), default="")
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id", ondelete="SET NULL"))
    resolved: Mapped[bool] = mapped_column(default=False)
    resolved_at: Mapped[datetime | None]
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Amendment(Base):
    __tablename__ = "amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("section.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    quote: Mapped[str] = mapped_column(Text)
    replacement: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="proposed")
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None]
    at: Mapped[datetime] = mapped_column(default=utcnow)
