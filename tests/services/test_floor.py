"""The speakers' queue: order, one open request per delegation and kind, granting and finishing."""

import pytest

from workshop.services.errors import Conflict, Forbidden, Invalid, NotFound
from workshop.services.floor import (
    finish_floor,
    floor_data,
    grant_floor,
    request_floor,
    withdraw_floor,
)


def test_points_of_order_go_first_then_replies_then_speakers_in_the_order_asked(session, cast):
    w = cast.workshop
    request_floor(session, cast.australia, w, {"kind": "speak"})
    request_floor(session, cast.thailand, w, {"kind": "speak"})
    request_floor(session, cast.philippines, w, {"kind": "reply"})
    request_floor(session, cast.thailand, w, {"kind": "point_of_order"})
    queue = floor_data(session, w.id)["queue"]
    assert [(r["delegation"], r["kind"]) for r in queue] == [
        ("Thailand", "point_of_order"), ("Philippines", "reply"), ("Australia", "speak"), ("Thailand", "speak")]
    assert floor_data(session, w.id)["next"]["kind"] == "point_of_order"


def test_granting_takes_the_next_in_queue_and_ends_the_previous_speaker(session, cast):
    w, f = cast.workshop, cast.facilitator
    first = request_floor(session, cast.australia, w, {})
    second = request_floor(session, cast.thailand, w, {})
    grant_floor(session, f, w, {})
    state = floor_data(session, w.id)
    assert state["speaking"]["id"] == first.id and state["next"]["id"] == second.id
    grant_floor(session, f, w, {})
    assert first.state == "done" and first.finished_at is not None
    assert floor_data(session, w.id)["speaking"]["id"] == second.id and floor_data(session, w.id)["queue"] == []
    finish_floor(session, f, w, {})
    assert floor_data(session, w.id) == {"speaking": None, "next": None, "queue": []}
    with pytest.raises(Conflict):
        finish_floor(session, f, w, {})
    with pytest.raises(Conflict):
        grant_floor(session, f, w, {})


def test_a_delegation_holds_one_open_request_per_kind_even_from_two_laptops(session, cast, meeting):
    from workshop.services.actors import actor_in
    from workshop.services.participants import join_workshop

    w = cast.workshop
    colleague, _ = join_workshop(session, {"code": meeting.join_code, "name": "Second Australian",
                                           "delegation": "Australia"})
    request_floor(session, cast.australia, w, {"kind": "speak"})
    with pytest.raises(Conflict):
        request_floor(session, actor_in(session, colleague, w), w, {"kind": "speak"})
    request_floor(session, cast.australia, w, {"kind": "reply"})  # another kind is fine
    assert len(floor_data(session, w.id)["queue"]) == 2


def test_withdrawn_or_finished_requests_free_the_delegation_to_ask_again(session, cast):
    w = cast.workshop
    row = request_floor(session, cast.australia, w, {})
    withdraw_floor(session, cast.australia, w, {"request_id": row.id})
    assert row.state == "withdrawn"
    again = request_floor(session, cast.australia, w, {})
    grant_floor(session, cast.facilitator, w, {"request_id": again.id})
    finish_floor(session, cast.facilitator, w, {"request_id": again.id})
    request_floor(session, cast.australia, w, {})
    with pytest.raises(Conflict):
        withdraw_floor(session, cast.australia, w, {"request_id": again.id})


def test_floor_rights_observers_cannot_ask_and_delegates_only_touch_their_own(session, cast):
    w = cast.workshop
    with pytest.raises(Forbidden):
        request_floor(session, cast.observer, w, {})
    row = request_floor(session, cast.australia, w, {})
    with pytest.raises(Forbidden):
        withdraw_floor(session, cast.thailand, w, {"request_id": row.id})
    with pytest.raises(Forbidden):
        request_floor(session, cast.thailand, w, {"delegation_id": row.delegation_id})
    for steer in (grant_floor, finish_floor):
        with pytest.raises(Forbidden):
            steer(session, cast.australia, w, {})


def test_staff_put_a_delegation_on_the_list_and_bad_requests_are_refused(session, cast, meeting):
    w, f = cast.workshop, cast.facilitator
    row = request_floor(session, f, w, {"delegation_id": meeting.delegation_ids["Indonesia"],
                                        "kind": "point_of_order"})
    assert row.delegation.name == "Indonesia"
    for bad in [{}, {"delegation_id": "x"}, {"delegation_id": meeting.delegation_ids["Indonesia"], "kind": "sing"}]:
        with pytest.raises(Invalid):
            request_floor(session, f, w, bad)
    with pytest.raises(NotFound):
        request_floor(session, f, w, {"delegation_id": 99999})
    with pytest.raises(NotFound):
        grant_floor(session, f, w, {"request_id": 99999})
