"""Malformed events and frames for the fuzz tests, and the checks every answer to them must pass.

The action names come from the server's own handler registry and the field names from the services'
source, so a new action or field is fuzzed without anyone adding it here. Inputs are malformed by
construction: whatever the server decides, nothing may be stored because of them (docs/architecture.md §5, §11.3).
"""

import json
import random
import re
from pathlib import Path

from sqlalchemy import select, text

from workshop.live import NAMESPACE
from workshop.models.base import Base

CODES = {"unauthenticated", "forbidden", "invalid", "not_found", "conflict", "rate_limited"}
LIFECYCLE = {"connect", "disconnect"}
SOURCE = Path(__file__).resolve().parents[2] / "workshop"

# The brief's list of common names; the services' own are added by reading their source
COMMON_FIELDS = ["id", "poll_id", "section_id", "item_id", "outcome_id", "request_id", "group_id", "ballot",
                 "text", "title", "options", "seconds", "view", "body", "choice", "kind", "name", "status",
                 "comment_id", "amendment_id", "revision_id", "document_id", "delegation_id", "participant_id",
                 "agenda_item_id", "epoch", "position", "label", "quote", "replacement", "voter", "method"]
_FIELD_READ = re.compile(r"""(?:\b(?:data|payload|ballot|body|raw)(?:\.get\(|\[)\s*|\((?:data|payload|ballot|body|raw), )"([a-z][a-z_]*)\"""")


def action_names(socketio) -> list[str]:
    """Every event the /live namespace answers, as registered with the Socket.IO server."""
    return sorted(set(socketio.server.handlers[NAMESPACE]) - LIFECYCLE)


def field_names() -> list[str]:
    """Every payload key a handler or service reads, plus the common ones."""
    found = set(COMMON_FIELDS)
    for path in [*SOURCE.glob("live/*.py"), *SOURCE.glob("services/*.py")]:
        found.update(_FIELD_READ.findall(path.read_text()))
    return sorted(found)


def is_id_field(name: str) -> bool:
    return name == "id" or name.endswith("_id") or name.endswith("_ids")


def _nested(depth: int, leaf, as_dict: bool):
    value = leaf
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


# Strings that hold oddities: NUL and other controls, lone surrogates, direction marks, combining marks
ODD_TEXT = ["", " ", "\x00", "\x00" * 40, "\ud800", "\udfff\ud800", "\u202e\u2066evil\u2069", "\u200b" * 30,
            "e\u0301" * 50, "\ufeff", "\U0001f600" * 20, "<script>alert(1)</script>", "' OR 1=1 --", "%s%n",
            "null", "true", "1e999", "NaN", "-0", "0x10", "\u00b2", "\u0663", " 12 ", "9" * 30, "1.5"]


