"""A room's events written as frames encoded once (workshop/live/websocket_frames.py): the bytes decode as the
packets they replace, and a connection whose network is full never gets frames out of order or cut
into each other. Real parts: wsproto's decoder, gevent sockets, gevent-websocket, Engine.IO's socket."""

import logging

import gevent
import pytest
import socketio
from engineio import packet as eio_packet
from engineio.server import Server as EngineIOServer
from engineio.socket import Socket as EngineIOSocket
from gevent import socket as gsocket
from geventwebsocket.websocket import Stream, WebSocket
from socketio import packet as sio_packet
from wsproto.frame_protocol import FrameProtocol, Opcode

from workshop.live import websocket_frames


def decoded(data: bytes) -> list[tuple[Opcode, bytes]]:
    """Messages as a browser's WebSocket hands them over."""
    protocol = FrameProtocol(client=True, extensions=[])
    protocol.receive_bytes(data)
    messages, parts = [], []
    for frame in protocol.received_frames():
        parts.append(frame.payload if isinstance(frame.payload, bytes) else frame.payload.encode())
        if frame.message_finished:
            messages.append((frame.opcode, b"".join(parts)))
            parts = []
    return messages


def packets_of(server, *data) -> list:
    """The Engine.IO packets python-socketio queues for an event, one by one, when it sends it itself."""
    encoded = server.packet_class(sio_packet.EVENT, namespace="/live", data=list(data)).encode()
    return [eio_packet.Packet(eio_packet.MESSAGE, part) for part in (encoded if isinstance(encoded, list) else [encoded])]


