"""Who wrote each stretch of a section's text, read in one pass over the CRDT's items.

The document's update (pycrdt's `get_update()`, the Yjs v1 encoding) lists every item with its id
(client, clock), the neighbours it was inserted between (origin, right origin) and its content, and then the
deleted ranges. Putting the items back in document order is Yjs's own integration (YATA), done here on plain
Python objects: each item is placed once, next to its origin, looking only at the items concurrently inserted
at the same place. Then one walk over the list gives (client id, text) runs. Asking the document for the item
under each character instead (`sticky_index`) walks the text from its start every time: quadratic.

Anything this reader does not expect (content types a Markdown text never holds, a missing dependency) raises
`Unreadable`; the caller then reads the runs the slow way."""

from bisect import bisect_right

from pycrdt import Assoc, Doc, Text

from .ranges import UpdateReader, utf16_length


class Unreadable(ValueError):
    pass


class _Item:
    __slots__ = ("client", "clock", "length", "origin", "right_origin", "text", "deleted", "countable",
                 "left", "right")

    def __init__(self, client, clock, length, origin, right_origin, text, deleted, countable):
        self.client, self.clock, self.length = client, clock, length
        self.origin, self.right_origin = origin, right_origin
        self.text, self.deleted, self.countable = text, deleted, countable
        self.left = self.right = None


def _utf16_split(text: str, units: int) -> int:
    """The index in `text` (code points) that is `units` UTF-16 code units in."""
    if len(text) == utf16_length(text):
        return units
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def _read_items(update: bytes, root: str) -> tuple[dict[int, list[_Item]], list[tuple[int, int, int]]]:
    reader = UpdateReader(update)
    clients: dict[int, list[_Item]] = {}
    for _ in range(reader.uint()):
        count, client, clock = reader.uint(), reader.uint(), reader.uint()
        items = clients.setdefault(client, [])
        for _ in range(count):
            info = reader.byte()
            kind = info & 0x1F
            if kind in (0, 10):  # GC, Skip: a text root is never deleted, so neither should appear
                raise Unreadable("The update holds collected or skipped structs.")
            origin = (reader.uint(), reader.uint()) if info & 0x80 else None
            right_origin = (reader.uint(), reader.uint()) if info & 0x40 else None
            if not info & 0xC0:
                if reader.uint() != 1:
                    raise Unreadable("The update holds a nested type.")
                if reader.string() != root:
                    raise Unreadable("The update holds another root than the text.")
                if info & 0x20:
                    raise Unreadable("The update holds a map entry.")
            text, deleted, countable = None, False, True
            if kind == 1:  # deleted content
                length, deleted = reader.uint(), True
            elif kind == 4:  # a string
                text = reader.string()
                length = utf16_length(text)
            elif kind == 6:  # a format mark: takes one clock, not a place in the text
                reader.string()
                reader.string()
                length, countable = 1, False
            elif kind == 5:  # an embed: one place, no text
                reader.string()
                length = 1
            else:
                raise Unreadable(f"The update holds content of kind {kind}.")
            items.append(_Item(client, clock, length, origin, right_origin, text, deleted, countable))
            clock += length
    deletions = []
    for _ in range(reader.uint()):
        client = reader.uint()
        for _ in range(reader.uint()):
            deletions.append((client, reader.uint(), reader.uint()))
    return clients, deletions


class _Sequence:
    """The items in document order (a linked list), with each client's items by clock for lookups."""

    def __init__(self):
        self.start: _Item | None = None
        self.by_client: dict[int, list[_Item]] = {}
        self.clocks: dict[int, list[int]] = {}

    def find(self, client: int, clock: int) -> _Item:
        clocks = self.clocks.get(client)
        index = bisect_right(clocks, clock) - 1 if clocks else -1
        if index < 0:
            raise Unreadable("An item refers to one that is not there.")
        item = self.by_client[client][index]
        if clock >= item.clock + item.length:
            raise Unreadable("An item refers to one that is not there.")
        return item

    def split(self, item: _Item, offset: int) -> _Item:
        """Split `item` `offset` clocks in; returns the right part, linked in after the left one."""
        right = _Item(item.client, item.clock + offset, item.length - offset, (item.client, item.clock + offset - 1),
                      item.right_origin, None, item.deleted, item.countable)
        if item.text is not None:
            at = _utf16_split(item.text, offset)
            item.text, right.text = item.text[:at], item.text[at:]
        item.length = offset
        right.left, right.right = item, item.right
        if item.right is not None:
            item.right.left = right
        item.right = right
        index = bisect_right(self.clocks[item.client], item.clock)
        self.clocks[item.client].insert(index, right.clock)
        self.by_client[item.client].insert(index, right)
        return right

    def clean_end(self, client: int, clock: int) -> _Item:
        """The item ending exactly at (client, clock), split off if need be."""
        item = self.find(client, clock)
        if clock != item.clock + item.length - 1:
            self.split(item, clock - item.clock + 1)
        return item

    def clean_start(self, client: int, clock: int) -> _Item:
        """The item starting exactly at (client, clock), split off if need be."""
        item = self.find(client, clock)
        return self.split(item, clock - item.clock) if clock != item.clock else item

    def integrate(self, item: _Item) -> None:
        """Yjs's Item.integrate for a sequence: between its origins, ordered among concurrent inserts."""
        left = self.clean_end(*item.origin) if item.origin else None
        right = self.clean_start(*item.right_origin) if item.right_origin else None
        if (left is None and (right is None or right.left is not None)) or \
                (left is not None and left.right is not right):
            o = left.right if left is not None else self.start
            conflicting, before_origin = set(), set()
            while o is not None and o is not right:
                before_origin.add(o)
                conflicting.add(o)
                if item.origin == o.origin:
                    if o.client < item.client:
                        left = o
                        conflicting.clear()
                    elif item.right_origin == o.right_origin:
                        break
                elif o.origin is not None and self.find(*o.origin) in before_origin:
                    if self.find(*o.origin) not in conflicting:
                        left = o
                        conflicting.clear()
                else:
                    break
                o = o.right
        if left is not None:
            item.left, item.right = left, left.right
            left.right = item
        else:
            item.left, item.right = None, self.start
            self.start = item
        if item.right is not None:
            item.right.left = item
        index = bisect_right(self.clocks.setdefault(item.client, []), item.clock)
        self.clocks[item.client].insert(index, item.clock)
        self.by_client.setdefault(item.client, []).insert(index, item)

    def delete(self, client: int, clock: int, length: int) -> None:
        end = clock + length
        item = self.clean_start(client, clock)
        while True:
            if item.clock + item.length > end:
                self.split(item, end - item.clock)
            item.deleted = True
            if item.clock + item.length >= end:
                return
            item = self.find(client, item.clock + item.length)


