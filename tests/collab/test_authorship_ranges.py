"""Authorship by item ranges (collab.replica.AuthorMap): each apply credits the clocks it added to the
member who sent it, whatever Yjs client id the update claims, and the text reads back in runs per author."""

import random

from pycrdt import Doc, Text

from workshop.collab.replica import Author, AuthorMap, Replica, _minus, _overlap
from workshop.services.authorship import _by_author, _client_runs

MARIA = Author("participant", 1, 2)
SOMCHAI = Author("participant", 2, 3)
BUDI = Author("participant", 3, 4)


def runs_of(replica: Replica) -> list[tuple[int | None, str]]:
    return [(author.id if author else None, text)
            for client, clock, run in _client_runs(replica)
            for author, text in _by_author(replica, AuthorMap(), client, clock, run)]


def test_three_writers_on_one_client_id_each_keep_their_words_non_ascii_included():
    replica = Replica(1, 1, 1)
    forged = Doc(client_id=77)
    text = forged.get("body", type=Text)
    text += "é😀ab ü"
    replica.apply(forged.get_update(), MARIA)
    state = forged.get_state()
    text += "Thai ü😀 text."
    replica.apply(forged.get_update(state), SOMCHAI)
    state = forged.get_state()
    text.insert(0, "Front ")
    replica.apply(forged.get_update(state), BUDI)
    assert str(replica.text) == "Front é😀ab üThai ü😀 text."
    assert runs_of(replica) == [(3, "Front "), (1, "é😀ab ü"), (2, "Thai ü😀 text.")]


def test_one_writer_typing_on_is_one_range():
    replica = Replica(1, 1, 1)
    doc = Doc(client_id=5)
    text = doc.get("body", type=Text)
    for word in ["Members ", "agree ", "to share."]:
        state = doc.get_state()
        text += word
        replica.apply(doc.get_update(state), MARIA)
    assert len(replica.authors.dirty()) == 1
    assert replica.authors.find(5, 0) == MARIA and replica.authors.find(5, 20) == MARIA
    assert replica.authors.find(5, 500) is None and replica.authors.find(5, 500, nearest=True) == MARIA


def test_a_duplicate_update_credits_nothing_new():
    replica = Replica(1, 1, 1)
    doc = Doc(client_id=5)
    doc.get("body", type=Text).insert(0, "Agreed.")
    replica.apply(doc.get_update(), MARIA)
    replica.apply(doc.get_update(), SOMCHAI)  # the same items again, from someone else
    assert runs_of(replica) == [(1, "Agreed.")]


def test_items_left_waiting_are_credited_to_their_sender_when_another_update_lets_them_in():
    """Somchai sends items on Maria's client id after a gap; Maria's own typing fills the gap and lets
    them in: they are still his, not hers."""
    replica = Replica(1, 1, 1)
    maria = Doc(client_id=77)
    maria_text = maria.get("body", type=Text)
    maria_text += "Hello"
    replica.apply(maria.get_update(), MARIA)
    forger = Doc(client_id=77)
    forger_text = forger.get("body", type=Text)
    forger.apply_update(maria.get_update())
    forger_text += "abcde"  # never sent: the gap
    gap = forger.get_state()
    forger_text += "EVIL"
    replica.apply(forger.get_update(gap), SOMCHAI)
    assert str(replica.text) == "Hello"  # waiting for what it builds on
    state = maria.get_state()
    maria_text += "12345"
    replica.apply(maria.get_update(state), MARIA)
    assert str(replica.text) == "Hello12345EVIL"
    assert runs_of(replica) == [(1, "Hello12345"), (2, "EVIL")]


def test_a_range_is_stored_once_and_its_end_brought_up_to_date_on_compaction(app):
    """Typing on does not write a row per keystroke; the stored end catches up when the log is folded,
    and lookups between the two go to the same writer."""
    from sqlalchemy import select

    from tests.conftest import make_draft, make_meeting
    from workshop.collab import engine_for
    from workshop.collab.replica import author_at
    from workshop.collab.store import stored_authors
    from workshop.extensions import db
    from workshop.models import Section, SectionAuthor, User

    meeting = make_meeting(app)
    draft = make_draft(app, meeting)
    with app.app_context():
        user = db.session.scalars(select(User)).first()
        author = Author("user", user.id)
        engine = engine_for(db.session)
        replica = engine.replica(db.session, db.session.get(Section, draft.section_id))
        doc = Doc(client_id=4321)
        text = doc.get("body", type=Text)
        for word in ["Members ", "agree ", "to share."]:
            state = doc.get_state()
            text += word
            engine.share(replica, replica.apply(doc.get_update(state), author))
            engine.flush()
        rows = db.session.scalars(select(SectionAuthor).where(SectionAuthor.client_id == 4321)).all()
        assert [(r.clock_start, r.clock_end) for r in rows] == [(0, len("Members "))]
        stored = stored_authors(db.session, draft.section_id)
        assert author_at(4321, 20, stored).user_id == user.id  # past the stored end
        assert engine.compact(replica)
        db.session.expire_all()
        rows = db.session.scalars(select(SectionAuthor).where(SectionAuthor.client_id == 4321)).all()
        assert [(r.clock_start, r.clock_end) for r in rows] == [(0, len("Members agree to share."))]


class CountedSpans(list):
    """A sorted span list that counts how many of its spans are read."""

    reads = 0

    def __iter__(self):
        for item in super().__iter__():
            CountedSpans.reads += 1
            yield item

    def __getitem__(self, index):
        CountedSpans.reads += 1
        return super().__getitem__(index)


def test_span_arithmetic_matches_a_plain_scan_and_reads_only_near_spans():

    def overlap(span, spans):
        start, end = span
        return [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]

    rng = random.Random(4)
    for _ in range(5000):
        points = sorted(rng.sample(range(300), rng.randrange(0, 25) * 2))
        spans = list(zip(points[::2], points[1::2], strict=True))
        start = rng.randrange(300)
        span = (start, rng.randrange(start, 301))
        assert _overlap(span, spans) == overlap(span, spans)
        covered = {c for s, e in overlap(span, spans) for c in range(s, e)}
        assert {c for s, e in _minus(span, spans) for c in range(s, e)} == set(range(*span)) - covered

    # An update of many small items separated by gaps: each of its spans looks only at its neighbours,
    # so crediting it is not items x items
    spans = CountedSpans((2 * i, 2 * i + 1) for i in range(20_000))
    CountedSpans.reads = 0
    for i in range(0, 40_000, 2):
        _overlap((i, i + 1), spans)
        _minus((i, i + 1), spans)
    assert CountedSpans.reads < 20_000 * 2 * 40
