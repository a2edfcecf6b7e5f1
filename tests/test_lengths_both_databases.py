"""Lengths are checked in the services, so SQLite (which stores any length) and PostgreSQL (which refuses
what does not fit its varchar) give the same answer: 400 with a clear message, never a 500 or a silent
overlong row."""

import uuid

import psycopg
import pytest

from tests.conftest import PASSWORD, bearer, make_meeting
from tests.servers import PostgresServer
from workshop import create_app
from workshop.extensions import db, socketio
from workshop.live import coediting
from workshop.live.broadcast import stop_presence
from workshop.services import accounts
from workshop.services.errors import Invalid

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    server = PostgresServer(tmp_path_factory.mktemp("pg")).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request, tmp_path):
    config = {"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"), "ASYNC_MODE": "threading",
              "SECRET_KEY": "test-secret-key", "COLLAB_FLUSH_INTERVAL": 0.05}
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres")
        name = "lengths_" + uuid.uuid4().hex[:10]
        with psycopg.connect(server.url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        config["DATABASE_URL"] = server.url.rsplit("/", 1)[0] + "/" + name
    app = create_app(config)
    with app.app_context():
        assert db.engine.dialect.name == request.param
    yield app
    coediting.shutdown(app)
    stop_presence(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def over(limit: int) -> str:
    return "x" * (limit + 1)


def test_over_long_values_are_refused_alike_on_both_databases(any_app):
    meeting = make_meeting(any_app)
    client = any_app.test_client()
    headers = bearer(meeting.facilitator_token)
    slug = meeting.slug
    document = client.post(f"/api/v1/workshops/{slug}/documents", headers=headers, json={"title": "FWP"}).get_json()
    delegation_id = meeting.delegation_ids["Thailand"]
    cases = [
        ("post", "/api/v1/workshops", {"title": over(300)}),
        *[("post", "/api/v1/workshops", {"title": "T", field: over(limit)})
          for field, limit in [("process", 300), ("body", 300), ("city", 120), ("country", 120), ("venue", 300),
                               ("slug", 60)]],
        ("patch", f"/api/v1/workshops/{slug}", {"title": over(300)}),
        ("post", f"/api/v1/workshops/{slug}/delegations", {"name": over(200)}),
        ("post", f"/api/v1/workshops/{slug}/delegations/paste", {"text": "Japan\n" + over(200)}),
        ("patch", f"/api/v1/workshops/{slug}/delegations/{delegation_id}", {"name": over(200)}),
        ("post", f"/api/v1/workshops/{slug}/agenda", {"title": over(300)}),
        ("post", f"/api/v1/workshops/{slug}/agenda", {"title": "T", "theme": over(300)}),
        ("post", f"/api/v1/workshops/{slug}/documents", {"title": over(300)}),
        ("post", f"/api/v1/workshops/{slug}/documents/{document['id']}/sections", {"heading": over(300)}),
        ("post", f"/api/v1/workshops/{slug}/staff", {"email": over(254) + "@example.org", "role": "secretariat"}),
        ("post", "/api/v1/join", {"code": meeting.join_code, "name": over(120), "delegation": "Thailand"}),
    ]
    for method, path, body in cases:
        response = getattr(client, method)(path, headers=headers, json=body)
        assert response.status_code in (400, 404), (path, body.keys(), response.status_code)
        assert response.get_json()["error"]["code"] in ("invalid", "not_found"), (path, response.get_json())
        if response.status_code == 400:
            assert "too long" in response.get_json()["error"]["message"] or "valid" in \
                response.get_json()["error"]["message"], (path, response.get_json())

    # at the limit, and names that fold longer than they are ("ß" -> "ss"), are stored on both
    fits = [
        (f"/api/v1/workshops/{slug}/delegations", {"name": "ß" * 200}),
        (f"/api/v1/workshops/{slug}/delegations", {"name": "y" * 200}),
        (f"/api/v1/workshops/{slug}/agenda", {"title": "ﬃ" * 300}),
    ]
    for path, body in fits:
        response = client.post(path, headers=headers, json=body)
        assert response.status_code == 201, (path, response.status_code, response.get_json())
    # half of a UTF-16 pair is no character: refused alike, never stored or a 500
    broken = client.post("/api/v1/join", json={"code": meeting.join_code, "name": "Ana\ud800 Lopez",
                                               "delegation": "Thailand"})
    assert broken.status_code == 400 and broken.get_json()["error"]["field"] == "name"
    assert client.post("/api/v1/join", json={"code": "ABCD\ud800EFGH", "name": "A", "delegation": "Thailand"}) \
        .status_code == 404
    assert client.post("/api/v1/session", json={"email": "a\ud800@example.org", "password": PASSWORD}) \
        .status_code == 401
    assert client.get(f"/api/v1/workshops/{slug}", headers=bearer("wsu_\ud800")).status_code == 401

    with any_app.app_context():
        with pytest.raises(Invalid):
            accounts.create_user(db.session, "long.name@example.org", PASSWORD, "secretariat", over(120))
        db.session.rollback()

    staff = socketio.test_client(any_app, namespace="/live", auth={"token": meeting.facilitator_token,
                                                                    "workshop": slug})
    try:
        assert staff.is_connected("/live")
        actions = [
            ("poll.create", {"title": over(300), "method": "single", "options": ["A", "B"]}),
            ("poll.create", {"title": "T", "method": "single", "options": ["A", over(500)]}),
            ("group.create", {"name": over(120)}),
            ("group.create", {"name": "G", "topic": over(300)}),
            ("outcome.add", {"kind": "note", "text": over(4000)}),
            ("timer.start", {"seconds": 60, "label": over(200)}),
        ]
        for name, data in actions:
            ack = staff.emit(name, data, namespace="/live", callback=True)
            assert ack["ok"] is False and ack["error"]["code"] == "invalid", (name, ack)
    finally:
        staff.disconnect(namespace="/live")
