"""Work that would hold the event loop (password hashing: tens of milliseconds of CPU and 32 MiB for
scrypt), run in a real thread when gevent serves, so every socket keeps moving meanwhile; at most
`AT_ONCE` such jobs run together, the others wait their turn. Elsewhere (tests, the CLI, a threaded
server) it runs in place."""

AT_ONCE = 2
_turns = None


def run(fn, *args):
    from gevent import monkey

    if not monkey.is_module_patched("threading"):
        return fn(*args)
    import gevent
    from gevent.lock import BoundedSemaphore

    global _turns
    if _turns is None:
        _turns = BoundedSemaphore(AT_ONCE)
    with _turns:
        return gevent.get_hub().threadpool.apply(fn, args)
