"""Staff accounts (facilitators, secretariat) and the bearer tokens of accounts and participants."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .base import Base, casefold_key, utcnow

STAFF_ROLES = ("facilitator", "secretariat")  # the roles an account can hold; services/rights.py builds on it
ROLE_LABELS = {role: role.capitalize() for role in STAFF_ROLES}


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    email_key: Mapped[str] = mapped_column(String(762), unique=True)  # casefold_key(email), set with it
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20))  # facilitator | secretariat
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @validates("email")
    def _set_email_key(self, _key, email: str) -> str:
        self.email_key = casefold_key(email)
        return email

    @property
    def display_name(self) -> str:
        """The name shown to the account itself and to other staff; participants see the name or the role
        (ROLE_LABELS), never the email address."""
        return self.name or self.email


class AccessToken(Base):
    """A bearer credential, stored as a SHA-256 hash; belongs to a user or to a participant."""

    __tablename__ = "access_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]  # accounts' tokens expire when idle; updated at most hourly
    revoked_at: Mapped[datetime | None]

    user: Mapped["User | None"] = relationship()  # noqa: F821
    participant: Mapped["Participant | None"] = relationship()  # noqa: F821
