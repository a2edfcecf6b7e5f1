"""The browser pages: sign-in, forms with CSRF, joining in two steps, redirects."""

from tests.conftest import PASSWORD, csrf_from


def sign_in(client, email, password=PASSWORD, next_url=""):
    token = csrf_from(client.get("/login").data)
    return client.post("/login" + (f"?next={next_url}" if next_url else ""),
                       data={"email": email, "password": password, "csrf_token": token})


def test_a_facilitator_signs_in_and_sees_the_workshops(client, meeting):
    response = sign_in(client, meeting.facilitator_email)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/workshops")
    assert b"Sixth Bali Process Meeting" in page.data
    assert meeting.join_code[:4].encode() in page.data


def test_a_wrong_password_shows_a_message(client, meeting):
    response = sign_in(client, meeting.facilitator_email, "not the password")
    assert response.status_code == 401 and b"Wrong email address or password." in response.data


def test_forms_without_the_csrf_token_are_refused(client, meeting):
    response = client.post("/login", data={"email": meeting.facilitator_email, "password": PASSWORD})
    assert response.status_code == 400
    sign_in(client, meeting.facilitator_email)
    response = client.post(f"/w/{meeting.slug}/setup/delegations", data={"name": "Atlantis"})
    assert response.status_code == 400
    assert b"Atlantis" not in client.get(f"/w/{meeting.slug}/setup").data


def test_pages_send_a_browser_to_sign_in_and_back(client, meeting):
    response = client.get(f"/w/{meeting.slug}/setup")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    response = sign_in(client, meeting.facilitator_email, next_url=f"/w/{meeting.slug}/setup")
    assert response.headers["Location"] == f"/w/{meeting.slug}/setup"


def test_sign_in_never_redirects_to_another_site(client, meeting):
    response = sign_in(client, meeting.facilitator_email, next_url="//evil.example/")
    assert response.headers["Location"] == "/"


def test_the_set_up_page_adds_delegations_and_agenda_items(client, meeting):
    sign_in(client, meeting.facilitator_email)
    token = csrf_from(client.get(f"/w/{meeting.slug}/setup").data)
    client.post(f"/w/{meeting.slug}/setup/delegations/paste",
                data={"text": "Viet Nam\nMaldives (co-chair)", "kind": "member_state", "csrf_token": token})
    client.post(f"/w/{meeting.slug}/setup/agenda", data={"title": "Report back from groups", "day": "2",
                                                         "kind": "outcomes", "csrf_token": token})
    page = client.get(f"/w/{meeting.slug}/setup").data
    assert b"Viet Nam" in page and b"Maldives" in page and b"Report back from groups" in page
    bad = client.post(f"/w/{meeting.slug}/setup/agenda", data={"title": "", "csrf_token": token},
                      follow_redirects=True)
    assert b"Please enter the title." in bad.data


def test_joining_takes_the_code_then_name_and_delegation(client, meeting):
    token = csrf_from(client.get("/join").data)
    step_two = client.post("/join", data={"code": meeting.join_code.lower(), "csrf_token": token})
    assert step_two.status_code == 200 and b"Your delegation" in step_two.data
    assert b"Philippines" in step_two.data and b"Canada" not in step_two.data  # observers use their own code
    joined = client.post("/join", data={"code": meeting.join_code, "name": "Maria", "delegation": "Philippines",
                                        "csrf_token": token})
    assert joined.status_code == 302 and joined.headers["Location"] == f"/w/{meeting.slug}"
    room = client.get(f"/w/{meeting.slug}")
    assert room.status_code == 200 and b'data-view="delegate"' in room.data


def test_a_wrong_code_on_the_join_page_says_so(client, meeting):
    token = csrf_from(client.get("/join").data)
    response = client.post("/join", data={"code": "NOPE-NOPE", "csrf_token": token})
    assert response.status_code == 400 and b"does not open any workshop" in response.data


def test_a_delegate_cannot_open_the_set_up_page_or_console(client, meeting):
    token = csrf_from(client.get("/join").data)
    client.post("/join", data={"code": meeting.join_code, "name": "Maria", "delegation": "Philippines",
                               "csrf_token": token})
    assert client.get(f"/w/{meeting.slug}/setup").status_code == 403
    assert client.get(f"/w/{meeting.slug}/console").headers["Location"] == f"/w/{meeting.slug}"


def test_pages_carry_a_content_security_policy(client):
    response = client.get("/")
    assert "script-src" not in response.headers["Content-Security-Policy"]  # default-src 'self' covers scripts
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_agenda_items_move_up_and_down_with_buttons(client, meeting):
    sign_in(client, meeting.facilitator_email)
    token = csrf_from(client.get(f"/w/{meeting.slug}/setup").data)
    for title in ("Presentations", "Group work"):
        client.post(f"/w/{meeting.slug}/setup/agenda", data={"title": title, "day": "1", "csrf_token": token})
    state = client.get(f"/api/v1/workshops/{meeting.slug}").get_json()
    day_one = [i for i in state["agenda"] if i["day"] == 1]
    assert [i["title"] for i in day_one] == ["Opening and welcome by the co-chairs", "Presentations", "Group work"]
    client.post(f"/w/{meeting.slug}/setup/agenda/{day_one[2]['id']}/move",
                data={"direction": "up", "csrf_token": token})
    state = client.get(f"/api/v1/workshops/{meeting.slug}").get_json()
    assert [i["title"] for i in state["agenda"] if i["day"] == 1] == [
        "Opening and welcome by the co-chairs", "Group work", "Presentations"]
