"""Exact and near-duplicate detection for short posts.

The global dedup pass is run by the build orchestrator; this module gives it the
pieces:

* :func:`normalize` and :func:`exact_keys`: a 64-bit xxhash of the normalized
  text, so copies that differ only in case, spacing, links or mentions collide.
* :func:`minhash_signatures`: MinHash signatures on *character* 5-grams.
  Word 5-grams find only about half of the 1–2-edit variants of a tweet and
  say nothing about posts under five words; character 5-grams find them.
* :class:`DuplicateFinder`: add signatures shard by shard (it keeps only ids,
  timestamps, exact keys, LSH band hashes and 8-bit signatures — never text),
  then ask for ``(dup_id, kept_id, reason)`` triples. Every cluster keeps its
  earliest post (``created_at``, then ``id``).
* :func:`repost_reasons`: reposts of a post that is already in the corpus.
  The build keeps no repost at all: a repost has no text of its own, so it is a
  copy (``dedup_repost``) when its original is in the corpus, and otherwise
  dropped because its original was dropped (``repost_of_dropped``: private,
  opted out, filtered) or is not in the input, so its author's consent and
  visibility cannot be checked (``repost_original_unseen``).

Why one-permutation hashing: the textbook k-permutation MinHash costs
``shingles × num_perm`` hash evaluations per post; in numpy that measured about
40–50k posts/s at 128 permutations, slower than ``rensa`` (Rust). One-permutation
hashing (Li, Owen & Zhang 2012) with optimal densification (Shrivastava 2017)
hashes each shingle once, puts it in one of ``num_perm`` bins and keeps the
minimum per bin; empty bins borrow from a bin chosen by a fixed pseudo-random
probe sequence, which keeps the Jaccard estimator unbiased. The per-post work is
one sort of its shingle hashes. See ``bench/dedup_vs_rensa.py`` for the
measured recall and speed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from townsquare.errors import ConfigError

__all__ = [
    "DEDUP_EXACT",
    "DEDUP_NEAR",
    "DEDUP_OLD_EDIT",
    "DEDUP_REPOST",
    "REPOST_OF_DROPPED",
    "REPOST_ORIGINAL_UNSEEN",
    "DuplicateFinder",
    "exact_keys",
    "minhash_signatures",
    "normalize",
    "repost_reasons",
]

NUM_PERM = 128
"""MinHash permutations per post: the build, ``forget`` and the benchmarks use the same."""
DEDUP_EXACT = "dedup_exact"
DEDUP_NEAR = "dedup_near"
DEDUP_REPOST = "dedup_repost"
DEDUP_OLD_EDIT = "dedup_old_edit"  # an older version of an edited post (the build keeps only the latest)
REPOST_OF_DROPPED = "repost_of_dropped"
REPOST_ORIGINAL_UNSEEN = "repost_original_unseen"

# Links and mentions vary between copies of the same post (t.co wrappers, the
# person replied to), so they are not part of what makes a post a copy.
_URL_PATTERN = r"(?:https?://|www\.)\S+"
_MENTION_PATTERN = r"@\w+"
_SPACE_PATTERN = r"\s+"

_EMPTY = np.uint32(0xFFFFFFFF)
_MASK32 = np.uint64(0xFFFFFFFF)
_DENSIFY_PROBES = 64  # probe rounds before the deterministic fallback; rarely all used
_BBITS_SCALE = 1.0 / 256.0  # chance two unrelated 8-bit signature values agree


def _as_text_array(texts: Iterable[str | None] | pa.Array | pa.ChunkedArray) -> pa.Array:
    """Coerce texts to one Arrow string array with nulls replaced by ''."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if not isinstance(texts, pa.Array):
        texts = pa.array(list(texts), pa.string())
    if pa.types.is_large_string(texts.type):
        texts = texts.cast(pa.string())
    return pc.fill_null(texts, "")


