"""Negotiating a section in the browser: comments on passages, an amendment proposed and accepted,
brackets holding back agreement, authorship colours, and a locked section turning read-only."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_drafting import editor_text, expect_text, facilitator_and_delegate


def select_passage(page, start: int, length: int) -> None:
    """Select `length` characters from `start` in the first line of the editor, by keyboard."""
    page.locator(".cm-content").click()
    page.keyboard.press("Control+Home")
    for _ in range(start):
        page.keyboard.press("ArrowRight")
    for _ in range(length):
        page.keyboard.press("Shift+ArrowRight")


def test_a_delegation_comments_and_proposes_an_amendment_that_the_facilitator_accepts(server, api, browser, shot):
    workshop, section_id, facilitator, maria = facilitator_and_delegate(server, api, browser)

    # A comment anchored to "participants"
    select_passage(maria, 4, 12)
    expect(maria.locator("[data-comment-quote]")).to_contain_text("participants")
    maria.get_by_role("textbox", name="Comment").fill("Should this name the member states?")
    maria.get_by_role("button", name="Add comment").click()
    thread = facilitator.locator("[data-comments] .thread")
    expect(thread).to_contain_text("Should this name the member states?")
    expect(thread.locator(".quote")).to_contain_text("participants")
    expect(thread).to_contain_text("Maria Santos (Philippines)")
    # The facilitator answers in the thread
    thread.get_by_role("button", name="Reply").click()
    expect(facilitator.locator("[data-comment-quote]")).to_contain_text("Replying to Maria Santos")
    facilitator.get_by_role("textbox", name="Comment").fill("Yes: list them in the participation paragraph.")
    facilitator.get_by_role("button", name="Add comment").click()
    expect(maria.locator("[data-comments] .thread .replies")).to_contain_text("list them in the participation")
    expect(maria.locator("[data-comments] .thread")).to_have_count(1)

    # Brackets hold back agreement, with the reason
    facilitator.get_by_label("Section status").select_option("agreed")
    expect(facilitator.locator("[data-notice]")).to_contain_text("bracketed passage")
    expect(facilitator.get_by_label("Section status")).to_have_value("drafting")

    # Philippines proposes to replace "[welcomed]"; the facilitator accepts it into the live text
    select_passage(maria, 17, 10)
    expect(maria.locator("[data-amendment-quote]")).to_contain_text("[welcomed]")
    maria.get_by_label("Replace with").fill("welcomed with appreciation")
    maria.get_by_label("Reason").fill("The report was well received.")
    maria.get_by_role("button", name="Propose amendment").click()
    proposal = facilitator.locator("[data-amendments] .amendment")
    expect(proposal).to_contain_text("Proposed")
    expect(proposal).to_contain_text("Philippines")
    shot(facilitator, "01-comment-and-amendment-proposed")
    proposal.get_by_role("button", name="Accept").click()
    for page in (facilitator, maria):
        expect_text(page, "participants welcomed with appreciation the report")
        expect(page.locator("[data-amendments] .amendment")).to_contain_text("Accepted")
        expect(page.locator("[data-bracket-count]")).to_have_text("No open brackets")
    assert editor_text(maria) == editor_text(facilitator)

    # The comment is resolved by the facilitator and leaves the open list
    thread.get_by_role("button", name="Resolve").click()
    expect(maria.locator("[data-comments] .thread")).to_have_count(0)

    # Who wrote what: Maria's words are coloured as Philippines'
    maria.locator(".cm-content").click()
    maria.keyboard.press("Control+End")
    maria.keyboard.type(" Noted by the Philippines.", delay=10)
    expect_text(facilitator, "Noted by the Philippines.")
    facilitator.get_by_label("Colour by delegation").check()
    expect(facilitator.locator('.cm-authored[title="Philippines"]').first).to_be_visible()
    expect(facilitator.locator("[data-authorship-legend]")).to_contain_text("Philippines")
    shot(facilitator, "02-authorship-colours")
    assert axe_violations(facilitator) == []

    # Locking makes the text read-only for delegates, at once
    facilitator.get_by_label("Section status").select_option("locked")
    expect(maria.locator("[data-readonly-note]")).to_contain_text("locked")
    expect(maria.locator(".cm-content")).to_have_attribute("aria-readonly", "true")
    maria.locator(".cm-content").click()
    maria.keyboard.type("Sneaked in.")
    expect(maria.locator(".section-item")).to_contain_text("Locked")
    shot(maria, "03-locked-for-the-delegate")
    assert "Sneaked in." not in editor_text(maria)
    assert "Sneaked in." not in api.get(f"/workshops/{workshop['slug']}/sections/{section_id}")["markdown"]
