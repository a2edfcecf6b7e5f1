"""Outcomes recorded live reach the statement, in their order, under "Participants agreed"."""

from workshop.export.compose import compose_statement
from workshop.export.gather import gather_statement
from workshop.models import User, Workshop
from workshop.services.actors import actor_in
from workshop.services.outcomes import add_outcome, move_outcome


def test_recorded_outcomes_are_composed_into_the_statement(session, meeting):
    workshop = session.get(Workshop, meeting.workshop_id)
    chair = actor_in(session, session.query(User).filter_by(email=meeting.facilitator_email).one(), workshop)
    ids = meeting.delegation_ids
    add_outcome(session, chair, workshop, {"kind": "agreement", "text": "Endorse the Forward Work Plan 2024-2029"})
    register = add_outcome(session, chair, workshop, {
        "kind": "action", "text": "The RSO to circulate a template for the Returns and Reintegration Register",
        "lead": [ids["Philippines"], ids["Australia"]], "due": "2024-06-30"})
    add_outcome(session, chair, workshop, {"kind": "next_meeting", "text": "Meet again in Bangkok in 2025"})
    move_outcome(session, chair, workshop, {"outcome_id": register.id, "position": 0})
    markdown = compose_statement(gather_statement(session, workshop)).markdown
    agreed = markdown.split("Participants agreed on the following:")[1]
    register_line = agreed.index("The RSO to circulate a template for the Returns and Reintegration Register "
                                 "(lead: Philippines and Australia; by 30 June 2024).")
    assert register_line < agreed.index("Endorse the Forward Work Plan 2024-2029.")
    assert "Participants agreed to meet again in Bangkok in 2025." in markdown.split("## Next meeting")[1]
