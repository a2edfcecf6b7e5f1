"""Outcomes: recorded in order, moved, checked field by field; rapporteurs only for their group."""

from datetime import date

import pytest

from tests.services.conftest import actor_of
from workshop.services.errors import Forbidden, Invalid, NotFound
from workshop.services.groups import create_group
from workshop.services.outcomes import (
    add_outcome,
    list_outcomes,
    move_outcome,
    remove_outcome,
    update_outcome,
)
from workshop.services.voting.polls import create_poll


def texts(db, workshop):
    return [o.text for o in list_outcomes(db, workshop.id)]


def test_outcomes_keep_the_order_they_are_given_through_adds_moves_and_removals(db, cast):
    f, w = cast.facilitator, cast.workshop
    a = add_outcome(db, f, w, {"text": "A"})
    b = add_outcome(db, f, w, {"text": "B"})
    add_outcome(db, f, w, {"text": "C"})
    add_outcome(db, f, w, {"text": "First", "position": 0})
    assert texts(db, w) == ["First", "A", "B", "C"]
    move_outcome(db, f, w, {"outcome_id": b.id, "position": 0})
    assert texts(db, w) == ["B", "First", "A", "C"]
    move_outcome(db, f, w, {"outcome_id": b.id, "position": 99})
    assert texts(db, w) == ["First", "A", "C", "B"]
    remove_outcome(db, f, w, {"outcome_id": a.id})
    assert texts(db, w) == ["First", "C", "B"]
    assert [o.position for o in list_outcomes(db, w.id)] == [0, 1, 2]


def test_an_outcome_records_every_design_field(db, cast):
    f, w = cast.facilitator, cast.workshop
    ids = cast.delegation_ids
    poll = create_poll(db, f, w, {"title": "Which activities first?", "method": "dot", "dots": 3,
                                  "max_per_option": 2, "options": ["Register", "Training"]})
    outcome = add_outcome(db, f, w, {
        "kind": "action", "text": "The RSO to circulate the Returns and Reintegration Register template.",
        "lead": [ids["Australia"], ids["Philippines"], ids["Australia"]], "due": "2024-06-30",
        "agenda_item_id": cast.item_ids[0], "poll_id": poll.id})
    assert (outcome.kind, outcome.lead, outcome.due, outcome.agenda_item_id, outcome.poll_id) == (
        "action", [ids["Australia"], ids["Philippines"]], date(2024, 6, 30), cast.item_ids[0], poll.id)
    update_outcome(db, f, w, {"outcome_id": outcome.id, "due": None, "lead": []})
    assert outcome.due is None and outcome.lead == [] and outcome.kind == "action"


def test_outcome_fields_are_checked_and_nothing_is_stored_when_one_is_wrong(db, cast):
    for bad in [
        {"text": ""}, {"text": 5}, {"text": "x", "kind": "wish"}, {"text": "x", "lead": "Australia"},
        {"text": "x", "lead": [True]}, {"text": "x", "lead": [99999]}, {"text": "x", "due": "30/06/2024"},
        {"text": "x", "due": 20240630}, {"text": "x", "agenda_item_id": "one"}, {"text": "x", "poll_id": -1},
        {"text": "x" * 5000}, {"text": "x", "position": -1}, {"text": "x", "group_id": "g"},
    ]:
        with pytest.raises(Invalid):
            add_outcome(db, cast.facilitator, cast.workshop, bad)
    assert list_outcomes(db, cast.workshop.id) == []


def test_ids_from_another_workshop_are_refused(db, other_meeting, cast):
    with pytest.raises(Invalid):
        add_outcome(db, cast.facilitator, cast.workshop,
                    {"text": "x", "lead": [other_meeting["delegation_ids"]["Australia"]]})
    with pytest.raises(NotFound):
        add_outcome(db, cast.facilitator, cast.workshop, {"text": "x", "agenda_item_id": other_meeting["item_ids"][0]})
    other = other_meeting["workshop"]
    their_poll = create_poll(db, other_meeting["staff"], other, {"title": "Theirs", "method": "yes_no_abstain"})
    with pytest.raises(NotFound):
        add_outcome(db, cast.facilitator, cast.workshop, {"text": "x", "poll_id": their_poll.id})


def test_rapporteurs_record_and_change_only_their_own_groups_outcomes(db, cast):
    f, w, ids = cast.facilitator, cast.workshop, cast.delegation_ids
    with pytest.raises(Forbidden):
        add_outcome(db, cast.australia, w, {"text": "delegates do not record outcomes"})
    with pytest.raises(Forbidden):
        add_outcome(db, cast.observer, w, {"text": "nor do observers"})
    group, _ = create_group(db, f, w, {"name": "Group 1", "delegation_ids": [ids["Australia"]],
                                            "rapporteur_id": cast.participants["australia"].id})
    other, _ = create_group(db, f, w, {"name": "Group 2", "delegation_ids": [ids["Thailand"]]})
    rapporteur = actor_of(db, cast, "australia")
    assert rapporteur.role == "rapporteur"
    mine = add_outcome(db, rapporteur, w, {"kind": "recommendation", "text": "Pilot the register."})
    assert mine.group_id == group.id and mine.recorded_by == "Ana Lopez"
    with pytest.raises(Forbidden):
        add_outcome(db, rapporteur, w, {"text": "x", "group_id": other.id})
    plenary = add_outcome(db, f, w, {"text": "Plenary agreement"})
    for change in (lambda: update_outcome(db, rapporteur, w, {"outcome_id": plenary.id, "text": "y"}),
                   lambda: move_outcome(db, rapporteur, w, {"outcome_id": plenary.id, "position": 0}),
                   lambda: remove_outcome(db, rapporteur, w, {"outcome_id": plenary.id})):
        with pytest.raises(Forbidden):
            change()
    update_outcome(db, rapporteur, w, {"outcome_id": mine.id, "text": "Pilot the register in 2025."})
    assert mine.text == "Pilot the register in 2025."
