"""The current item: live status and actual times, extending items on the fly."""

import pytest

from workshop.services.agenda_live import extend_item, move_item, set_current
from workshop.services.errors import Forbidden, Invalid, NotFound


def test_moving_on_records_actual_times_and_marks_items_done_and_live(db, cast):
    f, w = cast.facilitator, cast.workshop
    first, second = cast.item_ids
    opening = set_current(db, f, w, {"item_id": first})
    assert (opening.status, w.current_item_id) == ("live", 1) and opening.actual_start is not None
    drafting = set_current(db, f, w, {"item_id": second})
    assert opening.status == "done" and opening.actual_end is not None
    assert drafting.status == "live" and drafting.actual_end is None
    started = opening.actual_start
    set_current(db, f, w, {"item_id": first})  # coming back keeps the first start
    assert opening.status == "live" and opening.actual_start == started and opening.actual_end is None
    assert drafting.status == "done"
    assert set_current(db, f, w, {"item_id": None}) is None
    assert w.current_item_id is None and opening.status == "done"


def test_extending_and_moving_items_on_the_fly(db, cast):
    f, w = cast.facilitator, cast.workshop
    first, second = cast.item_ids
    assert extend_item(db, f, w, {"item_id": first, "minutes": 15}).duration_minutes == 15
    assert extend_item(db, f, w, {"item_id": first, "minutes": -60}).duration_minutes == 0
    item = move_item(db, f, w, {"item_id": second, "day": 1, "position": 0})
    assert (item.day, item.position) == (1, 0)


def test_steering_the_agenda_checks_role_workshop_and_fields(db, cast):
    f, w = cast.facilitator, cast.workshop
    first, second = cast.item_ids
    for who in (cast.australia, cast.observer):
        with pytest.raises(Forbidden):
            set_current(db, who, w, {"item_id": first})
        with pytest.raises(Forbidden):
            extend_item(db, who, w, {"item_id": first, "minutes": 5})
    for bad in [{}, {"item_id": "1x"}, {"item_id": True}]:
        with pytest.raises(Invalid):
            set_current(db, f, w, bad)
    with pytest.raises(NotFound):
        set_current(db, f, w, {"item_id": 424242})
    for bad in [{"item_id": first}, {"item_id": first, "minutes": 0}, {"item_id": first, "minutes": "five"}]:
        with pytest.raises(Invalid):
            extend_item(db, f, w, bad)
    with pytest.raises(Invalid):
        move_item(db, f, w, {"item_id": first})
