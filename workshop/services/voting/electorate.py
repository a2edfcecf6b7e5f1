"""Who may vote in a poll: confirmed voters of member states and member organisations present, never
observers; fixed when the poll opens (docs/architecture.md §3, §11.1)."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Delegation, Participant, Poll, PollElector
from ..errors import DomainError, Forbidden

VOTING_ROLES = ("delegate", "rapporteur")
NOT_CONFIRMED = ("You are not yet a confirmed voter for your delegation: ask the secretariat to confirm you, "
                 "or join with your delegation's own code.")


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
    fixed = poll.electorate_fixed
    if fixed and any(elector.participant_id == participant.id for elector in poll.electors):
        # The electorate was fixed when the poll opened: later withdrawals and attendance changes do not count
        return None
    if delegation.kind not in poll.voter_kinds:
        kinds = " and ".join(k.replace("_", " ") + "s" for k in poll.voter_kinds)
        return Forbidden(f"This poll is for {kinds} only.")
    if delegation.attendance != "present":
        return Forbidden("Your delegation is not recorded as present; ask the secretariat to correct it.")
    if not participant.voter:
        return Forbidden(NOT_CONFIRMED)
    if fixed:
        return Forbidden("You were confirmed as a voter after this poll opened: "
                         "its voters were fixed when it opened.")
    return None


def _eligible_delegations(poll: Poll):
    return select(Delegation.id).where(
        Delegation.workshop_id == poll.workshop_id,
        Delegation.kind.in_(poll.voter_kinds),
        Delegation.attendance == "present",
    )


def current_voters(session: Session, poll: Poll) -> list[Participant]:
    """The confirmed voters who may vote in the poll now (before it opens)."""
    return list(session.scalars(
        select(Participant).where(
            Participant.delegation_id.in_(_eligible_delegations(poll)),
            Participant.removed_at.is_(None),
            Participant.role.in_(VOTING_ROLES),
            Participant.voter.is_(True),
        ).order_by(Participant.id)
    ))


def fix_electorate(session: Session, poll: Poll) -> None:
    """At open: store who may vote, and how many ballots the poll can have."""
    voters = current_voters(session, poll)
    poll.electors = [PollElector(participant_id=p.id, delegation_id=p.delegation_id) for p in voters]
    poll.electorate_fixed = True
    poll.eligible_count = (len(voters) if poll.electorate == "participant"
                           else len({p.delegation_id for p in voters}))


def eligible_count(session: Session, poll: Poll) -> int:
    """How many ballots the poll can have: delegations with a confirmed voter, or the confirmed voters."""
    if poll.eligible_count is not None:
        return poll.eligible_count
    voters = current_voters(session, poll)
    return len(voters) if poll.electorate == "participant" else len({p.delegation_id for p in voters})


def electorate_overview(session: Session, poll: Poll, voted_delegation_ids) -> list[dict]:
    """For the console, per delegation: who may vote (participant ids; fixed at open) and whether it has
    voted, never what. Ids only: the console has the names, and a poll's broadcasts carry none."""
    if poll.electorate_fixed:
        rows = [(e.delegation_id, e.participant_id) for e in poll.electors]
        delegations: dict[int, list[int]] = {}
    else:
        delegations = {d: [] for d in session.scalars(_eligible_delegations(poll))}
        rows = [(p.delegation_id, p.id) for p in current_voters(session, poll)]
    for delegation_id, participant_id in rows:
        delegations.setdefault(delegation_id, []).append(participant_id)
    voted = set(voted_delegation_ids)
    return [{"delegation_id": did, "voter_ids": sorted(ids), "voted": did in voted}
            for did, ids in sorted(delegations.items())]
