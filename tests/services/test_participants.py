import pytest

from workshop.services import delegations, participants, presence, workshops
from workshop.services.actors import actor_for_token, principal_for_token
from workshop.services.errors import Forbidden, Invalid, NotFound, Unauthenticated


@pytest.fixture
def delegation_list(db, workshop, staff):
    delegations.paste_delegations(db, staff, workshop, {
        "text": "Australia\nSri Lanka\nMember organisations:\nInternational Labour Organization (ILO)\n"
                "Observers:\nCanada\n"})


def test_a_delegate_joins_with_the_code_and_picks_the_delegation_by_name_or_id(db, workshop, delegation_list):
    participant, token = participants.join_workshop(
        db, {"code": workshop.join_code.lower(), "name": "Nimal Perera", "delegation": "sri lanka"})
    assert participant.delegation.name == "Sri Lanka" and participant.role == "delegate"
    actor = actor_for_token(db, token)
    assert actor.workshop_id == workshop.id and actor.role == "delegate"
    by_id, _ = participants.join_workshop(
        db, {"code": workshop.join_code, "name": "Li", "delegation": str(participant.delegation_id)})
    assert by_id.delegation_id == participant.delegation_id


def test_rejoining_from_a_second_laptop_keeps_both_signed_in(db, workshop, delegation_list):
    first, laptop = participants.join_workshop(db, {"code": workshop.join_code, "name": "Nimal Perera",
                                                    "delegation": "Sri Lanka"})
    again, tablet = participants.join_workshop(db, {"code": workshop.join_code, "name": "nimal perera",
                                                    "delegation": "Sri Lanka"})
    assert again.id == first.id and laptop != tablet
    assert principal_for_token(db, laptop) is principal_for_token(db, tablet)


def test_the_observer_code_makes_observers_of_observer_delegations_only(db, workshop, delegation_list):
    observer, _ = participants.join_workshop(db, {"code": workshop.observer_code, "name": "Jean",
                                                  "delegation": "Canada"})
    assert observer.role == "observer"
    with pytest.raises(Invalid):
        participants.join_workshop(db, {"code": workshop.observer_code, "name": "Jean", "delegation": "Australia"})
    # an observer delegation joining with the delegate code is still an observer
    again, _ = participants.join_workshop(db, {"code": workshop.join_code, "name": "Anne", "delegation": "Canada"})
    assert again.role == "observer"


@pytest.mark.parametrize("data,error", [
    ({"code": "WRONGCOD", "name": "A", "delegation": "Australia"}, NotFound),
    ({"code": "", "name": "A", "delegation": "Australia"}, NotFound),
    ({"code": 12345678, "name": "A", "delegation": "Australia"}, NotFound),
    ({"name": "A", "delegation": "Australia"}, NotFound),
    (None, Invalid),
])
def test_wrong_codes_and_bad_payloads_are_refused(db, workshop, delegation_list, data, error):
    with pytest.raises(error):
        participants.join_workshop(db, data)


@pytest.mark.parametrize("name,delegation", [("", "Australia"), ("A", ""), ("A", "Atlantis"), ("A", 99999),
                                             ("A", {"id": 1}), ("x" * 121, "Australia")])
def test_a_name_and_a_delegation_of_this_workshop_are_required(db, workshop, delegation_list, name, delegation):
    with pytest.raises(Invalid):
        participants.join_workshop(db, {"code": workshop.join_code, "name": name, "delegation": delegation})


def test_a_delegation_of_another_workshop_cannot_be_picked(db, facilitator, workshop, staff, delegation_list):
    other = workshops.create_workshop(db, facilitator, {"title": "Other"})
    australia = next(d for d in delegations.list_delegations(db, workshop) if d.name == "Australia")
    with pytest.raises(Invalid):
        participants.join_workshop(db, {"code": other.join_code, "name": "A", "delegation": australia.id})


def test_a_removed_participant_loses_every_token_and_cannot_rejoin(db, workshop, staff, delegation_list):
    participant, token = participants.join_workshop(db, {"code": workshop.join_code, "name": "Kim",
                                                         "delegation": "Australia"})
    _, second = participants.join_workshop(db, {"code": workshop.join_code, "name": "Kim",
                                                "delegation": "Australia"})
    participants.remove_participant(db, staff, workshop, participant.id)
    for t in (token, second):
        with pytest.raises(Unauthenticated):
            principal_for_token(db, t)
    with pytest.raises(Forbidden):
        participants.join_workshop(db, {"code": workshop.join_code, "name": "Kim", "delegation": "Australia"})


def test_a_closed_workshop_takes_no_one_in(db, workshop, staff, delegation_list):
    workshops.update_workshop(db, staff, workshop, {"status": "closed"})
    with pytest.raises(Forbidden):
        participants.join_workshop(db, {"code": workshop.join_code, "name": "A", "delegation": "Australia"})


def test_an_observer_cannot_be_made_a_rapporteur(db, workshop, staff, delegation_list):
    observer, _ = participants.join_workshop(db, {"code": workshop.observer_code, "name": "Jean",
                                                  "delegation": "Canada"})
    with pytest.raises(Invalid):
        participants.set_participant_role(db, staff, workshop, observer.id, "rapporteur")


def test_presence_counts_people_once_per_delegation_however_many_sockets(db, workshop, delegation_list):
    participant, token = participants.join_workshop(db, {"code": workshop.join_code, "name": "Kim",
                                                         "delegation": "Australia"})
    actor = actor_for_token(db, token)
    presence.connect(db, actor, "sid-laptop", "server-a")
    presence.connect(db, actor, "sid-phone", "server-a")
    seen = presence.presence(db, workshop.id)
    assert seen["delegations"] == {str(participant.delegation_id): [{"id": participant.id, "name": "Kim"}]}
    presence.disconnect(db, "sid-laptop")
    assert presence.presence(db, workshop.id)["delegations"]
    presence.disconnect(db, "sid-phone")
    assert presence.presence(db, workshop.id)["delegations"] == {}
