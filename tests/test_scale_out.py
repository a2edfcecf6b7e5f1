"""Several processes behind one meeting: PostgreSQL for the data, Redis carrying broadcasts between them."""

import queue
import signal
import time

import pytest
import requests
import socketio

from tests.servers import PostgresServer, RedisServer, WorkshopServer

pytestmark = pytest.mark.servers
FACILITATOR = ("cochair@example.org", "correct horse battery")


@pytest.fixture(scope="module")
def backends(tmp_path_factory):
    postgres = PostgresServer(tmp_path_factory.mktemp("pg")).start()
    redis = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield postgres, redis
    redis.stop()
    postgres.stop()


@pytest.fixture(scope="module")
def two_processes(backends, tmp_path_factory):
    postgres, redis = backends
    env = {"WORKSHOP_DATABASE_URL": postgres.url, "WORKSHOP_MESSAGE_QUEUE": redis.url,
           "WORKSHOP_SECRET_KEY": "shared-secret-for-both-processes"}
    first = WorkshopServer(tmp_path_factory.mktemp("a"), extra_env=env)
    second = WorkshopServer(tmp_path_factory.mktemp("b"), extra_env=env)
    # Both start at once: the advisory lock lets one migrate while the other waits
    for server in (first, second):
        server.start()
    made = first.cli("create-user", FACILITATOR[0], "--password-stdin", stdin=FACILITATOR[1] + "\n")
    assert made.returncode == 0, made.stderr
    yield first, second
    for server in (first, second):
        server.stop()


def listen(url: str, token: str) -> tuple[socketio.Client, "queue.Queue"]:
    received: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("*", lambda event, data: received.put((event, data)), namespace="/live")
    client.connect(url, namespaces=["/live"], auth={"token": token}, transports=["websocket"], wait_timeout=10)
    return client, received


