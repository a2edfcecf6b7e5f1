"""collab.ranges.update_ranges reads which clocks an update holds, for every kind of content, as the
document's own state vector counts them."""

import pytest
from pycrdt import Array, Doc, Map, Text, XmlElement, XmlFragment, XmlText

from workshop.collab.ranges import TooManyStructs, update_ranges
from workshop.collab.replica import decode_state_vector


def covered(doc: Doc, since: bytes | None = None) -> dict[int, int]:
    update = doc.get_update(since) if since is not None else doc.get_update()
    return {client: spans[-1][1] for client, spans in update_ranges(update).items()}


def test_every_kind_of_content_is_counted_as_the_state_vector_counts_it():
    doc = Doc(client_id=12)
    text = doc.get("body", type=Text)
    text += "Plain, é, 😀 and more."
    text.format(0, 5, {"bold": True})
    del text[2:4]
    items = doc.get("list", type=Array)
    items.append(1)
    items.append({"a": [1, 2.5, None, True, "s"], "b": {"c": -7}})
    items.append(b"\x00\x01")
    fields = doc.get("fields", type=Map)
    fields["k"] = "v"
    fields["text"] = Text("inner")
    fragment = doc.get("doc", type=XmlFragment)
    paragraph = fragment.children.append(XmlElement("paragraph", {"align": "left"}))
    paragraph.children.append(XmlText("A paragraph in the document editor's shape."))
    assert covered(doc) == decode_state_vector(doc.get_state())


def test_an_update_after_a_state_holds_only_the_new_clocks():
    doc = Doc(client_id=3)
    text = doc.get("body", type=Text)
    text += "first "
    state = doc.get_state()
    text += "second"
    assert update_ranges(doc.get_update(state)) == {3: [(6, 12)]}


def test_reading_stops_past_the_struct_budget_and_on_bad_bytes():
    doc = Doc(client_id=3)
    text = doc.get("body", type=Text)
    for i in range(50):
        text.insert(0 if i % 2 else len(str(text)), "ab")
    with pytest.raises(TooManyStructs):
        update_ranges(doc.get_update(), max_structs=10)
    with pytest.raises(ValueError):
        update_ranges(b"\x01\x05\x03")
