"""Who speaks for a delegation, in the browser: delegation codes on the set-up page, the personal link for
another device (link and QR code in the room), and the facilitator confirming voters and revoking links."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, join_as, join_with_own_code, login

PHONE = {"width": 390, "height": 844}


def test_a_delegate_uses_another_device_and_the_facilitator_confirms_voters_and_revokes_the_link(
        server, api, browser, shot):
    workshop = api.workshop()
    slug = workshop["slug"]
    facilitator = browser.new_context().new_page()
    login(facilitator, server.url)

    # The set-up page lists each delegation's own code; a new one is made only after a confirmation
    facilitator.goto(f"{server.url}/w/{slug}/setup")
    codes = api.codes(slug)
    thailand = facilitator.locator("tr", has_text="Thailand")
    shown = codes["Thailand"][:4] + "-" + codes["Thailand"][4:]
    expect(thailand.get_by_test_id("delegation-code")).to_have_text(shown)
    shot(facilitator, "01-setup-delegation-codes")
    assert axe_violations(facilitator) == []
    facilitator.once("dialog", lambda dialog: dialog.dismiss())
    thailand.get_by_role("button", name="New code for Thailand").click()
    expect(thailand.get_by_test_id("delegation-code")).to_have_text(shown)  # dismissed: nothing changed
    facilitator.once("dialog", lambda dialog: dialog.accept())
    thailand.get_by_role("button", name="New code for Thailand").click()
    expect(facilitator.get_by_text("New delegation code made")).to_be_visible()
    renewed = api.codes(slug)["Thailand"]
    assert renewed != codes["Thailand"]
    expect(facilitator.locator("tr", has_text="Thailand").get_by_test_id("delegation-code")).to_have_text(
        renewed[:4] + "-" + renewed[4:])
    printable = facilitator.context.new_page()
    printable.goto(f"{server.url}/w/{slug}/delegation-codes")
    expect(printable.locator(".code-card", has_text="Thailand")).to_contain_text(renewed[:4] + "-" + renewed[4:])
    shot(printable, "02-printable-codes")
    printable.close()

    facilitator.goto(f"{server.url}/w/{slug}/console")
    expect(facilitator.locator("[data-conn]")).to_have_attribute("data-state", "online")

    # Maria joins with the meeting's delegate code: she may draft and speak, not vote, until confirmed
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    join_as(laptop, server.url, workshop["join_code"], "Maria Santos", "Philippines")
    expect(laptop.locator("[data-voter-status]")).to_contain_text("not a confirmed voter")
    device = laptop.locator("[data-device]")
    expect(device.get_by_role("heading", name="Use Workshop on another device")).to_be_visible()
    expect(device.locator("svg.qr")).to_be_visible()
    link = device.locator("[data-rejoin-link]").get_attribute("href")
    assert re.fullmatch(r"https?://[^/]+/rejoin/[A-Za-z0-9_-]{20,}", link)
    shot(laptop, "03-room-device-link-1280")
    assert axe_violations(laptop) == []

    # The same link on her phone signs the phone in as Maria (not a new participant)
    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(link)
    phone.wait_for_url(re.compile(rf".*/w/{slug}$"))
    expect(phone.locator("[data-conn]")).to_have_attribute("data-state", "online")
    expect(phone.locator("[data-device] svg.qr")).to_be_visible()
    shot(phone, "04-room-on-phone-390")
    assert axe_violations(phone) == []
    row = facilitator.locator("[data-participants] > li", has_text="Philippines")
    expect(row.locator(".participant-row")).to_have_count(1)

    # One click confirms her as Philippines' voter; her laptop and phone both say so
    facilitator.get_by_role("button", name="Confirm voter: Maria Santos").click()
    expect(facilitator.get_by_role("button", name="Voter ✓ Maria Santos: withdraw")).to_have_attribute(
        "aria-pressed", "true")
    expect(row).to_contain_text("(1 confirmed voter)")
    for page in (laptop, phone):
        expect(page.locator("[data-voter-status]")).to_have_text("You are a confirmed voter for Philippines.")
    # Someone with the code on Australia's name card is Australia's voter at once
    budi = browser.new_context().new_page()
    join_with_own_code(budi, server.url, codes["Australia"], "Budi")
    expect(budi.locator("[data-voter-status]")).to_have_text("You are a confirmed voter for Australia.")
    expect(facilitator.get_by_role("button", name="Voter ✓ Budi: withdraw")).to_be_visible()
    shot(facilitator, "05-console-voters-1280")
    assert axe_violations(facilitator) == []

    # The facilitator revokes Maria's link (the browser asks first): the link no longer signs anyone in
    revoke = facilitator.get_by_role("button", name="Revoke link of Maria Santos")
    facilitator.once("dialog", lambda dialog: dialog.accept())
    revoke.click()
    expect(revoke).to_have_count(0)
    stranger = browser.new_context(viewport=PHONE).new_page()
    stranger.goto(link)
    expect(stranger.get_by_role("heading", name="This link does not sign you in")).to_be_visible()
    shot(stranger, "06-revoked-link-390")
    laptop.reload()
    expect(laptop.locator("[data-device-revoked]")).to_be_visible()
    # She makes a new one herself; it works again
    laptop.get_by_role("button", name="Make a link").click()
    expect(laptop.locator("[data-device] svg.qr")).to_be_visible()
    fresh = laptop.locator("[data-rejoin-link]").get_attribute("href")
    assert fresh != link
    expect(facilitator.get_by_role("button", name="Revoke link of Maria Santos")).to_be_visible()

    phone.set_viewport_size(PHONE)
    facilitator.set_viewport_size(PHONE)
    shot(facilitator, "07-console-voters-390")
