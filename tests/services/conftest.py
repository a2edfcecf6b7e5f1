"""Services run on a plain SQLAlchemy session: no Flask app, no request."""

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from workshop.models import Base
from workshop.services import accounts, delegations, participants, workshops
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


DELEGATIONS = [
    ("Australia", "member_state"), ("Philippines", "member_state"), ("Thailand", "member_state"),
    ("Indonesia", "member_state"), ("International Organization for Migration (IOM)", "member_organisation"),
    ("Canada", "observer_state"),
]


class Room:
    """A workshop ready for a vote: its facilitator, five voting delegations and an observer state."""

    def __init__(self, session, workshop, staff):
        self.session, self.workshop, self.facilitator = session, workshop, staff
        self.delegation_ids = {
            name: delegations.add_delegation(session, staff, workshop, {"name": name, "kind": kind}).id
            for name, kind in DELEGATIONS}

    def delegate(self, delegation: str, name: str | None = None):
        """A participant of `delegation`, joined with the code an observer or a delegate would use."""
        code = self.workshop.observer_code if delegation == "Canada" else self.workshop.join_code
        participant, _token = participants.join_workshop(self.session, {
            "code": code, "name": name or f"Delegate of {delegation}", "delegation": delegation})
        return actor_in(self.session, participant, self.workshop)


@pytest.fixture
def room(db, workshop, staff):
    return Room(db, workshop, staff)
