"""Live co-editing in real Chromium: two delegates type into one section at once, an observer only follows,
and a facilitator restores a revision under everyone's open editors."""

import re

import requests
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, join_as, login

OPENING = "The participants [welcomed] the report of the Regional Support Office."


# The editor's lines without the remote cursor widgets drawn inside them
TEXT_OF_LINES = """() => Array.from(document.querySelectorAll(".cm-content .cm-line")).map((line) => {
  const copy = line.cloneNode(true);
  copy.querySelectorAll(".cm-ySelectionCaret, .cm-widgetBuffer").forEach((node) => node.remove());
  return copy.textContent;
}).join("\\n")"""


def editor_text(page) -> str:
    return page.evaluate(TEXT_OF_LINES)


def expect_text(page, fragment: str, present: bool = True, timeout: float = 10_000) -> None:
    """Wait until the editor's text (cursor labels aside) holds, or no longer holds, `fragment`."""
    page.wait_for_function(f"(fragment) => ({TEXT_OF_LINES})().includes(fragment) === {str(present).lower()}",
                           arg=fragment, timeout=timeout)


def joined(browser, server, code: str, name: str, delegation: str):
    """A new laptop (browser context) on which `name` has joined with the code."""
    page = browser.new_context().new_page()
    join_as(page, server.url, code, name, delegation)
    return page


def open_document(page, base_url: str, slug: str, document_id: int) -> None:
    page.goto(f"{base_url}/w/{slug}/documents/{document_id}")
    expect(page.locator("[data-sync]")).to_have_attribute("data-sync", "saved")
    expect_text(page, "Regional Support Office")


def arrange(api) -> tuple[dict, int, int]:
    workshop = api.workshop()
    document = api.post(f"/workshops/{workshop['slug']}/documents",
                        {"title": "Co-chairs' statement", "kind": "statement"})
    section = api.post(f"/workshops/{workshop['slug']}/documents/{document['id']}/sections",
                       {"heading": "Proceedings", "body": OPENING})
    return workshop, document["id"], section["id"]


def facilitator_and_delegate(server, api, browser):
    """A fresh statement section open on the facilitator's laptop and on Maria's (Philippines)."""
    workshop, document_id, section_id = arrange(api)
    facilitator = browser.new_context().new_page()
    login(facilitator, server.url)
    open_document(facilitator, server.url, workshop["slug"], document_id)
    maria = joined(browser, server, workshop["join_code"], "Maria Santos", "Philippines")
    open_document(maria, server.url, workshop["slug"], document_id)
    return workshop, section_id, facilitator, maria


def test_two_delegates_type_at_once_and_each_sees_the_others_text_and_cursor(server, api, browser, shot):
    workshop, document_id, section_id = arrange(api)
    maria = joined(browser, server, workshop["join_code"], "Maria Santos", "Philippines")
    somchai = joined(browser, server, workshop["join_code"], "Somchai Wong", "Thailand")
    # The delegate room links to the drafting pages
    maria.get_by_role("link", name="Drafting").click()
    expect(maria.get_by_role("heading", name="Documents")).to_be_visible()
    assert axe_violations(maria) == []
    maria.get_by_role("link", name="Co-chairs' statement").click()
    expect(maria.locator("[data-sync]")).to_have_attribute("data-sync", "saved")
    open_document(somchai, server.url, workshop["slug"], document_id)
    expect(maria.locator("[data-bracket-count]")).to_have_text("1 bracketed passage open")

    # Each puts the cursor at a different place and both type, keystrokes interleaved
    maria.locator(".cm-content").click()
    maria.keyboard.press("Control+End")
    somchai.locator(".cm-content").click()
    somchai.keyboard.press("Control+Home")
    for word in ["Delegates ", "noted ", "[with ", "appreciation] ", "the ", "progress. "]:
        maria.keyboard.type(word.upper(), delay=15)
        somchai.keyboard.type(word, delay=15)

    for page in (maria, somchai):
        expect_text(page, "DELEGATES NOTED [WITH APPRECIATION] THE PROGRESS.")
        expect_text(page, "Delegates noted [with appreciation] the progress.")
        expect(page.locator("[data-sync]")).to_have_attribute("data-sync", "saved")
    # Each sees the other's cursor, labelled with the person's name and delegation
    expect(maria.locator(".cm-ySelectionInfo", has_text="Somchai Wong (Thailand)")).to_be_visible()
    expect(somchai.locator(".cm-ySelectionInfo", has_text="Maria Santos (Philippines)")).to_be_visible()
    expect(maria.locator("[data-here]")).to_contain_text("Somchai Wong (Thailand)")
    expect(maria.locator("[data-bracket-count]")).to_have_text("3 bracketed passages open")
    shot(maria, "01-maria-typing-with-somchai")
    shot(somchai, "02-somchai-typing-with-maria")

    text = editor_text(maria)
    assert text == editor_text(somchai)
    assert text.startswith("Delegates noted [with appreciation] the progress. The participants")
    assert text.endswith("Office.DELEGATES NOTED [WITH APPRECIATION] THE PROGRESS. ")
    # The server's Markdown mirror holds the same text
    mirror = api.get(f"/workshops/{workshop['slug']}/sections/{section_id}")
    assert mirror["markdown"] == text
    assert mirror["brackets"] == 3

    # Undo takes back only one's own typing
    somchai.locator(".cm-content").click()
    for _ in range(12):
        somchai.keyboard.press("Control+z")
    expect_text(maria, "Delegates noted [with appreciation] the progress.", present=False)
    expect_text(maria, "DELEGATES NOTED [WITH APPRECIATION] THE PROGRESS.")
    assert axe_violations(maria) == []


