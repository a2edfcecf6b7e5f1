"""Documents and sections over /live: section.create|update|set_status|snapshot (DESIGN §5)."""

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
    _broadcast_section(ctx, section, "status")
    return drafting.section_summary(section)


@action("section.snapshot")
def save_revision(ctx, data):
    revision = revisions.save_revision(db.session, ctx.actor, ctx.workshop, data)
    ctx.broadcast("section", {"change": "revision", "section_id": revision.section_id,
                              "revision": revisions.revision_data(revision)})
    return revisions.revision_data(revision)
