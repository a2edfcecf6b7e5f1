"""Signing in to a staff account over HTTP (form and API), with failures slowed down per account and client."""

import math

from ..extensions import db
from ..models import User
from ..ratelimit import limiter
from ..services import accounts
from ..services.errors import RateLimited, Unauthenticated
from .access import client_address


def _wait_message(seconds: float, whom: str) -> RateLimited:
    wait = max(1, math.ceil(seconds))
    readable = f"{math.ceil(wait / 60)} minutes" if wait > 90 else f"{wait} seconds"
    return RateLimited(f"Too many failed sign-ins {whom}. Please wait {readable} and try again, "
                       "or ask another facilitator to reset your password.", retry_after=wait)


def sign_in(email, password) -> User:
    """The account for this email and password; refused for a while after repeated failures, counted both
    per account (so guessing one facilitator's password from many addresses is slow) and per client (so one
    client cannot try many accounts)."""
    # no account has an address over 254 characters: such a try counts against the client only
    account = accounts.email_key(email) if isinstance(email, str) and len(email) <= 254 else ""
    client = client_address()
    per_account, per_client = limiter("sign_in_account"), limiter("sign_in_client")
    if account and (wait := per_account.blocked_for(account)):
        raise _wait_message(wait, "for this account")
    if wait := per_client.blocked_for(client):
        raise _wait_message(wait, "from this device")
    try:
        user = accounts.authenticate(db.session, email, password)
    except Unauthenticated:
        if account:
            per_account.hit(account)
        per_client.hit(client)
        raise
    if account:
        per_account.reset(account)
    return user
