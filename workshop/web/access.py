"""Who is calling over HTTP: the browser session's token or an Authorization: Bearer token."""

from flask import request, session

from ..extensions import db
from ..models import Participant, User, Workshop
from ..services.actors import Actor, actor_in, principal_for_token, workshop_by_slug
from ..services.errors import Unauthenticated


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return None


def wants_json() -> bool:
    if request.path.startswith("/api/") or bearer_token() is not None or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def client_address() -> str:
    """The client's address for per-client limits: the socket's peer, or what the trusted proxies in front
    say when WORKSHOP_TRUSTED_PROXIES is set (ProxyFix rewrites REMOTE_ADDR; never read the header here)."""
    return request.remote_addr or "unknown"


def current_token() -> str | None:
    return bearer_token() or session.get("token")


def current_principal(required: bool = True) -> User | Participant | None:
    token = current_token()
    if not token:
        if required:
            raise Unauthenticated("Please sign in or join the workshop with its code.")
        return None
    try:
        return principal_for_token(db.session, token)
    except Unauthenticated:
        if not bearer_token():
            session.pop("token", None)
        if required:
            raise
        return None


def current_user(required: bool = True) -> User | None:
    principal = current_principal(required)
    if principal is not None and not isinstance(principal, User):
        if required:
            raise Unauthenticated("Please sign in with a facilitator or secretariat account.")
        return None
    return principal


def acting_in(slug: str) -> tuple[Actor, Workshop]:
    """The caller as an actor of this workshop (checks it is theirs) and the workshop."""
    principal = current_principal()
    workshop = workshop_by_slug(db.session, slug)
    return actor_in(db.session, principal, workshop), workshop
