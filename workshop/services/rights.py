"""Who may do what: the one table every action checks (docs/architecture.md §3).

Routes, handlers and services never test a role themselves: they name a right here and call `can` or
`require`."""

from ..models.accounts import STAFF_ROLES
from .errors import Forbidden

__all__ = ["EVERYONE", "REASONS", "RIGHTS", "STAFF", "STAFF_ROLES", "can", "require"]

STAFF = frozenset(STAFF_ROLES)  # facilitator, secretariat: the accounts that run a workshop
EVERYONE = STAFF | {"rapporteur", "delegate", "observer"}
TAKING_PART = EVERYONE - {"observer"}  # observers follow, and take no part in decisions

RIGHTS: dict[str, frozenset[str]] = {
    "workshop.read": EVERYONE,
    "workshop.build": STAFF,  # agenda, delegations, groups, codes, participants
    "workshop.steer": STAFF,  # current item, timer, follow, floor
    "workshop.see_codes": STAFF,  # the workshop's and each delegation's joining codes
    "console.open": STAFF,
    "participant.list": STAFF,  # everyone who joined, with their roles and links
    "participant.see_any_link": STAFF,  # a new rejoin link for another participant (each has their own)
    "section.edit": TAKING_PART,
    "section.edit_any": STAFF,  # whatever its status, whichever group drafts it
    "section.manage": STAFF,  # create, lock, agree, restore
    "comment.add": EVERYONE,
    "comment.resolve_any": STAFF,  # each author resolves their own
    "amendment.propose": TAKING_PART,
    "amendment.decide": STAFF,
    "poll.manage": STAFF,
    "poll.see_unpublished": STAFF,  # draft polls, and hidden results between closing and publication
    "poll.vote": frozenset({"delegate", "rapporteur"}),
    "outcome.record": STAFF | {"rapporteur"},
    "floor.request": TAKING_PART,
    "floor.withdraw_any": STAFF,  # a delegation withdraws its own request
    "export.draft": STAFF,
    "export.publish": STAFF,
    "export.read_published": EVERYONE,
}

REASONS = {
    "workshop.build": "Only facilitators and the secretariat can change the workshop set-up.",
    "workshop.steer": "Only facilitators and the secretariat can steer the meeting.",
    "workshop.see_codes": "Only facilitators and the secretariat see the joining codes.",
    "console.open": "Only facilitators and the secretariat use the console.",
    "participant.list": "Only facilitators and the secretariat see the list of participants.",
    "participant.see_any_link": "Only the participant and the facilitators manage a rejoin link.",
    "section.edit": "Observers can follow the text but not change it.",
    "section.edit_any": "Only facilitators and the secretariat can change a section that is not being drafted.",
    "section.manage": "Only facilitators and the secretariat can manage sections.",
    "comment.resolve_any": "Only the author or the facilitators can resolve a comment.",
    "amendment.propose": "Observers take no part in decisions and cannot propose amendments.",
    "amendment.decide": "Only facilitators and the secretariat can accept or reject amendments.",
    "poll.manage": "Only facilitators and the secretariat can run polls.",
    "poll.see_unpublished": "Only facilitators and the secretariat see a poll before it is published.",
    "poll.vote": "Only delegates of member states and member organisations vote.",
    "outcome.record": "Only facilitators, the secretariat and rapporteurs record outcomes.",
    "floor.request": "Observers cannot request the floor.",
    "floor.withdraw_any": "You can only withdraw your own delegation's request.",
    "export.draft": "Only facilitators and the secretariat can export the working draft.",
    "export.publish": "Only facilitators and the secretariat can publish the draft statement.",
}


def can(actor, right: str) -> bool:
    return actor.role in RIGHTS[right]


def require(actor, right: str) -> None:
    if not can(actor, right):
        raise Forbidden(REASONS.get(right, "You are not allowed to do that."))
