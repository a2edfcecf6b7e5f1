"""JSON from outside, bounded in depth (docs/architecture.md §11.3): a deeply nested body or socket payload is refused as
`invalid`, never a RecursionError answered 500 or an event left without its ack."""

import json
import re

MAX_DEPTH = 20  # levels of objects and lists in one request body or action payload; real ones use 3 or 4
TOO_DEEP_MESSAGE = f"The request is nested too deeply (at most {MAX_DEPTH} levels of objects and lists)."


class TooDeep(dict):
    """Stands for a payload refused for its depth; the action decorator answers it `invalid`."""


def _few_brackets(text, limit: int) -> bool:
    """Fewer opening brackets than the limit in the whole text: no need to walk the parsed value."""
    if isinstance(text, bytes | bytearray):
        return text.count(b"[") + text.count(b"{") <= limit
    return isinstance(text, str) and text.count("[") + text.count("{") <= limit


def within_depth(value, limit: int = MAX_DEPTH) -> bool:
    """Whether `value` nests at most `limit` objects and lists (iterative: no recursion to exhaust)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth > limit:
            return False
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list | tuple))
    return True


def parse(text):
    """json.loads, with too deep a nesting raised as ValueError like any other malformed JSON."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise ValueError(TOO_DEEP_MESSAGE) from None
    if not _few_brackets(text, MAX_DEPTH) and not within_depth(value):
        raise ValueError(TOO_DEEP_MESSAGE)
    return value


# The json module Socket.IO and Engine.IO decode packets with. An event packet is `["name", payload...]`: one
# too deep keeps its name and has its payload replaced by TooDeep, so the action is still acked.
_EVENT_NAME = re.compile(r'\s*\[\s*"([A-Za-z0-9_.]{1,64})"')
dumps = json.dumps


def loads(text, *args, **kwargs):
    try:
        value = json.loads(text, *args, **kwargs)
    except RecursionError:
        value = None
    else:
        if _few_brackets(text, MAX_DEPTH + 1) or within_depth(value, MAX_DEPTH + 1):  # + 1: the packet's list
            return value
    if isinstance(text, bytes | bytearray):
        text = bytes(text[:200]).decode("utf-8", "replace")
    event = _EVENT_NAME.match(text[:200])
    if event:
        return [event.group(1), TooDeep()]
    if text.lstrip().startswith("{"):
        return TooDeep()  # e.g. a connect packet's auth: no token in it, the connection is refused
    raise ValueError(TOO_DEEP_MESSAGE)
