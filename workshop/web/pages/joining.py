"""Home, joining with a code (two steps: the code, then name and delegation) and the personal rejoin link."""

from flask import redirect, render_template, request, session, url_for

from ...extensions import db
from ...models import Participant, User
from ...services.actors import actor_in
from ...services.delegations import list_delegations
from ...services.errors import DomainError, RateLimited
from ...services.participants import delegation_for_code, new_rejoin_link, rejoin_with_link
from ...services.workshops import display_code, workshops_for_user
from ..access import current_principal, current_user
from ..joining import join_with_code, workshop_for_code
from . import bp


def sign_in_participant(participant: Participant, token: str, rejoin_secret: str | None) -> None:
    """This browser is now the participant; it keeps the rejoin link to show it on the delegate page."""
    session.clear()
    session["token"] = token
    if rejoin_secret:
        session["rejoin"] = rejoin_secret
    session.permanent = True


@bp.get("/")
def home():
    principal = current_principal(required=False)
    if isinstance(principal, Participant):
        return redirect(url_for("pages.delegate", slug=principal.delegation.workshop.slug))
    if isinstance(principal, User):
        return redirect(url_for("pages.workshops"))
    return render_template("home.html")


@bp.get("/workshops")
def workshops():
    user = current_user()
    return render_template("workshops/list.html", workshops=workshops_for_user(db.session, user),
                           display_code=display_code)


@bp.route("/join", methods=["GET", "POST"])
def join():
    form = request.form if request.method == "POST" else request.args
    code = form.get("code", "")
    if not code or (request.method == "GET" and "code" not in request.args):
        return render_template("join/code.html", code=code)
    try:
        workshop, observer = workshop_for_code(code)
    except DomainError as error:
        status = 429 if isinstance(error, RateLimited) else 400
        return render_template("join/code.html", code=code, error=error.message), status
    # A delegation's own code names the delegation: only the name is asked
    own = delegation_for_code(db.session, code)
    choices = [] if own else [d for d in list_delegations(db.session, workshop)
                              if d.attendance != "absent" and d.is_observer == observer]
    values = {"code": code, "name": form.get("name", ""), "delegation": "" if own else form.get("delegation", "")}
    if request.method == "POST" and "name" in request.form:
        try:
            participant, token = join_with_code(dict(values))
            _participant, secret = new_rejoin_link(db.session, actor_in(db.session, participant, workshop),
                                                   workshop, participant.id)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            return render_template("join/details.html", workshop=workshop, observer=observer, own=own,
                                   delegations=choices, values=values, error=error.message,
                                   field=error.field), error.status
        sign_in_participant(participant, token, secret)
        return redirect(url_for("pages.delegate", slug=workshop.slug))
    return render_template("join/details.html", workshop=workshop, observer=observer, own=own,
                           delegations=choices, values=values)


@bp.get("/rejoin/<secret>")
def rejoin(secret):
    """A participant's personal link, opened on another device: the same participant, a new sign-in."""
    try:
        participant, token = rejoin_with_link(db.session, secret)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        return render_template("join/rejoin_failed.html", message=error.message), error.status
    sign_in_participant(participant, token, secret)
    return redirect(url_for("pages.delegate", slug=participant.delegation.workshop.slug))
