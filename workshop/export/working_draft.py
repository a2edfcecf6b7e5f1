"""The working draft: the export form's choices read, and the statement composed from the meeting as it
stands now. Publishing composes here and hands the Markdown to services/statements.py, which stores it:
export stands above services, so services never compose."""

from sqlalchemy.orm import Session

from ..models import PublishedStatement, Workshop
from ..services import fields, offload
from ..services.actors import Actor
from ..services.errors import Invalid
from ..services.rights import require
from ..services.statements import publish_statement
from .compose import KINDS, Statement, compose_statement
from .gather import gather_statement
from .statement import Choices, StatementData

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


def _compose(session: Session, workshop: Workshop, choices: Choices | None, template: str) -> Statement:
    # read here, written off the event loop
    return offload.job(compose_statement, gather_statement(session, workshop), choices, template)


def draft_statement(session: Session, actor: Actor, workshop: Workshop, choices: Choices | None = None,
                    template: str = "statement") -> Statement:
    """The working draft, composed from the meeting as it stands now."""
    require(actor, "export.draft")
    return _compose(session, workshop, choices, template)


def publish_draft(session: Session, actor: Actor, workshop: Workshop,
                  choices: Choices | None = None) -> PublishedStatement:
    """Fix the draft as it stands, with the parts chosen, for delegates and observers to read."""
    require(actor, "export.publish")  # before the work of composing
    statement = _compose(session, workshop, choices, "statement")
    return publish_statement(session, actor, workshop, statement.markdown, title=statement.title,
                             paragraphs=statement.paragraphs, open_brackets=len(statement.brackets))


def statement_parts(session: Session, actor: Actor, workshop: Workshop) -> StatementData:
    """All the parts the statement can draw on, for the export page to offer."""
    require(actor, "export.draft")
    return gather_statement(session, workshop)