def normalize(texts: Iterable[str | None] | pa.Array | pa.ChunkedArray) -> list[str]:
    """NFKC, drop URLs and @mentions (incl. ``@user``), collapse whitespace, casefold."""
    arr = _as_text_array(texts)
    arr = pc.utf8_normalize(arr, "NFKC")
    arr = pc.replace_substring_regex(arr, _URL_PATTERN, " ")
    arr = pc.replace_substring_regex(arr, _MENTION_PATTERN, " ")
    arr = pc.replace_substring_regex(arr, _SPACE_PATTERN, " ")
    arr = pc.utf8_trim_whitespace(arr)
    # Arrow has lower() but not casefold(); casefold folds ß/ς etc. as Unicode intends.
    return [text.casefold() for text in arr.to_pylist()]


def exact_keys(texts: Iterable[str | None] | pa.Array | pa.ChunkedArray, *, normalized: bool = False) -> np.ndarray:
    """xxh3-64 of each normalized text, as uint64 (the key of exact dedup)."""
    norm = list(texts) if normalized else normalize(texts)
    digest = xxhash.xxh3_64_intdigest
    return np.fromiter((digest(text.encode()) for text in norm), dtype=np.uint64, count=len(norm))


EMPTY_KEY = np.uint64(xxhash.xxh3_64_intdigest(b""))
"""Exact key of a post with no text left after normalization; such posts are never merged."""


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer, in place: spreads every input bit over the word."""
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return h


def _shingle_hashes(texts: list[str], ngram: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every character n-gram, flat, plus the number of n-grams per text.

    All texts are concatenated as UTF-32 code points so the n-grams of every
    post are hashed by a few whole-array numpy operations. Texts shorter than
    ``ngram`` are padded with NULs so that each yields exactly one n-gram.
    """
    padded = [text if len(text) >= ngram else text.ljust(ngram, "\0") for text in texts]
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    windows = len(codes) - ngram + 1
    h = codes[:windows] + np.uint64(seed * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF)
    for k in range(1, ngram):
        h = h * np.uint64(0x100000001B3) + codes[k : windows + k]
    h = _fmix64(h)
    counts = lengths - ngram + 1
    text_starts = np.cumsum(lengths) - lengths
    out_starts = np.cumsum(counts) - counts
    # Keep only windows that lie inside one text: window i of text t starts at text_starts[t] + i.
    positions = np.repeat(text_starts - out_starts, counts) + np.arange(counts.sum())
    return h[positions], counts


def _probe_table(num_perm: int, seed: int) -> np.ndarray:
    """Fixed pseudo-random donor bins for densification: row t is probe round t."""
    rng = np.random.default_rng(0x5EED ^ seed)
    return np.stack([rng.integers(0, num_perm, num_perm) for _ in range(_DENSIFY_PROBES)])


def _densify(sig: np.ndarray, seed: int) -> np.ndarray:
    """Fill empty bins from donor bins (optimal densification), in place; returns sig.

    Empty bin j of a post borrows the value of bin ``probe_t[j]`` for the first
    probe round t whose donor is non-empty in the *original* signature. The
    probe table is fixed, so two posts borrow alike and stay comparable.
    """
    num_perm = sig.shape[1]
    probes = _probe_table(num_perm, seed)
    flat = sig.reshape(-1)
    original = flat.copy()  # donors are always original (non-borrowed) bins
    cells = np.flatnonzero(original == _EMPTY)  # flat indices into the row-major matrix
    for probe in probes:
        if cells.size == 0:
            break
        cols = cells % num_perm
        donor = original[cells - cols + probe[cols]]
        found = donor != _EMPTY
        flat[cells[found]] = donor[found]
        cells = cells[~found]
    if cells.size:  # tiny posts after all probe rounds: take the row's first filled bin
        matrix = original.reshape(sig.shape)
        first_filled = np.argmax(matrix != _EMPTY, axis=1)
        rows = cells // num_perm
        flat[cells] = matrix[rows, first_filled[rows]]
    return sig


