"""Participants never see a staff account's email address: an account without a name shows as its role."""

import json

from tests.conftest import bearer, make_draft
from tests.live.conftest import ok
from workshop.extensions import db
from workshop.models import Workshop
from workshop.services import accounts, workshops
from workshop.services.actors import actor_in, issue_token

EMAIL = "nameless.officer@example.org"


def test_a_staff_account_without_a_name_is_shown_to_participants_by_its_role(app, client, room, live):
    meeting = room.meeting
    draft = make_draft(app, meeting, body="Members agreed to share good practices.")
    with app.app_context():
        s = db.session
        workshop = s.get(Workshop, meeting.workshop_id)
        secretariat = accounts.create_user(s, EMAIL, "correct horse battery", "secretariat")
        owner = actor_in(s, workshop.staff[0].user, workshop)
        workshops.add_staff(s, owner, workshop, EMAIL, "secretariat")
        token = issue_token(s, user=secretariat)
        s.commit()
    staff = live(token=token, workshop=meeting.slug)
    assert staff.is_connected("/live")
    ok(staff, "follow.set", {"view": "outcomes"})
    poll = ok(staff, "poll.create", {"title": "Priority themes", "method": "single", "options": ["One", "Two"]})
    ok(staff, "poll.open", {"poll_id": poll["id"]})
    ok(staff, "comment.add", {"section_id": draft.section_id, "body": "Please check the dates."})
    ok(staff, "outcome.add", {"kind": "note", "text": "The secretariat will circulate the draft."})

    seen = [m for sc in (room.australia, room.observer) for m in sc.get_received("/live")]
    state = client.get(f"/api/v1/workshops/{meeting.slug}", headers=bearer(room.tokens["australia"]))
    section = client.get(f"/api/v1/workshops/{meeting.slug}/sections/{draft.section_id}",
                         headers=bearer(room.tokens["australia"]))
    everything = json.dumps([seen, state.get_json(), section.get_json()], default=str)
    assert EMAIL not in everything
    assert "Secretariat" in json.dumps(seen)  # who set the view, who is online
    follow = [m["args"][0] for m in seen if m["name"] == "follow"]
    assert follow and follow[-1]["set_by"] == "Secretariat"
