"""A room's events, encoded as WebSocket frames once for all its sockets, and written without a detour.

A Socket.IO event with bytes in it is two WebSocket frames: its JSON with a placeholder, then the bytes.
A room sends the same event to every socket joined to it, and frames from a server are not masked, so
their bytes are the same for every recipient: `room_event` encodes them once (`PreFramed`).

Each connection then gets them in one write. Usually the sending greenlet writes them itself, without
blocking: that is allowed when nothing is waiting in the connection's Engine.IO queue and no write is
under way on it, so frames never interleave and events keep their order. Otherwise (a busy or slow
connection, or the first event to a connection) they join the queue and its writer sends them.

Only connections served by the server's own handler (`framed_handler`, which `workshop serve` installs)
take frames; any other (long-polling, or another server) gets the usual Engine.IO packets.
"""

import weakref

import gevent
from engineio import packet as eio_packet
from engineio.exceptions import SocketIsClosedError
from gevent.lock import Semaphore
from geventwebsocket.handler import WebSocketHandler
from geventwebsocket.websocket import MSG_SOCKET_DEAD, Header, WebSocket, WebSocketError
from socketio import packet as sio_packet

_OPCODE_TEXT, _OPCODE_BINARY = WebSocket.OPCODE_TEXT, WebSocket.OPCODE_BINARY
FRAMED = "workshop.framed"  # in the environ of every request the framed handler serves


class PreFramed(bytes):
    """Whole WebSocket frames (one Socket.IO event), written as they are."""


class _Claim(PreFramed):
    """Nothing to write: when a connection's writer hands it over, its WebSocket learns that it is the
    one of that Engine.IO socket. Routed by Engine.IO itself, so a client cannot claim another's."""

    def __new__(cls, socket):
        claim = super().__new__(cls, b"")
        claim.socket = socket
        return claim


# Engine.IO socket -> its FramedSocket, once a claim went through
_writers: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _frame(opcode: int, payload: bytes) -> bytes:
    """A final, unmasked frame, as a server sends it."""
    return bytes(Header.encode_header(True, opcode, b"", len(payload), 0)) + payload


def encode(server, event: str, args: tuple, namespace: str) -> PreFramed:
    """An event as the WebSocket frames of its Engine.IO packets."""
    encoded = server.packet_class(sio_packet.EVENT, namespace=namespace, data=[event, *args]).encode()
    parts = encoded if isinstance(encoded, list) else [encoded]
    return PreFramed(b"".join(
        _frame(_OPCODE_BINARY, bytes(part)) if isinstance(part, (bytes, bytearray))
        else _frame(_OPCODE_TEXT, eio_packet.Packet(eio_packet.MESSAGE, part).encode().encode())
        for part in parts))


def room_event(server, event: str, args: tuple, room: str, namespace: str, skip_sid=None) -> None:
    """Send an event to this process's sockets in a room (never through the message queue)."""
    frames = queued = None
    others = []  # not framed: the usual packets
    for sid, eio_sid in list(server.manager.get_participants(namespace, room)):
        if sid == skip_sid:
            continue
        socket = server.eio.sockets.get(eio_sid)
        if socket is None or socket.closed or not socket.upgraded or \
                not server.environ.get(eio_sid, {}).get(FRAMED):
            others.append(sid)
            continue
        if frames is None:
            frames = encode(server, event, args, namespace)
            queued = eio_packet.Packet(eio_packet.MESSAGE, frames)
        try:
            writer = _writers.get(socket)
            if writer is None:
                socket.send(eio_packet.Packet(eio_packet.MESSAGE, _Claim(socket)))
                socket.send(queued)
            elif not writer.write_now(socket, frames):
                socket.send(queued)
        except SocketIsClosedError:  # it went away meanwhile (its ping timed out): the others still get it
            continue
    for sid in others:
        try:
            server.emit(event, args, to=sid, namespace=namespace, ignore_queue=True)
        except SocketIsClosedError:
            continue


class FramedSocket:
    """One connection's WebSocket as Engine.IO sees it: gevent-websocket's, which writes `PreFramed`
    bytes as they are. Every write to the connection (Engine.IO's writer, gevent-websocket's pongs and
    close frames, the rest of a frame `write_now` could not finish) takes its turn, whole."""

    def __init__(self, ws):
        self.ws = ws
        self._turn = Semaphore()
        self._stream_write = ws.raw_write
        ws.raw_write = self._write

    def __getattr__(self, name):  # version, path, origin, protocol, closed, receive, close
        return getattr(self.ws, name)

    @property
    def busy(self) -> bool:
        """A write is under way (perhaps waiting for the network), or waiting for its turn."""
        return self._turn.locked()

    def _write(self, data: bytes) -> None:
        with self._turn:
            self._stream_write(data)

    def send(self, message, binary=None) -> None:
        kind = type(message)
        if kind is _Claim:
            _writers[message.socket] = self
        elif kind is PreFramed:
            if self.ws.closed:
                raise WebSocketError(MSG_SOCKET_DEAD)
            try:
                self._write(message)
            except OSError:
                raise WebSocketError(MSG_SOCKET_DEAD) from None
        else:
            self.ws.send(message, binary)

    def write_now(self, socket, frames: PreFramed) -> bool:
        """Write frames from this greenlet if nothing waits or is half written here, never blocking.
        What the network does not take at once is written next, before anything else. False: the
        caller queues the frames."""
        if self.busy or self.ws.closed or socket.queue.qsize():
            return False
        try:
            sent = self.ws.handler.socket.send(frames, 0, timeout=0.0)
        except (OSError, AttributeError):  # full (EAGAIN), or closing: the writer deals with it
            return False
        if sent < len(frames):
            self._turn.acquire()  # free (checked above, nothing yielded since): whoever comes next waits
            gevent.spawn(self._finish, frames[sent:])
        return True

    def _finish(self, rest: bytes) -> None:
        try:
            self._stream_write(rest)
        except OSError:
            pass  # the connection is gone: its reader sees it end and closes the socket
        finally:
            self._turn.release()


def framed_handler():
    """gevent-websocket's handler, handing Engine.IO a `FramedSocket` and marking the requests it
    serves (`FRAMED` in their environ) as able to take frames."""

    class Handler(WebSocketHandler):
        def get_environ(self):
            environ = super().get_environ()
            environ[FRAMED] = True
            return environ

        def upgrade_connection(self):
            result = super().upgrade_connection()
            if getattr(self, "websocket", None) is not None:  # the handshake went through
                self.environ["wsgi.websocket"] = FramedSocket(self.websocket)
            return result

    return Handler
