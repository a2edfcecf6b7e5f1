"""Reading a ballot: option ids given as odd text are refused with the rule, never an exception."""

import pytest

from workshop.models import Poll, PollOption
from workshop.services.errors import Invalid
from workshop.services.voting.ballots import read_ballot


def single_poll() -> Poll:
    return Poll(method="single", options=[PollOption(id=1, text="Data sharing"), PollOption(id=2, text="Training")])


@pytest.mark.parametrize("choice", ["²", "٢", "99999999999999999999999"])
def test_a_choice_in_odd_digits_is_an_invalid_ballot(choice):
    with pytest.raises(Invalid) as refused:
        read_ballot(single_poll(), {"choice": choice})
    assert refused.value.field == "ballot"


def test_a_choice_given_as_digit_text_is_read_as_the_option_id():
    assert read_ballot(single_poll(), {"choice": " 2 "}) == {"choice": 2}
