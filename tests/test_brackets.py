"""The one bracket scanner the drafting engine and the statement export share."""

from workshop.brackets import count_open_brackets, open_brackets
from workshop.services.drafting_templates import ACTIVITY_TABLE


def test_brackets_are_counted_as_open_passages_not_links():
    assert count_open_brackets("No brackets.") == 0
    assert count_open_brackets("[a] and [b [nested]] and [unclosed") == 3
    assert count_open_brackets("A [link](https://example.org) is not a mark.") == 0
    assert count_open_brackets("Nor is an image ![map](map.png) or an escaped \\[bracket\\].") == 0
    assert count_open_brackets("") == 0 and count_open_brackets(None) == 0


def test_each_passage_is_listed_outermost_first_with_whether_it_closes():
    assert open_brackets("Members [agreed [in principle]] to meet [in 2025].") == [
        ("[agreed [in principle]]", True), ("[in 2025]", True)]
    assert open_brackets("See [the guide](https://x.org) and [annex].") == [("[annex]", True)]


def test_an_unclosed_bracket_runs_to_the_end_of_its_paragraph():
    text = "Members [agreed to\nmeet.\n\nThe next paragraph] stands."
    assert open_brackets(text) == [("[agreed to meet.", False)]
    assert count_open_brackets(text) == 1
    assert open_brackets("Members [agreed") == [("[agreed", False)]


def test_the_count_is_the_number_of_passages_listed():
    for text in ("[a] [b]", "[a [b] c", ACTIVITY_TABLE, "x](y) [z](w) [v]"):
        assert count_open_brackets(text) == len(open_brackets(text))
    assert count_open_brackets(ACTIVITY_TABLE) == 5  # the template's placeholders are all open
