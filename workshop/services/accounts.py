"""Facilitator and secretariat accounts: creation, sign-in, API tokens."""

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import User
from ..models.accounts import STAFF_ROLES
from . import fields
from .actors import issue_token
from .audit import record
from .errors import Conflict, Invalid, Unauthenticated

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
# Checked against when the email is unknown, so a wrong email costs as long as a wrong password
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalise_email(value) -> str:
    if not isinstance(value, str):
        raise Invalid("Please enter an email address.", "email")
    email = value.strip().lower()
    if not EMAIL.match(email) or len(email) > 254:
        raise Invalid("Please enter a valid email address.", "email")
    return email


def create_user(session: Session, email, password, role: str, name: str = "") -> User:
    email = normalise_email(email)
    role = fields.choice({"role": role}, "role", STAFF_ROLES)
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise Invalid(f"The password must be at least {MIN_PASSWORD} characters long.", "password")
    if session.scalar(select(User).where(func.lower(User.email) == email)):
        raise Conflict("An account with this email address already exists.", "email")
    user = User(email=email, role=role, name=fields.clean_text(name or "")[:120],
                password_hash=generate_password_hash(password))
    session.add(user)
    session.flush()
    record(session, None, "user.create", {"user_id": user.id, "email": email, "role": role})
    return user


def authenticate(session: Session, email, password) -> User:
    if not isinstance(email, str) or not isinstance(password, str):
        raise Invalid("Please enter your email address and password.")
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        raise Unauthenticated("Wrong email address or password.")
    if not check_password_hash(user.password_hash, password):
        raise Unauthenticated("Wrong email address or password.")
    return user


def open_api_session(session: Session, email, password) -> tuple[User, str]:
    user = authenticate(session, email, password)
    return user, issue_token(session, user=user)


def user_data(user: User) -> dict:
    return {"id": user.id, "email": user.email, "name": user.display_name, "role": user.role}


def count_users(session: Session) -> int:
    return session.scalar(select(func.count(User.id))) or 0
