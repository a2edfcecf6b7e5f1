"""A socket payload nested too deeply is acked invalid and the connection stays (no crash, no silent drop)."""

from tests.live.conftest import error_code, ok


def send_raw(sc, text_after_id: str) -> dict:
    """Send an event packet written by hand (the client library cannot encode what it cannot nest) and
    return its ack."""
    sc.callback_counter += 1
    sc.socketio.server._handle_eio_message(sc.eio_sid, f"2/live,{sc.callback_counter}{text_after_id}")
    ack, sc.acks = sc.acks, None
    assert ack is not None, "the action was not acked"
    return ack["args"][0]


def test_a_payload_nested_beyond_the_recursion_limit_is_acked_invalid(room):
    for depth in (50_000, 200):
        ack = send_raw(room.australia, '["floor.request",{"x":' + "[" * depth + "]" * depth + "}]")
        assert ack["ok"] is False and ack["error"]["code"] == "invalid"
        assert "nested too deeply" in ack["error"]["message"]
    assert room.australia.is_connected("/live")
    assert ok(room.australia, "floor.request", {}) is not None


def test_a_payload_nested_a_little_too_deep_is_invalid_even_for_an_action_that_ignores_the_field(room):
    note = "x"
    for _ in range(24):
        note = [note]
    deep = {"view": "outcomes", "note": note}
    assert error_code(room.staff, "follow.set", deep) == "invalid"
    assert ok(room.staff, "follow.set", {"view": "outcomes"})["view"] == "outcomes"
