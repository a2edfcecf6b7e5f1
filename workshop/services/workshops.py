"""Creating and configuring a workshop: details, codes, staff."""

import re
import unicodedata

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import Delegation, User, Workshop, WorkshopStaff
from ..models.meetings import CODE_LENGTH, MODALITIES, WORKSHOP_STATUSES, random_code
from . import fields
from .accounts import find_user_by_email
from .actors import Actor
from .audit import record
from .errors import Conflict, Invalid, NotFound
from .rights import STAFF_ROLES, require


def code_taken(session: Session, code: str) -> bool:
    """Whether a code already opens something: a workshop (delegates, observers) or a delegation."""
    return session.scalar(
        select(Workshop.id).where(or_(Workshop.join_code == code, Workshop.observer_code == code))
    ) is not None or session.scalar(select(Delegation.id).where(Delegation.join_code == code)) is not None


def new_code(session: Session) -> str:
    """A code no workshop or delegation uses, so every code names exactly one way in."""
    while True:
        code = random_code()
        if not code_taken(session, code):
            return code


def normalise_code(value) -> str:
    if not isinstance(value, str):
        return ""
    # Codes are ASCII letters and digits: anything else (a lone surrogate no database can store) is dropped
    return re.sub(r"[^A-Za-z0-9]", "", value).upper()[:32]


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text[:60].rstrip("-") or "workshop"


def unique_slug(session: Session, title: str, short: str = "") -> str:
    base = slugify(short or title)
    slug, n = base, 1
    while session.scalar(select(Workshop.id).where(Workshop.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _details(data: dict, partial: bool = False) -> dict:
    values = {}
    readers = {
        "title": lambda: fields.text(data, "title", required=True, max_len=300),
        "process": lambda: fields.text(data, "process", max_len=300),
        "body": lambda: fields.text(data, "body", max_len=300),
        "ordinal": lambda: fields.integer(data, "ordinal", minimum=1, maximum=999),
        "city": lambda: fields.text(data, "city", max_len=120),
        "country": lambda: fields.text(data, "country", max_len=120),
        "venue": lambda: fields.text(data, "venue", max_len=300),
        "start_date": lambda: fields.iso_date(data, "start_date", label="start date"),
        "end_date": lambda: fields.iso_date(data, "end_date", label="end date"),
        "modality": lambda: fields.choice(data, "modality", MODALITIES, default="in_person"),
    }
    for key, read in readers.items():
        if partial and key not in data:
            continue
        values[key] = read()
    return values


def _check_dates(start, end) -> None:
    if start and end:
        if end < start:
            raise Invalid("The end date cannot be before the start date.", "end_date")
        if (end - start).days > 30:
            raise Invalid("A workshop lasts at most 31 days.", "end_date")


def create_workshop(session: Session, user: User, data) -> Workshop:
    data = fields.payload(data)
    values = _details(data)
    _check_dates(values["start_date"], values["end_date"])
    short = fields.text(data, "slug", max_len=60)
    workshop = Workshop(
        slug=unique_slug(session, values["title"], short),
        join_code=new_code(session),
        observer_code="",
        created_by_id=user.id,
        **values,
    )
    workshop.observer_code = new_code(session)
    while workshop.observer_code == workshop.join_code:
        workshop.observer_code = new_code(session)
    workshop.staff.append(WorkshopStaff(user_id=user.id, role=user.role))
    session.add(workshop)
    session.flush()
    record(session, None, "workshop.create", {"title": workshop.title, "by_user": user.id},
           workshop_id=workshop.id)
    return workshop


def update_workshop(session: Session, actor: Actor, workshop: Workshop, data) -> Workshop:
    require(actor, "workshop.build")
    data = fields.payload(data)
    values = _details(data, partial=True)
    if "status" in data:
        values["status"] = fields.choice(data, "status", WORKSHOP_STATUSES)
    start = values.get("start_date", workshop.start_date)
    end = values.get("end_date", workshop.end_date)
    _check_dates(start, end)
    for key, value in values.items():
        setattr(workshop, key, value)
    session.flush()
    record(session, actor, "workshop.update", {k: str(v) for k, v in values.items()})
    return workshop


def regenerate_code(session: Session, actor: Actor, workshop: Workshop, which) -> str:
    """A new code stops the old one working for new joins; people already in stay in."""
    require(actor, "workshop.build")
    which = fields.choice({"which": which}, "which", ("join", "observer"), label="code")
    code = new_code(session)
    setattr(workshop, f"{which}_code", code)
    session.flush()
    record(session, actor, "workshop.regenerate_code", {"which": which})
    return code


def add_staff(session: Session, actor: Actor, workshop: Workshop, email, role) -> WorkshopStaff:
    require(actor, "workshop.build")
    role = fields.choice({"role": role}, "role", STAFF_ROLES)
    user = find_user_by_email(session, email)
    if user is None:
        raise NotFound("No account has that email address. Create it with `workshop create-user`.")
    if any(s.user_id == user.id for s in workshop.staff):
        raise Conflict("That account is already on the staff of this workshop.")
    staff = WorkshopStaff(user_id=user.id, role=role)
    workshop.staff.append(staff)
    session.flush()
    record(session, actor, "workshop.add_staff", {"user_id": user.id, "role": role})
    return staff


def workshops_for_user(session: Session, user: User) -> list[Workshop]:
    return list(
        session.scalars(
            select(Workshop)
            .join(WorkshopStaff, WorkshopStaff.workshop_id == Workshop.id)
            .where(WorkshopStaff.user_id == user.id)
            .order_by(Workshop.start_date.desc().nulls_last(), Workshop.id.desc())
        )
    )


def workshop_data(workshop: Workshop, *, include_codes: bool = False) -> dict:
    data = {
        "id": workshop.id,
        "slug": workshop.slug,
        "title": workshop.title,
        "process": workshop.process,
        "body": workshop.body,
        "ordinal": workshop.ordinal,
        "city": workshop.city,
        "country": workshop.country,
        "venue": workshop.venue,
        "start_date": workshop.start_date.isoformat() if workshop.start_date else None,
        "end_date": workshop.end_date.isoformat() if workshop.end_date else None,
        "modality": workshop.modality,
        "status": workshop.status,
        "current_item_id": workshop.current_item_id,
    }
    if include_codes:
        data["join_code"] = workshop.join_code
        data["observer_code"] = workshop.observer_code
    return data
