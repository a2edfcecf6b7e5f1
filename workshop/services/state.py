"""The live state a socket receives on connect and GET /api/v1/workshops/<slug> returns."""

from sqlalchemy.orm import Session

from ..models import Participant, Workshop
from .actors import Actor
from .agenda import item_data, list_items
from .delegations import delegation_data, list_delegations
from .drafting import drafting_state
from .floor import floor_data
from .follow import follow_data, get_follow
from .groups import group_data, list_groups
from .outcomes import list_outcomes, outcome_data
from .participants import list_participants, participant_data
from .presence import presence
from .rights import RIGHTS, can
from .timer import get_timer, timer_data
from .voting.poll_data import polls_state
from .workshops import workshop_data


def me_data(actor: Actor, voter: bool = False) -> dict:
    return {
        "kind": actor.kind,
        "id": actor.id,
        "name": actor.name,
        "role": actor.role,
        "delegation_id": actor.delegation_id,
        "voter": voter,  # a confirmed voter for the delegation (participants only)
        "rights": sorted(right for right, roles in RIGHTS.items() if actor.role in roles),
    }


def _is_voter(session: Session, actor: Actor) -> bool:
    if actor.kind != "participant":
        return False
    participant = session.get(Participant, actor.id)
    return bool(participant and participant.voter)


def live_state(session: Session, actor: Actor, workshop: Workshop) -> dict:
    state = {
        "workshop": workshop_data(workshop, include_codes=can(actor, "workshop.see_codes")),
        "me": me_data(actor, _is_voter(session, actor)),
        "delegations": [delegation_data(d) for d in list_delegations(session, workshop)],
        "agenda": [item_data(i) for i in list_items(session, workshop.id)],
        "current_item_id": workshop.current_item_id,
        "presence": presence(session, workshop.id),
        "timer": timer_data(get_timer(session, workshop.id)),
        "follow": follow_data(get_follow(session, workshop.id)),
        "floor": floor_data(session, workshop.id),
        "groups": [group_data(g) for g in list_groups(session, workshop.id)],
        "outcomes": [outcome_data(o) for o in list_outcomes(session, workshop.id)],
        "documents": drafting_state(session, workshop),
        "polls": polls_state(session, actor, workshop.id),
    }
    if can(actor, "participant.list"):
        state["participants"] = [participant_data(p) for p in list_participants(session, workshop)]
    return state
