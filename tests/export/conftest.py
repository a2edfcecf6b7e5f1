"""The two real meetings in the shared domain folder, loaded through the app's own services."""

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from workshop.extensions import db
from workshop.models import Workshop
from workshop.services import accounts, agenda, delegations, drafting, review, workshops
from workshop.services.actors import actor_in, issue_token

DOMAIN = Path("/work/shared/domain")
if not DOMAIN.exists():  # the same files travel with the tests
    DOMAIN = Path(__file__).parent / "domain"
GOLDEN = Path(__file__).parent / "golden"


@dataclass
class Loaded:
    slug: str
    workshop_id: int
    join_code: str
    observer_code: str
    token: str
    facts: dict
    item_ids: list


def _delegation_rows(facts: dict):
    lists = facts.get("delegations", {})
    co_chairs = set(facts.get("co_chairs", []))
    for kind in ("member_state", "member_organisation", "secretariat"):
        for name in lists.get(kind, []):
            yield {"name": name, "kind": kind, "attendance": "present", "co_chair": name in co_chairs}
    for name in lists.get("observer", []):
        kind = "observer_organisation" if "(" in name else "observer_state"
        yield {"name": name, "kind": kind, "attendance": "present"}
    for name in lists.get("apologies", []):
        yield {"name": name, "kind": "member_state", "attendance": "apologies"}


def _agenda_rows(facts: dict):
    if "days" in facts:
        for day, entry in enumerate(facts["days"], start=1):
            for item in entry["items"]:
                theme = facts["themes"][item["theme"]] if "theme" in item else ""
                yield {"day": day, "title": item["title"], "kind": item["kind"], "theme": theme}
    for item in facts.get("agenda", []):
        yield {"day": 1, "title": item["title"], "kind": item["kind"]}


def load_meeting(app, name: str, email: str = "secretariat@example.org") -> Loaded:
    facts = json.loads((DOMAIN / f"{name}.json").read_text())
    with app.app_context():
        s = db.session
        user = accounts.create_user(s, email, "correct horse battery", "secretariat", "RSO Secretariat")
        workshop = workshops.create_workshop(s, user, {
            "title": facts["title"], "process": facts["process"], "body": facts["body"],
            "ordinal": facts["ordinal"], "city": facts["city"], "country": facts["country"],
            "start_date": facts["start"], "end_date": facts["end"], "modality": facts["modality"],
            "slug": facts["short_body"].lower() + f"-{facts['ordinal']}",
        })
        actor = actor_in(s, user, workshop)
        for row in _delegation_rows(facts):
            delegations.add_delegation(s, actor, workshop, row)
        item_ids = [agenda.add_item(s, actor, workshop, row).id for row in _agenda_rows(facts)]
        token = issue_token(s, user=user)
        s.commit()
        return Loaded(workshop.slug, workshop.id, workshop.join_code, workshop.observer_code, token, facts,
                      item_ids)


@pytest.fixture
def teg_rr_3(app) -> Loaded:
    return load_meeting(app, "teg-rr-3")


@pytest.fixture
def teg_rr_6(app) -> Loaded:
    return load_meeting(app, "teg-rr-6")


def _chair(s, loaded: Loaded):
    workshop = s.get(Workshop, loaded.workshop_id)
    return actor_in(s, workshop.staff[0].user, workshop), workshop


def _amend(s, actor, workshop, section_id: int, quote: str, replacement: str) -> None:
    """Change a drafted text the way a room does it: an amendment proposed, then accepted."""
    amendment = review.propose_amendment(s, actor, workshop, {"section_id": section_id, "quote": quote,
                                                              "replacement": replacement})
    review.accept_amendment(s, actor, workshop, {"amendment_id": amendment.id})


