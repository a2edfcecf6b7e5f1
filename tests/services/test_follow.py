"""Follow me: the target is checked against this workshop before anyone is moved."""

import pytest

from workshop.services.errors import Forbidden, Invalid, NotFound
from workshop.services.follow import follow_data, set_follow
from workshop.services.groups import create_group


def test_follow_me_names_the_view_and_its_title_and_null_frees_everyone(db, cast):
    f, w = cast.facilitator, cast.workshop
    data = follow_data(set_follow(db, f, w, {"view": "agenda_item", "id": cast.item_ids[1]}))
    assert (data["view"], data["id"], data["title"]) == ("agenda_item", cast.item_ids[1], "Forward Work Plan drafting session")
    group, _ = create_group(db, f, w, {"name": "Group A"})
    assert follow_data(set_follow(db, f, w, {"view": "group", "id": group.id}))["title"] == "Group A"
    assert follow_data(set_follow(db, f, w, {"view": "outcomes"}))["title"] == "Outcomes"
    assert follow_data(set_follow(db, f, w, {"view": None}))["view"] is None


def test_follow_me_refuses_other_roles_unknown_views_and_foreign_ids(db, other_meeting, cast):
    f, w = cast.facilitator, cast.workshop
    with pytest.raises(Forbidden):
        set_follow(db, cast.australia, w, {"view": "outcomes"})
    for bad in [{}, {"view": "kitchen"}, {"view": 3}, {"view": "agenda_item"}, {"view": "agenda_item", "id": "x"}]:
        with pytest.raises(Invalid):
            set_follow(db, f, w, bad)
    with pytest.raises(NotFound):
        set_follow(db, f, w, {"view": "agenda_item", "id": other_meeting["item_ids"][0]})


def test_follow_me_can_show_a_poll_of_this_workshop_only(db, other_meeting, cast):
    from workshop.services.voting.polls import create_poll, open_poll

    f, w = cast.facilitator, cast.workshop
    poll = create_poll(db, f, w, {"title": "Which activities first?", "method": "yes_no_abstain"})
    open_poll(db, f, w, {"poll_id": poll.id})
    data = follow_data(set_follow(db, f, w, {"view": "poll", "id": poll.id}))
    assert (data["view"], data["id"], data["title"]) == ("poll", poll.id, "Which activities first?")
    theirs = create_poll(db, other_meeting["staff"], other_meeting["workshop"],
                         {"title": "Theirs", "method": "yes_no_abstain"})
    with pytest.raises(NotFound):
        set_follow(db, f, w, {"view": "poll", "id": theirs.id})


def test_follow_me_refuses_a_draft_or_removed_poll_so_its_title_stays_with_the_staff(db, cast):
    from workshop.services.voting.polls import create_poll, remove_poll

    f, w = cast.facilitator, cast.workshop
    draft = create_poll(db, f, w, {"title": "Should the secretariat move to Canberra?", "method": "yes_no_abstain"})
    with pytest.raises(Invalid) as refused:
        set_follow(db, f, w, {"view": "poll", "id": draft.id})
    assert "draft" in refused.value.message
    taken_back = create_poll(db, f, w, {"title": "Withdrawn question", "method": "yes_no_abstain"})
    remove_poll(db, f, w, {"poll_id": taken_back.id})
    with pytest.raises(NotFound):
        set_follow(db, f, w, {"view": "poll", "id": taken_back.id})
