"""Comments on passages (threaded, resolvable) and amendments proposed by delegations."""

from pycrdt import Assoc
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..collab import engine_for
from ..collab.replica import Author
from ..models import Amendment, Comment, Section, Workshop
from ..models.base import utcnow
from . import fields
from .actors import Actor
from .audit import record
from .drafting import MAX_SECTION_TEXT, get_section
from .errors import Conflict, Invalid, NotFound
from .rights import require

MAX_QUOTE = 5_000


def _author_fields(actor: Actor) -> dict:
    return {"author_name": actor.name,
            "participant_id": actor.id if actor.kind == "participant" else None,
            "user_id": actor.id if actor.kind == "user" else None}


def _read_anchor(data: dict) -> dict | None:
    """A client's Yjs relative positions, kept as given (small JSON objects) for it to resolve."""
    anchor = data.get("anchor")
    if anchor is None:
        return None
    if not isinstance(anchor, dict) or set(anchor) - {"start", "end"} or \
            not all(isinstance(v, dict | str) for v in anchor.values()) or len(str(anchor)) > 2000:
        raise Invalid("The anchor must be {\"start\", \"end\"} Yjs relative positions.", "anchor")
    return anchor


def _anchor_for_quote(replica, quote: str) -> dict | None:
    """Relative positions around the first occurrence of the quote: they follow the passage as text moves."""
    with replica.lock:
        text = str(replica.text)
        at = text.find(quote)
        if at < 0:
            return None
        start = len(text[:at].encode("utf-8"))
        end = start + len(quote.encode("utf-8"))
        return {"start": replica.text.sticky_index(start, Assoc.AFTER).to_json(),
                "end": replica.text.sticky_index(end, Assoc.BEFORE).to_json()}


# Comments

def add_comment(session: Session, actor: Actor, workshop: Workshop, data) -> Comment:
    require(actor, "comment.add")
    data = fields.payload(data)
    section = get_section(session, workshop, data.get("section_id"))
    body = fields.text(data, "body", label="comment", required=True, max_len=4000, multiline=True)
    parent_id = fields.identifier(data, "parent_id", label="comment replied to", required=False)
    quote = fields.text(data, "quote", max_len=MAX_QUOTE, multiline=True)
    anchor = _read_anchor(data)
    if parent_id is not None:
        parent = session.get(Comment, parent_id)
        if parent is None or parent.section_id != section.id:
            raise Invalid("The comment replied to is not on this section.", "parent_id")
        quote, anchor = "", None
    elif quote and anchor is None:
        anchor = _anchor_for_quote(engine_for(session).replica(session, section), quote)
    comment = Comment(section_id=section.id, parent_id=parent_id, quote=quote, anchor=anchor, body=body,
                      delegation_id=actor.delegation_id, **_author_fields(actor))
    session.add(comment)
    session.flush()
    record(session, actor, "comment.add", {"id": comment.id, "section_id": section.id})
    return comment


def resolve_comment(session: Session, actor: Actor, workshop: Workshop, data) -> Comment:
    data = fields.payload(data)
    comment = session.get(Comment, fields.identifier(data, "comment_id", label="comment"))
    if comment is None or session.get(Section, comment.section_id).workshop_id != workshop.id:
        raise NotFound("No such comment in this workshop.")
    own = (actor.kind == "participant" and comment.participant_id == actor.id) or \
          (actor.kind == "user" and comment.user_id == actor.id)
    if not own:
        require(actor, "comment.resolve_any")
    comment.resolved = fields.boolean(data, "resolved", default=True)
    comment.resolved_at = utcnow() if comment.resolved else None
    session.flush()
    record(session, actor, "comment.resolve", {"id": comment.id, "resolved": comment.resolved})
    return comment


def list_comments(session: Session, section: Section) -> list[Comment]:
    return list(session.scalars(select(Comment).where(Comment.section_id == section.id).order_by(Comment.id)))


def comment_data(comment: Comment) -> dict:
    return {"id": comment.id, "section_id": comment.section_id, "parent_id": comment.parent_id,
            "quote": comment.quote, "anchor": comment.anchor, "body": comment.body,
            "author": comment.author_name, "delegation_id": comment.delegation_id,
            "resolved": comment.resolved, "at": comment.at.isoformat() + "Z"}


