"""Deeply nested JSON bodies are refused as invalid (400), never a 500."""

import pytest

from tests.conftest import bearer


def nested(depth: int) -> str:
    return '{"name": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("depth", [25, 100_000])
def test_a_deeply_nested_body_is_invalid(client, meeting, depth):
    headers = {**bearer(meeting.facilitator_token), "Content-Type": "application/json"}
    for path in (f"/api/v1/workshops/{meeting.slug}/delegations", f"/api/v1/workshops/{meeting.slug}/agenda",
                 "/api/v1/workshops"):
        response = client.post(path, data=nested(depth), headers=headers)
        assert response.status_code == 400, (path, response.status_code)
        error = response.get_json()["error"]
        assert error["code"] == "invalid" and "nested too deeply" in error["message"]
    response = client.post("/api/v1/join", data=nested(depth), headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid"


def test_ordinary_nesting_is_still_accepted(client, meeting):
    response = client.post(f"/api/v1/workshops/{meeting.slug}/delegations", headers=bearer(meeting.facilitator_token),
                           json={"name": "Viet Nam", "extra": [[[{"a": [1, 2]}]]]})
    assert response.status_code == 201
