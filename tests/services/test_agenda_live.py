"""The current item: live status and actual times, extending items on the fly."""

import pytest

from workshop.services.agenda_live import extend_item, move_item, set_current
from workshop.services.errors import Forbidden, Invalid, NotFound


def test_moving_on_records_actual_times_and_marks_items_done_and_live(session, cast):
    f, w = cast.facilitator, cast.workshop
    opening = set_current(session, f, w, {"item_id": 1})
    assert (opening.status, w.current_item_id) == ("live", 1) and opening.actual_start is not None
    drafting = set_current(session, f, w, {"item_id": 2})
    assert opening.status == "done" and opening.actual_end is not None
    assert drafting.status == "live" and drafting.actual_end is None
    started = opening.actual_start
    set_current(session, f, w, {"item_id": 1})  # coming back keeps the first start
    assert opening.status == "live" and opening.actual_start == started and opening.actual_end is None
    assert drafting.status == "done"
    assert set_current(session, f, w, {"item_id": None}) is None
    assert w.current_item_id is None and opening.status == "done"


def test_extending_and_moving_items_on_the_fly(session, cast):
    f, w = cast.facilitator, cast.workshop
    assert extend_item(session, f, w, {"item_id": 1, "minutes": 15}).duration_minutes == 15
    assert extend_item(session, f, w, {"item_id": 1, "minutes": -60}).duration_minutes == 0
    item = move_item(session, f, w, {"item_id": 2, "day": 1, "position": 0})
    assert (item.day, item.position) == (1, 0)


def test_steering_the_agenda_checks_role_workshop_and_fields(session, cast):
    f, w = cast.facilitator, cast.workshop
    for who in (cast.australia, cast.observer):
        with pytest.raises(Forbidden):
            set_current(session, who, w, {"item_id": 1})
        with pytest.raises(Forbidden):
            extend_item(session, who, w, {"item_id": 1, "minutes": 5})
    for bad in [{}, {"item_id": "1x"}, {"item_id": True}]:
        with pytest.raises(Invalid):
            set_current(session, f, w, bad)
    with pytest.raises(NotFound):
        set_current(session, f, w, {"item_id": 424242})
    for bad in [{"item_id": 1}, {"item_id": 1, "minutes": 0}, {"item_id": 1, "minutes": "five"}]:
        with pytest.raises(Invalid):
            extend_item(session, f, w, bad)
    with pytest.raises(Invalid):
        move_item(session, f, w, {"item_id": 1})
