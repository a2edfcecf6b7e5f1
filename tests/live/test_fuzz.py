"""Hostile delegates and observers send thousands of malformed events and `y` frames: every one is answered
with a §5 code, nothing stored changes, and the server goes on serving everyone (docs/architecture.md §5, issue 12)."""

import logging
from collections import Counter

import pytest
from sqlalchemy import select

from tests.conftest import bearer, events, join, make_draft, make_meeting
from tests.live.conftest import ok
from tests.live.fuzzing import (
    MAY_SUCCEED,
    MAY_WRITE,
    Fuzzer,
    action_names,
    check_ack,
    short,
    snapshot,
)
from workshop.collab import engine_for
from workshop.extensions import db, socketio
from workshop.models.base import Base

NS = "/live"
SEED = 20261202
EVENTS = 8_000  # malformed action events ...
FRAMES = 2_500  # ... and malformed `y` frames, 10,500 in all


class World:
    """Workshop A with something of every kind, delegates and an observer on sockets, and workshop B
    whose rows' ids are fuzzed too (a participant of A must never reach them)."""

    def __init__(self, app, client, live):
        self.app, self.client, self.live = app, client, live
        self.meeting = make_meeting(app)
        self.other = make_meeting(app, title="Seventh Meeting of the Technical Experts Group",
                                  email="other-chair@example.org")
        m = self.meeting
        self.open = make_draft(app, m, body="The co-chairs welcomed the delegations. Seed text to keep.")
        self.staff = live(token=m.facilitator_token, workshop=m.slug)
        self.senders = {
            "delegate-australia": live(token=join(client, m.join_code, "Ana Lopez", "Australia")),
            "delegate-thailand": live(token=join(client, m.join_code, "Somchai K", "Thailand")),
            "observer-canada": live(token=join(client, m.observer_code, "Claire Dubois", "Canada")),
        }
        indonesia = live(token=join(client, m.join_code, "Budi S", "Indonesia"))
        if "participant.set_voter" in action_names(socketio):  # where staff confirm who votes (docs/architecture.md §3)
            ok(self.staff, "participant.set_voter", {"participant_id": events(indonesia, "state")[0]["me"]["id"],
                                                     "voter": True})
        locked = ok(self.staff, "section.create", {"document_id": self.open.document_id, "heading": "Locked",
                                                   "body": "Agreed text that nobody may change."})
        ok(self.staff, "section.set_status", {"section_id": locked["id"], "status": "locked"})
        self.locked_id = locked["id"]
        ok(self.staff, "section.snapshot", {"section_id": self.open.section_id, "label": "Before the fuzz"})
        ok(indonesia, "comment.add", {"section_id": self.open.section_id, "body": "A comment to keep."})
        ok(indonesia, "amendment.propose", {"section_id": self.open.section_id, "quote": "Seed text",
                                            "replacement": "Text"})
        ok(indonesia, "floor.request", {"kind": "speak"})
        ok(self.staff, "outcome.add", {"kind": "agreement", "text": "The meeting agreed the FWP."})
        ok(self.staff, "group.create", {"name": "Group A"})
        ok(self.staff, "poll.create", {"title": "Draft poll", "method": "single", "options": ["One", "Two"]})
        for secret in (False, True):
            poll = ok(self.staff, "poll.create", {"title": f"Open poll {secret}", "method": "single",
                                                  "options": ["One", "Two"], "secret": secret})
            ok(self.staff, "poll.open", {"poll_id": poll["id"]})
            ok(indonesia, "poll.vote", {"poll_id": poll["id"], "ballot": {"choice": poll["options"][0]["id"]}})
        closed = ok(self.staff, "poll.create", {"title": "Closed poll", "method": "yes_no_abstain"})
        ok(self.staff, "poll.open", {"poll_id": closed["id"]})
        ok(indonesia, "poll.vote", {"poll_id": closed["id"], "ballot": {"choice": "yes"}})
        ok(self.staff, "poll.close", {"poll_id": closed["id"]})
        # Workshop B's rows, interleaved with A's
        self.other_draft = make_draft(app, self.other, body="Workshop B's own text.")
        other_staff = live(token=self.other.facilitator_token, workshop=self.other.slug)
        other_poll = ok(other_staff, "poll.create", {"title": "B's poll", "method": "single", "options": ["X", "Y"]})
        ok(other_staff, "poll.open", {"poll_id": other_poll["id"]})
        ok(other_staff, "outcome.add", {"kind": "note", "text": "B's note."})
        # A participant who joined, connected and was removed: the socket is closed, the token refused
        removed_token = join(client, m.join_code, "Removed Person", "Thailand")
        removed = live(token=removed_token)
        removed_id = events(removed, "state")[0]["me"]["id"]
        response = client.delete(f"/api/v1/workshops/{m.slug}/participants/{removed_id}",
                                 headers=bearer(m.facilitator_token))
        assert response.status_code in (200, 204), response.get_json()
        assert not removed.is_connected(NS)  # the server closed its socket; the fuzz tries its token below
        self.removed_token = removed_token
        for sc in [self.staff, indonesia, other_staff, *self.senders.values()]:
            sc.get_received(NS)

    def rows(self) -> dict[str, list[int]]:
        """The ids of every table's rows, of both workshops."""
        with self.app.app_context():
            return {table.name: list(db.session.scalars(select(table.c.id)))
                    for table in Base.metadata.sorted_tables
                    if "id" in table.columns and table.c.id.type.python_type is int}

    def stored(self) -> dict:
        with self.app.app_context():
            engine = engine_for(db.session)
            assert engine.wait_logged(30), "the writer did not store what it was given"
            engine.flush()
            with db.engine.connect() as connection:
                return snapshot(connection)


