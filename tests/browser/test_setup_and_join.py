"""A facilitator sets up a workshop in the browser; a delegate joins from another laptop; each sees the other."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, join_as, login


def test_facilitator_sets_up_and_a_delegate_joins_and_both_see_each_other(server, browser, shot):
    facilitator = browser.new_context().new_page()
    login(facilitator, server.url)
    shot(facilitator, "01-my-workshops")

    facilitator.get_by_role("link", name="New workshop").click()
    facilitator.get_by_label("Title").fill("Sixth Bali Process Meeting of the Technical Experts Group on "
                                           "Returns and Reintegration")
    facilitator.get_by_label("City").fill("Bangkok")
    facilitator.get_by_label("First day").fill("2024-03-04")
    facilitator.get_by_label("Last day").fill("2024-03-06")
    shot(facilitator, "02-new-workshop")
    assert axe_violations(facilitator) == []
    facilitator.get_by_role("button", name="Create workshop").click()
    expect(facilitator.get_by_role("heading", name=re.compile("Sixth Bali Process"))).to_be_visible()

    facilitator.get_by_label("One delegation a line").fill(
        "Australia (co-chair)\nPhilippines (co-chair)\nThailand\n\nMember organisations:\n"
        "International Organization for Migration (IOM)\n\nObservers:\nCanada\n")
    facilitator.get_by_role("button", name="Add the list").click()
    expect(facilitator.get_by_text("5 delegations added.")).to_be_visible()
    facilitator.get_by_label("Title", exact=True).last.fill("Opening and welcome by the co-chairs")
    facilitator.get_by_label("Starts at").fill("09:00")
    facilitator.get_by_role("button", name="Add item").click()
    expect(facilitator.locator(".agenda-row")).to_have_count(1)
    code = facilitator.get_by_test_id("join-code").inner_text().strip()
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    shot(facilitator, "03-setup")
    assert axe_violations(facilitator) == []

    facilitator.get_by_role("link", name="Live console").first.click()
    expect(facilitator.locator("[data-conn]")).to_have_attribute("data-state", "online")
    expect(facilitator.locator("[data-presence] li.online")).to_have_count(0)

    delegate = browser.new_context().new_page()
    join_as(delegate, server.url, code.lower(), "Maria Santos", "Philippines")
    expect(delegate.locator("[data-conn]")).to_have_attribute("data-state", "online")
    expect(delegate.get_by_text("Opening and welcome by the co-chairs")).to_be_visible()
    # The delegate sees the facilitator online, and the facilitator sees the delegate's delegation online
    expect(delegate.locator("[data-staff-online]")).to_contain_text("Co-Chair Team")
    philippines = facilitator.locator("[data-presence] li", has_text="Philippines")
    expect(philippines).to_have_class(re.compile("online"))
    expect(philippines).to_contain_text("Maria Santos")
    expect(facilitator.locator("[data-participants] > li", has_text="Philippines")).to_contain_text("Maria Santos")
    shot(delegate, "04-delegate-room")
    shot(facilitator, "05-console-with-delegate")
    assert axe_violations(delegate) == []
    assert axe_violations(facilitator) == []

    # When the delegate closes the laptop, the console shows the delegation as away again
    delegate.context.close()
    expect(philippines).to_have_class(re.compile("away"))


def test_agenda_changes_reach_a_delegate_live(server, api, browser):
    workshop = api.workshop()
    delegate = browser.new_context().new_page()
    join_as(delegate, server.url, workshop["join_code"], "Somchai", "Thailand")
    expect(delegate.locator("[data-conn]")).to_have_attribute("data-state", "online")
    expect(delegate.get_by_text("The agenda is not out yet.")).to_be_visible()
    api.post(f"/workshops/{workshop['slug']}/agenda",
             {"day": 1, "title": "Returns and reintegration of trafficking victims: presentations",
              "kind": "presentation", "starts_at": "09:30"})
    expect(delegate.get_by_text("Returns and reintegration of trafficking victims: presentations")).to_be_visible()


def test_a_removed_delegate_is_sent_away_at_once(server, api, browser):
    workshop = api.workshop()
    delegate = browser.new_context().new_page()
    join_as(delegate, server.url, workshop["join_code"], "Budi", "Australia")
    expect(delegate.locator("[data-conn]")).to_have_attribute("data-state", "online")
    participant = api.get(f"/workshops/{workshop['slug']}/participants")["participants"][0]
    import requests

    response = requests.delete(f"{api.base}/api/v1/workshops/{workshop['slug']}/participants/{participant['id']}",
                               headers=api.headers, timeout=10)
    assert response.status_code == 200
    expect(delegate.locator("[data-conn-text]")).to_have_text("You were removed from this workshop by the facilitator.")
    delegate.reload()
    expect(delegate).to_have_url(re.compile(r".*/login.*"))
