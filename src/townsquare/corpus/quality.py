"""Quality stage: heuristics made for short social posts, each a named reason.

Web-text filters (Gopher, C4) do not fit posts: they keep 0.55% of real tweets,
because a tweet is short, ends in "…", and is full of @mentions, #tags, links
and emoji. These rules only drop what is junk *as a post*: nothing left but
links or emoji, hashtag or mention walls, keyboard mashing, giveaway and crypto
scams, auto-generated boilerplate, and one author repeating a template at bot
rate. ``bench/quality_review.py`` runs the stage on all TweetEval text and
prints what each rule drops, so the thresholds are checked by reading.

Every text rule is a whole-column pyarrow.compute (RE2) or numpy operation; no
per-word Python. Only the bot-rate rule walks rows, with one dict lookup each.
PII runs before quality, so placeholders (``<EMAIL>``) and ``@user`` count as
furniture, not words.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from townsquare.corpus.stage import Stage
from townsquare.errors import ConfigError

__all__ = ["QUALITY_REASONS", "QualityStage", "QualityThresholds"]

# In priority order: a post failing several rules gets the first.
QUALITY_REASONS = (
    "quality_empty",
    "quality_url_only",
    "quality_emoji_only",
    "quality_too_short",
    "quality_too_long",
    "quality_boilerplate",
    "quality_spam_giveaway",
    "quality_spam_crypto",
    "quality_repeated_chars",
    "quality_symbol_ratio",
    "quality_hashtag_ratio",
    "quality_mention_ratio",
    "quality_url_ratio",
    "quality_bot_rate",
)

_URL = r"(?:https?://|www\.)\S+"
_MENTION = r"@\w+"
_HASHTAG = r"#\w+"
_PLACEHOLDER = r"<[A-Z_]+>"
_FURNITURE = f"{_URL}|{_MENTION}|{_HASHTAG}|{_PLACEHOLDER}"

# Scam and boilerplate patterns (case-insensitive). Kept narrow: each needs two
# signals together (an ask *and* a prize), because single words like "giveaway"
# or "bitcoin" are ordinary conversation.
_GIVEAWAY = (
    r"(giveaway|giving away|chance to win|enter to win|to enter|\bwin (a|an|one|this|these|free)\b|\bcontest\b)"
    r".{0,100}\b(rt (to|and|&|this)|retweet|follow (us|me|@)|like (this|the|our) (post|tweet|pic)|tag (\d+|a friend|your)|repost)"
    r"|\b(rt (to|and|&|this)|retweet|follow (us|me|@)|like (this|the|our) (post|tweet|pic)|tag (\d+|a friend|your)|repost)\b"
    r".{0,80}(to win|to enter|giveaway|for a chance|winner)"
)
_CRYPTO = (
    r"\b(airdrop|(token|coin|crypto|nft|ico) ?pre-?sale|whitelist spot|free (btc|bitcoin|eth|usdt|crypto|nft))\b"
    r"|\b(double|multiply|10x|100x|1000x) your (btc|bitcoin|eth|crypto|money|investment)\b"
    r"|\bsend \d+(\.\d+)? ?(btc|eth|usdt|bnb|sol)\b.{0,60}\b(get|receive|back|double)"
    r"|\b(dm|inbox|message) me (now )?(for|to) (earn|invest|trade|signals|profit)"
    r"|\b(guaranteed|daily) (profit|returns?|roi)\b"
)
_BOILERPLATE = (
    r"^i (just )?(liked|added|favorited) a @?\w+ video"
    r"|^(just )?(posted|uploaded) a (new )?(photo|video)s?\b"
    r"|^i'?m at .{1,80}\(@"
    r"|^(new|check out (my|this)) (blog )?post:"
    r"|\b(my|today's|your) (daily|weekly) (stats|horoscope)\b"
    r"|^\d+ (new )?(people|followers?) (followed|unfollowed) me"
    r"|\bvia @?(twittascope|unfollowspy|tweetdeck|ifttt)\b"
    r"|(get|grab) your (free )?(daily )?horoscope"
)


@dataclass(frozen=True)
class QualityThresholds:
    """Every threshold of the quality stage; the defaults were tuned on TweetEval."""

    min_word_chars: int = 2  # letters/digits outside links, mentions and tags
    max_chars: int = 10_000  # long-form posts exist (X allows 25k), pasted dumps go
    max_symbol_ratio: float = 0.5  # punctuation/symbols over non-space chars...
    symbol_min_chars: int = 10  # ...only judged on posts at least this long
    max_run: int = 30  # one letter repeated this many times in a row ("Nooooooooooooooooooooo" is fine)
    min_hashtags: int = 6  # a hashtag wall needs this many tags...
    max_hashtag_ratio: float = 0.75  # ...making up this share of the tokens
    min_mentions: int = 6
    max_mention_ratio: float = 0.8
    min_urls: int = 3
    max_url_ratio: float = 0.75
    bot_repeats: int = 3  # the 3rd post of one template...
    bot_window_s: float = 3600.0  # ...by one author within an hour
    bot_max_templates: int = 200_000  # bounded state per stage instance (LRU)

    def __post_init__(self) -> None:
        for name in ("max_symbol_ratio", "max_hashtag_ratio", "max_mention_ratio", "max_url_ratio"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ConfigError(f"{name} must be in (0, 1], got {getattr(self, name)}")
        if self.bot_repeats < 2:
            raise ConfigError(f"bot_repeats must be at least 2, got {self.bot_repeats}")


_OTHER, _LETTER, _DIGIT, _SPACE, _PICTO, _SYMBOL_CLASS = range(6)
_TABLE_SIZE = 0x30000  # BMP + SMP + SIP: every emoji; code points above count as letters


@functools.cache
def _char_classes() -> np.ndarray:
    """Class of every code point below _TABLE_SIZE (built once per process, ~50 ms)."""
    first = {"L": _LETTER, "M": _LETTER, "N": _DIGIT, "Z": _SPACE, "P": _SYMBOL_CLASS}
    table = np.empty(_TABLE_SIZE, dtype=np.uint8)
    category = unicodedata.category
    for code in range(_TABLE_SIZE):
        cat = category(chr(code))
        if cat == "So":
            table[code] = _PICTO
        elif cat[0] == "S":
            table[code] = _SYMBOL_CLASS
        else:
            table[code] = first.get(cat[0], _OTHER)
    table[[9, 10, 11, 12, 13]] = _SPACE
    table[0xFE00:0xFE10] = _OTHER  # variation selectors ride on emoji; they are not letters
    table[0x200D] = _OTHER  # zero-width joiner inside emoji sequences
    table[0x1F3FB:0x1F400] = _PICTO  # skin-tone modifiers (category Sk)
    return table


@dataclass
class _Profile:
    """Per-text counts from one numpy pass over the code points of a column."""

    classes: np.ndarray  # class per code point, all texts concatenated
    starts: np.ndarray  # first code point of each text
    ends: np.ndarray

    def count(self, mask: np.ndarray) -> np.ndarray:
        """How many code points of each text satisfy mask (cumsum differences: empty texts give 0)."""
        total = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])
        return total[self.ends] - total[self.starts]


def _profile(texts: list[str]) -> tuple[_Profile, np.ndarray]:
    """Class profile and the code points of texts (lone surrogates pass through)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = _char_classes()[np.minimum(codes, _TABLE_SIZE - 1)]
    classes[codes >= _TABLE_SIZE] = _LETTER
    ends = np.cumsum(lengths)
    return _Profile(classes, ends - lengths, ends), codes


