"""The drafting pages: a workshop's documents, and one document with its live section editor."""

from flask import flash, redirect, render_template, request, url_for

from ...extensions import db
from ...live.broadcast import emit_to_workshop
from ...models.drafting import DOCUMENT_KINDS
from ...services import drafting
from ...services.drafting_templates import TEMPLATES
from ...services.errors import DomainError
from ...services.rights import can
from ..access import acting_in
from . import bp

KIND_LABELS = {"fwp": "Forward Work Plan", "statement": "Statement", "group_report": "Group report"}


@bp.get("/w/<slug>/documents")
def documents(slug):
    actor, workshop = acting_in(slug)
    return render_template(
        "drafting/documents.html", workshop=workshop, actor=actor,
        documents=drafting.drafting_state(db.session, workshop), can_manage=can(actor, "section.manage"),
        templates=TEMPLATES, kinds={kind: KIND_LABELS.get(kind, kind) for kind in DOCUMENT_KINDS},
    )


@bp.post("/w/<slug>/documents")
def new_document(slug):
    actor, workshop = acting_in(slug)
    data = {key: value for key, value in request.form.items() if key != "csrf_token"}
    try:
        document = drafting.create_document(db.session, actor, workshop, data)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("pages.documents", slug=slug))
    emit_to_workshop(workshop.id, "section", {"change": "document", "document": drafting.document_data(document)})
    return redirect(url_for("pages.document", slug=slug, document_id=document.id))


@bp.get("/w/<slug>/documents/<int:document_id>")
def document(slug, document_id):
    actor, workshop = acting_in(slug)
    found = drafting.get_document(db.session, workshop, document_id)
    section_id = request.args.get("section", type=int)
    return render_template("drafting/document.html", workshop=workshop, actor=actor, document=found,
                           section_id=section_id, can_manage=can(actor, "section.manage"))
