"""Index + Searcher on a small corpus: operators, modes, pagination, time windows, incremental
updates, forgetting, and the public-only guarantee."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from townsquare.index import Searcher, build_index, forget
from townsquare.index.keyword import KeywordIndex
from townsquare.index.search import Ranking, SearchParameterError
from townsquare.post import batch_from_rows, write_parquet

DAY0 = datetime(2024, 1, 1, 12, tzinfo=UTC)
STORY = [
    dict(id="p1", author_handle="alice", text="Climate change protest in the city today #ClimateStrike", like_count=5),
    dict(
        id="p2",
        author_handle="bob",
        text="Great football match last night, what a goal!",
        reply_to="p1",
        conversation_id="p1",
    ),
    dict(id="p3", author_handle="carol", text="Das Wetter ist heute schön", lang="de"),
    dict(
        id="p4",
        author_handle="alice",
        text="Reading about climate science at https://example.org/climate",
        urls=["https://example.org/climate"],
    ),
    dict(
        id="p5", author_handle="dave", text="RT Climate change protest in the city today #ClimateStrike", repost_of="p1"
    ),
    dict(
        id="p6",
        author_handle="erin",
        text="Look at this photo of the glacier melting @alice",
        media=[{"kind": "photo", "url": "https://img.example/1.jpg", "alt_text": "ice"}],
        mentions=["alice"],
    ),
    dict(id="p7", author_handle="frank", text="Quoting this great climate read", quote_of="p4"),
    # an X post's text holds a link's t.co form; the link itself is only in ``urls``
    dict(
        id="p8",
        author_handle="grace",
        text="Flood report is out https://t.co/AbC123",
        urls=["https://news.example.com/reports/flood-2024"],
    ),
    dict(id="secret", author_handle="mallory", text="canaryzebra private climate post", visibility="followers"),
    dict(id="gone", author_handle="mallory", text="canaryzebra deleted climate post", deleted=True),
]
WEATHER = [
    dict(id=f"w{n:02d}", author_handle="metbot", text=f"Weather update {n}: rain over the city, number {n}")
    for n in range(25)
]


def _rows(rows: list[dict], start: datetime) -> list[dict]:
    out = []
    for n, row in enumerate(rows):
        row = {
            "platform": "x",
            "lang": "en",
            "created_at": start + timedelta(days=n),
            "uri": f"https://x.com/i/{row['id']}",
            "author_id": row["author_handle"],
            **row,
        }
        out.append(row)
    return out


def write_part(corpus: Path, name: str, rows: list[dict], start: datetime = DAY0) -> None:
    write_parquet([batch_from_rows(_rows(rows, start))], corpus / "posts" / f"part-{name}.parquet")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("idx")
    write_part(root / "corpus", "00000", STORY)
    write_part(root / "corpus", "00001", WEATHER, start=DAY0 + timedelta(days=40))
    stats = build_index(root / "corpus", root / "index")
    assert (stats.refused_not_public, stats.refused_deleted) == (1, 1)
    assert stats.posts_indexed == len(STORY) - 2 + len(WEATHER)
    return root / "index"


@pytest.fixture(scope="module")
def searcher(index_dir) -> Searcher:
    return Searcher(index_dir)


def ids(page) -> list[str]:
    return [post["id"] for post in page.posts]


@pytest.mark.parametrize("mode", ["keyword", "vector", "hybrid"])
def test_private_and_deleted_rows_are_never_indexed(searcher, mode):
    # vector search returns nearest neighbours of anything, but never the refused rows
    assert not {"secret", "gone"} & set(
        ids(searcher.search("canaryzebra private climate post", mode=mode, max_results=100))
    )
    assert searcher.search("canaryzebra", mode="keyword").result_count == 0
    assert searcher.get("secret") is None and searcher.get("gone") is None


@pytest.mark.parametrize(
    "query, expected",
    [
        ("football", {"p2"}),
        ("football OR wetter", {"p2", "p3"}),
        ("climate -protest", {"p4", "p7"}),
        ('"climate science"', {"p4"}),
        ("from:alice climate", {"p1", "p4"}),
        ("lang:de", {"p3"}),
        ("is:reply", {"p2"}),
        ("is:quote", {"p7"}),
        ("is:repost", {"p5"}),
        ("climate -is:repost -is:quote", {"p1", "p4"}),
        ("has:links", {"p4", "p8"}),
        ("url:news.example.com", {"p8"}),  # X's url: reads the links a post holds, not only its text
        ('url:"https://news.example.com/reports/flood-2024"', {"p8"}),
        ("url:reports/flood", {"p8"}),  # the link's words in order
        ("url:flood/reports", set()),
        ("url:example.org", {"p4"}),
        ("url:t.co/AbC123", {"p8"}),
        ("url:example", {"p4", "p8"}),
        ("in_reply_to_tweet_id:p1", {"p2"}),
        ("conversation_id:p1", {"p2"}),
        ("quotes_of_tweet_id:p4", {"p7"}),
        ("quotes_of_tweet_id:p1", set()),
        ("has:media", {"p6"}),
        ("@alice", {"p6"}),
        ("#climatestrike -is:repost", {"p1"}),
        ("(football OR glacier) -photo", {"p2"}),
    ],
)
def test_operators_select_exactly(searcher, query, expected):
    assert set(ids(searcher.search(query, mode="keyword", max_results=100))) == expected


def test_operators_hold_in_vector_and_hybrid_modes(searcher):
    for mode in ("vector", "hybrid"):
        page = searcher.search("climate from:alice", mode=mode, max_results=100)
        assert {post["author_handle"] for post in page.posts} == {"alice"}


def test_near_duplicates_are_collapsed(searcher):
    # p5 is p1 with "RT" in front: only the better-ranked copy is shown
    found = ids(searcher.search("climate change protest city", mode="keyword", max_results=100))
    assert len({"p1", "p5"} & set(found)) == 1


def test_natural_question_uses_or_semantics_and_finds_the_post(searcher):
    for mode in ("keyword", "hybrid"):
        assert ids(searcher.search("who talked about the football game?", mode=mode))[0] == "p2"


def test_a_question_with_a_mention_is_not_an_and_query(searcher):
    # "who", "posted" and "of" appear in no post; as an operator query (AND) this found nothing.
    for mode in ("keyword", "hybrid"):
        assert ids(searcher.search("who posted the photo of the glacier with @alice?", mode=mode))[0] == "p6"
    # outside a question the mention still filters
    assert ids(searcher.search("@alice glacier", mode="keyword")) == ["p6"]


def test_match_count_counts_the_posts_with_every_clause(searcher):
    # p1 and its repost p5 are counted each (the assistant's note counts posts, not what a search shows)
    assert searcher.match_count("climate protest") == 2  # a question's words are all required here
    assert searcher.match_count('"climate change" city') == 2
    assert searcher.match_count("(glacier OR football) (alice OR goal)") == 2  # p6 by its mention, p2
    assert searcher.match_count("canaryzebra") == 0  # private and deleted rows are no posts


def test_vector_search_ranks_by_meaning(searcher):
    assert ids(searcher.search("glacier melting photo", mode="vector"))[0] == "p6"


def test_get_hydrates_every_post_field(searcher):
    post = searcher.get("p6")
    assert post["text"].startswith("Look at this photo")
    assert post["author_handle"] == "erin" and post["uri"] == "https://x.com/i/p6"
    assert post["created_at"] == "2024-01-06T12:00:00.000Z"
    assert post["media"][0]["kind"] == "photo" and post["like_count"] is None
    assert searcher.get("nope") is None


@pytest.mark.parametrize(
    "mode, sort_order",
    [("keyword", "relevancy"), ("hybrid", "relevancy"), ("keyword", "recency"), ("hybrid", "recency")],
)
def test_pagination_walks_every_result_once(searcher, mode, sort_order):
    seen, token, pages = [], None, 0
    while True:
        # an operator query: the vector side may only re-rank the 25 matching posts
        page = searcher.search("rain from:metbot", max_results=10, mode=mode, sort_order=sort_order, next_token=token)
        seen += ids(page)
        pages += 1
        token = page.next_token
        if token is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(post["id"] for post in WEATHER)
    if sort_order == "recency":
        assert seen == sorted(seen, reverse=True)  # w24 (newest) first


def test_page_meta_and_token_is_bound_to_its_query(searcher):
    page = searcher.search("weather", max_results=5, mode="keyword")
    assert page.result_count == 5 and page.next_token
    assert page.newest_id == max(ids(page)) and page.oldest_id == min(ids(page))
    with pytest.raises(SearchParameterError):
        searcher.search("rain", max_results=5, mode="keyword", next_token=page.next_token)
    with pytest.raises(SearchParameterError):
        searcher.search("rain", next_token="!!garbage")
    with pytest.raises(SearchParameterError):
        searcher.search("rain", max_results=0)


def test_since_until_and_time_window(searcher):
    # weather post n is created at DAY0 + 40 + n days
    day = lambda n: (DAY0 + timedelta(days=40 + n)).date().isoformat()  # noqa: E731
    page = searcher.search(f"weather since:{day(3)} until:{day(6)}", max_results=100, mode="keyword")
    assert sorted(ids(page)) == ["w03", "w04", "w05"]
    start = DAY0 + timedelta(days=40 + 20)
    page = searcher.search("weather rain", max_results=100, start_time=start, end_time=start + timedelta(days=2))
    assert sorted(ids(page)) == ["w20", "w21"]


def test_incremental_add_and_forget(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "index"
    write_part(corpus, "00000", STORY[:4])
    build_index(corpus, out)
    write_part(corpus, "00001", [dict(id="n1", author_handle="zed", text="Brand new volcano eruption")])
    stats = build_index(corpus, out)
    assert stats.parts_skipped == 1 and stats.parts_indexed == ["part-00001.parquet"]
    assert stats.posts_indexed == 1
    searcher = Searcher(out)
    assert ids(searcher.search("volcano", mode="keyword")) == ["n1"]

    keyword = KeywordIndex(out / "keyword")
    before = keyword.num_docs()
    assert forget(out, ["p4", "not-there"]) == 1
    keyword.reload()
    assert keyword.num_docs() == before - 1  # gone from tantivy itself, not only hidden by the store
    searcher = Searcher(out)
    for mode in ("keyword", "vector", "hybrid"):
        assert "p4" not in ids(searcher.search("climate science reading", mode=mode, max_results=100))
    assert searcher.get("p4") is None
    # a later part that still carries a forgotten post cannot bring it back
    write_part(corpus, "00002", [STORY[3]])
    assert build_index(corpus, out).refused_forgotten == 1
    assert Searcher(out).get("p4") is None


def test_a_rewritten_or_removed_corpus_part_is_indexed_again(tmp_path):
    """A corpus rebuilt after a deletion rewrites its part: the deleted post must leave the index too."""
    corpus, out = tmp_path / "corpus", tmp_path / "index"
    write_part(corpus, "00000", STORY[:4])
    write_part(corpus, "00001", [dict(id="n1", author_handle="zed", text="Brand new volcano eruption")])
    build_index(corpus, out)
    assert ids(Searcher(out).search("climate science reading", mode="keyword", max_results=100)).count("p4") == 1
    write_part(corpus, "00000", STORY[:3])  # p4 deleted upstream, the part rebuilt
    stats = build_index(corpus, out)
    assert stats.parts_indexed == ["part-00000.parquet"] and stats.parts_skipped == 1
    assert "p4" not in ids(Searcher(out).search("climate science reading", mode="keyword", max_results=100))
    assert Searcher(out).get("p4") is None
    (corpus / "posts" / "part-00001.parquet").unlink()
    stats = build_index(corpus, out)
    assert stats.parts_removed == ["part-00001.parquet"]
    assert Searcher(out).get("n1") is None and not ids(Searcher(out).search("volcano", mode="keyword"))
    assert KeywordIndex(out / "keyword").num_docs() == 3


def test_the_full_minilm_embedder_builds_and_searches_an_index(tmp_path):
    """``--embedder minilm`` (the comparison in bench/search_relevance.py) indexes and ranks in every mode."""
    pytest.importorskip("sentence_transformers")
    write_part(tmp_path / "corpus", "00000", STORY)
    build_index(tmp_path / "corpus", tmp_path / "index", embedder="minilm")
    minilm = Searcher(tmp_path / "index")
    assert minilm.manifest["embedder_name"] == "all-MiniLM-L6-v2"
    assert ids(minilm.search("glacier melting photo", mode="vector"))[0] == "p6"
    assert ids(minilm.search("who posted the photo of the glacier?", mode="hybrid"))[0] == "p6"
    from townsquare.assistant import Assistant

    # the span features read the static table beside the MiniLM vectors (a yes/no question raised AttributeError)
    assert Assistant(minilm).ask("Is the glacier melting?").citations


def test_exact_copies_collapse_before_the_store_is_read(tmp_path):
    """A spam wave of 60 identical posts costs one hydrated row, not 60; pagination still sees every distinct post."""
    wave = [
        dict(id=f"s{n:02d}", author_handle=f"bot{n}", text=f"FREE crypto giveaway today!! https://t.co/x{n}")
        for n in range(60)
    ]
    topics = [
        "bitcoin mining",
        "exchange hacks",
        "stablecoins",
        "tax rules",
        "wallets",
        "regulation in Europe",
        "energy use",
        "scams to avoid",
        "ETF news",
        "layer two fees",
        "NFT slump",
        "lending collapse",
    ]
    others = [
        dict(id=f"o{n}", author_handle="ann", text=f"My crypto thread on {topic}") for n, topic in enumerate(topics)
    ]
    write_part(tmp_path / "corpus", "00000", wave + others)
    build_index(tmp_path / "corpus", tmp_path / "index")
    searcher = Searcher(tmp_path / "index")
    read: list[int] = []
    get_many = searcher.store.get_many
    searcher.store.get_many = lambda doc_ids: read.append(len(doc_ids)) or get_many(doc_ids)

    seen, token = [], None
    while True:
        page = searcher.search("crypto", mode="keyword", max_results=10, next_token=token)
        seen += ids(page)
        if not (token := page.next_token):
            break
    assert len([i for i in seen if i.startswith("s")]) == 1  # links differ, the text does not
    assert sorted(i for i in seen if i.startswith("o")) == sorted(f"o{n}" for n in range(12))
    assert sum(read) < 60


def test_an_index_in_an_older_format_is_refused_with_the_fix(tmp_path):
    import json

    from townsquare.errors import InputError

    write_part(tmp_path / "corpus", "00000", STORY[:2])
    build_index(tmp_path / "corpus", tmp_path / "index")
    manifest = tmp_path / "index" / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "version": 1}))
    for open_it in (lambda: Searcher(tmp_path / "index"), lambda: build_index(tmp_path / "corpus", tmp_path / "index")):
        with pytest.raises(InputError, match="format 1.*rebuild"):
            open_it()


def test_a_timeline_lists_exactly_the_matching_posts_in_every_ranking_mode(searcher, index_dir):
    """Recency order is X's timeline: every match newest first, nothing that does not match, in hybrid too."""

    def timeline(query, mode):
        seen, token = [], None
        while True:
            page = searcher.search(query, max_results=10, sort_order="recency", mode=mode, next_token=token)
            seen += ids(page)
            if not (token := page.next_token):
                return seen

    assert timeline("rain", "hybrid") == timeline("rain", "keyword") == [f"w{n:02d}" for n in reversed(range(25))]
    assert timeline("zzzqqqxx", "hybrid") == []
    # relevancy may add semantic neighbours, but only from the head of the vector list
    narrow = Searcher(index_dir, ranking=Ranking(semantic_depth=3))
    assert 0 < len(ids(narrow.search("zzzqqqxx", max_results=100))) <= 3
    assert len(ids(searcher.search("zzzqqqxx", max_results=100))) > 3