def _max_runs(codes: np.ndarray, profile: _Profile, word_only: bool) -> np.ndarray:
    """Longest run of one repeated non-space (or letter/digit) character per text.

    Done in numpy because RE2 has no backreferences to find runs with.
    """
    n = len(profile.starts)
    out = np.zeros(n, dtype=np.int64)
    if codes.size == 0:
        return out
    same = np.zeros(codes.size, dtype=bool)
    kinds = profile.classes[1:]
    counted = ((kinds == _LETTER) | (kinds == _DIGIT)) if word_only else (kinds != _SPACE)
    same[1:] = (codes[1:] == codes[:-1]) & counted
    same[profile.starts[profile.starts < codes.size]] = False  # runs never cross texts
    index = np.arange(codes.size)
    run = index - np.maximum.accumulate(np.where(same, 0, index)) + 1
    nonempty = profile.ends > profile.starts
    out[nonempty] = np.maximum.reduceat(run, profile.starts[nonempty])
    return out


def _letter_hashes(codes: np.ndarray, profile: _Profile) -> np.ndarray:
    """Per text, a 64-bit hash of its lower-cased letters in order (0 when it has none).

    Sum over letters of mix(code point, rank of the letter in its text): equal
    letter sequences give equal hashes, digits/spaces/punctuation are ignored.
    """
    letters = profile.classes == _LETTER
    lowered = codes.astype(np.uint64)
    upper_ascii = (codes >= 65) & (codes <= 90)
    lowered[upper_ascii] += np.uint64(32)  # ASCII case-fold; other scripts rarely shout in bot templates
    before = np.concatenate([[0], np.cumsum(letters, dtype=np.int64)])
    rank = before[1:] - before[np.repeat(profile.starts, profile.ends - profile.starts)]
    mixed = (lowered * np.uint64(0x9E3779B97F4A7C15)) ^ (rank.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F))
    mixed ^= mixed >> np.uint64(31)
    mixed *= np.uint64(0xBF58476D1CE4E5B9)
    mixed ^= mixed >> np.uint64(29)
    mixed[~letters] = 0
    total = np.concatenate([[np.uint64(0)], np.cumsum(mixed, dtype=np.uint64)])
    return total[profile.ends] - total[profile.starts]


