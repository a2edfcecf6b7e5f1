"""The fuzz over the production transport: `workshop serve` (gevent, WebSocket) and real Socket.IO clients.
Fewer events than tests/live/test_fuzz.py, which covers the handlers through the test client; here every
answer travels the wire, `y` frames go as binary attachments, and some packets are broken by hand."""

import json
import time
from collections import Counter

import pytest
import requests
import socketio
import websocket
from sqlalchemy import create_engine, select

from tests.browser.conftest import Api
from tests.collab.wire import _receive_in_order
from tests.live.fuzzing import MAY_SUCCEED, Fuzzer, action_names, check_ack, short, snapshot
from tests.servers import WorkshopServer
from workshop.collab.protocol import sync_step2
from workshop.extensions import socketio as registry
from workshop.models.base import Base

pytestmark = pytest.mark.servers
NS = "/live"
SEED = 20261203
EVENTS = 500
FRAMES = 250
TIMEOUT = 30  # an ack later than this counts as none (the machine may be loaded)


class Client:
    def __init__(self, url: str, auth: dict):
        self.sio = socketio.Client(reconnection=False)
        _receive_in_order(self.sio)
        self.sio.connect(url, namespaces=[NS], auth=auth, transports=["websocket"], wait_timeout=10)

    def call(self, event: str, args: tuple):
        try:
            return self.sio.call(event, args, namespace=NS, timeout=TIMEOUT)
        except socketio.exceptions.TimeoutError:
            raise AssertionError(f"{event} with {short(args)!r:.3000}: no ack within {TIMEOUT} s "
                                 f"(connected: {self.sio.connected})") from None

    def ok(self, event: str, data: dict):
        ack = self.call(event, (data,))
        assert ack["ok"], (event, ack)
        return ack["data"]


class RawSocket:
    """Engine.IO and Socket.IO packets written by hand, to send what no client library would."""

    def __init__(self, url: str, token: str):
        self.ws = websocket.create_connection(url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
                                              timeout=TIMEOUT)
        assert self.ws.recv().startswith("0{")
        self.ws.send(f"40{NS},{json.dumps({'token': token})}")
        assert self.until(lambda text: text.startswith(f"40{NS},"), time.monotonic() + TIMEOUT)

    def until(self, done, deadline: float) -> str | None:
        """The first text packet for which `done(text)` holds; None if none came before the deadline."""
        while time.monotonic() < deadline:
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                opcode, data = self.ws.recv_data()
            except websocket.WebSocketTimeoutException:
                return None
            if opcode != websocket.ABNF.OPCODE_TEXT:
                continue
            text = data.decode()
            if text == "2":
                self.ws.send("3")
            elif done(text):
                return text
        return None

    def state(self, wait: float) -> str:
        """"answers" an action, "closed" by the server, or "waits" (for attachments it was promised)."""
        try:
            self.ws.send(f'42{NS},999["section.leave",{{}}]')
            reply = self.until(lambda text: text.startswith(f"43{NS},999"), time.monotonic() + wait)
        except (websocket.WebSocketException, OSError):
            return "closed"
        if reply is None:
            return "waits"
        assert json.loads(reply[len(f"43{NS},999"):])[0]["ok"] is False, reply
        return "answers"


# Socket.IO packets no client library sends: broken JSON, vast nesting, wrong attachment counts
RAW_PACKETS = [
    [f'42{NS},1["comment.add",' + "[" * 100_000 + "]" * 100_000 + "]"],
    [f'42{NS},2["comment.add",' + '{"a":' * 50_000 + "1" + "}" * 50_000 + "]"],
    [f'42{NS},3["comment.add",{{'],
    [f"42{NS},4[]"],
    [f"42{NS},5[7,{{}}]"],
    [f'42{NS},6"comment.add"'],
    [f'42{NS},7["comment.add",{{"section_id":1}},NaN]'],
    [f'451-{NS},8["y",1,{{"_placeholder":true,"num":5}}]', b"\x00\x00\x01\x00"],
    [f'452-{NS},9["y",1,{{"_placeholder":true,"num":0}}]', b"\x00\x00\x01\x00"],
    [f'451-{NS},10["y",{{"_placeholder":true,"num":0}},{{"_placeholder":true,"num":0}}]', b"\x01"],
    [f'45x-{NS},11["y",1]'],
    ["4" + "9" * 30],
    ["9"],
    [b"\x00\x01\x02"],
]