# Amendments

def get_amendment(session: Session, workshop: Workshop, amendment_id) -> Amendment:
    amendment = session.get(Amendment, amendment_id) if isinstance(amendment_id, int) \
        and not isinstance(amendment_id, bool) else None
    if amendment is None or session.get(Section, amendment.section_id).workshop_id != workshop.id:
        raise NotFound("No such amendment in this workshop.")
    return amendment


def propose_amendment(session: Session, actor: Actor, workshop: Workshop, data) -> Amendment:
    require(actor, "amendment.propose")
    data = fields.payload(data)
    section = get_section(session, workshop, data.get("section_id"))
    quote = fields.text(data, "quote", label="passage", required=True, max_len=MAX_QUOTE, multiline=True)
    replacement = fields.text(data, "replacement", max_len=MAX_QUOTE, multiline=True)
    reason = fields.text(data, "reason", max_len=4000, multiline=True)
    if quote not in engine_for(session).replica(session, section).markdown():
        raise Invalid("This passage is not in the section's text (it may have just changed).", "quote")
    amendment = Amendment(section_id=section.id, delegation_id=actor.delegation_id, quote=quote,
                          replacement=replacement, reason=reason, **_author_fields(actor))
    session.add(amendment)
    session.flush()
    record(session, actor, "amendment.propose", {"id": amendment.id, "section_id": section.id})
    return amendment


def _decide(session: Session, actor: Actor, workshop: Workshop, data, state: str) -> Amendment:
    require(actor, "amendment.decide")
    data = fields.payload(data)
    amendment = get_amendment(session, workshop, fields.identifier(data, "amendment_id", label="amendment"))
    if amendment.state != "proposed":
        raise Conflict(f"This amendment was already {amendment.state}.")
    amendment.state, amendment.decided_by, amendment.decided_at = state, actor.name, utcnow()
    session.flush()
    record(session, actor, f"amendment.{'accept' if state == 'accepted' else 'reject'}",
           {"id": amendment.id, "section_id": amendment.section_id})
    return amendment


def reject_amendment(session: Session, actor: Actor, workshop: Workshop, data) -> Amendment:
    return _decide(session, actor, workshop, data, "rejected")


def accept_amendment(session: Session, actor: Actor, workshop: Workshop, data) -> Amendment:
    """Accept and apply the replacement into the live text, as a CRDT edit attributed to the accepter
    (it reaches the section's editors like any change)."""
    amendment = _decide(session, actor, workshop, data, "accepted")
    section = session.get(Section, amendment.section_id)
    engine = engine_for(session)
    replica = engine.replica(session, section)
    applied = []

    def replace(text) -> None:
        current = str(text)
        at = current.find(amendment.quote)
        if at < 0:
            return
        start = len(current[:at].encode("utf-8"))
        del text[start:start + len(amendment.quote.encode("utf-8"))]
        if amendment.replacement:
            text.insert(start, amendment.replacement)
        applied.append(True)

    if len(amendment.replacement) > len(amendment.quote) and \
            len(replica.markdown()) + len(amendment.replacement) - len(amendment.quote) > MAX_SECTION_TEXT:
        raise Invalid(f"Applying this amendment would make the section longer than {MAX_SECTION_TEXT:,} "
                      "characters.", "replacement")
    changes = replica.edit(Author(actor.kind, actor.id, actor.delegation_id), replace)
    if not applied:
        raise Conflict("The passage was changed since the amendment was proposed: it can no longer be "
                       "applied as it stands.")
    engine.share(replica, changes)
    return amendment


def list_amendments(session: Session, section: Section) -> list[Amendment]:
    return list(session.scalars(select(Amendment).where(Amendment.section_id == section.id)
                                .order_by(Amendment.id)))


def amendment_data(amendment: Amendment) -> dict:
    return {"id": amendment.id, "section_id": amendment.section_id, "delegation_id": amendment.delegation_id,
            "author": amendment.author_name, "quote": amendment.quote, "replacement": amendment.replacement,
            "reason": amendment.reason, "state": amendment.state, "decided_by": amendment.decided_by,
            "decided_at": amendment.decided_at.isoformat() + "Z" if amendment.decided_at else None,
            "at": amendment.at.isoformat() + "Z"}
