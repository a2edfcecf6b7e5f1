"""Limits a hostile client cannot dodge, and the smaller trust rules of docs/architecture.md §11: sign-in throttling, the
client address behind proxies, token expiry, cookies, the content security policy, casefold matching."""

from datetime import date, timedelta

from sqlalchemy import update

from tests.conftest import PASSWORD, bearer, csrf_from, join, make_meeting
from workshop import create_app
from workshop.extensions import db
from workshop.models import AccessToken, Workshop
from workshop.models.base import utcnow
from workshop.services import accounts


def api_sign_in(client, email, password, **kwargs):
    return client.post("/api/v1/session", json={"email": email, "password": password}, **kwargs)


def test_wrong_passwords_for_one_account_are_refused_for_a_while(app, client, meeting):
    limit = app.config["SIGN_IN_FAILURES_PER_ACCOUNT"]
    for n in range(limit):
        # from different addresses: a guesser spreading tries over a botnet is still counted on the account
        wrong = api_sign_in(client, meeting.facilitator_email, f"wrong-{n}",
                            environ_base={"REMOTE_ADDR": f"10.1.0.{n + 1}"})
        assert wrong.status_code == 401
    # the email in another case is the same account
    blocked = api_sign_in(client, meeting.facilitator_email.upper(), PASSWORD,
                          environ_base={"REMOTE_ADDR": "10.2.0.1"})
    assert blocked.status_code == 429
    error = blocked.get_json()["error"]
    assert error["code"] == "rate_limited" and "Too many failed sign-ins" in error["message"]
    assert int(blocked.headers["Retry-After"]) > 0
    # another account is not affected
    with app.app_context():
        accounts.create_user(db.session, "secretariat@example.org", PASSWORD, "secretariat")
        db.session.commit()
    assert api_sign_in(client, "secretariat@example.org", PASSWORD,
                       environ_base={"REMOTE_ADDR": "10.2.0.1"}).status_code == 201


def test_one_client_trying_many_accounts_is_refused_for_a_while(app, client, meeting):
    limit = app.config["SIGN_IN_FAILURES_PER_CLIENT"]
    for n in range(limit):
        assert api_sign_in(client, f"nobody{n}@example.org", "guess-guess").status_code == 401
    blocked = api_sign_in(client, meeting.facilitator_email, PASSWORD)
    assert blocked.status_code == 429 and blocked.get_json()["error"]["code"] == "rate_limited"
    assert api_sign_in(client, meeting.facilitator_email, PASSWORD,
                       environ_base={"REMOTE_ADDR": "10.3.0.1"}).status_code == 201


def test_the_sign_in_form_says_why_it_refuses(app, client, meeting):
    for _ in range(app.config["SIGN_IN_FAILURES_PER_ACCOUNT"]):
        token = csrf_from(client.get("/login").data)
        wrong = client.post("/login", data={"email": meeting.facilitator_email, "password": "nope-nope-nope",
                                            "csrf_token": token})
        assert wrong.status_code == 401
    token = csrf_from(client.get("/login").data)
    refused = client.post("/login", data={"email": meeting.facilitator_email, "password": PASSWORD,
                                          "csrf_token": token})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert b"Too many failed sign-ins for this account" in refused.data


def test_a_spoofed_forwarded_for_header_does_not_dodge_the_limit(app, client, meeting):
    """With no trusted proxy configured, X-Forwarded-For is the client's own claim and is ignored."""
    for n in range(app.config["JOIN_FAILURES_ALLOWED"]):
        response = client.post("/api/v1/join", json={"code": f"GUESS{n:03d}", "name": "A", "delegation": "Thailand"},
                               headers={"X-Forwarded-For": f"203.0.113.{n + 1}"})
        assert response.status_code == 404
    blocked = client.post("/api/v1/join", json={"code": meeting.join_code, "name": "A", "delegation": "Thailand"},
                          headers={"X-Forwarded-For": "198.51.100.77"})
    assert blocked.status_code == 429
    for n in range(app.config["SIGN_IN_FAILURES_PER_CLIENT"]):
        api_sign_in(client, f"nobody{n}@example.org", "guess-guess", headers={"X-Forwarded-For": f"192.0.2.{n}"})
    assert api_sign_in(client, meeting.facilitator_email, PASSWORD,
                       headers={"X-Forwarded-For": "192.0.2.200"}).status_code == 429


