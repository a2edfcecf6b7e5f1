"""Documents and sections over /live: section.create|update|set_status|snapshot (docs/architecture.md §5)."""

from ..collab import engine_for
from ..extensions import db
from ..services import drafting, revisions
from .actions import action


def _broadcast_section(ctx, section, change: str) -> None:
    ctx.broadcast("section", {"change": change, "section": drafting.section_summary(section)})


@action("section.create")
def create_section(ctx, data):
    section = drafting.create_section(db.session, ctx.actor, ctx.workshop, data)
    _broadcast_section(ctx, section, "created")
    return drafting.section_data(section)


@action("section.update")
def update_section(ctx, data):
    section = drafting.update_section(db.session, ctx.actor, ctx.workshop, data)
    _broadcast_section(ctx, section, "updated")
    return drafting.section_summary(section)


@action("section.set_status")
def set_status(ctx, data):
    section = drafting.set_status(db.session, ctx.actor, ctx.workshop, data)
    replica = engine_for(db.session).loaded(section.id)
    if replica is not None:
        replica.recheck_members()  # a locked section stops its editors' next frame, not in 2 seconds
    _broadcast_section(ctx, section, "status")
    return drafting.section_summary(section)


@action("section.snapshot")
def save_revision(ctx, data):
    revision = revisions.save_revision(db.session, ctx.actor, ctx.workshop, data)
    ctx.broadcast("section", {"change": "revision", "section_id": revision.section_id,
                              "revision": revisions.revision_data(revision)})
    return revisions.revision_data(revision)


@action("section.restore")
def restore_revision(ctx, data):
    section = revisions.restore_revision(db.session, ctx.actor, ctx.workshop, data)
    # The new epoch is committed before the replica is replaced and anyone told: the writer logs the new
    # replica's changes only under the stored epoch, and the other processes read it when told
    ctx.after_commit(lambda: _replace_replica(section))
    _broadcast_section(ctx, section, "restored")
    return drafting.section_summary(section)


def _replace_replica(section) -> None:
    engine = engine_for(db.session)
    engine.replace(db.session, section)
    if engine.relay is not None:
        engine.relay.publish_restore(section.id, section.epoch)
