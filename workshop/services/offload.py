"""Work that would hold the event loop, done beside it when gevent serves, so every socket keeps moving
meanwhile (docs/architecture.md §11.3). Elsewhere (tests, the CLI, a threaded server) it runs in place.

- `run`: quick work that spends its time outside the interpreter (password hashing: tens of milliseconds and
  32 MiB for scrypt) runs in a real thread; at most `AT_ONCE` together, the others wait their turn.
- `job`: work that grows with a text (the redline, authorship, every export) runs in a worker process
  (workshop.jobs): in a thread it would still hold the interpreter's lock, and its garbage collection would
  stop the loop. At most `AT_ONCE` workers; a job not done within the app's JOB_SECONDS is answered
  `Unavailable` (HTTP 503) and its worker is stopped, so the work really ends. A job gets plain data
  (strings, bytes, dataclasses) read on the loop and returns plain data."""

import os
import pickle
import sys
import time

from .errors import Unavailable

AT_ONCE = 2
JOB_SECONDS = 20.0  # the default for `job`; the app's JOB_SECONDS (WORKSHOP_JOB_SECONDS) overrides it
_turns: dict = {}
_idle: list = []  # workers waiting for a job


def _semaphore(line: str):
    """Each line of work has its own turns: two long exports do not keep a facilitator from signing in."""
    from gevent.lock import BoundedSemaphore

    if line not in _turns:
        _turns[line] = BoundedSemaphore(AT_ONCE)
    return _turns[line]


def _too_long(seconds: float) -> Unavailable:
    return Unavailable(f"This took too long to prepare (more than {seconds:g} seconds): the server is busy or "
                       "the text is very large. Please try again in a moment.")


def _gevent_serves() -> bool:
    from gevent import monkey

    return monkey.is_module_patched("threading")


def run(fn, *args, timeout: float | None = None):
    """fn(*args) in a thread beside the loop (under gevent), waiting at most `timeout` seconds for it."""
    if not _gevent_serves():
        return fn(*args)
    import gevent

    turns = _semaphore("threads")
    started = time.monotonic()
    if not turns.acquire(timeout=timeout):
        raise _too_long(timeout)
    try:
        result = gevent.get_hub().threadpool.spawn(fn, *args)
    except BaseException:
        turns.release()
        raise
    # The turn is given back when the thread ends, not when the caller stops waiting for it
    result.rawlink(lambda _result: turns.release())
    remaining = None if timeout is None else max(0.0, timeout - (time.monotonic() - started))
    try:
        return result.get(timeout=remaining)
    except gevent.Timeout:
        raise _too_long(timeout) from None


class _Worker:
    """One workshop.jobs process and its two pipes."""

    def __init__(self):
        import subprocess  # gevent's, under `workshop serve`: reading the pipe lets the loop run

        env = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
        self.process = subprocess.Popen([sys.executable, "-m", "workshop.jobs"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=env)

    def call(self, fn, args) -> tuple[str, object]:
        """("ok", result) or ("error", the exception the job raised)."""
        data = pickle.dumps((fn.__module__, fn.__name__, args), protocol=pickle.HIGHEST_PROTOCOL)
        self.process.stdin.write(len(data).to_bytes(4, "big") + data)
        self.process.stdin.flush()
        return pickle.loads(self._read(int.from_bytes(self._read(4), "big")))

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.process.stdout.read(size - len(data))
            if not chunk:
                raise RuntimeError("The job worker stopped.")
            data += chunk
        return data

    def stop(self) -> None:
        import gevent

        self.process.kill()
        gevent.spawn(self.process.wait)  # reaped in the background


def in_worker(fn, *args, timeout: float):
    """fn(*args) in a worker process; `fn` must be importable by its module and name."""
    import gevent

    turns = _semaphore("workers")
    started = time.monotonic()
    if not turns.acquire(timeout=timeout):
        raise _too_long(timeout)
    worker = None
    try:
        worker = _idle.pop() if _idle else _Worker()
        answer = None
        with gevent.Timeout(max(0.0, timeout - (time.monotonic() - started)), False):
            answer = worker.call(fn, args)
        if answer is None:
            raise _too_long(timeout)
        _idle.append(worker)  # it answered: ready for the next job
        worker = None
        status, value = answer
        if status == "error":
            raise value
        return value
    except (OSError, EOFError, pickle.UnpicklingError) as error:
        raise RuntimeError(f"The job worker failed: {error}") from error
    finally:
        if worker is not None:  # over time or broken: its work ends with it
            worker.stop()
        turns.release()


def job(fn, *args):
    """Work that grows with its input: in a worker process under gevent, within the configured time."""
    if not _gevent_serves():
        return fn(*args)
    seconds = JOB_SECONDS
    try:
        from flask import current_app

        seconds = float(current_app.config.get("JOB_SECONDS", JOB_SECONDS))
    except RuntimeError:  # outside an application context
        pass
    return in_worker(fn, *args, timeout=seconds)
