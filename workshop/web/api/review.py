"""A section's comments and amendments over HTTP, for the drafting page to load when it opens a section."""

from ...extensions import db
from ...services import drafting, review
from ..access import acting_in
from . import bp


@bp.get("/workshops/<slug>/sections/<int:section_id>/comments")
def section_comments(slug, section_id):
    _actor, workshop = acting_in(slug)
    section = drafting.get_section(db.session, workshop, section_id)
    return {"comments": [review.comment_data(c) for c in review.list_comments(db.session, section)]}


@bp.get("/workshops/<slug>/sections/<int:section_id>/amendments")
def section_amendments(slug, section_id):
    _actor, workshop = acting_in(slug)
    section = drafting.get_section(db.session, workshop, section_id)
    return {"amendments": [review.amendment_data(a) for a in review.list_amendments(db.session, section)]}
