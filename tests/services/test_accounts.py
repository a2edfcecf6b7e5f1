import pytest

from workshop.services import accounts
from workshop.services.actors import issue_token, principal_for_token, revoke_token
from workshop.services.errors import Conflict, Invalid, Unauthenticated


def test_a_new_account_signs_in_with_its_password_and_the_hash_is_not_the_password(db):
    user = accounts.create_user(db, " Secretariat@RSO.example.org ", "a long enough secret", "secretariat")
    assert user.email == "secretariat@rso.example.org"
    assert "a long enough secret" not in user.password_hash
    assert accounts.authenticate(db, "secretariat@rso.example.org", "a long enough secret") is user


@pytest.mark.parametrize("password", ["", "short", None, 1234567890])
def test_weak_or_missing_passwords_are_refused(db, password):
    with pytest.raises(Invalid) as error:
        accounts.create_user(db, "a@example.org", password, "facilitator")
    assert error.value.field == "password"


def test_an_email_can_hold_only_one_account(db):
    accounts.create_user(db, "a@example.org", "correct horse battery", "facilitator")
    with pytest.raises(Conflict):
        accounts.create_user(db, "A@example.org", "correct horse battery", "secretariat")


@pytest.mark.parametrize("role", ["delegate", "admin", ""])
def test_accounts_are_only_for_facilitators_and_secretariat(db, role):
    with pytest.raises(Invalid):
        accounts.create_user(db, "a@example.org", "correct horse battery", role)


@pytest.mark.parametrize("email,password", [("cochair@example.org", "wrong password!"),
                                            ("nobody@example.org", "correct horse battery")])
def test_wrong_email_or_password_gives_the_same_answer(db, facilitator, email, password):
    with pytest.raises(Unauthenticated) as error:
        accounts.authenticate(db, email, password)
    assert error.value.message == "Wrong email address or password."


def test_tokens_are_stored_hashed_and_stop_working_when_revoked(db, facilitator):
    token = issue_token(db, user=facilitator)
    from workshop.models import AccessToken

    stored = db.query(AccessToken).one()
    assert stored.token_hash != token and token not in stored.token_hash
    assert principal_for_token(db, token) is facilitator
    revoke_token(db, token)
    with pytest.raises(Unauthenticated):
        principal_for_token(db, token)


@pytest.mark.parametrize("token", [None, "", 42, ["x"], "x" * 500, "wsu_not-a-token"])
def test_malformed_or_unknown_tokens_are_unauthenticated(db, token):
    with pytest.raises(Unauthenticated):
        principal_for_token(db, token)
