"""The secretariat's export page in Chromium: choosing parts updates the preview; the print view is A4."""

import re
import subprocess

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, axe_violations, login

PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script>"


def meeting(api, title: str, city: str = "Colombo", extra: str = "") -> dict:
    workshop = api.post("/workshops", {
        "title": title, "process": "Bali Process on People Smuggling, Trafficking in Persons and Related "
        "Transnational Crime", "body": "Technical Experts Group on Returns and Reintegration", "ordinal": 3,
        "city": city, "country": "Sri Lanka", "start_date": "2020-02-13", "end_date": "2020-02-14"})
    slug = workshop["slug"]
    for name, kind, co_chair in [("Australia", "member_state", True), ("Sri Lanka", "member_state", True),
                                 ("Viet Nam" + extra, "member_state", False),
                                 ("International Organization for Migration (IOM)", "member_organisation", False),
                                 ("Canada", "observer_state", False)]:
        api.post(f"/workshops/{slug}/delegations", {"name": name, "kind": kind, "co_chair": co_chair})
    api.post(f"/workshops/{slug}/agenda", {"title": "Members' priorities" + extra, "day": 1})
    return workshop


def test_export_page_previews_the_choices_and_prints_on_a4(server, api, browser, shot):
    workshop = meeting(api, "Third Bali Process Meeting of the TEG-RR")
    page = browser.new_context().new_page()
    login(page, server.url)
    page.goto(f"{server.url}/w/{workshop['slug']}/export")
    preview = page.locator("[data-preview]")
    expect(preview).to_contain_text("Co-Chairs' Statement")
    expect(preview).to_contain_text("co-chaired by Australia and Sri Lanka")
    expect(preview.get_by_role("heading", name="Next meeting")).to_be_visible()
    shot(page, "01-export-page")
    assert axe_violations(page) == []

    page.get_by_label("Outcomes and next meeting").uncheck()
    expect(preview.get_by_role("heading", name="Next meeting")).to_have_count(0)
    expect(page.locator("[data-download=docx]")).to_have_attribute("href", re.compile(r"choose=1"))
    assert "outcomes" not in page.locator("[data-download=docx]").get_attribute("href")
    page.get_by_label("Outcomes summary").check()
    expect(preview.get_by_role("heading", name="Outcomes summary")).to_be_visible()
    shot(page, "02-outcomes-summary")

    page.goto(f"{server.url}/w/{workshop['slug']}/statement.html")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Third Meeting of the Technical Experts Group on Returns and Reintegration")
    folder = ARTIFACTS / "statement-print"
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "statement.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)", info)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / "page")], check=True)
    pages = sorted(folder.glob("page-*.png"))
    assert len(pages) == int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 1


def test_hostile_names_never_run_in_the_export_page_or_print_view(server, api, browser):
    workshop = meeting(api, "Meeting " + PAYLOAD, city=PAYLOAD, extra=" " + PAYLOAD)
    page = browser.new_context().new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, server.url)
    for path in ("export", "statement.html"):
        page.goto(f"{server.url}/w/{workshop['slug']}/{path}")
        expect(page.locator("body")).to_contain_text("alert(2)")  # shown as text
        page.wait_for_timeout(300)
        assert page.locator("img").count() == 0
        scripts = page.eval_on_selector_all("script", "nodes => nodes.map(n => n.src)")
        assert all(src.endswith("/static/dist/export.js") for src in scripts)
    assert dialogs == []