def minhash_signatures(
    texts: Iterable[str | None] | pa.Array | pa.ChunkedArray,
    num_perm: int = 128,
    ngram: int = 5,
    *,
    seed: int = 0,
    normalized: bool = False,
) -> np.ndarray:
    """MinHash signatures, shape (n, num_perm) uint32, on character n-grams of normalized text.

    One-permutation hashing with optimal densification (see the module docstring).
    Pass ``normalized=True`` when the texts already went through :func:`normalize`.
    """
    if num_perm < 1 or ngram < 1:
        raise ConfigError(f"num_perm and ngram must be positive, got {num_perm} and {ngram}")
    norm = list(texts) if normalized else normalize(texts)
    n = len(norm)
    if n == 0:
        return np.empty((0, num_perm), dtype=np.uint32)
    if n * num_perm >= 1 << 32:
        # The sort key below packs (post, bin) into 32 bits; split the call.
        half = n // 2
        return np.concatenate(
            [
                minhash_signatures(norm[:half], num_perm, ngram, seed=seed, normalized=True),
                minhash_signatures(norm[half:], num_perm, ngram, seed=seed, normalized=True),
            ]
        )
    hashes, counts = _shingle_hashes(norm, ngram, seed)
    post = np.repeat(np.arange(n, dtype=np.uint64), counts)
    bins = hashes % np.uint64(num_perm)
    values = hashes >> np.uint64(32)
    # Sorting (post, bin, value) puts each bin's minimum first: one sort replaces a min per bin.
    packed = ((post * np.uint64(num_perm) + bins) << np.uint64(32)) | values
    packed.sort()
    cell = packed >> np.uint64(32)
    first = np.empty(cell.size, dtype=bool)
    first[0] = True
    np.not_equal(cell[1:], cell[:-1], out=first[1:])
    sig = np.full(n * num_perm, _EMPTY, dtype=np.uint32)
    sig[cell[first].astype(np.int64)] = (packed[first] & _MASK32).astype(np.uint32)
    return _densify(sig.reshape(n, num_perm), seed)


def _band_hashes(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One uint64 hash per LSH band, shape (n, bands)."""
    sig = signatures.astype(np.uint64)
    out = np.empty((sig.shape[0], bands), dtype=np.uint64)
    for band in range(bands):
        h = np.full(sig.shape[0], ((band + 1) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF, dtype=np.uint64)
        for col in range(band * rows, (band + 1) * rows):
            h = _fmix64(h ^ sig[:, col])
        out[:, band] = h
    return out


def _to_micros(created_at: Any, n: int) -> np.ndarray:
    """created_at (Arrow timestamps, datetime64, ints or None) as int64 µs; missing sorts last."""
    if created_at is None:
        return np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    if isinstance(created_at, (pa.Array, pa.ChunkedArray)):
        if pa.types.is_timestamp(created_at.type):
            created_at = created_at.cast(pa.timestamp("us", tz=created_at.type.tz))
        values = pc.fill_null(created_at.cast(pa.int64()), np.iinfo(np.int64).max)
        return values.to_numpy(zero_copy_only=False).astype(np.int64)
    arr = np.asarray(created_at)
    if np.issubdtype(arr.dtype, np.datetime64):
        micros = arr.astype("datetime64[us]").astype(np.int64)
        micros[np.isnat(arr)] = np.iinfo(np.int64).max
        return micros
    return arr.astype(np.int64)


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected components of edges: label of each node = smallest node index in its component.

    Min-label propagation with pointer jumping, vectorised; rows are ordered by
    priority, so the smallest index is the post the cluster keeps.
    """
    label = np.arange(n, dtype=np.int64)
    if left.size == 0:
        return label
    while True:
        low = np.minimum(label[left], label[right])
        before = label.copy()
        np.minimum.at(label, left, low)
        np.minimum.at(label, right, low)
        np.minimum.at(label, before, label.copy())  # a root that got a smaller label passes it on
        while True:  # pointer jumping: point every node at its label's label
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label, before):
            return label


