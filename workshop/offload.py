"""Work that would hold the event loop (password hashing: tens of milliseconds of CPU), run in a real
thread when gevent serves, so every socket keeps moving meanwhile. Elsewhere (tests, the CLI, a
threaded server) it runs in place."""


def run(fn, *args):
    from gevent import monkey

    if not monkey.is_module_patched("threading"):
        return fn(*args)
    import gevent

    return gevent.get_hub().threadpool.apply(fn, args)
