"""group.create|assign|shuffle|remove over the socket, and the rapporteur's new rights."""

from tests.conftest import events
from tests.live.conftest import error_code, ok


def test_naming_a_rapporteur_tells_everyone_and_gives_them_the_rights_at_once(room):
    ids = room.meeting.delegation_ids
    created = ok(room.staff, "group.create", {"name": "Group A", "topic": "Reintegration support"})
    assert created["delegation_ids"] == [] and events(room.thailand, "group")[-1]["groups"] == [created]
    roster = ok(room.staff, "group.assign", {"group_id": created["id"],
                                             "delegation_ids": [ids["Australia"], ids["Thailand"]]})
    assert roster["delegations"] == ["Australia", "Thailand"]
    assert error_code(room.australia, "outcome.add", {"text": "Not yet."}) == "forbidden"
    group = ok(room.staff, "group.assign", {"group_id": created["id"],
                                            "rapporteur_id": room.participant_ids["australia"]})
    assert group["rapporteur"]["name"] == "Ana Lopez"
    assert events(room.thailand, "group")[-1]["groups"][0]["rapporteur"]["name"] == "Ana Lopez"
    me = events(room.australia, "me")[-1]
    assert me["role"] == "rapporteur" and "outcome.record" in me["rights"]
    assert events(room.thailand, "me") == []  # only the participant whose role changed hears it
    people = events(room.staff, "participants")[-1]["participants"]
    assert [p["role"] for p in people if p["name"] == "Ana Lopez"] == ["rapporteur"]
    outcome = ok(room.australia, "outcome.add", {"kind": "recommendation", "text": "Pilot the register."})
    assert outcome["group_id"] == created["id"]


def test_shuffle_and_remove_groups(room):
    one = ok(room.staff, "group.create", {"name": "One"})
    two = ok(room.staff, "group.create", {"name": "Two"})
    shuffled = ok(room.staff, "group.shuffle", {"group_ids": [one["id"], two["id"]]})["groups"]
    assert sorted(len(g["delegation_ids"]) for g in shuffled) == [2, 3]
    ok(room.staff, "group.remove", {"group_id": one["id"]})
    assert [g["name"] for g in events(room.observer, "group")[-1]["groups"]] == ["Two"]


def test_only_staff_build_groups(room):
    group = ok(room.staff, "group.create", {"name": "One"})
    for sc in (room.australia, room.observer):
        assert error_code(sc, "group.create", {"name": "Ours"}) == "forbidden"
        assert error_code(sc, "group.assign", {"group_id": group["id"], "topic": "x"}) == "forbidden"
        assert error_code(sc, "group.shuffle", {"group_ids": [group["id"]]}) == "forbidden"
        assert error_code(sc, "group.remove", {"group_id": group["id"]}) == "forbidden"
    observer = room.participant_ids["observer"]
    assert error_code(room.staff, "group.assign", {"group_id": group["id"], "rapporteur_id": observer}) == "invalid"
    assert error_code(room.staff, "group.assign", {"group_id": 999, "topic": "x"}) == "not_found"
