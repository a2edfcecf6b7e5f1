"""The append-only audit trail every write goes through."""

from sqlalchemy.orm import Session

from ..models import AuditEvent


def record(session: Session, actor, action: str, payload: dict | None = None,
           workshop_id: int | None = None) -> None:
    kind = getattr(actor, "kind", "system") if actor is not None else "system"
    session.add(
        AuditEvent(
            workshop_id=workshop_id if workshop_id is not None else getattr(actor, "workshop_id", None),
            actor_kind=kind,
            actor_id=getattr(actor, "id", None),
            actor_name=getattr(actor, "name", "") or "",
            action=action,
            payload=payload or {},
        )
    )
