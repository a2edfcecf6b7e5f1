"""No request holds the event loop (docs/architecture.md §11.3): on a real `workshop serve`, the redline of a large,
much-edited section, the authorship of a section written by many delegates, and every statement export
(with an 80x20 table a delegate wrote into a section) run while a probe keeps asking for the sign-in page.
The probe never waits more than 100 ms, and gevent's blocking monitor (on in that server) reports nothing."""

import contextlib
import random
import threading
import time

import pytest
import requests

from tests.browser.conftest import Api
from tests.collab.wire import WireClient, wait_until
from tests.servers import WorkshopServer

pytestmark = pytest.mark.servers

LIMIT = 0.1  # seconds: the longest the probe may wait for the sign-in page
WORDS = ["Members", "agreed", "to", "share", "good", "practices", "on", "returns", "and", "reintegration", "of",
         "migrants,", "noting", "the", "Regional", "Support", "Office", "[capacity", "building]", "Co-Chairs."]


def prose(rng: random.Random, size: int) -> str:
    paragraphs, length = [], 0
    while length < size:
        paragraph = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 90))) + "."
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def table(rows: int, columns: int) -> str:
    head = "| " + " | ".join(f"Column {c}" for c in range(columns)) + " |\n|" + "---|" * columns + "\n"
    return head + "".join("| " + " | ".join(f"Row {r} *cell* {c}" for c in range(columns)) + " |\n"
                          for r in range(rows))


class StaffClient(WireClient):
    """A facilitator's socket: staff say which workshop they connect to."""

    def __init__(self, url: str, token: str, section_id: int, slug: str):
        super().__init__(url, token, section_id)
        self.slug = slug

    def connect(self, transports=("websocket",)) -> "StaffClient":
        self.sio.connect(self.url, namespaces=["/live"], auth={"token": self.token, "workshop": self.slug},
                         transports=list(transports), wait_timeout=10)
        assert self.joined.wait(10), "the section was not joined"
        return self


class Probe:
    """GET /login again and again from a thread of its own, noting how long each answer took."""

    def __init__(self, url: str):
        self.url, self.waits, self.stopped = url, [], threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with requests.Session() as session:
            while not self.stopped.is_set():
                started = time.perf_counter()
                response = session.get(f"{self.url}/login", timeout=120)
                self.waits.append(time.perf_counter() - started)
                assert response.status_code == 200
                time.sleep(0.01)

    def during(self, job):
        """Run job() while probing; returns its result and the longest wait seen meanwhile."""
        self.waits = []
        self.stopped.clear()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert wait_until(lambda: len(self.waits) >= 3, timeout=30)
        result = job()
        seen = len(self.waits)
        assert wait_until(lambda: len(self.waits) >= seen + 3, timeout=120)
        self.stopped.set()
        self.thread.join(130)
        return result, max(self.waits)


