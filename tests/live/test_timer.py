"""timer.start|pause|extend|reset over the socket: the broadcast lets every laptop count down alone."""

from datetime import datetime

from tests.conftest import events
from tests.live.conftest import error_code, ok


def parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def test_a_started_timer_reaches_everyone_with_its_end_and_the_server_clock(room):
    data = ok(room.staff, "timer.start", {"seconds": 120, "label": "Presentation: IOM", "purpose": "speaker"})
    for sc in (room.australia, room.observer):
        timer = events(sc, "timer")[-1]
        assert timer == data
    assert data["running"] and data["label"] == "Presentation: IOM" and data["purpose"] == "speaker"
    assert abs((parse(data["ends_at"]) - parse(data["server_now"])).total_seconds() - 120) < 1


def test_pause_extend_reset_change_the_countdown_for_all(room):
    ok(room.staff, "timer.start", {"seconds": 300})
    paused = ok(room.staff, "timer.pause", {})
    assert paused["running"] is False and paused["ends_at"] is None and 298 <= paused["remaining_seconds"] <= 300
    extended = ok(room.staff, "timer.extend", {"seconds": 60})
    assert extended["remaining_seconds"] == paused["remaining_seconds"] + 60
    resumed = ok(room.staff, "timer.start", {})
    assert resumed["running"] and resumed["duration_seconds"] == 360
    reset = ok(room.staff, "timer.reset", {})
    assert reset["status"] == "ready" and reset["remaining_seconds"] == 360
    assert [t["status"] for t in events(room.thailand, "timer")] == ["running", "paused", "paused", "running",
                                                                      "ready"]


def test_only_staff_run_the_timer_and_wrong_states_conflict(room):
    for sc in (room.australia, room.observer):
        for name, data in [("timer.start", {"seconds": 60}), ("timer.pause", {}), ("timer.extend", {"seconds": 5}),
                           ("timer.reset", {})]:
            assert error_code(sc, name, data) == "forbidden"
    assert error_code(room.staff, "timer.pause", {}) == "conflict"
    assert error_code(room.staff, "timer.start", {"seconds": "soon"}) == "invalid"
    assert error_code(room.staff, "timer.extend", {"seconds": 1.5}) == "invalid"
    assert events(room.thailand, "timer") == []
