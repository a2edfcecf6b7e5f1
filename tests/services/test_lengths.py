"""Every text that enters a bounded column is checked in the service, against the column's own length: one
character more is `invalid` naming the field, on SQLite (which would store it) as on PostgreSQL (which would
fail with a 500); exactly the column's length is stored on both."""

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from tests.servers import PostgresServer
from workshop.models import (
    AgendaItem,
    Base,
    BreakoutGroup,
    Delegation,
    Document,
    Poll,
    PollOption,
    Section,
    Timer,
)
from workshop.models import Workshop as WorkshopRow
from workshop.services import (
    agenda,
    delegations,
    drafting,
    floor,
    groups,
    outcomes,
    review,
    timer,
    workshops,
)
from workshop.services.errors import Invalid
from workshop.services.voting import polls as voting


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    server = PostgresServer(tmp_path_factory.mktemp("pg")).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.servers)])
def db(request):
    if request.param == "sqlite":
        engine = create_engine("sqlite://", poolclass=StaticPool)
        event.listen(engine, "connect", lambda conn, _r: conn.execute("PRAGMA foreign_keys=ON"))
    else:
        engine = create_engine(request.getfixturevalue("postgres").url)
        Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
        session.flush()  # what was taken is written: PostgreSQL checks the lengths here
    engine.dispose()


def column(model, name: str) -> int:
    return model.__table__.c[name].type.length


def make_section(db, staff, workshop):
    document = drafting.create_document(db, staff, workshop, {"title": "Statement", "kind": "statement"})
    return drafting.create_section(db, staff, workshop, {"document_id": document.id, "heading": "Opening"})


CASES = {
    "workshop title": (WorkshopRow, "title", lambda db, staff, ws, value: workshops.update_workshop(
        db, staff, ws, {"title": value})),
    "workshop venue": (WorkshopRow, "venue", lambda db, staff, ws, value: workshops.update_workshop(
        db, staff, ws, {"venue": value})),
    "workshop city": (WorkshopRow, "city", lambda db, staff, ws, value: workshops.update_workshop(
        db, staff, ws, {"city": value})),
    "agenda title": (AgendaItem, "title", lambda db, staff, ws, value: agenda.add_item(
        db, staff, ws, {"title": value, "day": 1})),
    "agenda theme": (AgendaItem, "theme", lambda db, staff, ws, value: agenda.add_item(
        db, staff, ws, {"title": "Item", "day": 1, "theme": value})),
    "delegation name": (Delegation, "name", lambda db, staff, ws, value: delegations.add_delegation(
        db, staff, ws, {"name": value, "kind": "member_state"})),
    "document title": (Document, "title", lambda db, staff, ws, value: drafting.create_document(
        db, staff, ws, {"title": value, "kind": "statement"})),
    "section heading": (Section, "heading", lambda db, staff, ws, value: drafting.create_section(
        db, staff, ws, {"document_id": drafting.create_document(
            db, staff, ws, {"title": "Statement", "kind": "statement"}).id, "heading": value})),
    "group name": (BreakoutGroup, "name", lambda db, staff, ws, value: groups.create_group(
        db, staff, ws, {"name": value})),
    "group topic": (BreakoutGroup, "topic", lambda db, staff, ws, value: groups.create_group(
        db, staff, ws, {"name": "Group A", "topic": value})),
    "timer label": (Timer, "label", lambda db, staff, ws, value: timer.start_timer(
        db, staff, ws, {"seconds": 60, "label": value})),
    "poll title": (Poll, "title", lambda db, staff, ws, value: voting.create_poll(
        db, staff, ws, {"title": value, "method": "single", "options": ["One", "Two"]})),
    "poll option": (PollOption, "text", lambda db, staff, ws, value: voting.create_poll(
        db, staff, ws, {"title": "Priorities", "method": "single", "options": ["One", value]})),
}


@pytest.mark.parametrize("case", CASES)
def test_one_character_over_the_column_is_invalid_naming_the_field(db, staff, workshop, case):
    model, name, call = CASES[case]
    limit = column(model, name)
    call(db, staff, workshop, "x" * limit)  # exactly the column's length is taken
    with pytest.raises(Invalid) as refused:
        call(db, staff, workshop, "y" * (limit + 1))
    assert refused.value.field in (name, "options", "text") and "too long" in refused.value.message


LONG_TEXTS = {
    "outcome text": (outcomes.MAX_TEXT, "text", lambda db, staff, ws, value: outcomes.add_outcome(
        db, staff, ws, {"kind": "agreement", "text": value})),
    "comment": (4000, "body", lambda db, staff, ws, value: review.add_comment(
        db, staff, ws, {"section_id": make_section(db, staff, ws).id, "body": value})),
    "section body": (drafting.MAX_SECTION_BODY, "body", lambda db, staff, ws, value: drafting.create_section(
        db, staff, ws, {"document_id": drafting.create_document(
            db, staff, ws, {"title": "Statement", "kind": "statement"}).id, "heading": "H", "body": value})),
}


@pytest.mark.parametrize("case", LONG_TEXTS)
def test_long_texts_have_their_caps_too(db, staff, workshop, case):
    limit, field, call = LONG_TEXTS[case]
    with pytest.raises(Invalid) as refused:
        call(db, staff, workshop, "z" * (limit + 1))
    assert refused.value.field == field and f"at most {limit}" in refused.value.message


def test_a_text_far_over_its_cap_is_refused_before_it_is_cleaned(monkeypatch, db, staff, workshop):
    from workshop.services import fields

    cleaned = []
    real = fields.clean_text
    monkeypatch.setattr(fields, "clean_text", lambda value, **kw: cleaned.append(len(value)) or real(value, **kw))
    with pytest.raises(Invalid) as refused:
        drafting.create_document(db, staff, workshop, {"title": "t" * 2_000_000, "kind": "statement"})
    assert refused.value.field == "title" and cleaned == []


def test_the_speaker_timer_label_fits_its_column_for_the_longest_delegation_name(db, staff, workshop):
    delegation = delegations.add_delegation(db, staff, workshop, {"name": "D" * column(Delegation, "name"),
                                                                 "kind": "member_state"})
    floor.request_floor(db, staff, workshop, {"delegation_id": delegation.id})
    floor.grant_floor(db, staff, workshop, {})
    started = timer.start_timer(db, staff, workshop, {"seconds": 60, "purpose": "speaker"})
    assert started.label.startswith("Speaker: DDD") and len(started.label) <= column(Timer, "label")


def test_a_name_that_casefolds_longer_still_fits_its_sort_key_column(db, staff, workshop):
    name = "ß" * column(Delegation, "name")  # casefolds to "ss" each
    delegation = delegations.add_delegation(db, staff, workshop, {"name": name, "kind": "member_state"})
    db.flush()
    assert delegation.name == name and len(delegation.sort_name) <= column(Delegation, "sort_name")
