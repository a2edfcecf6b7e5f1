"""The engine's binding rules (docs/architecture.md §7): load writes nothing, batched log, verified compaction,
restore epochs, idle replicas unloaded."""

import pytest
from sqlalchemy import func, select

from tests.ypeer import YPeer
from workshop.collab import store
from workshop.collab.protocol import sync_step2
from workshop.collab.replica import new_doc
from workshop.extensions import db
from workshop.models import SectionUpdate
from workshop.services import revisions


def log_rows(section_id: int) -> int:
    return db.session.scalar(select(func.count(SectionUpdate.id)).where(SectionUpdate.section_id == section_id))


def test_edits_are_logged_in_batches_with_their_author_and_the_mirror_follows(drafting_section, meeting):
    maria = drafting_section.editor("Philippines")
    for word in ["Members ", "agree ", "to ", "share ", "practices."]:
        maria.type(drafting_section, len(maria.peer.value), word)
    drafting_section.engine.flush()
    rows = db.session.scalars(select(SectionUpdate).where(SectionUpdate.section_id == drafting_section.section_id)).all()
    assert len(rows) == 1  # five updates merged into one row for one author
    assert rows[0].participant_id == maria.author.id and rows[0].delegation_id == meeting.delegation_ids["Philippines"]
    assert drafting_section.section().markdown == "Members agree to share practices."


def test_loading_a_section_writes_nothing(drafting_section):
    maria = drafting_section.editor()
    maria.type(drafting_section, 0, "Saved before the replica was unloaded.")
    drafting_section.engine.flush()
    rows = log_rows(drafting_section.section_id)
    assert drafting_section.engine.unload_idle(force=True) == 1
    drafting_section.engine.flush()
    snapshot_rows = log_rows(drafting_section.section_id)  # unloading compacted the log
    replica = drafting_section.replica()
    assert replica.markdown() == "Saved before the replica was unloaded."
    assert drafting_section.engine.flush() == 0
    assert log_rows(drafting_section.section_id) == snapshot_rows <= rows


def test_compaction_keeps_the_text_and_state_and_empties_the_log(drafting_section):
    a, b = drafting_section.editor("Philippines"), drafting_section.editor("Thailand", "Somchai")
    for i in range(30):
        a.type(drafting_section, 0, f"a{i} ")
        b.peer.receive(sync_step2(drafting_section.replica().diff(b.peer.doc.get_state())))
        b.type(drafting_section, len(b.peer.value), f" b{i}")
        b.delete(drafting_section, 0, 1) if i % 7 == 0 else None
        drafting_section.engine.flush()
    replica = drafting_section.replica()
    before_text = replica.markdown()
    before_state = store.decode_state_vector(replica.state()[1])
    assert log_rows(drafting_section.section_id) >= 30
    assert drafting_section.engine.compact(replica)
    assert log_rows(drafting_section.section_id) == 0
    section = drafting_section.section()
    fresh, text = new_doc()
    fresh.apply_update(section.snapshot)
    assert str(text) == before_text == section.markdown
    assert store.decode_state_vector(fresh.get_state()) == before_state
    # a client that was offline during compaction still syncs from the snapshot
    late = YPeer(drafting_section.section_id)
    late.receive(sync_step2(replica.diff(late.doc.get_state())))
    assert late.value == before_text


def test_a_snapshot_that_does_not_reproduce_the_replica_is_refused(drafting_section, monkeypatch):
    maria = drafting_section.editor()
    maria.type(drafting_section, 0, "Text that must survive.")
    drafting_section.engine.flush()
    rows = log_rows(drafting_section.section_id)

    def broken_doc():
        doc, text = new_doc()
        text += "corrupted "
        return doc, text

    monkeypatch.setattr(store, "new_doc", broken_doc)
    with pytest.raises(store.CompactionMismatch):
        drafting_section.engine.compact(drafting_section.replica())
    db.session.rollback()
    assert log_rows(drafting_section.section_id) == rows
    assert drafting_section.section().snapshot is None


def test_the_log_is_compacted_when_it_passes_the_threshold(drafting_section):
    drafting_section.engine.compact_after = 5
    maria = drafting_section.editor()
    for i in range(12):
        maria.type(drafting_section, 0, f"{i} ")
        drafting_section.engine.flush()
    assert log_rows(drafting_section.section_id) < 5
    assert drafting_section.section().snapshot is not None
    assert drafting_section.section().markdown == drafting_section.replica().markdown()


def test_restore_cycles_keep_the_text_and_stale_clients_cannot_bring_old_text_back(drafting_section):
    actor, workshop = drafting_section.chair()
    section_id = drafting_section.section_id
    maria = drafting_section.editor()
    maria.type(drafting_section, 0, "Rev one text.")
    rev1 = revisions.save_revision(db.session, actor, workshop, {"section_id": section_id, "label": "Rev.1"})
    db.session.commit()
    for cycle in range(3):
        maria.type(drafting_section, len(maria.peer.value), f" Later text {cycle}.")
        drafting_section.engine.flush()
        drafting_section.engine.compact(drafting_section.replica())
        stale = maria
        section = revisions.restore_revision(db.session, actor, workshop,
                                             {"section_id": section_id, "revision_id": rev1.id})
        db.session.commit()
        assert section.epoch == 2 + cycle
        replica = drafting_section.engine.replace(db.session, section)
        assert replica.markdown() == "Rev one text."
        # a client of the old epoch that merged its copy back would re-add the later text: its
        # member is stale so the live layer refuses its frames; the replica itself is the revision's
        assert replica.epoch != 1 + cycle
        drafting_section.engine.flush()
        assert log_rows(section_id) == 0
        maria = drafting_section.editor()  # a fresh copy after discarding the old one
        assert maria.peer.value == "Rev one text."
        assert stale.peer.value != maria.peer.value
        drafting_section.engine.unload_idle(force=True)
        assert drafting_section.replica().markdown() == "Rev one text."
    labels = [r.label for r in revisions.list_revisions(db.session, workshop, section_id)]
    assert labels == ["Rev.1"] + ["Before restoring Rev.1"] * 3


def test_idle_replicas_are_unloaded_and_memory_does_not_grow_with_sections_opened(drafting_section, app, meeting):
    from tests.conftest import make_draft

    engine = drafting_section.engine
    engine.idle_seconds = 0
    for _ in range(15):
        draft = make_draft(app, meeting)
        editor = drafting_section.__class__(app, meeting, draft.section_id).editor()
        editor.type(drafting_section.__class__(app, meeting, draft.section_id), 0, "x")
        engine.flush()
        engine.unload_idle()
        assert len(engine.replicas) <= 1
    assert engine.replicas == {}