@pytest.fixture
def world(app, client, live):
    return World(app, client, live)


def _emit(sc, event: str, args: tuple, caplog):
    """The ack of one event; a failure logged while the server handled it is a crash, whatever the ack."""
    logged = len(caplog.records)
    ack = sc.emit(event, *args, namespace=NS, callback=True)
    crashes = [r for r in caplog.records[logged:] if r.levelno >= logging.ERROR]
    assert not crashes, f"{event} with {short(args)!r} crashed the handler:\n{crashes[0].exc_text}"
    return ack


def test_ten_thousand_malformed_events_and_frames_change_nothing_and_the_server_goes_on(
        app, client, live, world, caplog):
    names = action_names(socketio)
    assert {"poll.vote", "section.join", "comment.add", "y"} <= set(names)  # the registry was read
    before = world.stored()
    fuzzer = Fuzzer(SEED, world.rows())
    rng = fuzzer.rng
    senders = sorted(world.senders.items())
    codes: Counter = Counter()
    succeeded: Counter = Counter()
    caplog.set_level(logging.ERROR)

    for n in range(EVENTS):
        who, sc = rng.choice(senders)
        event = names[n % len(names)]  # every action, round after round
        kind, args = fuzzer.args()
        ack = check_ack(_emit(sc, event, args, caplog), f"{event} from {who} with {short(args)!r}")
        if ack["ok"]:
            assert who.split("-")[0] in MAY_SUCCEED.get(event, ()), \
                f"{event} from {who} succeeded with a malformed payload ({kind}): {short(args)!r} -> {ack!r:.300}"
            succeeded[event] += 1
        else:
            codes[ack["error"]["code"]] += 1
        if n % 200 == 0:
            sc.get_received(NS)

    # Frames: each sender joins the sections it may read; delegates may edit the open one, so they send it
    # only undecodable frames, and random bytes only to the locked section; observers may change nothing
    for n in range(FRAMES):
        who, sc = rng.choice(senders)
        may_edit = who.startswith("delegate")
        if n % 25 == 0:  # the events above may have left the sections
            for _, each in senders:
                for section_id in (world.open.section_id, world.locked_id):
                    assert _emit(each, "section.join", ({"section_id": section_id},), caplog)["ok"]
                each.get_received(NS)
        section_id = rng.choice([world.open.section_id, world.locked_id])
        frame, malformed = fuzzer.frame(may_change=may_edit and section_id == world.open.section_id)
        if rng.random() < 0.05:
            section_id = fuzzer.bad_id() if rng.random() < 0.5 else world.other_draft.section_id
        ack = check_ack(_emit(sc, "y", (section_id, frame), caplog), f"y from {who} to {short(section_id)!r}: {short(frame)!r}")
        if ack["ok"]:
            assert not malformed, f"y from {who} to {section_id!r} took a malformed frame: {short(frame)!r}"
            succeeded["y"] += 1
        else:
            codes[ack["error"]["code"]] += 1

    crashes = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not crashes, "\n".join(f"{r.getMessage()}\n{r.exc_text or ''}" for r in crashes[:5])
    # Malformed input reached the checks past the payload's shape: every code a refusal may carry was seen
    assert {"invalid", "forbidden", "not_found"} <= set(codes), codes
    assert sum(succeeded.values()) < EVENTS // 50, succeeded

    after = world.stored()
    for table, rows in before.items():
        assert after[table] == rows, f"table {table} changed (allowed to change: {MAY_WRITE})"

    # Still serving: every fuzzing socket is still open, a page, a fresh connection and a normal action
    assert all(sc.is_connected(NS) for _, sc in senders)
    assert client.get("/login").status_code == 200
    fresh = live(token=join(client, world.meeting.join_code, "Late Arrival", "Philippines"))
    assert fresh.is_connected(NS) and events(fresh, "state")
    assert ok(fresh, "comment.add", {"section_id": world.open.section_id, "body": "Still here."})["id"]
    assert ok(world.staff, "outcome.add", {"kind": "note", "text": "After the fuzz."})["text"] == "After the fuzz."
    # The removed participant's token opens no socket
    assert not live(token=world.removed_token).is_connected(NS)


CONNECTS = 300


def test_malformed_credentials_are_refused_and_the_server_goes_on(app, client, live, world, caplog):
    fuzzer = Fuzzer(SEED + 1, world.rows())
    before = world.stored()
    caplog.set_level(logging.ERROR)
    for _ in range(CONNECTS):
        auth = fuzzer.auth()
        sc = socketio.test_client(app, namespace=NS, auth=auth)
        assert not sc.is_connected(NS), f"connected with {auth!r:.200}"
    for auth in ({"token": world.removed_token}, {"token": world.removed_token, "workshop": world.meeting.slug}):
        assert not socketio.test_client(app, namespace=NS, auth=auth).is_connected(NS)
    crashes = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not crashes, "\n".join(f"{r.getMessage()}\n{r.exc_text or ''}" for r in crashes[:5])
    assert world.stored() == before
    assert client.get("/login").status_code == 200
    assert live(token=world.meeting.facilitator_token, workshop=world.meeting.slug).is_connected(NS)
