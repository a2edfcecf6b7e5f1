"""A joined socket's edit right is kept between frames and dropped as soon as a change may alter it."""

import threading

from sqlalchemy import event

from tests.conftest import bearer
from tests.live.test_collab_guards import facilitator
from tests.live.test_collab_protocol import delegate
from workshop.extensions import db
from workshop.live import rights_watch


def participant_id(client, meeting, name) -> int:
    listed = client.get(f"/api/v1/workshops/{meeting.slug}/participants", headers=bearer(meeting.facilitator_token))
    return next(p["id"] for p in listed.get_json()["participants"] if p["name"] == name)


class StatementCounter:
    """SQL statements this thread sends (the collaboration writer's own thread is not counted)."""

    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine
        self.thread = threading.get_ident()
        self.count = 0

    def _seen(self, *_args):
        if threading.get_ident() == self.thread:
            self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._seen)


def test_typing_reads_nothing_from_the_database_while_no_rights_change(app, live, client, meeting, draft):
    editor = delegate(live, client, meeting, draft)
    reader = delegate(live, client, meeting, draft, "Somchai", "Thailand")
    editor.join()
    reader.join()
    editor.type(0, "First.")
    with StatementCounter(app) as statements:
        for index, char in enumerate(" Second sentence."):
            editor.type(len("First.") + index, char)
    reader.pump()
    assert reader.value == "First. Second sentence."
    assert statements.count == 0


def test_a_delegate_made_observer_is_refused_on_the_very_next_frame(app, live, client, meeting, draft):
    editor = delegate(live, client, meeting, draft)
    chair = facilitator(live, meeting, draft)
    editor.join()
    chair.join()
    editor.type(0, "Draft.")
    before = rights_watch.generation()
    chair_http = app.test_client()  # the joining client carries the delegate's cookie
    maria = participant_id(chair_http, meeting, "Maria Santos")
    changed = chair_http.patch(f"/api/v1/workshops/{meeting.slug}/participants/{maria}",
                               json={"role": "observer"}, headers=bearer(meeting.facilitator_token))
    assert changed.status_code == 200
    assert rights_watch.generation() > before
    editor.type(len(editor.value), " Late change.")
    editor.pump()
    assert editor.errors[-1]["code"] == "forbidden"
    chair.pump()
    assert chair.value == "Draft."


def test_changes_that_cannot_alter_rights_keep_the_cached_right(app, live, client, meeting, draft):
    editor = delegate(live, client, meeting, draft)
    editor.join()
    before = rights_watch.generation()
    editor.type(0, "Text the writer logs and mirrors.")
    with app.app_context():
        from workshop.collab import engine_for

        engine_for(db.session).flush()  # updates the section's Markdown mirror, not its status
        assert engine_for(db.session).loaded(draft.section_id).markdown() == "Text the writer logs and mirrors."
    assert rights_watch.generation() == before
    editor.type(0, "More. ")
    editor.pump()
    assert editor.errors == []


def test_a_change_rolled_back_does_not_drop_cached_rights(app, client, meeting):
    from tests.conftest import join
    from workshop.models import Participant

    join(client, meeting.join_code, "Maria Santos", "Philippines")
    before = rights_watch.generation()
    with app.app_context():
        participant = db.session.query(Participant).first()
        participant.role = "observer"
        db.session.flush()
        db.session.rollback()
        assert rights_watch.generation() == before
        participant = db.session.query(Participant).first()
        participant.role = "observer"
        db.session.commit()
    assert rights_watch.generation() == before + 1
