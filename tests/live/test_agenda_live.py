"""agenda.set_current / extend / move over the socket: acks, the `agenda` broadcast, refusals."""

from tests.conftest import events
from tests.live.conftest import error_code, ok


def test_setting_the_current_item_highlights_it_for_everyone(room):
    assert ok(room.staff, "agenda.set_current", {"item_id": 1}) == {"current_item_id": 1}
    for sc in (room.australia, room.observer, room.staff):
        agenda = events(sc, "agenda")[-1]
        assert agenda["current_item_id"] == 1
        assert agenda["items"][0]["status"] == "live" and agenda["items"][0]["actual_start"].endswith("Z")
    ok(room.staff, "agenda.set_current", {"item_id": 2})
    items = events(room.thailand, "agenda")[-1]["items"]
    assert [i["status"] for i in items] == ["done", "live"] and items[0]["actual_end"]


def test_extending_and_moving_items_is_broadcast(room):
    assert ok(room.staff, "agenda.extend", {"item_id": 1, "minutes": 10})["duration_minutes"] == 10
    assert events(room.australia, "agenda")[-1]["items"][0]["duration_minutes"] == 10
    ok(room.staff, "agenda.move", {"item_id": 2, "day": 1, "position": 0})
    items = events(room.australia, "agenda")[-1]["items"]
    assert [i["id"] for i in items] == [2, 1]


def test_delegates_and_observers_cannot_steer_the_agenda(room):
    for sc in (room.australia, room.observer):
        assert error_code(sc, "agenda.set_current", {"item_id": 1}) == "forbidden"
        assert error_code(sc, "agenda.extend", {"item_id": 1, "minutes": 5}) == "forbidden"
        assert error_code(sc, "agenda.move", {"item_id": 1, "position": 1}) == "forbidden"
    assert error_code(room.staff, "agenda.set_current", {"item_id": 9999}) == "not_found"
    assert error_code(room.staff, "agenda.set_current", {"item_id": "1; drop"}) == "invalid"
    assert events(room.thailand, "agenda") == []
