"""Facilitator and secretariat accounts: creation, sign-in, API tokens."""

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import User
from ..models.accounts import STAFF_ROLES
from ..models.base import casefold_key
from . import fields, offload
from .audit import record
from .errors import Conflict, Invalid, Unauthenticated

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
# werkzeug's default (scrypt); the test suite lowers the cost, never the algorithm's use
PASSWORD_METHOD = "scrypt"
_dummy_hash: str | None = None


def hash_password(password: str) -> str:
    return offload.run(generate_password_hash, password, PASSWORD_METHOD)


def check_password(password_hash: str, password: str) -> bool:
    """scrypt in a thread of its own under gevent (it releases the GIL): a sign-in during a live session
    does not stall every delegate's socket for the hash's 50-100 ms."""
    return offload.run(check_password_hash, password_hash, password)


def _unknown_email_check(password: str) -> None:
    """Spend as long on an unknown email as on a wrong password, so timing does not tell which."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password("not-a-real-password")
    check_password(_dummy_hash, password)


def normalise_email(value) -> str:
    if not fields.is_text(value):
        raise Invalid("Please enter an email address.", "email")
    email = fields.clean_text(value).lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise Invalid("Please enter a valid email address.", "email")
    return email


def email_key(value: str) -> str:
    """What sign-in matches an email on: "ANNA@EXAMPLE.ORG", "anna@example.org" and "Anna@Example.org" are one
    account, also beyond ASCII (the database's lower() folds ASCII only)."""
    return casefold_key(value.strip())


def find_user_by_email(session: Session, email) -> User | None:
    if not isinstance(email, str) or len(email) > 254:
        return None
    # cleaned: no control characters or lone surrogates reach the query (no database could store them)
    return session.scalar(select(User).where(User.email_key == email_key(fields.clean_text(email))))


def create_user(session: Session, email, password, role: str, name: str = "") -> User:
    email = normalise_email(email)
    role = fields.choice({"role": role}, "role", STAFF_ROLES)
    if not fields.is_text(password) or len(password) < MIN_PASSWORD:
        raise Invalid(f"The password must be at least {MIN_PASSWORD} characters long.", "password")
    if find_user_by_email(session, email) is not None:
        raise Conflict("An account with this email address already exists.", "email")
    name = fields.text({"name": name}, "name", max_len=120)
    user = User(email=email, role=role, name=name,
                password_hash=hash_password(password))
    session.add(user)
    session.flush()
    record(session, None, "user.create", {"user_id": user.id, "email": email, "role": role})
    return user


def authenticate(session: Session, email, password) -> User:
    if not isinstance(email, str) or not isinstance(password, str):
        raise Invalid("Please enter your email address and password.")
    if not fields.is_text(email) or not fields.is_text(password):  # no account has such a name or password
        raise Unauthenticated("Wrong email address or password.")
    user = find_user_by_email(session, email)
    if user is None:
        _unknown_email_check(password)
        raise Unauthenticated("Wrong email address or password.")
    if not check_password(user.password_hash, password):
        raise Unauthenticated("Wrong email address or password.")
    return user


def user_data(user: User) -> dict:
    return {"id": user.id, "email": user.email, "name": user.display_name, "role": user.role}


def count_users(session: Session) -> int:
    return session.scalar(select(func.count(User.id))) or 0
