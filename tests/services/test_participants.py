import pytest
from sqlalchemy import select

from workshop.models import AuditEvent
from workshop.models.meetings import CODE_ALPHABET
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


def test_joining_with_another_participants_name_and_delegation_makes_a_new_participant(db, workshop, staff,
                                                                                     delegation_list):
    sri_lanka = next(d for d in delegations.list_delegations(db, workshop) if d.name == "Sri Lanka")
    first, laptop = participants.join_workshop(db, {"code": sri_lanka.join_code, "name": "Nimal Perera"})
    again, other = participants.join_workshop(db, {"code": workshop.join_code, "name": "nimal perera",
                                                   "delegation": "Sri Lanka"})
    assert again.id != first.id  # a name is a label, never a credential: no takeover
    assert principal_for_token(db, other) is again and principal_for_token(db, laptop) is first
    assert first.voter and not again.voter


def test_the_rejoin_link_signs_another_device_in_as_the_same_participant(db, workshop, staff, delegation_list):
    first, laptop = participants.join_workshop(db, {"code": workshop.join_code, "name": "Nimal Perera",
                                                    "delegation": "Sri Lanka"})
    me = actor_for_token(db, laptop)
    _p, secret = participants.new_rejoin_link(db, me, workshop, first.id)
    assert first.rejoin_hash and secret not in first.rejoin_hash  # stored hashed
    again, tablet = participants.rejoin_with_link(db, secret)
    assert again is first and tablet != laptop
    assert principal_for_token(db, laptop) is principal_for_token(db, tablet) is first
    # A new link replaces the old one; staff withdraw links; unknown links are refused clearly
    _p, newer = participants.new_rejoin_link(db, me, workshop, first.id)
    with pytest.raises(NotFound, match="replaced by a newer one or withdrawn"):
        participants.rejoin_with_link(db, secret)
    participants.revoke_rejoin_link(db, staff, workshop, first.id)
    for bad in (newer, "", None, 42, "x" * 500):
        with pytest.raises(NotFound):
            participants.rejoin_with_link(db, bad)
    # Another delegate may neither make nor withdraw someone else's link
    _other, token = participants.join_workshop(db, {"code": workshop.join_code, "name": "Kim",
                                                    "delegation": "Australia"})
    with pytest.raises(Forbidden):
        participants.new_rejoin_link(db, actor_for_token(db, token), workshop, first.id)
    with pytest.raises(Forbidden):
        participants.revoke_rejoin_link(db, actor_for_token(db, token), workshop, first.id)


def test_a_delegation_code_binds_the_participant_to_its_delegation_as_a_confirmed_voter(db, workshop, staff,
                                                                                       delegation_list):
    by_name = {d.name: d for d in delegations.list_delegations(db, workshop)}
    codes = [d.join_code for d in by_name.values()] + [workshop.join_code, workshop.observer_code]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 8 and set(c) <= set(CODE_ALPHABET) for c in codes)
    code = by_name["Australia"].join_code
    voter, _ = participants.join_workshop(db, {"code": f"{code[:4].lower()}-{code[4:]}", "name": "Ana"})
    assert (voter.delegation.name, voter.role, voter.voter) == ("Australia", "delegate", True)
    assert participants.participant_data(voter)["voter"] is True
    with pytest.raises(Invalid, match="Australia's own"):
        participants.join_workshop(db, {"code": code, "name": "Ana", "delegation": "Sri Lanka"})
    observer, _ = participants.join_workshop(db, {"code": by_name["Canada"].join_code, "name": "Jean"})
    assert (observer.delegation.name, observer.role, observer.voter) == ("Canada", "observer", False)
    # A new code stops the old one; who joined with it stays in
    delegations.regenerate_delegation_code(db, staff, workshop, by_name["Australia"].id)
    assert by_name["Australia"].join_code != code
    with pytest.raises(NotFound):
        participants.join_workshop(db, {"code": code, "name": "Someone"})
    assert delegations.delegation_data(by_name["Australia"]).get("join_code") is None
    assert delegations.delegation_data(by_name["Australia"], include_code=True)["join_code"] == \
        by_name["Australia"].join_code


def test_staff_confirm_and_withdraw_voters_and_confirm_single_delegates(db, workshop, staff, delegation_list):
    join = lambda name, delegation, code=None: participants.join_workshop(  # noqa: E731
        db, {"code": code or workshop.join_code, "name": name, "delegation": delegation})[0]
    kim, (lee, li), jean = join("Kim", "Australia"), (join("Lee", "Sri Lanka"), join("Li", "Sri Lanka")), \
        join("Jean", "Canada", workshop.observer_code)
    ilo = join("Ines", "International Labour Organization (ILO)")
    assert not any(p.voter for p in (kim, lee, li, jean, ilo))
    with pytest.raises(Forbidden):
        participants.set_voter(db, actor_for_token(db, participants.join_workshop(
            db, {"code": workshop.join_code, "name": "X", "delegation": "Australia"})[1]), workshop, kim.id, True)
    for bad in ("yes", 1, None):
        with pytest.raises(Invalid):
            participants.set_voter(db, staff, workshop, kim.id, bad)
    with pytest.raises(Invalid, match="Observers"):
        participants.set_voter(db, staff, workshop, jean.id, True)
    assert participants.set_voter(db, staff, workshop, lee.id, True).voter
    assert not participants.set_voter(db, staff, workshop, lee.id, False).voter
    # "Confirm all present": only delegations with exactly one participant (two X's joined Australia above)
    confirmed = participants.confirm_single_delegates(db, staff, workshop)
    assert [p.name for p in confirmed] == ["Ines"]
    actions = [e.action for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions.count("participant.set_voter") == 2 and "participant.confirm_single" in actions


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


def test_a_removed_participant_loses_every_token_and_the_rejoin_link(db, workshop, staff, delegation_list):
    australia = next(d for d in delegations.list_delegations(db, workshop) if d.name == "Australia")
    participant, token = participants.join_workshop(db, {"code": australia.join_code, "name": "Kim"})
    _p, secret = participants.new_rejoin_link(db, staff, workshop, participant.id)
    _p, second = participants.rejoin_with_link(db, secret)
    participants.remove_participant(db, staff, workshop, participant.id)
    for t in (token, second):
        with pytest.raises(Unauthenticated):
            principal_for_token(db, t)
    with pytest.raises(NotFound):
        participants.rejoin_with_link(db, secret)
    assert not participant.voter
    # Joining again with the code is someone new, with no vote until staff confirm them
    again, _ = participants.join_workshop(db, {"code": workshop.join_code, "name": "Kim", "delegation": "Australia"})
    assert again.id != participant.id and not again.voter


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


def test_a_rejoin_link_stops_signing_in_once_the_meetings_access_has_ended(db, workshop, delegation_list):
    from datetime import date, timedelta

    first, laptop = participants.join_workshop(db, {"code": workshop.join_code, "name": "Nimal Perera",
                                                    "delegation": "Sri Lanka"})
    _p, secret = participants.new_rejoin_link(db, actor_for_token(db, laptop), workshop, first.id)
    workshop.end_date = date.today() - timedelta(days=30)
    participants.rejoin_with_link(db, secret)  # a link made lately still works for some days
    first.rejoin_created_at -= timedelta(days=30)
    with pytest.raises(Forbidden, match="over"):
        participants.rejoin_with_link(db, secret)
    workshop.end_date = date.today()
    again, _tablet = participants.rejoin_with_link(db, secret)
    assert again is first
