"""Work that would hold the event loop, run in a real thread when gevent serves, so every socket keeps moving
meanwhile: password hashing (tens of milliseconds of CPU and 32 MiB for scrypt), and the jobs whose work grows
with a text (the redline, authorship, every export; DESIGN §11.3). Of each line of work (quick ones such as
hashing; jobs that grow with a text) at most `AT_ONCE` run together, the others wait their turn. A job given a
timeout that has not finished by then is answered `Unavailable` (HTTP 503); its thread runs to its end and only
then gives its turn to the next. Elsewhere (tests, the CLI, a threaded server) a job runs in place.

A job gets plain data (strings, bytes, dataclasses) gathered on the loop: a database session is not safe to
share with another thread."""

import sys
import time

from .services.errors import Unavailable

AT_ONCE = 2
# A job in a thread holds the GIL while it computes in Python; the loop asks for it back every time it has
# waited for a socket, and gets it after at most this long (CPython's default is 5 ms, a noticeable share
# of the 50 ms budget when a request waits on its socket a few times)
SWITCH_SECONDS = 0.001
JOB_SECONDS = 20.0  # the default for `job`; the app's JOB_SECONDS (WORKSHOP_JOB_SECONDS) overrides it
_turns: dict = {}


def _semaphore(line: str):
    """Each line of work has its own turns: two long exports do not keep a facilitator from signing in."""
    from gevent.lock import BoundedSemaphore

    if line not in _turns:
        _turns[line] = BoundedSemaphore(AT_ONCE)
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_SECONDS))
    return _turns[line]


def _too_long(seconds: float) -> Unavailable:
    return Unavailable(f"This took too long to prepare (more than {seconds:g} seconds): the server is busy or "
                       "the text is very large. Please try again in a moment.")


def run(fn, *args, timeout: float | None = None, line: str = "quick"):
    from gevent import monkey

    if not monkey.is_module_patched("threading"):
        return fn(*args)
    import gevent

    turns = _semaphore(line)
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


def job(fn, *args):
    """A job whose work grows with its input: off the loop, with the configured timeout."""
    seconds = JOB_SECONDS
    try:
        from flask import current_app

        seconds = float(current_app.config.get("JOB_SECONDS", JOB_SECONDS))
    except RuntimeError:  # outside an application context
        pass
    return run(fn, *args, timeout=seconds, line="jobs")
