"""y-protocols framing (as y-websocket frames it): reading client frames strictly, building ours."""

import json
from dataclasses import dataclass

from pycrdt import (
    Decoder,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    write_message,
)

MAX_FRAME_BYTES = 1024 * 1024
MAX_AWARENESS_STATE_BYTES = 2048
EMPTY_UPDATE = b"\x00\x00"
# What the server's WebSocket reader (live.websocket_frames) hands on in place of a binary message over the limit,
# whose bytes it did not keep. Not a y-protocols message (those start with 0 or 1); a client sending it
# itself only hears that its frame was too large.
TOO_LARGE = b"\xff\xffworkshop: frame over the size limit, not read\xff\xff"
TOO_LARGE_MESSAGE = (f"This change is too large to send at once (over {MAX_FRAME_BYTES // (1024 * 1024)} MiB): "
                     "paste it in parts.")

SYNC_KINDS = {
    YSyncMessageType.SYNC_STEP1: "step1",
    YSyncMessageType.SYNC_STEP2: "step2",
    YSyncMessageType.SYNC_UPDATE: "update",
}


class BadFrame(Exception):
    """A frame that is not y-protocols, or one the document cannot take; nothing was applied."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Frame:
    kind: str  # step1 | step2 | update | awareness
    payload: bytes  # state vector, update, or awareness update
    awareness: tuple = ()  # (client_id, clock, state) for an awareness frame

    @property
    def carries_changes(self) -> bool:
        return self.kind in ("step2", "update") and self.payload != EMPTY_UPDATE


def _read_uint(decoder: Decoder) -> int:
    try:
        value = decoder.read_var_uint()
    except (IndexError, RuntimeError):
        raise BadFrame("The frame is cut short.") from None
    if value > 2**53:
        raise BadFrame("The frame holds a number out of range.")
    return value


def _read_bytes(decoder: Decoder) -> bytes:
    length = _read_uint(decoder)
    if length > decoder.length:
        raise BadFrame("The frame is shorter than it says.")
    start = decoder.i0
    decoder.i0 += length
    decoder.length -= length
    return bytes(decoder.stream[start:decoder.i0])


def _read_awareness(update: bytes) -> tuple:
    decoder = Decoder(update)
    entries = []
    for _ in range(_read_uint(decoder)):
        client_id, clock = _read_uint(decoder), _read_uint(decoder)
        raw = _read_bytes(decoder)
        if len(raw) > MAX_AWARENESS_STATE_BYTES:
            raise BadFrame(f"An awareness state may hold at most {MAX_AWARENESS_STATE_BYTES} bytes.")
        try:
            state = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise BadFrame("The awareness state is not JSON.") from None
        if state is not None and not isinstance(state, dict):
            raise BadFrame("An awareness state must be an object or null.")
        entries.append((client_id, clock, state))
    if decoder.length:
        raise BadFrame("The awareness update has bytes left over.")
    return tuple(entries)


def awareness_client_ids(update: bytes) -> list[int]:
    """The clients an awareness update speaks of (raises BadFrame if it cannot be read)."""
    return [client_id for client_id, _clock, _state in _read_awareness(update)]


def parse_frame(frame) -> Frame:
    """Read one client frame; raises BadFrame for anything that is not exactly one y-protocols message."""
    if not isinstance(frame, bytes | bytearray | memoryview):
        raise BadFrame("A frame must be binary.")
    frame = bytes(frame)
    if len(frame) > MAX_FRAME_BYTES or frame == TOO_LARGE:
        raise BadFrame(TOO_LARGE_MESSAGE)
    if not frame:
        raise BadFrame("The frame is empty.")
    decoder = Decoder(frame)
    kind = _read_uint(decoder)
    if kind == YMessageType.SYNC:
        sync_kind = _read_uint(decoder)
        if sync_kind not in SYNC_KINDS:
            raise BadFrame("Unknown sync message type.")
        parsed = Frame(SYNC_KINDS[sync_kind], _read_bytes(decoder))
    elif kind == YMessageType.AWARENESS:
        payload = _read_bytes(decoder)
        parsed = Frame("awareness", payload, _read_awareness(payload))
    else:
        raise BadFrame("Unknown message type: a frame starts with 0 (sync) or 1 (awareness).")
    if decoder.length:
        raise BadFrame("The frame has bytes left over after its message.")
    return parsed


def sync_step1(doc) -> bytes:
    return create_sync_message(doc)


def sync_step2(update: bytes) -> bytes:
    return bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP2]) + write_message(update)


def sync_update(update: bytes) -> bytes:
    return create_update_message(update)


def awareness_message(update: bytes) -> bytes:
    return create_awareness_message(update)

