"""The co-chairs' statement as published: staff publish the Markdown composed in export/working_draft.py
(export stands above services, so this module never composes); everyone reads what is published."""

from sqlalchemy.orm import Session

from ..models import PublishedStatement, Workshop
from ..models.base import utcnow
from .actors import Actor
from .audit import record
from .errors import Forbidden, NotFound
from .rights import can, require


def published_statement(session: Session, actor: Actor, workshop: Workshop) -> PublishedStatement:
    require(actor, "export.read_published")
    published = session.get(PublishedStatement, workshop.id)
    if published is None:
        # who may export the draft may know it is unpublished; the others are told to wait for it
        if can(actor, "export.draft"):
            raise NotFound("The draft statement has not been published yet.")
        raise Forbidden("The co-chairs have not published the draft statement yet.")
    return published


def publish_statement(session: Session, actor: Actor, workshop: Workshop, markdown: str, *, title: str,
                      paragraphs: int, open_brackets: int) -> PublishedStatement:
    """Store the composed draft for delegates and observers to read, in place of any earlier one."""
    require(actor, "export.publish")
    published = session.get(PublishedStatement, workshop.id) or PublishedStatement(workshop_id=workshop.id)
    published.markdown, published.title = markdown, title[:400]
    published.paragraphs, published.published_at = paragraphs, utcnow()
    published.published_by = actor.name[:200]
    session.add(published)
    session.flush()
    record(session, actor, "statement.publish", {"paragraphs": paragraphs, "open_brackets": open_brackets})
    return published


def unpublish_statement(session: Session, actor: Actor, workshop: Workshop) -> None:
    require(actor, "export.publish")
    published = session.get(PublishedStatement, workshop.id)
    if published is None:
        raise NotFound("The draft statement is not published.")
    session.delete(published)
    session.flush()
    record(session, actor, "statement.unpublish", {})
