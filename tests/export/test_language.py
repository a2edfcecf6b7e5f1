"""The statement's English: ordinals, dates, lists and articles as the co-chairs' statements write them."""

from datetime import date

from workshop.export.language import (
    date_range,
    english_list,
    next_meeting_sentence,
    ordinal_word,
    with_article,
)


def test_meeting_ordinals_are_written_as_words():
    assert [ordinal_word(n) for n in (1, 3, 6, 12, 20, 21, 45)] == [
        "First", "Third", "Sixth", "Twelfth", "Twentieth", "Twenty-first", "Forty-fifth"]
    assert ordinal_word(112) == "112th"


def test_dates_read_like_the_statements():
    assert date_range(date(2024, 3, 4), date(2024, 3, 6)) == "4-6 March 2024"
    assert date_range(date(2020, 2, 13), date(2020, 2, 14)) == "13-14 February 2020"
    assert date_range(date(2024, 3, 30), date(2024, 4, 2)) == "30 March-2 April 2024"
    assert date_range(date(2024, 12, 31), date(2025, 1, 2)) == "31 December 2024-2 January 2025"
    assert date_range(date(2024, 3, 4), None) == "4 March 2024"
    assert date_range(None, None) is None


def test_lists_join_the_last_name_with_and():
    assert english_list(["A", "B", "C"]) == "A, B and C"
    assert english_list(["A", "B"]) == "A and B"
    assert english_list(["A"]) == "A"
    assert english_list([]) == ""


def test_names_take_the_article_english_wants():
    assert with_article("Philippines") == "the Philippines"
    assert with_article("The Philippines") == "the Philippines"
    assert with_article("Thailand") == "Thailand"
    assert with_article("International Labour Organization (ILO)", organisation=True) == \
        "the International Labour Organization (ILO)"
    assert with_article("UNODC", organisation=True) == "UNODC"


def test_next_meeting_reads_as_an_agreement():
    assert next_meeting_sentence("Reconvene in early 2021") == "Participants agreed to reconvene in early 2021."
    assert next_meeting_sentence("Bangkok, March 2025") == "Bangkok, March 2025."