@pytest.mark.parametrize("size", [3, 125, 126, 65_535, 65_536, 300_000])
def test_frames_decode_as_the_packets_they_replace(size):
    server = socketio.Server()
    payload = bytes(range(256)) * (size // 256) + bytes(size % 256)
    framed = websocket_frames.encode(server, "y", (12, payload), "/live")
    assert type(framed) is websocket_frames.PreFramed
    packets = packets_of(server, "y", 12, payload)
    assert packets[1].encode() == payload
    header = packets[0].encode()  # Engine.IO's message type, then Socket.IO's binary event
    assert header.startswith('451-/live,["y",12,{"_placeholder":true')
    assert decoded(framed) == [(Opcode.TEXT, header.encode()), (Opcode.BINARY, payload)]


def test_an_event_without_bytes_is_one_text_frame():
    server = socketio.Server()
    data = {"id": 3, "name": "Objective 1 — ✓"}
    framed = websocket_frames.encode(server, "section", (data,), "/live")
    packets = packets_of(server, "section", data)
    assert len(packets) == 1
    assert decoded(framed) == [(Opcode.TEXT, packets[0].encode().encode())]


class Connection:
    """Both ends of one WebSocket connection: the server's (gevent-websocket over a gevent socket, with the
    Engine.IO socket whose writer drains its queue) and the client's raw socket, which may stop reading."""

    def __init__(self, send_buffer: int = 4096):
        self.server_end, self.client_end = gsocket.socketpair()
        self.server_end.setsockopt(gsocket.SOL_SOCKET, gsocket.SO_SNDBUF, send_buffer)
        self.client_end.setsockopt(gsocket.SOL_SOCKET, gsocket.SO_RCVBUF, send_buffer)

        class Handler:
            logger = logging.getLogger("tests.frames")
            socket = self.server_end
            rfile = self.server_end.makefile("rb")

        self.ws = websocket_frames.FramedSocket(WebSocket({}, Stream(Handler), Handler))
        self.eio = EngineIOSocket(EngineIOServer(async_mode="gevent"), "sid")
        self.eio.upgraded = True

    def writer(self) -> None:
        """What Engine.IO's WebSocket writer does: take what is queued, hand it to the WebSocket."""
        while packets := self.eio.poll():  # [] once None was queued: the connection closes
            for packet in packets:
                self.ws.send(packet.encode())

    def read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.client_end.recv(65536)
            assert chunk, "the connection closed"
            data += chunk
        return data


def test_a_full_connection_gets_every_frame_whole_and_in_order():
    connection = Connection()
    server = socketio.Server()
    events = [websocket_frames.encode(server, "y", (1, bytes([n]) * 200_000), "/live") for n in range(1, 4)]

    # The first goes out from the sending greenlet; what the network does not take is written next
    assert connection.ws.write_now(connection.eio, events[0])
    assert connection.ws.busy and connection.eio.queue.qsize() == 0
    # The client reads a little, so the network would take more: the next event must still not jump ahead
    received = connection.client_end.recv(8192)
    assert not connection.ws.write_now(connection.eio, events[1])
    connection.eio.send(eio_packet.Packet(eio_packet.MESSAGE, events[1]))
    # gevent-websocket answers a client's ping on its own: the pong waits for its turn too
    pong = gevent.spawn(connection.ws.ws.send_frame, b"ok", WebSocket.OPCODE_PONG)

    writer = gevent.spawn(connection.writer)
    gevent.sleep(0.05)  # the rest of the first event is stuck on the full network; the others wait
    assert connection.ws.busy
    received += connection.client_end.recv(8192)  # room again, but the rest has not had its turn yet
    assert not connection.ws.write_now(connection.eio, events[2])
    connection.eio.send(eio_packet.Packet(eio_packet.MESSAGE, events[2]))

    pong_frame = b"\x8a\x02ok"
    received += connection.read(sum(map(len, events)) + len(pong_frame) - len(received))
    assert received == events[0] + pong_frame + events[1] + events[2]
    messages = decoded(received)
    assert messages[2] == (Opcode.PONG, b"ok")
    assert [message for _opcode, message in messages[:2] + messages[3:]][1::2] == \
        [bytes([n]) * 200_000 for n in (1, 2, 3)]
    assert pong.dead
    # Drained: the writer waits on its queue, and the next event goes out at once, whole
    gevent.sleep(0.01)
    assert connection.eio.queue.qsize() == 0 and not connection.ws.busy
    assert connection.ws.write_now(connection.eio, events[0])
    assert connection.read(len(events[0])) == events[0]
    connection.eio.queue.put(None)
    writer.join(timeout=5)
    assert writer.dead


def test_a_claim_names_the_websocket_of_its_engineio_socket_and_writes_nothing():
    connection = Connection()
    assert websocket_frames._writers.get(connection.eio) is None
    connection.ws.send(websocket_frames._Claim(connection.eio))
    assert websocket_frames._writers[connection.eio] is connection.ws
    connection.ws.send("2")  # any ordinary packet still goes out as a frame of its own
    assert decoded(connection.read(3)) == [(Opcode.TEXT, b"2")]


def test_a_closed_websocket_takes_no_frames():
    connection = Connection()
    connection.ws.ws.close()
    frame = websocket_frames.encode(socketio.Server(), "y", (1, b"x"), "/live")
    assert not connection.ws.write_now(connection.eio, frame)


def test_a_socket_whose_client_went_away_does_not_stop_the_others_from_getting_the_event():
    server = socketio.Server(async_mode="gevent")
    sockets = {}
    for eio_sid in ("gone", "here"):
        socket = sockets[eio_sid] = EngineIOSocket(server.eio, eio_sid)
        socket.upgraded = True
        server.eio.sockets[eio_sid] = socket
        server.environ[eio_sid] = {websocket_frames.FRAMED: True}
        sid = server.manager.connect(eio_sid, "/live")
        server.manager.enter_room(sid, "/live", "section:1")
    # The first one's client stopped answering pings: sending to it closes it, on the first packet
    sockets["gone"].last_ping = 1.0
    websocket_frames.room_event(server, "y", (1, b"\x00\x02\x00\x00"), "section:1", "/live")
    assert sockets["gone"].closed
    queued = [packet.encode() for packet in sockets["here"].poll()]
    assert [type(data) for data in queued] == [websocket_frames._Claim, websocket_frames.PreFramed]
    assert queued[1] == websocket_frames.encode(server, "y", (1, b"\x00\x02\x00\x00"), "/live")


def client_frame(opcode: int, payload: bytes, fin: bool = True, mask: bytes = b"\x01\x02\x03\x04") -> bytes:
    """One masked frame as a browser sends it."""
    length = len(payload)
    head = bytes([(0x80 if fin else 0) | opcode])
    if length < 126:
        head += bytes([0x80 | length])
    elif length < 2**16:
        head += bytes([0x80 | 126]) + length.to_bytes(2, "big")
    else:
        head += bytes([0x80 | 127]) + length.to_bytes(8, "big")
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def test_a_fragmented_message_over_the_limit_is_read_past_and_the_stream_stays_in_step():
    connection = Connection(send_buffer=1 << 20)
    connection.ws._trusted = True  # a signed-in connection
    part = bytes(700 * 1024)
    data = (client_frame(WebSocket.OPCODE_BINARY, part, fin=False)
            + client_frame(WebSocket.OPCODE_PING, b"hi")
            + client_frame(WebSocket.OPCODE_CONTINUATION, part)
            + client_frame(WebSocket.OPCODE_TEXT, b"42/live,after", fin=False)
            + client_frame(WebSocket.OPCODE_CONTINUATION, b" the big one"))
    sender = gevent.spawn(connection.client_end.sendall, data)
    assert connection.ws.receive() == websocket_frames.TOO_LARGE
    assert connection.ws.receive() == "42/live,after the big one"
    sender.join(timeout=10)
    assert connection.read(4) == b"\x8a\x02hi"  # the ping in between was answered


def test_a_message_over_a_limit_closes_with_1009_unread_when_it_may_not_be_read_past():
    for opcode, size, trusted in [(WebSocket.OPCODE_BINARY, 100 * 1024, False),
                                  (WebSocket.OPCODE_TEXT, websocket_frames.TEXT_LIMIT + 1, True),
                                  (WebSocket.OPCODE_BINARY, websocket_frames.HARD_LIMIT + 1, True)]:
        connection = Connection()
        connection.ws._trusted = trusted
        header = client_frame(opcode, b"")[:1] + bytes([0x80 | 127]) + size.to_bytes(8, "big") + bytes(4)
        connection.client_end.sendall(header)  # and no payload: none is waited for
        assert connection.ws.receive() is None
        assert connection.ws.ws.closed
        assert connection.read(4)[:4] == b"\x88\x11\x03\xf1"  # close, 17 bytes, 1009 "message too big"


def test_a_signed_in_connections_binary_message_within_the_limit_comes_whole():
    connection = Connection(send_buffer=1 << 20)
    payload = bytes(range(256)) * 4096  # 1 MiB exactly
    sender = gevent.spawn(connection.client_end.sendall, client_frame(WebSocket.OPCODE_BINARY, payload))
    connection.ws._trusted = True
    assert bytes(connection.ws.receive()) == payload
    sender.join(timeout=10)