def test_japanese_and_chinese_words_are_found_by_keyword(tmp_path):
    """Scripts written without spaces: a whole sentence used to be one (dropped) token."""
    write_part(
        tmp_path / "corpus",
        "00000",
        [
            dict(id="j1", author_handle="aoi", text="家でラーメン作ってみたけど失敗した。", lang="ja"),
            dict(id="j2", author_handle="aoi", text="市役所の前でメンバーと会った", lang="ja"),
            dict(id="z1", author_handle="li", text="我在大学学习计算机", lang="zh"),
            dict(id="e1", author_handle="bo", text="Ramen night at the city hall", lang="en"),
        ],
    )
    build_index(tmp_path / "corpus", tmp_path / "index")
    searcher = Searcher(tmp_path / "index")
    assert ids(searcher.search("ラーメン", mode="keyword", sort_order="recency")) == ["j1"]
    assert ids(searcher.search("ラーメン", mode="keyword"))[0] == "j1"  # natural: the exact sequence ranks first
    assert ids(searcher.search("市役所 lang:ja", mode="keyword")) == ["j2"]
    assert ids(searcher.search('"大学"', mode="keyword")) == ["z1"]
    assert ids(searcher.search("ramen", mode="keyword")) == ["e1"]


@pytest.mark.parametrize("mode", ["keyword", "vector", "hybrid"])
def test_posts_without_a_time_are_listed_last_by_recency(tmp_path, mode):
    corpus, out = tmp_path / "corpus", tmp_path / "index"
    rows = _rows(
        [
            dict(id="dated", author_handle="ann", text="Harbour ferry schedule changes today"),
            dict(id="undated", author_handle="bob", text="Harbour ferry schedule changes again"),
        ],
        DAY0,
    )
    rows[1]["created_at"] = None  # a CSV export without a date column gives posts no time
    write_parquet([batch_from_rows(rows)], corpus / "posts" / "part-00000.parquet")
    build_index(corpus, out)
    page = Searcher(out).search("harbour ferry schedule", mode=mode, sort_order="recency", max_results=10)
    assert ids(page) == ["dated", "undated"]


