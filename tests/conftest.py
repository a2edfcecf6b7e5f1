"""Fixtures shared by every test level: an app over a temporary database, clients, and domain factories."""

import re
import time
from dataclasses import dataclass

import pytest

from workshop import create_app
from workshop.extensions import db, socketio
from workshop.live import coediting
from workshop.live.broadcast import stop_presence
from workshop.services import accounts, agenda, delegations, drafting, workshops
from workshop.services.actors import actor_in, issue_token


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    # Same code path, fewer rounds: scrypt's cost would dominate the suite's time
    monkeypatch.setattr(accounts, "PASSWORD_METHOD", "pbkdf2:sha256:1000")


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "ASYNC_MODE": "threading",
        "SECRET_KEY": "test-secret-key",
        "COLLAB_FLUSH_INTERVAL": 0.05,
    })
    yield app
    coediting.shutdown(app)
    stop_presence(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    """A database session for arranging and checking state directly through services."""
    with app.app_context():
        yield db.session
        db.session.rollback()


def csrf_from(html: bytes) -> str:
    match = re.search(rb'name="csrf-token" content="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1).decode()


@dataclass
class Meeting:
    """A small workshop arranged through the services: a facilitator, delegations, an agenda."""

    slug: str
    workshop_id: int
    join_code: str
    observer_code: str
    facilitator_email: str
    facilitator_password: str
    facilitator_token: str
    delegation_ids: dict
    delegation_codes: dict  # each delegation's own code: who joins with it is its confirmed voter


PASSWORD = "correct horse battery"


def make_meeting(app, *, title="Sixth Bali Process Meeting of the Technical Experts Group on Returns "
                 "and Reintegration", email="cochair@example.org") -> Meeting:
    with app.app_context():
        s = db.session
        user = accounts.create_user(s, email, PASSWORD, "facilitator", "Co-Chair Team")
        workshop = workshops.create_workshop(s, user, {
            "title": title, "process": "Bali Process", "body": "TEG-RR", "ordinal": 6, "city": "Bangkok",
            "country": "Thailand", "start_date": "2024-03-04", "end_date": "2024-03-06",
            "modality": "in_person"})
        actor = actor_in(s, user, workshop)
        ids, codes = {}, {}
        for name, kind, co_chair in [
            ("Australia", "member_state", True), ("Philippines", "member_state", True),
            ("Thailand", "member_state", False), ("Indonesia", "member_state", False),
            ("International Organization for Migration (IOM)", "member_organisation", False),
            ("Canada", "observer_state", False),
        ]:
            delegation = delegations.add_delegation(s, actor, workshop,
                                                    {"name": name, "kind": kind, "co_chair": co_chair})
            ids[name], codes[name] = delegation.id, delegation.join_code
        for title_, day in [("Opening and welcome by the co-chairs", 1), ("Forward Work Plan drafting session", 3)]:
            agenda.add_item(s, actor, workshop, {"title": title_, "day": day, "kind": "opening"})
        token = issue_token(s, user=user)
        s.commit()
        return Meeting(workshop.slug, workshop.id, workshop.join_code, workshop.observer_code, email, PASSWORD,
                       token, ids, codes)


@pytest.fixture
def meeting(app) -> Meeting:
    return make_meeting(app)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def join(client, code: str, name: str, delegation) -> str:
    """Join through the API and return the participant's token."""
    response = client.post("/api/v1/join", json={"code": code, "name": name, "delegation": delegation})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def join_voter(client, meeting: Meeting, name: str, delegation: str) -> str:
    """Join with the delegation's own code, as its confirmed voter; returns the participant's token."""
    response = client.post("/api/v1/join", json={"code": meeting.delegation_codes[delegation], "name": name})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["participant"]["voter"] is True
    return response.get_json()["token"]


@pytest.fixture
def live(app):
    """Open Socket.IO test clients on /live; all are disconnected at the end."""
    opened = []

    def connect(token=None, workshop=None, flask_test_client=None):
        auth = {}
        if token:
            auth["token"] = token
        if workshop:
            auth["workshop"] = workshop
        sc = socketio.test_client(app, namespace="/live", auth=auth, flask_test_client=flask_test_client)
        opened.append(sc)
        return sc

    yield connect
    for sc in opened:
        if sc.is_connected("/live"):
            sc.disconnect(namespace="/live")


def events(sc, name: str) -> list:
    """The payloads of the events called `name` that this test client received since last asked."""
    return [m["args"][0] if m["args"] else None for m in sc.get_received("/live") if m["name"] == name]


def eventually(sc, name: str, check, timeout: float = 5.0):
    """The first `name` event whose payload passes `check`, waiting for broadcasts sent from a task."""
    deadline = time.monotonic() + timeout
    while True:
        for payload in events(sc, name):
            if check(payload):
                return payload
        assert time.monotonic() < deadline, f"no {name} event as expected within {timeout} s"
        time.sleep(0.01)


@dataclass
class Draft:
    document_id: int
    section_id: int


def make_draft(app, meeting: Meeting, body: str = "", heading: str = "Objective 1: Victim-centred returns "
               "and reintegration") -> Draft:
    """A statement document with one section, created by the meeting's facilitator."""
    from workshop.models import Workshop

    with app.app_context():
        s = db.session
        workshop = s.get(Workshop, meeting.workshop_id)
        actor = actor_in(s, workshop.staff[0].user, workshop)
        document = drafting.create_document(s, actor, workshop, {"title": "Forward Work Plan", "kind": "fwp"})
        section = drafting.create_section(s, actor, workshop, {"document_id": document.id, "heading": heading,
                                                                "body": body})
        s.commit()
        return Draft(document.id, section.id)


@pytest.fixture
def draft(app, meeting) -> Draft:
    return make_draft(app, meeting)