def test_an_observer_sees_the_text_live_but_cannot_change_it(server, api, browser, shot):
    workshop, document_id, section_id = arrange(api)
    delegate = joined(browser, server, workshop["join_code"], "Maria Santos", "Philippines")
    observer = joined(browser, server, workshop["observer_code"], "Jean Tremblay", "Canada")
    open_document(delegate, server.url, workshop["slug"], document_id)
    open_document(observer, server.url, workshop["slug"], document_id)
    expect(observer.locator("[data-readonly-note]")).to_contain_text("Read only")
    expect(observer.locator(".cm-content")).to_have_attribute("aria-readonly", "true")

    observer.locator(".cm-content").click()
    observer.keyboard.press("Control+End")
    observer.keyboard.type(" Observers rewrite this.")
    delegate.locator(".cm-content").click()
    delegate.keyboard.press("Control+End")
    delegate.keyboard.type(" Agreed.")
    expect_text(observer, "Office. Agreed.")
    shot(observer, "01-observer-read-only")
    assert "Observers rewrite" not in editor_text(observer)
    assert "Observers rewrite" not in editor_text(delegate)
    section = requests.get(f"{server.url}/api/v1/workshops/{workshop['slug']}/sections/{section_id}",
                           headers=api.headers, timeout=10).json()
    assert section["markdown"] == OPENING + " Agreed."
    assert re.search(r"Jean Tremblay \(Canada\)", observer.locator("[data-here]").inner_text())
    assert axe_violations(observer) == []


def test_restoring_a_revision_replaces_the_text_in_every_open_editor_without_merging_old_edits(
        server, api, browser, shot):
    workshop, section_id, facilitator, maria = facilitator_and_delegate(server, api, browser)

    facilitator.get_by_label("Revision label").fill("Rev.1")
    facilitator.get_by_role("button", name="Save revision").click()
    expect(facilitator.locator("[data-revisions]")).to_contain_text("Rev.1")
    expect(maria.locator("[data-revisions]")).to_contain_text("Rev.1")

    maria.locator(".cm-content").click()
    maria.keyboard.press("Control+End")
    maria.keyboard.type(" Later words to drop.", delay=10)
    expect_text(facilitator, "Later words to drop.")
    # The redline between Rev.1 and now shows the insertion, word by word
    facilitator.get_by_role("button", name="Show changes").click()
    expect(facilitator.locator("[data-redline] ins")).to_contain_text("Later words to drop.")
    shot(facilitator, "01-redline-rev1-to-now")

    facilitator.once("dialog", lambda dialog: dialog.accept())
    facilitator.locator("[data-revisions] li", has_text="Rev.1").get_by_role("button", name="Restore").click()
    for page in (facilitator, maria):
        expect_text(page, "Later words to drop.", present=False)
        expect(page.locator("[data-sync]")).to_have_attribute("data-sync", "saved")
    expect(maria.locator("[data-notice]")).to_contain_text("restored to an earlier revision")
    # Maria's editor works on the restored text, and her old copy did not come back
    maria.locator(".cm-content").click()
    maria.keyboard.press("Control+End")
    maria.keyboard.type(" After the restore.", delay=10)
    expect_text(facilitator, "Office. After the restore.")
    expect(maria.locator("[data-sync]")).to_have_attribute("data-sync", "saved")
    shot(maria, "02-delegate-after-restore")
    mirror = api.get(f"/workshops/{workshop['slug']}/sections/{section_id}")["markdown"]
    assert mirror == editor_text(maria) == editor_text(facilitator)
    assert "Later words to drop." not in mirror


PASTE = """(text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  document.querySelector(".cm-content").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}"""


def test_a_change_too_large_to_send_is_taken_back_and_the_writer_told_to_paste_in_parts(server, api, browser):
    workshop, section_id, facilitator, maria = facilitator_and_delegate(server, api, browser)
    maria.locator(".cm-content").click()
    maria.keyboard.press("Control+End")
    maria.evaluate(PASTE, "Huge annex. " * 100_000)  # 1.2 MB in one paste
    expect(maria.locator("[data-notice]")).to_contain_text(
        "This change is too large to send at once (over 1 MiB): paste it in parts.")
    expect(maria.locator("[data-sync]")).to_have_attribute("data-sync", "saved")
    assert "Huge annex." not in editor_text(maria)
    # Nothing was sent: the writer goes on, and the others see the next, small change only
    maria.locator(".cm-content").click()
    maria.keyboard.press("Control+End")
    maria.keyboard.type(" Small part.", delay=10)
    expect_text(facilitator, "Office. Small part.")
    expect(maria.locator("[data-sync]")).to_have_attribute("data-sync", "saved")
    mirror = api.get(f"/workshops/{workshop['slug']}/sections/{section_id}")
    assert mirror["markdown"] == OPENING + " Small part."
