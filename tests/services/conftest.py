"""Services run on a plain SQLAlchemy session: no Flask app, no request."""

from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from workshop.models import Base
from workshop.services import accounts, delegations, participants, workshops
from workshop.services.actors import actor_in
from workshop.services.participants import join_workshop


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


MEETING_DELEGATIONS = [
    ("Australia", "member_state", True), ("Philippines", "member_state", True),
    ("Thailand", "member_state", False), ("Indonesia", "member_state", False),
    ("International Organization for Migration (IOM)", "member_organisation", False),
    ("Canada", "observer_state", False),
]


def arrange_meeting(db, staff, workshop) -> dict:
    """Delegations and a two-item agenda for a workshop; returns the delegation ids by name."""
    from workshop.services import agenda

    ids = {name: delegations.add_delegation(db, staff, workshop, {"name": name, "kind": kind,
                                                                  "co_chair": co_chair}).id
           for name, kind, co_chair in MEETING_DELEGATIONS}
    for title, day in [("Opening and welcome by the co-chairs", 1), ("Forward Work Plan drafting session", 2)]:
        agenda.add_item(db, staff, workshop, {"title": title, "day": day, "kind": "opening"})
    return ids


@dataclass
class Cast:
    """The workshop with actors in each role: the facilitator, three delegates and an observer."""

    workshop: object
    facilitator: object
    australia: object
    thailand: object
    philippines: object
    observer: object
    participants: dict
    delegation_ids: dict
    item_ids: list


@pytest.fixture
def other_meeting(db, facilitator, cast):
    """A second workshop in the same database, to try its ids in the first."""
    other = workshops.create_workshop(db, facilitator, {"title": "Another meeting"})
    actor = actor_in(db, facilitator, other)
    ids = arrange_meeting(db, actor, other)
    from workshop.services.agenda import list_items

    return {"workshop": other, "staff": actor, "delegation_ids": ids,
            "item_ids": [i.id for i in list_items(db, other.id)]}


@pytest.fixture
def cast(db, staff, workshop) -> Cast:
    from workshop.services.agenda import list_items

    ids = arrange_meeting(db, staff, workshop)
    people = {}
    for key, name, delegation, code in [
        ("australia", "Ana Lopez", "Australia", workshop.join_code),
        ("thailand", "Somchai K", "Thailand", workshop.join_code),
        ("philippines", "Maria Santos", "Philippines", workshop.join_code),
        ("observer", "Claire Dubois", "Canada", workshop.observer_code),
    ]:
        people[key], _token = join_workshop(db, {"code": code, "name": name, "delegation": delegation})
    db.flush()
    actors = [actor_in(db, people[k], workshop) for k in ("australia", "thailand", "philippines", "observer")]
    return Cast(workshop, staff, *actors, people, ids, [i.id for i in list_items(db, workshop.id)])


def actor_of(db, cast: Cast, key: str):
    """A fresh actor for a participant whose role may have changed."""
    return actor_in(db, cast.participants[key], cast.workshop)


DELEGATIONS = [
    ("Australia", "member_state"), ("Philippines", "member_state"), ("Thailand", "member_state"),
    ("Indonesia", "member_state"), ("International Organization for Migration (IOM)", "member_organisation"),
    ("Canada", "observer_state"),
]


class Room:
    """A workshop ready for a vote: its facilitator, five voting delegations and an observer state; each
    member delegation has its head of delegation, joined with the delegation's own code (a confirmed
    voter), before any poll opens."""

    def __init__(self, session, workshop, staff):
        self.session, self.workshop, self.facilitator = session, workshop, staff
        made = {name: delegations.add_delegation(session, staff, workshop, {"name": name, "kind": kind})
                for name, kind in DELEGATIONS}
        self.delegation_ids = {name: d.id for name, d in made.items()}
        self.codes = {name: d.join_code for name, d in made.items()}
        self.heads = {name: self.join(self.codes[name], f"Delegate of {name}", None)
                      for name, kind in DELEGATIONS if kind != "observer_state"}

    def join(self, code: str, name: str, delegation):
        participant, _token = participants.join_workshop(self.session, {"code": code, "name": name,
                                                                        "delegation": delegation})
        return participant

    def delegate(self, delegation: str, name: str | None = None, *, voter: bool = True):
        """A participant of `delegation`: without a name its head of delegation (a confirmed voter); with a
        name a new participant, a confirmed voter (delegation code) unless `voter=False` (delegate code)."""
        if delegation == "Canada":
            participant = self.join(self.workshop.observer_code, name or "Delegate of Canada", "Canada")
        elif name is None:
            participant = self.heads[delegation]
        elif voter:
            participant = self.join(self.codes[delegation], name, None)
        else:
            participant = self.join(self.workshop.join_code, name, delegation)
        return actor_in(self.session, participant, self.workshop)


@pytest.fixture
def room(db, workshop, staff):
    return Room(db, workshop, staff)
