"""After a secret poll closes, the database files themselves (main file, WAL, shared memory, free pages)
hold nothing that links a voter to a choice (docs/architecture.md §11.2)."""

import os
from pathlib import Path

from sqlalchemy import select, text

from tests.conftest import join_voter
from workshop.extensions import db
from workshop.models import PollKey

OPTIONS = ["Reintegration data sharing", "Joint return training", "Regional referral guidelines"]


def database_files(app) -> list[Path]:
    main = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    return [path for path in (main, Path(f"{main}-wal"), Path(f"{main}-shm")) if path.exists()]


def raw_bytes(app) -> bytes:
    return b"".join(path.read_bytes() for path in database_files(app))


def test_after_close_no_voter_hash_or_poll_key_is_left_in_the_database_files(app, client, meeting, live):
    voters = {name: live(token=join_voter(client, meeting, f"Head of {name}", name))
              for name in ("Australia", "Thailand", "Indonesia", "Philippines")}
    staff = live(token=meeting.facilitator_token, workshop=meeting.slug)
    act = lambda sc, name, data: sc.emit(name, data, namespace="/live", callback=True)  # noqa: E731
    poll = act(staff, "poll.create", {"title": "Which activity first?", "method": "single",
                                      "options": OPTIONS, "secret": True})["data"]
    assert act(staff, "poll.open", {"poll_id": poll["id"]})["ok"]
    ids = [o["id"] for o in poll["options"]]
    seen_hashes, seen_keys = set(), set()
    # Each ballot, and each change of mind, is written and committed while the poll is open
    for round_ in range(3):
        for n, sc in enumerate(voters.values()):
            reply = act(sc, "poll.vote", {"poll_id": poll["id"], "ballot": {"choice": ids[(n + round_) % 3]}})
            assert reply["ok"], reply
            with app.app_context():
                seen_hashes |= set(db.session.scalars(text(
                    "SELECT voter_hash FROM ballot WHERE poll_id = :p AND voter_hash IS NOT NULL"),
                    {"p": poll["id"]}))
                seen_keys |= set(db.session.scalars(select(PollKey.key).where(PollKey.poll_id == poll["id"])))
    assert len(seen_hashes) == 4 and len(seen_keys) == 1
    secret_key = app.config["SECRET_KEY"]
    assert secret_key not in seen_keys  # the key is the poll's own, never the app secret
    # While open, the files do hold them: this is what closing must remove
    before = raw_bytes(app)
    assert any(h.encode() in before for h in seen_hashes)

    closed = act(staff, "poll.close", {"poll_id": poll["id"]})
    assert closed["ok"], closed
    assert closed["data"]["results"]["turnout"]["voted"] == 4

    files = database_files(app)
    wal = [p for p in files if p.name.endswith("-wal")]
    assert all(os.path.getsize(p) == 0 for p in wal)  # checkpointed and truncated
    after = raw_bytes(app)
    for value in seen_hashes | seen_keys:
        assert value.encode() not in after, "a voter's hash or the poll's key survived the close"
        assert value.upper().encode() not in after and bytes.fromhex(value) not in after
    # The choices themselves are still there, to be counted, just not linked to anyone
    assert b'"choice"' in after
