"""Documents and their sections: create from templates, rename, reorder, tag, set status, who may edit."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..brackets import count_open_brackets
from ..collab.replica import seed_update
from ..collab.store import refresh_mirror
from ..models import AgendaItem, BreakoutGroup, Document, Section, Workshop
from ..models.drafting import DOCUMENT_KINDS, SECTION_STATUSES, STRATEGY_AREAS
from . import fields
from .actors import Actor
from .audit import record
from .drafting_templates import TEMPLATES
from .errors import Conflict, Forbidden, Invalid, NotFound
from .rights import REASONS, can, require

MAX_SECTION_BODY = 200_000  # characters of a section's first text (an import, a template)
MAX_SECTION_TEXT = 400_000  # characters the live text may grow to: redlines, authorship and exports stay bounded
READ_ONLY_STATUSES = ("locked", "agreed_ad_ref", "agreed")


def check_live_growth(replica, update: bytes) -> None:
    """Refuse a change that would take a section's live text past MAX_SECTION_TEXT characters. An update
    adds at most as many characters as it has bytes, so only near the cap is it tried on a copy; a change
    that shortens an over-long text is always taken."""
    current = len(replica.markdown())
    if current + len(update) <= MAX_SECTION_TEXT:
        return
    from pycrdt import Doc, Text

    snapshot, _state, _text = replica.state()
    scratch = Doc()
    text = scratch.get("body", type=Text)
    scratch.apply_update(snapshot)
    try:
        scratch.apply_update(update)
    except (ValueError, RuntimeError, OverflowError):
        return  # not ours to judge: the replica refuses it as a bad frame
    after = len(str(text))
    if after > MAX_SECTION_TEXT and after > current:
        raise Invalid(f"This change would make the section longer than {MAX_SECTION_TEXT:,} characters: "
                      "split it into several sections.", "section_text")


def edit_refusal(session: Session, actor: Actor, section: Section) -> str | None:
    """The one rule for changing a section's text (docs/architecture.md §3): why this actor may not change
    this section, or None if they may."""
    if actor.workshop_id != section.workshop_id:
        return "This section belongs to another workshop."
    if not can(actor, "section.edit"):
        return REASONS["section.edit"]
    if can(actor, "section.edit_any"):
        return None
    if section.status in READ_ONLY_STATUSES:
        return f"This section is {section.status.replace('_', ' ')}: only facilitators and the secretariat can change it."
    if actor.role == "rapporteur" and section.group_id is not None:
        # A rapporteur drafts their own group's section (and, as a delegate, plenary text); not another group's
        own = actor.kind == "participant" and session.scalar(
            select(BreakoutGroup.id).where(BreakoutGroup.id == section.group_id,
                                           BreakoutGroup.rapporteur_id == actor.id)) is not None
        return None if own else "Rapporteurs edit the sections of their own group."
    return None


def may_edit_section(session: Session, actor: Actor, section: Section) -> bool:
    return edit_refusal(session, actor, section) is None


# Documents

def list_documents(session: Session, workshop_id: int) -> list[Document]:
    return list(session.scalars(
        select(Document).where(Document.workshop_id == workshop_id).order_by(Document.position, Document.id)
    ))


def get_document(session: Session, workshop: Workshop, document_id) -> Document:
    document = session.get(Document, document_id) if fields.is_id(document_id) else None
    if document is None or document.workshop_id != workshop.id:
        raise NotFound("No such document in this workshop.")
    return document


def create_document(session: Session, actor: Actor, workshop: Workshop, data) -> Document:
    require(actor, "section.manage")
    data = fields.payload(data)
    kind = fields.choice(data, "kind", DOCUMENT_KINDS, default="statement")
    template = None
    if data.get("template") not in (None, ""):
        template = fields.choice(data, "template", tuple(TEMPLATES))
    title = fields.text(data, "title", required=template is None, max_len=300)
    if template:
        kind = TEMPLATES[template]["kind"]
        title = title or TEMPLATES[template]["title"]
    position = session.scalar(select(func.count(Document.id)).where(Document.workshop_id == workshop.id)) or 0
    document = Document(workshop_id=workshop.id, title=title, kind=kind, position=position)
    session.add(document)
    session.flush()
    for outline in TEMPLATES[template]["sections"] if template else []:
        _add_section(session, document, outline["heading"], outline.get("body", ""), outline.get("tags", []),
                     None)
    record(session, actor, "document.create", {"id": document.id, "title": title, "kind": kind,
                                               "template": template})
    return document


def open_group_report(session: Session, workshop: Workshop, group: BreakoutGroup) -> Document:
    """A breakout group's own report document, with one section its rapporteur drafts."""
    position = session.scalar(select(func.count(Document.id)).where(Document.workshop_id == workshop.id)) or 0
    document = Document(workshop_id=workshop.id, title=f"Group report: {group.name}", kind="group_report",
                        position=position)
    session.add(document)
    session.flush()
    section = _add_section(session, document, group.topic or group.name, "", [], group.agenda_item_id)
    section.group_id = group.id
    group.document_id = document.id
    session.flush()
    return document


def group_report(group: BreakoutGroup) -> list[dict]:
    """The group's text for the report back in plenary."""
    if group.document is None:
        return []
    return [{"section_id": s.id, "heading": s.heading, "markdown": s.markdown, "status": s.status}
            for s in group.document.sections]


def document_data(document: Document, *, with_sections: bool = True) -> dict:
    data = {"id": document.id, "title": document.title, "kind": document.kind, "position": document.position}
    if with_sections:
        data["sections"] = [section_data(s) for s in document.sections]
    return data


# Sections

