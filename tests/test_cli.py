"""The command line: create-user, demo, serve."""

import json
from pathlib import Path

from workshop.extensions import db
from workshop.models import AgendaItem, Delegation, User, Workshop


def test_create_user_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(args=["create-user", "rso@example.org", "--role", "secretariat", "--password-stdin"],
                           input="a long enough secret\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.query(User).filter_by(email="rso@example.org").one().role == "secretariat"


def test_create_user_refuses_a_short_password(runner):
    result = runner.invoke(args=["create-user", "rso@example.org", "--password-stdin"], input="short\n")
    assert result.exit_code == 1 and "at least 10 characters" in result.output


def test_the_demo_is_the_sixth_teg_rr_meeting_from_the_domain_facts(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Delegates join at /join with code" in result.output and "password:" in result.output
    facts = json.loads((Path(__file__).resolve().parent / "fixtures/domain/teg-rr-6.json").read_text())
    with app.app_context():
        workshop = db.session.query(Workshop).one()
        assert workshop.title == "Sixth Bali Process Meeting of the Technical Experts Group on Returns and Reintegration"
        assert (workshop.city, workshop.start_date.isoformat(), workshop.end_date.isoformat()) == (
            "Bangkok", "2024-03-04", "2024-03-06")
        titles = [i.title for i in db.session.query(AgendaItem).order_by(AgendaItem.day, AgendaItem.position)]
        co_chairs = {d.name for d in db.session.query(Delegation).filter_by(co_chair=True)}
        assert co_chairs == {"Australia", "Philippines"}
        kinds = {d.kind for d in db.session.query(Delegation)}
        assert {"member_state", "member_organisation", "observer_state", "secretariat"} <= kinds
    # its Forward Work Plan has the meeting's section headings, tied to the drafting session
    with app.app_context():
        from workshop.models import Document

        fwp = db.session.query(Document).filter_by(kind="fwp").one()
        assert [s.heading for s in fwp.sections] == facts["fwp_sections"]
        assert {db.session.get(AgendaItem, s.agenda_item_id).kind for s in fwp.sections} == {"drafting"}
    # the demo's agenda holds every item of the real meeting, in order
    held = [item["title"] for day in facts["days"] for item in day["items"]]
    assert [t for t in titles if t in held] == held


def test_serve_starts_on_the_embedded_default_and_says_how_to_sign_in(tmp_path):
    import requests

    from tests.servers import WorkshopServer

    server = WorkshopServer(tmp_path / "instance").start()
    try:
        assert requests.get(f"{server.url}/login", timeout=10).status_code == 200
        log = server.log()
        assert f"Workshop is running at http://127.0.0.1:{server.port}/" in log
        assert "workshop create-user" in log and "workshop demo" in log
        assert (tmp_path / "instance" / "workshop.sqlite3").exists()
    finally:
        server.stop()


def test_the_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    import stat

    from workshop import create_app

    first = create_app({"INSTANCE_PATH": str(tmp_path), "ASYNC_MODE": "threading"})
    again = create_app({"INSTANCE_PATH": str(tmp_path), "ASYNC_MODE": "threading"})
    key_file = tmp_path / "secret_key"
    assert first.config["SECRET_KEY"] == again.config["SECRET_KEY"] == key_file.read_text().strip()
    assert len(first.config["SECRET_KEY"]) >= 40
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
