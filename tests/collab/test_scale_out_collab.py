"""Co-editing across two processes (docs/architecture.md §7 rule 8): PostgreSQL, Redis, a client on each process."""

import threading
import time

import pytest
import requests

from tests.collab.wire import WireClient, wait_until
from tests.test_scale_out import FACILITATOR, backends, two_processes  # noqa: F401

pytestmark = pytest.mark.servers


def test_clients_on_two_processes_converge_and_a_late_joiner_on_either_gets_everything(two_processes):  # noqa: F811
    first, second = two_processes
    token = requests.post(f"{first.url}/api/v1/session", json={"email": FACILITATOR[0], "password": FACILITATOR[1]},
                          timeout=10).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    workshop = requests.post(f"{first.url}/api/v1/workshops", headers=headers, timeout=10,
                             json={"title": "Drafting session of the TEG-RR"}).json()
    slug = workshop["slug"]
    for name in ("Philippines", "Thailand"):
        requests.post(f"{first.url}/api/v1/workshops/{slug}/delegations", headers=headers,
                      json={"name": name}, timeout=10).raise_for_status()
    document = requests.post(f"{first.url}/api/v1/workshops/{slug}/documents", headers=headers, timeout=10,
                             json={"title": "Forward Work Plan", "kind": "fwp"}).json()
    section = requests.post(f"{second.url}/api/v1/workshops/{slug}/documents/{document['id']}/sections",
                            headers=headers, timeout=10, json={"heading": "Objective 1", "body": "Seed."}).json()

    def delegate(server, name, delegation) -> WireClient:
        joined = requests.post(f"{server.url}/api/v1/join", timeout=10, json={
            "code": workshop["join_code"], "name": name, "delegation": delegation}).json()
        return WireClient(server.url, joined["token"], section["id"]).connect()

    maria = delegate(first, "Maria", "Philippines")
    somchai = delegate(second, "Somchai", "Thailand")
    clients = [maria, somchai]
    try:
        words = {0: [f"m{i} " for i in range(40)], 1: [f"s{i} " for i in range(40)]}

        def typist(index: int) -> None:
            for word in words[index]:
                clients[index].type(word)
                time.sleep(0.01)

        threads = [threading.Thread(target=typist, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        expected = len("Seed.") + sum(len("".join(w)) for w in words.values())
        assert wait_until(lambda: maria.value == somchai.value and len(maria.value) == expected, 45), \
            str((len(maria.value), len(somchai.value), expected, maria.frames_out, maria.frames_in, somchai.frames_out, somchai.frames_in))
        text = maria.value
        assert all(text.count(w) == 1 for ws in words.values() for w in ws)
        maria.set_awareness({"user": {"name": "Maria", "color": "#b35900"}})
        assert wait_until(lambda: maria.peer.doc.client_id in somchai.peers(), 10)
        # late joiners on either process: the replica there answers their step 1 with everything
        for server in (first, second):
            late = delegate(server, f"Late on {server.port}", "Thailand")
            clients.append(late)
            assert wait_until(lambda late=late: late.value == text, 10)
            assert wait_until(lambda late=late: maria.peer.doc.client_id in late.peers(), 10)
        for server in (first, second):
            stored = lambda server=server: requests.get(  # noqa: E731
                f"{server.url}/api/v1/workshops/{slug}/sections/{section['id']}", headers=headers,
                timeout=10).json()["markdown"]
            assert wait_until(lambda stored=stored: stored() == text, 10)
        maria.close()
        clients.remove(maria)
        assert wait_until(lambda: all(maria.peer.doc.client_id not in c.peers() for c in clients), 10)
    finally:
        for client in clients:
            client.close()
