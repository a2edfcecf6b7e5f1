"""Who wrote what: the current text in runs, each with the delegation and person who inserted it."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..collab import engine_for
from ..collab.replica import SEED_CLIENT_ID, author_span
from ..collab.runs import client_runs
from ..collab.store import stored_authors
from ..models import Delegation, Workshop
from . import offload
from .drafting import get_section


def _units(char: str) -> int:
    """A character's length in Yjs clocks (UTF-16 code units)."""
    return 2 if ord(char) > 0xFFFF else 1


def _client_runs(replica) -> list[tuple[int | None, int | None, str]]:
    """(Yjs client id, clock of the run's first character, text) runs, read from the CRDT's items in one
    pass, off the event loop: here only the document's state is copied out (fast), under the replica's lock."""
    with replica.lock:
        update = replica.doc.get_update()
    return offload.job(client_runs, update)


def authorship(session: Session, workshop: Workshop, section_id) -> dict:
    section = get_section(session, workshop, section_id)
    replica = engine_for(session).replica(session, section)
    stored = stored_authors(session, section.id)
    names = dict(session.execute(
        select(Delegation.id, Delegation.name).where(Delegation.workshop_id == workshop.id)).all())
    runs = []
    for client, clock, text in _client_runs(replica):
        for author, chunk in _by_author(replica, stored, client, clock, text):
            _add_run(runs, names, client, author, chunk)
    return {"section_id": section.id, "runs": runs}


def _by_author(replica, stored, client, clock, text):
    """A run of one client id's consecutive items, split where another author's range begins: each
    item goes to the member whose update added it (collab.replica.author_span), looked up once per range."""
    if clock is None or not text:
        return [(None, text)] if text else []
    pieces = []
    with replica.lock:  # the replica knows what is not yet stored
        if max(text) <= "\uffff":  # one clock per character: clocks and indexes go together
            index = 0
            while index < len(text):
                author, until = author_span(client, clock + index, replica.authors, stored)
                end = len(text) if until is None else min(len(text), until - clock)
                pieces.append((author, text[index:end]))
                index = end
        else:
            author, until, start = None, clock, 0
            for index, char in enumerate(text):
                if until is not None and clock >= until:
                    if index > start:
                        pieces.append((author, text[start:index]))
                    author, until = author_span(client, clock, replica.authors, stored)
                    start = index
                clock += _units(char)
            pieces.append((author, text[start:]))
    merged = []
    for author, chunk in pieces:
        if merged and merged[-1][0] is author:
            merged[-1] = (author, merged[-1][1] + chunk)
        else:
            merged.append((author, chunk))
    return merged


def _add_run(runs: list, names: dict, client, author, chunk: str) -> None:
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
