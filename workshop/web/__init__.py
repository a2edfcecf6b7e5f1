"""HTTP: blueprints per area (auth, pages, api, export), error rendering and the CSRF policy."""

from datetime import timedelta

from flask import Flask, flash, jsonify, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError, generate_csrf
from werkzeug.exceptions import HTTPException

from ..extensions import csrf, db
from ..services.errors import DomainError, RateLimited, Unauthenticated
from .access import bearer_token, current_principal, wants_json


def init_app(app: Flask) -> None:
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .export import bp as export_bp
    from .pages import bp as pages_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(export_bp)

    @app.before_request
    def check_csrf():
        # JSON bodies and Bearer calls cannot be forged by a cross-site form; everything else is checked
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and not bearer_token() \
                and not request.is_json:
            csrf.protect()

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            # 'self' covers the same origin's ws:/wss: (CSP3); no other host may be reached, nor posted to
            "connect-src 'self'; form-action 'self'; object-src 'none'; base-uri 'self'; "
            "frame-ancestors 'none'",
        )
        return response

    app.jinja_env.globals["timedelta_days"] = lambda n: timedelta(days=n)

    @app.context_processor
    def template_globals():
        principal = current_principal(required=False) if request.endpoint != "static" else None
        return {"csrf_token": generate_csrf, "principal": principal}

    @app.teardown_appcontext
    def end_session(_exc):
        db.session.remove()

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        if wants_json():
            response = jsonify({"error": error.as_dict()})
            response.status_code = error.status
            if isinstance(error, RateLimited):
                response.headers["Retry-After"] = str(error.retry_after)
            return response
        if isinstance(error, Unauthenticated):
            flash(error.message, "error")
            return redirect(url_for("auth.login", next=request.full_path))
        return render_template("error.html", message=error.message, status=error.status), error.status

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        message = "The form expired or came from elsewhere. Please reload the page and try again."
        if wants_json():
            return jsonify({"error": {"code": "forbidden", "message": message}}), 400
        return render_template("error.html", message=message, status=400), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        codes = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 409: "conflict", 429: "rate_limited"}
        if wants_json():
            return jsonify({"error": {"code": codes.get(error.code, "invalid"),
                                      "message": error.description}}), error.code
        return render_template("error.html", message=error.description, status=error.code), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error")
        db.session.rollback()
        message = "Something went wrong on the server. Nothing was saved; please try again."
        if wants_json():
            return jsonify({"error": {"code": "internal", "message": message}}), 500
        return render_template("error.html", message=message, status=500), 500
