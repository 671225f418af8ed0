"""``forget`` by the link the assistant cites for a federated Mastodon post (review 15, R15-25): a status fetched
through another instance has that instance's own numeric id, so the number in its link names nothing there; the
link itself is the post's ``uri``. A line that matches no post is named on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from townsquare.cli import main
from townsquare.corpus.build import build

STATUSES = Path(__file__).parents[1] / "data" / "mastodon" / "statuses.jsonl"


def _federated_corpus(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The fixture's statuses as another instance serves them: local ids, the author's links. Returns the corpus
    and ``{corpus id: link}`` of its kept posts."""
    lines = []
    for line in STATUSES.read_text(encoding="utf-8").splitlines():
        status = json.loads(line)
        status["id"] = str(int(status["id"]) + 7_000_000)  # this instance's own number for the post
        lines.append(json.dumps(status))
    export = tmp_path / "statuses.jsonl"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "corpus"
    assert build([export], out, workers=1).ok
    rows = [row for part in sorted((out / "posts").glob("*.parquet")) for row in pq.read_table(part).to_pylist()]
    return out, {row["id"]: row["uri"] for row in rows}


def _kept_ids(corpus: Path) -> set[str]:
    return {i for part in (corpus / "posts").glob("*.parquet") for i in pq.read_table(part).column("id").to_pylist()}


def test_a_federated_post_is_forgotten_by_its_link(tmp_path):
    corpus, links = _federated_corpus(tmp_path)
    post_id, link = sorted(links.items())[0]
    assert link.rsplit("/", 1)[-1] != post_id  # the number in the link is the author's instance's, not this one's
    ids = tmp_path / "ids.txt"
    ids.write_text(link + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["forget", "--ids", str(ids), "--corpus", str(corpus)])
    # was: "removed 0 posts", "1 of the requested ids were not in the corpus (... or mistyped)", the post kept
    assert result.exit_code == 0, result.output
    assert "removed 1 posts" in result.stdout and "matched no post" not in result.output, result.output
    assert "forgot 1 of 1 requested ids (+0 copies" in result.stdout  # one line, one post: not two ids, nor a copy
    assert json.loads((corpus / "forget-report.json").read_text())["requested"] == 1
    assert post_id not in _kept_ids(corpus)
    assert set(links) - {post_id} <= _kept_ids(corpus)  # only that one


def test_the_activitypub_form_of_the_link_names_it_too(tmp_path):
    corpus, links = _federated_corpus(tmp_path)
    post_id, link = sorted(links.items())[0]
    host, user, number = link.removeprefix("https://").split("/")
    ids = tmp_path / "ids.txt"
    ids.write_text(f"https://{host}/users/{user.lstrip('@')}/statuses/{number}\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["forget", "--ids", str(ids), "--corpus", str(corpus)]).exit_code == 0
    assert post_id not in _kept_ids(corpus)


def test_the_lines_that_matched_nothing_are_named_on_stderr(tmp_path):
    corpus, links = _federated_corpus(tmp_path)
    post_id, link = sorted(links.items())[0]
    ids = tmp_path / "ids.txt"
    ids.write_text(f"{link}\n# a comment\nmastodon:424242\nhttps://social.example/@nobody/99\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["forget", "--ids", str(ids), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "2 of the requested ids matched no post" in result.stderr
    assert "forgot 1 of 3 requested ids" in result.stdout  # not "forgot 3" (R19-B2)
    assert f"{ids}, line 3 (mastodon:424242)" in result.stderr
    assert f"{ids}, line 4 (https://social.example/@nobody/99)" in result.stderr
    assert "line 1" not in result.stderr and post_id not in _kept_ids(corpus)


def test_the_chat_api_lookup_link_of_a_post_names_it(tmp_path):
    # R19-B2: the chat API cites a post with no link of its own (a CSV's) as this server's /2/tweets/{id}; forget
    # read that link as an ActivityPub URI, matched nothing and kept the post
    corpus, links = _federated_corpus(tmp_path)
    post_id = sorted(links)[1]
    ids = tmp_path / "ids.txt"
    ids.write_text(f"http://127.0.0.1:8000/2/tweets/{post_id}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["forget", "--ids", str(ids), "--corpus", str(corpus)])
    assert result.exit_code == 0 and "removed 1 posts" in result.stdout, result.output
    assert post_id not in _kept_ids(corpus) and set(links) - {post_id} <= _kept_ids(corpus)


def test_x_links_of_a_post_without_its_author_name_it():
    from townsquare.corpus.forget import _ids_of_line

    # R19-B3: X's own share link was refused as "an account or a page"
    assert _ids_of_line("https://x.com/i/web/status/1897676544537589145", "w") == ["1897676544537589145"]
    assert _ids_of_line("/2/tweets/csv:part-00001-posts_csv:1899", "w") == ["csv:part-00001-posts_csv:1899"]
    assert _ids_of_line("http://localhost:8000/2/tweets/mastodon%3A1008", "w") == ["mastodon:1008"]
