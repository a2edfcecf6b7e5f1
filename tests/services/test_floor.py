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


def test_points_of_order_go_first_then_replies_then_speakers_in_the_order_asked(db, cast):
    w = cast.workshop
    request_floor(db, cast.australia, w, {"kind": "speak"})
    request_floor(db, cast.thailand, w, {"kind": "speak"})
    request_floor(db, cast.philippines, w, {"kind": "reply"})
    request_floor(db, cast.thailand, w, {"kind": "point_of_order"})
    queue = floor_data(db, w.id)["queue"]
    assert [(r["delegation"], r["kind"]) for r in queue] == [
        ("Thailand", "point_of_order"), ("Philippines", "reply"), ("Australia", "speak"), ("Thailand", "speak")]
    assert floor_data(db, w.id)["next"]["kind"] == "point_of_order"


def test_granting_takes_the_next_in_queue_and_ends_the_previous_speaker(db, cast):
    w, f = cast.workshop, cast.facilitator
    first = request_floor(db, cast.australia, w, {})
    second = request_floor(db, cast.thailand, w, {})
    grant_floor(db, f, w, {})
    state = floor_data(db, w.id)
    assert state["speaking"]["id"] == first.id and state["next"]["id"] == second.id
    grant_floor(db, f, w, {})
    assert first.state == "done" and first.finished_at is not None
    assert floor_data(db, w.id)["speaking"]["id"] == second.id and floor_data(db, w.id)["queue"] == []
    finish_floor(db, f, w, {})
    assert floor_data(db, w.id) == {"speaking": None, "next": None, "queue": []}
    with pytest.raises(Conflict):
        finish_floor(db, f, w, {})
    with pytest.raises(Conflict):
        grant_floor(db, f, w, {})


def test_a_delegation_holds_one_open_request_per_kind_even_from_two_laptops(db, cast):
    from workshop.services.actors import actor_in
    from workshop.services.participants import join_workshop

    w = cast.workshop
    colleague, _ = join_workshop(db, {"code": w.join_code, "name": "Second Australian",
                                           "delegation": "Australia"})
    request_floor(db, cast.australia, w, {"kind": "speak"})
    with pytest.raises(Conflict):
        request_floor(db, actor_in(db, colleague, w), w, {"kind": "speak"})
    request_floor(db, cast.australia, w, {"kind": "reply"})  # another kind is fine
    assert len(floor_data(db, w.id)["queue"]) == 2


def test_withdrawn_or_finished_requests_free_the_delegation_to_ask_again(db, cast):
    w = cast.workshop
    row = request_floor(db, cast.australia, w, {})
    withdraw_floor(db, cast.australia, w, {"request_id": row.id})
    assert row.state == "withdrawn"
    again = request_floor(db, cast.australia, w, {})
    grant_floor(db, cast.facilitator, w, {"request_id": again.id})
    finish_floor(db, cast.facilitator, w, {"request_id": again.id})
    request_floor(db, cast.australia, w, {})
    with pytest.raises(Conflict):
        withdraw_floor(db, cast.australia, w, {"request_id": again.id})


def test_floor_rights_observers_cannot_ask_and_delegates_only_touch_their_own(db, cast):
    w = cast.workshop
    with pytest.raises(Forbidden):
        request_floor(db, cast.observer, w, {})
    row = request_floor(db, cast.australia, w, {})
    with pytest.raises(Forbidden):
        withdraw_floor(db, cast.thailand, w, {"request_id": row.id})
    with pytest.raises(Forbidden):
        request_floor(db, cast.thailand, w, {"delegation_id": row.delegation_id})
    for steer in (grant_floor, finish_floor):
        with pytest.raises(Forbidden):
            steer(db, cast.australia, w, {})


def test_staff_put_a_delegation_on_the_list_and_bad_requests_are_refused(db, cast):
    w, f = cast.workshop, cast.facilitator
    row = request_floor(db, f, w, {"delegation_id": cast.delegation_ids["Indonesia"],
                                        "kind": "point_of_order"})
    assert row.delegation.name == "Indonesia"
    for bad in [{}, {"delegation_id": "x"}, {"delegation_id": cast.delegation_ids["Indonesia"], "kind": "sing"}]:
        with pytest.raises(Invalid):
            request_floor(db, f, w, bad)
    with pytest.raises(NotFound):
        request_floor(db, f, w, {"delegation_id": 99999})
    with pytest.raises(NotFound):
        grant_floor(db, f, w, {"request_id": 99999})


def test_two_laptops_asking_at_the_same_instant_queue_the_delegation_once(db, cast, monkeypatch):
    from workshop.services import floor

    w = cast.workshop
    request_floor(db, cast.australia, w, {"kind": "speak"})
    db.commit()
    # The second request passed its check before the first was stored: the database refuses it
    monkeypatch.setattr(floor, "open_request_id", lambda *_args: None)
    with pytest.raises(Conflict):
        request_floor(db, cast.australia, w, {"kind": "speak"})
    db.rollback()
    assert [r["delegation"] for r in floor_data(db, w.id)["queue"]] == ["Australia"]
