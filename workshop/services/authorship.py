"""Who wrote what: the current text in runs, each with the delegation and person who inserted it."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import offload
from ..collab import rooms_for
from ..collab.room import SEED_CLIENT_ID
from ..collab.runs import client_runs
from ..models import Delegation, SectionAuthor, Workshop
from .drafting import get_section


def _client_runs(room) -> list[tuple[int | None, str]]:
    """(Yjs client id, text) runs, read from the CRDT's items in one pass, off the event loop: here only
    the document's state is copied out (fast), under the room's lock."""
    with room.lock:
        update = room.doc.get_update()
    return offload.job(client_runs, update)


def authorship(session: Session, workshop: Workshop, section_id) -> dict:
    section = get_section(session, workshop, section_id)
    room = rooms_for(session).room(session, section)
    authors = {row.client_id: row for row in session.scalars(
        select(SectionAuthor).where(SectionAuthor.section_id == section.id))}
    names = dict(session.execute(
        select(Delegation.id, Delegation.name).where(Delegation.workshop_id == workshop.id)).all())
    runs = []
    for client, chunk in _client_runs(room):
        author = room.authors.get(client) or authors.get(client)  # the room knows what is not yet stored
        delegation_id = author.delegation_id if author else None
        entry = {
            "text": chunk,
            "delegation_id": delegation_id,
            "delegation": names.get(delegation_id) if delegation_id else None,
            "participant_id": author.participant_id if author else None,
            "user_id": author.user_id if author else None,
            "seeded": client == SEED_CLIENT_ID,
        }
        if runs and {k: v for k, v in runs[-1].items() if k != "text"} == \
                {k: v for k, v in entry.items() if k != "text"}:
            runs[-1]["text"] += chunk
        else:
            runs.append(entry)
    return {"section_id": section.id, "runs": runs}
