"""Several processes (docs/architecture.md §7 rule 8): every replica receives the others' updates over Redis.

Each process sends its own sockets the changes its replica integrates, and publishes them here; a
client never sees a change before the replica serving it does, so it cannot build on something its
replica lacks. Updates are idempotent and commutative: order and duplicates do not matter.
"""

import base64
import json
import logging
import secrets

from sqlalchemy.orm import Session

from ..models import Section
from .protocol import BadFrame, awareness_client_ids

log = logging.getLogger(__name__)

CHANNEL = "workshop:collab"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class Relay:
    def __init__(self, engine, url: str):
        import redis

        self.engine = engine
        self.redis = redis.Redis.from_url(url)
        self.origin = secrets.token_hex(8)
        self._stopped = False

    def start(self, spawn) -> None:
        spawn(self._listen)

    def stop(self) -> None:
        self._stopped = True

    def _publish(self, message: dict) -> None:
        try:
            self.redis.publish(CHANNEL, json.dumps({"origin": self.origin, **message}))
        except Exception:
            # The other replicas still catch up from the log before answering a step 1
            log.exception("could not reach the other processes")

    def publish_changes(self, changes) -> None:
        for change in changes:
            self._publish({"kind": "update", "section_id": change.section_id, "epoch": change.epoch,
                           "data": _b64(change.update)})

    def publish_awareness(self, replica, update: bytes, owner: str | None = None) -> None:
        """`owner`: who set these states (an actor key), so that no socket of another process speaks for
        them (a removal on disconnect has none)."""
        self._publish({"kind": "awareness", "section_id": replica.section_id, "epoch": replica.epoch,
                       "data": _b64(update), "owner": owner})

    def publish_restore(self, section_id: int, epoch: int) -> None:
        self._publish({"kind": "restore", "section_id": section_id, "epoch": epoch})

    def _listen(self) -> None:
        while not self._stopped:
            try:
                pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                for message in pubsub.listen():
                    if self._stopped:
                        return
                    self.receive(message.get("data"))
            except Exception:
                log.exception("the link to the other processes failed; retrying")
                self.engine.sleep(1)

    def receive(self, raw) -> None:
        try:
            message = json.loads(raw)
        except (TypeError, ValueError):
            return
        if not isinstance(message, dict) or message.get("origin") == self.origin:
            return
        replica = self.engine.loaded(message.get("section_id"))
        if replica is None:
            return  # not loaded here: it will be read from the log when it is
        kind = message.get("kind")
        if kind == "restore":
            if message.get("epoch") != replica.epoch:
                with Session(self.engine.bind) as session:
                    section = session.get(Section, replica.section_id)
                    if section is not None:
                        self.engine.replace(session, section)
            return
        if message.get("epoch") != replica.epoch:
            return
        data = base64.b64decode(message.get("data") or "")
        if kind == "update":
            self.engine.integrate(replica, [data])
        elif kind == "awareness":
            try:
                client_ids = awareness_client_ids(data)
            except BadFrame:
                log.warning("an unreadable awareness update came from another process")
                return
            owner = message.get("owner")
            with replica.lock:
                replica.awareness.apply_awareness_update(data, "relay")
                replica.owned_elsewhere(client_ids, owner if isinstance(owner, str) else None)
            self.engine.send(replica, None, awareness_ids=client_ids)
