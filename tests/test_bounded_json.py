"""The depth bound on JSON from outside: exact at the limit, and safe far beyond Python's recursion limit."""

import pytest

from workshop import bounded_json
from workshop.bounded_json import MAX_DEPTH, TooDeep, loads, parse, within_depth


def nest(depth: int):
    value = 1
    for _ in range(depth):
        value = [value]
    return value


def test_the_limit_counts_objects_and_lists():
    assert within_depth(nest(MAX_DEPTH)) and not within_depth(nest(MAX_DEPTH + 1))
    assert within_depth({"a": {"b": [1, 2, {"c": "[[[[[[[[[[[[[[[[[[[[[[[[["}]}})
    assert parse('{"a": "' + "[" * 100 + '"}') == {"a": "[" * 100}  # brackets inside text do not count


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_a_too_deep_body_is_a_value_error(depth):
    with pytest.raises(ValueError, match="nested too deeply"):
        parse("[" * depth + "]" * depth)


def test_a_too_deep_event_keeps_its_name_and_a_too_deep_auth_is_empty():
    assert loads('["poll.vote",' + "[" * 50_000 + "]" * 50_000 + "]") == ["poll.vote", {}]
    assert isinstance(loads('["poll.vote",' + "[" * 50_000 + "]" * 50_000 + "]")[1], TooDeep)
    auth = loads('{"token": ' + "[" * 30 + "]" * 30 + "}")
    assert isinstance(auth, TooDeep) and auth.get("token") is None
    with pytest.raises(ValueError):
        loads("[" * 50_000 + "]" * 50_000)
    assert loads('["y",5,{"_placeholder":true,"num":0}]') == ["y", 5, {"_placeholder": True, "num": 0}]
    assert bounded_json.dumps({"a": 1}, separators=(",", ":")) == '{"a":1}'
