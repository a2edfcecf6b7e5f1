"""Who is connected, read from the live connection rows so every process agrees."""

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import LiveConnection, Participant, User
from ..models.accounts import ROLE_LABELS
from ..models.base import utcnow
from .actors import Actor


def connect(session: Session, actor: Actor, sid: str, server_id: str) -> None:
    session.merge(LiveConnection(
        sid=sid, workshop_id=actor.workshop_id, server_id=server_id,
        participant_id=actor.id if actor.kind == "participant" else None,
        user_id=actor.id if actor.kind == "user" else None,
    ))
    if actor.kind == "participant":
        participant = session.get(Participant, actor.id)
        if participant is not None:
            participant.last_seen_at = utcnow()


def disconnect(session: Session, sid: str) -> int | None:
    """Forget one socket; returns its workshop id (None if it was unknown)."""
    row = session.get(LiveConnection, sid)
    if row is None:
        return None
    workshop_id = row.workshop_id
    session.delete(row)
    return workshop_id


def forget_server(session: Session, server_id: str | None = None) -> None:
    """Drop the rows of a process that is gone (or of every process, on a single-process start)."""
    query = delete(LiveConnection)
    if server_id is not None:
        query = query.where(LiveConnection.server_id == server_id)
    session.execute(query)


def forget_servers_except(session: Session, alive: set[str]) -> set[int]:
    """Drop the rows of every process not in `alive`; returns the workshops whose presence changed."""
    gone = LiveConnection.server_id.not_in(alive)
    workshops = set(session.scalars(select(LiveConnection.workshop_id).where(gone).distinct()))
    if workshops:
        session.execute(delete(LiveConnection).where(gone))
    return workshops


def presence(session: Session, workshop_id: int) -> dict:
    """Per delegation: the participants online now; plus the staff online."""
    rows = session.execute(
        select(Participant.id, Participant.name, Participant.delegation_id)
        .join(LiveConnection, LiveConnection.participant_id == Participant.id)
        .where(LiveConnection.workshop_id == workshop_id, Participant.removed_at.is_(None))
        .distinct()
    ).all()
    delegations: dict[int, list[dict]] = {}
    for pid, name, delegation_id in rows:
        delegations.setdefault(delegation_id, []).append({"id": pid, "name": name})
    staff = session.execute(
        select(User.id, User.name, User.role)
        .join(LiveConnection, LiveConnection.user_id == User.id)
        .where(LiveConnection.workshop_id == workshop_id)
        .distinct()
    ).all()
    return {
        "delegations": {str(k): sorted(v, key=lambda p: p["name"].casefold()) for k, v in delegations.items()},
        # Participants see this: an account without a name shows as its role, never as its email address
        "staff": sorted(({"id": uid, "name": name or ROLE_LABELS.get(role, "Facilitator")}
                         for uid, name, role in staff),
                        key=lambda p: p["name"].casefold()),
    }
