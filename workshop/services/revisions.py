"""Revisions of a section: save with a label, list, restore (a new epoch), word-level redline."""

import difflib
import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..brackets import count_open_brackets
from ..collab import engine_for
from ..models import Revision, Section, SectionUpdate, Workshop
from ..models.base import utcnow
from . import fields, offload
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
    replica = engine_for(session).replica(session, section)
    snapshot, _state, markdown = replica.state()
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
    """Put a revision's CRDT state back as a new epoch (docs/architecture.md §7 rule 4): clients of the old epoch
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


# The redline's work is bounded: lines are aligned first (whole lines hash, so that is cheap), a changed
# stretch too long to compare word by word is aligned by clauses, and words are compared only inside what
# still differs. A stretch whose comparison would cost more than PAIR_WORK word pairs (or UNIT_WORK line or
# clause pairs), or any stretch once TOTAL_WORK is spent, is shown replaced whole: still a correct redline,
# only coarser. (difflib on every word without its junk heuristic took 7.6 s on a 10 KB section.)
PAIR_WORK = 200_000
UNIT_WORK = 1_000_000
TOTAL_WORK = 3_000_000
_CLAUSE_END = frozenset(".!?;:,")


class _Ops:
    """Runs of equal, deleted and inserted text, merged as they are added."""

    def __init__(self):
        self.ops: list[dict] = []

    def add(self, op: str, parts) -> None:
        text = "".join(parts)
        if not text:
            return
        if self.ops and self.ops[-1]["op"] == op:
            self.ops[-1]["text"] += text
        else:
            self.ops.append({"op": op, "text": text})


def _common_ends(a: list, b: list) -> tuple[int, int]:
    """How many items a and b share at the start, and then (of the rest) at the end."""
    limit = min(len(a), len(b))
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return head, tail


def _clauses(words: list[str]) -> list[str]:
    """Words grouped into clauses, each ending after punctuation and the space that follows it."""
    clauses, current = [], []
    for i, word in enumerate(words):
        current.append(word)
        if word.isspace() and i and words[i - 1] in _CLAUSE_END:
            clauses.append("".join(current))
            current = []
    if current:
        clauses.append("".join(current))
    return clauses


def _spend(work: dict, cost: int, limit: int) -> bool:
    if cost > limit or work["compared"] + cost > TOTAL_WORK:
        return False
    work["compared"] += cost
    return True


def _units(ops: _Ops, a: list[str], b: list[str], work: dict, finer) -> None:
    """Align two lists of units (lines, clauses); hand each changed stretch to `finer`."""
    head, tail = _common_ends(a, b)
    ops.add("equal", a[:head])
    middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
    if middle_a and middle_b and _spend(work, len(middle_a) * len(middle_b), UNIT_WORK):
        # difflib's junk heuristic on: a unit that recurs everywhere (an empty line) does not anchor the
        # alignment, which keeps this near-linear
        opcodes = difflib.SequenceMatcher(None, middle_a, middle_b).get_opcodes()
    else:
        opcodes = [("replace", 0, len(middle_a), 0, len(middle_b))]
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            ops.add("equal", middle_a[i1:i2])
        else:
            finer(ops, "".join(middle_a[i1:i2]), "".join(middle_b[j1:j2]), work)
    ops.add("equal", a[len(a) - tail:] if tail else [])


def _words(ops: _Ops, old: str, new: str, work: dict, *, by_clauses: bool = True) -> None:
    """A changed stretch, word by word if that is affordable, else by clauses, else replaced whole."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    head, tail = _common_ends(a, b)
    ops.add("equal", a[:head])
    middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
    if not (middle_a and middle_b):
        ops.add("delete", middle_a)
        ops.add("insert", middle_b)
    elif _spend(work, len(middle_a) * len(middle_b), PAIR_WORK):
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, middle_a, middle_b,
                                                           autojunk=False).get_opcodes():
            if tag == "equal":
                ops.add("equal", middle_a[i1:i2])
            else:
                ops.add("delete", middle_a[i1:i2])
                ops.add("insert", middle_b[j1:j2])
    elif by_clauses and max(len(c := _clauses(middle_a)), len(d := _clauses(middle_b))) > 1:
        _units(ops, c, d, work, lambda o, x, y, w: _words(o, x, y, w, by_clauses=False))
    else:
        ops.add("delete", middle_a)
        ops.add("insert", middle_b)
        work["coarse"] += 1
    ops.add("equal", a[len(a) - tail:] if tail else [])


def word_diff(old: str, new: str, work: dict | None = None) -> list[dict]:
    """Word-level redline: runs of equal, deleted and inserted text. Lines first, then words inside the
    changed lines. `work`, if given, receives how many pairs (of lines, clauses and words) were compared
    and how many stretches were shown replaced whole."""
    work = work if work is not None else {}
    work.update(compared=0, coarse=0)
    ops = _Ops()
    _units(ops, old.splitlines(keepends=True), new.splitlines(keepends=True), work, _words)
    return ops.ops


def redline(session: Session, workshop: Workshop, section_id, from_id, to_id=None) -> dict:
    """Between two revisions, or between a revision and the text now (to_id None). The texts are read here;
    they are compared off the event loop."""
    section = get_section(session, workshop, section_id)
    if from_id is None:
        raise Invalid("Say which revision to compare from.", "from")
    old = get_revision(session, section, from_id)
    if to_id is None:
        replica = engine_for(session).replica(session, section)
        new_label, new_text = "now", replica.markdown()
    else:
        new = get_revision(session, section, to_id)
        new_label, new_text = new.label, new.markdown
    return {"section_id": section.id, "from": old.label, "to": new_label,
            "ops": offload.job(word_diff, old.markdown, new_text)}
