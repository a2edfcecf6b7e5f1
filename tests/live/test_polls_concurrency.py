"""Fifty delegations voting at the same moment: every ballot counted once, totals exact."""

import threading
from collections import Counter

from sqlalchemy import func, select

from tests.conftest import bearer
from workshop.extensions import db
from workshop.models import Ballot, User, VoterMark, Workshop
from workshop.services.actors import actor_in
from workshop.services.delegations import add_delegation

DELEGATIONS = 50


def add_member_states(app, meeting, count):
    with app.app_context():
        workshop = db.session.get(Workshop, meeting.workshop_id)
        user = db.session.scalar(select(User).where(User.email == meeting.facilitator_email))
        actor = actor_in(db.session, user, workshop)
        for n in range(count):
            add_delegation(db.session, actor, workshop, {"name": f"Member State {n + 1:02d}", "kind": "member_state"})
        db.session.commit()


def all_at_once(jobs):
    """Run each job in its own thread, released together; returns their results in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        barrier.wait()
        results[index] = job()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_fifty_delegations_voting_at_once_are_each_counted_exactly_once(app, meeting, client, live):
    add_member_states(app, meeting, DELEGATIONS - 5)  # the meeting has 5 voting delegations already
    names = [n for n in meeting.delegation_ids if n != "Canada"] + \
        [f"Member State {n + 1:02d}" for n in range(DELEGATIONS - 5)]
    codes = {d["name"]: d["join_code"] for d in client.get(
        f"/api/v1/workshops/{meeting.slug}/delegations", headers=bearer(meeting.facilitator_token)).get_json()["delegations"]}

    def join_voter(name, delegation):  # with the delegation's own code: a confirmed voter
        response = client.post("/api/v1/join", json={"code": codes[delegation], "name": name})
        assert response.status_code == 201 and response.get_json()["participant"]["voter"]
        return response.get_json()["token"]

    voters = [live(token=join_voter(f"Head of {name}", name)) for name in names]
    seconds = [live(token=join_voter(f"Adviser of {name}", name)) for name in names[:10]]
    staff = live(token=meeting.facilitator_token, workshop=meeting.slug)
    poll = staff.emit("poll.create", {"title": "Priorities", "method": "dot", "dots": 5, "max_per_option": 3,
                                      "options": ["Data", "Training", "Referral", "Research"]},
                      namespace="/live", callback=True)["data"]
    staff.emit("poll.open", {"poll_id": poll["id"]}, namespace="/live", callback=True)
    ids = [o["id"] for o in poll["options"]]

    def ballot(i):
        return {str(ids[i % 4]): 3, str(ids[(i + 1) % 4]): 2}

    def vote(sc, allocations):
        return lambda: sc.emit("poll.vote", {"poll_id": poll["id"], "ballot": {"allocations": allocations}},
                               namespace="/live", callback=True)

    first = all_at_once([vote(sc, ballot(i)) for i, sc in enumerate(voters)])
    assert all(reply["ok"] and reply["data"]["changed"] is False for reply in first), first

    # Ten delegations change their ballot while advisers on ten other laptops try to vote for the same ones
    second = all_at_once([vote(sc, ballot(i + 1)) for i, sc in enumerate(voters[10:20], start=10)]
                         + [vote(sc, ballot(2)) for sc in seconds])
    assert all(reply["ok"] and reply["data"]["changed"] for reply in second[:10]), second[:10]
    assert [reply["error"]["code"] for reply in second[10:]] == ["conflict"] * 10

    expected = Counter()
    for i in range(DELEGATIONS):
        for key, dots in ballot(i + 1 if 10 <= i < 20 else i).items():
            expected[int(key)] += dots
    closed = staff.emit("poll.close", {"poll_id": poll["id"]}, namespace="/live", callback=True)["data"]
    assert {r["option_id"]: r["points"] for r in closed["results"]["results"]} == dict(expected)
    assert sum(expected.values()) == 5 * DELEGATIONS
    assert closed["results"]["turnout"] == {"voted": DELEGATIONS, "eligible": DELEGATIONS}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Ballot)) == DELEGATIONS
        assert db.session.scalar(select(func.count()).select_from(VoterMark)) == DELEGATIONS
