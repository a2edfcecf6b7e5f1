"""A job worker: a Python process of its own that runs the work that grows with a text (the redline,
authorship, every export) for `workshop serve`, so that neither the work nor its garbage collection holds the
server's interpreter (workshop.services.offload starts it, gives it jobs one at a time and stops it when a job runs
over its time).

Messages on stdin and on the stdout it was started with are 4-byte big-endian lengths followed by a pickle:
in, (module, function name, args); out, ("ok", result) or ("error", exception). Only the server that started
the worker writes to it. Anything printed goes to stderr (the server's log)."""

import importlib
import os
import pickle
import sys


def _read(stream, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _answer(result) -> bytes:
    try:
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as error:  # an exception that cannot travel: its text does
        return pickle.dumps(("error", RuntimeError(f"{type(error).__name__}: {error}")))


def main() -> int:
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not break the messages
    while True:
        try:
            size = int.from_bytes(_read(requests, 4), "big")
            module, name, args = pickle.loads(_read(requests, size))
        except EOFError:
            return 0  # the server is gone or stopped this worker
        try:
            result = ("ok", getattr(importlib.import_module(module), name)(*args))
        except Exception as error:  # noqa: BLE001 - handed back to the server, which raises it there
            result = ("error", error)
        data = _answer(result)
        replies.write(len(data).to_bytes(4, "big") + data)
        replies.flush()


if __name__ == "__main__":
    sys.exit(main())
