"""Priority votes through the services: creating and running polls, ballot rules and the tallies."""

import pytest

from workshop.export.compose import compose_statement
from workshop.export.gather import gather_statement
from workshop.services.actors import actor_in
from workshop.services.delegations import update_delegation
from workshop.services.errors import Conflict, Forbidden, Invalid, NotFound
from workshop.services.follow import set_follow
from workshop.services.outcomes import add_outcome
from workshop.services.participants import (
    new_rejoin_link,
    rejoin_with_link,
    remove_participant,
    set_voter,
)
from workshop.services.voting import polls as voting
from workshop.services.voting.poll_chart import chart_svg
from workshop.services.voting.poll_data import poll_data, results_data, results_visible

FWP = ["Reintegration data sharing", "Joint return training", "Regional referral guidelines"]


def make_poll(room, method="dot", options=FWP, **extra):
    poll = voting.create_poll(room.session, room.facilitator, room.workshop,
                              {"title": "Which FWP activities matter most?", "method": method,
                               "options": options, **extra})
    voting.open_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    return poll


def vote(room, actor, poll, ballot):
    return voting.cast_ballot(room.session, actor, room.workshop, {"poll_id": poll.id, "ballot": ballot})


def option(poll, index):
    return poll.options[index].id


def scores(room, poll):
    data = results_data(room.session, poll)
    unit = data["unit"]
    return {row["text"]: (row[unit], row["rank"], row["tied"]) for row in data["results"]}


# Creating polls

def test_facilitator_creates_a_dot_poll_as_a_draft_with_its_options(room):
    poll = voting.create_poll(room.session, room.facilitator, room.workshop,
                              {"title": "Priorities", "method": "dot", "options": FWP, "dots": 5,
                               "max_per_option": 2})
    assert poll.status == "draft"
    assert [o.text for o in poll.options] == FWP
    assert (poll.dots, poll.max_per_option, poll.electorate, poll.secret) == (5, 2, "delegation", False)
    assert poll.voter_kinds == ["member_state", "member_organisation"]


def test_yes_no_and_consensus_polls_get_their_fixed_answers(room):
    yes_no = voting.create_poll(room.session, room.facilitator, room.workshop,
                                {"title": "Adopt the FWP?", "method": "yes_no_abstain"})
    consensus = voting.create_poll(room.session, room.facilitator, room.workshop,
                                   {"title": "Adopt the statement?", "method": "consensus"})
    assert [o.code for o in yes_no.options] == ["yes", "no", "abstain"]
    assert [o.text for o in consensus.options] == ["Agree", "Can live with it", "Object"]


BAD_SETTINGS = [
    ({"method": "dot", "options": FWP}, "title"),
    ({"title": "T", "method": "plurality", "options": FWP}, "method"),
    ({"title": "T", "method": "dot", "options": "a, b"}, "options"),
    ({"title": "T", "method": "dot", "options": ["only one"]}, "options"),
    ({"title": "T", "method": "dot", "options": ["Same", "same"]}, "options"),
    ({"title": "T", "method": "dot", "options": [1, 2]}, "options"),
    ({"title": "T", "method": "dot", "options": FWP, "dots": 0}, "dots"),
    ({"title": "T", "method": "dot", "options": FWP, "dots": "many"}, "dots"),
    ({"title": "T", "method": "dot", "options": FWP, "dots": 3, "max_per_option": 4}, "max_per_option"),
    ({"title": "T", "method": "single", "options": FWP, "electorate": "everyone"}, "electorate"),
    ({"title": "T", "method": "single", "options": FWP, "secret": "perhaps"}, "secret"),
    ({"title": "T", "method": "single", "options": FWP, "voters": ["observer_state"]}, "voters"),
    ({"title": "T", "method": "single", "options": FWP, "secret": True, "results": "live"}, "results"),
]


