"""floor.request|withdraw|grant|done over the socket: everyone sees who speaks and who is next."""

from tests.conftest import events
from tests.live.conftest import act, error_code, ok


def test_the_floor_flow_reaches_every_screen(room):
    speak = ok(room.australia, "floor.request", {"kind": "speak"})
    order = ok(room.thailand, "floor.request", {"kind": "point_of_order"})
    floor = events(room.observer, "floor")[-1]
    assert [r["id"] for r in floor["queue"]] == [order["id"], speak["id"]]
    assert floor["next"]["delegation"] == "Thailand" and floor["speaking"] is None
    granted = ok(room.staff, "floor.grant", {})
    assert granted["id"] == order["id"] and granted["state"] == "speaking"
    floor = events(room.australia, "floor")[-1]
    assert floor["speaking"]["delegation"] == "Thailand" and floor["next"]["id"] == speak["id"]
    ok(room.staff, "floor.grant", {"request_id": speak["id"]})
    ok(room.staff, "floor.done", {})
    assert events(room.thailand, "floor")[-1] == {"speaking": None, "next": None, "queue": []}


def test_withdrawing_and_asking_twice(room):
    speak = ok(room.australia, "floor.request", {})
    assert error_code(room.australia, "floor.request", {"kind": "speak"}) == "conflict"
    assert error_code(room.thailand, "floor.withdraw", {"request_id": speak["id"]}) == "forbidden"
    assert ok(room.australia, "floor.withdraw", {"request_id": speak["id"]})["state"] == "withdrawn"
    assert events(room.thailand, "floor")[-1]["queue"] == []


def test_floor_refusals_for_each_role(room):
    assert error_code(room.observer, "floor.request", {"kind": "speak"}) == "forbidden"
    for sc in (room.australia, room.observer):
        assert error_code(sc, "floor.grant", {}) == "forbidden"
        assert error_code(sc, "floor.done", {}) == "forbidden"
    assert error_code(room.staff, "floor.grant", {}) == "conflict"  # nobody waiting
    assert error_code(room.staff, "floor.request", {"kind": "speak"}) == "invalid"  # staff name the delegation
    assert error_code(room.australia, "floor.request", {"kind": "filibuster"}) == "invalid"
    assert error_code(room.staff, "floor.withdraw", {"request_id": 777}) == "not_found"


def test_a_delegate_asking_and_withdrawing_in_a_loop_is_slowed_down(room):
    codes = []
    for _ in range(8):
        reply = act(room.australia, "floor.request", {"kind": "speak"})
        codes.append(reply["ok"] or reply["error"]["code"])
        if reply["ok"]:
            codes.append(act(room.australia, "floor.withdraw", {"request_id": reply["data"]["id"]})["ok"])
    assert codes[:12] == [True] * 12 and codes[12] == "rate_limited"
    assert ok(room.thailand, "floor.request", {"kind": "speak"})["delegation"] == "Thailand"  # others go on
