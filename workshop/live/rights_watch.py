"""Which committed changes can alter who may edit a section, so a joined socket's cached right is
dropped at once rather than read again from the database on every frame.

Every transaction of this process that commits a change to a row the edit rule reads (an account, a
token, a participant's role or removal, staff, a delegation, a group's rapporteur, a section's status,
epoch or group) moves `generation` on. Changes made by other processes are not seen here: the live
layer still reads the rights again after a short while for those.
"""

import threading

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..models import (
    AccessToken,
    BreakoutGroup,
    Delegation,
    Participant,
    Section,
    User,
    Workshop,
    WorkshopStaff,
)

ANY = None  # any change to the row counts
WATCHED = {
    User: ANY,
    AccessToken: ANY,
    WorkshopStaff: ANY,
    Delegation: ANY,
    Participant: {"role", "removed_at", "delegation_id", "workshop_id"},
    BreakoutGroup: {"rapporteur_id", "workshop_id"},
    Section: {"status", "epoch", "group_id", "workshop_id"},
    Workshop: set(),  # only its removal
}
_FLAG = "rights_changed"

_lock = threading.Lock()
_generation = 0


def generation() -> int:
    return _generation


def bump() -> None:
    global _generation
    with _lock:
        _generation += 1


def _watched(obj) -> set | None | bool:
    for cls, attrs in WATCHED.items():
        if isinstance(obj, cls):
            return attrs
    return False


def _changes_rights(obj) -> bool:
    attrs = _watched(obj)
    if attrs is False:
        return False
    if attrs is ANY:
        return True
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in attrs)


@event.listens_for(Session, "before_flush")
def _note_changes(session, _flush_context, _instances):
    if session.info.get(_FLAG):
        return
    if any(_watched(obj) is not False for obj in list(session.new) + list(session.deleted)) or any(
            _changes_rights(obj) for obj in session.dirty):
        session.info[_FLAG] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(orm_execute_state):
    if not (orm_execute_state.is_update or orm_execute_state.is_delete):
        return
    mapper = orm_execute_state.bind_mapper
    if mapper is not None and _watched_class(mapper.class_):
        orm_execute_state.session.info[_FLAG] = True


def _watched_class(cls) -> bool:
    return any(issubclass(cls, watched) for watched in WATCHED)


@event.listens_for(Session, "after_commit")
def _publish(session):
    if session.info.pop(_FLAG, False):
        bump()


@event.listens_for(Session, "after_transaction_end")
def _forget(session, transaction):
    if transaction.parent is None:  # a rolled back (or committed and published) outermost transaction
        session.info.pop(_FLAG, None)
