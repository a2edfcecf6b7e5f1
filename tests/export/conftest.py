"""The two real meetings in the shared domain folder, loaded through the app's own services."""

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from workshop.extensions import db
from workshop.services import accounts, agenda, delegations, workshops
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
