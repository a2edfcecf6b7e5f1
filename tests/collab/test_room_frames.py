"""A room's frames on a real server (`workshop serve`): clients that upgraded from long-polling get them
like WebSocket ones, and a delegate whose laptop stops reading holds nobody up and, once it reads again,
gets a stream it can decode, every event whole and in order."""

import json
import socket
import threading
import time

import pytest
import requests
import websocket

from tests.browser.conftest import Api
from tests.collab.wire import WireClient, wait_until
from tests.servers import WorkshopServer
from tests.ypeer import YPeer

pytestmark = pytest.mark.servers
NS = "/live"


class RawClient:
    """Engine.IO and Socket.IO by hand over a WebSocket with a small receive buffer, so that it can stop
    reading and let the server's side of the connection fill up."""

    def __init__(self, url: str, token: str, section_id: int):
        self.section_id = section_id
        self.peer = YPeer(section_id)
        self.ws = websocket.create_connection(
            url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=10,
            sockopt=[(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)])
        assert self.ws.recv().startswith("0{")
        self.ws.send(f"40{NS},{json.dumps({'token': token})}")
        self.until(lambda text: text.startswith(f"40{NS},"))
        self.ws.send(f'42{NS},1["section.join",{{"section_id":{section_id}}}]')
        self.until(lambda text: text.startswith(f"43{NS},1"))
        self.ws.send(f'451-{NS},["y",{section_id},{{"_placeholder":true,"num":0}}]')
        self.ws.send_binary(self.peer.step1())

    def until(self, done) -> None:
        """Read and take packets until `done(text)` is true for a text packet."""
        while True:
            opcode, data = self.ws.recv_data()
            assert opcode == websocket.ABNF.OPCODE_TEXT, f"a binary frame without its event: {data[:40]!r}"
            text = data.decode()
            if text == "2":
                self.ws.send("3")  # Engine.IO ping
            elif text.startswith(f"451-{NS},"):
                event = json.loads(text[len(f"451-{NS},"):])
                opcode, attachment = self.ws.recv_data()
                assert opcode == websocket.ABNF.OPCODE_BINARY, f"an event's bytes are missing: {text[:80]}"
                assert event[0] == "y" and event[1] == self.section_id, event
                for reply in self.peer.receive(attachment):
                    self.ws.send(f'451-{NS},["y",{self.section_id},{{"_placeholder":true,"num":0}}]')
                    self.ws.send_binary(reply)
            if done(text):
                return


def test_a_stalled_reader_holds_nobody_up_and_gets_every_event_whole(tmp_path):
    server = WorkshopServer(tmp_path / "instance").start()
    try:
        api = Api.with_new_facilitator(server)
        workshop = api.workshop()
        slug = workshop["slug"]
        document = api.post(f"/workshops/{slug}/documents", {"title": "Forward Work Plan", "kind": "fwp"})
        section = api.post(f"/workshops/{slug}/documents/{document['id']}/sections",
                           {"heading": "Objective 1", "body": "Seed. "})
        tokens = [requests.post(f"{server.url}/api/v1/join", timeout=10, json={
            "code": workshop["join_code"], "name": name, "delegation": delegation}).json()["token"]
            for name, delegation in [("Maria", "Philippines"), ("Somchai", "Thailand"), ("Ana", "Australia")]]
        typist = WireClient(server.url, tokens[0], section["id"]).connect()
        upgraded = WireClient(server.url, tokens[1], section["id"]).connect(transports=("polling", "websocket"))
        assert upgraded.sio.transport() == "websocket"
        stalled = RawClient(server.url, tokens[2], section["id"])
        seed = section["markdown"]
        assert seed and wait_until(lambda: typist.value == upgraded.value == seed), (typist.value, upgraded.value)

        # Far more than the kernel buffers between the server and a client that does not read (7.2 MB), in
        # changes that keep the section under its length cap: each replaces the text typed before it
        chunks = [chr(ord("a") + n % 26) * 300_000 for n in range(24)]
        started = time.monotonic()
        for chunk in chunks:
            typist.replace_after(seed, chunk)
        expected = seed + chunks[-1]
        assert wait_until(lambda: upgraded.value == expected, 60), (len(upgraded.value), server.log()[-2000:])
        assert time.monotonic() - started < 30

        # It reads again while the room goes on: new frames must queue behind the ones still waiting for it
        stop = threading.Event()

        def keep_typing() -> None:
            n = 0
            while not stop.is_set():
                typist.type(f"w{n} ")
                n += 1
                time.sleep(0.005)

        thread = threading.Thread(target=keep_typing)
        thread.start()
        try:
            stalled.until(lambda _text: stalled.peer.value.startswith(expected) and len(stalled.peer.value) > len(expected) + 200)
        finally:
            stop.set()
            thread.join()
        typist.type("Done.")
        stalled.until(lambda _text: stalled.peer.value.endswith("Done."))
        assert wait_until(lambda: upgraded.value == stalled.peer.value == typist.value)
        assert upgraded.errors == [] and typist.errors == []
    finally:
        server.stop()
