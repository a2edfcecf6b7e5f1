"""Which serving processes are alive, when several share a message queue (docs/architecture.md §8).

Presence is read from live_connection rows. A process that dies (killed, out of memory, its machine gone)
never removes its rows, so its delegates would stay "online" for ever. Each process stamps a heartbeat in
Redis every SERVER_HEARTBEAT seconds (Redis's clock, so the machines' clocks do not matter); any process
that finds another's stamp older than SERVER_TIMEOUT drops that process's rows and tells the workshops.
"""

import logging

from ..extensions import db, socketio
from ..services import presence
from .broadcast import broadcast_presence
from .connection import SERVER_ID

log = logging.getLogger(__name__)

HEARTBEATS = "workshop:servers"  # Redis hash: server id -> its last stamp (Redis time, seconds)


class Liveness:
    def __init__(self, app, url: str):
        import redis

        self.app = app
        self.redis = redis.Redis.from_url(url)
        self.heartbeat = float(app.config.get("SERVER_HEARTBEAT", 5))
        self.timeout = float(app.config.get("SERVER_TIMEOUT", 20))

    def start(self) -> None:
        """Stamp at once (before this process takes connections, so no sweep mistakes its rows for a dead
        process's), then keep stamping and sweeping."""
        self.stamp()
        socketio.start_background_task(self._run)

    def stamp(self) -> float:
        seconds, micros = self.redis.time()
        now = seconds + micros / 1e6
        self.redis.hset(HEARTBEATS, SERVER_ID, now)
        return now

    def sweep(self) -> set[int]:
        """Drop the rows of processes whose heartbeat stopped; returns the workshops told."""
        now = self.stamp()
        stamps = {key.decode(): float(value) for key, value in self.redis.hgetall(HEARTBEATS).items()}
        alive = {server for server, at in stamps.items() if now - at <= self.timeout}
        with self.app.app_context():
            try:
                workshops = presence.forget_servers_except(db.session, alive)
                db.session.commit()
                for workshop_id in workshops:
                    broadcast_presence(workshop_id, participants=False)
            finally:
                db.session.remove()
        dead = set(stamps) - alive
        if dead:
            self.redis.hdel(HEARTBEATS, *dead)
        return workshops

    def _run(self) -> None:
        while True:
            socketio.sleep(self.heartbeat)
            try:
                self.sweep()
            except Exception:
                log.exception("could not check which processes are alive; trying again")
