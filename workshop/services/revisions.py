"""Revisions of a section: save with a label, list, restore (a new epoch), word-level redline."""

import difflib
import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..brackets import count_open_brackets
from ..collab import rooms_for
from ..models import Revision, Section, SectionUpdate, Workshop
from ..models.base import utcnow
from . import fields
from .actors import Actor
from .audit import record
from .drafting import get_section, require_edit
from .errors import Invalid, NotFound
from .rights import require

_WORDS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def _author_fields(actor: Actor) -> dict:
    return {"author_name": actor.name,
            "participant_id": actor.id if actor.kind == "participant" else None,
            "user_id": actor.id if actor.kind == "user" else None}


def _snapshot_revision(session: Session, actor: Actor, section: Section, label: str) -> Revision:
    room = rooms_for(session).room(session, section)
    snapshot, _state, markdown = room.state()
    revision = Revision(section_id=section.id, label=label, snapshot=snapshot, markdown=markdown,
                        **_author_fields(actor))
    session.add(revision)
    session.flush()
    return revision


def save_revision(session: Session, actor: Actor, workshop: Workshop, data) -> Revision:
    data = fields.payload(data)
    section = get_section(session, workshop, data.get("section_id"))
    require_edit(session, actor, section)
    label = fields.text(data, "label", required=True, max_len=120)
    revision = _snapshot_revision(session, actor, section, label)
    record(session, actor, "section.snapshot", {"section_id": section.id, "revision_id": revision.id,
                                                "label": label})
    return revision


def list_revisions(session: Session, workshop: Workshop, section_id) -> list[Revision]:
    section = get_section(session, workshop, section_id)
    return list(session.scalars(
        select(Revision).where(Revision.section_id == section.id).order_by(Revision.at, Revision.id)))


def get_revision(session: Session, section: Section, revision_id) -> Revision:
    revision = session.get(Revision, revision_id) if isinstance(revision_id, int) \
        and not isinstance(revision_id, bool) else None
    if revision is None or revision.section_id != section.id:
        raise NotFound("No such revision of this section.")
    return revision


def restore_revision(session: Session, actor: Actor, workshop: Workshop, data) -> Section:
    """Put a revision's CRDT state back as a new epoch (DESIGN §7 rule 4): clients of the old epoch
    discard their copy instead of merging it back, which would bring the removed text back."""
    require(actor, "section.manage")
    data = fields.payload(data)
    section = get_section(session, workshop, data.get("section_id"))
    revision = get_revision(session, section, fields.identifier(data, "revision_id", label="revision"))
    # The writer compacts in its own transaction: read the row as stored, or an unchanged-looking
    # snapshot assignment would be skipped and the compacted (newer) snapshot would stay
    session.refresh(section, with_for_update=True)
    # Keep what is replaced: the text as it was just before the restore is a revision too
    _snapshot_revision(session, actor, section, f"Before restoring {revision.label}"[:120])
    session.execute(delete(SectionUpdate).where(SectionUpdate.section_id == section.id))
    section.epoch += 1
    section.snapshot = revision.snapshot
    section.markdown = revision.markdown
    section.brackets = count_open_brackets(revision.markdown)
    section.updated_at = utcnow()
    session.flush()
    record(session, actor, "section.restore", {"section_id": section.id, "revision_id": revision.id,
                                               "epoch": section.epoch})
    return section


def revision_data(revision: Revision) -> dict:
    return {"id": revision.id, "section_id": revision.section_id, "label": revision.label,
            "author": revision.author_name, "at": revision.at.isoformat() + "Z",
            "markdown": revision.markdown}


def word_diff(old: str, new: str) -> list[dict]:
    """Word-level redline: runs of equal, deleted and inserted text."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    ops: list[dict] = []

    def add(op: str, words: list[str]) -> None:
        if not words:
            return
        if ops and ops[-1]["op"] == op:
            ops[-1]["text"] += "".join(words)
        else:
            ops.append({"op": op, "text": "".join(words)})

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", a[i1:i2])
        else:
            add("delete", a[i1:i2])
            add("insert", b[j1:j2])
    return ops


def redline(session: Session, workshop: Workshop, section_id, from_id, to_id=None) -> dict:
    """Between two revisions, or between a revision and the text now (to_id None)."""
    section = get_section(session, workshop, section_id)
    if from_id is None:
        raise Invalid("Say which revision to compare from.", "from")
    old = get_revision(session, section, from_id)
    if to_id is None:
        room = rooms_for(session).room(session, section)
        new_label, new_text = "now", room.markdown()
    else:
        new = get_revision(session, section, to_id)
        new_label, new_text = new.label, new.markdown
    return {"section_id": section.id, "from": old.label, "to": new_label,
            "ops": word_diff(old.markdown, new_text)}