def _matches(texts: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(texts, pattern, ignore_case=True).to_numpy(zero_copy_only=False)


def _literal_counts(texts: pa.Array, *needles: str) -> np.ndarray:
    """Occurrences of plain substrings (no regex: an order of magnitude faster in Arrow)."""
    total = np.zeros(len(texts), dtype=np.int64)
    for needle in needles:
        total += pc.count_substring(texts, needle).to_numpy(zero_copy_only=False)
    return total


class QualityStage(Stage):
    """Drop junk posts with one named reason each (see QUALITY_REASONS)."""

    name = "quality"

    def __init__(self, **thresholds: float) -> None:
        names = {f.name for f in fields(QualityThresholds)}
        unknown = set(thresholds) - names
        if unknown:
            raise ConfigError(
                f"unknown quality threshold(s) {', '.join(sorted(unknown))}; choose from {', '.join(sorted(names))}"
            )
        self.thresholds = QualityThresholds(**thresholds)
        self._templates: OrderedDict[tuple[str, int], list[int]] = OrderedDict()

    def run(self, batch: pa.RecordBatch) -> tuple[pa.RecordBatch, list[str | None]]:
        text_masks, templates = self._analyse(batch.column("text"))
        reasons = np.full(batch.num_rows, None, dtype=object)
        for reason, mask in text_masks.items():
            reasons[(reasons == None) & mask] = reason  # noqa: E711 (elementwise on an object array)
        bot = self._bot_rate(batch, templates, reasons == None)  # noqa: E711
        reasons[bot] = "quality_bot_rate"
        return batch, reasons.tolist()

    def text_reasons(self, texts: pa.Array | pa.ChunkedArray) -> dict[str, np.ndarray]:
        """One boolean mask per text rule, in priority order (bot rate needs authors: see run)."""
        return self._analyse(texts)[0]

    def _analyse(self, texts: pa.Array | pa.ChunkedArray) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Text-rule masks and each post's template hash (its letters in order)."""
        t = self.thresholds
        texts = texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
        texts = pc.fill_null(texts, "")
        raw, codes = _profile(texts.to_pylist())
        content, content_codes = _profile(pc.replace_substring_regex(texts, _FURNITURE, " ").to_pylist())
        chars = raw.count(raw.classes != _SPACE)
        # a text's first character starts a token unless it is a space (no characters at all: none does)
        opens = (raw.classes[np.minimum(raw.starts, len(codes) - 1)] != _SPACE) if len(codes) else False
        tokens = np.maximum(raw.count((raw.classes != _SPACE) & (np.roll(raw.classes, 1) == _SPACE)) + opens, 1)
        word_chars = content.count((content.classes == _LETTER) | (content.classes == _DIGIT))
        content_chars = content.count(content.classes != _SPACE)
        is_symbol = content.classes == _SYMBOL_CLASS
        symbol_chars = content.count(is_symbol)  # counted outside links, so their slashes do not count
        # A run of one symbol ("______", "!!!!!") is decoration, so it counts once.
        symbols = content.count(is_symbol & ~np.concatenate([[False], is_symbol[:-1]]))
        collapsed_chars = content_chars - symbol_chars + symbols
        pictographs = content.count(content.classes == _PICTO)
        urls = _literal_counts(texts, "http://", "https://", "www.")
        hashtags = _literal_counts(texts, "#")
        mentions = _literal_counts(texts, "@")
        max_run = _max_runs(codes, raw, word_only=False)
        max_word_run = _max_runs(codes, raw, word_only=True)
        lowered = pc.utf8_lower(texts)
        spam = self._spam_masks(lowered)
        furniture_only = (word_chars < t.min_word_chars) & (pictographs == 0)
        masks = {
            "quality_empty": chars == 0,
            "quality_url_only": (urls > 0) & (word_chars == 0) & (pictographs == 0),
            "quality_emoji_only": (pictographs > 0) & (word_chars == 0),
            "quality_too_short": furniture_only & (hashtags == 0) & (mentions == 0),
            "quality_too_long": (raw.ends - raw.starts) > t.max_chars,
            **spam,
            # Keyboard mashing ("aaaaaaaaaaaaaaaaaaaa"), or one character making up most of the post;
            # separator lines ("-------") under an Instagram caption are decoration, not junk.
            "quality_repeated_chars": (max_word_run >= t.max_run)
            | ((max_run >= t.max_run) & (5 * max_run >= 4 * chars)),
            "quality_symbol_ratio": (content_chars >= t.symbol_min_chars)
            & (symbols > t.max_symbol_ratio * collapsed_chars),
            "quality_hashtag_ratio": (furniture_only & (hashtags > 0))
            | ((hashtags >= t.min_hashtags) & (hashtags > t.max_hashtag_ratio * tokens)),
            "quality_mention_ratio": (furniture_only & (mentions > 0))
            | ((mentions >= t.min_mentions) & (mentions > t.max_mention_ratio * tokens)),
            "quality_url_ratio": (urls >= t.min_urls) & (urls > t.max_url_ratio * tokens),
        }
        return masks, _letter_hashes(content_codes, content)

    @staticmethod
    def _spam_masks(lowered: pa.Array) -> dict[str, np.ndarray]:
        """Boilerplate, giveaway and crypto masks: one combined pass, then each on the few hits."""
        any_hit = _matches(lowered, f"{_BOILERPLATE}|{_GIVEAWAY}|{_CRYPTO}")
        masks = {
            name: np.zeros(len(lowered), dtype=bool)
            for name in ("quality_boilerplate", "quality_spam_giveaway", "quality_spam_crypto")
        }
        rows = np.flatnonzero(any_hit)
        if rows.size:
            hits = lowered.take(pa.array(rows))
            for name, pattern in (
                ("quality_boilerplate", _BOILERPLATE),
                ("quality_spam_giveaway", _GIVEAWAY),
                ("quality_spam_crypto", _CRYPTO),
            ):
                masks[name][rows] = _matches(hits, pattern)
        return masks

    def _bot_rate(self, batch: pa.RecordBatch, templates: np.ndarray, candidates: np.ndarray) -> np.ndarray:
        """Posts that are an author's ``bot_repeats``-th use of one template within the window.

        A template is the sequence of letters outside links, mentions and tags,
        case-folded by Unicode lower-casing, so "Temp 21C at 10:00" and
        "Temp 19C at 11:00" match. State is an LRU of at most
        ``bot_max_templates`` (author, template) keys, each holding at most
        ``bot_repeats`` timestamps, so memory is bounded whatever the shard size.
        """
        t = self.thresholds
        flagged = np.zeros(batch.num_rows, dtype=bool)
        if "author_id" not in batch.schema.names or "created_at" not in batch.schema.names:
            return flagged
        authors = batch.column("author_id").to_pylist()
        times = pc.cast(batch.column("created_at"), pa.timestamp("us", tz="UTC")).cast(pa.int64()).to_pylist()
        window = int(t.bot_window_s * 1_000_000)
        state = self._templates
        for row, (author, when, template) in enumerate(zip(authors, times, templates.tolist())):
            if author is None or when is None or template == 0 or not candidates[row]:
                continue
            key = (author, template)
            seen = state.get(key)
            if seen is None:
                state[key] = [when]
                if len(state) > t.bot_max_templates:
                    state.popitem(last=False)
                continue
            state.move_to_end(key)
            recent = [ts for ts in seen if abs(when - ts) <= window]
            if len(recent) + 1 >= t.bot_repeats:
                flagged[row] = True
            recent.append(when)
            state[key] = recent[-t.bot_repeats :]
        return flagged

    def counters(self) -> Counter:
        return Counter()
