"""Who is acting: bearer tokens resolved to an account or a participant, then to an Actor in a workshop."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import AccessToken, Participant, User, Workshop, WorkshopStaff
from ..models.accounts import ROLE_LABELS, STAFF_ROLES
from ..models.base import utcnow
from .errors import Forbidden, NotFound, Unauthenticated


@dataclass(frozen=True)
class Actor:
    """Someone acting in one workshop, with the role that decides their rights there."""

    kind: str  # "user" | "participant"
    id: int
    name: str
    role: str  # facilitator | secretariat | rapporteur | delegate | observer
    workshop_id: int
    delegation_id: int | None = None

    @property
    def is_staff(self) -> bool:
        """Whether this is an account running the workshop (for labels and lists: a right is checked
        with services.rights.can, never with this)."""
        return self.role in STAFF_ROLES

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


def hash_token(token: str) -> str:
    # "replace": a token carrying a lone surrogate matches nothing instead of failing to encode
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def issue_token(session: Session, *, user: User | None = None,
                participant: Participant | None = None) -> str:
    prefix = "wsu_" if user else "wsp_"
    token = prefix + secrets.token_urlsafe(32)
    session.add(AccessToken(token_hash=hash_token(token), user=user, participant=participant))
    session.flush()
    return token


# A participant's token lasts until some days after the meeting ends, and at least as many days after joining
# (who joins a meeting whose dates were set long ago still gets a working token); with no end date set, a
# month after joining. An account's token lasts until it has gone unused for a while.
PARTICIPANT_DAYS_AFTER_END = 7
PARTICIPANT_DAYS_WITHOUT_END = 30
ACCOUNT_IDLE_DAYS = 14
LAST_USE_PRECISION = timedelta(hours=1)  # last use is written at most this often: not a write per request


def participant_token_expires(row: AccessToken, workshop: Workshop) -> datetime:
    if workshop.end_date is not None:
        after_end = datetime.combine(workshop.end_date + timedelta(days=PARTICIPANT_DAYS_AFTER_END + 1), time())
        return max(after_end, row.created_at + timedelta(days=PARTICIPANT_DAYS_AFTER_END))
    return row.created_at + timedelta(days=PARTICIPANT_DAYS_WITHOUT_END)


def _note_use(session: Session, row: AccessToken, now: datetime) -> None:
    """Record the token's use in a short transaction of its own: the caller's may be a read that never
    commits, and must not carry this write into its own work."""
    if row.last_used_at is not None and now - row.last_used_at < LAST_USE_PRECISION:
        return
    with session.get_bind().engine.begin() as connection:
        connection.execute(update(AccessToken).where(AccessToken.id == row.id).values(last_used_at=now))


def principal_for_token(session: Session, token) -> User | Participant:
    """The account or participant a token belongs to; removed participants, revoked and expired tokens fail."""
    # Tokens are ASCII (token_urlsafe); anything else, e.g. a lone surrogate that cannot be hashed, is no token
    if not isinstance(token, str) or not token or len(token) > 200 or not token.isascii():
        raise Unauthenticated("Please sign in or join the workshop with its code.")
    row = session.scalar(select(AccessToken).where(AccessToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        raise Unauthenticated("This sign-in is no longer valid. Please sign in or join again.")
    now = utcnow()
    if row.user is not None:
        if now - (row.last_used_at or row.created_at) > timedelta(days=ACCOUNT_IDLE_DAYS):
            raise Unauthenticated(f"You were signed out after {ACCOUNT_IDLE_DAYS} days without use. "
                                  "Please sign in again.")
        _note_use(session, row, now)
        return row.user
    participant = row.participant
    if participant is None or participant.removed_at is not None:
        raise Unauthenticated("You were removed from this workshop by the facilitator.")
    if now >= participant_token_expires(row, session.get(Workshop, participant.workshop_id)):
        raise Unauthenticated("This workshop is over and your access to it has expired. To take part again, "
                              "join with the code the facilitator gives you.")
    return participant


def revoke_token(session: Session, token: str) -> None:
    row = session.scalar(select(AccessToken).where(AccessToken.token_hash == hash_token(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()


def actor_in(session: Session, principal: User | Participant, workshop: Workshop) -> Actor:
    """The principal acting in this workshop; a participant only ever reaches its own."""
    if isinstance(principal, Participant):
        if principal.workshop_id != workshop.id or principal.removed_at is not None:
            raise Forbidden("You are not a participant of this workshop.")
        return Actor("participant", principal.id, principal.name, principal.role, workshop.id,
                     principal.delegation_id)
    staff = session.scalar(
        select(WorkshopStaff).where(
            WorkshopStaff.workshop_id == workshop.id, WorkshopStaff.user_id == principal.id
        )
    )
    if staff is None:
        raise Forbidden("Your account is not on the staff of this workshop.")
    # The actor's name goes wherever participants read it (follow, polls, comments, audit, outcomes): an
    # account's email address never does; without a name, its role in this workshop stands for it
    return Actor("user", principal.id, principal.name or ROLE_LABELS.get(staff.role, "Facilitator"), staff.role,
                 workshop.id)


def workshop_by_slug(session: Session, slug) -> Workshop:
    if not isinstance(slug, str) or len(slug) > 80 or not slug.isascii():  # slugify makes ASCII slugs
        raise NotFound("No such workshop.")
    workshop = session.scalar(select(Workshop).where(Workshop.slug == slug))
    if workshop is None:
        raise NotFound("No such workshop.")
    return workshop


def actor_for_token(session: Session, token, workshop: Workshop | None = None) -> Actor:
    """Resolve a token to an actor; a participant's own workshop is implied."""
    principal = principal_for_token(session, token)
    if workshop is None:
        if not isinstance(principal, Participant):
            raise Forbidden("Say which workshop you are acting in.")
        workshop = session.get(Workshop, principal.workshop_id)
    return actor_in(session, principal, workshop)
