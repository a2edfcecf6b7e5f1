"""The content security policy names only this site (connect-src 'self', form-action 'self'), and the live
pages still reach the server over a WebSocket under it: Chromium counts same-origin ws: as 'self' (CSP3)."""

import time

from playwright.sync_api import expect

from tests.browser.conftest import join_as, login


def watch(page) -> tuple[list, list]:
    refused, frames = [], []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _payload: frames.append(ws.url)))
    return refused, frames


def wait_for_frames(page, frames: list, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not frames and time.monotonic() < deadline:
        page.wait_for_timeout(50)  # lets Playwright deliver the events it holds; the condition is the frames
    assert frames, "no WebSocket frame arrived"


def test_the_room_and_the_console_connect_over_a_websocket_under_the_policy(server, api, browser):
    workshop = api.workshop()
    delegate = browser.new_context().new_page()
    refused, frames = watch(delegate)
    join_as(delegate, server.url, workshop["join_code"], "Maria Santos", "Philippines")
    expect(delegate.locator("[data-conn]")).to_have_attribute("data-state", "online")
    response = delegate.reload()
    policy = response.headers["content-security-policy"]
    assert "connect-src 'self';" in policy and "form-action 'self'" in policy
    expect(delegate.locator("[data-conn]")).to_have_attribute("data-state", "online")
    wait_for_frames(delegate, frames)
    assert all(url.startswith("ws://127.0.0.1") for url in frames)

    chair = browser.new_context().new_page()
    chair_refused, chair_frames = watch(chair)
    login(chair, server.url)  # the sign-in form posts to this site: allowed by form-action 'self'
    chair.goto(f"{server.url}/w/{workshop['slug']}/console")
    expect(chair.locator("[data-conn]")).to_have_attribute("data-state", "online")
    wait_for_frames(chair, chair_frames)
    assert refused == [] and chair_refused == []
