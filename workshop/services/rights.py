"""Who may do what (DESIGN §3): the one table every action checks."""

from .errors import Forbidden

STAFF = frozenset({"facilitator", "secretariat"})
EVERYONE = frozenset({"facilitator", "secretariat", "rapporteur", "delegate", "observer"})

RIGHTS: dict[str, frozenset[str]] = {
    "workshop.read": EVERYONE,
    "workshop.build": STAFF,  # agenda, delegations, groups, codes, participants
    "workshop.steer": STAFF,  # current item, timer, follow, floor
    "section.edit": frozenset({"facilitator", "secretariat", "rapporteur", "delegate"}),
    "section.manage": STAFF,  # create, lock, agree, restore
    "comment.add": EVERYONE,
    "amendment.propose": frozenset({"facilitator", "secretariat", "rapporteur", "delegate"}),
    "amendment.decide": STAFF,
    "poll.manage": STAFF,
    "poll.vote": frozenset({"delegate", "rapporteur"}),
    "outcome.record": frozenset({"facilitator", "secretariat", "rapporteur"}),
    "floor.request": frozenset({"facilitator", "secretariat", "rapporteur", "delegate"}),
    "export.draft": STAFF,
    "export.publish": STAFF,
    "export.read_published": EVERYONE,
}

REASONS = {
    "workshop.build": "Only facilitators and the secretariat can change the workshop set-up.",
    "workshop.steer": "Only facilitators and the secretariat can steer the meeting.",
    "section.edit": "Observers can follow the text but not change it.",
    "section.manage": "Only facilitators and the secretariat can manage sections.",
    "amendment.propose": "Observers take no part in decisions and cannot propose amendments.",
    "amendment.decide": "Only facilitators and the secretariat can accept or reject amendments.",
    "poll.manage": "Only facilitators and the secretariat can run polls.",
    "poll.vote": "Only delegates of member states and member organisations vote.",
    "outcome.record": "Only facilitators, the secretariat and rapporteurs record outcomes.",
    "floor.request": "Observers cannot request the floor.",
    "export.draft": "Only facilitators and the secretariat can export the working draft.",
    "export.publish": "Only facilitators and the secretariat can publish the draft statement.",
}


def can(actor, right: str) -> bool:
    return actor.role in RIGHTS[right]


def require(actor, right: str) -> None:
    if not can(actor, right):
        raise Forbidden(REASONS.get(right, "You are not allowed to do that."))
