"""Restart durability: SIGKILL the server while delegates type; start it again; nothing lost or doubled."""

import signal
import sqlite3
import threading
import time

import pytest
import requests

from tests.browser.conftest import Api
from tests.collab.wire import WireClient, wait_until
from tests.servers import WorkshopServer

pytestmark = pytest.mark.servers


def start_server(path, port=None) -> WorkshopServer:
    server = WorkshopServer(path, **({"port": port} if port else {}))
    return server.start()


def test_a_killed_server_loses_nothing_the_clients_typed(tmp_path):
    server = start_server(tmp_path / "instance")
    api = Api.with_new_facilitator(server)
    workshop = api.workshop()
    document = api.post(f"/workshops/{workshop['slug']}/documents", {"title": "Forward Work Plan", "kind": "fwp"})
    section = api.post(f"/workshops/{workshop['slug']}/documents/{document['id']}/sections",
                       {"heading": "Objective 1", "body": "Seed. "})
    tokens = [requests.post(f"{server.url}/api/v1/join", timeout=10, json={
        "code": workshop["join_code"], "name": name, "delegation": delegation}).json()["token"]
        for name, delegation in [("Maria", "Philippines"), ("Somchai", "Thailand")]]
    clients = [WireClient(server.url, token, section["id"]).connect() for token in tokens]
    typed = {0: [], 1: []}
    stop = threading.Event()

    def typist(index: int) -> None:
        n = 0
        while not stop.is_set():
            word = f"w{index}x{n} "
            clients[index].type(word)
            typed[index].append(word)
            n += 1
            time.sleep(0.02)

    threads = [threading.Thread(target=typist, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1.0)
        server.stop(signal.SIGKILL)  # mid-typing, with the writer's batch in flight
        time.sleep(0.5)  # they keep typing offline
        restarted = start_server(server.instance_path, server.port)
        assert wait_until(lambda: all(c.joined.is_set() for c in clients), 30), "clients did not reconnect"
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    for client in clients:
        client.send_pending()
    expected = len(section["markdown"]) + sum(len("".join(w)) for w in typed.values())
    assert wait_until(lambda: clients[0].value == clients[1].value and len(clients[0].value) == expected), (
        len(clients[0].value), len(clients[1].value), expected, clients[0].errors, clients[1].errors,
        restarted.log()[-3000:])
    text = clients[0].value
    for words in typed.values():
        assert len(words) > 10
        for word in words:
            assert text.count(word) == 1, f"{word!r} lost or doubled"

    def stored() -> str:
        return api.get(f"/workshops/{workshop['slug']}/sections/{section['id']}")["markdown"]

    def persisted() -> str:
        # the stored mirror, not the live replica the API answers from: it is written with the log
        with sqlite3.connect(server.instance_path / "workshop.sqlite3") as db:
            return db.execute("SELECT markdown FROM section WHERE id = ?", (section["id"],)).fetchone()[0]

    # once the stored mirror has caught up (same transaction as the log), a second kill loses nothing
    assert stored() == text
    assert wait_until(lambda: persisted() == text, 20)
    for client in clients:
        client.close()
    restarted.stop(signal.SIGKILL)
    again = start_server(server.instance_path, server.port)
    try:
        assert stored() == text
        fresh = WireClient(again.url, tokens[0], section["id"]).connect()
        assert wait_until(lambda: fresh.value == text, 10)
        fresh.close()
    finally:
        again.stop(signal.SIGKILL)
