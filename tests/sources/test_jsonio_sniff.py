"""JSON Lines or one document: broken first lines must not turn valid JSONL into one bad document."""

from __future__ import annotations

import json

from townsquare.sources.base import ReadContext, SourceStats
from townsquare.sources.jsonio import BOM, iter_json


def status(i):
    return {
        "id": str(i),
        "visibility": "public",
        "account": {"id": "1", "acct": "a"},
        "content": f"<p>post {i} about the town</p>",
    }


def records(path):
    ctx = ReadContext(SourceStats(str(path), "mastodon"))
    values = [value for value, _ in iter_json(path, ctx)]
    return values, [(r.line, r.cause) for r in ctx.quarantine_sink.records]


def test_two_broken_first_lines_then_good_jsonl(tmp_path):
    path = tmp_path / "m.jsonl"
    good = "".join(json.dumps(status(i)) + "\n" for i in range(5))
    path.write_text('{"id":"x","visibility":"pub\ngarbage\n' + good)
    values, quarantined = records(path)
    assert [v["id"] for v in values] == ["0", "1", "2", "3", "4"]
    assert [line for line, _ in quarantined] == [1, 2]


def test_document_opening_on_its_first_line(tmp_path):
    # `{"statuses": [` parses neither alone nor as a lone opener; one-line items inside must not look like JSONL
    path = tmp_path / "page.json"
    path.write_text('{"statuses": [\n' + ",\n".join(json.dumps(status(i)) for i in range(3)) + "\n]}\n")
    values, quarantined = records(path)
    assert quarantined == [] and len(values) == 1 and len(values[0]["statuses"]) == 3


def test_array_split_over_lines(tmp_path):
    path = tmp_path / "arr.json"
    path.write_text("[" + json.dumps(status(1)) + ",\n " + json.dumps(status(2)) + "]\n")
    values, quarantined = records(path)
    assert quarantined == [] and [v["id"] for v in values] == ["1", "2"]


def test_broken_pretty_document_is_one_record(tmp_path):
    path = tmp_path / "doc.json"
    text = json.dumps([status(1), status(2)], indent=2)
    path.write_text(text[: len(text) // 2])
    values, quarantined = records(path)
    assert values == [] and len(quarantined) == 1


def test_bom_is_ignored_in_every_mode(tmp_path):
    one_line = json.dumps(status(1)).encode()
    cases = {
        "bom.jsonl": BOM + one_line + b"\n" + json.dumps(status(2)).encode() + b"\n",
        "bom_pretty.json": BOM + json.dumps([status(1), status(2)], indent=2).encode(),
        "bom_arr.json": BOM + b"[" + one_line + b",\n" + json.dumps(status(2)).encode() + b"]",
        "bom_space.json": BOM + b"  [\n" + one_line + b",\n" + json.dumps(status(2)).encode() + b"\n]",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        values, quarantined = records(path)
        assert quarantined == [], name
        assert [v["id"] for v in values] == ["1", "2"], name


def test_is_document_for_readers_with_their_own_loop(tmp_path):
    from townsquare.sources.jsonio import is_document

    cases = {
        "lines.jsonl": (json.dumps(status(1)) + "\n" + json.dumps(status(2)) + "\n", False),
        "broken_first.jsonl": ("garbage\n" + json.dumps(status(2)) + "\n", False),
        "pretty.json": (json.dumps([status(1)], indent=2), True),
        "split_array.json": ("[" + json.dumps(status(1)) + ",\n" + json.dumps(status(2)) + "]", True),
    }
    for name, (text, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(BOM + text.encode())
        with open(path, "rb") as fh:
            assert is_document(fh) is expected, name
            assert fh.tell() == 0
