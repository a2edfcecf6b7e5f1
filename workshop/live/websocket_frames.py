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

The same handler reads what clients send with limits taken from each frame's header, before its payload
is read (docs/architecture.md §5, §11.3): a binary message over `BINARY_LIMIT` (a `y` frame over 1 MiB) from a signed-in
socket is read past in small pieces and handed on as `TOO_LARGE` (answered `invalid`, the connection
stays); a text message over `TEXT_LIMIT`, anything over `HARD_LIMIT`, or a message over `SIGN_IN_LIMIT`
before the socket signed in closes the connection (1009, message too big). Nothing over a limit is kept.
"""

import struct
import weakref
from urllib.parse import parse_qs

import gevent
from engineio import packet as eio_packet
from engineio.exceptions import SocketIsClosedError
from gevent.lock import Semaphore
from geventwebsocket.exceptions import ProtocolError
from geventwebsocket.handler import WebSocketHandler
from geventwebsocket.websocket import MSG_CLOSED, MSG_SOCKET_DEAD, Header, WebSocket, WebSocketError
from socketio import packet as sio_packet

from ..collab.protocol import MAX_FRAME_BYTES, TOO_LARGE

_OPCODE_TEXT, _OPCODE_BINARY = WebSocket.OPCODE_TEXT, WebSocket.OPCODE_BINARY
_OPCODE_CONTINUATION, _OPCODE_CLOSE = WebSocket.OPCODE_CONTINUATION, WebSocket.OPCODE_CLOSE
_OPCODE_PING, _OPCODE_PONG = WebSocket.OPCODE_PING, WebSocket.OPCODE_PONG
FRAMED = "workshop.framed"  # in the environ of every request the framed handler serves

BINARY_LIMIT = MAX_FRAME_BYTES  # a binary message is a `y` frame's bytes
TEXT_LIMIT = 2 * 1024 * 1024  # Socket.IO packets (actions), as the HTTP body limit of long-polling
HARD_LIMIT = 16 * 1024 * 1024  # past this a message is not read on, whoever sends it
SIGN_IN_LIMIT = 64 * 1024  # any message before the socket signed in (its Socket.IO connect is tiny)
CONTROL_LIMIT = 125  # ping, pong and close frames (RFC 6455 5.5)
SKIP_CHUNK = 64 * 1024  # what is read at a time of a message read past
CLOSE_TOO_BIG = 1009


class MessageTooBig(Exception):
    """A message over its limit that is not read on: the connection closes with 1009."""


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
        self._trusted = False  # signed in (see _signed_in)
        self._stream_write = ws.raw_write
        ws.raw_write = self._write

    def __getattr__(self, name):  # version, path, origin, protocol, closed, close
        return getattr(self.ws, name)

    def receive(self):
        """The next message, as gevent-websocket's `receive` returns it, read within the limits; None once
        the connection is closed."""
        ws = self.ws
        if ws.closed:
            return ws.receive()  # gevent-websocket says so its own way
        try:
            return self._read_message()
        except UnicodeError:
            self._close(1007)
        except ProtocolError:
            self._close(1002)
        except MessageTooBig:
            self._close(CLOSE_TOO_BIG, b"message too big")
        except OSError:
            ws.close()
            ws.current_app.on_close(MSG_CLOSED)
        return None

    def _close(self, code: int, reason: bytes = b"") -> None:
        """gevent-websocket's `close`, with the status code in the close frame (its own leaves it out)."""
        ws = self.ws
        try:
            ws.send_frame(struct.pack("!H", code) + reason, _OPCODE_CLOSE)
        except WebSocketError:
            pass  # the connection is gone already: it closes all the same
        finally:
            ws.closed = True
            ws.stream = ws.raw_write = ws.raw_read = ws.environ = None

    def _read_message(self):
        """gevent-websocket's `read_message`, checking each frame's length from its header first."""
        ws = self.ws
        opcode = None
        message = bytearray()
        size = 0
        skipping = False
        while True:
            header = Header.decode_header(ws.stream)
            if header.flags:
                raise ProtocolError
            f_opcode = header.opcode
            if f_opcode in (_OPCODE_PING, _OPCODE_PONG, _OPCODE_CLOSE):
                if header.length > CONTROL_LIMIT or not header.fin:
                    raise ProtocolError("A control frame is at most 125 bytes and not fragmented.")
                payload = self._payload(header)
                if f_opcode == _OPCODE_PING:
                    ws.handle_ping(header, payload)
                    continue
                if f_opcode == _OPCODE_PONG:
                    continue
                ws.handle_close(header, payload)
                return None
            if f_opcode in (_OPCODE_TEXT, _OPCODE_BINARY):
                if opcode:
                    raise ProtocolError(f"The opcode in non-fin frame is expected to be zero, got {f_opcode!r}")
                ws.utf8validator.reset()
                ws.utf8validate_last = (True, True, 0, 0)
                opcode = f_opcode
            elif f_opcode == _OPCODE_CONTINUATION:
                if not opcode:
                    raise ProtocolError("Unexpected frame with opcode=0")
            else:
                raise ProtocolError(f"Unexpected opcode={f_opcode!r}")
            size += header.length
            if skipping or size > (TEXT_LIMIT if opcode == _OPCODE_TEXT else BINARY_LIMIT):
                if opcode == _OPCODE_TEXT or size > HARD_LIMIT or not self._signed_in():
                    raise MessageTooBig
                if not skipping:
                    skipping, message = True, None
                self._skip(header.length)
            elif size > SIGN_IN_LIMIT and not self._signed_in():
                raise MessageTooBig
            else:
                payload = self._payload(header)
                if opcode == _OPCODE_TEXT:
                    ws.validate_utf8(payload)
                message += payload
            if header.fin:
                break
        if skipping:
            return TOO_LARGE
        if opcode == _OPCODE_TEXT:
            ws.validate_utf8(message)
            return ws._decode_bytes(message)
        return message

    def _payload(self, header) -> bytes:
        if not header.length:
            return b""
        payload = self.ws.raw_read(header.length)
        if len(payload) != header.length:
            raise WebSocketError("Unexpected EOF reading frame payload")
        return header.unmask_payload(payload) if header.mask else payload

    def _skip(self, length: int) -> None:
        """Read past a frame's payload a piece at a time: none of it is kept."""
        while length:
            piece = self.ws.raw_read(min(length, SKIP_CHUNK))
            if not piece:
                raise WebSocketError("Unexpected EOF reading frame payload")
            length -= len(piece)

    def _signed_in(self) -> bool:
        """Whether this connection's Engine.IO socket has a /live session (the namespace accepted its
        credentials). Before that, a message over a limit closes the connection. Asked only of large
        messages; once true, it stays true for the connection."""
        if self._trusted:
            return True
        self._trusted = self._has_session()
        return self._trusted

    def _has_session(self) -> bool:
        from ..extensions import socketio
        from . import NAMESPACE

        server = getattr(socketio, "server", None)
        environ = self.ws.environ
        if server is None or environ is None:
            return False
        eio_sid = parse_qs(environ.get("QUERY_STRING", "")).get("sid", [None])[0]
        if eio_sid is None:  # opened as a WebSocket: Engine.IO keeps this request's environ (or a copy)
            eio_sid = next((sid for sid, env in list(server.environ.items())
                            if env.get("wsgi.websocket") is self), None)
        if eio_sid is None:
            return False
        try:
            return server.manager.sid_from_eio_sid(eio_sid, NAMESPACE) is not None
        except (KeyError, AttributeError):
            return False

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
