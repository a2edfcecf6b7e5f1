"""A delegation the secretariat reclassifies as an observer loses its participants' drafting rights at once."""

from workshop.services import delegations, participants
from workshop.services.actors import actor_in
from workshop.services.rights import can


def test_delegates_of_a_delegation_reclassified_as_observer_become_observers(db, staff, workshop):
    delegation = delegations.add_delegation(db, staff, workshop, {"name": "Canada", "kind": "member_state"})
    delegate, _token = participants.join_workshop(db, {"code": workshop.join_code, "name": "Claire",
                                                       "delegation": "Canada"})
    assert delegate.role == "delegate"

    delegations.update_delegation(db, staff, workshop, delegation.id, {"kind": "observer_state"})

    actor = actor_in(db, delegate, workshop)
    assert actor.role == "observer"
    assert not can(actor, "section.edit") and not can(actor, "amendment.propose")
    assert not can(actor, "poll.vote") and can(actor, "comment.add")


def test_changing_a_member_delegations_attendance_keeps_its_delegates(db, staff, workshop):
    delegation = delegations.add_delegation(db, staff, workshop, {"name": "Thailand", "kind": "member_state"})
    delegate, _token = participants.join_workshop(db, {"code": workshop.join_code, "name": "Somchai",
                                                       "delegation": "Thailand"})
    delegations.update_delegation(db, staff, workshop, delegation.id,
                                  {"kind": "member_organisation", "attendance": "present"})
    assert delegate.role == "delegate"
