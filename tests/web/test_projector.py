"""The projector page: read-only, for anyone of the workshop, no one else."""

from tests.conftest import bearer, join, make_meeting


def test_the_projector_page_is_read_only_and_has_every_live_region(client, meeting):
    page = client.get(f"/w/{meeting.slug}/projector", headers={**bearer(meeting.facilitator_token),
                                                               "Accept": "text/html"})
    assert page.status_code == 200
    html = page.data.decode()
    for region in ('data-view="projector"', "data-current-title", "data-timer-clock", "data-floor-speaking",
                   "data-floor-queue", "data-outcomes-latest", "data-poll-results-slot", "dist/projector.js"):
        assert region in html, region
    # Nothing to press or fill in: the room screen only shows
    main = html.split('<main id="main"')[1]
    assert "<button" not in main and "<form" not in main and "<input" not in main


def test_a_delegate_may_open_the_projector_but_not_another_workshops(app, client, meeting):
    other = make_meeting(app, title="Another meeting", email="other@example.org")
    token = join(client, meeting.join_code, "Maria Santos", "Philippines")
    assert client.get(f"/w/{meeting.slug}/projector", headers=bearer(token)).status_code == 200
    assert client.get(f"/w/{other.slug}/projector", headers=bearer(token)).status_code == 403
    assert client.get(f"/w/{meeting.slug}/projector").status_code in (302, 401)
