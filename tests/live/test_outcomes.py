"""outcome.add|update|move|remove over the socket: everyone sees the ordered list live."""

from tests.conftest import events
from tests.live.conftest import error_code, ok


def test_recording_outcomes_updates_every_screen_in_order(room):
    ids = room.meeting.delegation_ids
    first = ok(room.staff, "outcome.add", {"kind": "agreement", "text": "Endorse the Forward Work Plan.",
                                           "agenda_item_id": 2})
    second = ok(room.staff, "outcome.add", {"kind": "action", "text": "Circulate the register template.",
                                            "lead": [ids["Australia"]], "due": "2024-06-30", "poll_id": None})
    assert second["lead"] == [ids["Australia"]] and second["due"] == "2024-06-30"
    listed = events(room.observer, "outcome")[-1]["outcomes"]
    assert [o["id"] for o in listed] == [first["id"], second["id"]]
    ok(room.staff, "outcome.move", {"outcome_id": second["id"], "position": 0})
    assert [o["id"] for o in events(room.australia, "outcome")[-1]["outcomes"]] == [second["id"], first["id"]]
    updated = ok(room.staff, "outcome.update", {"outcome_id": first["id"], "kind": "next_meeting",
                                                "text": "Meet again in Bangkok in 2025."})
    assert updated["kind"] == "next_meeting" and events(room.thailand, "outcome")[-1]["outcomes"][1] == updated
    assert ok(room.staff, "outcome.remove", {"outcome_id": second["id"]}) == {"id": second["id"]}
    assert [o["id"] for o in events(room.thailand, "outcome")[-1]["outcomes"]] == [first["id"]]


def test_delegates_and_observers_do_not_record_outcomes(room):
    outcome = ok(room.staff, "outcome.add", {"text": "Agreed."})
    for sc in (room.australia, room.observer):
        assert error_code(sc, "outcome.add", {"text": "Mine."}) == "forbidden"
        assert error_code(sc, "outcome.update", {"outcome_id": outcome["id"], "text": "x"}) == "forbidden"
        assert error_code(sc, "outcome.move", {"outcome_id": outcome["id"], "position": 0}) == "forbidden"
        assert error_code(sc, "outcome.remove", {"outcome_id": outcome["id"]}) == "forbidden"
    assert error_code(room.staff, "outcome.add", {"text": "x", "lead": ["Australia"]}) == "invalid"
    assert error_code(room.staff, "outcome.update", {"outcome_id": 4040, "text": "x"}) == "not_found"
    assert len(events(room.thailand, "outcome")) == 1
