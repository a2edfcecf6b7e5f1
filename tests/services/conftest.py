"""Services run on a plain SQLAlchemy session: no Flask app, no request."""

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from workshop.models import Base
from workshop.services import accounts, workshops
from workshop.services.actors import actor_in


@pytest.fixture
def db():
    engine = create_engine("sqlite://", poolclass=StaticPool)
    event.listen(engine, "connect", lambda conn, _r: conn.execute("PRAGMA foreign_keys=ON"))
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def facilitator(db):
    return accounts.create_user(db, "cochair@example.org", "correct horse battery", "facilitator", "Co-Chairs")


@pytest.fixture
def workshop(db, facilitator):
    return workshops.create_workshop(db, facilitator, {
        "title": "Third Bali Process Meeting of the Technical Experts Group on Returns and Reintegration",
        "city": "Colombo", "country": "Sri Lanka", "start_date": "2020-02-13", "end_date": "2020-02-14"})


@pytest.fixture
def staff(db, facilitator, workshop):
    return actor_in(db, facilitator, workshop)
