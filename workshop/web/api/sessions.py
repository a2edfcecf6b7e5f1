"""Signing in for scripts, and joining a workshop with a code."""

from ...extensions import db
from ...services import accounts
from ...services.actors import issue_token, revoke_token
from ...services.participants import participant_data
from ..access import bearer_token, current_principal
from ..joining import join_with_code
from ..signing_in import sign_in
from . import bp
from .helpers import json_body


@bp.post("/session")
def open_session():
    data = json_body()
    user = sign_in(data.get("email"), data.get("password"))
    token = issue_token(db.session, user=user)
    db.session.commit()
    return {"token": token, "user": accounts.user_data(user)}, 201


@bp.delete("/session")
def close_session():
    current_principal()
    revoke_token(db.session, bearer_token() or "")
    db.session.commit()
    return {"ok": True}


@bp.post("/join")
def join():
    participant, token = join_with_code(json_body())
    return {"token": token, "participant": participant_data(participant),
            "workshop": {"slug": participant.delegation.workshop.slug,
                         "title": participant.delegation.workshop.title}}, 201
