"""Sliding-window counters: wrong join codes, failed sign-ins, socket flooding.

Two backends behind one interface (`hit`, `blocked_for`, `reset`): in the process's memory, or in Redis when a
message queue is configured, so that several processes behind one proxy share each count (docs/architecture.md §11.4).
`init_app` picks the backend once at start; `limiter(name)` hands out the named counters.
"""

import hashlib
import logging
import secrets
import threading
import time
from collections import deque

from flask import current_app

log = logging.getLogger(__name__)


class SlidingWindow:
    """At most `limit` hits per `window` seconds for each key, counted in this process."""

    def __init__(self, limit: int, window: float, max_keys: int = 50_000):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()

    def _trim(self, hits: deque, now: float) -> None:
        while hits and hits[0] <= now - self.window:
            hits.popleft()

    def blocked_for(self, key: str) -> float:
        """Seconds until `key` may try again (0 when it may now)."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.get(key)
            if not hits:
                return 0.0
            self._trim(hits, now)
            if len(hits) < self.limit:
                return 0.0
            return max(0.0, hits[0] + self.window - now)

    def hit(self, key: str) -> bool:
        """Count one hit; False when the key is over its limit."""
        now = time.monotonic()
        with self._lock:
            if len(self._hits) > self.max_keys:
                self._hits.clear()  # bounded memory; a flood of keys only resets the counters
            hits = self._hits.setdefault(key, deque())
            self._trim(hits, now)
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)


# One sorted set per key, scored by the Redis server's own clock (processes' clocks may differ); each script
# runs atomically, so two processes counting the same key at once never both pass the last free slot.
_HIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 1
"""

_BLOCKED_FOR = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(0, tonumber(oldest[2]) + window - now)
"""


class RedisWindow:
    """The same sliding window, kept in Redis and shared by every process using that server.

    When Redis cannot be reached the limit is not applied (and the failure is logged): an outage of the
    message queue must not lock every delegate and facilitator out of the meeting."""

    def __init__(self, client, name: str, limit: int, window: float):
        self.client, self.name, self.limit, self.window = client, name, limit, window
        self._hit = client.register_script(_HIT)
        self._blocked_for = client.register_script(_BLOCKED_FOR)

    def _key(self, key: str) -> str:
        # Hashed: bounded key length, and no email address stored in Redis as such
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return f"workshop:limit:{self.name}:{digest}"

    def blocked_for(self, key: str) -> float:
        try:
            waited = self._blocked_for(keys=[self._key(key)], args=[int(self.window * 1000), self.limit])
        except Exception:  # noqa: BLE001 - see the class docstring
            log.warning("rate limit %s not checked: Redis unreachable", self.name, exc_info=True)
            return 0.0
        return int(waited) / 1000

    def hit(self, key: str) -> bool:
        try:
            counted = self._hit(keys=[self._key(key)],
                                args=[int(self.window * 1000), self.limit, secrets.token_hex(8)])
        except Exception:  # noqa: BLE001 - see the class docstring
            log.warning("rate limit %s not counted: Redis unreachable", self.name, exc_info=True)
            return True
        return bool(counted)

    def reset(self, key: str) -> None:
        try:
            self.client.delete(self._key(key))
        except Exception:  # noqa: BLE001
            log.warning("rate limit %s not reset: Redis unreachable", self.name, exc_info=True)


# name -> (config key of the limit, config key of the window in seconds)
LIMITS = {
    "join_failures": ("JOIN_FAILURES_ALLOWED", "JOIN_FAILURE_WINDOW"),
    "sign_in_account": ("SIGN_IN_FAILURES_PER_ACCOUNT", "SIGN_IN_FAILURE_WINDOW"),
    "sign_in_client": ("SIGN_IN_FAILURES_PER_CLIENT", "SIGN_IN_FAILURE_WINDOW"),
    "floor_asks": ("FLOOR_ASKS_PER_MINUTE", "FLOOR_ASKS_WINDOW"),
}


def init_app(app) -> None:
    """Choose where the counters live, once: Redis when a message queue is configured, else memory."""
    url = app.config.get("MESSAGE_QUEUE") or ""
    client = None
    if url.startswith(("redis://", "rediss://", "unix://")):
        import redis

        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    limiters = {}
    for name, (limit_key, window_key) in LIMITS.items():
        limit, window = int(app.config[limit_key]), float(app.config[window_key])
        limiters[name] = RedisWindow(client, name, limit, window) if client is not None \
            else SlidingWindow(limit, window)
    app.extensions["limits"] = limiters


def limiter(name: str) -> SlidingWindow | RedisWindow:
    return current_app.extensions["limits"][name]
