"""Breakout groups: members, even shuffles, rapporteurs taking and giving back the role."""

import random

import pytest

from workshop.services.errors import Conflict, Forbidden, Invalid, NotFound
from workshop.services.groups import assign_group, create_group, remove_group, shuffle_delegations

MEMBERS = ["Australia", "Philippines", "Thailand", "Indonesia", "International Organization for Migration (IOM)"]


def test_shuffle_deals_present_member_delegations_evenly_and_leaves_observers_out(db, cast):
    f, w = cast.facilitator, cast.workshop
    groups = [create_group(db, f, w, {"name": f"Group {n}"})[0] for n in (1, 2)]
    shuffled, _ = shuffle_delegations(db, f, w, {"group_ids": [g.id for g in groups]},
                                      rng=random.Random(4))
    sizes = sorted(len(g.members) for g in shuffled)
    assert sizes == [2, 3]
    placed = [m.delegation_id for g in shuffled for m in g.members]
    assert sorted(placed) == sorted(cast.delegation_ids[n] for n in MEMBERS)  # each once, no observer
    with_observers, _ = shuffle_delegations(db, f, w, {"group_ids": [g.id for g in groups],
                                                            "include_observers": True}, rng=random.Random(5))
    assert sorted(len(g.members) for g in with_observers) == [3, 3]


def test_a_delegation_moves_between_groups_of_one_session_but_may_sit_in_another_session(db, cast):
    f, w, aus = cast.facilitator, cast.workshop, cast.delegation_ids["Australia"]
    one, _ = create_group(db, f, w, {"name": "One", "delegation_ids": [aus]})
    two, _ = create_group(db, f, w, {"name": "Two"})
    assign_group(db, f, w, {"group_id": two.id, "delegation_ids": [aus]})
    assert [m.delegation_id for m in one.members] == [] and [m.delegation_id for m in two.members] == [aus]
    day3, _ = create_group(db, f, w, {"name": "One", "agenda_item_id": cast.item_ids[1], "delegation_ids": [aus]})
    assert [m.delegation_id for m in two.members] == [aus] and day3.agenda_item_id == cast.item_ids[1]


def test_naming_a_rapporteur_gives_the_role_and_replacing_them_gives_it_back(db, cast):
    f, w, ids = cast.facilitator, cast.workshop, cast.delegation_ids
    ana, somchai = cast.participants["australia"], cast.participants["thailand"]
    group, changed = create_group(db, f, w, {"name": "Register", "topic": "Returns register",
                                                  "delegation_ids": [ids["Australia"], ids["Thailand"]],
                                                  "rapporteur_id": ana.id})
    assert ana.role == "rapporteur" and changed == [ana]
    _, changed = assign_group(db, f, w, {"group_id": group.id, "rapporteur_id": somchai.id})
    assert (ana.role, somchai.role) == ("delegate", "rapporteur") and set(changed) == {ana, somchai}
    remove_group(db, f, w, {"group_id": group.id})
    assert somchai.role == "delegate"


def test_rapporteur_rules(db, cast):
    f, w, ids = cast.facilitator, cast.workshop, cast.delegation_ids
    ana = cast.participants["australia"]
    group, _ = create_group(db, f, w, {"name": "A", "delegation_ids": [ids["Thailand"]]})
    with pytest.raises(Invalid):  # not from a member delegation
        assign_group(db, f, w, {"group_id": group.id, "rapporteur_id": ana.id})
    with pytest.raises(Invalid):  # observers do not draft
        assign_group(db, f, w, {"group_id": group.id, "delegation_ids": [ids["Canada"]],
                                     "rapporteur_id": cast.participants["observer"].id})
    create_group(db, f, w, {"name": "B", "delegation_ids": [ids["Australia"]], "rapporteur_id": ana.id})
    with pytest.raises(Conflict):  # one group per rapporteur
        assign_group(db, f, w, {"group_id": group.id, "delegation_ids": [ids["Australia"]],
                                     "rapporteur_id": ana.id})


def test_group_input_is_checked_and_only_staff_build_groups(db, other_meeting, cast):
    f, w = cast.facilitator, cast.workshop
    group, _ = create_group(db, f, w, {"name": "A"})
    with pytest.raises(Conflict):
        create_group(db, f, w, {"name": "a"})
    for bad in [{"name": ""}, {"name": "B", "delegation_ids": "all"}, {"name": "B", "delegation_ids": [0]},
                {"name": "B", "topic": 3}]:
        with pytest.raises(Invalid):
            create_group(db, f, w, bad)
    with pytest.raises(NotFound):
        assign_group(db, f, w, {"group_id": group.id, "delegation_ids": [other_meeting["delegation_ids"]["Australia"]]})
    with pytest.raises(Invalid):
        assign_group(db, f, w, {"group_id": group.id})
    with pytest.raises(Forbidden):
        create_group(db, cast.australia, w, {"name": "Ours"})
    with pytest.raises(Forbidden):
        shuffle_delegations(db, cast.australia, w, {"group_ids": [group.id]})


def test_a_new_group_gets_its_own_report_that_only_its_rapporteur_drafts_among_rapporteurs(db, cast):
    from tests.services.conftest import actor_of
    from workshop.services.drafting import may_edit_section
    from workshop.services.groups import group_data

    f, w, ids = cast.facilitator, cast.workshop, cast.delegation_ids
    first, _ = create_group(db, f, w, {"name": "Group A", "topic": "Victim-centred returns",
                                       "delegation_ids": [ids["Australia"]],
                                       "rapporteur_id": cast.participants["australia"].id})
    second, _ = create_group(db, f, w, {"name": "Group B", "topic": "Vulnerable migrants",
                                        "delegation_ids": [ids["Thailand"]],
                                        "rapporteur_id": cast.participants["thailand"].id})
    report = group_data(first)["report"]
    assert first.document.title == "Group report: Group A" and first.document.kind == "group_report"
    assert [(r["heading"], r["markdown"]) for r in report] == [("Victim-centred returns", "")]
    own, other = first.document.sections[0], second.document.sections[0]
    ana = actor_of(db, cast, "australia")
    assert ana.role == "rapporteur"
    assert may_edit_section(db, ana, own) and not may_edit_section(db, ana, other)
