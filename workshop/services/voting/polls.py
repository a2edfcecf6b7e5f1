"""Priority votes: create, open, close and publish polls, and cast ballots (docs/architecture.md §4 Poll, §6)."""

import json
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...models import (
    Ballot,
    Delegation,
    Participant,
    Poll,
    PollOption,
    Section,
    VoterMark,
    Workshop,
)
from ...models.base import utcnow
from ...models.voting import ELECTORATES, METHODS, RESULT_MODES, VOTER_KINDS
from .. import fields
from ..actors import Actor
from ..audit import record
from ..errors import Conflict, Invalid, NotFound
from ..references import owned
from ..rights import require
from .ballot_store import ballot_hash, destroy_poll_key, insert_if_new, poll_key
from .ballots import FIXED_ANSWERS, read_ballot
from .electorate import eligible_count, fix_electorate, refusal, voter_key

MAX_OPTIONS = 30
MAX_DOTS = 100


def _read_options(data: dict, method: str) -> list[dict]:
    if method in FIXED_ANSWERS:
        return [{"text": text, "code": code} for code, text in FIXED_ANSWERS[method]]
    raw = data.get("options")
    if not isinstance(raw, list):
        raise Invalid("Give the options as a list.", "options")
    options, seen = [], set()
    for item in raw:
        item = {"text": item} if isinstance(item, str) else item
        if not isinstance(item, dict):
            raise Invalid("Each option is a text or an object with a text.", "options")
        option = {
            "text": fields.text(item, "text", label="option text", required=True, max_len=500),
            "section_id": fields.identifier(item, "section_id", label="section", required=False),
            "activity_id": fields.identifier(item, "activity_id", label="activity", required=False),
        }
        if option["text"].casefold() in seen:
            raise Invalid(f"The option “{option['text']}” is listed twice.", "options")
        seen.add(option["text"].casefold())
        options.append(option)
    if not 2 <= len(options) <= MAX_OPTIONS:
        raise Invalid(f"A poll needs between 2 and {MAX_OPTIONS} options.", "options")
    return options


def _read_voter_kinds(data: dict) -> list[str]:
    kinds = data.get("voters")
    if kinds is None:
        return list(VOTER_KINDS)
    if not isinstance(kinds, list) or not kinds or any(k not in VOTER_KINDS for k in kinds):
        raise Invalid("Voters are member states, member organisations or both; "
                      "observers never vote.", "voters")
    return [kind for kind in VOTER_KINDS if kind in kinds]


def create_poll(session: Session, actor: Actor, workshop: Workshop, data) -> Poll:
    require(actor, "poll.manage")
    data = fields.payload(data)
    method = fields.choice(data, "method", METHODS)
    poll = Poll(
        workshop_id=workshop.id,
        title=fields.text(data, "title", required=True, max_len=300),
        method=method,
        electorate=fields.choice(data, "electorate", ELECTORATES, default="delegation"),
        voter_kinds=_read_voter_kinds(data),
        secret=fields.boolean(data, "secret"),
        results=fields.choice(data, "results", RESULT_MODES, label="results visibility",
                              default="after_close"),
        created_by=actor.name,
    )
    if poll.secret and poll.results == "live":
        # Each live update would show what the delegation that just voted chose
        raise Invalid("A secret poll shows its results only after it closes.", "results")
    options = _read_options(data, method)
    for option in options:
        # A linked section must be one of this workshop's
        if option.get("section_id") is not None:
            section = session.get(Section, option["section_id"])
            if section is None or section.workshop_id != workshop.id:
                raise Invalid("An option names a section that is not in this workshop.", "options")
    if method == "dot":
        poll.dots = fields.integer(data, "dots", minimum=1, maximum=MAX_DOTS, default=3)
        poll.max_per_option = fields.integer(data, "max_per_option", label="cap per option",
                                             minimum=1, maximum=poll.dots, default=poll.dots)
    poll.options = [PollOption(position=i, **option) for i, option in enumerate(options)]
    session.add(poll)
    session.flush()
    record(session, actor, "poll.create", {"id": poll.id, "title": poll.title, "method": method})
    return poll


