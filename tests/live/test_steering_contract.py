"""Every steering action answers a payload of the wrong shape with `invalid`, never a timeout."""

from tests.conftest import events
from tests.live.conftest import BAD_PAYLOADS, act

ACTIONS = [
    "agenda.set_current", "agenda.extend", "agenda.move",
    "timer.start", "timer.pause", "timer.extend", "timer.reset",
    "follow.set",
    "floor.request", "floor.withdraw", "floor.grant", "floor.done",
    "group.create", "group.assign", "group.shuffle", "group.remove",
    "outcome.add", "outcome.update", "outcome.remove", "outcome.move",
]


def test_every_steering_action_answers_bad_payloads_with_invalid(room):
    for name in ACTIONS:
        for sc in (room.staff, room.australia):
            reply = act(sc, name, raw=True)
            assert reply["ok"] is False and reply["error"]["code"] == "invalid", (name, reply)
            for bad in BAD_PAYLOADS:
                reply = act(sc, name, bad)
                assert reply["ok"] is False and reply["error"]["code"] == "invalid", (name, bad, reply)
    # Nothing was broadcast: no refused action changes anything
    for sc in (room.staff, room.thailand):
        received = {m["name"] for m in sc.get_received("/live")}
        assert not received & {"agenda", "timer", "follow", "floor", "group", "outcome"}


def test_the_live_state_on_connect_carries_every_steering_area(room, live):
    sc = live(token=room.tokens["thailand"])
    state = events(sc, "state")[0]
    assert state["timer"]["status"] == "idle" and state["follow"]["view"] is None
    assert state["floor"] == {"speaking": None, "next": None, "queue": []}
    assert state["groups"] == [] and state["outcomes"] == []