class Fuzzer:
    """A seeded source of malformed payloads: the same seed gives the same inputs, so CI reproduces."""

    def __init__(self, seed: int, rows: dict[str, list[int]], *, wire: bool = False):
        self.rng = random.Random(seed)
        self.fields = field_names()
        # The ids of real rows, table by table, of the fuzzed workshop and of another: ids are guessable
        self.rows = {table: ids for table, ids in rows.items() if ids}
        self.ids = sorted({i for ids in self.rows.values() for i in ids})
        self.wire = wire  # over a real connection: JSON without NaN/Infinity, and no depth a client refuses

    # Values that no field of any action accepts (wrong type, out of range, or longer than every cap)

    def never_valid(self, cheap: bool = False):
        """`cheap`: no long strings or deep nesting (a payload with every field malformed stays small)."""
        rng = self.rng
        pick = rng.randrange(15)
        cheap = cheap or rng.random() < 0.7  # big values are few: each costs the transport time to carry
        if cheap and pick in (3, 6, 7, 10):
            pick = 13 if rng.random() < 0.3 else rng.choice([0, 1, 12, 14])
        if pick == 0:
            return rng.choice([2**31, 2**63, 2**64 + 1, 10**30, -(2**70), -1, -2**31])
        if pick == 1:
            return rng.choice([1.5, -0.25, 1e308, -1e-308, 3.0000001])
        if pick == 2 and not self.wire:
            return rng.choice([float("nan"), float("inf"), float("-inf")])
        if pick == 3:
            return _nested(rng.randint(2, 200), rng.choice([1, "x", None]), as_dict=rng.random() < 0.5)
        if pick == 4:
            return [self.never_valid() for _ in range(rng.randint(1, 5))]
        if pick == 5:
            return {str(k): self.never_valid() for k in range(rng.randint(1, 4))}
        if pick == 6:
            # longer than any text cap once cleaned (10,001 visible characters), or nothing left once cleaned
            return rng.choice(["x", "\u202e", "\u200b", "\u0663", "\U0001f600", "A\u0301"]) * rng.choice([10_001, 10_001, 60_000])
        if pick == 7:
            return rng.choice(["\x00", " ", "\x01\x02", "\t\n"]) * rng.randint(1, 12_000)
        if pick == 8:
            return [{"option_id": self.never_valid()}, None, [], "x" * 10_001]
        if pick == 9:
            return {self.rng.choice(["-1", "0", "x", "\ud800", "1.5", "99999999999999999999"]): self.never_valid()}
        if pick == 10:
            return ["\ud800" * 10_001]
        if pick == 11:
            return {"choice": self.never_valid(), "allocations": self.never_valid(), "ranking": self.never_valid(),
                    "approved": self.never_valid()}
        if pick == 13:
            # not Unicode at all: a lone surrogate, alone or inside ordinary words
            return rng.choice(["\ud800", "\udfff", "Bob\udc80", "One\ud83d", "\udc00\ud800 text", "A\ud800\u0301"])
        if pick == 12:
            return 0 if rng.random() < 0.3 else -rng.randint(1, 2**40)
        return rng.choice([{}, [], [[]], {"": {}}])

    def anything(self):
        """Any odd value, including ones some field accepts (only where the row ids make it harmless)."""
        rng = self.rng
        pick = rng.randrange(6)
        if pick == 0:
            return rng.choice(ODD_TEXT)
        if pick == 1:
            return rng.choice([None, True, False, 0, -1, 1, 2, 7, 10**6])
        if pick == 2:
            return rng.choice(self.ids) + 10**6  # no such row
        return self.never_valid()

    def bad_id(self):
        """Never a row's id: wrong type, out of range, or a number no row has."""
        rng = self.rng
        return rng.choice([None, True, False, 0, -1, -(2**63), 2**31, 2**63, 10**40, 1.0, 1.5, "-3", "0", "x",
                           "\u00b2", "1e3", [], [1], {}, {"id": 1}, max(self.ids) + rng.randint(1, 10**6),
                           str(max(self.ids) + 1), self.never_valid()])

    def real_id(self, name: str = "id"):
        """A real row's id, most often of the table the field's name points to (section_id: a section)."""
        stem = name.removesuffix("_ids").removesuffix("_id")
        table = next((t for t in (stem, f"agenda_{stem}", f"floor_{stem}", f"{stem}_group", f"breakout_{stem}")
                      if t in self.rows), None)
        pool = self.rows[table] if table and self.rng.random() < 0.8 else self.ids
        value = self.rng.choice(pool)
        return str(value) if self.rng.random() < 0.1 else value

    def auth(self):
        """What a connecting client may put in its `auth` (token, workshop slug), malformed."""
        rng = self.rng
        if rng.random() < 0.2:
            return rng.choice([None, [], "token", 7, True, [{"token": "x"}]])
        auth = {}
        for key in ("token", "workshop"):
            if rng.random() < 0.8:
                auth[key] = rng.choice([self.anything(), "wsp_" + rng.choice(ODD_TEXT), "x" * 201, "\ud800" * 10])
        return auth

    # Payloads

    def args(self) -> tuple[str, tuple]:
        while True:
            kind, args = self._args()
            # Over a real connection a message stays under the transport's limit (2 MiB, docs/architecture.md §5):
            # a larger one closes the connection before any handler sees it
            if not self.wire or len(json.dumps(args)) < 512 * 1024:
                return kind, args

    def _args(self) -> tuple[str, tuple]:
        """(kind, arguments) for one event. Kinds:
        - "shape": not an object at all, or extra arguments;
        - "bad_ids": an object whose every id field is wrong, other fields anything;
        - "real_ids": an object whose id fields are real rows (any workshop), every other field malformed."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.15:
            payload = rng.choice([None, [], [{}], "text", "", 7, 0, -1, 1.5, True, False, "\ud800", "{}",
                                  "x" * 10_001, [None] * 50, self.never_valid()])
            return "shape", (() if rng.random() < 0.1 else (payload,))
        names = rng.sample(self.fields, rng.randint(1, min(8, len(self.fields))))
        if roll < 0.4:
            payload = {}
            for name in names:
                payload[name] = self.bad_id() if is_id_field(name) else self.anything()
            for name in self.fields:
                if is_id_field(name) and name in payload:
                    continue
                if is_id_field(name) and rng.random() < 0.3:
                    payload[name] = self.bad_id()
            kind = "bad_ids"
        else:
            payload = {name: self.real_id(name) for name in self.fields if is_id_field(name) and rng.random() < 0.9}
            every = rng.random() < 0.4  # every field malformed: whichever an action reads first is refused
            for name in self.fields if every else names:
                if not is_id_field(name):
                    payload[name] = self.never_valid(cheap=every and rng.random() < 0.95)
            kind = "real_ids"
        if rng.random() < 0.05:
            payload[rng.choice(["\x00", "\ud800", "__proto__", "constructor", "a" * 5000])] = self.anything()
        args = (payload,)
        if rng.random() < 0.08:
            args += tuple(self.anything() for _ in range(rng.randint(1, 3)))
        return kind, args

    # `y` frames

    def frame(self, *, may_change: bool) -> tuple[object, bool]:
        """(frame, malformed). `may_change`: the sender may edit the section, so the frame is always
        malformed, never a well-formed update. Otherwise it may also be random bytes after a sync header
        (malformed=False: by chance a well-formed step 1 or an update that changes nothing, answered ok)."""
        frame = self._malformed_frame(may_change)
        return (frame, True) if frame is not None else (self._random_sync(), False)

    def _random_sync(self) -> bytes:
        rng = self.rng
        size = rng.choice([1, 2, 3, 8, 40, 400])
        return bytes([0, rng.randint(0, 2)]) + bytes([size & 0x7F]) + rng.randbytes(size)

    def _malformed_frame(self, may_change: bool):
        rng = self.rng
        pick = rng.randrange(12 if may_change else 15)
        if pick == 0:
            return rng.choice([None, "", "AAEC", 0, 1, [0, 2], {"type": 0}, True, [], {}])
        if pick == 1:
            return b""
        if pick == 2:  # unknown message type, or a number that never ends or overflows
            return rng.choice([bytes([rng.randint(2, 127)]), b"\x80", b"\xff" * 12, b"\x80" * 11 + b"\x01",
                               b"\xff\xff\xff\xff\x7f"])
        if pick == 3:  # sync with an unknown or missing step
            return b"\x00" + rng.choice([b"", bytes([rng.randint(3, 127)]), b"\xff\xff\xff\xff\x0f"])
        if pick == 4:  # a length longer than the frame
            step = rng.choice([b"\x00", b"\x01", b"\x02"])
            return b"\x00" + step + rng.choice([b"\x05ab", b"\xff\x7f", b"\xff\xff\xff\xff\x0f", b"\x80\x80\x01"])
        if pick == 5:  # awareness cut short, or with a length longer than the frame
            return b"\x01" + rng.choice([b"", b"\x05\x01", b"\xff\xff\x03", b"\x03\x01\x01"])
        if pick == 6:  # awareness whose state is not JSON or not an object
            state = rng.choice([b"{", b"\xff\xfe", b"[1]", b"1", b'"x"', b"nul", b"{\"a\":" * 100])
            inner = b"\x01" + b"\x07" + b"\x01" + bytes([len(state) & 0x7F]) + state
            return b"\x01" + bytes([len(inner) & 0x7F]) + inner
        if pick == 7:  # a well-formed message with bytes left over after it
            return b"\x01\x00" + bytes(rng.randint(1, 4))
        if pick == 8:  # an update or step 2 whose content claims a vast number of structs, then stops
            body = rng.choice([b"\xff\xff\xff\xff\x0f", b"\x01\xff\xff\xff\xff\x0f", b"\x80\x80\x80\x80\x80\x01"])
            return b"\x00" + rng.choice([b"\x01", b"\x02"]) + bytes([len(body)]) + body
        if pick == 9:  # just over the size limit
            return b"\x00\x02" + b"\xff\xff\x3f" + b"\x00" * (1024 * 1024)
        if pick == 10:  # a step 1 whose state vector is cut short
            body = rng.choice([b"\x02\x01", b"\xff\x01", b"\x01\x80"])
            return b"\x00\x00" + bytes([len(body)]) + body
        if pick == 11:
            return b"\x01" + b"\x00" * rng.randint(1, 50)
        return None  # only where edits are refused: random bytes, including well-formed updates by chance


def short(value, depth: int = 0):
    """A readable stand-in for a fuzzed value in a failure message: long strings and deep nests cut."""
    if isinstance(value, str):
        return value if len(value) <= 40 else f"{value[:20]!r}... ({len(value)} chars)"
    if isinstance(value, bytes):
        return value if len(value) <= 40 else f"{value[:20]!r}... ({len(value)} bytes)"
    if depth > 3 and isinstance(value, list | dict | tuple):
        return f"<{type(value).__name__} nested deeper>"
    if isinstance(value, dict):
        return {short(k): short(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [short(v, depth + 1) for v in value[:10]] + (["..."] if len(value) > 10 else [])
    return value


def check_ack(ack, event: str) -> dict:
    """The ack's shape per docs/architecture.md §5; returns it."""
    assert isinstance(ack, dict), f"{event}: no ack or not an object: {ack!r}"
    assert ack.get("ok") in (True, False), f"{event}: {ack!r}"
    if ack["ok"] is False:
        error = ack.get("error")
        assert isinstance(error, dict), f"{event}: {ack!r}"
        assert error.get("code") in CODES, f"{event}: {ack!r}"
        assert isinstance(error.get("message"), str) and error["message"], f"{event}: {ack!r}"
    return ack


