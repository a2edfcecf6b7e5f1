"""A room for live tests: the facilitator, two delegates and an observer, each with an open socket."""

from dataclasses import dataclass

import pytest

from tests.conftest import events, join, join_voter


@dataclass
class Room:
    meeting: object
    staff: object
    australia: object
    thailand: object
    observer: object
    tokens: dict
    participant_ids: dict


@pytest.fixture
def room(app, client, meeting, live) -> Room:
    tokens = {
        "australia": join_voter(client, meeting, "Ana Lopez", "Australia"),
        "thailand": join_voter(client, meeting, "Somchai K", "Thailand"),
        "observer": join(client, meeting.observer_code, "Claire Dubois", "Canada"),
    }
    sockets = {name: live(token=token) for name, token in tokens.items()}
    staff = live(token=meeting.facilitator_token, workshop=meeting.slug)
    ids = {}
    for name, sc in [("staff", staff), *sockets.items()]:
        assert sc.is_connected("/live")
        ids[name] = events(sc, "state")[0]["me"]["id"]
    return Room(meeting, staff, sockets["australia"], sockets["thailand"], sockets["observer"], tokens, ids)


def act(sc, name: str, data=None, *, raw: bool = False):
    """Emit an action and return its ack."""
    if raw:
        return sc.emit(name, namespace="/live", callback=True)
    return sc.emit(name, data, namespace="/live", callback=True)


def ok(sc, name: str, data=None):
    reply = act(sc, name, data)
    assert reply["ok"], reply
    return reply["data"]


def error_code(sc, name: str, data=None) -> str:
    reply = act(sc, name, data)
    assert reply["ok"] is False, reply
    return reply["error"]["code"]


BAD_PAYLOADS = [None, [], "text", 7, True]
