"""Counting ballots by method: dot sums, Borda points, approvals, single choices and fixed answers."""

from ...models import Poll

# Methods whose score is points (a ballot gives several); the others count ballots
POINT_METHODS = ("dot", "ranking")


def _scores(poll: Poll, ballots: list[dict]) -> dict[int, int]:
    options = poll.options
    scores = {option.id: 0 for option in options}
    by_code = {option.code: option.id for option in options if option.code}
    for ballot in ballots:
        if poll.method == "dot":
            for key, dots in ballot.get("allocations", {}).items():
                if int(key) in scores:
                    scores[int(key)] += dots
        elif poll.method == "ranking":
            # Borda: first place earns as many points as there are options, each place one fewer;
            # options a delegation leaves unranked earn nothing from it
            for place, option_id in enumerate(ballot.get("ranking", [])):
                if option_id in scores:
                    scores[option_id] += len(options) - place
        elif poll.method == "approval":
            for option_id in ballot.get("approved", []):
                if option_id in scores:
                    scores[option_id] += 1
        elif poll.method == "single":
            if ballot.get("choice") in scores:
                scores[ballot["choice"]] += 1
        elif ballot.get("choice") in by_code:
            scores[by_code[ballot["choice"]]] += 1
    return scores


def tally(poll: Poll, ballots: list[dict]) -> list[dict]:
    """One row per option, best first; equal scores share a rank and are marked as ties."""
    scores = _scores(poll, ballots)
    unit = "points" if poll.method in POINT_METHODS else "count"
    fixed_order = poll.method in ("yes_no_abstain", "consensus")
    options = list(poll.options)
    if not fixed_order:
        options.sort(key=lambda option: (-scores[option.id], option.position, option.id))
    values = list(scores.values())
    rows = []
    for option in options:
        score = scores[option.id]
        rows.append({
            "option_id": option.id,
            "text": option.text,
            unit: score,
            "rank": 1 + sum(1 for other in values if other > score),
            "tied": values.count(score) > 1,
        })
        if option.code:
            rows[-1]["code"] = option.code
    return rows


def summary(poll: Poll, rows: list[dict], voted: int) -> dict:
    """What the room reads first: the leader(s), or for a consensus check whether anyone objects."""
    unit = "points" if poll.method in POINT_METHODS else "count"
    if poll.method == "consensus":
        objections = next((r["count"] for r in rows if r.get("code") == "object"), 0)
        return {"objections": objections, "consensus": voted > 0 and objections == 0}
    if poll.method == "yes_no_abstain":
        counts = {r.get("code"): r["count"] for r in rows}
        return {"carried": counts.get("yes", 0) > counts.get("no", 0),
                "tied": counts.get("yes", 0) == counts.get("no", 0)}
    top = max((r[unit] for r in rows), default=0)
    leaders = [r["option_id"] for r in rows if r[unit] == top] if top > 0 else []
    return {"leaders": leaders, "tie_for_first": len(leaders) > 1}
