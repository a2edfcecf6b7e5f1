"""Secret polls: read the stored rows themselves and check nothing links a delegation to its choices."""

import json

from sqlalchemy import inspect, text

from workshop.models import PollKey
from workshop.services.voting import polls as voting
from workshop.services.voting.ballot_store import ballot_hash
from workshop.services.voting.poll_data import poll_data, results_data

OPTIONS = ["Reintegration data sharing", "Joint return training", "Regional referral guidelines"]


def run_poll(room, *, secret):
    poll = voting.create_poll(room.session, room.facilitator, room.workshop,
                              {"title": "Priorities", "method": "single", "options": OPTIONS, "secret": secret})
    voting.open_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    ids = [o.id for o in poll.options]
    voters = {name: room.delegate(name) for name in ("Australia", "Thailand", "Indonesia")}
    for name, choice in (("Australia", ids[0]), ("Thailand", ids[1]), ("Indonesia", ids[2]),
                         ("Australia", ids[2])):  # Australia changes its mind
        voting.cast_ballot(room.session, voters[name], room.workshop,
                           {"poll_id": poll.id, "ballot": {"choice": choice}})
    room.session.flush()
    return poll, ids


def rows(room, sql, **params):
    return [dict(r._mapping) for r in room.session.execute(text(sql), params)]


def test_secret_ballots_are_stored_without_voter_time_or_readable_key(room):
    poll, _ids = run_poll(room, secret=True)
    ballots = rows(room, "SELECT * FROM ballot WHERE poll_id = :p", p=poll.id)
    assert len(ballots) == 3
    for ballot in ballots:
        assert ballot["delegation_id"] is None and ballot["participant_id"] is None and ballot["cast_at"] is None
        assert len(ballot["voter_hash"]) == 64  # an HMAC: nothing to read without the poll's key
    # "Who voted" lives in its own table, which has no column for a choice
    columns = {c["name"] for c in inspect(room.session.connection()).get_columns("voter_mark")}
    assert columns == {"id", "poll_id", "voter_key", "delegation_id", "participant_id", "voted_at"}
    # The audit trail records that a vote happened, not what it was
    audit = rows(room, "SELECT payload FROM audit_event WHERE action = 'poll.vote'")
    assert len(audit) == 4
    assert all(set(json.loads(a["payload"]) if isinstance(a["payload"], str) else a["payload"])
               == {"poll_id", "changed"} for a in audit)


def test_closing_a_secret_poll_forgets_every_key_and_reorders_the_ballots(room):
    poll, ids = run_poll(room, secret=True)
    before = sorted(r["id"] for r in rows(room, "SELECT id FROM ballot WHERE poll_id = :p", p=poll.id))
    key = room.session.get(PollKey, poll.id).key
    assert key != "test-secret-key" and len(key) == 64  # random, its own, not the app secret
    voting.close_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    room.session.flush()
    after = rows(room, "SELECT * FROM ballot WHERE poll_id = :p ORDER BY rowid", p=poll.id)
    assert all(r["voter_hash"] is None for r in after)
    assert not set(before) & {r["id"] for r in after}  # new keys, unrelated to the arrival order
    stored = [json.loads(r["choices"]) for r in after]
    assert stored == sorted(stored, key=lambda c: json.dumps(c, sort_keys=True))
    # The poll's key is gone; even someone who kept it finds no delegation's ballot any more
    assert not rows(room, "SELECT * FROM poll_key WHERE poll_id = :p", p=poll.id)
    for name in ("Australia", "Thailand", "Indonesia"):
        found = ballot_hash(key, poll.id, f"delegation:{room.delegation_ids[name]}")
        assert not rows(room, "SELECT id FROM ballot WHERE voter_hash = :h", h=found)
    # The counts are unchanged: Australia's changed ballot counted once, for its last choice
    counts = {r["option_id"]: r["count"] for r in results_data(room.session, poll)["results"]}
    assert counts == {ids[0]: 0, ids[1]: 1, ids[2]: 2}


def test_secret_results_and_the_console_name_who_voted_but_never_what_they_chose(room):
    poll, _ids = run_poll(room, secret=True)
    voting.close_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    data = poll_data(room.session, poll, staff=True)
    assert data["turnout"] == {"voted": 3, "eligible": 5}
    assert len(data["voted_delegation_ids"]) == 3
    assert "ballots" not in data["results"]
    sent = json.dumps(data["results"])
    for name in ("Australia", "Thailand", "Indonesia"):
        assert name not in sent


def test_a_named_poll_shows_each_delegations_ballot(room):
    poll, ids = run_poll(room, secret=False)
    ballots = results_data(room.session, poll)["ballots"]
    assert [(b["delegation"], b["choices"]) for b in ballots] == [
        ("Australia", {"choice": ids[2]}), ("Indonesia", {"choice": ids[2]}), ("Thailand", {"choice": ids[1]})]
