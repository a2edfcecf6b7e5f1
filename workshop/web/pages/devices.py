"""A participant's other devices: the personal rejoin link with its QR code, made by the participant in the
room or by staff from the console, and withdrawn by staff (docs/architecture.md §11.1)."""

import segno
from flask import flash, make_response, redirect, render_template, request, session, url_for
from markupsafe import Markup

from ...extensions import db
from ...live.broadcast import broadcast_presence
from ...models import Participant
from ...services import participants
from ...services.errors import DomainError, Forbidden
from ...services.rights import require
from ..access import acting_in
from . import bp


def qr_svg(url: str) -> Markup:
    """The link as a QR code, drawn as inline SVG on the server (no script, no image request)."""
    code = segno.make(url, error="m")
    return Markup(code.svg_inline(scale=4, dark="#000", light="#fff", title="QR code of the link",
                                  svgclass="qr"))


def rejoin_url(secret: str) -> str:
    return url_for("pages.rejoin", secret=secret, _external=True)


def device_link(actor) -> dict | None:
    """For the delegate page: the participant's link if this browser knows it and it still works; else None."""
    if actor.kind != "participant":
        return None
    participant = db.session.get(Participant, actor.id)
    secret = session.get("rejoin")
    if participant is None or not participants.rejoin_link_matches(participant, secret):
        return {"url": None, "revoked": bool(secret)}
    url = rejoin_url(secret)
    return {"url": url, "qr": qr_svg(url), "revoked": False}


@bp.post("/w/<slug>/device/link")
def new_own_link(slug):
    """The participant makes a new link for their other devices: the last one stops working."""
    actor, workshop = acting_in(slug)
    if actor.kind != "participant":
        raise Forbidden("Staff sign in with their account on each device.")
    try:
        _participant, secret = participants.new_rejoin_link(db.session, actor, workshop, actor.id)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("pages.delegate", slug=slug) + "#device")
    session["rejoin"] = secret
    broadcast_presence(workshop.id)  # the consoles' participant lists show the link
    flash("New link made: the earlier one no longer signs anyone in.", "info")
    return redirect(url_for("pages.delegate", slug=slug) + "#device")


@bp.route("/w/<slug>/participants/<int:participant_id>/device", methods=["GET", "POST"])
def participant_device(slug, participant_id):
    """Staff make a new link for a participant (shown once, to hand over), e.g. when a laptop changed."""
    actor, workshop = acting_in(slug)
    require(actor, "participant.see_any_link")
    participant = participants.get_participant(db.session, workshop, participant_id)
    link = None
    if request.method == "POST":
        try:
            _participant, secret = participants.new_rejoin_link(db.session, actor, workshop, participant.id)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("pages.participant_device", slug=slug, participant_id=participant_id))
        url = rejoin_url(secret)
        link = {"url": url, "qr": qr_svg(url)}
        broadcast_presence(workshop.id)
    response = make_response(render_template("live/participant_device.html", workshop=workshop, actor=actor,
                                             participant=participant, link=link))
    response.headers["Cache-Control"] = "no-store"
    return response
