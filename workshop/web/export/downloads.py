"""GET /w/<slug>/statement.md, .html, .docx (docs/architecture.md §6): staff get the working draft, everyone else
the published one. The files are written off the event loop (workshop.services.offload)."""

from flask import Response, request

from ...export import working_draft
from ...export.docx import markdown_to_docx
from ...export.html import statement_page
from ...extensions import db
from ...services import fields, offload, statements
from ...services.rights import can
from ..access import acting_in
from . import bp

FORMATS = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def query() -> dict:
    """The query string as the services read it: id lists may repeat."""
    return {key: request.args.getlist(key) if key in working_draft.ID_LISTS else request.args.get(key)
            for key in request.args}


def statement_text(slug: str) -> tuple[str, str, str, str]:
    """(markdown, title, banner, file stem) of the statement this caller may read."""
    actor, workshop = acting_in(slug)
    args = query()
    if can(actor, "export.draft") and not fields.boolean(args, "published"):
        template = working_draft.read_template(args)
        statement = working_draft.draft_statement(db.session, actor, workshop,
                                                  working_draft.read_choices(args), template)
        kind = "outcomes-summary" if template == "outcomes" else "co-chairs-statement"
        return statement.markdown, statement.title, "Working draft: not yet published.", \
            f"{workshop.slug}-{kind}-draft"
    published = statements.published_statement(db.session, actor, workshop)
    banner = f"Draft published on {published.published_at:%d %B %Y at %H:%M} UTC."
    return published.markdown, published.title, banner, f"{workshop.slug}-co-chairs-statement"


def attachment(body, fmt: str, stem: str, inline: bool = False) -> Response:
    response = Response(body, mimetype=FORMATS[fmt].split(";")[0], content_type=FORMATS[fmt])
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{stem}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/w/<slug>/statement.md")
def statement_markdown(slug):
    markdown, _title, _banner, stem = statement_text(slug)
    return attachment(markdown, "md", stem, inline=not fields.boolean(request.args.to_dict(), "download"))


@bp.get("/w/<slug>/statement.html")
def statement_html(slug):
    markdown, title, banner, stem = statement_text(slug)
    inline = not fields.boolean(request.args.to_dict(), "download")
    return attachment(offload.job(statement_page, markdown, title, banner if inline else ""), "html", stem, inline)


@bp.get("/w/<slug>/statement.docx")
def statement_docx(slug):
    markdown, title, _banner, stem = statement_text(slug)
    return attachment(offload.job(markdown_to_docx, markdown, title), "docx", stem)