def _integrated(update: bytes, root: str) -> _Sequence:
    clients, deletions = _read_items(update, root)
    sequence = _Sequence()
    queues = {client: list(reversed(items)) for client, items in clients.items()}  # next item last
    done = {client: 0 for client in clients}  # the clock each client is integrated up to

    def missing(item: _Item) -> int | None:
        for dependency in (item.origin, item.right_origin):
            if dependency is not None and dependency[0] != item.client and \
                    done.get(dependency[0], 0) <= dependency[1]:
                return dependency[0]
        return None

    for first in sorted(clients, reverse=True):
        stack = [first]
        while stack:
            queue = queues[stack[-1]]
            if not queue:
                stack.pop()
                continue
            item = queue[-1]
            waiting_for = missing(item)
            if waiting_for is not None:
                if waiting_for in stack or not queues.get(waiting_for):
                    raise Unreadable("An item depends on one the update does not hold.")
                stack.append(waiting_for)
                continue
            queue.pop()
            if item.clock != done[item.client]:
                raise Unreadable("An item's clock leaves a gap.")
            sequence.integrate(item)
            done[item.client] = item.clock + item.length
            if len(stack) > 1:
                stack.pop()  # back to the item that waited for this one
    for client, clock, length in deletions:
        if length:
            sequence.delete(client, clock, length)
    return sequence


def client_runs(update: bytes, root: str = "body") -> list[tuple[int | None, int | None, str]]:
    """(Yjs client id, clock of the first character, text) runs of the text named `root` in a document
    update, in document order; the characters of a run have consecutive clocks (UTF-16 code units, as Yjs
    counts them), so a run ends where the client changes or its clocks stop following on."""
    try:
        sequence = _integrated(update, root)
    except (ValueError, IndexError):  # Unreadable, a cut-short update, text that is not UTF-8
        return slow_client_runs(update, root)
    runs: list[tuple[int | None, int, list[str]]] = []
    end = None  # the clock after the last run's last character
    item = sequence.start
    while item is not None:
        if not item.deleted and item.text:
            if runs and runs[-1][0] == item.client and end == item.clock:
                runs[-1][2].append(item.text)
            else:
                runs.append((item.client, item.clock, [item.text]))
            end = item.clock + item.length
        item = item.right
    return [(client, clock, "".join(parts)) for client, clock, parts in runs]


def _units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def slow_client_runs(update: bytes, root: str = "body") -> list[tuple[int | None, int | None, str]]:
    """The same runs read from the item under each character (quadratic): the reference, and the fallback.
    Its clocks are exact where the text is ASCII; elsewhere pycrdt's byte offsets into an item can make two
    items of one client look like one run (which then goes to one author)."""
    doc = Doc()
    text = doc.get(root, type=Text)
    doc.apply_update(update)
    runs: list[tuple[int | None, int | None, str]] = []
    offset = 0  # pycrdt indexes text in UTF-8 bytes
    previous = None  # (client, clock as reported, clock, char)
    for char in str(text):
        item = text.sticky_index(offset, Assoc.AFTER).to_json().get("item") or {}
        client, reported = item.get("client"), item.get("clock")
        clock = reported
        # pycrdt reports an item's clock plus the UTF-8 offset into the item: within an item, count the
        # clocks on from the previous character instead
        if previous is not None and previous[0] == client and reported is not None and \
                reported == previous[1] + len(previous[3].encode("utf-8")):
            clock = previous[2] + _units(previous[3])
        if runs and previous is not None and previous[0] == client and clock is not None and \
                previous[2] is not None and clock == previous[2] + _units(previous[3]):
            runs[-1] = (client, runs[-1][1], runs[-1][2] + char)
        else:
            runs.append((client, clock, char))
        previous = (client, reported, clock, char)
        offset += len(char.encode("utf-8"))
    return runs
