"""Who may vote in a poll: member states and member organisations present, never observers."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Delegation, Participant, Poll
from .errors import DomainError, Forbidden

VOTING_ROLES = ("delegate", "rapporteur")


def voter_key(poll: Poll, participant: Participant) -> str:
    """The unit that holds one ballot: the delegation, or the participant in a per-participant poll."""
    if poll.electorate == "participant":
        return f"participant:{participant.id}"
    return f"delegation:{participant.delegation_id}"


def refusal(poll: Poll, participant: Participant | None) -> DomainError | None:
    """Why this participant may not vote in this poll, or None if they may."""
    if participant is None or participant.removed_at is not None or participant.role not in VOTING_ROLES:
        return Forbidden("Only delegates of member states and member organisations vote.")
    delegation = participant.delegation
    if delegation.is_observer:
        return Forbidden("Observers take no part in votes.")
    if delegation.kind not in poll.voter_kinds:
        kinds = " and ".join(k.replace("_", " ") + "s" for k in poll.voter_kinds)
        return Forbidden(f"This poll is for {kinds} only.")
    if delegation.attendance != "present":
        return Forbidden("Your delegation is not recorded as present; ask the secretariat to correct it.")
    return None


def _eligible_delegations(poll: Poll):
    return select(Delegation.id).where(
        Delegation.workshop_id == poll.workshop_id,
        Delegation.kind.in_(poll.voter_kinds),
        Delegation.attendance == "present",
    )


def eligible_count(session: Session, poll: Poll) -> int:
    """How many ballots the poll can have: eligible delegations, or their voting participants."""
    if poll.eligible_count is not None:
        return poll.eligible_count
    if poll.electorate == "delegation":
        return session.scalar(select(func.count()).select_from(_eligible_delegations(poll).subquery())) or 0
    return session.scalar(
        select(func.count(Participant.id)).where(
            Participant.delegation_id.in_(_eligible_delegations(poll)),
            Participant.removed_at.is_(None),
            Participant.role.in_(VOTING_ROLES),
        )
    ) or 0
