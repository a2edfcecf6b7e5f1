import pytest

from workshop.services import agenda
from workshop.services.errors import Invalid, NotFound


def titles(db, workshop, day):
    return [i.title for i in agenda.day_items(db, workshop.id, day)]


@pytest.fixture
def day_one(db, workshop, staff):
    for title in ["Opening", "Presentations", "Group work"]:
        agenda.add_item(db, staff, workshop, {"title": title, "day": 1})
    return agenda.day_items(db, workshop.id, 1)


def test_items_are_appended_in_order_and_can_be_inserted(db, workshop, staff, day_one):
    agenda.add_item(db, staff, workshop, {"title": "Welcome", "day": 1, "position": 0})
    assert titles(db, workshop, 1) == ["Welcome", "Opening", "Presentations", "Group work"]
    assert [i.position for i in agenda.day_items(db, workshop.id, 1)] == [0, 1, 2, 3]


def test_moving_an_item_within_a_day_and_to_another_day_keeps_positions_dense(db, workshop, staff, day_one):
    opening, presentations, group_work = day_one
    agenda.move_item(db, staff, workshop, group_work.id, {"position": 0})
    assert titles(db, workshop, 1) == ["Group work", "Opening", "Presentations"]
    agenda.move_item(db, staff, workshop, opening.id, {"day": 2, "position": 0})
    assert titles(db, workshop, 1) == ["Group work", "Presentations"]
    assert titles(db, workshop, 2) == ["Opening"]
    assert [i.position for i in agenda.day_items(db, workshop.id, 1)] == [0, 1]


def test_times_and_kinds_are_checked(db, workshop, staff):
    item = agenda.add_item(db, staff, workshop, {"title": "Drafting", "starts_at": "9.30", "kind": "drafting",
                                                 "duration_minutes": "150"})
    assert item.starts_at.strftime("%H:%M") == "09:30" and item.duration_minutes == 150
    for bad in [{"starts_at": "25:00"}, {"kind": "party"}, {"duration_minutes": -5}, {"day": 3}, {"day": "one"}]:
        with pytest.raises(Invalid):
            agenda.add_item(db, staff, workshop, {"title": "X", **bad})


def test_the_live_item_cannot_be_removed(db, workshop, staff, day_one):
    workshop.current_item_id = day_one[0].id
    with pytest.raises(Invalid):
        agenda.remove_item(db, staff, workshop, day_one[0].id)
    agenda.remove_item(db, staff, workshop, day_one[1].id)
    assert titles(db, workshop, 1) == ["Opening", "Group work"]


def test_items_of_another_workshop_are_not_found(db, facilitator, workshop, staff, day_one):
    from workshop.services import workshops
    from workshop.services.actors import actor_in

    other = workshops.create_workshop(db, facilitator, {"title": "Another meeting"})
    with pytest.raises(NotFound):
        agenda.move_item(db, actor_in(db, facilitator, other), other, day_one[0].id, {"position": 0})
