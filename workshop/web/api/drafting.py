"""Documents, sections, revisions and authorship over HTTP (docs/architecture.md §6)."""

import re

from flask import request

from ...extensions import db
from ...live.broadcast import emit_to_workshop
from ...services import authorship, drafting, revisions
from ...services.errors import Invalid
from ..access import acting_in
from . import bp
from .helpers import json_body


@bp.get("/workshops/<slug>/documents")
def list_documents(slug):
    _actor, workshop = acting_in(slug)
    return {"documents": drafting.drafting_state(db.session, workshop)}


@bp.post("/workshops/<slug>/documents")
def create_document(slug):
    actor, workshop = acting_in(slug)
    document = drafting.create_document(db.session, actor, workshop, json_body())
    db.session.commit()
    data = drafting.document_data(document)
    emit_to_workshop(workshop.id, "section", {"change": "document", "document": data})
    return data, 201


@bp.post("/workshops/<slug>/documents/<int:document_id>/sections")
def create_section(slug, document_id):
    actor, workshop = acting_in(slug)
    section = drafting.create_section(db.session, actor, workshop, {**json_body(), "document_id": document_id})
    db.session.commit()
    emit_to_workshop(workshop.id, "section", {"change": "created", "section": drafting.section_summary(section)})
    return drafting.section_data(section), 201


@bp.get("/workshops/<slug>/sections/<int:section_id>")
def get_section(slug, section_id):
    _actor, workshop = acting_in(slug)
    section = drafting.get_section(db.session, workshop, section_id)
    return drafting.section_data(section, markdown=drafting.current_markdown(db.session, section))


@bp.get("/workshops/<slug>/sections/<int:section_id>/revisions")
def list_revisions(slug, section_id):
    _actor, workshop = acting_in(slug)
    return {"revisions": [revisions.revision_data(r)
                          for r in revisions.list_revisions(db.session, workshop, section_id)]}


def _revision_arg(name: str) -> int | None:
    value = request.args.get(name)
    if value in (None, "", "now"):
        return None
    if not re.fullmatch(r"[0-9]{1,9}", value):  # not str.isdigit: "²" passes it and int() refuses it
        raise Invalid(f"`{name}` must be a revision id.", name)
    return int(value)


@bp.get("/workshops/<slug>/sections/<int:section_id>/redline")
def redline(slug, section_id):
    _actor, workshop = acting_in(slug)
    return revisions.redline(db.session, workshop, section_id, _revision_arg("from"), _revision_arg("to"))


@bp.get("/workshops/<slug>/sections/<int:section_id>/authorship")
def section_authorship(slug, section_id):
    _actor, workshop = acting_in(slug)
    return authorship.authorship(db.session, workshop, section_id)
