"""WebSocket messages over the size limits on a real server (`workshop serve`, docs/architecture.md §5, §11.3): the
limit comes from the frame header, before the payload is read, so a huge message costs no memory; an
oversized `y` frame from a joined delegate is answered `invalid` and the connection goes on."""

import json
import socket
import struct
import time

import pytest
import requests
import websocket

from tests.browser.conftest import Api
from tests.servers import WorkshopServer
from tests.ypeer import YPeer

pytestmark = pytest.mark.servers
NS = "/live"
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = WorkshopServer(tmp_path_factory.mktemp("limits") / "instance").start()
    try:
        Api.with_new_facilitator(server)
        yield server
    finally:
        server.stop()


def peak_rss_mb(server) -> float:
    with open(f"/proc/{server.process.pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    return int(fields["VmHWM"].split()[0]) / 1024


def client_frame_header(opcode: int, length: int) -> bytes:
    """A final, masked frame header as a client sends it (mask of zeros: the payload goes as it is)."""
    head = bytes([0x80 | opcode])
    if length < 126:
        head += bytes([0x80 | length])
    elif length < 2**16:
        head += bytes([0x80 | 126]) + struct.pack("!H", length)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", length)
    return head + b"\x00\x00\x00\x00"


def raw_websocket(server) -> tuple[socket.socket, bytes]:
    """A WebSocket opened by hand, before any Socket.IO connect: nobody signed in."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=20)
    key = "dGhlIHNhbXBsZSBub25jZQ=="
    sock.sendall((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                  f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    received = b""
    while b"\r\n\r\n" not in received:
        received += sock.recv(4096)
    assert received.startswith(b"HTTP/1.1 101"), received[:200]
    return sock, received[received.index(b"\r\n\r\n") + 4:]


def test_a_200_mb_message_before_signing_in_is_not_read_into_memory(server):
    requests.get(f"{server.url}/login", timeout=10)  # warm: the baseline includes a served request
    before = peak_rss_mb(server)
    sock, _ = raw_websocket(server)
    size = 200 * MiB
    chunk = bytes(MiB)
    sent = 0
    deadline = time.monotonic() + 120
    try:
        sock.sendall(client_frame_header(0x2, size))
        while sent < size and time.monotonic() < deadline:
            sock.sendall(chunk)
            sent += len(chunk)
    except OSError:
        pass  # the server closed the connection: what we expect once it has read the header
    finally:
        sock.close()
    # whatever it did with what came, it has done by the time it answers the next request
    assert requests.get(f"{server.url}/login", timeout=30).status_code == 200
    assert peak_rss_mb(server) - before < 50, f"peak RSS grew from {before:.0f} MB to {peak_rss_mb(server):.0f} MB"


def server_frames(sock, leftover: bytes = b""):
    """(opcode, payload) of the server's frames (unmasked) until the connection ends."""
    data = leftover

    def need(count):
        nonlocal data
        while len(data) < count:
            part = sock.recv(65536)
            if not part:
                raise EOFError
            data += part

    while True:
        try:
            need(2)
        except EOFError:
            return
        opcode, length = data[0] & 0x0F, data[1] & 0x7F
        head = 2
        if length == 126:
            need(4)
            length, head = struct.unpack("!H", data[2:4])[0], 4
        elif length == 127:
            need(10)
            length, head = struct.unpack("!Q", data[2:10])[0], 10
        need(head + length)
        yield opcode, data[head:head + length]
        data = data[head + length:]


@pytest.mark.parametrize(("opcode", "size"), [(0x1, 100 * MiB), (0x2, 100 * 1024)], ids=["text-100MB", "binary-100KB"])
def test_a_message_over_the_limit_before_signing_in_closes_with_1009_without_being_read(server, opcode, size):
    sock, leftover = raw_websocket(server)
    try:
        sock.sendall(client_frame_header(opcode, size))
        closes = [payload for opcode, payload in server_frames(sock, leftover) if opcode == 0x8]
        assert closes and struct.unpack("!H", closes[0][:2])[0] == 1009
    finally:
        sock.close()


class Delegate:
    """Engine.IO and Socket.IO by hand over websocket-client: a joined delegate's connection."""

    def __init__(self, server, token: str, section_id: int):
        self.section_id, self.peer, self.errors, self.acks = section_id, YPeer(section_id), [], {}
        self.next_ack = 10
        self.ws = websocket.create_connection(
            server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=30)
        assert self.ws.recv().startswith("0{")
        self.ws.send(f"40{NS},{json.dumps({'token': token})}")
        self.read_until(lambda: self.connected)

    connected = False

    def read_until(self, done, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        self.ws.settimeout(timeout)
        while not done():
            assert time.monotonic() < deadline, "no answer in time"
            opcode, data = self.ws.recv_data()
            if opcode != websocket.ABNF.OPCODE_TEXT:
                continue
            text = data.decode()
            if text == "2":
                self.ws.send("3")
            elif text.startswith(f"40{NS},"):
                self.connected = True
            elif text.startswith(f"43{NS},"):
                digits = text[len(f"43{NS},"):]
                number = int(digits[:digits.index("[")])
                self.acks[number] = json.loads(digits[digits.index("["):])[0]
            elif text.startswith(f"42{NS},"):
                event = json.loads(text[len(f"42{NS},"):])
                if event[0] == "error":
                    self.errors.append(event[1])
            elif text.startswith(f"451-{NS},"):
                self.ws.recv_data()  # the event's bytes (frames for the peer are not needed here)

    def act(self, name: str, payload: dict) -> dict:
        number = self.next_ack = self.next_ack + 1
        self.ws.send(f"42{NS},{number}{json.dumps([name, payload])}")
        self.read_until(lambda: number in self.acks)
        return self.acks[number]

    def emit_y(self, frame: bytes) -> dict:
        number = self.next_ack = self.next_ack + 1
        self.ws.send(f'451-{NS},{number}["y",{self.section_id},{{"_placeholder":true,"num":0}}]')
        self.ws.send_binary(frame)
        self.read_until(lambda: number in self.acks)
        return self.acks[number]


def test_an_oversized_y_frame_is_answered_invalid_and_the_connection_goes_on(server):
    api = Api(server.url)
    workshop = api.workshop()
    document = api.post(f"/workshops/{workshop['slug']}/documents", {"title": "Forward Work Plan", "kind": "fwp"})
    section = api.post(f"/workshops/{workshop['slug']}/documents/{document['id']}/sections",
                       {"heading": "Objective 1", "body": "Seed. "})
    token = requests.post(f"{server.url}/api/v1/join", timeout=10, json={
        "code": workshop["join_code"], "name": "Maria", "delegation": "Philippines"}).json()["token"]
    maria = Delegate(server, token, section["id"])
    assert maria.act("section.join", {"section_id": section["id"]})["ok"]
    assert maria.emit_y(maria.peer.step1()) == {"ok": True}
    before = peak_rss_mb(server)
    big = YPeer(section["id"])
    big.insert(0, "x" * (2 * MiB + 1024))
    [frame] = big.take_updates()
    assert len(frame) > 2 * MiB
    ack = maria.emit_y(frame)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert "too large to send at once" in ack["error"]["message"]
    maria.read_until(lambda: maria.errors)
    assert maria.errors[-1]["code"] == "invalid" and maria.errors[-1]["section_id"] == section["id"]
    # the same connection still works: a small change is stored and acked
    maria.peer.insert(0, "Small change. ")
    [small] = maria.peer.take_updates()
    assert maria.emit_y(small) == {"ok": True}
    text = api.get(f"/workshops/{workshop['slug']}/sections/{section['id']}")
    assert "Small change. " in json.dumps(text) and "xxxx" not in json.dumps(text)
    assert peak_rss_mb(server) - before < 50
    maria.ws.close()
