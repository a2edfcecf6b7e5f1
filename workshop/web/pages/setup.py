"""Setting a workshop up from the browser: forms posting to the same services as the API."""

from flask import flash, redirect, render_template, request, url_for

from ...extensions import db
from ...live.broadcast import (
    broadcast_agenda,
    broadcast_delegations,
    broadcast_presence,
    broadcast_workshop,
    close_participant_sockets,
)
from ...models.agenda import ITEM_KINDS
from ...models.meetings import ATTENDANCE, DELEGATION_KINDS, MODALITIES
from ...services import agenda, delegations, participants, workshops
from ...services.errors import DomainError
from ...services.rights import require
from ..access import acting_in, current_user
from . import bp

LABELS = {
    "member_state": "Member state", "member_organisation": "Member organisation",
    "observer_state": "Observer state", "observer_organisation": "Observer organisation",
    "secretariat": "Secretariat", "guest": "Guest",
    "in_person": "In person", "hybrid": "Hybrid", "virtual": "Virtual",
    "present": "Present", "apologies": "Apologies", "absent": "Absent",
    "group_work": "Group work",
}


def label(value: str) -> str:
    return LABELS.get(value, value.replace("_", " ").capitalize())


def form_data() -> dict:
    return {key: value for key, value in request.form.items() if key != "csrf_token"}


@bp.route("/workshops/new", methods=["GET", "POST"])
def new_workshop():
    user = current_user()
    values = {}
    if request.method == "POST":
        values = form_data()
        try:
            workshop = workshops.create_workshop(db.session, user, values)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            return render_template("workshops/new.html", values=values, error=error, modalities=MODALITIES,
                                   label=label), error.status
        flash("Workshop created. Add delegations and the agenda, then share the join code.", "info")
        return redirect(url_for("pages.setup", slug=workshop.slug))
    return render_template("workshops/new.html", values=values, error=None, modalities=MODALITIES, label=label)


@bp.get("/w/<slug>/setup")
def setup(slug):
    actor, workshop = acting_in(slug)
    require(actor, "workshop.build")
    items = agenda.list_items(db.session, workshop.id)
    days = agenda.day_numbers(workshop, items)
    return render_template(
        "workshops/setup.html", workshop=workshop, actor=actor,
        delegations=delegations.list_delegations(db.session, workshop),
        items=items, days=days,
        participants=participants.list_participants(db.session, workshop),
        display_code=workshops.display_code, label=label,
        kinds=DELEGATION_KINDS, attendance=ATTENDANCE, item_kinds=ITEM_KINDS, modalities=MODALITIES,
    )


def _run(slug, change, success: str, anchor: str, broadcast=None):
    """Run one set-up change from a form: commit, broadcast, flash, back to the set-up page."""
    actor, workshop = acting_in(slug)
    try:
        result = change(actor, workshop)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("pages.setup", slug=slug) + anchor)
    if broadcast:
        broadcast(workshop, result)
    if success:
        flash(success, "info")
    return redirect(url_for("pages.setup", slug=slug) + anchor)


@bp.post("/w/<slug>/setup/details")
def save_details(slug):
    return _run(slug, lambda a, w: workshops.update_workshop(db.session, a, w, form_data()),
                "Details saved.", "#details", lambda w, _r: broadcast_workshop(w))


@bp.post("/w/<slug>/setup/codes/<which>")
def new_code(slug, which):
    return _run(slug, lambda a, w: workshops.regenerate_code(db.session, a, w, which),
                "New code made: the old one no longer lets anyone join.", "#codes",
                lambda w, _r: broadcast_workshop(w))


@bp.post("/w/<slug>/setup/delegations")
def add_delegation(slug):
    return _run(slug, lambda a, w: delegations.add_delegation(db.session, a, w, form_data()),
                "Delegation added.", "#delegations", lambda w, _r: broadcast_delegations(w))


