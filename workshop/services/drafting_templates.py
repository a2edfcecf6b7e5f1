"""Document templates: the Forward Work Plan outline and the co-chairs' statement outline."""

ACTIVITY_TABLE = """| Activity | Lead members | Timeframe | Deliverable | Strategy areas |
| --- | --- | --- | --- | --- |
| [Activity] | [Members] | [2024-2025] | [Deliverable] | [Areas] |
"""


def _objective(heading: str, tags: list[str]) -> dict:
    return {"heading": heading, "tags": tags,
            "body": "[Objective statement.]\n\n" + ACTIVITY_TABLE}


TEMPLATES = {
    "fwp": {
        "title": "Forward Work Plan",
        "kind": "fwp",
        "sections": [
            {"heading": "Purpose and scope", "tags": ["Coordination and support"],
             "body": "This Forward Work Plan sets out the objectives and activities of the group for "
                     "[the next five years], aligned with the Adelaide Strategy for Cooperation.\n"},
            _objective("Objective 1", ["Returns and reintegration"]),
            _objective("Objective 2", ["Returns and reintegration"]),
            _objective("Objective 3", ["Coordination and support"]),
            {"heading": "Implementation, monitoring and evaluation", "tags": ["Coordination and support"],
             "body": "The co-chairs, supported by the Regional Support Office, report on progress "
                     "[annually].\n"},
        ],
    },
    "statement": {
        "title": "Co-Chairs' Statement",
        "kind": "statement",
        "sections": [
            {"heading": "Opening", "body": "1. The [ordinal] meeting of the [body] was held in [city] on "
                                           "[dates], co-chaired by [co-chairs].\n"},
            {"heading": "Participation", "body": "2. [Member states and organisations] attended.\n"},
            {"heading": "Proceedings", "body": ""},
            {"heading": "Outcomes", "body": "Participants agreed on the following:\n\n- [Outcome]\n"},
            {"heading": "Next meeting", "body": "[The next meeting will be held in ...]\n"},
        ],
    },
}
