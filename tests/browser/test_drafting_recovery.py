"""The drafting page through a server killed mid-typing: nothing typed is lost, and the page says what is unsaved."""

import re
import signal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import FACILITATOR, Api
from tests.browser.test_drafting import arrange, editor_text, expect_text, joined, open_document
from tests.servers import PostgresServer, WorkshopServer

# Dispatches a cancelable beforeunload, as the browser does when the tab is closed
LEAVING_IS_HELD_BACK = """() => {
  const event = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}"""


@pytest.fixture
def own_server(tmp_path):
    """A server this test may kill and start again on the same port and database."""
    srv = WorkshopServer(tmp_path / "instance").start()
    made = srv.cli("create-user", FACILITATOR[0], "--role", "facilitator", "--name", "Co-Chair Team",
                   "--password-stdin", stdin=FACILITATOR[1] + "\n")
    assert made.returncode == 0, made.stderr
    yield srv
    srv.stop()


def test_typing_while_the_server_is_down_is_kept_counted_and_saved_when_it_is_back(own_server, browser, shot):
    api = Api(own_server.url)
    workshop, document_id, section_id = arrange(api)
    maria = joined(browser, own_server, workshop["join_code"], "Maria Santos", "Philippines")
    open_document(maria, own_server.url, workshop["slug"], document_id)
    maria.locator(".cm-content").click()
    maria.keyboard.press("Control+End")
    maria.keyboard.type(" Typed online.", delay=10)
    expect(maria.locator("[data-sync]")).to_have_attribute("data-sync", "saved")
    assert maria.evaluate(LEAVING_IS_HELD_BACK) is False

    own_server.stop(signal.SIGKILL)
    expect(maria.locator("[data-sync]")).to_have_attribute("data-sync", "offline", timeout=10_000)
    maria.keyboard.type(" Typed offline.", delay=10)
    status = maria.locator("[data-sync-text]")
    expect(status).to_have_text(re.compile(r"Offline: \d+ unsaved changes?"))
    unsaved = int(re.search(r"(\d+) unsaved", status.inner_text()).group(1))
    assert unsaved >= 1
    # Closing the tab now would lose them: the page asks first
    assert maria.evaluate(LEAVING_IS_HELD_BACK) is True
    shot(maria, "01-offline-with-unsaved-changes")

    own_server.start()
    expect(maria.locator("[data-sync]")).to_have_attribute("data-sync", "saved", timeout=20_000)
    assert maria.evaluate(LEAVING_IS_HELD_BACK) is False
    text = editor_text(maria)
    assert text.endswith("Office. Typed online. Typed offline.")
    assert text.count("Typed online.") == 1
    api = Api(own_server.url)
    expect_text(maria, "Typed offline.")
    # The restarted server has everything, once: the mirror equals what the delegate sees
    mirror = api.get(f"/workshops/{workshop['slug']}/sections/{section_id}")["markdown"]
    assert mirror == text
    shot(maria, "02-back-online-all-saved")


@pytest.fixture
def server_on_postgres(tmp_path):
    """A server over a PostgreSQL this test may take away and bring back, the socket staying open."""
    postgres = PostgresServer(tmp_path / "pg").start()
    srv = WorkshopServer(tmp_path / "instance", extra_env={
        "WORKSHOP_DATABASE_URL": postgres.url, "WORKSHOP_COLLAB_SAVE_TIMEOUT": "2"}).start()
    made = srv.cli("create-user", FACILITATOR[0], "--role", "facilitator", "--name", "Co-Chair Team",
                   "--password-stdin", stdin=FACILITATOR[1] + "\n")
    assert made.returncode == 0, made.stderr
    yield srv, postgres
    srv.stop()
    postgres.stop()


def test_changes_typed_while_the_database_is_away_are_saved_when_it_is_back(server_on_postgres, browser, shot):
    server, postgres = server_on_postgres
    workshop, document_id, section_id = arrange(Api(server.url))
    maria = joined(browser, server, workshop["join_code"], "Maria Santos", "Philippines")
    open_document(maria, server.url, workshop["slug"], document_id)
    maria.locator(".cm-content").click()
    maria.keyboard.press("Control+End")
    postgres.halt()
    maria.keyboard.type(" Typed while the database was away.", delay=10)
    status = maria.locator("[data-sync]")
    # The room has the text (the socket is up) but the server cannot store it: the page does not say saved
    expect(status).to_have_attribute("data-sync", "saving")
    maria.wait_for_timeout(4000)  # past the server's two-second wait for its writer: the ack said "not stored"
    expect(status).to_have_attribute("data-sync", "saving")
    assert maria.evaluate(LEAVING_IS_HELD_BACK) is True
    shot(maria, "03-database-away-changes-not-saved")

    postgres.resume()
    # Nobody types any more: the page sends its changes again by itself, and they are stored
    expect(status).to_have_attribute("data-sync", "saved", timeout=40_000)
    assert maria.evaluate(LEAVING_IS_HELD_BACK) is False
    mirror = Api(server.url).get(f"/workshops/{workshop['slug']}/sections/{section_id}")["markdown"]
    assert mirror.endswith("Office. Typed while the database was away.")
    assert mirror == editor_text(maria)
