"""The export page: choose what goes in, preview it, download it, publish it for delegates."""

from urllib.parse import urlencode

from flask import flash, jsonify, redirect, render_template, request, url_for

from ...export import working_draft
from ...export.compose import STATUS_LABELS
from ...export.html import markdown_to_html
from ...extensions import db
from ...models import PublishedStatement
from ...services import offload, statements
from ...services.rights import can, require
from ..access import acting_in, bearer_token
from ..api.helpers import json_body
from . import bp
from .downloads import query


def _choice_args(args: dict) -> list[tuple[str, str]]:
    """The choices as query pairs, to carry them into download links and the publish form."""
    pairs = []
    for key, value in args.items():
        if key in working_draft.ID_LISTS:
            pairs += [(key, v) for v in value]
        elif key in (*working_draft.SWITCHES, "choose", "template") and value is not None:
            pairs.append((key, value))
    return pairs


def _preview(slug: str):
    actor, workshop = acting_in(slug)
    args = query()
    choices = working_draft.read_choices(args)
    template = working_draft.read_template(args)
    statement = working_draft.draft_statement(db.session, actor, workshop, choices, template)
    pairs = _choice_args(args)
    links = {fmt: url_for(f"export.statement_{name}", slug=slug) + "?" + urlencode(pairs + extra)
             for fmt, name, extra in (("md", "markdown", [("download", "1")]), ("html", "html", []),
                                      ("docx", "docx", []))}
    return actor, workshop, choices, template, statement, pairs, links


@bp.get("/w/<slug>/export")
def export_page(slug):
    actor, workshop = acting_in(slug)
    if not can(actor, "export.draft"):
        if actor.kind == "participant":
            return redirect(url_for("export.statement_html", slug=slug))
        require(actor, "export.draft")
    actor, workshop, choices, template, statement, pairs, links = _preview(slug)
    parts = working_draft.statement_parts(db.session, actor, workshop)
    return render_template(
        "statement/export.html", workshop=workshop, actor=actor, parts=parts, choices=choices,
        template=template, statement=statement, preview=offload.job(markdown_to_html, statement.markdown),
        links=links, pairs=pairs, status_label=lambda s: STATUS_LABELS.get(s, s),
        published=db.session.get(PublishedStatement, workshop.id),
    )


@bp.get("/w/<slug>/export/preview")
def export_preview(slug):
    _actor, _workshop, _choices, _template, statement, _pairs, links = _preview(slug)
    return jsonify({
        "html": offload.job(markdown_to_html, statement.markdown),
        "paragraphs": statement.paragraphs,
        "brackets": [{"section_id": b.section_id, "section": b.section, "text": b.text, "closed": b.closed}
                     for b in statement.brackets],
        "gaps": statement.gaps,
        "links": links,
    })


@bp.post("/w/<slug>/export/publish")
def publish(slug):
    actor, workshop = acting_in(slug)
    if request.is_json:
        args = json_body()
    else:
        args = {key: request.form.getlist(key) if key in working_draft.ID_LISTS else request.form.get(key)
                for key in request.form if key != "csrf_token"}
    published = working_draft.publish_draft(db.session, actor, workshop, working_draft.read_choices(args))
    db.session.commit()
    if request.is_json or bearer_token():
        return jsonify({"published_at": published.published_at.isoformat() + "Z",
                        "paragraphs": published.paragraphs})
    flash("The draft statement is published: delegates and observers can now read this version.", "info")
    return redirect(url_for("export.export_page", slug=slug) + "?" + urlencode(_choice_args(args)))


@bp.post("/w/<slug>/export/unpublish")
def unpublish(slug):
    actor, workshop = acting_in(slug)
    statements.unpublish_statement(db.session, actor, workshop)
    db.session.commit()
    if request.is_json or bearer_token():
        return jsonify({"published": False})
    flash("The draft statement is no longer published.", "info")
    return redirect(url_for("export.export_page", slug=slug))