def test_malformed_events_frames_and_packets_over_the_wire(app, tmp_path):
    names = action_names(registry)
    server = WorkshopServer(tmp_path / "instance").start()
    try:
        api = Api.with_new_facilitator(server)
        workshop = api.workshop()
        slug = workshop["slug"]
        document = api.post(f"/workshops/{slug}/documents", {"title": "Forward Work Plan", "kind": "fwp"})
        section = api.post(f"/workshops/{slug}/documents/{document['id']}/sections",
                           {"heading": "Objective 1", "body": "Seed text to keep."})
        locked = api.post(f"/workshops/{slug}/documents/{document['id']}/sections",
                          {"heading": "Locked", "body": "Agreed text."})

        def token(code: str, name: str, delegation: str) -> str:
            response = requests.post(f"{server.url}/api/v1/join", timeout=TIMEOUT, json={
                "code": code, "name": name, "delegation": delegation})
            assert response.status_code == 201, response.text
            return response.json()["token"]

        staff = Client(server.url, {"token": api.headers["Authorization"].split()[1], "workshop": slug})
        staff.ok("section.set_status", {"section_id": locked["id"], "status": "locked"})
        voter_token = token(workshop["join_code"], "Maria", "Philippines")
        voter = Client(server.url, {"token": voter_token})
        if "participant.set_voter" in names:  # where staff confirm who votes (docs/architecture.md §3)
            me = requests.get(f"{server.url}/api/v1/workshops/{slug}", timeout=TIMEOUT,
                              headers={"Authorization": f"Bearer {voter_token}"}).json()["me"]
            staff.ok("participant.set_voter", {"participant_id": me["id"], "voter": True})
        poll = staff.ok("poll.create", {"title": "Priorities", "method": "single", "options": ["One", "Two"]})
        staff.ok("poll.open", {"poll_id": poll["id"]})
        voter.ok("poll.vote", {"poll_id": poll["id"], "ballot": {"choice": poll["options"][0]["id"]}})
        voter.ok("comment.add", {"section_id": section["id"], "body": "A comment to keep."})
        staff.ok("outcome.add", {"kind": "agreement", "text": "The meeting agreed the FWP."})
        staff.ok("section.join", {"section_id": section["id"]})
        senders = {
            "delegate-australia": Client(server.url, {"token": token(workshop["join_code"], "Ana", "Australia")}),
            "delegate-thailand": Client(server.url, {"token": token(workshop["join_code"], "Somchai", "Thailand")}),
            "observer-canada": Client(server.url, {"token": token(workshop["observer_code"], "Claire", "Canada")}),
        }
        raw_token = token(workshop["join_code"], "Raw", "Thailand")

        database = create_engine("sqlite:///" + str(tmp_path / "instance" / "workshop.sqlite3"))

        def stored() -> dict:
            # Everything taken so far is stored once an empty step 2 from an editor is acked (docs/architecture.md §7)
            ack = staff.call("y", (section["id"], sync_step2(b"\x00\x00")))
            assert ack == {"ok": True}, ack
            with database.connect() as connection:
                return snapshot(connection)

        before = stored()
        with database.connect() as connection:
            rows = {table.name: list(connection.scalars(select(table.c.id))) for table in Base.metadata.sorted_tables
                    if "id" in table.columns and table.c.id.type.python_type is int}
        fuzzer = Fuzzer(SEED, rows, wire=True)
        rng = fuzzer.rng
        ordered = sorted(senders.items())
        codes: Counter = Counter()
        for n in range(EVENTS):
            who, client = rng.choice(ordered)
            event = names[n % len(names)]
            kind, args = fuzzer.args()
            ack = check_ack(client.call(event, args), f"{event} from {who} with {short(args)!r}")
            if ack["ok"]:
                assert who.split("-")[0] in MAY_SUCCEED.get(event, ()), (event, who, short(args), ack)
            else:
                codes[ack["error"]["code"]] += 1
        for n in range(FRAMES):
            who, client = rng.choice(ordered)
            if n % 25 == 0:
                for _, each in ordered:
                    for section_id in (section["id"], locked["id"]):
                        assert each.call("section.join", ({"section_id": section_id},))["ok"]
            section_id = rng.choice([section["id"], locked["id"]])
            frame, malformed = fuzzer.frame(may_change=who.startswith("delegate") and section_id == section["id"])
            ack = check_ack(client.call("y", (section_id, frame)), f"y from {who}: {short(frame)!r}")
            assert not (ack["ok"] and malformed), f"y from {who} took a malformed frame: {short(frame)!r}"
        assert {"invalid", "forbidden", "not_found"} <= set(codes), codes

        # A connection that broke the protocol may be answered, closed, or left waiting for the rest of what
        # it promised; everyone else is served meanwhile
        outcomes = []
        for packet in RAW_PACKETS:
            raw = RawSocket(server.url, raw_token)
            for part in packet:
                if isinstance(part, bytes):
                    raw.ws.send_binary(part)
                else:
                    raw.ws.send(part)
            outcomes.append(raw.state(wait=5))
            assert staff.call("section.leave", ({},))["ok"] is False
            raw.ws.close()
        print("raw packets:", outcomes)

        assert stored() == before
        # Still serving: a page, a fresh connection, a normal action, and every fuzzing socket still open
        assert requests.get(f"{server.url}/login", timeout=TIMEOUT).status_code == 200
        fresh = Client(server.url, {"token": token(workshop["join_code"], "Late", "Australia")})
        assert fresh.ok("comment.add", {"section_id": section["id"], "body": "Still here."})["id"]
        assert all(client.sio.connected for client in senders.values())
        # The only tracebacks: Engine.IO's own report of a raw packet Socket.IO could not decode (the
        # connection goes on); a handler's failure would be another
        log = server.log()
        assert log.count("Traceback") == log.count("message handler error\nTraceback"), log[-5000:]
        for client in [staff, voter, fresh, *senders.values()]:
            client.sio.disconnect()
    finally:
        server.stop()