@bp.post("/w/<slug>/setup/delegations/paste")
def paste_delegations(slug):
    def change(actor, workshop):
        result = delegations.paste_delegations(db.session, actor, workshop, form_data())
        if result["skipped"]:
            flash("Already on the list, skipped: " + ", ".join(result["skipped"]), "info")
        flash(f"{len(result['added'])} delegations added.", "info")
        return result

    return _run(slug, change, "", "#delegations", lambda w, _r: broadcast_delegations(w))


@bp.post("/w/<slug>/setup/delegations/<int:delegation_id>")
def update_delegation(slug, delegation_id):
    data = form_data()
    data["co_chair"] = "co_chair" in data  # an unticked box sends nothing
    return _run(slug, lambda a, w: delegations.update_delegation(db.session, a, w, delegation_id, data),
                "Delegation saved.", "#delegations", lambda w, _r: broadcast_delegations(w))


@bp.post("/w/<slug>/setup/delegations/<int:delegation_id>/code")
def new_delegation_code(slug, delegation_id):
    return _run(slug, lambda a, w: delegations.regenerate_delegation_code(db.session, a, w, delegation_id),
                "New delegation code made: the old one no longer lets anyone join.", f"#delegation-{delegation_id}")


@bp.get("/w/<slug>/delegation-codes")
def delegation_codes(slug):
    """A printable sheet: one card per delegation with its own code, for the name cards."""
    actor, workshop = acting_in(slug)
    require(actor, "workshop.build")
    return render_template("workshops/delegation_codes.html", workshop=workshop,
                           delegations=[d for d in delegations.list_delegations(db.session, workshop)],
                           display_code=workshops.display_code, label=label)


@bp.post("/w/<slug>/setup/delegations/<int:delegation_id>/remove")
def remove_delegation(slug, delegation_id):
    return _run(slug, lambda a, w: delegations.remove_delegation(db.session, a, w, delegation_id),
                "Delegation removed.", "#delegations", lambda w, _r: broadcast_delegations(w))


@bp.post("/w/<slug>/setup/agenda")
def add_item(slug):
    return _run(slug, lambda a, w: agenda.add_item(db.session, a, w, form_data()),
                "Agenda item added.", "#agenda", lambda w, _r: broadcast_agenda(w))


@bp.post("/w/<slug>/setup/agenda/<int:item_id>")
def update_item(slug, item_id):
    return _run(slug, lambda a, w: agenda.update_item(db.session, a, w, item_id, form_data()),
                "Agenda item saved.", f"#item-{item_id}", lambda w, _r: broadcast_agenda(w))


@bp.post("/w/<slug>/setup/agenda/<int:item_id>/move")
def move_item(slug, item_id):
    def change(actor, workshop):
        item = agenda.get_item(db.session, workshop, item_id)
        step = {"up": -1, "down": 1}.get(request.form.get("direction"), 0)
        data = form_data() if not step else {"day": item.day, "position": max(0, item.position + step)}
        return agenda.move_item(db.session, actor, workshop, item_id, data)

    return _run(slug, change, "", f"#item-{item_id}", lambda w, _r: broadcast_agenda(w))


@bp.post("/w/<slug>/setup/agenda/<int:item_id>/remove")
def remove_item(slug, item_id):
    return _run(slug, lambda a, w: agenda.remove_item(db.session, a, w, item_id),
                "Agenda item removed.", "#agenda", lambda w, _r: broadcast_agenda(w))


@bp.post("/w/<slug>/setup/participants/<int:participant_id>/remove")
def remove_participant(slug, participant_id):
    def after(workshop, participant):
        close_participant_sockets(participant.id, "You were removed from this workshop by the facilitator.")
        broadcast_presence(workshop.id)

    return _run(slug, lambda a, w: participants.remove_participant(db.session, a, w, participant_id),
                "Participant removed: their sign-in stopped working.", "#participants", after)


@bp.post("/w/<slug>/setup/participants/<int:participant_id>/role")
def participant_role(slug, participant_id):
    return _run(slug, lambda a, w: participants.set_participant_role(db.session, a, w, participant_id,
                                                                    request.form.get("role")),
                "Role changed.", "#participants", lambda w, _r: broadcast_presence(w.id))