def _group_edges(values: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Edges linking rows with equal values: each row to its group's first and to its predecessor."""
    order = np.flatnonzero(valid)
    order = order[np.argsort(values[order], kind="stable")]
    sorted_values = values[order]
    same = sorted_values[1:] == sorted_values[:-1]
    if not same.any():
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    starts = np.flatnonzero(np.concatenate([[True], ~same]))
    group_of = np.cumsum(np.concatenate([[True], ~same])) - 1
    head = order[starts[group_of]]
    member = np.flatnonzero(np.concatenate([[False], same]))
    prev = order[member - 1]
    cur = order[member]
    return np.concatenate([head[member], prev]), np.concatenate([cur, cur])


class DuplicateFinder:
    """Finds exact and near duplicates across shards; keeps the earliest post of each cluster.

    ``add`` once per batch or shard; memory per post is its id, a timestamp, an
    exact key, ``bands`` band hashes and ``num_perm`` bytes of signature — no
    text. ``duplicates()`` then links posts with the same exact key, and posts
    whose LSH bands collide *and* whose estimated Jaccard similarity is at least
    ``threshold`` (band collisions alone would merge unrelated short posts).

    ``threshold=0.75`` sits below the 0.8 target on purpose: the estimate from
    128 bins has a standard deviation of ~0.035 near 0.8. Measured by
    ``bench/dedup_vs_rensa.py`` on TweetEval with planted 1–2-edit variants:
    0.75 -> recall 0.981 / precision 0.882 (0.996 counting J >= 0.7);
    0.78 -> 0.949 / 0.913; 0.80 -> 0.909 / 0.952.
    """

    def __init__(self, num_perm: int = 128, bands: int = 32, rows: int = 4, threshold: float = 0.75) -> None:
        if bands < 1 or rows < 1 or bands * rows > num_perm:
            raise ConfigError(f"bands × rows must be ≤ num_perm ({num_perm}); got {bands} × {rows}")
        if not 0.0 < threshold <= 1.0:
            raise ConfigError(f"threshold must be in (0, 1], got {threshold}")
        self.num_perm, self.bands, self.rows, self.threshold = num_perm, bands, rows, threshold
        self._ids: list[pa.Array] = []
        self._times: list[np.ndarray] = []
        self._keys: list[np.ndarray] = []
        self._bands: list[np.ndarray] = []
        self._bits: list[np.ndarray] = []

    def __len__(self) -> int:
        return sum(len(chunk) for chunk in self._keys)

    def add(
        self, ids: Sequence[str] | pa.Array | pa.ChunkedArray, created_at: Any, keys: np.ndarray, signatures: np.ndarray
    ) -> None:
        """Remember one batch: ids, created_at (timestamps or None), exact keys, signatures."""
        ids_arr = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else pa.array(ids, pa.string())
        n = len(ids_arr)
        keys = np.asarray(keys, dtype=np.uint64)
        if keys.shape != (n,) or signatures.shape != (n, self.num_perm):
            raise ValueError(
                f"expected {n} keys and a ({n}, {self.num_perm}) signature matrix, "
                f"got {keys.shape} and {signatures.shape}"
            )
        self._ids.append(ids_arr.cast(pa.string()))
        self._times.append(_to_micros(created_at, n))
        self._keys.append(keys)
        self._bands.append(_band_hashes(signatures, self.bands, self.rows))
        self._bits.append((signatures & 0xFF).astype(np.uint8))  # 8-bit b-bit MinHash for verification

    def duplicates(self) -> list[tuple[str, str, str]]:
        """``(dup_id, kept_id, reason)`` for every post that is not the earliest of its cluster."""
        if not self._keys:
            return []
        ids = pa.chunked_array(self._ids, pa.string()).combine_chunks()
        times = np.concatenate(self._times)
        order = pc.sort_indices(
            pa.table({"t": times, "id": ids}), sort_keys=[("t", "ascending"), ("id", "ascending")]
        ).to_numpy()
        ids = ids.take(pa.array(order))
        keys = np.concatenate(self._keys)[order]
        bands = np.concatenate(self._bands)[order]
        bits = np.concatenate(self._bits)[order]
        valid = keys != EMPTY_KEY

        left, right = [], []
        exact_left, exact_right = _group_edges(keys, valid)
        left.append(exact_left)
        right.append(exact_right)
        near_left, near_right = self._near_edges(bands, bits, valid)
        left.append(near_left)
        right.append(near_right)
        kept_of = self._assign(np.concatenate(left), np.concatenate(right), keys, bits)

        dup_rows = np.flatnonzero(kept_of != np.arange(len(kept_of)))
        kept_rows = kept_of[dup_rows]
        exact = keys[dup_rows] == keys[kept_rows]
        dup_ids = ids.take(pa.array(dup_rows)).to_pylist()
        kept_ids = ids.take(pa.array(kept_rows)).to_pylist()
        return [
            (dup, kept, DEDUP_EXACT if is_exact else DEDUP_NEAR)
            for dup, kept, is_exact in zip(dup_ids, kept_ids, exact.tolist())
        ]

    def _assign(self, left: np.ndarray, right: np.ndarray, keys: np.ndarray, bits: np.ndarray) -> np.ndarray:
        """The kept post of every row (itself when kept), greedily in priority order.

        Union-find would merge chains (A~B, B~C makes A and C one cluster even when
        A and C share little), which on short templated posts removes far more than
        duplicates. Instead a row is a duplicate only of a post that is *kept*: through
        an edge to a kept row, or to a dropped row whose kept post it also resembles
        (estimated Jaccard >= threshold; exact copies always do).
        """
        n = len(keys)
        kept_of = np.arange(n, dtype=np.int64)
        if left.size == 0:
            return kept_of
        lo, hi = np.minimum(left, right), np.maximum(left, right)
        order = np.lexsort((lo, hi))
        lo, hi = lo[order].tolist(), hi[order].tolist()
        decided = -1
        for a, b in zip(lo, hi):
            if b == decided or kept_of[b] != b:
                continue  # b already has its kept post (edges to b come earliest first)
            root = int(kept_of[a])
            if root == a or keys[b] == keys[root] or self._similar(bits, b, root):
                kept_of[b] = root
                decided = b
        return kept_of

    def _similar(self, bits: np.ndarray, a: int, b: int) -> bool:
        agree = float((bits[a] == bits[b]).mean())
        return (agree - _BBITS_SCALE) / (1.0 - _BBITS_SCALE) >= self.threshold

    def _near_edges(self, bands: np.ndarray, bits: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Band-collision candidate pairs whose estimated Jaccard reaches the threshold."""
        pairs = []
        for band in range(self.bands):
            a, b = _group_edges(bands[:, band], valid)
            if a.size:
                lo, hi = np.minimum(a, b), np.maximum(a, b)
                pairs.append(lo.astype(np.uint64) << np.uint64(32) | hi.astype(np.uint64))
        if not pairs:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        unique = np.unique(np.concatenate(pairs))
        left = (unique >> np.uint64(32)).astype(np.int64)
        right = (unique & _MASK32).astype(np.int64)
        keep = np.empty(unique.size, dtype=bool)
        step = 1 << 16  # bounded temporary: step × num_perm bytes
        for start in range(0, unique.size, step):
            a, b = left[start : start + step], right[start : start + step]
            agree = (bits[a] == bits[b]).mean(axis=1)
            estimate = (agree - _BBITS_SCALE) / (1.0 - _BBITS_SCALE)
            keep[start : start + step] = estimate >= self.threshold
        return left[keep], right[keep]


def repost_reasons(
    repost_of: pa.Array | pa.ChunkedArray | Sequence[str | None], kept_ids: pa.Array | Iterable[str]
) -> pa.Array:
    """``dedup_repost`` for each post whose ``repost_of`` is already in the corpus, else null."""
    if not isinstance(repost_of, (pa.Array, pa.ChunkedArray)):
        repost_of = pa.array(list(repost_of), pa.string())
    if not isinstance(kept_ids, pa.Array):
        kept_ids = pa.array(list(kept_ids), pa.string())
    hit = pc.fill_null(pc.is_in(repost_of, value_set=kept_ids.cast(pa.string())), False)
    if isinstance(hit, pa.ChunkedArray):
        hit = hit.combine_chunks()
    return pc.if_else(hit, pa.scalar(DEDUP_REPOST), pa.scalar(None, pa.string()))


FILE_LOCAL_PLATFORMS = ("csv", "text")
"""Platforms whose ids are made up per input file: the same id in two files is two posts."""


class DedupStage:
    """The dedup stage's global step (phase 2): old versions, same ids, exact and near duplicates, reposts.

    Phase 1 computes each kept post's exact key and MinHash signature (the build's side files);
    this step decides over the whole corpus, in this order:

    1. older versions of edited posts: an X version whose id a newer version's edit history
       names, and on platforms where an edit keeps the id, every row older than the newest
       version the ledger saw of that id (``dedup_old_edit``, wherever the versions are);
    2. the same post id twice (one post in two exports): the first occurrence stays. CSV and
       text ids are made up per file, so there only a file's own repeats are the same post;
    3. reposts wait until every original is decided: a repost carries no text of its own,
       so it never competes in dedup and is never kept;
    4. exact + near duplicates, earliest post wins;
    5. reposts: a copy (``dedup_repost``) when their original's text is in the corpus, else
       dropped (stage ``reposts``) because the original was dropped or is not in the input.
    """

    name = "dedup"

    def decide(self, context) -> None:  # context: stage.GlobalContext
        from townsquare.corpus.consent import scoped

        n = len(context)
        ids, keyed = context.ids, context.keyed

        # 1. older versions
        edit_keys, newest = context.ledger.edit_keys()
        edit_row = pc.index_in(keyed, value_set=edit_keys)
        old = pc.is_valid(edit_row).to_numpy(zero_copy_only=False) & context.alive
        if old.any():
            detail = np.full(n, None, dtype=object)
            detail[old] = np.asarray(newest.take(edit_row.filter(pa.array(old))).to_pylist(), dtype=object)
            context.drop(old, self.name, DEDUP_OLD_EDIT, detail)
        versions = context.ledger.newest_version
        if versions is not None and versions.num_rows:
            row = pc.index_in(keyed, value_set=versions.column("key"))
            edited = pc.is_valid(row).to_numpy(zero_copy_only=False) & context.alive
            if edited.any():
                rows = np.flatnonzero(edited)
                newest_at = versions.column("at").take(row.take(pa.array(rows)))
                mine = context.version_at.take(pa.array(rows))
                older = pc.fill_null(pc.less(mine, newest_at), True).to_numpy(zero_copy_only=False)
                mask = np.zeros(n, dtype=bool)
                mask[rows[older]] = True
                detail = np.asarray(ids.to_pylist(), dtype=object) if mask.any() else None
                context.drop(mask, self.name, DEDUP_OLD_EDIT, detail)

        # 2. the same post id twice
        shard_of = np.repeat(np.arange(len(context.names)), context.sizes).astype(str)
        per_file = pc.is_in(context.platform, value_set=pa.array(FILE_LOCAL_PLATFORMS)).to_numpy(zero_copy_only=False)
        same_key = scoped(pa.array(np.where(per_file, shard_of, ""), pa.string()), keyed) if n else keyed
        alive_rows = np.flatnonzero(context.alive)  # among the rows still alive: not an older version
        alive_keys = same_key.take(pa.array(alive_rows, pa.int64()))
        first = pc.index_in(alive_keys, value_set=alive_keys).to_numpy(zero_copy_only=False)
        same_id = np.zeros(n, dtype=bool)
        same_id[alive_rows[first != np.arange(len(alive_rows))]] = True
        if same_id.any():
            context.drop(same_id, self.name, "dedup_same_id", np.asarray(ids.to_pylist(), dtype=object))

        # 3. reposts wait until every original is decided
        reposts = context.alive & pc.is_valid(context.repost_of).to_numpy(zero_copy_only=False)
        candidates = context.alive & ~reposts

        # 4. exact + near duplicates, earliest post wins (streamed shard by shard into the finder)
        finder = None
        offset = 0
        for path, size in zip(context.keys_paths, context.sizes):
            import pyarrow.parquet as pq

            rows_seen = 0
            # ids come from ``keyed`` (already read and scoped); only the dedup columns are read here
            for batch in pq.ParquetFile(path).iter_batches(
                batch_size=65_536, columns=["created_at", "key", "signature"]
            ):
                start = offset + rows_seen
                mask = candidates[start : start + batch.num_rows]
                rows_seen += batch.num_rows
                if mask.any():
                    keep = pa.array(mask)
                    batch = batch.filter(keep)
                    num_perm = batch.schema.field("signature").type.list_size
                    finder = finder or DuplicateFinder(num_perm=num_perm)
                    sig = batch.column("signature").values.to_numpy().reshape(-1, num_perm)
                    finder.add(
                        keyed.slice(start, len(mask)).filter(keep),
                        batch.column("created_at"),
                        batch.column("key").to_numpy(),
                        sig,
                    )
            offset += size
        duplicates = finder.duplicates() if finder is not None else []
        if duplicates:
            alive_rows = np.flatnonzero(candidates)
            alive_keys = keyed.take(pa.array(alive_rows))
            position = pc.index_in(pa.array([d[0] for d in duplicates], pa.string()), value_set=alive_keys)
            rows = alive_rows[position.to_numpy(zero_copy_only=False)]
            kept_position = pc.index_in(pa.array([d[1] for d in duplicates], pa.string()), value_set=alive_keys)
            reason = np.full(n, None, dtype=object)
            detail = np.full(n, None, dtype=object)
            reason[rows] = np.asarray([d[2] for d in duplicates], dtype=object)
            detail[rows] = np.asarray(
                ids.take(pa.array(alive_rows[kept_position.to_numpy(zero_copy_only=False)])).to_pylist(), dtype=object
            )
            mask = np.zeros(n, dtype=bool)
            mask[rows] = True
            context.drop(mask, self.name, reason, detail)

        # 5. reposts: a copy when their original's text is in the corpus, else dropped with why
        repost_rows = np.flatnonzero(reposts)
        if repost_rows.size:
            originals = context.repost_of.take(pa.array(repost_rows))
            keyed_originals = context.keyed_repost_of.take(pa.array(repost_rows))
            # kept or a copy of a kept post (an older version is neither)
            in_corpus = keyed.filter(
                pa.array(context.alive | ((context.stage == "dedup") & (context.reason != DEDUP_OLD_EDIT)))
            )
            copied = pc.is_valid(repost_reasons(keyed_originals, in_corpus)).to_numpy(zero_copy_only=False)
            # rejects carry no platform: an original dropped in phase 1 is matched by id alone (only the
            # reason's name depends on it, the repost is dropped either way)
            seen = pc.or_(
                pc.fill_null(pc.is_in(keyed_originals, value_set=keyed), False),
                pc.fill_null(pc.is_in(originals, value_set=context.reject_ids()), False),
            ).to_numpy(zero_copy_only=False)
            stage = np.full(n, None, dtype=object)
            reason = np.full(n, None, dtype=object)
            detail = np.full(n, None, dtype=object)
            stage[repost_rows] = np.where(copied, "dedup", "reposts")
            reason[repost_rows] = np.where(
                copied, DEDUP_REPOST, np.where(seen, REPOST_OF_DROPPED, REPOST_ORIGINAL_UNSEEN)
            )
            detail[repost_rows] = np.asarray(originals.to_pylist(), dtype=object)
            for label in ("dedup", "reposts"):
                mask = np.zeros(n, dtype=bool)
                mask[repost_rows] = stage[repost_rows] == label
                context.drop(mask, label, reason, detail)
