"""Authorship runs read in one pass over the CRDT's items give exactly what asking the document for the item
under each character gives (the old, quadratic way), on documents written concurrently by many clients."""

import random

import pytest
from pycrdt import Doc, Text

from workshop.collab import runs
from workshop.collab.runs import client_runs, slow_client_runs

ALPHABET = "ab cd\n[]é😀,"


def written_by_many(rng: random.Random, clients: int, steps: int, formats: bool = False,
                    alphabet: str = ALPHABET) -> bytes:
    """Clients type, delete and sometimes exchange their changes; the result merges all of them."""
    docs = []
    for i in range(clients):
        doc = Doc(client_id=i + 2)
        docs.append((doc, doc.get("body", type=Text)))
    for _ in range(steps):
        _doc, text = rng.choice(docs)
        current = str(text)
        if current and rng.random() < 0.3:
            start = rng.randrange(len(current))
            end = min(len(current), start + rng.randint(1, 5))
            del text[len(current[:start].encode()):len(current[:end].encode())]
        elif current and formats and rng.random() < 0.1:
            start = rng.randrange(len(current))
            text.format(len(current[:start].encode()), len(current[:start + 2].encode()), {"bold": True})
        else:
            at = len(current[:rng.randint(0, len(current))].encode())
            text.insert(at, "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))))
        if len(docs) > 1 and rng.random() < 0.3:
            (a, _), (b, _) = rng.sample(docs, 2)
            b.apply_update(a.get_update(b.get_state()))
            a.apply_update(b.get_update(a.get_state()))
    merged = Doc()
    merged.get("body", type=Text)
    for doc, _ in docs:
        merged.apply_update(doc.get_update())
    return merged.get_update()


@pytest.fixture
def no_sticky_index(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("read per character")

    monkeypatch.setattr(Text, "sticky_index", refuse)


def by_client(found) -> list[tuple[int, str]]:
    merged: list[tuple[int, str]] = []
    for client, _clock, chunk in found:
        if merged and merged[-1][0] == client:
            merged[-1] = (client, merged[-1][1] + chunk)
        else:
            merged.append((client, chunk))
    return merged


def test_runs_equal_the_per_character_reading_on_concurrent_documents():
    rng = random.Random(12)
    for trial in range(300):
        update = written_by_many(rng, rng.randint(1, 7), rng.randint(1, 120), formats=trial % 3 == 0)
        runs._integrated(update, "body")  # readable in one pass, not by the fallback
        assert by_client(client_runs(update)) == by_client(slow_client_runs(update)), trial


def test_run_clocks_equal_the_per_character_reading_on_ascii_documents():
    # The per-character reading knows a character's clock exactly only where UTF-8 bytes and UTF-16 units
    # agree (pycrdt reports an item's clock plus a byte offset into it): ASCII
    rng = random.Random(7)
    for trial in range(200):
        update = written_by_many(rng, rng.randint(1, 7), rng.randint(1, 120), formats=trial % 3 == 0,
                                 alphabet="ab cd\n[],")
        assert client_runs(update) == slow_client_runs(update), trial


def test_a_large_fragmented_document_is_read_without_asking_per_character(no_sticky_index):
    rng = random.Random(3)
    update = written_by_many(rng, 12, 4000)
    found = client_runs(update)
    merged = Doc()
    text = merged.get("body", type=Text)
    merged.apply_update(update)
    assert "".join(chunk for _client, _clock, chunk in found) == str(text)
    assert len(found) > 500 and {client for client, _clock, _chunk in found} == set(range(2, 14))
    # runs are merged: a run ends only where the client changes or its clocks stop following on
    assert all(a[0] != b[0] or a[1] + len(a[2]) != b[1] for a, b in zip(found, found[1:], strict=False))


def test_what_one_pass_cannot_read_is_read_the_slow_way():
    doc = Doc(client_id=5)
    text = doc.get("body", type=Text)
    text += "Members agreed."
    other = doc.get("notes", type=Text)
    other += "not part of the section"
    update = doc.get_update()
    with pytest.raises(runs.Unreadable):
        runs._integrated(update, "body")
    assert client_runs(update) == [(5, 0, "Members agreed.")]