def test_heavy_jobs_never_hold_the_event_loop(tmp_path):
    server = WorkshopServer(tmp_path / "instance", extra_env={
        "GEVENT_MONITOR_THREAD_ENABLE": "1", "GEVENT_MAX_BLOCKING_TIME": str(LIMIT)}).start()
    clients = []
    try:
        api = Api.with_new_facilitator(server)
        workshop = api.workshop()
        slug = workshop["slug"]
        rng = random.Random(12)
        statement = api.post(f"/workshops/{slug}/documents", {"title": "Co-Chairs' Statement",
                                                             "kind": "statement"})
        sections = f"/workshops/{slug}/documents/{statement['id']}/sections"
        drafted = api.post(sections, {"heading": "Proceedings", "body": prose(rng, 12_000)})
        api.post(sections, {"heading": "Activities", "body": "The activities agreed:\n\n" + table(80, 20)})
        for heading in ("Opening", "Presentations", "Discussion", "Outcomes"):
            api.post(sections, {"heading": heading, "body": prose(rng, 30_000)})

        # Six delegates and the facilitator edit the first section all over; revisions before and after
        facilitator = StaffClient(server.url, api.headers["Authorization"].split()[1], drafted["id"], slug).connect()
        clients.append(facilitator)
        before = facilitator.sio.call("section.snapshot", {"section_id": drafted["id"], "label": "Before"},
                                      namespace="/live", timeout=30)
        assert before["ok"], before
        for n, delegation in enumerate(["Australia", "Philippines", "Thailand"] * 2):
            joined = requests.post(f"{server.url}/api/v1/join", timeout=30, json={
                "code": workshop["join_code"], "name": f"Delegate {n}", "delegation": delegation}).json()
            clients.append(WireClient(server.url, joined["token"], drafted["id"]).connect())
        assert wait_until(lambda: all(c.value == drafted["markdown"] for c in clients), timeout=60)
        for _round in range(100):
            for client in clients:
                with client.lock:
                    text = client.peer.value
                    at = len(text[:rng.randrange(len(text))].encode())
                    if rng.random() < 0.3:
                        client.peer.delete(at, min(rng.randint(1, 6), len(text.encode()) - at))
                    else:
                        client.peer.insert(at, rng.choice(WORDS) + " ")
                client.send_pending()
            if _round % 20 == 19:  # a revision now and then, as a meeting saves them
                saved = facilitator.sio.call("section.snapshot", {"section_id": drafted["id"],
                                                                  "label": f"Round {_round + 1}"},
                                             namespace="/live", timeout=30)
                assert saved["ok"], saved
        assert wait_until(lambda: len({c.value for c in clients}) == 1, timeout=120)
        final = clients[0].value
        assert wait_until(lambda: api.get(f"/workshops/{slug}/sections/{drafted['id']}")["markdown"] == final,
                          timeout=60)
        after = facilitator.sio.call("section.snapshot", {"section_id": drafted["id"], "label": "After"},
                                     namespace="/live", timeout=30)
        assert after["ok"], after
        assert len(api.get(f"/workshops/{slug}/sections/{drafted['id']}/revisions")["revisions"]) == 7
        for client in clients[1:]:
            client.close()  # the facilitator stays: the section stays loaded, as in a meeting

        headers = api.headers
        base = f"{server.url}/api/v1/workshops/{slug}/sections/{drafted['id']}"
        jobs = {
            "redline to now": lambda: requests.get(
                f"{base}/redline", params={"from": before["data"]["id"]}, headers=headers, timeout=120),
            "redline between revisions": lambda: requests.get(
                f"{base}/redline", params={"from": before["data"]["id"], "to": after["data"]["id"]},
                headers=headers, timeout=120),
            "authorship": lambda: requests.get(f"{base}/authorship", headers=headers, timeout=120),
            "statement.md": lambda: requests.get(f"{server.url}/w/{slug}/statement.md", headers=headers,
                                                 timeout=120),
            "statement.html": lambda: requests.get(f"{server.url}/w/{slug}/statement.html", headers=headers,
                                                   timeout=120),
            "statement.docx": lambda: requests.get(f"{server.url}/w/{slug}/statement.docx", headers=headers,
                                                   timeout=120),
            "export preview": lambda: requests.get(f"{server.url}/w/{slug}/export/preview", headers=headers,
                                                   timeout=120),
        }
        for name, job in jobs.items():  # once each before measuring: first imports, first templates
            assert job().status_code == 200, name
        logged = len(server.log())
        probe = Probe(server.url)
        waits = {}
        for name, job in jobs.items():
            response, waits[name] = probe.during(job)
            assert response.status_code == 200, (name, response.text[:300])
            if name.startswith("redline"):
                ops = response.json()["ops"]
                old_side = "".join(o["text"] for o in ops if o["op"] != "insert")
                new_side = "".join(o["text"] for o in ops if o["op"] != "delete")
                assert old_side == drafted["markdown"] and new_side == final
                assert sum(o["op"] != "equal" for o in ops) > 100  # word by word, not one block replaced
            elif name == "authorship":
                runs = response.json()["runs"]
                assert "".join(r["text"] for r in runs) == final
                assert {r["participant_id"] for r in runs if r["participant_id"]} and len(runs) > 100
            elif name == "statement.docx":
                assert len(response.content) > 50_000
        print("longest waits:", {k: round(v, 3) for k, v in waits.items()})
        assert max(waits.values()) <= LIMIT, waits
        blocked = server.log()[logged:]
        assert "appears to be blocked" not in blocked, blocked[:4000]
    finally:
        for client in clients:
            with contextlib.suppress(Exception):  # already gone
                client.close()
        server.stop()


def test_a_job_over_its_time_is_answered_503_and_the_server_keeps_serving(tmp_path):
    server = WorkshopServer(tmp_path / "instance", extra_env={"WORKSHOP_JOB_SECONDS": "0.001"}).start()
    try:
        api = Api.with_new_facilitator(server)  # signing in hashes a password off the loop too, with no timeout
        slug = api.workshop()["slug"]
        statement = api.post(f"/workshops/{slug}/documents", {"title": "Co-Chairs' Statement",
                                                             "kind": "statement"})
        api.post(f"/workshops/{slug}/documents/{statement['id']}/sections",
                 {"heading": "Activities", "body": prose(random.Random(1), 30_000) + "\n" + table(40, 10)})
        response = requests.get(f"{server.url}/w/{slug}/statement.docx", headers=api.headers, timeout=60)
        assert response.status_code == 503, response.text[:300]
        error = response.json()["error"]
        assert error["code"] == "unavailable" and "took too long" in error["message"]
        assert requests.get(f"{server.url}/login", timeout=30).status_code == 200
    finally:
        server.stop()
