"""Storing a section's CRDT state: loading, appending to the update log, verified compaction."""

from collections import defaultdict

from pycrdt import merge_updates
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from ..brackets import count_open_brackets
from ..models import Section, SectionAuthor, SectionUpdate
from ..models.base import utcnow
from .replica import AuthorMap, Change, Replica, decode_state_vector, new_doc


class CompactionMismatch(Exception):
    """The snapshot did not reproduce the replica: nothing is stored or deleted."""


def stored_updates(session: Session, section: Section) -> tuple[list[bytes], list[int]]:
    """The snapshot and the log rows of the current epoch, in order, with the row ids."""
    rows = session.execute(
        select(SectionUpdate.id, SectionUpdate.data)
        .where(SectionUpdate.section_id == section.id, SectionUpdate.epoch == section.epoch)
        .order_by(SectionUpdate.id)
    ).all()
    updates = ([section.snapshot] if section.snapshot else []) + [data for _id, data in rows]
    return updates, [row_id for row_id, _data in rows]


def load_replica(session: Session, section: Section) -> Replica:
    replica = Replica(section.id, section.workshop_id, section.epoch)
    updates, ids = stored_updates(session, section)
    replica.load(updates)
    replica.logged_rows = len(ids)
    replica.seen_row_id = max(ids, default=section.snapshot_update_id)
    return replica


def unseen_updates(session: Session, replica: Replica) -> list[bytes]:
    """Rows other processes logged since this replica last looked (rule 8)."""
    rows = session.execute(
        select(SectionUpdate.id, SectionUpdate.data)
        .where(SectionUpdate.section_id == replica.section_id, SectionUpdate.epoch == replica.epoch,
               SectionUpdate.id > replica.seen_row_id)
        .order_by(SectionUpdate.id)
    ).all()
    if rows:
        replica.seen_row_id = max(replica.seen_row_id, rows[-1][0])
    return [data for _id, data in rows]


def append_changes(session: Session, changes: list[Change]) -> dict[int, int]:
    """Log a batch of changes, one merged row per section, epoch and author, in one statement; returns
    the epoch of each section written."""
    groups: dict[tuple, list[bytes]] = defaultdict(list)
    for change in changes:
        groups[(change.section_id, change.epoch, change.author)].append(change.update)
    epochs = dict(session.execute(
        select(Section.id, Section.epoch).where(Section.id.in_({key[0] for key in groups}))
    ).all())
    rows, written = [], {}
    for (section_id, epoch, author), updates in groups.items():
        if epochs.get(section_id) != epoch:
            continue  # the section was restored (or removed) since: the old epoch's edits are void
        rows.append({
            "section_id": section_id, "epoch": epoch,
            "data": updates[0] if len(updates) == 1 else merge_updates(*updates),
            "participant_id": author.participant_id if author else None,
            "user_id": author.user_id if author else None,
            "delegation_id": author.delegation_id if author else None,
        })
        written[section_id] = epoch
    if rows:
        session.execute(insert(SectionUpdate), rows)
    return written


def write_mirror(session: Session, section_id: int, epoch: int, markdown: str) -> None:
    """The Markdown mirror of a section's text, if the section is still of that epoch. On the connection,
    not through the ORM: nothing the edit rule reads changes (live.rights_watch need not hear of it)."""
    table = Section.__table__
    session.connection().execute(
        update(table).where(table.c.id == section_id, table.c.epoch == epoch)
        .values(markdown=markdown, brackets=count_open_brackets(markdown), updated_at=utcnow()))


def store_authors(session: Session, replica: Replica, *, grown: bool = False):
    """Keep the replica's record of who added which items: new ranges as rows; with `grown` (on
    compaction), the ends of ranges that grew since. A stored end that lags is harmless meanwhile: a
    clock past it still goes to the range starting before it (collab.replica.author_at), and a range only
    grows with its own author's items. Returns what to call once the transaction is committed."""
    with replica.lock:
        dirty = [(r, r.end) for r in replica.authors.dirty() if grown or r.row_id is None]
    written = []
    for entry, end in dirty:
        if entry.row_id is None:
            row = SectionAuthor(section_id=replica.section_id, client_id=entry.client_id, clock_start=entry.start,
                                clock_end=end, participant_id=entry.author.participant_id,
                                user_id=entry.author.user_id, delegation_id=entry.author.delegation_id)
            session.add(row)
            session.flush()
            written.append((entry, end, row.id))
        else:
            session.execute(update(SectionAuthor).where(SectionAuthor.id == entry.row_id).values(clock_end=end))
            written.append((entry, end, entry.row_id))

    def committed() -> None:
        with replica.lock:
            for entry, end, row_id in written:
                entry.row_id = row_id
                if entry.end == end:
                    entry.dirty = False

    return committed


def stored_authors(session: Session, section_id: int) -> AuthorMap:
    """The stored ranges of a section, for lookups with collab.replica.author_at."""
    authors = AuthorMap()
    for row in session.scalars(select(SectionAuthor).where(SectionAuthor.section_id == section_id)
                               .order_by(SectionAuthor.id)):
        authors.add_stored(row.client_id, row.clock_start, row.clock_end, row)
    return authors


def refresh_mirror(section: Section, markdown: str) -> None:
    if section.markdown != markdown:
        section.markdown = markdown
        section.brackets = count_open_brackets(markdown)
        section.updated_at = utcnow()


def compact(session: Session, replica: Replica, integrate) -> bool:
    """Fold the log into the snapshot (docs/architecture.md §7 rule 3). The caller commits; False if skipped.
    `integrate(replica, updates)` applies stored updates this replica may lack (from other processes)."""
    section = session.scalar(select(Section).where(Section.id == replica.section_id).with_for_update())
    if section is None or section.epoch != replica.epoch:
        return False
    updates, ids = stored_updates(session, section)
    integrate(replica, updates)  # everything stored is in the snapshot we are about to take
    snapshot, state, markdown = replica.state()
    check, check_text = new_doc()
    check.apply_update(snapshot)
    if str(check_text) != markdown or decode_state_vector(check.get_state()) != decode_state_vector(state):
        raise CompactionMismatch(f"section {section.id}: the snapshot does not reproduce the replica")
    section.snapshot = snapshot
    if ids:
        section.snapshot_update_id = max(ids)
        session.execute(delete(SectionUpdate).where(SectionUpdate.id.in_(ids)))
    refresh_mirror(section, markdown)
    session.flush()
    replica.logged_rows = 0
    return True
