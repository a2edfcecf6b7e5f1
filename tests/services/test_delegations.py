import pytest

from workshop.services import delegations
from workshop.services.errors import Conflict, Forbidden, Invalid

ATTENDANCE_LIST = """Member states:
- Afghanistan
- Australia (co-chair)
* Sri Lanka (Co-Chair)
1. Viet Nam

Member organisations:
International Organization for Migration (IOM)

Observers:
Canada
Apologies:
New Zealand
Philippines
"""


def test_a_pasted_attendance_list_is_read_with_kinds_co_chairs_and_apologies():
    entries = delegations.parse_delegation_list(ATTENDANCE_LIST)
    by_name = {e["name"]: e for e in entries}
    assert list(by_name) == ["Afghanistan", "Australia", "Sri Lanka", "Viet Nam",
                             "International Organization for Migration (IOM)", "Canada", "New Zealand",
                             "Philippines"]
    assert by_name["Australia"]["co_chair"] and by_name["Sri Lanka"]["co_chair"]
    assert not by_name["Afghanistan"]["co_chair"]
    assert by_name["International Organization for Migration (IOM)"]["kind"] == "member_organisation"
    assert by_name["Canada"]["kind"] == "observer_state"
    assert by_name["Philippines"]["attendance"] == "apologies"
    assert by_name["Canada"]["attendance"] == "present"


def test_pasting_skips_names_already_listed_and_repeated(db, workshop, staff):
    delegations.add_delegation(db, staff, workshop, {"name": "Australia"})
    result = delegations.paste_delegations(db, staff, workshop, {"text": "australia\nThailand\nThailand\n"})
    assert [d.name for d in result["added"]] == ["Thailand"]
    assert result["skipped"] == ["australia", "Thailand"]


def test_delegations_are_listed_alphabetically_ignoring_a_leading_the(db, workshop, staff):
    for name in ["Thailand", "The Philippines", "Afghanistan"]:
        delegations.add_delegation(db, staff, workshop, {"name": name})
    assert [d.name for d in delegations.list_delegations(db, workshop)] == [
        "Afghanistan", "The Philippines", "Thailand"]


def test_each_delegation_gets_a_cursor_colour(db, workshop, staff):
    first = delegations.add_delegation(db, staff, workshop, {"name": "Australia"})
    second = delegations.add_delegation(db, staff, workshop, {"name": "Indonesia"})
    assert first.colour != second.colour


@pytest.mark.parametrize("data", [{"name": ""}, {"name": "X", "kind": "empire"},
                                  {"name": "X", "attendance": "maybe"}, {"name": "X", "co_chair": "perhaps"},
                                  {"name": ["Australia"]}])
def test_bad_delegation_fields_are_refused(db, workshop, staff, data):
    with pytest.raises(Invalid):
        delegations.add_delegation(db, staff, workshop, data)


def test_duplicate_names_conflict_case_insensitively(db, workshop, staff):
    delegations.add_delegation(db, staff, workshop, {"name": "Viet Nam"})
    with pytest.raises(Conflict):
        delegations.add_delegation(db, staff, workshop, {"name": "viet nam"})


def test_delegates_cannot_change_the_list(db, workshop, staff):
    from dataclasses import replace

    delegate = replace(staff, kind="participant", role="delegate")
    with pytest.raises(Forbidden):
        delegations.add_delegation(db, delegate, workshop, {"name": "Atlantis"})
