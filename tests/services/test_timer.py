"""Timer maths: clients count down from ends_at, so the stored state must be exact at every step."""

from datetime import datetime, timedelta

import pytest

from workshop.services import agenda_live
from workshop.services.errors import Conflict, Forbidden, Invalid
from workshop.services.timer import (
    extend_timer,
    pause_timer,
    remaining_seconds,
    reset_timer,
    start_timer,
    timer_data,
)

T0 = datetime(2024, 3, 4, 9, 0, 0)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_started_countdown_ends_exactly_its_length_later(db, cast):
    timer = start_timer(db, cast.facilitator, cast.workshop, {"seconds": 300, "label": "Opening"}, now=T0)
    assert timer.ends_at == at(300)
    assert remaining_seconds(timer, at(120)) == 180
    data = timer_data(timer, at(120))
    assert data["running"] is True and data["status"] == "running"
    assert data["ends_at"] == "2024-03-04T09:05:00.000Z"
    assert data["server_now"] == "2024-03-04T09:02:00.000Z"
    assert data["remaining_seconds"] == 180 and data["label"] == "Opening"


def test_pausing_keeps_the_time_left_and_resuming_counts_on_from_there(db, cast):
    f, w = cast.facilitator, cast.workshop
    start_timer(db, f, w, {"seconds": 300}, now=T0)
    timer = pause_timer(db, f, w, {}, now=at(100))
    assert timer.running is False and timer.remaining_seconds == 200
    assert timer_data(timer, at(5000))["remaining_seconds"] == 200  # time stands still while paused
    assert timer_data(timer, at(5000))["status"] == "paused"
    timer = start_timer(db, f, w, {}, now=at(1000))
    assert timer.ends_at == at(1200)
    assert timer.duration_seconds == 300


def test_extending_adds_time_whether_running_or_paused(db, cast):
    f, w = cast.facilitator, cast.workshop
    start_timer(db, f, w, {"seconds": 60}, now=T0)
    timer = extend_timer(db, f, w, {"seconds": 120}, now=at(30))
    assert timer.ends_at == at(180) and timer.duration_seconds == 180
    pause_timer(db, f, w, {}, now=at(80))
    timer = extend_timer(db, f, w, {"seconds": -30}, now=at(90))
    assert timer.remaining_seconds == 70


def test_an_overrun_countdown_shows_negative_time_and_an_extension_counts_from_now(db, cast):
    f, w = cast.facilitator, cast.workshop
    timer = start_timer(db, f, w, {"seconds": 60}, now=T0)
    data = timer_data(timer, at(75))
    assert data["status"] == "finished" and data["remaining_seconds"] == -15
    timer = extend_timer(db, f, w, {"seconds": 60}, now=at(75))
    assert timer.ends_at == at(135)


def test_reset_winds_back_to_the_full_length_and_stops(db, cast):
    f, w = cast.facilitator, cast.workshop
    start_timer(db, f, w, {"seconds": 90, "label": "Speaker"}, now=T0)
    timer = reset_timer(db, f, w, {}, now=at(50))
    data = timer_data(timer, at(60))
    assert data == {**data, "running": False, "status": "ready", "remaining_seconds": 90, "ends_at": None}
    timer = reset_timer(db, f, w, {"clear": True}, now=at(60))
    assert timer_data(timer, at(60))["status"] == "idle" and timer.label == ""


def test_start_without_length_uses_the_current_items_duration(db, cast):
    f, w = cast.facilitator, cast.workshop
    with pytest.raises(Invalid):
        start_timer(db, f, w, {}, now=T0)
    item = agenda_live.set_current(db, f, w, {"item_id": cast.item_ids[0]})
    item.duration_minutes = 20
    timer = start_timer(db, f, w, {}, now=T0)
    assert timer.ends_at == at(1200) and timer.label == item.title


def test_timer_refuses_wrong_state_bad_values_and_delegates(db, cast):
    f, w = cast.facilitator, cast.workshop
    with pytest.raises(Conflict):
        pause_timer(db, f, w, {}, now=T0)
    start_timer(db, f, w, {"seconds": 10}, now=T0)
    with pytest.raises(Conflict):
        start_timer(db, f, w, {}, now=at(1))
    for bad in [{"seconds": 0}, {"seconds": -5}, {"seconds": "ten"}, {"seconds": 10**9}, {"seconds": True},
                {"seconds": 10, "purpose": "lunch"}, {"seconds": 10, "label": ["x"]}]:
        with pytest.raises(Invalid):
            start_timer(db, f, w, bad, now=at(1))
    with pytest.raises(Invalid):
        extend_timer(db, f, w, {"seconds": 0}, now=at(1))
    for who in (cast.australia, cast.observer):
        with pytest.raises(Forbidden):
            start_timer(db, who, w, {"seconds": 10})
