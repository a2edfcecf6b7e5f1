"""The gatherer: reads a workshop's statement data from the database."""

from sqlalchemy.orm import Session

from ..models import Workshop
from ..services.agenda import list_items
from ..services.delegations import list_delegations
from ..services.drafting import current_markdown, list_documents
from ..services.outcomes import list_outcomes
from ..services.voting.poll_data import results_data
from ..services.voting.polls import list_polls
from .annex import gather_annex
from .statement import (
    AgendaEntry,
    DraftDocument,
    DraftedSection,
    ListedDelegation,
    Meeting,
    OutcomeEntry,
    PollResult,
    StatementData,
)


def gather_meeting(workshop: Workshop) -> Meeting:
    return Meeting(
        title=workshop.title, process=workshop.process, body=workshop.body, ordinal=workshop.ordinal,
        city=workshop.city, country=workshop.country, venue=workshop.venue,
        start_date=workshop.start_date, end_date=workshop.end_date, modality=workshop.modality,
    )


def gather_delegations(session: Session, workshop: Workshop) -> list[ListedDelegation]:
    return [ListedDelegation(d.name, d.kind, d.attendance, d.co_chair, d.sort_name)
            for d in list_delegations(session, workshop)]


def gather_agenda(session: Session, workshop: Workshop) -> list[AgendaEntry]:
    return [AgendaEntry(i.id, i.title, i.day, i.kind, i.theme, i.status)
            for i in list_items(session, workshop.id) if i.kind != "break"]


def gather_drafts(session: Session, workshop: Workshop) -> tuple[list[DraftDocument], list[DraftedSection]]:
    """The documents and their sections in document and section order, each section's text as it
    stands now (a section being edited is read from its live replica, not the trailing mirror)."""
    documents, sections = [], []
    for document in list_documents(session, workshop.id):
        documents.append(DraftDocument(document.id, document.title, document.kind))
        sections += [DraftedSection(s.id, s.heading, current_markdown(session, s), s.status, document.id,
                                    document.title, document.kind, s.agenda_item_id, tuple(s.tags or ()))
                     for s in document.sections]
    return documents, sections


def gather_outcomes(session: Session, workshop: Workshop) -> list[OutcomeEntry]:
    """The recorded outcomes in their order, leads by name, due dates as written in a statement."""
    names = {d.id: d.name for d in list_delegations(session, workshop)}
    return [OutcomeEntry(o.kind, o.text, tuple(names[i] for i in o.lead if i in names),
                    f"{o.due.day} {o.due:%B %Y}" if o.due else "", o.agenda_item_id)
            for o in list_outcomes(session, workshop.id)]


def gather_polls(session: Session, workshop: Workshop) -> list[PollResult]:
    """Published poll results only: a closed poll's results are not the room's until published."""
    polls = []
    for poll in list_polls(session, workshop.id):
        if poll.status != "published":
            continue
        results = results_data(session, poll)
        rows = tuple((row["text"], row[results["unit"]]) for row in results["results"])
        polls.append(PollResult(poll.id, poll.title, poll.method, rows, results["turnout"]["voted"]))
    return polls


def gather_statement(session: Session, workshop: Workshop) -> StatementData:
    """Everything the statement can draw on, before the secretariat chooses what goes in."""
    documents, sections = gather_drafts(session, workshop)
    return StatementData(
        meeting=gather_meeting(workshop),
        delegations=gather_delegations(session, workshop),
        agenda=gather_agenda(session, workshop),
        documents=documents,
        sections=sections,
        annex=gather_annex(sections),
        outcomes=gather_outcomes(session, workshop),
        polls=gather_polls(session, workshop),
    )
