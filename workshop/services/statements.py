"""The co-chairs' statement: staff export the working draft and publish it; everyone reads what is published."""

from sqlalchemy.orm import Session

from .. import offload
from ..export.compose import KINDS, Statement, compose_statement
from ..export.gather import gather_statement
from ..export.statement import Choices
from ..models import PublishedStatement, Workshop
from ..models.base import utcnow
from . import fields
from .actors import Actor
from .audit import record
from .errors import Forbidden, Invalid, NotFound
from .rights import require

ID_LISTS = ("items", "documents", "sections", "polls")
SWITCHES = ("outcomes", "annex", "unagreed")
MAX_IDS = 2000


def _ids(value, key: str) -> frozenset[int]:
    """A list of ids from a form or query string: ["1", "2"], "1,2" or [1, 2]."""
    values = value if isinstance(value, list | tuple) else [value]
    ids: set[int] = set()
    for part in values:
        pieces = part.split(",") if isinstance(part, str) else [part]
        for piece in pieces:
            if isinstance(piece, str) and not piece.strip():
                continue
            ids.add(fields.identifier({key: piece.strip() if isinstance(piece, str) else piece}, key))
            if len(ids) > MAX_IDS:
                raise Invalid(f"Choose at most {MAX_IDS} {key}.", key)
    return frozenset(ids)


def read_choices(data) -> Choices:
    """What goes in. Without `choose`, everything; with it (the export form), only what is ticked."""
    data = fields.payload(data)
    chosen = fields.boolean(data, "choose")
    values = {}
    for key in ID_LISTS:
        if key in data:
            values[key] = _ids(data[key], key)
        elif chosen:
            values[key] = frozenset()
    for key in SWITCHES:
        value = data.get(key)
        if isinstance(value, list | tuple):
            value = value[-1] if value else None
        values[key] = fields.boolean({key: value}, key, default=not chosen)
    return Choices(**values)


def read_template(data) -> str:
    return fields.choice(fields.payload(data), "template", tuple(KINDS), default="statement")


def draft_statement(session: Session, actor: Actor, workshop: Workshop, choices: Choices | None = None,
                    template: str = "statement") -> Statement:
    """The working draft, composed from the meeting as it stands now: read here, written off the event loop."""
    require(actor, "export.draft")
    return offload.job(compose_statement, gather_statement(session, workshop), choices, template)


def published_statement(session: Session, actor: Actor, workshop: Workshop) -> PublishedStatement:
    require(actor, "export.read_published")
    published = session.get(PublishedStatement, workshop.id)
    if published is None:
        if actor.is_staff:
            raise NotFound("The draft statement has not been published yet.")
        raise Forbidden("The co-chairs have not published the draft statement yet.")
    return published


def publish_statement(session: Session, actor: Actor, workshop: Workshop,
                      choices: Choices | None = None) -> PublishedStatement:
    """Fix the draft as it stands, with the parts chosen, for delegates and observers to read."""
    require(actor, "export.publish")
    statement = draft_statement(session, actor, workshop, choices)
    published = session.get(PublishedStatement, workshop.id) or PublishedStatement(workshop_id=workshop.id)
    published.markdown, published.title = statement.markdown, statement.title[:400]
    published.paragraphs, published.published_at = statement.paragraphs, utcnow()
    published.published_by = actor.name[:200]
    session.add(published)
    session.flush()
    record(session, actor, "statement.publish", {"paragraphs": statement.paragraphs,
                                                  "open_brackets": len(statement.brackets)})
    return published


def unpublish_statement(session: Session, actor: Actor, workshop: Workshop) -> None:
    require(actor, "export.publish")
    published = session.get(PublishedStatement, workshop.id)
    if published is None:
        raise NotFound("The draft statement is not published.")
    session.delete(published)
    session.flush()
    record(session, actor, "statement.unpublish", {})


def statement_parts(session: Session, actor: Actor, workshop: Workshop):
    """All the parts the statement can draw on, for the export page to offer."""
    require(actor, "export.draft")
    return gather_statement(session, workshop)
