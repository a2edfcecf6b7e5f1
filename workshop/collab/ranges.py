"""Which items an update holds: per Yjs client id, the clock range of its structs, read from the update's
own encoding (Yjs update format v1), without applying it. The replica credits authorship from it."""


class UpdateReader:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def byte(self) -> int:
        value = self.data[self.pos]
        self.pos += 1
        return value

    def uint(self) -> int:
        value, shift = 0, 0
        while True:
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7
            if shift > 70:
                raise ValueError("a number too long")

    def skip_int(self) -> None:  # lib0 signed varint
        while self.byte() & 0x80:
            pass

    def skip(self, count: int) -> None:
        if count < 0 or self.pos + count > len(self.data):
            raise ValueError("shorter than it says")
        self.pos += count

    def string(self) -> str:
        length = self.uint()
        start = self.pos
        self.skip(length)
        return self.data[start:self.pos].decode("utf-8")

    def skip_string(self) -> None:
        self.skip(self.uint())

    def skip_any(self, depth: int = 0) -> None:
        if depth > 100:
            raise ValueError("nested too deeply")
        kind = self.byte()
        if kind in (127, 126, 121, 120):  # undefined, null, false, true
            return
        if kind == 125:
            self.skip_int()
        elif kind == 124:
            self.skip(4)
        elif kind in (123, 122):
            self.skip(8)
        elif kind in (119, 116):  # string, bytes
            self.skip_string()
        elif kind == 118:  # object
            for _ in range(self.uint()):
                self.skip_string()
                self.skip_any(depth + 1)
        elif kind == 117:  # array
            for _ in range(self.uint()):
                self.skip_any(depth + 1)
        else:
            raise ValueError(f"unknown value type {kind}")


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _content_length(reader: UpdateReader, ref: int) -> int:
    if ref == 1:  # deleted
        return reader.uint()
    if ref == 2:  # JSON
        count = reader.uint()
        for _ in range(count):
            reader.skip_string()
        return count
    if ref == 3:  # binary
        reader.skip_string()
        return 1
    if ref == 4:  # string
        return utf16_length(reader.string())
    if ref == 5:  # embed
        reader.skip_string()
        return 1
    if ref == 6:  # format
        reader.skip_string()
        reader.skip_string()
        return 1
    if ref == 7:  # type
        if reader.uint() in (3, 4):  # XmlElement, XmlHook: their name
            reader.skip_string()
        return 1
    if ref == 8:  # any
        count = reader.uint()
        for _ in range(count):
            reader.skip_any()
        return count
    if ref == 9:  # subdocument
        reader.skip_string()
        reader.skip_any()
        return 1
    raise ValueError(f"unknown content type {ref}")


class TooManyStructs(ValueError):
    """More structs than the caller wants read (the work is linear in them)."""


def update_ranges(update: bytes, max_structs: int | None = None) -> dict[int, list[tuple[int, int]]]:
    """Per client id, the [start, end) clock ranges of the structs an update holds (skips excluded).
    Raises ValueError for an update that cannot be read, TooManyStructs past `max_structs`."""
    reader = UpdateReader(update)
    ranges: dict[int, list[tuple[int, int]]] = {}
    budget = max_structs
    try:
        for _ in range(reader.uint()):
            count, client, clock = reader.uint(), reader.uint(), reader.uint()
            if budget is not None:
                budget -= count
                if budget < 0:
                    raise TooManyStructs(f"more than {max_structs} structs")
            for _ in range(count):
                info = reader.byte()
                ref = info & 0x1F
                if ref == 0:  # GC
                    length = reader.uint()
                elif ref == 10:  # skip: nothing of this client in that range
                    clock += reader.uint()
                    continue
                else:
                    if info & 0x80:  # left origin
                        reader.uint(), reader.uint()
                    if info & 0x40:  # right origin
                        reader.uint(), reader.uint()
                    if not info & 0xC0:
                        if reader.uint() == 1:  # parent by name
                            reader.skip_string()
                        else:  # parent by id
                            reader.uint(), reader.uint()
                        if info & 0x20:  # key in a map
                            reader.skip_string()
                    length = _content_length(reader, ref)
                spans = ranges.setdefault(client, [])
                if spans and spans[-1][1] == clock:
                    spans[-1] = (spans[-1][0], clock + length)
                else:
                    spans.append((clock, clock + length))
                clock += length
    except (IndexError, UnicodeDecodeError) as error:
        raise ValueError(f"the update cannot be read: {error}") from None
    return ranges
