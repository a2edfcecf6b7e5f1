"""Documents and sections: templates, headings, tags, order, status, and who may edit (docs/architecture.md §3)."""

import pytest

from workshop.brackets import count_open_brackets
from workshop.models import BreakoutGroup, Delegation, Participant
from workshop.services import drafting
from workshop.services.actors import Actor
from workshop.services.errors import Conflict, Forbidden, Invalid, NotFound
from workshop.services.revisions import word_diff


def participant(db, workshop, role: str) -> Actor:
    delegation = Delegation(workshop_id=workshop.id, name=f"{role} delegation", sort_name=role,
                            kind="observer_state" if role == "observer" else "member_state")
    db.add(delegation)
    db.flush()
    person = Participant(workshop_id=workshop.id, delegation_id=delegation.id, name=role.title(), role=role)
    db.add(person)
    db.flush()
    return Actor("participant", person.id, person.name, role, workshop.id, delegation.id)


def test_the_forward_work_plan_template_brings_its_outline_and_activity_tables(db, staff, workshop):
    document = drafting.create_document(db, staff, workshop, {"template": "fwp"})
    assert document.kind == "fwp" and document.title == "Forward Work Plan"
    headings = [s.heading for s in document.sections]
    assert headings[0] == "Purpose and scope" and "Objective 1" in headings
    objective = document.sections[1]
    assert "| Activity | Lead members | Timeframe | Deliverable | Strategy areas |" in objective.markdown
    assert objective.snapshot is not None  # seeded once as CRDT state
    assert objective.brackets == count_open_brackets(objective.markdown) > 0
    statement = drafting.create_document(db, staff, workshop, {"template": "statement"})
    assert statement.kind == "statement" and statement.sections[-2].heading == "Outcomes"


def test_sections_are_added_renamed_tagged_and_reordered(db, staff, workshop):
    document = drafting.create_document(db, staff, workshop, {"title": "Co-Chairs' Statement",
                                                              "kind": "statement"})
    first = drafting.create_section(db, staff, workshop, {"document_id": document.id, "heading": "Opening"})
    second = drafting.create_section(db, staff, workshop, {"document_id": document.id, "heading": "Outcomes",
                                                          "tags": ["Returns and reintegration"]})
    drafting.update_section(db, staff, workshop, {"section_id": second.id, "position": 0,
                                                  "heading": "Outcomes of the meeting",
                                                  "tags": ["Border management", "Border management"]})
    assert [s.heading for s in sorted(document.sections, key=lambda s: s.position)] == \
        ["Outcomes of the meeting", "Opening"]
    assert second.tags == ["Border management"] and first.position == 1


@pytest.mark.parametrize("data, field", [
    ({"heading": ""}, "heading"),
    ({"heading": "x", "tags": ["Space exploration"]}, "tags"),
    ({"heading": "x", "tags": "Border management"}, "tags"),
    ({"heading": "x", "agenda_item_id": 999}, "agenda_item_id"),
    ({"heading": ["not", "text"]}, "heading"),
])
def test_bad_section_fields_are_refused_by_name(db, staff, workshop, data, field):
    document = drafting.create_document(db, staff, workshop, {"title": "Statement", "kind": "statement"})
    with pytest.raises(Invalid) as error:
        drafting.create_section(db, staff, workshop, {"document_id": document.id, **data})
    assert error.value.field == field


def test_only_staff_create_documents_and_sections_of_their_own_workshop(db, staff, workshop):
    delegate = participant(db, workshop, "delegate")
    with pytest.raises(Forbidden):
        drafting.create_document(db, delegate, workshop, {"title": "My own plan"})
    document = drafting.create_document(db, staff, workshop, {"title": "Statement", "kind": "statement"})
    with pytest.raises(NotFound):
        drafting.create_section(db, staff, workshop, {"document_id": document.id + 1, "heading": "x"})


def test_who_may_edit_a_section(db, staff, workshop):
    document = drafting.create_document(db, staff, workshop, {"title": "Statement", "kind": "statement"})
    section = drafting.create_section(db, staff, workshop, {"document_id": document.id, "heading": "Opening"})
    delegate, observer = participant(db, workshop, "delegate"), participant(db, workshop, "observer")
    rapporteur = participant(db, workshop, "rapporteur")
    assert drafting.may_edit_section(db, delegate, section)
    assert not drafting.may_edit_section(db, observer, section)
    assert drafting.may_edit_section(db, rapporteur, section)  # plenary text, as a delegate
    own = BreakoutGroup(workshop_id=workshop.id, name="Group A", topic="Victims", rapporteur_id=rapporteur.id)
    other = BreakoutGroup(workshop_id=workshop.id, name="Group B", topic="Migrants")
    db.add_all([own, other])
    db.flush()
    own_report = drafting.open_group_report(db, workshop, own).sections[0]
    other_report = drafting.open_group_report(db, workshop, other).sections[0]
    assert own_report.group_id == own.id and own.document.kind == "group_report"
    assert drafting.may_edit_section(db, rapporteur, own_report)
    assert not drafting.may_edit_section(db, rapporteur, other_report)
    assert drafting.may_edit_section(db, delegate, other_report)
    section.group_id = own.id
    for status in ("locked", "agreed_ad_ref", "agreed"):
        section.status = status
        assert not drafting.may_edit_section(db, delegate, section)
        assert drafting.may_edit_section(db, staff, section)
    elsewhere = Actor("participant", delegate.id, "x", "delegate", workshop.id + 1, None)
    assert not drafting.may_edit_section(db, elsewhere, section)


def test_a_section_with_open_brackets_cannot_be_marked_agreed(db, staff, workshop):
    document = drafting.create_document(db, staff, workshop, {"title": "Statement", "kind": "statement"})
    section = drafting.create_section(db, staff, workshop, {
        "document_id": document.id, "heading": "Outcomes",
        "body": "Participants agreed to [convene] the next meeting in [2025]. See [the guide](https://x.org)."})
    with pytest.raises(Conflict) as error:
        drafting.set_status(db, staff, workshop, {"section_id": section.id, "status": "agreed"})
    assert "2 bracketed passages" in error.value.message
    assert drafting.set_status(db, staff, workshop, {"section_id": section.id, "status": "agreed_ad_ref"}) \
        .status == "agreed_ad_ref"


def test_the_redline_marks_words_removed_and_added():
    ops = word_diff("Members agree to share good practices.", "Members agree to share promising practices.")
    assert {"op": "delete", "text": "good"} in ops and {"op": "insert", "text": "promising"} in ops
    assert "".join(o["text"] for o in ops if o["op"] != "insert") == "Members agree to share good practices."
