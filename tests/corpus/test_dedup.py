"""Dedup: exact copies, 1–2-edit variants, short posts, earliest kept, determinism."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest

from townsquare.corpus.dedup import (
    DEDUP_EXACT,
    DEDUP_NEAR,
    DuplicateFinder,
    exact_keys,
    minhash_signatures,
    normalize,
    repost_reasons,
)
from townsquare.errors import ConfigError

TWEET = "Just landed in Lisbon after a twelve hour flight, the sunset over the river is unreal tonight"
ONE_EDIT = "Just landed in Lisbon after a twelve hour flight, the sunset over the river is unreal tonite"
TWO_EDITS = "Just landed in Lisbon after a twelve hour flight!! the sunset over the river is unreal tonight"
T0 = datetime(2024, 5, 1, tzinfo=UTC)


def find(
    texts: list[str], ids: list[str] | None = None, times: list[datetime] | None = None, batches: int = 1
) -> dict[str, tuple[str, str]]:
    """Run the finder over texts split into `batches` adds; map dup id -> (kept id, reason)."""
    ids = ids or [f"p{i}" for i in range(len(texts))]
    times = times or [T0 + timedelta(minutes=i) for i in range(len(texts))]
    finder = DuplicateFinder()
    for part in np.array_split(np.arange(len(texts)), batches):
        part_texts = [texts[i] for i in part]
        norm = normalize(part_texts)
        finder.add(
            [ids[i] for i in part],
            pa.array([times[i] for i in part], pa.timestamp("us", tz="UTC")),
            exact_keys(norm, normalized=True),
            minhash_signatures(norm, normalized=True),
        )
    return {dup: (kept, reason) for dup, kept, reason in finder.duplicates()}


def test_normalize_drops_links_mentions_case_and_spacing():
    assert normalize(["@user Hello   WORLD https://t.co/abc  ", None]) == ["hello world", ""]


def test_exact_copy_differing_in_case_links_and_mentions():
    dups = find(["Big news today https://t.co/a1", "@user big NEWS   today https://t.co/zz9"])
    assert dups == {"p1": ("p0", DEDUP_EXACT)}


@pytest.mark.parametrize("variant", [ONE_EDIT, TWO_EDITS])
def test_one_and_two_edit_variants_are_near_duplicates(variant):
    assert find([TWEET, variant]) == {"p1": ("p0", DEDUP_NEAR)}


def test_short_posts_exact_copies_merge_but_distinct_short_posts_do_not():
    texts = ["lol", "LOL", "good morning", "good night", "i love cats", "i love dogs", "omg", "same"]
    assert find(texts) == {"p1": ("p0", DEDUP_EXACT)}


def test_unrelated_tweets_are_not_merged():
    texts = [
        TWEET,
        "The council voted to close the library on Sundays starting next month",
        "Anyone else watching the game tonight? That last goal was something else",
    ]
    assert find(texts) == {}


def test_earliest_post_is_kept_even_when_added_last_and_across_batches():
    times = [T0 + timedelta(hours=2), T0 + timedelta(hours=1), T0]
    dups = find([TWEET, ONE_EDIT, TWEET], ids=["a", "b", "c"], times=times, batches=3)
    assert dups == {"a": ("c", DEDUP_EXACT), "b": ("c", DEDUP_NEAR)}


def test_ties_on_time_keep_smallest_id():
    dups = find([TWEET, TWEET], ids=["z9", "a1"], times=[T0, T0])
    assert dups == {"z9": ("a1", DEDUP_EXACT)}


def test_posts_with_no_text_left_are_not_merged():
    assert find(["https://t.co/one", "@user https://t.co/two", ""]) == {}


def test_deterministic_under_input_order():
    texts = [TWEET, ONE_EDIT, TWO_EDITS, "lol", "LOL", "something else entirely here"]
    ids = [f"p{i}" for i in range(len(texts))]
    times = [T0 + timedelta(minutes=i) for i in range(len(texts))]
    forward = find(texts, ids, times, batches=2)
    backward = find(texts[::-1], ids[::-1], times[::-1], batches=3)
    assert forward == backward
    assert set(forward) == {"p1", "p2", "p4"}


def test_signatures_are_deterministic_and_estimate_jaccard():
    a, b = minhash_signatures([TWEET, TWO_EDITS])
    assert a.dtype == np.uint32 and a.shape == (128,)
    assert np.array_equal(minhash_signatures([TWEET])[0], a)
    assert 0.7 < (a == b).mean() < 1.0
    unrelated = minhash_signatures(["The council voted to close the library on Sundays"])[0]
    assert (a == unrelated).mean() < 0.2


def test_repost_of_a_kept_post_is_a_duplicate():
    reasons = repost_reasons(pa.array(["p1", None, "gone"]), {"p1", "p2"})
    assert reasons.to_pylist() == ["dedup_repost", None, None]


def test_bad_banding_is_a_config_error():
    with pytest.raises(ConfigError):
        DuplicateFinder(num_perm=64, bands=32, rows=4)


def test_near_duplicates_do_not_chain_through_intermediate_posts():
    # A~B and B~C but A and C share little: union-find would drop C as a copy of A.
    import pyarrow as pa

    from townsquare.corpus.dedup import DuplicateFinder, exact_keys, minhash_signatures

    a = "the harbor line is down between old town and station square, shuttle buses running all day long, sorry folks"
    b = "the harbor line is down between old town and station square, shuttle buses running every ten minutes today"
    c = "the green line stops short of station square, shuttle buses running every ten minutes today"
    assert _jaccard(a, b) > 0.6 and _jaccard(b, c) > 0.45 and _jaccard(a, c) < 0.25
    times = pa.array([1_000_000, 2_000_000, 3_000_000], pa.timestamp("us", tz="UTC"))
    finder = DuplicateFinder(threshold=0.4)
    finder.add(["a", "b", "c"], times, exact_keys([a, b, c]), minhash_signatures([a, b, c]))
    assert {dup: kept for dup, kept, _ in finder.duplicates()} == {"b": "a"}


def _jaccard(x: str, y: str) -> float:
    gx = {x[i : i + 5] for i in range(len(x) - 4)}
    gy = {y[i : i + 5] for i in range(len(y) - 4)}
    return len(gx & gy) / len(gx | gy)