def wait_for(received: "queue.Queue", predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            event, data = received.get(timeout=max(0.05, deadline - time.monotonic()))
        except queue.Empty:
            break
        if predicate(event, data):
            return data
    raise AssertionError("the expected event did not arrive")


def test_a_delegate_on_one_process_sees_a_delegate_who_joined_on_the_other(two_processes):
    first, second = two_processes
    token = requests.post(f"{first.url}/api/v1/session", json={"email": FACILITATOR[0], "password": FACILITATOR[1]},
                          timeout=10).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    workshop = requests.post(f"{first.url}/api/v1/workshops", headers=headers, timeout=10,
                             json={"title": "Hybrid meeting of the TEG-RR"}).json()
    for name in ("Australia", "Sri Lanka"):
        requests.post(f"{first.url}/api/v1/workshops/{workshop['slug']}/delegations", headers=headers,
                      json={"name": name}, timeout=10).raise_for_status()

    joined_a = requests.post(f"{first.url}/api/v1/join", timeout=10, json={
        "code": workshop["join_code"], "name": "Anna", "delegation": "Australia"}).json()
    on_first, seen_on_first = listen(first.url, joined_a["token"])
    try:
        wait_for(seen_on_first, lambda e, d: e == "state")
        # joined through the second process, connected to the second process
        joined_b = requests.post(f"{second.url}/api/v1/join", timeout=10, json={
            "code": workshop["join_code"], "name": "Nimal", "delegation": "Sri Lanka"}).json()
        on_second, _ = listen(second.url, joined_b["token"])
        sri_lanka = str(joined_b["participant"]["delegation_id"])
        presence = wait_for(seen_on_first, lambda e, d: e == "presence" and sri_lanka in d["delegations"])
        assert [p["name"] for p in presence["delegations"][sri_lanka]] == ["Nimal"]
        # and an agenda change made through the second process reaches the first process's socket
        requests.post(f"{second.url}/api/v1/workshops/{workshop['slug']}/agenda", headers=headers, timeout=10,
                      json={"title": "Opening and welcome by the co-chairs"}).raise_for_status()
        agenda = wait_for(seen_on_first, lambda e, d: e == "agenda")
        assert [i["title"] for i in agenda["items"]] == ["Opening and welcome by the co-chairs"]
        on_second.disconnect()
        wait_for(seen_on_first, lambda e, d: e == "presence" and sri_lanka not in d["delegations"])
    finally:
        on_first.disconnect()


def test_the_migrations_match_the_models_on_postgresql(backends, tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from workshop import create_app
    from workshop.extensions import db

    postgres, _ = backends
    app = create_app({"INSTANCE_PATH": str(tmp_path), "ASYNC_MODE": "threading", "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": postgres.url})
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
    with app.app_context():
        db.engine.dispose()


def test_the_delegates_of_a_process_that_died_leave_the_presence_list(backends, tmp_path_factory):
    postgres, redis = backends
    env = {"WORKSHOP_DATABASE_URL": postgres.url, "WORKSHOP_MESSAGE_QUEUE": redis.url,
           "WORKSHOP_SECRET_KEY": "shared-secret-for-both-processes",
           "WORKSHOP_SERVER_HEARTBEAT": "0.5", "WORKSHOP_SERVER_TIMEOUT": "3"}
    survivor = WorkshopServer(tmp_path_factory.mktemp("survivor"), extra_env=env).start()
    doomed = WorkshopServer(tmp_path_factory.mktemp("doomed"), extra_env=env).start()
    try:
        email, password = "secretariat@example.org", "rso secretariat password"
        made = survivor.cli("create-user", email, "--role", "secretariat", "--password-stdin", stdin=password + "\n")
        assert made.returncode == 0, made.stderr
        token = requests.post(f"{survivor.url}/api/v1/session", json={"email": email, "password": password},
                              timeout=10).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        workshop = requests.post(f"{survivor.url}/api/v1/workshops", headers=headers, timeout=10,
                                 json={"title": "Seventh meeting of the TEG-RR"}).json()
        requests.post(f"{survivor.url}/api/v1/workshops/{workshop['slug']}/delegations", headers=headers,
                      json={"name": "Fiji"}, timeout=10).raise_for_status()
        joined = requests.post(f"{doomed.url}/api/v1/join", timeout=10, json={
            "code": workshop["join_code"], "name": "Litia", "delegation": "Fiji"}).json()
        fiji = str(joined["participant"]["delegation_id"])
        console = socketio.Client(reconnection=False)
        seen: queue.Queue = queue.Queue()
        console.on("*", lambda event, data: seen.put((event, data)), namespace="/live")
        console.connect(survivor.url, namespaces=["/live"], auth={"token": token, "workshop": workshop["slug"]},
                        transports=["websocket"], wait_timeout=10)
        delegate, _ = listen(doomed.url, joined["token"])
        try:
            wait_for(seen, lambda e, d: e == "presence" and fiji in d["delegations"])
            doomed.stop(signal.SIGKILL)  # its rows stay behind: only the others can clear them
            gone = wait_for(seen, lambda e, d: e == "presence" and fiji not in d["delegations"], timeout=20)
            # the account has no name: everyone sees its role, never its email address
            assert [p["name"] for p in gone["staff"]] == ["Secretariat"]
        finally:
            console.disconnect()
    finally:
        doomed.stop()
        survivor.stop()


def test_on_postgresql_no_live_row_links_a_secret_ballot_to_its_voter_after_close(backends, tmp_path):
    """docs/architecture.md §11.2 on PostgreSQL: after close, no live row holds a voter's hash or the poll's key."""
    from sqlalchemy import inspect, text

    from workshop import create_app
    from workshop.extensions import db
    from workshop.services import accounts, delegations, participants, workshops
    from workshop.services.actors import actor_in
    from workshop.services.voting import polls as voting

    postgres, _ = backends
    app = create_app({"INSTANCE_PATH": str(tmp_path), "ASYNC_MODE": "threading", "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": postgres.url})
    with app.app_context():
        s = db.session
        user = accounts.create_user(s, "secret-ballots@example.org", "correct horse battery", "facilitator")
        workshop = workshops.create_workshop(s, user, {"title": "Secret ballots on PostgreSQL"})
        staff = actor_in(s, user, workshop)
        voters = []
        for name in ("Australia", "Thailand", "Fiji"):
            delegation = delegations.add_delegation(s, staff, workshop, {"name": name})
            participant, _ = participants.join_workshop(s, {"code": delegation.join_code, "name": f"Head of {name}"})
            voters.append(actor_in(s, participant, workshop))
        poll = voting.create_poll(s, staff, workshop, {"title": "First?", "method": "single", "secret": True,
                                                       "options": ["Data", "Training"]})
        voting.open_poll(s, staff, workshop, {"poll_id": poll.id})
        s.commit()
        seen = set()
        for n, voter in enumerate(voters):
            voting.cast_ballot(s, voter, workshop, {"poll_id": poll.id,
                                                    "ballot": {"choice": poll.options[n % 2].id}})
            s.commit()
            seen |= set(s.scalars(text("SELECT voter_hash FROM ballot WHERE poll_id = :p"), {"p": poll.id}))
        seen |= set(s.scalars(text("SELECT key FROM poll_key WHERE poll_id = :p"), {"p": poll.id}))
        assert len(seen) == 4
        voting.close_poll(s, staff, workshop, {"poll_id": poll.id})
        s.commit()
        tables = inspect(db.engine).get_table_names()
        everything = "\n".join(row for table in tables
                               for row in s.scalars(text(f'SELECT t::text FROM "{table}" t')))
        assert not [value for value in seen if value in everything]
        assert s.scalar(text("SELECT count(*) FROM ballot WHERE poll_id = :p AND (voter_hash IS NOT NULL "
                             "OR participant_id IS NOT NULL OR delegation_id IS NOT NULL)"), {"p": poll.id}) == 0
        db.session.remove()
        db.engine.dispose()
