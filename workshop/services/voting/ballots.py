"""Reading a ballot from an untrusted payload, by voting method (docs/architecture.md §6 ballot shapes)."""

import re

from ...models import Poll
from ..errors import Invalid

# The fixed answers of the two methods that need no typed options, in display order
FIXED_ANSWERS = {
    "yes_no_abstain": (("yes", "Yes"), ("no", "No"), ("abstain", "Abstain")),
    "consensus": (("agree", "Agree"), ("can_live", "Can live with it"), ("object", "Object")),
}


def _option_id(value, known: dict) -> int:
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9]{1,9}\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid("Options are given by their id (a whole number).", "ballot")
    if value not in known:
        raise Invalid(f"There is no option {value} in this poll.", "ballot")
    return value


def _option_list(ballot: dict, key: str, known: dict) -> list[int]:
    values = ballot.get(key)
    if not isinstance(values, list):
        raise Invalid(f"The ballot must give {key!r} as a list of option ids.", "ballot")
    if len(values) > len(known):
        raise Invalid("The ballot lists more options than the poll has.", "ballot")
    ids = [_option_id(value, known) for value in values]
    seen = set()
    for option_id in ids:
        if option_id in seen:
            what = "ranks" if key == "ranking" else "lists"
            raise Invalid(f"The ballot {what} “{known[option_id]}” twice.", "ballot")
        seen.add(option_id)
    return ids


def _dot(poll: Poll, ballot: dict, known: dict) -> dict:
    allocations = ballot.get("allocations")
    if not isinstance(allocations, dict):
        raise Invalid("A dot ballot gives 'allocations': {option id: dots}.", "ballot")
    if len(allocations) > len(known):
        raise Invalid("The ballot lists more options than the poll has.", "ballot")
    clean: dict[str, int] = {}
    for key, dots in allocations.items():
        option_id = _option_id(key, known)
        if isinstance(dots, bool) or not isinstance(dots, int) or dots < 0:
            raise Invalid("Dots are counted in whole numbers of zero or more.", "ballot")
        if str(option_id) in clean:
            raise Invalid(f"The ballot gives “{known[option_id]}” twice.", "ballot")
        if dots > poll.max_per_option:
            raise Invalid(f"At most {poll.max_per_option} dots may go on one option "
                          f"(“{known[option_id]}” has {dots}).", "ballot")
        if dots:
            clean[str(option_id)] = dots
    used = sum(clean.values())
    if used > poll.dots:
        raise Invalid(f"Each ballot has {poll.dots} dots; this one uses {used}.", "ballot")
    return {"allocations": clean}


def _ranking(_poll: Poll, ballot: dict, known: dict) -> dict:
    ranking = _option_list(ballot, "ranking", known)
    if not ranking:
        raise Invalid("Rank at least one option.", "ballot")
    return {"ranking": ranking}


def _approval(_poll: Poll, ballot: dict, known: dict) -> dict:
    # Approving nothing is allowed: the delegation takes part without supporting any option
    return {"approved": sorted(_option_list(ballot, "approved", known))}


def _single(_poll: Poll, ballot: dict, known: dict) -> dict:
    if ballot.get("choice") is None:
        raise Invalid("Choose one option.", "ballot")
    return {"choice": _option_id(ballot.get("choice"), known)}


def _fixed(poll: Poll, ballot: dict, _known: dict) -> dict:
    answers = dict(FIXED_ANSWERS[poll.method])
    choice = ballot.get("choice")
    if not isinstance(choice, str) or choice not in answers:
        raise Invalid("The choice must be one of: " + ", ".join(answers) + ".", "ballot")
    return {"choice": choice}


READERS = {"dot": _dot, "ranking": _ranking, "approval": _approval, "single": _single,
           "yes_no_abstain": _fixed, "consensus": _fixed}


def read_ballot(poll: Poll, ballot) -> dict:
    """The ballot in its stored, canonical form; raises Invalid with the rule it breaks."""
    if not isinstance(ballot, dict):
        raise Invalid("The ballot must be a JSON object.", "ballot")
    known = {option.id: option.text for option in poll.options}
    return READERS[poll.method](poll, ballot, known)