def draft_third_meeting(app, loaded: Loaded) -> dict:
    """The third meeting's proceedings drafted in a statement document: the points discussed, agreed;
    the Policy Guide paragraph still in brackets. Returns the section ids by heading."""
    with app.app_context():
        s = db.session
        actor, workshop = _chair(s, loaded)
        document = drafting.create_document(s, actor, workshop, {"title": "Co-Chairs' Statement",
                                                                  "kind": "statement"})
        points = "Members discussed:\n\n" + "\n".join(f"- {p}" for p in loaded.facts["points_discussed"])
        guide = drafting.create_section(s, actor, workshop, {
            "document_id": document.id, "heading": "Policy Guide", "agenda_item_id": loaded.item_ids[0],
            "body": "Members [approved] the Policy Guide on Returns and Reintegration."})
        priorities = drafting.create_section(s, actor, workshop, {
            "document_id": document.id, "heading": "Members' priorities", "position": 0,
            "agenda_item_id": loaded.item_ids[1], "body": points + "\n\nMembers welcomed the Policy Guide."})
        drafting.set_status(s, actor, workshop, {"section_id": priorities.id, "status": "agreed"})
        s.commit()
        return {"document": document.id, "Policy Guide": guide.id, "Members' priorities": priorities.id}


OBJECTIVE_ONE = ("Members strengthen victim-centred and trauma-informed return and reintegration of victims "
                 "of trafficking.")
REGISTER = """Members build a shared register of returns and reintegration practice.

| Activity | Lead members | Timeframe | Deliverable | Strategy areas |
| --- | --- | --- | --- | --- |
| Returns and Reintegration Register | RSO | 2024-2025 | A register of members' commonalities, good practices and shared challenges | |
"""


def draft_sixth_meeting(app, loaded: Loaded) -> dict:
    """The sixth meeting's Forward Work Plan from the template, headed as agreed, with activities
    drafted into its tables; and a group's report tied to the report-back item."""
    with app.app_context():
        s = db.session
        actor, workshop = _chair(s, loaded)
        fwp = drafting.create_document(s, actor, workshop, {"template": "fwp"})
        purpose, one, two, three, closing = (section.id for section in fwp.sections)
        headings = [h for h in loaded.facts["fwp_sections"] if h.startswith("Objective")]
        for section_id, heading in zip((one, two, three), headings, strict=True):
            drafting.update_section(s, actor, workshop, {"section_id": section_id, "heading": heading})
        register = drafting.create_section(s, actor, workshop, {
            "document_id": fwp.id, "heading": "Returns and Reintegration Register", "position": 4,
            "body": REGISTER, "tags": ["Returns and reintegration",
                                       "Information sharing and public information campaigns"]})
        _amend(s, actor, workshop, purpose, "[the next five years]", "2024-2029")
        _amend(s, actor, workshop, one, "[Objective statement.]", OBJECTIVE_ONE)
        _amend(s, actor, workshop, one, "| [Activity] | [Members] | [2024-2025] | [Deliverable] | [Areas] |",
               "| Exchange on victim-centred return procedures \\| phase 1 | IOM | 2025 | Workshop report "
               "| Victim protection and migration management |\n"
               "| Training on screening returnees for trafficking indicators | Thailand, Indonesia | 2026 "
               "| Training modules | Victim protection and migration management; Law enforcement |")
        _amend(s, actor, workshop, two, "| [Activity] | [Members] | [2024-2025]",
               "| Peer exchange visits on standard operating procedures | [Members] | [2025]")
        for section_id, status in ((purpose, "agreed"), (one, "agreed"), (register.id, "agreed"),
                                   (two, "locked")):
            drafting.set_status(s, actor, workshop, {"section_id": section_id, "status": status})
        report = drafting.create_document(s, actor, workshop, {"title": "Group reports", "kind": "group_report"})
        group = drafting.create_section(s, actor, workshop, {
            "document_id": report.id, "heading": "Group 1: cross-border knowledge sharing",
            "agenda_item_id": loaded.item_ids[7],
            "body": "The group proposed a [regional] contact list of reintegration focal points."})
        s.commit()
        return {"fwp": fwp.id, "purpose": purpose, "one": one, "two": two, "three": three,
                "register": register.id, "closing": closing, "report": report.id, "group": group.id}
