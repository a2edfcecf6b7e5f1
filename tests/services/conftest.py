"""Service-level fixtures: the meeting's workshop, its facilitator as an actor, and delegates by name."""

import pytest

from workshop.models import User, Workshop
from workshop.services.actors import actor_in
from workshop.services.participants import join_workshop


class Room:
    """The arranged meeting seen from the services: staff actor, and delegates joined on demand."""

    def __init__(self, session, meeting):
        self.session = session
        self.meeting = meeting
        self.workshop = session.get(Workshop, meeting.workshop_id)
        user = session.query(User).filter_by(email=meeting.facilitator_email).one()
        self.facilitator = actor_in(session, user, self.workshop)

    def delegate(self, delegation: str, name: str | None = None):
        """A participant of `delegation` as an actor (observers join with the observer code)."""
        code = self.meeting.observer_code if delegation == "Canada" else self.meeting.join_code
        participant, _token = join_workshop(self.session, {
            "code": code, "name": name or f"Delegate of {delegation}", "delegation": delegation})
        return actor_in(self.session, participant, self.workshop)


@pytest.fixture
def room(session, meeting):
    return Room(session, meeting)