def test_behind_a_trusted_proxy_each_client_behind_it_has_its_own_count(tmp_path):
    """A venue's proxy in front: the address it adds is the client, so one guesser does not lock out the
    room sharing the proxy's address; what the client itself put first in the header is not believed."""
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "proxied"), "ASYNC_MODE": "threading",
                      "SECRET_KEY": "test-secret-key", "TRUSTED_PROXIES": 1})
    meeting = make_meeting(app)
    client = app.test_client()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(app.config["JOIN_FAILURES_ALLOWED"]):
        response = client.post("/api/v1/join", json={"code": f"GUESS{n:03d}", "name": "A", "delegation": "Thailand"},
                               headers={"X-Forwarded-For": f"203.0.113.{n}, 198.51.100.5"}, environ_base=proxy)
        assert response.status_code == 404
    blocked = client.post("/api/v1/join", json={"code": meeting.join_code, "name": "A", "delegation": "Thailand"},
                          headers={"X-Forwarded-For": "198.51.100.5"}, environ_base=proxy)
    assert blocked.status_code == 429
    neighbour = client.post("/api/v1/join", json={"code": meeting.join_code, "name": "B", "delegation": "Thailand"},
                            headers={"X-Forwarded-For": "198.51.100.6"}, environ_base=proxy)
    assert neighbour.status_code == 201
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_session_cookie_is_secure_when_served_over_https(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "https"), "ASYNC_MODE": "threading",
                      "SECRET_KEY": "test-secret-key", "SECURE_COOKIES": 1})
    client = app.test_client()
    response = client.get("/login", base_url="https://localhost")
    cookie = response.headers.get("Set-Cookie", "")
    assert cookie.startswith("session=") and "Secure" in cookie and "HttpOnly" in cookie
    with app.app_context():
        db.engine.dispose()