def test_a_poll_with_bad_settings_is_refused_naming_the_field(room):
    for data, field in BAD_SETTINGS:
        with pytest.raises(Invalid) as error:
            voting.create_poll(room.session, room.facilitator, room.workshop, data)
        assert error.value.field == field, data
    assert voting.list_polls(room.session, room.workshop.id) == []


def test_delegates_cannot_create_or_run_polls(room):
    delegate = room.delegate("Australia")
    with pytest.raises(Forbidden):
        voting.create_poll(room.session, delegate, room.workshop, {"title": "T", "method": "single",
                                                                   "options": FWP})
    poll = voting.create_poll(room.session, room.facilitator, room.workshop,
                              {"title": "T", "method": "single", "options": FWP})
    for step in (voting.open_poll, voting.close_poll, voting.publish_poll, voting.remove_poll):
        with pytest.raises(Forbidden):
            step(room.session, delegate, room.workshop, {"poll_id": poll.id})


def test_a_poll_moves_draft_open_closed_published_and_never_backwards(room):
    poll = make_poll(room, "single")
    with pytest.raises(Conflict):
        voting.open_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    with pytest.raises(Conflict):
        voting.publish_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    voting.close_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    voting.publish_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    assert poll.status == "published" and poll.published_at >= poll.closed_at >= poll.opened_at


def test_a_draft_can_be_removed_with_its_options_but_an_opened_poll_stays_on_record(room):
    draft = voting.create_poll(room.session, room.facilitator, room.workshop,
                               {"title": "Priorites (typo)", "method": "dot", "options": FWP})
    assert voting.remove_poll(room.session, room.facilitator, room.workshop, {"poll_id": draft.id}) == draft.id
    assert voting.list_polls(room.session, room.workshop.id) == []
    opened = make_poll(room, "single")
    assert opened.id != draft.id  # a stale screen's "Open the vote" on the removed draft cannot reach it
    with pytest.raises(Conflict, match="only a draft"):
        voting.remove_poll(room.session, room.facilitator, room.workshop, {"poll_id": opened.id})
    assert [p.id for p in voting.list_polls(room.session, room.workshop.id)] == [opened.id]
    with pytest.raises(NotFound):
        voting.remove_poll(room.session, room.facilitator, room.workshop, {"poll_id": draft.id})
    # nothing else may point at it any more: an outcome's source, the room's follow-me
    with pytest.raises(NotFound):
        add_outcome(room.session, room.facilitator, room.workshop, {"text": "Agreed.", "poll_id": draft.id})
    with pytest.raises(NotFound):
        set_follow(room.session, room.facilitator, room.workshop, {"view": "poll", "id": draft.id})


def test_unknown_poll_ids_are_not_found_or_invalid(room):
    for poll_id in (None, "1", 999999, True, -3, [1]):
        with pytest.raises((NotFound, Invalid)):
            voting.open_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll_id})


# Ballot rules

def test_dot_votes_are_summed_and_ties_share_a_rank(room):
    poll = make_poll(room, "dot", dots=3, max_per_option=2)
    a, b, c = (option(poll, i) for i in range(3))
    vote(room, room.delegate("Australia"), poll, {"allocations": {str(a): 2, str(b): 1}})
    vote(room, room.delegate("Thailand"), poll, {"allocations": {str(b): 1, str(c): 2}})
    vote(room, room.delegate("Indonesia"), poll, {"allocations": {str(a): 1}})
    assert scores(room, poll) == {FWP[0]: (3, 1, False), FWP[1]: (2, 2, True), FWP[2]: (2, 2, True)}


BAD_DOTS = [
    ({"A": 3}, "At most 2 dots"),
    ({"A": 2, "B": 2}, "has 3 dots; this one uses 4"),
    ({"999": 1}, "no option 999"),
    ({"A": -1}, "zero or more"),
    ({"A": 1.5}, "whole numbers"),
    ({"A": True}, "whole numbers"),
    ({"x": 1}, "id"),
    ([1, 2], "allocations"),
]


