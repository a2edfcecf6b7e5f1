"""Service-level fixtures: the meeting's workshop and actors for each role, arranged through services."""

from dataclasses import dataclass

import pytest

from workshop.models import User, Workshop
from workshop.services.actors import actor_in
from workshop.services.participants import join_workshop


@dataclass
class Cast:
    workshop: Workshop
    facilitator: object
    australia: object  # a delegate
    thailand: object  # a delegate
    philippines: object  # a delegate
    observer: object
    participants: dict


@pytest.fixture
def other_meeting(app, meeting):
    """A second workshop, to try its ids in the first (ask for it before `cast`)."""
    from tests.conftest import make_meeting

    return make_meeting(app, title="Sixth meeting of another group", email="other@example.org")


@pytest.fixture
def cast(session, meeting) -> Cast:
    workshop = session.get(Workshop, meeting.workshop_id)
    user = session.query(User).filter_by(email=meeting.facilitator_email).one()
    people = {}
    for key, name, delegation, code in [
        ("australia", "Ana Lopez", "Australia", meeting.join_code),
        ("thailand", "Somchai K", "Thailand", meeting.join_code),
        ("philippines", "Maria Santos", "Philippines", meeting.join_code),
        ("observer", "Claire Dubois", "Canada", meeting.observer_code),
    ]:
        people[key], _token = join_workshop(session, {"code": code, "name": name, "delegation": delegation})
    session.flush()
    return Cast(workshop, actor_in(session, user, workshop),
                *(actor_in(session, people[k], workshop) for k in ("australia", "thailand", "philippines",
                                                                    "observer")),
                people)


def actor_of(session, cast: Cast, key: str):
    """A fresh actor for a participant whose role may have changed."""
    return actor_in(session, cast.participants[key], cast.workshop)
