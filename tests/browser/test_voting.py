"""A facilitator runs a dot vote; two delegations vote on their laptops; the published chart shows."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, join_as, join_with_own_code, login

OPTIONS = ["Reintegration data sharing", "Joint return training", "Regional referral guidelines"]


def add_dots(page, option: str, times: int) -> None:
    for _ in range(times):
        page.get_by_role("button", name=f"One more dot for {option}").click()


def test_facilitator_runs_a_dot_vote_and_the_room_sees_the_published_chart(server, api, browser, shot):
    workshop = api.workshop()
    facilitator = browser.new_context().new_page()
    login(facilitator, server.url)
    facilitator.goto(f"{server.url}/w/{workshop['slug']}/console")
    expect(facilitator.locator("[data-conn]")).to_have_attribute("data-state", "online")

    # Australia's head of delegation joins with the code on its name card: a confirmed voter at once.
    # Thailand's delegate joins with the meeting's delegate code: the facilitator confirms him in one click
    anna = browser.new_context().new_page()
    join_with_own_code(anna, server.url, api.codes(workshop["slug"])["Australia"], "Anna Lee")
    expect(anna.locator("[data-voter-status]")).to_have_text("You are a confirmed voter for Australia.")
    somchai = browser.new_context().new_page()
    join_as(somchai, server.url, workshop["join_code"], "Somchai Wong", "Thailand")
    expect(somchai.locator("[data-voter-status]")).to_contain_text("You are not a confirmed voter for Thailand")
    facilitator.get_by_role("button", name="Confirm voter: Somchai Wong").click()
    expect(facilitator.get_by_role("button", name="Voter ✓ Somchai Wong: withdraw")).to_have_attribute("aria-pressed", "true")
    expect(somchai.locator("[data-voter-status]")).to_have_text("You are a confirmed voter for Thailand.")

    facilitator.get_by_text("New poll").click()
    facilitator.get_by_label("Question").fill("Which FWP activities should the TEG prioritise?")
    facilitator.get_by_label("Dots per ballot").fill("3")
    facilitator.get_by_label("At most per option").fill("2")
    facilitator.get_by_label("Options, one per line").fill("\n".join(OPTIONS))
    shot(facilitator, "01-new-poll")
    assert axe_violations(facilitator) == []
    facilitator.get_by_role("button", name="Create poll").click()
    card = facilitator.locator("[data-poll]").first
    expect(card).to_contain_text("Draft")
    # A draft with a typo is taken back before anyone sees it (the browser asks first); the form stays open
    facilitator.get_by_label("Question").fill("Which FWP activites? (typo)")
    facilitator.get_by_label("Options, one per line").fill("\n".join(OPTIONS))
    facilitator.get_by_role("button", name="Create poll").click()
    typo = facilitator.locator("[data-poll]", has_text="(typo)")
    expect(typo).to_contain_text("Draft")
    facilitator.once("dialog", lambda dialog: dialog.accept())
    typo.get_by_role("button", name="Remove the draft “Which FWP activites? (typo)”").click()
    expect(typo).to_have_count(0)
    expect(facilitator.locator("[data-poll]")).to_have_count(1)
    card.get_by_role("button", name="Open the vote").click()
    expect(card).to_contain_text("0 of 2 delegations have voted")  # those with a confirmed voter at the opening

    # Australia: two dots on data sharing, one on training; the cap stops a third on one option
    add_dots(anna, OPTIONS[0], 2)
    expect(anna.get_by_role("button", name=f"One more dot for {OPTIONS[0]}")).to_be_disabled()
    add_dots(anna, OPTIONS[1], 1)
    expect(anna.get_by_text("0 of 3 dots left")).to_be_visible()
    shot(anna, "02-ballot-filled")
    assert axe_violations(anna) == []
    anna.get_by_role("button", name="Cast ballot").click()
    expect(anna.get_by_text("Your delegation's ballot is in (cast by you)")).to_be_visible()

    # Thailand: two on training, one on referral guidelines
    add_dots(somchai, OPTIONS[1], 2)
    add_dots(somchai, OPTIONS[2], 1)
    somchai.get_by_role("button", name="Cast ballot").click()
    expect(somchai.get_by_text("Your delegation's ballot is in")).to_be_visible()

    expect(card).to_contain_text("2 of 2 delegations have voted")
    electors = card.locator("[data-electors] li")
    expect(electors).to_have_text([re.compile(r"Australia: Anna Lee\s*voted"), re.compile(r"Thailand: Somchai Wong\s*voted")])
    shot(facilitator, "03-console-turnout")
    card.get_by_role("button", name="Close the vote").click()
    expect(card.locator("svg.poll-chart")).to_be_visible()  # staff see the results at close
    expect(anna.locator("svg.poll-chart")).to_have_count(0)  # the room waits for publication
    card.get_by_role("button", name="Publish the results").click()
    expect(card).to_contain_text("Results published")

    for page in (anna, somchai):
        chart = page.locator("svg.poll-chart")
        expect(chart).to_be_visible()
        expect(chart).to_contain_text("Joint return training")
    rows = anna.locator(".poll-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(re.compile(r"1\s*Joint return training\s*3"))
    expect(rows.nth(1)).to_contain_text(re.compile(r"2\s*Reintegration data sharing\s*2"))
    expect(anna.locator(".poll-table caption")).to_contain_text("Dot voting · 2 of 2 voted")
    shot(anna, "04-room-published-results")
    shot(facilitator, "05-console-published")
    assert axe_violations(anna) == []
    assert axe_violations(facilitator) == []

    # A ranking by keyboard: focus stays on the option being moved, so Enter moves it again
    facilitator.get_by_label("Question").fill("Rank the three activities")
    facilitator.get_by_label("Method").select_option("ranking")
    facilitator.get_by_label("Options, one per line").fill("\n".join(OPTIONS))
    facilitator.get_by_role("button", name="Create poll").click()
    ranking = facilitator.locator("[data-poll]", has_text="Rank the three activities")
    ranking.get_by_role("button", name="Open the vote").click()
    up = anna.get_by_role("button", name=f"Move {OPTIONS[2]} up")
    up.focus()
    anna.keyboard.press("Enter")
    expect(up).to_be_focused()
    anna.keyboard.press("Enter")
    expect(anna.locator(".ballot-ranking li .option-text")).to_have_text([OPTIONS[2], OPTIONS[0], OPTIONS[1]])
    anna.get_by_role("button", name="Cast ballot").click()
    expect(ranking).to_contain_text("1 of 2 delegations have voted")
    shot(anna, "06-ranking-cast")
