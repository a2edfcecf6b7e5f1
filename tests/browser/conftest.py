"""Browser tests: a real `workshop serve` process and Debian's Chromium driven by Playwright."""

import re
from pathlib import Path

import pytest
import requests

from tests.servers import ROOT, WorkshopServer

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
FACILITATOR = ("cochair@example.org", "correct horse battery")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # The closed network refuses Chromium's background connections; these flags keep it quiet
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}, "locale": "en-GB"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One Workshop server per test module, with a facilitator account."""
    srv = WorkshopServer(tmp_path_factory.mktemp("server")).start()
    made = srv.cli("create-user", FACILITATOR[0], "--role", "facilitator", "--name", "Co-Chair Team",
                   "--password-stdin", stdin=FACILITATOR[1] + "\n")
    assert made.returncode == 0, made.stderr
    yield srv
    srv.stop()
    if srv.process.returncode not in (0, -15):
        print(srv.log())


class Api:
    """The JSON API of a running server, signed in as the facilitator."""

    def __init__(self, base_url: str):
        self.base = base_url
        response = requests.post(f"{base_url}/api/v1/session",
                                 json={"email": FACILITATOR[0], "password": FACILITATOR[1]}, timeout=10)
        response.raise_for_status()
        self.headers = {"Authorization": f"Bearer {response.json()['token']}"}

    @classmethod
    def with_new_facilitator(cls, server) -> "Api":
        """Create the facilitator's account on a fresh server (through its CLI), then sign in."""
        made = server.cli("create-user", FACILITATOR[0], "--role", "facilitator", "--password-stdin",
                          stdin=FACILITATOR[1] + "\n")
        assert made.returncode == 0, made.stderr
        return cls(server.url)

    def post(self, path: str, body: dict) -> dict:
        response = requests.post(f"{self.base}/api/v1{path}", json=body, headers=self.headers, timeout=10)
        assert response.status_code in (200, 201), response.text
        return response.json()

    def codes(self, slug: str) -> dict:
        """Each delegation's own join code, by name (staff see them)."""
        return {d["name"]: d["join_code"] for d in self.get(f"/workshops/{slug}/delegations")["delegations"]}

    def get(self, path: str) -> dict:
        response = requests.get(f"{self.base}/api/v1{path}", headers=self.headers, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def workshop(self, title: str = "Sixth Bali Process Meeting of the Technical Experts Group on Returns and "
                 "Reintegration", delegations=("Australia", "Philippines", "Thailand")) -> dict:
        workshop = self.post("/workshops", {"title": title, "city": "Bangkok", "country": "Thailand",
                                            "start_date": "2024-03-04", "end_date": "2024-03-06"})
        for name in delegations:
            self.post(f"/workshops/{workshop['slug']}/delegations", {"name": name, "kind": "member_state"})
        self.post(f"/workshops/{workshop['slug']}/delegations", {"name": "Canada", "kind": "observer_state"})
        return workshop


@pytest.fixture
def api(server) -> Api:
    return Api(server.url)


@pytest.fixture
def shot(request):
    """Save a screenshot under test-artifacts/<test>/<name>.png (look at them after a run)."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, base_url: str, email: str = FACILITATOR[0], password: str = FACILITATOR[1]) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/workshops$"))


def join_as(page, base_url: str, code: str, name: str, delegation: str) -> None:
    page.goto(f"{base_url}/join")
    page.get_by_label("Workshop code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your delegation").select_option(label=delegation)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url(re.compile(r".*/w/[^/]+$"))


def join_with_own_code(page, base_url: str, code: str, name: str) -> None:
    """Join with a delegation's own code (from its name card): only the name is asked; a confirmed voter."""
    page.goto(f"{base_url}/join")
    page.get_by_label("Workshop code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url(re.compile(r".*/w/[^/]+$"))


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, impact=("serious", "critical")) -> list:
    """Run axe-core in the page; return serious and critical violations (id, nodes)."""
    page.evaluate(Path(AXE).read_text() + "\n;void 0")  # evaluated by the driver, so the page's CSP allows it
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in result if v["impact"] in impact]