def _copied_model(tmp_path: Path) -> Path:
    """The embeddings.npy of a copy of a fresh index (a path this process has not loaded a model from)."""
    write_part(tmp_path / "corpus", "00000", STORY)
    build_index(tmp_path / "corpus", tmp_path / "index")
    shutil.copytree(tmp_path / "index", tmp_path / "copy")
    return tmp_path / "copy" / "embedder" / "embeddings.npy"


def test_a_damaged_static_model_is_one_clear_error_not_a_traceback(tmp_path):
    from townsquare.errors import ConfigError

    matrix = _copied_model(tmp_path)
    matrix.write_bytes(matrix.read_bytes()[: matrix.stat().st_size // 2])  # a copy cut short
    with pytest.raises(ConfigError, match="is damaged .* delete the folder"):
        Searcher(tmp_path / "copy").search("glacier photo", mode="vector")


def test_a_static_model_of_nan_is_one_clear_error_not_keyword_search_alone(tmp_path):
    from townsquare.errors import ConfigError

    matrix = _copied_model(tmp_path)
    np.save(matrix, np.full_like(np.load(matrix), np.nan))  # NaN vectors: every post was silently vector-less
    with pytest.raises(ConfigError, match="is damaged .*NaN.* delete the folder"):
        Searcher(tmp_path / "copy").search("glacier photo", mode="vector")


def test_a_static_model_of_another_width_is_one_clear_error(tmp_path):
    from townsquare.errors import ConfigError

    matrix = _copied_model(tmp_path)
    np.save(matrix, np.load(matrix)[:, :128])  # 128-dim vectors for a 384-dim index
    with pytest.raises(ConfigError, match="128-dim vectors but the index holds 384-dim"):
        Searcher(tmp_path / "copy").search("glacier photo", mode="vector")
