import re

import pytest

from workshop.services import accounts, workshops
from workshop.services.actors import actor_in
from workshop.services.errors import Forbidden, Invalid

READABLE = re.compile(r"^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$")


def test_a_new_workshop_has_distinct_readable_codes_and_its_creator_on_staff(db, workshop, facilitator):
    assert READABLE.match(workshop.join_code) and READABLE.match(workshop.observer_code)
    assert workshop.join_code != workshop.observer_code
    assert not set("01OIL") & set(workshop.join_code + workshop.observer_code)
    assert [(s.user_id, s.role) for s in workshop.staff] == [(facilitator.id, "facilitator")]
    assert workshop.slug.startswith("third-bali-process-meeting")
    assert workshop.status == "draft" and workshop.modality == "in_person"


def test_codes_are_unpredictable(db, facilitator):
    codes = {workshops.create_workshop(db, facilitator, {"title": f"Meeting {n}"}).join_code for n in range(30)}
    assert len(codes) == 30


def test_codes_are_read_back_however_they_are_typed():
    assert workshops.normalise_code(" abcd-efgh ") == "ABCDEFGH"
    assert workshops.display_code("ABCDEFGH") == "ABCD-EFGH"


def test_a_second_workshop_with_the_same_title_gets_its_own_slug(db, facilitator, workshop):
    again = workshops.create_workshop(db, facilitator, {"title": workshop.title})
    assert again.slug == workshop.slug + "-2"


@pytest.mark.parametrize("data,field", [
    ({}, "title"),
    ({"title": "   "}, "title"),
    ({"title": 7}, "title"),
    ({"title": "x" * 301}, "title"),
    ({"title": "T", "start_date": "13/02/2020"}, "start_date"),
    ({"title": "T", "start_date": "2020-02-14", "end_date": "2020-02-13"}, "end_date"),
    ({"title": "T", "modality": "teleport"}, "modality"),
    ({"title": "T", "ordinal": "third"}, "ordinal"),
    ({"title": "T", "ordinal": 0}, "ordinal"),
])
def test_bad_details_are_refused_naming_the_field(db, facilitator, data, field):
    with pytest.raises(Invalid) as error:
        workshops.create_workshop(db, facilitator, data)
    assert error.value.field == field
    assert error.value.message


def test_regenerating_the_join_code_retires_the_old_one(db, workshop, staff):
    old = workshop.join_code
    new = workshops.regenerate_code(db, staff, workshop, "join")
    assert new != old and workshop.join_code == new and READABLE.match(new)
    with pytest.raises(Invalid):
        workshops.regenerate_code(db, staff, workshop, "admin")


def test_only_staff_of_the_workshop_reach_it(db, workshop):
    stranger = accounts.create_user(db, "other@example.org", "correct horse battery", "facilitator")
    with pytest.raises(Forbidden):
        actor_in(db, stranger, workshop)


def test_control_characters_are_stripped_from_text(db, facilitator):
    workshop = workshops.create_workshop(db, facilitator, {"title": "Sixth\x00 meeting\x07 of  TEG-RR"})
    assert workshop.title == "Sixth meeting of TEG-RR"