# What may change while the fuzz runs, table by table, and why
UNCHECKED_TABLES = {
    # Who is connected: the fuzz's own sockets connect and disconnect
    "live_connection",
}
# Columns that change with presence or use (a token's idle expiry), not with anything a payload says
USE_STAMP = re.compile(r"(last_)?(seen|used|active)(_at)?|expires_at")
# Rows a fuzzed input may write because it happened to be valid for its sender: a delegate may ask for
# the floor with any object (every field of floor.request is optional) and withdraw its own request
# The only actions a delegate may complete with a fuzzed payload: their every field is optional or an id.
# floor.request / floor.withdraw write a floor request (MAY_WRITE); joining and leaving store nothing;
# participant.revoke_link with the sender's own id withdraws a link these participants never made.
MAY_SUCCEED = {"floor.request": ("delegate",), "floor.withdraw": ("delegate",),
               "section.join": ("delegate", "observer"), "section.leave": ("delegate", "observer"),
               "participant.revoke_link": ("delegate", "observer")}
MAY_WRITE = {"floor_request": "floor.request / floor.withdraw"}


def snapshot(connection) -> dict:
    """Every row of every stored table, read with queries (not from any in-memory replica)."""
    tables = {}
    for table in Base.metadata.sorted_tables:
        if table.name in UNCHECKED_TABLES or table.name in MAY_WRITE:
            continue
        keys = [c for c in table.primary_key.columns] or list(table.columns)
        columns = [c for c in table.columns if not USE_STAMP.fullmatch(c.name)]
        rows = connection.execute(select(*columns).order_by(*keys)).all()
        tables[table.name] = [tuple(row) for row in rows]
    audited = connection.execute(text("SELECT * FROM audit_event ORDER BY id")).all()
    tables["audit_event"] = [tuple(row) for row in audited if not str(row._mapping["action"]).startswith("floor.")]
    return tables

