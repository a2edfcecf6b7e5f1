"""What each reader may see of a poll: the poll itself, turnout, results when visible, and own vote."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Ballot, Participant, Poll, VoterMark
from ..actors import Actor
from ..rights import can
from .electorate import electorate_overview, eligible_count, refusal, voter_key
from .poll_chart import chart_svg
from .polls import count_voted, list_polls, named_ballots, voted_delegation_ids
from .tally import POINT_METHODS, summary, tally


def results_visible(poll: Poll, *, staff: bool) -> bool:
    """Live results show while open; hidden ones reach staff at close and the room at publication."""
    if poll.status == "published":
        return True
    if poll.status == "draft":
        return False
    if poll.results == "live":
        return True
    return staff and poll.status == "closed"


def turnout(session: Session, poll: Poll) -> dict:
    return {"voted": count_voted(session, poll.id), "eligible": eligible_count(session, poll)}


def results_data(session: Session, poll: Poll) -> dict:
    """docs/architecture.md §5 results: counts or points per option, turnout, ties; a secret poll names no voter."""
    ballots = list(session.scalars(select(Ballot.choices).where(Ballot.poll_id == poll.id)))
    rows = tally(poll, ballots)
    data = {
        "poll_id": poll.id,
        "title": poll.title,
        "status": poll.status,
        "method": poll.method,
        "secret": poll.secret,
        "unit": "points" if poll.method in POINT_METHODS else "count",
        "turnout": turnout(session, poll),
        "results": rows,
    }
    data["summary"] = summary(poll, rows, data["turnout"]["voted"])
    if not poll.secret:
        data["ballots"] = named_ballots(session, poll)
    data["svg"] = chart_svg(data)
    return data


def poll_data(session: Session, poll: Poll, *, staff: bool) -> dict:
    data = {
        "id": poll.id,
        "title": poll.title,
        "method": poll.method,
        "status": poll.status,
        "secret": poll.secret,
        "results_mode": poll.results,
        "electorate": poll.electorate,
        "voters": list(poll.voter_kinds),
        "dots": poll.dots,
        "max_per_option": poll.max_per_option,
        "options": [{"id": o.id, "text": o.text, "code": o.code, "section_id": o.section_id,
                     "activity_id": o.activity_id} for o in poll.options],
        "turnout": turnout(session, poll),
        "results": results_data(session, poll) if results_visible(poll, staff=staff) else None,
    }
    if staff:
        # Who has voted, never what: the console's turnout list
        data["voted_delegation_ids"] = voted_delegation_ids(session, poll.id)
        # Per delegation: who may vote (fixed at open) and whether it has voted
        data["electors"] = electorate_overview(session, poll, data["voted_delegation_ids"])
    return data


def my_vote(session: Session, poll: Poll, actor: Actor) -> dict | None:
    """This participant's standing in the poll; the ballot itself only in a named poll."""
    if actor.kind != "participant":
        return None
    return _standing(session, poll, session.get(Participant, actor.id))


def standings(session: Session, poll: Poll, delegation_id: int | None = None) -> list[tuple[int, dict]]:
    """(participant id, own standing) for each present participant of the poll's workshop, or only of
    one delegation: what each participant's own room is told when the poll changes."""
    query = select(Participant).where(Participant.workshop_id == poll.workshop_id,
                                      Participant.removed_at.is_(None))
    if delegation_id is not None:
        query = query.where(Participant.delegation_id == delegation_id)
    return [(participant.id, _standing(session, poll, participant)) for participant in session.scalars(query)]


def _standing(session: Session, poll: Poll, participant: Participant | None) -> dict:
    reason = refusal(poll, participant)
    mine = {"poll_id": poll.id, "can_vote": reason is None and poll.status == "open",
            "reason": reason.message if reason else None, "voted": False, "holder": None,
            "mine": False, "ballot": None}
    if participant is None:
        return mine
    key = voter_key(poll, participant)
    mark = session.scalar(select(VoterMark).where(VoterMark.poll_id == poll.id, VoterMark.voter_key == key))
    if mark is not None:
        holder = session.get(Participant, mark.participant_id)
        mine.update(voted=True, holder=holder.name if holder else None,
                    mine=mark.participant_id == participant.id)
        if mark.participant_id != participant.id and mine["can_vote"]:
            mine.update(can_vote=False, reason=f"{mine['holder']} has voted for your delegation.")
    if not poll.secret and mark is not None:
        owner = (Ballot.participant_id == participant.id if poll.electorate == "participant"
                 else Ballot.delegation_id == participant.delegation_id)
        mine["ballot"] = session.scalar(select(Ballot.choices).where(Ballot.poll_id == poll.id, owner))
    return mine


def polls_state(session: Session, actor: Actor, workshop_id: int) -> list[dict]:
    """The `polls` key of the live state: drafts for staff only, each with the reader's own vote."""
    polls = []
    unpublished = can(actor, "poll.see_unpublished")
    for poll in list_polls(session, workshop_id):
        if poll.status == "draft" and not unpublished:
            continue
        data = poll_data(session, poll, staff=unpublished)
        data["my"] = my_vote(session, poll, actor)
        polls.append(data)
    return polls
