"""follow.set over the socket: everyone is told where the facilitator is; only staff lead."""

from tests.conftest import events
from tests.live.conftest import error_code, ok


def test_follow_me_brings_every_screen_to_the_view(room):
    data = ok(room.staff, "follow.set", {"view": "agenda_item", "id": 2})
    assert data["title"] == "Forward Work Plan drafting session"
    for sc in (room.australia, room.observer):
        assert events(sc, "follow")[-1] == data
    ok(room.staff, "follow.set", {"view": None})
    assert events(room.thailand, "follow")[-1]["view"] is None


def test_only_staff_lead_and_targets_must_exist_here(room):
    for sc in (room.australia, room.observer):
        assert error_code(sc, "follow.set", {"view": "outcomes"}) == "forbidden"
    assert error_code(room.staff, "follow.set", {"view": "agenda_item", "id": 404}) == "not_found"
    assert error_code(room.staff, "follow.set", {"view": "wherever"}) == "invalid"
    assert events(room.thailand, "follow") == []


def test_a_draft_poll_is_not_shown_to_the_room(room):
    poll = ok(room.staff, "poll.create", {"title": "Should the secretariat move to Canberra?", "method": "single",
                                          "options": ["Yes", "No"]})
    events(room.australia, "follow")
    assert error_code(room.staff, "follow.set", {"view": "poll", "id": poll["id"]}) == "invalid"
    received = room.australia.get_received("/live")
    assert "Canberra" not in repr(received)
