"""A damaged index folder (review 5, R5-6): every reading command says which file and how to fix it, in one line
with exit 1, and writes nothing into the folder; `serve` refuses to start. (INDEX/embedder has its own tests in
tests/server/test_server_damaged_embedder.py.)"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.errors import InputError
from townsquare.index import Searcher, build_index, forget

from .test_search import STORY, write_part


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("damaged")
    write_part(root / "corpus", "00000", STORY)
    build_index(root / "corpus", root / "index")
    return root


def _cut_in_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _set_manifest(key: str, value: object) -> Callable[[Path], None]:
    def damage(index: Path) -> None:
        manifest = index / "manifest.json"
        manifest.write_text(json.dumps({**json.loads(manifest.read_text()), key: value}))

    return damage


# (what is damaged, how, the file the line must name, what it must say)
DAMAGE = [
    ("store removed", lambda i: (i / "posts.sqlite").unlink(), "posts.sqlite", "is missing"),
    ("store emptied", lambda i: (i / "posts.sqlite").write_bytes(b""), "posts.sqlite", "is damaged"),
    ("store not SQLite", lambda i: (i / "posts.sqlite").write_bytes(b"x" * 4096), "posts.sqlite", "is damaged"),
    ("manifest not JSON", lambda i: (i / "manifest.json").write_text("{bad"), "manifest.json", "is damaged (not JSON"),
    ("manifest a list", lambda i: (i / "manifest.json").write_text("[]"), "manifest.json", "is damaged"),
    ("version a string", _set_manifest("version", "4"), "manifest.json", 'its "version" is "4", not an index format'),
    ("dim missing", _set_manifest("dim", None), "manifest.json", "its 'dim' is null"),
    ("keyword removed", lambda i: shutil.rmtree(i / "keyword"), "keyword", "is missing"),
    ("keyword meta removed", lambda i: (i / "keyword" / "meta.json").unlink(), "meta.json", "is missing"),
    ("vectors emptied", lambda i: (i / "vectors.usearch").write_bytes(b""), "vectors.usearch", "is damaged"),
    ("vectors cut short", lambda i: _cut_in_half(i / "vectors.usearch"), "vectors.usearch", "is damaged"),
    ("vectors removed", lambda i: (i / "vectors.usearch").unlink(), "vectors.usearch", "is missing"),
]


def _damaged(built: Path, tmp_path: Path, damage: Callable[[Path], None]) -> Path:
    index = tmp_path / "index"
    shutil.copytree(built / "index", index)
    damage(index)
    return index


def _listing(folder: Path) -> dict[str, int]:
    # SQLite's -wal/-shm companions come and go with any reader; everything else must stay as it was
    return {
        str(path.relative_to(folder)): path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.name.endswith(("-wal", "-shm"))
    } | {str(path.relative_to(folder)) + "/": 0 for path in folder.rglob("*") if path.is_dir()}


@pytest.mark.parametrize(("damage", "file", "says"), [d[1:] for d in DAMAGE], ids=[d[0] for d in DAMAGE])
def test_ask_and_search_say_which_file_is_damaged_and_write_nothing(built, tmp_path, damage, file, says):
    index = _damaged(built, tmp_path, damage)
    before = _listing(index)
    for args in (
        ["ask", str(index), "What about the football match?"],  # was a silent "No public post here answers that."
        ["search", str(index), "football"],  # was an empty table, or a traceback
        ["search", str(index), "football", "--mode", "keyword"],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {index}"), (args, result.output)
        assert file in lines[0] and says in lines[0], lines[0]
        assert f"build it again (`townsquare index CORPUS --out {index}`)" in lines[0]
    assert _listing(index) == before  # no empty posts.sqlite or keyword/ made by a reading command


def test_forget_refuses_a_damaged_index_and_creates_no_store(built, tmp_path):
    index = _damaged(built, tmp_path, lambda i: (i / "posts.sqlite").unlink())
    with pytest.raises(InputError, match="posts.sqlite is missing"):
        forget(index, ["p1"])  # was 0 forgotten, from a new empty store
    assert not (index / "posts.sqlite").exists()


def test_a_corpus_folder_is_named_as_one_with_the_command_that_indexes_it(built):
    result = CliRunner().invoke(main, ["ask", str(built / "corpus"), "What about the football match?"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [  # was "built in index format None"
        f"Error: {built / 'corpus'} is a corpus folder, not an index: index it with "
        f"`townsquare index {built / 'corpus'} --out INDEX` and use INDEX"
    ]


def test_an_ingest_folder_is_named_as_one_with_the_command_that_builds_a_corpus(built, tmp_path):
    # review 15 (R15-1): an `ingest` output was called "a corpus folder" and sent to `townsquare index`, which
    # refuses it (it still holds private posts)
    ingested = tmp_path / "ingested"
    shutil.copytree(built / "corpus" / "posts", ingested / "posts")
    (ingested / "ingest.json").write_text("{}")
    for args in (["ask", str(ingested), "What about the football match?"], ["search", str(ingested), "football"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "is an `ingest` output, not a corpus" in lines[0], lines
        assert f"townsquare build {ingested} --out CORPUS" in lines[0], lines


def test_a_sound_index_opens_read_only(built, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(built / "index", index)
    searcher = Searcher(index)
    assert [post["id"] for post in searcher.search("football", mode="keyword").posts] == ["p2"]
    with pytest.raises(Exception, match="readonly"):
        searcher.store.db.execute("DELETE FROM posts")


def test_serve_refuses_to_start_on_a_damaged_index(built, tmp_path):
    index = _damaged(built, tmp_path, lambda i: (i / "posts.sqlite").unlink())
    command = [sys.executable, "-m", "townsquare", "serve", "--index", str(index), "--port", "0"]
    command += ["--keys-db", str(tmp_path / "keys.sqlite")]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as exc:  # the code before: it started and answered nothing
        raise AssertionError("serve started on an index without its post store") from exc
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: {index / 'posts.sqlite'} is missing: the index in {index} is incomplete; delete the folder and "
        f"build it again (`townsquare index CORPUS --out {index}`)"
    ]
    assert not (index / "posts.sqlite").exists()
