"""Home and joining with a code (two steps: the code, then name and delegation)."""

from flask import redirect, render_template, request, session, url_for

from ...extensions import db
from ...models import Participant, User
from ...services.delegations import list_delegations
from ...services.errors import DomainError, RateLimited
from ...services.workshops import display_code, workshops_for_user
from ..access import current_principal, current_user
from ..joining import join_with_code, workshop_for_code
from . import bp


@bp.get("/")
def home():
    principal = current_principal(required=False)
    if isinstance(principal, Participant):
        return redirect(url_for("pages.room", slug=principal.delegation.workshop.slug))
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
    choices = [d for d in list_delegations(db.session, workshop)
               if d.attendance != "absent" and d.is_observer == observer]
    values = {"code": code, "name": form.get("name", ""), "delegation": form.get("delegation", "")}
    if request.method == "POST" and "name" in request.form:
        try:
            participant, token = join_with_code(dict(values))
        except DomainError as error:
            return render_template("join/details.html", workshop=workshop, observer=observer,
                                   delegations=choices, values=values, error=error.message,
                                   field=error.field), error.status
        session.clear()
        session["token"] = token
        session.permanent = True
        return redirect(url_for("pages.room", slug=workshop.slug))
    return render_template("join/details.html", workshop=workshop, observer=observer,
                           delegations=choices, values=values)
