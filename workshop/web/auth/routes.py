from urllib.parse import urlsplit

from flask import flash, make_response, redirect, render_template, request, session, url_for

from ...extensions import db
from ...services import accounts
from ...services.actors import issue_token, revoke_token
from ...services.errors import DomainError, RateLimited
from ..access import current_token
from ..signing_in import sign_in
from . import bp


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect would hand a signed-in user to another site
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("pages.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "")
        try:
            user = sign_in(email, request.form.get("password", ""))
        except DomainError as error:
            flash(error.message, "error")
            response = make_response(render_template("auth/login.html", email=email), error.status)
            if isinstance(error, RateLimited):
                response.headers["Retry-After"] = str(error.retry_after)
            return response
        session.clear()
        session["token"] = issue_token(db.session, user=user)
        session.permanent = True
        db.session.commit()
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", email=email, no_accounts=accounts.count_users(db.session) == 0)


@bp.post("/logout")
def logout():
    token = current_token()
    if token:
        revoke_token(db.session, token)
        db.session.commit()
    session.clear()
    flash("You are signed out.", "info")
    return redirect(url_for("pages.home"))
