"""Steering in real Chromium: a facilitator leads a delegate around (follow me), and runs the floor."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, join_as, login


def agenda(api, workshop):
    for position, (title, kind) in enumerate([("Opening and welcome by the co-chairs", "opening"),
                                              ("Returns and reintegration: country updates", "presentation")]):
        api.post(f"/workshops/{workshop['slug']}/agenda", {"day": 1, "position": position, "title": title,
                                                          "kind": kind, "duration_minutes": 30})


def console(browser, server, workshop):
    page = browser.new_context().new_page()
    login(page, server.url)
    page.goto(f"{server.url}/w/{workshop['slug']}/console")
    expect(page.locator("[data-conn]")).to_have_attribute("data-state", "online")
    return page


def delegate(browser, server, workshop, name, delegation):
    page = browser.new_context().new_page()
    join_as(page, server.url, workshop["join_code"], name, delegation)
    expect(page.locator("[data-conn]")).to_have_attribute("data-state", "online")
    return page


def test_the_facilitator_brings_a_delegate_along_and_the_delegate_can_leave_and_come_back(server, api, browser,
                                                                                            shot):
    workshop = api.workshop()
    agenda(api, workshop)
    chair = console(browser, server, workshop)
    maria = delegate(browser, server, workshop, "Maria Santos", "Philippines")

    # The facilitator starts the second item and its timer: the delegate sees both
    second = chair.locator("[data-agenda] li", has_text="country updates")
    second.get_by_role("button", name="Make current").click()
    expect(maria.locator("[data-current-title]")).to_have_text("Returns and reintegration: country updates")
    expect(maria.locator("[data-agenda] li[aria-current=true]")).to_contain_text("country updates")
    # Lengthening an item by keyboard: the list redraws and the button keeps the focus
    longer = chair.get_by_role("button", name="+5 min for Opening and welcome by the co-chairs")
    longer.focus()
    chair.keyboard.press("Enter")
    expect(maria.locator("[data-agenda] li", has_text="Opening")).to_contain_text("35 min")
    expect(longer).to_be_focused()
    chair.get_by_label("Minutes", exact=True).fill("2")
    chair.get_by_role("button", name="Start", exact=True).click()
    expect(maria.locator("[data-timer-clock]")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    expect(maria.locator("[data-timer-label]")).to_have_text("Returns and reintegration: country updates")

    # An outcome is recorded and everyone is brought to the outcomes
    form = chair.locator("[data-outcome-form]")
    form.get_by_label("Kind").select_option("action")
    form.get_by_label("Text").fill("The RSO to circulate a template for the Returns and Reintegration Register.")
    form.get_by_label("Lead delegations").select_option(label="Australia")
    form.get_by_label("Due").fill("2024-06-30")
    form.get_by_role("button", name="Record outcome").click()
    expect(chair.locator("[data-outcomes] li")).to_have_count(1)
    chair.get_by_label("Bring everyone to").select_option(label="Outcomes")
    chair.get_by_role("button", name="Bring everyone here").click()
    expect(maria.get_by_role("tab", name="Outcomes")).to_have_attribute("aria-selected", "true")
    expect(maria.locator("[data-follow-banner]")).to_contain_text("Following the facilitator: Outcomes")
    expect(maria.locator("[data-outcomes]")).to_contain_text("Returns and Reintegration Register")
    expect(maria.locator("[data-outcomes]")).to_contain_text("Lead: Australia · Due 30 June 2024")
    expect(maria.locator("[data-outcome-form]")).to_be_hidden()  # delegates do not record outcomes
    shot(chair, "01-console")
    shot(maria, "02-delegate-following")
    assert axe_violations(chair) == []
    assert axe_violations(maria) == []

    # The delegate looks at the agenda on their own: the banner offers the way back
    maria.get_by_role("tab", name="Agenda").click()
    banner = maria.locator("[data-follow-banner]")
    expect(banner).to_contain_text("You left the facilitator's view")
    shot(maria, "03-delegate-left")
    banner.get_by_role("button", name="Back to the facilitator").click()
    expect(maria.get_by_role("tab", name="Outcomes")).to_have_attribute("aria-selected", "true")
    expect(banner.get_by_role("button", name="Back to the facilitator")).to_be_hidden()

    # A new "follow me" brings everyone along even after they wandered off
    maria.get_by_role("tab", name="Group reports").click()
    chair.get_by_label("Bring everyone to").select_option(label="Agenda item: Opening and welcome by the co-chairs")
    chair.get_by_role("button", name="Bring everyone here").click()
    expect(maria.get_by_role("tab", name="Agenda")).to_have_attribute("aria-selected", "true")
    expect(maria.locator("[data-agenda] li.is-followed")).to_contain_text("Opening and welcome")

    # Time runs out: a gentle signal on every screen, the projector included
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    login(projector, server.url)
    projector.goto(f"{server.url}/w/{workshop['slug']}/projector")
    expect(projector.locator("[data-current-title]")).to_have_text("Returns and reintegration: country updates")
    chair.get_by_role("button", name="−1 min").click()
    chair.get_by_role("button", name="−1 min").click()
    expect(maria.locator("[data-timer]")).to_have_class(re.compile("is-finished"))
    expect(projector.locator("[data-timer-status]")).to_have_text(re.compile("Time is up"))
    expect(projector.locator("[data-outcomes-latest]")).to_contain_text("Returns and Reintegration Register")
    shot(maria, "04-delegate-time-up")
    shot(projector, "05-projector-time-up")
    assert axe_violations(projector) == []

    chair.get_by_role("button", name="Let everyone roam").click()
    expect(banner).to_be_hidden()


def test_delegations_ask_for_the_floor_and_the_facilitator_gives_it_in_order(server, api, browser, shot):
    workshop = api.workshop()
    chair = console(browser, server, workshop)
    ana = delegate(browser, server, workshop, "Ana Lopez", "Australia")
    somchai = delegate(browser, server, workshop, "Somchai K", "Thailand")
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    login(projector, server.url)
    projector.goto(f"{server.url}/w/{workshop['slug']}/projector")

    ana.get_by_role("button", name="Request to speak").click()
    expect(ana.get_by_role("button", name="Request to speak")).to_be_disabled()
    expect(ana.locator("[data-floor-note]")).to_have_text("Your delegation is number 1 in the queue.")
    somchai.get_by_role("button", name="Point of order").click()
    # A point of order goes before the speakers' list, for everyone
    queue = chair.locator("[data-floor-queue] li")
    expect(queue).to_have_count(2)
    expect(queue.first).to_contain_text("Thailand")
    expect(queue.first).to_contain_text("Point of order")
    expect(ana.locator("[data-floor-note]")).to_have_text("Your delegation is number 2 in the queue.")
    shot(chair, "01-console-queue")
    shot(ana, "02-delegate-waiting")

    chair.get_by_role("button", name="Give the floor to the next").click()
    for page in (ana, somchai, projector):
        expect(page.locator("[data-floor-speaking]")).to_contain_text("Thailand")
        expect(page.locator("[data-floor-next]")).to_contain_text("Australia")
    expect(somchai.locator("[data-floor-note]")).to_have_text("Your delegation has the floor.")
    shot(projector, "03-projector-speaker")
    assert axe_violations(somchai) == []

    queue.first.get_by_role("button", name="Give the floor").click()
    expect(ana.locator("[data-floor-speaking]")).to_contain_text("Australia")
    expect(projector.locator("[data-floor-next]")).to_have_text("Nobody is waiting.")
    chair.get_by_role("button", name="Speaker done").click()
    expect(projector.locator("[data-floor-speaking]")).to_have_text("Nobody has the floor.")
    expect(ana.get_by_role("button", name="Request to speak")).to_be_enabled()

    # Asking and withdrawing
    ana.get_by_role("button", name="Reply").click()
    expect(chair.locator("[data-floor-queue] li")).to_contain_text(["Australia"])
    ana.locator("[data-floor-queue]").get_by_role("button", name="Withdraw").click()
    expect(chair.locator("[data-floor-queue] li")).to_have_count(0)
    shot(ana, "04-delegate-after")

    # A quick yes/no: everyone is brought to the vote, and the projector shows the published chart.
    # Australia's delegate is confirmed as its voter first (she joined with the meeting's delegate code)
    chair.get_by_role("button", name="Confirm voter: Ana Lopez").click()
    expect(ana.locator("[data-voter-status]")).to_have_text("You are a confirmed voter for Australia.")
    chair.get_by_text("New poll").click()
    chair.get_by_label("Question").fill("Is the draft Forward Work Plan ready for endorsement?")
    chair.get_by_label("Method").select_option("yes_no_abstain")
    chair.get_by_role("button", name="Create poll").click()
    card = chair.locator("[data-poll]").first
    card.get_by_role("button", name="Open the vote").click()
    chair.get_by_label("Bring everyone to").select_option(
        label="Vote: Is the draft Forward Work Plan ready for endorsement?")
    chair.get_by_role("button", name="Bring everyone here").click()
    expect(ana.locator("[data-follow-banner]")).to_contain_text("Vote: Is the draft Forward Work Plan ready")
    ana.get_by_label("Yes", exact=True).check()
    ana.get_by_role("button", name="Cast ballot").click()
    expect(card).to_contain_text("1 of 1 delegations have voted")
    card.get_by_role("button", name="Close the vote").click()
    card.get_by_role("button", name="Publish the results").click()
    results = projector.locator("[data-poll-results-slot]")
    expect(results.locator("svg.poll-chart")).to_be_visible()
    expect(results).to_contain_text("Is the draft Forward Work Plan ready")
    shot(projector, "05-projector-results")
    assert axe_violations(projector) == []


def test_breakout_groups_are_built_in_the_console_and_a_rapporteur_reports_back(server, api, browser, shot):
    workshop = api.workshop(delegations=("Australia", "Philippines", "Thailand", "Indonesia"))
    chair = console(browser, server, workshop)
    ana = delegate(browser, server, workshop, "Ana Lopez", "Australia")

    create = chair.get_by_role("form", name="Create a group")
    for name, topic in [("Group A", "Reintegration support"), ("Group B", "Data sharing")]:
        create.get_by_label("Group name").fill(name)
        create.get_by_label("Topic").fill(topic)
        create.get_by_role("button", name="Create group").click()
        expect(chair.get_by_role("form", name=f"Group {name}")).to_be_visible()
    chair.once("dialog", lambda dialog: dialog.accept())  # "Deal the present member delegations…?"
    chair.get_by_role("button", name="Shuffle present delegations").click()
    group_forms = chair.locator("form.group-edit")
    expect(group_forms.nth(0).locator("input[name=delegation_ids]:checked")).to_have_count(2)
    expect(group_forms.nth(1).locator("input[name=delegation_ids]:checked")).to_have_count(2)

    # Put Australia in Group A by hand, save, then name Ana its rapporteur
    group_a = chair.get_by_role("form", name="Group Group A")
    group_a.get_by_label("Australia").check()
    group_a.get_by_role("button", name="Save group").click()
    expect(chair.get_by_role("form", name="Group Group B").get_by_label("Australia")).not_to_be_checked()
    group_a.get_by_label("Rapporteur").select_option(label="Ana Lopez · Australia")
    group_a.get_by_role("button", name="Save group").click()

    ana.get_by_role("tab", name="Group reports").click()
    report = ana.locator("[data-group-id]", has_text="Group A")
    expect(report).to_contain_text("Rapporteur: Ana Lopez")
    expect(report).to_contain_text("The rapporteur has not drafted anything yet.")
    ana.get_by_role("tab", name="Outcomes").click()
    form = ana.locator("[data-outcome-form]")
    expect(form).to_contain_text("Recorded for Group A.")
    form.get_by_label("Kind").select_option("recommendation")
    form.get_by_label("Text").fill("Pilot a shared reintegration case-management checklist.")
    form.get_by_role("button", name="Record outcome").click()
    expect(chair.locator("[data-outcomes]")).to_contain_text("Group: Group A")
    ana.get_by_role("tab", name="Group reports").click()
    expect(report).to_contain_text("Pilot a shared reintegration case-management checklist.")
    shot(chair, "01-console-groups")
    assert axe_violations(chair) == []

    # The rapporteur drafts the group's own section; the report back in plenary shows the text
    report.get_by_role("link", name="Open the draft of Group A").click()
    expect(ana.locator("[data-sync]")).to_have_attribute("data-sync", "saved")
    ana.locator(".cm-content").click()
    ana.keyboard.type("Members stressed victim-centred reintegration.", delay=10)
    expect(ana.locator("[data-sync]")).to_have_attribute("data-sync", "saved")
    ana.go_back()
    ana.get_by_role("tab", name="Group reports").click()
    report = ana.locator("[data-group-id]", has_text="Group A")
    expect(report).to_contain_text("Members stressed victim-centred reintegration.", timeout=10_000)
    shot(ana, "02-rapporteur-report-back")
    assert axe_violations(ana) == []
