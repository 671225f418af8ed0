"""An input that is a folder or an archive is fingerprinted by its contents: an edit inside it is rebuilt."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from townsquare.corpus.build import build

ARCHIVE = Path(__file__).resolve().parent.parent / "data" / "x" / "archive"


def _texts(corpus: Path) -> set[str]:
    return {
        text
        for part in sorted((corpus / "posts").glob("part-*.parquet"))
        for text in pq.read_table(part, columns=["text"]).column("text").to_pylist()
    }


def test_an_edit_inside_an_archive_folder_is_rebuilt_not_served_stale(tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE, archive)
    before = build([archive], tmp_path / "corpus", workers=1)
    old_texts = _texts(tmp_path / "corpus")
    assert before.kept > 0

    # edit one kept tweet's text in place, keeping the folder's and the file's size and times as they were
    assert any("verschenken" in text for text in old_texts)
    tweets_js = next(
        path for path in sorted((archive / "data").glob("tweets*.js")) if "verschenken" in path.read_text()
    )
    folder_stat, file_stat = archive.stat(), tweets_js.stat()
    tweets_js.write_text(tweets_js.read_text(encoding="utf-8").replace("verschenken", "VERSCHENKEN"), encoding="utf-8")
    assert tweets_js.stat().st_size == file_stat.st_size
    os.utime(tweets_js, ns=(file_stat.st_atime_ns, file_stat.st_mtime_ns))
    os.utime(archive, ns=(folder_stat.st_atime_ns, folder_stat.st_mtime_ns))

    build([archive], tmp_path / "corpus", workers=1)
    new_texts = _texts(tmp_path / "corpus")
    assert not any("verschenken" in text for text in new_texts)
    assert any("VERSCHENKEN" in text for text in new_texts)


def test_the_manifest_records_a_folder_by_its_contents(tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE, archive)
    build([archive], tmp_path / "corpus", workers=1)
    manifest = json.loads((tmp_path / "corpus" / "manifest.json").read_text())
    (entry,) = [item for item in manifest["inputs"] if Path(item["path"]) == archive]
    assert entry["size"] == sum(p.stat().st_size for p in archive.rglob("*") if p.is_file())
    assert entry["xxh3_128"]
