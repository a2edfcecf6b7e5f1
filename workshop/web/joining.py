"""Joining with a code over HTTP (page and API), with wrong codes slowed down per client (shared by every
process when a message queue is configured)."""

from ..extensions import db
from ..ratelimit import limiter as named_limiter
from ..services.errors import NotFound, RateLimited
from ..services.participants import find_workshop_by_code, join_workshop
from .access import client_address


def _counting_wrong_codes(look_up):
    """Refuse a client over its limit before looking; count each wrong code against it."""
    limiter, client = named_limiter("join_failures"), client_address()
    wait = limiter.blocked_for(client)
    if wait:
        raise RateLimited(f"Too many wrong codes from this device. Please wait {int(wait) + 1} seconds.",
                          retry_after=int(wait) + 1)
    try:
        return look_up()
    except NotFound:
        limiter.hit(client)
        raise


def workshop_for_code(code):
    return _counting_wrong_codes(lambda: find_workshop_by_code(db.session, code))


def join_with_code(data):
    participant, token = _counting_wrong_codes(lambda: join_workshop(db.session, data))
    db.session.commit()
    return participant, token