def test_a_dot_ballot_that_breaks_the_rules_is_refused_and_nothing_is_counted(room):
    poll = make_poll(room, "dot", dots=3, max_per_option=2)
    names = {"A": str(option(poll, 0)), "B": str(option(poll, 1))}
    australia = room.delegate("Australia")
    for allocations, message in BAD_DOTS:
        if isinstance(allocations, dict):
            allocations = {names.get(k, k): v for k, v in allocations.items()}
        with pytest.raises(Invalid, match=message):
            vote(room, australia, poll, {"allocations": allocations})
    for ballot in (None, "A", [], {"ranking": []}):
        with pytest.raises(Invalid):
            vote(room, australia, poll, ballot)
    assert voting.count_voted(room.session, poll.id) == 0
    assert scores(room, poll) == {text: (0, 1, True) for text in FWP}


def test_ranking_is_counted_by_borda_with_unranked_options_earning_nothing(room):
    poll = make_poll(room, "ranking")
    a, b, c = (option(poll, i) for i in range(3))
    vote(room, room.delegate("Australia"), poll, {"ranking": [a, b, c]})  # a3 b2 c1
    vote(room, room.delegate("Thailand"), poll, {"ranking": [c, a]})  # c3 a2
    vote(room, room.delegate("Philippines"), poll, {"ranking": [b]})  # b3
    assert scores(room, poll) == {FWP[0]: (5, 1, True), FWP[1]: (5, 1, True), FWP[2]: (4, 3, False)}


def test_a_ranking_with_a_duplicate_rank_or_unknown_option_is_refused(room):
    poll = make_poll(room, "ranking")
    a = option(poll, 0)
    australia = room.delegate("Australia")
    for ranking, message in (([a, a], "twice"), ([], "at least one"), ([a, 4242], "no option"),
                             ({"1": 1}, "list"), (list(range(1, 9)), "more options")):
        with pytest.raises(Invalid, match=message):
            vote(room, australia, poll, {"ranking": ranking})
    assert voting.count_voted(room.session, poll.id) == 0


def test_approval_counts_each_approved_option_and_an_empty_ballot_still_turns_out(room):
    poll = make_poll(room, "approval")
    a, b, _c = (option(poll, i) for i in range(3))
    vote(room, room.delegate("Australia"), poll, {"approved": [a, b]})
    vote(room, room.delegate("Thailand"), poll, {"approved": [b]})
    vote(room, room.delegate("Indonesia"), poll, {"approved": []})
    assert scores(room, poll)[FWP[1]] == (2, 1, False)
    assert scores(room, poll)[FWP[0]] == (1, 2, False)
    assert results_data(room.session, poll)["turnout"] == {"voted": 3, "eligible": 5}


def test_single_choice_counts_one_vote_per_delegation(room):
    poll = make_poll(room, "single")
    a, b = option(poll, 0), option(poll, 1)
    vote(room, room.delegate("Australia"), poll, {"choice": a})
    vote(room, room.delegate("Thailand"), poll, {"choice": b})
    assert scores(room, poll)[FWP[0]] == (1, 1, True)
    assert results_data(room.session, poll)["summary"] == {"leaders": [a, b], "tie_for_first": True}
    with pytest.raises(Invalid):
        vote(room, room.delegate("Indonesia"), poll, {"choice": [a]})


def test_yes_no_abstain_counts_abstentions_in_turnout_but_not_for_either_side(room):
    poll = make_poll(room, "yes_no_abstain", options=None)
    vote(room, room.delegate("Australia"), poll, {"choice": "yes"})
    vote(room, room.delegate("Thailand"), poll, {"choice": "abstain"})
    vote(room, room.delegate("Indonesia"), poll, {"choice": "no"})
    data = results_data(room.session, poll)
    assert [(r["text"], r["count"]) for r in data["results"]] == [("Yes", 1), ("No", 1), ("Abstain", 1)]
    assert data["summary"] == {"carried": False, "tied": True}
    assert data["turnout"]["voted"] == 3
    with pytest.raises(Invalid, match="yes, no, abstain"):
        vote(room, room.delegate("Philippines"), poll, {"choice": "maybe"})