def get_poll(session: Session, workshop: Workshop, poll_id) -> Poll:
    if not fields.is_id(poll_id):
        raise NotFound("No such poll in this workshop.", "poll_id")
    return owned(session, workshop, Poll, poll_id, "poll", "poll_id")  # not another's, not a removed draft


def _poll_from(session: Session, workshop: Workshop, data) -> Poll:
    data = fields.payload(data)
    return get_poll(session, workshop, fields.identifier(data, "poll_id", label="poll"))


def _advance(session: Session, poll: Poll, expected: str, new: str) -> None:
    """Move the poll on, refusing if another action moved it first (the row is the lock)."""
    moved = session.execute(
        update(Poll).where(Poll.id == poll.id, Poll.status == expected)
        .values(status=new, revision=Poll.revision + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(poll)
    if moved != 1:
        raise Conflict(f"This poll is {poll.status}, not {expected}.")


def open_poll(session: Session, actor: Actor, workshop: Workshop, data) -> Poll:
    require(actor, "poll.manage")
    poll = _poll_from(session, workshop, data)
    _advance(session, poll, "draft", "open")
    poll.opened_at = utcnow()
    fix_electorate(session, poll)
    poll_key(session, poll.id)
    session.flush()
    record(session, actor, "poll.open", {"id": poll.id, "eligible": poll.eligible_count,
                                         "electors": [e.participant_id for e in poll.electors]})
    return poll


def close_poll(session: Session, actor: Actor, workshop: Workshop, data) -> Poll:
    require(actor, "poll.manage")
    poll = _poll_from(session, workshop, data)
    _advance(session, poll, "open", "closed")
    poll.closed_at = utcnow()
    poll.eligible_count = eligible_count(session, poll)
    destroy_poll_key(session, poll.id)
    if poll.secret:
        _unlink_ballots(session, poll)
    else:
        session.execute(update(Ballot).where(Ballot.poll_id == poll.id).values(voter_hash=None)
                        .execution_options(synchronize_session=False))
    session.flush()
    record(session, actor, "poll.close", {"id": poll.id, "voted": count_voted(session, poll.id)})
    return poll


def _unlink_ballots(session: Session, poll: Poll) -> None:
    """Forget the keys and write the ballots again sorted by content: neither key nor order links."""
    rows = list(session.scalars(select(Ballot).where(Ballot.poll_id == poll.id)))
    choices = sorted((row.choices for row in rows), key=lambda c: json.dumps(c, sort_keys=True))
    for row in rows:
        session.delete(row)
    session.flush()
    session.add_all(Ballot(id=secrets.token_hex(16), poll_id=poll.id, choices=c) for c in choices)


def remove_poll(session: Session, actor: Actor, workshop: Workshop, data) -> int:
    """Remove a draft (a typo in its options, a vote no longer needed); returns its id. A poll the room
    has seen stays on record: once opened it can only be closed. The row stays, marked removed, so its id
    is never given to another poll that a stale screen would then act on."""
    require(actor, "poll.manage")
    poll = _poll_from(session, workshop, data)
    try:
        _advance(session, poll, "draft", "removed")
    except Conflict:
        raise Conflict(f"This poll is {poll.status}: only a draft can be removed; close it instead.") from None
    session.flush()
    record(session, actor, "poll.remove", {"id": poll.id, "title": poll.title})
    return poll.id


def publish_poll(session: Session, actor: Actor, workshop: Workshop, data) -> Poll:
    require(actor, "poll.manage")
    poll = _poll_from(session, workshop, data)
    _advance(session, poll, "closed", "published")
    poll.published_at = utcnow()
    session.flush()
    record(session, actor, "poll.publish", {"id": poll.id})
    return poll


def cast_ballot(session: Session, actor: Actor, workshop: Workshop, data) -> dict:
    """Record or replace the voter's ballot; counts stay exact under concurrent ballots.

    One ballot per delegation (or participant): the participant who cast a delegation's ballot may
    change it until the poll closes; another laptop of the same delegation is refused, so a delegation
    never has two ballots and never has its ballot replaced behind its back.
    """
    require(actor, "poll.vote")
    data = fields.payload(data)
    poll = _poll_from(session, workshop, data)
    participant = session.get(Participant, actor.id)
    reason = refusal(poll, participant)
    if reason:
        raise reason
    if poll.status != "open":
        raise Conflict("This poll is not open for votes." if poll.status == "draft"
                       else "This poll is closed: ballots can no longer be cast or changed.")
    choices = read_ballot(poll, data.get("ballot"))
    # The first write takes the poll row: a close that commits first makes this one fail cleanly
    still_open = session.execute(
        update(Poll).where(Poll.id == poll.id, Poll.status == "open")
        .values(revision=Poll.revision + 1).execution_options(synchronize_session=False)
    ).rowcount
    if still_open != 1:
        raise Conflict("This poll closed before your ballot arrived.")
    key = voter_key(poll, participant)
    now = utcnow()
    first = insert_if_new(session, VoterMark, ("poll_id", "voter_key"), {
        "poll_id": poll.id, "voter_key": key, "delegation_id": participant.delegation_id,
        "participant_id": participant.id, "voted_at": now})
    if not first:
        mark = session.scalar(select(VoterMark).where(VoterMark.poll_id == poll.id, VoterMark.voter_key == key))
        holder = session.get(Participant, mark.participant_id)
        if holder is not None and holder.id != participant.id and holder.removed_at is None:
            raise Conflict(f"{holder.name} has already voted for your delegation on another laptop; "
                           "only they can change the ballot.")
        # A holder the facilitator removed hands the ballot on to whoever votes next for the delegation
        mark.participant_id, mark.voted_at = participant.id, now
    named = {} if poll.secret else {"delegation_id": participant.delegation_id,
                                    "participant_id": participant.id, "cast_at": now}
    # The poll's own random key, never the app secret (docs/architecture.md §11.2)
    voter_hash = ballot_hash(poll_key(session, poll.id), poll.id, key)
    if not insert_if_new(session, Ballot, ("poll_id", "voter_hash"), {
            "id": secrets.token_hex(16), "poll_id": poll.id, "voter_hash": voter_hash,
            "choices": choices, **named}):
        session.execute(update(Ballot).where(Ballot.poll_id == poll.id, Ballot.voter_hash == voter_hash)
                        .values(choices=choices, **named).execution_options(synchronize_session=False))
    session.flush()
    # A secret ballot's content is never written next to the voter, not even in the audit trail
    record(session, actor, "poll.vote", {"poll_id": poll.id, "changed": not first,
                                         **({} if poll.secret else {"ballot": choices})})
    return {"poll_id": poll.id, "voted": True, "changed": not first}


def count_voted(session: Session, poll_id: int) -> int:
    return len(session.scalars(select(VoterMark.id).where(VoterMark.poll_id == poll_id)).all())


def voted_delegation_ids(session: Session, poll_id: int) -> list[int]:
    return sorted(set(session.scalars(select(VoterMark.delegation_id).where(VoterMark.poll_id == poll_id))))


def named_ballots(session: Session, poll: Poll) -> list[dict]:
    """Who chose what, for named polls only."""
    if poll.secret:
        return []
    rows = session.execute(
        select(Ballot.choices, Delegation.name, Participant.name)
        .join(Delegation, Delegation.id == Ballot.delegation_id, isouter=True)
        .join(Participant, Participant.id == Ballot.participant_id, isouter=True)
        .where(Ballot.poll_id == poll.id)
    ).all()
    return sorted(({"delegation": d or "", "participant": p or "", "choices": c} for c, d, p in rows),
                  key=lambda row: (row["delegation"].casefold(), row["participant"].casefold()))


def list_polls(session: Session, workshop_id: int) -> list[Poll]:
    return list(session.scalars(select(Poll).where(Poll.workshop_id == workshop_id, Poll.status != "removed")
                                .order_by(Poll.id)))
