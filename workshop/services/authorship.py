"""Who wrote what: the current text in runs, each with the delegation and person who inserted it."""

from pycrdt import Assoc
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..collab import rooms_for
from ..collab.room import SEED_CLIENT_ID, author_span
from ..collab.store import stored_authors
from ..models import Delegation, Workshop
from .drafting import get_section


def _units(char: str) -> int:
    """A character's length in Yjs clocks (UTF-16 code units)."""
    return 2 if ord(char) > 0xFFFF else 1


def _client_runs(room) -> list[tuple[int | None, int | None, str]]:
    """(Yjs client id, Yjs clock of the run's first character, text) runs, read from the item ids under
    each character; the characters of a run have consecutive clocks (counted in UTF-16 code units, as
    Yjs counts them). A run ends where the client id changes or the clocks stop following on."""
    runs: list[tuple[int | None, int | None, str]] = []
    with room.lock:
        text = str(room.text)
        offset = 0  # pycrdt indexes text in UTF-8 bytes
        previous = None  # (client, clock as reported, clock, char)
        for char in text:
            item = room.text.sticky_index(offset, Assoc.AFTER).to_json().get("item") or {}
            client, reported = item.get("client"), item.get("clock")
            clock = reported
            # pycrdt reports an item's clock plus the UTF-8 offset into the item: within an item, count
            # the clocks on from the previous character instead
            if previous is not None and previous[0] == client and reported is not None and \
                    reported == previous[1] + len(previous[3].encode("utf-8")):
                clock = previous[2] + _units(previous[3])
            if runs and previous is not None and previous[0] == client and clock is not None and \
                    previous[2] is not None and clock == previous[2] + _units(previous[3]):
                runs[-1] = (client, runs[-1][1], runs[-1][2] + char)
            else:
                runs.append((client, clock, char))
            previous = (client, reported, clock, char)
            offset += len(char.encode("utf-8"))
    return runs


def authorship(session: Session, workshop: Workshop, section_id) -> dict:
    section = get_section(session, workshop, section_id)
    room = rooms_for(session).room(session, section)
    stored = stored_authors(session, section.id)
    names = dict(session.execute(
        select(Delegation.id, Delegation.name).where(Delegation.workshop_id == workshop.id)).all())
    runs = []
    for client, clock, text in _client_runs(room):
        for author, chunk in _by_author(room, stored, client, clock, text):
            _add_run(runs, names, client, author, chunk)
    return {"section_id": section.id, "runs": runs}


def _by_author(room, stored, client, clock, text):
    """A run of one client id's consecutive items, split where another author's range begins: each
    item goes to the member whose update added it (collab.room.author_span), looked up once per range."""
    if clock is None or not text:
        return [(None, text)] if text else []
    pieces = []
    with room.lock:  # the room knows what is not yet stored
        if max(text) <= "\uffff":  # one clock per character: clocks and indexes go together
            index = 0
            while index < len(text):
                author, until = author_span(client, clock + index, room.authors, stored)
                end = len(text) if until is None else min(len(text), until - clock)
                pieces.append((author, text[index:end]))
                index = end
        else:
            author, until, start = None, clock, 0
            for index, char in enumerate(text):
                if until is not None and clock >= until:
                    if index > start:
                        pieces.append((author, text[start:index]))
                    author, until = author_span(client, clock, room.authors, stored)
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