def test_a_consensus_check_with_one_objection_is_not_consensus(room):
    poll = make_poll(room, "consensus", options=None)
    vote(room, room.delegate("Australia"), poll, {"choice": "agree"})
    vote(room, room.delegate("Thailand"), poll, {"choice": "can_live"})
    assert results_data(room.session, poll)["summary"] == {"objections": 0, "consensus": True}
    vote(room, room.delegate("Indonesia"), poll, {"choice": "object"})
    assert results_data(room.session, poll)["summary"] == {"objections": 1, "consensus": False}


def test_a_delegation_changes_its_ballot_until_close_and_is_counted_once(room):
    poll = make_poll(room, "single")
    a, b = option(poll, 0), option(poll, 1)
    australia = room.delegate("Australia")
    assert vote(room, australia, poll, {"choice": a})["changed"] is False
    assert vote(room, australia, poll, {"choice": b})["changed"] is True
    assert scores(room, poll)[FWP[0]][0] == 0 and scores(room, poll)[FWP[1]][0] == 1
    assert results_data(room.session, poll)["turnout"]["voted"] == 1
    voting.close_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    with pytest.raises(Conflict, match="closed"):
        vote(room, australia, poll, {"choice": a})
    assert scores(room, poll)[FWP[1]][0] == 1


def test_a_second_laptop_of_the_same_delegation_cannot_cast_another_ballot(room):
    somchai, malee = room.delegate("Thailand", "Somchai"), room.delegate("Thailand", "Malee")
    poll = make_poll(room, "single")
    a, b = option(poll, 0), option(poll, 1)
    vote(room, somchai, poll, {"choice": a})
    with pytest.raises(Conflict, match="Somchai has already voted"):
        vote(room, malee, poll, {"choice": b})
    # Somchai on a second device, signed in with his own rejoin link, is the same participant
    _participant, secret = new_rejoin_link(room.session, somchai, room.workshop, somchai.id)
    again, _token = rejoin_with_link(room.session, secret)
    assert again.id == somchai.id
    vote(room, actor_in(room.session, again, room.workshop), poll, {"choice": b})
    assert scores(room, poll)[FWP[0]][0] == 0 and scores(room, poll)[FWP[1]][0] == 1


def test_joining_again_with_a_voters_name_and_delegation_makes_a_new_participant_who_cannot_vote(room):
    somchai = room.delegate("Thailand", "Somchai")
    poll = make_poll(room, "single", secret=True)
    vote(room, somchai, poll, {"choice": option(poll, 0)})
    # Someone else types Somchai's name and delegation with the delegate code: not a takeover
    impostor = room.delegate("Thailand", "Somchai", voter=False)
    assert impostor.id != somchai.id
    with pytest.raises(Forbidden, match="not yet a confirmed voter"):
        vote(room, impostor, poll, {"choice": option(poll, 1)})
    voting.close_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    assert scores(room, poll)[FWP[0]][0] == 1 and scores(room, poll)[FWP[1]][0] == 0


def test_an_unconfirmed_delegate_is_refused_until_staff_confirm_them_before_a_poll_opens(room):
    kim = room.delegate("Philippines", "Kim", voter=False)
    first = make_poll(room, "single")
    with pytest.raises(Forbidden, match="not yet a confirmed voter"):
        vote(room, kim, first, {"choice": option(first, 0)})
    set_voter(room.session, room.facilitator, room.workshop, kim.id, True)
    # The electorate of an open poll was fixed when it opened: confirming now does not let Kim in
    with pytest.raises(Forbidden, match="after this poll opened"):
        vote(room, kim, first, {"choice": option(first, 0)})
    second = make_poll(room, "single")
    vote(room, kim, second, {"choice": option(second, 0)})
    assert voting.count_voted(room.session, second.id) == 1