def get_section(session: Session, workshop: Workshop | int, section_id) -> Section:
    workshop_id = workshop if isinstance(workshop, int) else workshop.id
    section = session.get(Section, section_id) if fields.is_id(section_id) else None
    if section is None or section.workshop_id != workshop_id:
        raise NotFound("No such section in this workshop.")
    return section


def _read_tags(data: dict) -> list[str]:
    tags = data.get("tags")
    if tags is None or tags == "":
        return []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise Invalid("The tags must be a list of Adelaide Strategy areas.", "tags")
    unknown = [t for t in tags if t not in STRATEGY_AREAS]
    if unknown:
        raise Invalid(f"Not an Adelaide Strategy area: {unknown[0]}.", "tags")
    return list(dict.fromkeys(tags))


def _read_agenda_item(session: Session, workshop: Workshop, data: dict) -> int | None:
    item_id = fields.identifier(data, "agenda_item_id", label="agenda item", required=False)
    if item_id is not None:
        item = session.get(AgendaItem, item_id)
        if item is None or item.workshop_id != workshop.id:
            raise Invalid("No such agenda item in this workshop.", "agenda_item_id")
    return item_id


def _add_section(session: Session, document: Document, heading: str, body: str, tags: list,
                 agenda_item_id: int | None, position: int | None = None) -> Section:
    siblings = list(document.sections)
    section = Section(document=document, workshop_id=document.workshop_id, heading=heading, tags=tags,
                      agenda_item_id=agenda_item_id, markdown=body, brackets=count_open_brackets(body),
                      snapshot=seed_update(body) if body else None)
    siblings.insert(len(siblings) if position is None else min(position, len(siblings)), section)
    for index, sibling in enumerate(siblings):
        sibling.position = index
    session.add(section)
    session.flush()
    return section


def create_section(session: Session, actor: Actor, workshop: Workshop, data) -> Section:
    require(actor, "section.manage")
    data = fields.payload(data)
    document = get_document(session, workshop, data.get("document_id"))
    heading = fields.text(data, "heading", required=True, max_len=300)
    body = fields.text(data, "body", max_len=MAX_SECTION_BODY, multiline=True)
    position = fields.integer(data, "position", minimum=0, maximum=9999)
    section = _add_section(session, document, heading, body, _read_tags(data),
                           _read_agenda_item(session, workshop, data), position)
    record(session, actor, "section.create", {"id": section.id, "document_id": document.id,
                                              "heading": heading})
    return section


def update_section(session: Session, actor: Actor, workshop: Workshop, data) -> Section:
    """Rename, retag, relink or move a section (never its text: that is co-edited)."""
    require(actor, "section.manage")
    data = fields.payload(data)
    section = get_section(session, workshop, data.get("section_id"))
    changed = []
    if "heading" in data:
        section.heading = fields.text(data, "heading", required=True, max_len=300)
        changed.append("heading")
    if "tags" in data:
        section.tags = _read_tags(data)
        changed.append("tags")
    if "agenda_item_id" in data:
        section.agenda_item_id = _read_agenda_item(session, workshop, data)
        changed.append("agenda_item_id")
    if "position" in data:
        position = fields.integer(data, "position", required=True, minimum=0, maximum=9999)
        siblings = [s for s in section.document.sections if s.id != section.id]
        siblings.insert(min(position, len(siblings)), section)
        for index, sibling in enumerate(siblings):
            sibling.position = index
        changed.append("position")
    if not changed:
        raise Invalid("Say what to change: heading, tags, agenda_item_id or position.")
    session.flush()
    record(session, actor, "section.update", {"id": section.id, "fields": changed})
    return section


def set_status(session: Session, actor: Actor, workshop: Workshop, data) -> Section:
    require(actor, "section.manage")
    data = fields.payload(data)
    section = get_section(session, workshop, data.get("section_id"))
    status = fields.choice(data, "status", SECTION_STATUSES)
    refresh_mirror(section, current_markdown(session, section))
    if status == "agreed":
        open_brackets = section.brackets
        if open_brackets:
            raise Conflict(f"This section still has {open_brackets} bracketed passage"
                           f"{'s' if open_brackets != 1 else ''} not agreed: remove the brackets "
                           "before marking it agreed.")
    previous, section.status = section.status, status
    session.flush()
    record(session, actor, "section.set_status", {"id": section.id, "from": previous, "to": status})
    return section


def require_edit(session: Session, actor: Actor, section: Section) -> None:
    refusal = edit_refusal(session, actor, section)
    if refusal is not None:
        raise Forbidden(refusal)


def section_data(section: Section, *, markdown: str | None = None) -> dict:
    text = section.markdown if markdown is None else markdown
    return {
        "id": section.id,
        "document_id": section.document_id,
        "position": section.position,
        "heading": section.heading,
        "tags": list(section.tags or []),
        "agenda_item_id": section.agenda_item_id,
        "group_id": section.group_id,
        "status": section.status,
        "epoch": section.epoch,
        "markdown": text,
        "brackets": count_open_brackets(text) if markdown is not None else section.brackets,
    }


def section_summary(section: Section) -> dict:
    """A section without its text: what the broadcast and the live state carry."""
    data = section_data(section)
    del data["markdown"]
    return data


def current_markdown(session: Session, section: Section) -> str:
    """The text as it is now: the loaded replica's if any (the mirror trails it by a moment)."""
    from ..collab import engine_for

    replica = engine_for(session).loaded(section.id)
    if replica is not None and replica.epoch == section.epoch:
        return replica.markdown()
    return section.markdown


def drafting_state(session: Session, workshop: Workshop) -> list[dict]:
    return [{**document_data(d, with_sections=False),
             "sections": [section_summary(s) for s in d.sections]}
            for d in list_documents(session, workshop.id)]
