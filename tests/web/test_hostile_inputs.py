"""Odd values from outside (superscript digits, ids too large for the database) are refused, never a 500."""

import pytest

from tests.conftest import bearer

# "²" passes str.isdigit() but int() refuses it; 20 digits overflow SQLite's 64-bit integer
ODD_IDS = ["²", "٣", "99999999999999999999999", 2**70]


@pytest.mark.parametrize("delegation", ODD_IDS)
def test_joining_with_an_odd_delegation_reference_asks_to_pick_from_the_list(client, meeting, delegation):
    response = client.post("/api/v1/join", json={"code": meeting.join_code, "name": "Ana", "delegation": delegation})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"


def test_joining_by_delegation_id_as_text_still_works(client, meeting):
    response = client.post("/api/v1/join", json={"code": meeting.join_code, "name": "Ana",
                                                 "delegation": f" {meeting.delegation_ids['Thailand']} "})
    assert response.status_code == 201
    assert response.get_json()["participant"]["delegation_id"] == meeting.delegation_ids["Thailand"]


@pytest.mark.parametrize("revision", ["²", "99999999999999999999999", "-1", "1e3"])
def test_a_redline_from_an_odd_revision_id_is_invalid(client, meeting, revision):
    headers = bearer(meeting.facilitator_token)
    document = client.post(f"/api/v1/workshops/{meeting.slug}/documents", json={"title": "FWP"},
                           headers=headers).get_json()
    section = client.post(f"/api/v1/workshops/{meeting.slug}/documents/{document['id']}/sections",
                          json={"heading": "Returns", "body": "Text"}, headers=headers).get_json()
    response = client.get(f"/api/v1/workshops/{meeting.slug}/sections/{section['id']}/redline",
                          query_string={"from": revision}, headers=headers)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid"


HUGE = "99999999999999999999999"


@pytest.mark.parametrize("method, path", [
    ("patch", f"delegations/{HUGE}"), ("delete", f"delegations/{HUGE}"),
    ("patch", f"agenda/{HUGE}"), ("post", f"agenda/{HUGE}/move"), ("delete", f"agenda/{HUGE}"),
    ("patch", f"participants/{HUGE}"), ("delete", f"participants/{HUGE}"),
])
def test_an_id_too_large_for_the_database_in_the_url_is_not_found(client, meeting, method, path):
    response = getattr(client, method)(f"/api/v1/workshops/{meeting.slug}/{path}", json={"position": 1},
                                       headers=bearer(meeting.facilitator_token))
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