def test_the_content_security_policy_names_only_this_site(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["connect-src"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


def test_a_participant_token_expires_some_days_after_the_meeting_ends(app, client, meeting):
    token = join(client, meeting.join_code, "Kim", "Australia")
    headers = bearer(token)
    assert client.get(f"/api/v1/workshops/{meeting.slug}", headers=headers).status_code == 200
    today = utcnow().date()
    with app.app_context():
        db.session.execute(update(Workshop).where(Workshop.id == meeting.workshop_id)
                           .values(start_date=today - timedelta(days=6), end_date=today - timedelta(days=3)))
        db.session.execute(update(AccessToken).where(AccessToken.participant_id.is_not(None))
                           .values(created_at=utcnow() - timedelta(days=6)))
        db.session.commit()
    assert client.get(f"/api/v1/workshops/{meeting.slug}", headers=headers).status_code == 200  # 3 days after
    with app.app_context():
        db.session.execute(update(Workshop).where(Workshop.id == meeting.workshop_id)
                           .values(start_date=today - timedelta(days=12), end_date=today - timedelta(days=10)))
        db.session.execute(update(AccessToken).where(AccessToken.participant_id.is_not(None))
                           .values(created_at=utcnow() - timedelta(days=12)))
        db.session.commit()
    expired = client.get(f"/api/v1/workshops/{meeting.slug}", headers=headers)
    assert expired.status_code == 401
    assert expired.get_json()["error"]["code"] == "unauthenticated"
    assert "expired" in expired.get_json()["error"]["message"]


def test_a_participant_token_without_an_end_date_lasts_a_month(app, client, meeting):
    token = join(client, meeting.join_code, "Kim", "Australia")
    with app.app_context():
        db.session.execute(update(Workshop).where(Workshop.id == meeting.workshop_id).values(end_date=None))
        db.session.execute(update(AccessToken).where(AccessToken.participant_id.is_not(None))
                           .values(created_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    assert client.get(f"/api/v1/workshops/{meeting.slug}", headers=bearer(token)).status_code == 401


def test_joining_a_meeting_whose_dates_are_past_still_gives_a_working_token(app, client, meeting):
    with app.app_context():
        db.session.execute(update(Workshop).where(Workshop.id == meeting.workshop_id)
                           .values(start_date=date(2020, 1, 1), end_date=date(2020, 1, 2)))
        db.session.commit()
    token = join(client, meeting.join_code, "Kim", "Australia")
    assert client.get(f"/api/v1/workshops/{meeting.slug}", headers=bearer(token)).status_code == 200


def test_an_account_token_expires_when_idle_and_use_keeps_it_alive(app, client, meeting):
    token = api_sign_in(client, meeting.facilitator_email, PASSWORD).get_json()["token"]
    headers = bearer(token)
    with app.app_context():
        db.session.execute(update(AccessToken).where(AccessToken.user_id.is_not(None))
                           .values(created_at=utcnow() - timedelta(days=30), last_used_at=utcnow() - timedelta(days=13)))
        db.session.commit()
    # used within the idle period: it works, and the use is recorded
    assert client.get(f"/api/v1/workshops/{meeting.slug}", headers=headers).status_code == 200
    with app.app_context():
        row = db.session.scalar(db.select(AccessToken).where(AccessToken.token_hash.is_not(None),
                                                             AccessToken.user_id.is_not(None))
                                .order_by(AccessToken.id.desc()))
        assert utcnow() - row.last_used_at < timedelta(minutes=5)
        db.session.execute(update(AccessToken).where(AccessToken.user_id.is_not(None))
                           .values(last_used_at=utcnow() - timedelta(days=15)))
        db.session.commit()
    expired = client.get(f"/api/v1/workshops/{meeting.slug}", headers=headers)
    assert expired.status_code == 401 and expired.get_json()["error"]["code"] == "unauthenticated"
    assert "without use" in expired.get_json()["error"]["message"]


def test_a_delegation_is_found_by_its_name_in_any_case_beyond_ascii(app, client, meeting):
    headers = bearer(meeting.facilitator_token)
    for name in ("ÉQUATEUR", "Straße"):
        added = client.post(f"/api/v1/workshops/{meeting.slug}/delegations", headers=headers, json={"name": name})
        assert added.status_code == 201
    for typed, expected in (("équateur", "ÉQUATEUR"), ("STRASSE", "Straße"), ("  straße ", "Straße")):
        joined = client.post("/api/v1/join", json={"code": meeting.join_code, "name": f"Delegate {typed.strip()}",
                                                   "delegation": typed})
        assert joined.status_code == 201, joined.get_json()
        assert joined.get_json()["participant"]["delegation"] == expected
    duplicate = client.post(f"/api/v1/workshops/{meeting.slug}/delegations", headers=headers,
                            json={"name": "STRASSE"})
    assert duplicate.status_code == 409 and duplicate.get_json()["error"]["code"] == "conflict"
    duplicate = client.post(f"/api/v1/workshops/{meeting.slug}/delegations", headers=headers,
                            json={"name": "équateur"})
    assert duplicate.status_code == 409


def test_an_account_email_is_matched_by_casefold(app, client):
    with app.app_context():
        accounts.create_user(db.session, "straße@example.org", PASSWORD, "facilitator")
        db.session.commit()
    assert api_sign_in(client, "STRASSE@EXAMPLE.ORG", PASSWORD).status_code == 201
    with app.app_context():
        try:
            accounts.create_user(db.session, "Strasse@Example.org", PASSWORD, "facilitator")
        except accounts.Conflict:
            pass
        else:
            raise AssertionError("an account folding to the same email was created twice")
