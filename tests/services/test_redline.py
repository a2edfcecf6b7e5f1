"""The redline compares lines first and words only where lines changed, within a bounded amount of work:
a 10 KB section with edits all over used to cost difflib millions of word comparisons (7.6 s on the loop)."""

import random

from workshop.services.revisions import _WORDS, PAIR_WORK, TOTAL_WORK, word_diff

WORDS = ["the", "members", "agreed", "to", "share", "[good]", "practices", "on", "returns", ",", ".", "and",
         "reintegration", "of", "migrants", "RSO", "Co-Chairs", "noted"]


def sides(ops):
    old = "".join(o["text"] for o in ops if o["op"] != "insert")
    new = "".join(o["text"] for o in ops if o["op"] != "delete")
    return old, new


def prose(rng: random.Random, size: int, breaks=(".\n", ".\n\n", ". ")) -> str:
    out, length = [], 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40))) + rng.choice(breaks)
        out.append(sentence)
        length += len(sentence)
    return "".join(out)


def scatter_edits(rng: random.Random, text: str, count: int) -> str:
    chars = list(text)
    for _ in range(count):
        at = rng.randrange(len(chars))
        chars[at:at + rng.randint(0, 8)] = rng.choice(WORDS)
    return "".join(chars)


def test_known_small_redlines():
    assert word_diff("Members agree to share good practices.", "Members agree to share promising practices.") \
        == [{"op": "equal", "text": "Members agree to share "}, {"op": "delete", "text": "good"},
            {"op": "insert", "text": "promising"}, {"op": "equal", "text": " practices."}]
    assert word_diff("", "") == []
    assert word_diff("", "New text.") == [{"op": "insert", "text": "New text."}]
    assert word_diff("Old text.", "") == [{"op": "delete", "text": "Old text."}]
    assert word_diff("Same.\n", "Same.\n") == [{"op": "equal", "text": "Same.\n"}]
    # a paragraph added between two others, and a word changed in the last one
    old = "## Opening\n\nThe meeting opened.\n\nMembers agreed to meet in Bali.\n"
    new = "## Opening\n\nThe meeting opened.\n\nThe RSO reported.\n\nMembers agreed to meet in Colombo.\n"
    assert word_diff(old, new) == [
        {"op": "equal", "text": "## Opening\n\nThe meeting opened.\n\n"},
        {"op": "insert", "text": "The RSO reported.\n\n"},
        {"op": "equal", "text": "Members agreed to meet in "}, {"op": "delete", "text": "Bali"},
        {"op": "insert", "text": "Colombo"}, {"op": "equal", "text": ".\n"}]
    # a change across a line break stays word-exact
    ops = word_diff("One line\nand another\n", "One line and\nanother\n")
    assert sides(ops) == ("One line\nand another\n", "One line and\nanother\n")
    assert ops[0] == {"op": "equal", "text": "One line"}


def test_one_word_changed_in_a_10_kb_section_is_found_word_for_word():
    rng = random.Random(1)
    old = prose(rng, 10_000)
    middle = old.index(" returns ", 5_000)
    new = old[:middle] + " readmission " + old[middle + len(" returns "):]
    work = {}
    assert word_diff(old, new, work) == [
        {"op": "equal", "text": old[:middle + 1]}, {"op": "delete", "text": "returns"},
        {"op": "insert", "text": "readmission"}, {"op": "equal", "text": old[middle + len(" returns") :]}]
    assert work["compared"] < 10_000 and work["coarse"] == 0


def test_10_kb_sections_with_edits_everywhere_are_compared_within_the_bound():
    rng = random.Random(7)
    for breaks in ((".\n", ".\n\n", ". "), (". ",)):  # many paragraphs, then one 10 KB paragraph
        old = prose(rng, 10_000, breaks)
        for new in (scatter_edits(rng, old, 300), prose(rng, 10_000, breaks), old.upper()):
            work = {}
            ops = word_diff(old, new, work)
            assert sides(ops) == (old, new)
            # difflib on every word against every other compares the product of the two word counts
            every_pair = len(_WORDS.findall(old)) * len(_WORDS.findall(new))
            assert work["compared"] <= TOTAL_WORK and work["compared"] < every_pair / 3, (work, every_pair)
    # edits all over one long paragraph are still shown word by word, not as one replaced block
    old = prose(rng, 10_000, (". ",))
    new = scatter_edits(rng, old, 100)
    work = {}
    ops = word_diff(old, new, work)
    assert sides(ops) == (old, new) and work["coarse"] == 0
    assert max(len(o["text"]) for o in ops if o["op"] != "equal") < 200


def test_a_stretch_too_large_to_compare_is_shown_replaced_whole():
    rng = random.Random(3)
    count = int(PAIR_WORK ** 0.5)  # words and spaces: twice as many tokens on each side, no clause breaks
    old = " ".join(rng.choice(WORDS[:9]) for _ in range(count))
    new = " ".join(rng.choice(WORDS[11:]) for _ in range(count))
    work = {}
    ops = word_diff(old, new, work)
    assert ops == [{"op": "delete", "text": old}, {"op": "insert", "text": new}]
    assert work["coarse"] == 1 and work["compared"] == 1  # the one line against the other