def test_withdrawing_a_voter_after_a_poll_opened_changes_neither_its_electorate_nor_its_turnout(room):
    poll = make_poll(room, "single", electorate="participant")
    assert results_data(room.session, poll)["turnout"] == {"voted": 0, "eligible": 5}
    thailand = room.delegate("Thailand")
    set_voter(room.session, room.facilitator, room.workshop, thailand.id, False)
    room.delegate("Indonesia", "Late confirmed voter")  # joins with the delegation's code after the opening
    vote(room, thailand, poll, {"choice": option(poll, 1)})
    assert results_data(room.session, poll)["turnout"] == {"voted": 1, "eligible": 5}
    later = make_poll(room, "single", electorate="participant")
    with pytest.raises(Forbidden, match="not yet a confirmed voter"):
        vote(room, thailand, later, {"choice": option(later, 1)})
    assert results_data(room.session, later)["turnout"] == {"voted": 0, "eligible": 5}


def test_when_the_facilitator_removes_the_delegate_who_voted_a_colleague_may_change_the_ballot(room):
    somchai, malee = room.delegate("Thailand", "Somchai"), room.delegate("Thailand", "Malee")
    poll = make_poll(room, "single")
    a, b = option(poll, 0), option(poll, 1)
    vote(room, somchai, poll, {"choice": a})
    remove_participant(room.session, room.facilitator, room.workshop, somchai.id)
    vote(room, malee, poll, {"choice": b})
    assert scores(room, poll)[FWP[0]][0] == 0 and scores(room, poll)[FWP[1]][0] == 1
    assert voting.count_voted(room.session, poll.id) == 1


def test_a_draft_poll_takes_no_ballots(room):
    poll = voting.create_poll(room.session, room.facilitator, room.workshop,
                              {"title": "T", "method": "single", "options": FWP})
    with pytest.raises(Conflict, match="not open"):
        vote(room, room.delegate("Australia"), poll, {"choice": option(poll, 0)})


# Electorate

def test_observers_and_absent_delegations_never_vote(room):
    indonesia = room.delegate("Indonesia")
    update_delegation(room.session, room.facilitator, room.workshop,
                      room.delegation_ids["Indonesia"], {"attendance": "absent"})
    poll = make_poll(room, "single")
    with pytest.raises(Forbidden, match="Only delegates"):
        vote(room, room.delegate("Canada"), poll, {"choice": option(poll, 0)})
    with pytest.raises(Forbidden, match="not recorded as present"):
        vote(room, indonesia, poll, {"choice": option(poll, 0)})
    assert results_data(room.session, poll)["turnout"] == {"voted": 0, "eligible": 4}


def test_a_poll_for_member_states_only_refuses_member_organisations(room):
    poll = make_poll(room, "single", voters=["member_state"])
    with pytest.raises(Forbidden, match="member states only"):
        vote(room, room.delegate("International Organization for Migration (IOM)"), poll,
             {"choice": option(poll, 0)})
    assert results_data(room.session, poll)["turnout"]["eligible"] == 4


def test_a_per_participant_poll_gives_each_confirmed_voter_a_ballot(room):
    somchai, malee = room.delegate("Thailand", "Somchai"), room.delegate("Thailand", "Malee")
    room.delegate("Canada")  # observers are not in the electorate
    poll = make_poll(room, "single", electorate="participant")
    vote(room, somchai, poll, {"choice": option(poll, 0)})
    vote(room, malee, poll, {"choice": option(poll, 0)})
    data = results_data(room.session, poll)
    assert data["turnout"] == {"voted": 2, "eligible": 7}  # five heads of delegation and two Thais
    assert data["results"][0]["count"] == 2


