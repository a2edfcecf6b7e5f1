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
