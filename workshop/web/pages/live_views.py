"""The live views: facilitator console, delegate page and projector (data arrives over Socket.IO)."""

from flask import make_response, redirect, render_template, url_for

from ...services.rights import can, require
from ..access import acting_in
from . import bp
from .devices import device_link


# The delegate page keeps its address, /w/<slug>, as participants have bookmarked it; in the code it is
# "delegate", since "room" names Socket.IO rooms only
@bp.get("/w/<slug>")
def delegate(slug):
    actor, workshop = acting_in(slug)
    response = make_response(render_template("live/delegate.html", workshop=workshop, actor=actor,
                                             device=device_link(actor)))
    response.headers["Cache-Control"] = "no-store"  # it may show the participant's personal link
    return response


@bp.get("/w/<slug>/console")
def console(slug):
    actor, workshop = acting_in(slug)
    if not can(actor, "console.open"):
        if actor.kind == "participant":
            return redirect(url_for("pages.delegate", slug=slug))
        require(actor, "console.open")
    return render_template("live/console.html", workshop=workshop, actor=actor)


@bp.get("/w/<slug>/projector")
def projector(slug):
    """The room screen: read-only and large; anyone of the workshop may open it."""
    actor, workshop = acting_in(slug)
    return render_template("live/projector.html", workshop=workshop, actor=actor)