def test_three_joins_in_one_delegation_count_only_the_confirmed_voters_ballots(room):
    voters = [room.delegate("Thailand"), room.delegate("Thailand", "Malee")]
    stuffer = room.delegate("Thailand", "Somchai K", voter=False)
    poll = make_poll(room, "single", electorate="participant")
    for actor in voters:
        vote(room, actor, poll, {"choice": option(poll, 0)})
    with pytest.raises(Forbidden):
        vote(room, stuffer, poll, {"choice": option(poll, 0)})
    assert scores(room, poll)[FWP[0]][0] == 2
    assert voting.count_voted(room.session, poll.id) == 2


# Visibility and the chart

def test_hidden_results_reach_staff_at_close_and_everyone_at_publication(room):
    poll = make_poll(room, "single")
    assert not results_visible(poll, staff=True)
    voting.close_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    assert results_visible(poll, staff=True) and not results_visible(poll, staff=False)
    assert poll_data(room.session, poll, staff=False)["results"] is None
    voting.publish_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    assert poll_data(room.session, poll, staff=False)["results"]["status"] == "published"


def test_live_results_show_to_everyone_while_the_poll_is_open(room):
    poll = make_poll(room, "single", results="live")
    vote(room, room.delegate("Australia"), poll, {"choice": option(poll, 1)})
    results = poll_data(room.session, poll, staff=False)["results"]
    assert results["results"][0] == {"option_id": option(poll, 1), "text": FWP[1], "count": 1,
                                      "rank": 1, "tied": False}


def test_the_chart_escapes_option_text_and_marks_ties(room):
    poll = make_poll(room, "single", options=["<script>alert(1)</script>", "Fish & chips"])
    vote(room, room.delegate("Australia"), poll, {"choice": option(poll, 0)})
    vote(room, room.delegate("Thailand"), poll, {"choice": option(poll, 1)})
    svg = chart_svg(results_data(room.session, poll))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "Fish &amp; chips" in svg
    assert svg.count("(tie)") == 4  # each bar's label and its tooltip


def test_published_results_reach_the_statement_and_unpublished_ones_do_not(room):
    published = make_poll(room, "dot", dots=3, max_per_option=2)
    vote(room, room.delegate("Australia"), published, {"allocations": {str(option(published, 1)): 2}})
    hidden = make_poll(room, "single", title="Not for the record")
    for poll in (published, hidden):
        voting.close_poll(room.session, room.facilitator, room.workshop, {"poll_id": poll.id})
    voting.publish_poll(room.session, room.facilitator, room.workshop, {"poll_id": published.id})
    polls = gather_statement(room.session, room.workshop).polls
    assert [(p.title, p.method, p.rows[0], p.turnout) for p in polls] == [
        ("Which FWP activities matter most?", "dot", (FWP[1], 2), 1)]
    markdown = compose_statement(gather_statement(room.session, room.workshop)).markdown
    assert "Which FWP activities matter most?" in markdown and "Not for the record" not in markdown


def test_options_can_be_the_forward_work_plans_sections_of_this_workshop_only(room, facilitator):
    from workshop.services import drafting, workshops
    from workshop.services.actors import actor_in

    fwp = drafting.create_document(room.session, room.facilitator, room.workshop, {"template": "fwp"})
    first, second = fwp.sections[1], fwp.sections[2]
    poll = voting.create_poll(room.session, room.facilitator, room.workshop, {
        "title": "Which objectives first?", "method": "approval",
        "options": [{"text": first.heading, "section_id": first.id},
                    {"text": second.heading, "section_id": second.id}]})
    assert [(o.text, o.section_id) for o in poll.options] == [(first.heading, first.id),
                                                              (second.heading, second.id)]
    other = workshops.create_workshop(room.session, facilitator, {"title": "Another meeting"})
    elsewhere = drafting.create_document(room.session, actor_in(room.session, facilitator, other), other,
                                         {"template": "fwp"}).sections[0]
    with pytest.raises(Invalid) as error:
        voting.create_poll(room.session, room.facilitator, room.workshop, {
            "title": "Sneaky", "method": "approval",
            "options": [{"text": "Theirs", "section_id": elsewhere.id}, "Ours"]})
    assert error.value.field == "options"
