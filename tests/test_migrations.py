"""The migrations build the schema the models describe, from an empty database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from workshop import create_app
from workshop.extensions import db


def test_upgrading_an_empty_database_to_head_matches_the_models(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "ASYNC_MODE": "threading", "SECRET_KEY": "x"})
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "render_as_batch": True})
        assert compare_metadata(context, db.metadata) == []
        assert context.get_current_revision() is not None
    engine = create_engine(f"sqlite:///{tmp_path / 'workshop.sqlite3'}")
    assert {"workshop", "delegation", "participant", "agenda_item", "audit_event"} <= set(
        inspect(engine).get_table_names())
    engine.dispose()


def test_a_second_start_migrates_nothing_and_keeps_data(tmp_path):
    config = {"INSTANCE_PATH": str(tmp_path), "ASYNC_MODE": "threading", "SECRET_KEY": "x"}
    from workshop.services import accounts

    app = create_app(config)
    with app.app_context():
        accounts.create_user(db.session, "a@example.org", "correct horse battery", "facilitator")
        db.session.commit()
        db.engine.dispose()
    again = create_app(config)
    with again.app_context():
        assert accounts.count_users(db.session) == 1
        db.engine.dispose()


def test_the_casefold_keys_are_filled_for_rows_from_before(tmp_path):
    """Delegations and accounts made before the keys existed are found by their folded names; two names
    folding alike in one workshop both survive the upgrade."""
    import flask_migrate
    from sqlalchemy import text

    from workshop.database import MIGRATIONS

    app = create_app({"INSTANCE_PATH": str(tmp_path), "ASYNC_MODE": "threading", "SECRET_KEY": "x",
                      "AUTO_MIGRATE": False})
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS, revision="0006_group_sections")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO user_account (id, email, name, role, password_hash, created_at) "
                "VALUES (1, 'anna@example.org', '', 'facilitator', 'x', '2024-01-01 00:00:00')"))
            connection.execute(text(
                "INSERT INTO workshop (id, slug, title, process, body, city, country, venue, modality, status, "
                "join_code, observer_code, created_at) VALUES (1, 'w', 'W', '', '', '', '', '', 'in_person', "
                "'draft', 'AAAAAAAA', 'BBBBBBBB', '2024-01-01 00:00:00')"))
            for id_, name in [(1, "ÉQUATEUR"), (2, "Straße"), (3, "STRASSE")]:
                connection.execute(text(
                    "INSERT INTO delegation (id, workshop_id, name, sort_name, kind, attendance, co_chair, colour) "
                    "VALUES (:id, 1, :name, :name, 'member_state', 'present', 0, '#1f6feb')"),
                    {"id": id_, "name": name})
        flask_migrate.upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            keys = dict(connection.execute(text("SELECT id, name_key FROM delegation")).all())
            email_key = connection.execute(text("SELECT email_key FROM user_account")).scalar()
        db.engine.dispose()
    assert keys == {1: "équateur", 2: "strasse", 3: "strasse#3"}
    assert email_key == "anna@example.org"


def test_upgrading_a_database_with_delegations_gives_each_its_own_code(tmp_path):
    """0007_trust_identity: delegations that existed before get a unique code in the workshop codes' alphabet;
    participants who joined before are not voters until staff confirm them."""
    import re

    import flask_migrate
    from sqlalchemy import text

    from workshop.database import MIGRATIONS

    config = {"INSTANCE_PATH": str(tmp_path), "ASYNC_MODE": "threading", "SECRET_KEY": "x", "AUTO_MIGRATE": False}
    app = create_app(config)
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS, revision="0006_group_sections")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO workshop (id, slug, title, process, body, city, country, venue, modality, status, "
                "join_code, observer_code, created_at) VALUES (1, 'teg', 'TEG-RR', '', '', '', '', '', "
                "'in_person', 'live', 'ABCDEFGH', 'HGFEDCBA', '2024-03-04 09:00:00')"))
            for n, name in enumerate(["Australia", "Thailand", "Canada"], start=1):
                connection.execute(text(
                    "INSERT INTO delegation (id, workshop_id, name, sort_name, kind, attendance, co_chair, colour) "
                    "VALUES (:id, 1, :name, :name, 'member_state', 'present', 0, '#1f6feb')"), {"id": n, "name": name})
            connection.execute(text(
                "INSERT INTO participant (id, workshop_id, delegation_id, name, role, joined_at) "
                "VALUES (1, 1, 1, 'Ana', 'delegate', '2024-03-04 09:05:00')"))
        flask_migrate.upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            codes = [row[0] for row in connection.execute(text("SELECT join_code FROM delegation ORDER BY id"))]
            voter = connection.execute(text("SELECT voter FROM participant WHERE id = 1")).scalar()
        db.engine.dispose()
    assert len(codes) == 3 and len(set(codes) | {"ABCDEFGH", "HGFEDCBA"}) == 5
    assert all(re.fullmatch(r"[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}", code) for code in codes)
    assert not voter
