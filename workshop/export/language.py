"""How co-chairs' statements write things: ordinals as words, date ranges, lists with "and", articles."""

import re
from datetime import date

_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_UNITS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                  "nine": "ninth", "twelve": "twelfth"}


def _cardinal(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, units = divmod(n, 10)
    return _TENS[tens] + ("-" + _UNITS[units] if units else "")


def ordinal_word(n: int) -> str:
    """3 -> "Third", 21 -> "Twenty-first"; beyond 99 statements write "101st"."""
    if not 1 <= n <= 99:
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    words = _cardinal(n)
    head, _, last = words.rpartition("-")
    if last in _ORDINAL_UNITS:
        last = _ORDINAL_UNITS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    words = f"{head}-{last}" if head else last
    return words[0].upper() + words[1:]


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def _day_month(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]}"


def date_range(start: date | None, end: date | None) -> str | None:
    """"4-6 March 2024", "30 March-2 April 2024", "31 December 2024-2 January 2025"; None if unknown."""
    start, end = start or end, end or start
    if start is None:
        return None
    if end < start:
        start, end = end, start
    # month names written out, never from the locale
    if start == end:
        return f"{_day_month(end)} {end.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{_day_month(end)} {end.year}"
    if start.year == end.year:
        return f"{_day_month(start)}-{_day_month(end)} {end.year}"
    return f"{_day_month(start)} {start.year}-{_day_month(end)} {end.year}"


def english_list(items) -> str:
    """["A", "B", "C"] -> "A, B and C", as the statements write lists (no serial comma)."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# Names that take "the" in running text (UN usage); organisations take it when named in full
_STATES_WITH_ARTICLE = {
    "bahamas", "central african republic", "comoros", "czech republic", "democratic republic of the congo",
    "dominican republic", "gambia", "lao people's democratic republic", "maldives", "marshall islands",
    "netherlands", "philippines", "republic of korea", "democratic people's republic of korea",
    "russian federation", "united arab emirates", "united kingdom", "united states", "united states of america",
    "holy see", "european union",
}
_ORGANISATION_WORDS = re.compile(
    r"^(international|office|united nations|regional|european|asian|world|association|global|"
    r"organi[sz]ation|secretariat|council|commission|centre|center|institute|bureau|agency)\b",
    re.IGNORECASE,
)


def with_article(name: str, organisation: bool = False) -> str:
    """"Philippines" -> "the Philippines", "International Labour Organization" -> "the International ..."."""
    if re.match(r"^the\s", name, re.IGNORECASE):
        return "the " + name[4:]
    if name.casefold() in _STATES_WITH_ARTICLE or (organisation and _ORGANISATION_WORDS.match(name)):
        return "the " + name
    return name


def sentence_case(text: str) -> str:
    """Capitalise the first letter: a list that opens a sentence may start with "the"."""
    return text[:1].upper() + text[1:] if text else text


def full_stop(text: str) -> str:
    text = text.rstrip()
    return text if not text or text[-1] in ".!?:;" else text + "."


_MEETING_VERBS = ("reconvene", "meet", "convene", "hold", "hold the next meeting")


def next_meeting_sentence(text: str) -> str:
    """"Reconvene in early 2021" -> "Participants agreed to reconvene in early 2021."; other wording as is."""
    first = text.split(" ", 1)[0]
    if first.casefold() in _MEETING_VERBS and first[1:].islower():
        return full_stop("Participants agreed to " + first.lower() + text[len(first):])
    return full_stop(text)
