"""Engine-level helpers: a section's replica driven by pycrdt peers, without sockets."""

from dataclasses import dataclass

import pytest

from tests.conftest import make_draft
from tests.ypeer import YPeer
from workshop.collab import engine_for
from workshop.collab.protocol import parse_frame, sync_step2
from workshop.collab.replica import Author
from workshop.extensions import db
from workshop.models import Section, Workshop
from workshop.services.actors import actor_in


@dataclass
class Editor:
    """A client editing through the engine directly: its updates are applied as if they came by `y`."""

    peer: YPeer
    author: Author

    def type(self, ctx, index: int, chunk: str) -> None:
        self.peer.insert(index, chunk)
        ctx.push(self)

    def delete(self, ctx, start: int, length: int) -> None:
        self.peer.delete(start, length)
        ctx.push(self)


class Drafting:
    """One section's replica inside an app context."""

    def __init__(self, app, meeting, section_id: int):
        self.app, self.meeting, self.section_id = app, meeting, section_id

    @property
    def engine(self):
        return engine_for(db.session)

    def section(self) -> Section:
        db.session.expire_all()
        return db.session.get(Section, self.section_id)

    def replica(self):
        return self.engine.replica(db.session, self.section())

    def editor(self, delegation: str = "Philippines", name: str = "Maria Santos") -> Editor:
        """A delegate who joined with the code, with a replica synced to the server's."""
        response = self.app.test_client().post("/api/v1/join", json={
            "code": self.meeting.join_code, "name": name, "delegation": delegation})
        participant = response.get_json()["participant"]
        peer = YPeer(self.section_id)
        peer.receive(sync_step2(self.replica().diff(peer.doc.get_state())))
        return Editor(peer, Author("participant", participant["id"], self.meeting.delegation_ids[delegation]))

    def push(self, editor: Editor) -> list:
        changes = []
        for frame in editor.peer.take_updates():
            changes += self.replica().apply(parse_frame(frame).payload, editor.author)
        self.engine.submit(changes)
        return changes

    def chair(self):
        workshop = db.session.get(Workshop, self.meeting.workshop_id)
        return actor_in(db.session, workshop.staff[0].user, workshop), workshop


@pytest.fixture
def drafting_section(app, meeting):
    draft = make_draft(app, meeting)
    with app.app_context():
        yield Drafting(app, meeting, draft.section_id)
