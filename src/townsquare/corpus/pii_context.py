"""Context words for the PII detectors, and the detectors that need them.

A candidate that is weak on its own (a 7-12 digit group, a 12-digit Luhn number, a date, a short
alphanumeric code) becomes a detection when a context word for its type is the nearest context word
within a short window: before it on the same line or the line before, or after it on the same line.
This is how Presidio's context enhancers work, without its NLP pipeline: one compiled regex over the
words of every type and language, run only on posts that already have a candidate.

The word lists are data, one JSON file per type in ``pii_context/`` (keys: en de fr es pt it nl), so
that a language or a word is added without touching code. An entry is lower case; a trailing ``*``
lets the word take any ending ("telefon*" covers Telefonnummer); spaces match any run of spaces.
The ``negative`` list says what a number is when it is not personal ("order", "Bestellnummer",
"pedido", "views"): a candidate whose nearest context word is negative is dropped.

``pii_context/bip39_english.txt`` is the BIP-39 English wordlist (2048 words, as shipped by the MIT-licensed
``mnemonic`` package, the reference implementation): wallet recovery phrases are 12-24 of its words.

Detectors here: DOB, PASSPORT, DRIVER_LICENSE, BOOKING_REF (travel booking references, e-ticket numbers, baggage
claim and file references), PLATE (licence plates),
GEO, seed phrases (SECRET) and names in contact blocks and beside a booking reference (NAME); ``pii.py`` uses
``Context`` for phones, cards, national ids and addresses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("pii_context")
# The kinds whose words can say what a digit run is: a phone, a card, an id, a document, or not personal.
NUMBER_KINDS = frozenset({"phone", "contact", "card", "gov_id", "passport", "driver_license", "plate", "negative"})
KINDS = (
    "phone",
    "card",
    "gov_id",
    "passport",
    "driver_license",
    "plate",
    "car",
    "dob",
    "geo",
    "seed",
    "address",
    "contact",
    "email",
    "negative",
)
LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl")
_NUMBER = re.compile(r"\d{4}|\d{3}[\s.-]\d")
# Words that count the number before them ("134,799,986 views"): never context for a number after them.
_COUNTS = frozenset(
    {
        "views",
        "followers",
        "likes",
        "votes",
        "aufrufe",
        "vues",
        "visualizações",
        "visualizzazioni",
        "weergaven",
        "vistas",
        "population",
        "pop",
    }
)
BEFORE = 48  # characters before a candidate (and never past the start of the line before it)
AFTER = 24  # characters after it, on the same line


def load_words(kind: str) -> dict[str, list[str]]:
    """The context words of one type, per language, from its data file."""
    data = json.loads((DATA / f"{kind}.json").read_text(encoding="utf-8"))
    return {lang: words for lang, words in data.items() if lang in LANGUAGES}


def _word_pattern(word: str) -> str:
    prefix = word.endswith("*")
    word = word.rstrip("*")
    body = r"\s+".join(re.escape(part).replace("'", "['’]") for part in word.split())
    body = body.replace("['’]", "['’]?") if "'" in word else body
    return body + (r"[\w-]*" if prefix else "")


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern, dict[str, frozenset[str]], list[tuple[str, frozenset[str]]]]:
    exact: dict[str, set[str]] = {}
    prefixes: dict[str, set[str]] = {}
    for kind in KINDS:
        for words in load_words(kind).values():
            for word in words:
                word = word.lower().strip()
                if word.endswith("*"):
                    prefixes.setdefault(word[:-1], set()).add(kind)
                else:
                    exact.setdefault(" ".join(word.split()), set()).add(kind)
    entries = sorted({*exact, *(p + "*" for p in prefixes)}, key=lambda w: (-len(w.rstrip("*")), w))
    # one alternation per first letter: Python's re tries every branch of a flat alternation at every
    # position, so grouping by the first character keeps a scan of a post near the cost of one pass
    by_first: dict[str, list[str]] = {}
    for entry in entries:
        by_first.setdefault(entry[0], []).append(entry)
    branches = []
    for first, group in sorted(by_first.items()):
        rest = "|".join(
            _word_pattern(w)[len(re.escape(first)) :]
            if _word_pattern(w).startswith(re.escape(first))
            else _word_pattern(w)
            for w in group
        )
        branches.append(f"{re.escape(first)}(?:{rest})")
    regex = re.compile(r"(?i)(?<![\w'’-])(?:" + "|".join(branches) + r")(?![\w'’])")
    return (
        regex,
        {w: frozenset(k) for w, k in exact.items()},
        sorted(((p, frozenset(k)) for p, k in prefixes.items()), key=lambda item: -len(item[0])),
    )


def kinds_of(word: str) -> frozenset[str]:
    """The types a matched context word stands for."""
    _, exact, prefixes = _compiled()
    key = " ".join(word.lower().replace("’", "'").split())
    found = set(exact.get(key, ()))
    for prefix, kinds in prefixes:
        if key.startswith(prefix):
            found |= kinds
    return frozenset(found)


class Context:
    """The context words of one text, found once, asked about per candidate."""

    __slots__ = ("text", "_words", "_lower", "_digits", "_docs")

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: list[tuple[int, int, frozenset[str]]] | None = None
        self._lower: str | None = None
        self._digits: int | None = None
        self._docs: list | None = None

    @property
    def digits(self) -> int:
        """How many digits the post has: most detectors need a minimum and skip posts below it."""
        if self._digits is None:
            self._digits = sum(map(str.isdigit, self.text))
        return self._digits

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    @property
    def words(self) -> list[tuple[int, int, frozenset[str]]]:
        if self._words is None:
            regex = _compiled()[0]
            self._words = [(m.start(), m.end(), kinds_of(m.group(0))) for m in regex.finditer(self.text)]
        return self._words

    def window(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1 if line_start else 0
        lo = max(prev_start, start - BEFORE)
        line_end = text.find("\n", end)
        hi = min(len(text) if line_end < 0 else line_end, end + AFTER)
        return lo, hi

    def near(self, start: int, end: int, among: frozenset[str] = frozenset()) -> frozenset[str]:
        """Kinds of the nearest context word before the candidate, else of the nearest after it; with
        ``among``, only words of those kinds count (a location word does not speak for a number)."""
        return self.nearest(start, end, among)[0]

    def nearest(self, start: int, end: int, among: frozenset[str] = frozenset()) -> tuple[frozenset[str], bool]:
        """``near``'s kinds, and whether that word stands before the candidate."""
        if not self.words:
            return frozenset(), False
        lo, hi = self.window(start, end)
        words = [w for w in self.words if w[2] & among] if among else self.words
        text = self.text
        # a word already followed by another number speaks for that number, not for this one
        before = [
            w
            for w in words
            if lo <= w[0]
            and w[1] <= start
            and not _NUMBER.search(text, w[1], start)
            and text[w[0] : w[1]].lower() not in _COUNTS
        ]
        if before:
            return before[-1][2], True
        after = [
            w
            for w in words
            if end <= w[0]
            and w[1] <= hi
            and not _NUMBER.search(text, end, w[0])
            and not _NUMBER.match(
                text, w[1] + len(text[w[1] : w[1] + 12]) - len(text[w[1] : w[1] + 12].lstrip(" :#.-"))
            )
        ]
        return (after[0][2] if after else frozenset()), False

    def has(self, start: int, end: int, kind: str) -> bool:
        """True when the nearest word of ``kind`` or ``negative`` is of ``kind``."""
        return kind in self.near(start, end, frozenset({kind, "negative"}))

    def of_kind(self, kind: str) -> Iterable[tuple[int, int]]:
        return ((s, e) for s, e, kinds in self.words if kind in kinds)


# --------------------------------------------------------------------------- dates of birth

MONTHS = {
    "en": "january february march april may june july august september october november december",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
_MONTH_NUMBER: dict[str, int] = {}
for _names in MONTHS.values():
    for _i, _name in enumerate(_names.split(), start=1):
        _MONTH_NUMBER[_name] = _i
        _MONTH_NUMBER.setdefault(_name[:3], _i)
_MONTH_NUMBER.update(
    {
        "sept": 9,
        "mrz": 3,
        "okt": 10,
        "dez": 12,
        "mei": 5,
        "mag": 5,
        "giu": 6,
        "lug": 7,
        "ago": 8,
        "set": 9,
        "ott": 10,
        "dic": 12,
        "out": 10,
        "fev": 2,
        "fév": 2,
        "avr": 4,
        "déc": 12,
        "ene": 1,
        "abr": 4,
        "dez.": 12,
        "mrt": 3,
    }
)
_MONTH = "(?:" + "|".join(sorted((re.escape(m) for m in _MONTH_NUMBER), key=len, reverse=True)) + r")\.?"
_DAY_SUFFIX = r"(?:st|nd|rd|th|er|º|°|\.)?"
DATE = re.compile(
    r"(?i)(?<![\w./-])(?:"
    r"(?P<d1>\d{1,2})[./-](?P<m1>\d{1,2})[./-](?P<y1>\d{4}|\d{2})"  # 12/03/1987, 03/12/87, 12.3.87
    r"|(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})"  # 1987-03-12
    rf"|(?P<d3>\d{{1,2}}){_DAY_SUFFIX}\s+(?:de\s+)?(?P<m3>{_MONTH})\s+(?:de\s+)?(?P<y3>\d{{4}})"  # 12 March 1987
    rf"|(?P<m4>{_MONTH})\s+(?P<d4>\d{{1,2}}){_DAY_SUFFIX},?\s+(?P<y4>\d{{4}})"  # March 12, 1987
    r")(?![\w/]|[.-]\d)"
)


def _plausible_birth(match: re.Match) -> bool:
    groups = match.groupdict()
    for i in "1234":
        if groups.get(f"y{i}"):
            year, month, day = groups[f"y{i}"], groups[f"m{i}"], groups[f"d{i}"]
            break
    else:
        return False
    month_number = int(month) if month.isdigit() else _MONTH_NUMBER.get(month.lower().rstrip("."), 0)
    day_number = int(day)
    if i == "1" and month_number > 12 >= day_number:  # US order 03/12/87
        month_number, day_number = day_number, month_number
    year_number = int(year)
    if len(year) == 2:
        year_number += 1900 if year_number > date.today().year % 100 else 2000
    return 1 <= month_number <= 12 and 1 <= day_number <= 31 and 1900 <= year_number <= date.today().year


_DOB_HINTS = (
    "born",
    "birth",
    "dob",
    "d.o.b",
    "geb",
    "né",
    "naissance",
    "naci",
    "nací",
    "nasc",
    "nato",
    "nata",
    "geboor",
    "cumple",
    "anivers",
    "compleanno",
    "verjaardag",
    "b.",
)


def find_dobs(text: str, ctx: Context) -> Iterable[tuple[int, int, bool]]:
    if ctx.digits < 4 or not any(hint in ctx.lower for hint in _DOB_HINTS):
        return
    for m in DATE.finditer(text):
        if _plausible_birth(m) and ctx.has(m.start(), m.end(), "dob"):
            yield m.start(), m.end(), True


# --------------------------------------------------------------------------- passports and driving licences

# A document number: one to five groups of capitals and digits, at least five digits in all.
_DOC_NUMBER = re.compile(r"(?<![\w#@/$.,:+-])[A-Z0-9]*\d[A-Z0-9]*(?:[ -][A-Z0-9]*\d[A-Z0-9]*){0,4}(?![\w@]|[.,]\w)")


_DOC_HINTS = {
    "passport": ("pass", "pasaporte", "paspoort"),
    "driver_license": (
        "licen",
        "dl",
        "führerschein",
        "fuehrerschein",
        "permis",
        "carnet",
        "conducir",
        "cnh",
        "motorista",
        "habilita",
        "patente",
        "rijbewijs",
    ),
}


def _doc_numbers(text: str, ctx: Context, kind: str, max_len: int, min_digits: int) -> Iterable[tuple[int, int, bool]]:
    if ctx.digits < min_digits or not any(hint in ctx.lower for hint in _DOC_HINTS[kind]):
        return
    if ctx._docs is None:
        ctx._docs = list(_DOC_NUMBER.finditer(text))
    for m in ctx._docs:
        value = m.group(0)
        digits = sum(ch.isdigit() for ch in value)
        if 6 <= len(value) <= max_len and digits >= min_digits and ctx.has(m.start(), m.end(), kind):
            yield m.start(), m.end(), True


def find_passports(text: str, ctx: Context) -> Iterable[tuple[int, int, bool]]:
    return _doc_numbers(text, ctx, "passport", 10, 5)


def find_driver_licenses(text: str, ctx: Context) -> Iterable[tuple[int, int, bool]]:
    return _doc_numbers(text, ctx, "driver_license", 24, 4)


# --------------------------------------------------------------------------- booking references

# A travel booking reference (an airline PNR or record locator, a confirmation code) with the traveller's surname is
# all a "manage my booking" page asks for. Its shape (five to eight letters and digits) is everywhere in posts, so it
# counts only right after a booking word ("Conf #8Q6MFD", "record locator: KARAAX", "confirmation # is fwwe7f",
# "PNR A3ZZ0F"), with at most a sign, "number"/"code"/"no." or "is" between. The words are data
# (``pii_context/booking.json``) read by a pattern of their own: in the shared regex "confirmation" and "reference"
# are negative words that keep order numbers out, and they stay so for numbers.
_BOOKING_LINK = r"[ \t\xa0]*(?:(?:[#:=.(–-]|['’]s)[ \t\xa0]*)*"  # "Conf #'s", "reservation (FEHQNE)"


@lru_cache(maxsize=1)
def _booking_hints() -> tuple[str, ...]:
    """The first four letters of each booking word: a post without one of them has no booking word."""
    return tuple(sorted({w.lower().split()[0][:4] for items in load_words("booking").values() for w in items}))


@lru_cache(maxsize=1)
def _booking_pattern() -> re.Pattern:
    words = sorted({w.lower() for items in load_words("booking").values() for w in items}, key=lambda w: (-len(w), w))
    alternation = "|".join(_word_pattern(w) for w in words)
    return re.compile(
        rf"(?i)(?<![\w'’-])(?:{alternation})(?![\w'’])"
        rf"{_BOOKING_LINK}(?:(?:is|was|number|num|nr|no|code|ref)\.?(?![\w'’]){_BOOKING_LINK}){{0,2}}"
        r"(?P<code>[A-Za-z0-9]{5,8})(?![\w@]|[.,/-]\w)"
    )


# More codes in one breath: "Conf #'s MQXC64 &amp; MPWNC2", "conf code: F6DK04 / XZMSCW".
_BOOKING_MORE = re.compile(r"(?i)[ \t]*(?:,|&amp;|&|and|or|/|\+)[ \t]*(?P<code>[A-Za-z0-9]{5,8})(?![\w@]|[.,/-]\w)")
# An airline's flight number ("UA4646", "B61234") follows the same words ("confirmation for UA4646") and is public.
_FLIGHT_NUMBER = re.compile(r"(?i)(?:[A-Z]{2}|[A-Z]\d|\d[A-Z])\d{1,4}")


def _booking_code_ok(code: str, text: str) -> bool:
    """Letters and digits ("8Q6MFD", "fwwe7f"), six capitals in a post not written in capitals ("KARAAX"), or six
    letters without a vowel ("ggqzqd"): a word after a booking word ("confirmation email", "booking today") is none."""
    if _FLIGHT_NUMBER.fullmatch(code):
        return False
    has_digit = any(ch.isdigit() for ch in code)
    has_letter = any(ch.isalpha() for ch in code)
    if has_digit:
        return has_letter  # digits alone are an order or confirmation number (the negative list's rule)
    if len(code) != 6:
        return False
    if not any(ch in "aeiouAEIOU" for ch in code):
        return True
    if not code.isupper():
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) <= len(letters) / 2


def find_booking_refs(text: str, ctx: Context) -> Iterable[tuple[int, int, bool]]:
    if not any(hint in ctx.lower for hint in _booking_hints()):
        return
    for m in _booking_pattern().finditer(text):
        if not _booking_code_ok(m.group("code"), text):
            continue
        yield m.start("code"), m.end("code"), True
        more = _BOOKING_MORE.match(text, m.end())
        while more and _booking_code_ok(more.group("code"), text):
            yield more.start("code"), more.end("code"), True
            more = _BOOKING_MORE.match(text, more.end())


# An airline e-ticket number (13 digits: the airline's prefix, 016 United, 001 American, then a 10-digit serial) opens
# the trip as a booking reference does ("ticket # 0162424965446 please refund", "e-ticket # 0162389030167", "RES #
# 0167560070877"). Thirteen digits is no support ticket's, order's or case's number, so ticket words count only before
# exactly that; the booking words count too. A locator written right after it ("RES # 0167560070877 Fsqthg") goes
# with it. With no word before it, thirteen digits that start with the prefix of an airline the post names ("@united
# @user 0162431184663.") are one too.
_TICKET_NUMBER = r"(?P<code>\d{3}[ -]?\d{10}|\d{3}[ -]\d{4}[ -]\d{6})(?!\d|[.,]\d)"
_AFTER_TICKET = re.compile(r"[ \t\xa0,;/]*(?P<code>[A-Za-z0-9]{5,8})(?![\w@]|[.,/-]\w)")


@lru_cache(maxsize=1)
def _ticket_hints() -> tuple[str, ...]:
    words = {w.lower().split()[0][:4] for items in load_words("ticket").values() for w in items}
    return tuple(sorted(words | set(_booking_hints())))


@lru_cache(maxsize=1)
def _ticket_pattern() -> re.Pattern:
    words = {w.lower() for kind in ("ticket", "booking") for items in load_words(kind).values() for w in items}
    alternation = "|".join(_word_pattern(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(
        rf"(?i)(?<![\w'’-])(?:{alternation})(?![\w'’])"
        rf"{_BOOKING_LINK}(?:(?:is|was|number|num|nr|nbr|no|code|ref)\.?(?![\w'’]){_BOOKING_LINK}){{0,2}}"
        + _TICKET_NUMBER
    )


_BARE_TICKET = re.compile(r"(?<![\w#@/.,-])\d{13}(?![\w@]|[.,/-]\w)")


@lru_cache(maxsize=1)
def _airline_prefixes() -> dict[str, re.Pattern]:
    """Each airline's ticket prefix, with a pattern for the names and handles it is written by."""
    data = json.loads((DATA / "ticket.json").read_text(encoding="utf-8"))
    return {
        prefix: re.compile(r"(?i)(?<![\w'’-])@?(?:" + "|".join(_word_pattern(n) for n in names) + r")(?![\w'’])")
        for prefix, names in data["airlines"].items()
    }


def find_ticket_numbers(text: str, ctx: Context) -> Iterable[tuple[int, int, bool]]:
    if ctx.digits < 13:
        return
    if any(hint in ctx.lower for hint in _ticket_hints()):
        for m in _ticket_pattern().finditer(text):
            yield m.start("code"), m.end("code"), True
            after = _AFTER_TICKET.match(text, m.end())
            if after and _booking_code_ok(after.group("code"), text):
                yield after.start("code"), after.end("code"), True
    for m in _BARE_TICKET.finditer(text):
        airline = _airline_prefixes().get(m.group(0)[:3])
        if airline is not None and airline.search(text):
            yield m.start(), m.end(), True


# A delayed bag's claim or file reference ("claim# hdndl11785", "missing bag claim #3526665682", "File number:
# DCA48810M") with the passenger's name opens the bag's tracing page. "claim" is an everyday word ("claim 50000
# miles"), so the reference must hold five digits or more, six when it is digits alone, and no count word may follow
# it. The airlines' WorldTracer file reference (station, airline, five digits: "YYZUA70435") is its own evidence in a
# post that speaks of luggage.
_BAGGAGE_CODE = r"(?P<code>[A-Za-z0-9]{5,12})(?![\w@]|[.,/-]\w)"
_COUNT_AFTER = re.compile(
    r"(?i)[ \t\xa0]*(?:miles|points|pts|avios|dollars|bucks|usd|eur|euros|people|times|km|kg|lbs?)\b"
)
_WORLDTRACER = re.compile(r"(?<![\w#@/-])[A-Z]{3}(?:[A-Z]{2}|[A-Z]\d|\d[A-Z])\d{5}(?![\w@]|[.,/-]\w)")


@lru_cache(maxsize=1)
def _baggage_words() -> tuple[tuple[str, ...], re.Pattern, re.Pattern]:
    data = json.loads((DATA / "baggage.json").read_text(encoding="utf-8"))
    words = {w.lower() for lang, items in data.items() if lang in LANGUAGES for w in items}
    alternation = "|".join(_word_pattern(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    pattern = re.compile(
        rf"(?i)(?<![\w'’-])(?:{alternation})(?![\w'’])"
        rf"{_BOOKING_LINK}(?:(?:is|was|number|num|nr|no|ref)\.?(?![\w'’]){_BOOKING_LINK}){{0,2}}" + _BAGGAGE_CODE
    )
    luggage = re.compile(r"(?i)(?<!\w)(?:" + "|".join(map(re.escape, data["luggage"])) + r")(?!\w)")
    hints = {w.split()[0][:4] for w in words} | {w[:3] for w in data["luggage"]}
    return tuple(sorted(hints)), pattern, luggage


def _baggage_code_ok(code: str) -> bool:
    digits = sum(ch.isdigit() for ch in code)
    return digits >= 6 or (digits >= 5 and digits < len(code))


def find_baggage_refs(text: str, ctx: Context) -> Iterable[tuple[int, int, bool]]:
    if ctx.digits < 5:
        return
    hints, pattern, luggage = _baggage_words()
    if not any(hint in ctx.lower for hint in hints):
        return
    for m in pattern.finditer(text):
        if _baggage_code_ok(m.group("code")) and not _COUNT_AFTER.match(text, m.end()):
            yield m.start("code"), m.end("code"), True
    if luggage.search(text):
        for m in _WORLDTRACER.finditer(text):
            yield m.start(), m.end(), True


# --------------------------------------------------------------------------- licence plates

# A plate as the countries write them: one to four groups of capitals and digits joined by spaces or dashes
# (AB12 CDE, B-MW 1234, AB-123-CD, 1234 BCD, AB 123 CD, 12-ABC-3, ABC1D23, 7ABC123, C 137227). Capitals only: in lower
# case "plate for 2 wings" would read as one. The shape is weak, so a plate word must be the nearest context
# word before it ("Kennzeichen", "immatriculation", "matrícula", "targa", "kenteken", "number plate"). After
# it ("AB12 CDE is my plate"), or after a word for the car itself ("my car (KL79 LKO)", "mein Auto: BZ-B 84"),
# the value must also have one of the national forms below ("the A380 plate", "my car (BMW X5)" do not).
_PLATE = re.compile(r"(?<![\w#@/$.,:+-])[A-ZÄÖÜ0-9]{1,8}(?:[ -][A-ZÄÖÜ0-9]{1,7}){0,3}(?![\w@]|[.,]\w)")
_NATIONAL_PLATE = re.compile(
    r"[A-Z]{2}\d{2} ?[A-Z]{3}"  # UK
    r"|[A-ZÄÖÜ]{1,3}[ -][A-Z]{1,2}[ -]?\d{1,4}[EH]?"  # DE
    r"|[A-Z]{2}-\d{3}-[A-Z]{2}|\d{1,4}[ -][A-Z]{2,3}[ -]\d{2}"  # FR (SIV, FNI)
    r"|\d{4} ?[A-Z]{3}|[A-Z]{1,2} ?\d{4} ?[A-Z]{1,2}"  # ES
    r"|[A-Z]{2} ?\d{3} ?[A-Z]{2}"  # IT
    r"|(?=[A-Z0-9-]{8}$)[A-Z0-9]{1,3}-[A-Z0-9]{1,3}-[A-Z0-9]{1,3}"  # NL sidecodes: six characters in three groups
    r"|[A-Z]{3}-?\d[A-Z0-9]\d{2}"  # BR (Mercosul and old)
    r"|\d[A-Z]{3}\d{3}|[A-Z]{3}[ -]?\d{3,4}|\d{3}[ -]?[A-Z]{3}|\d{1,3}[ -]?[A-Z]{1,3}[ -]?\d{1,4}"  # US
)
# The words find_plates needs (a post without one has no plate to find): substrings first, which Python
# tests far faster than a regex tries an alternation at every position, then the words themselves.
_PLATE_ROOTS = (
    "plat",
    "plaa",
    "plac",
    "plaq",
    "reg",
    "targ",
    "car",
    "truck",
    "vehic",
    "véhic",
    "vehíc",
    "veíc",
    "auto",
    "wagen",
    "voiture",
    "coche",
    "moto",
    "macchina",
    "busje",
    "tag number",
    "kennzeichen",
    "nummer",
    "immat",
    "matr",
    "kenteken",
    "fahrzeug",
    "transporter",
    "camionnette",
    "furgo",
)
_PLATE_HINT = re.compile(
    r"(?i)(?<!\w)(?:(?:plates?|reg|registration|placa|targ[ao]|targata|car|truck|vehicle|auto|wagen"
    r"|voiture|coche|carro|moto|macchina|busje|tag number)(?!\w)|kennzeichen|nummernschild|plaque"
    r"|immat|matr[ií]cula|kenteken|nummerplaat|nummerbord|motorbike|fahrzeug|transporter|véhicule"
    r"|camionnette|vehículo|furgo|veículo)"
)


_PLATE_KINDS = frozenset({"plate", "car", "negative"})
# Makes written in capitals before a model: "my car (BMW X5)" has a German plate's form but is a model name.
_CAR_MAKES = frozenset(
    {"BMW", "VW", "KIA", "GMC", "AMG", "MG", "DS", "RAM", "SEAT", "FIAT", "AUDI", "MINI", "BYD", "JAC"}
)


# A name and a year ("Miss Teen USA 2017 registration", "GE 2018", "COP 2021") is an event, not a plate.
_NAME_AND_YEAR = re.compile(r"[A-Z]+[ -]?(?:19|20)\d\d")


def _plate_ok(value: str) -> bool:
    compact = value.replace(" ", "").replace("-", "")
    return 4 <= len(compact) <= 9 and not compact.isalpha() and not _NAME_AND_YEAR.fullmatch(value)


def find_plates(text: str, ctx: Context) -> Iterable[tuple[int, int, bool]]:
    if ctx.digits < 1 or not any(root in ctx.lower for root in _PLATE_ROOTS) or _PLATE_HINT.search(text) is None:
        return
    for m in _PLATE.finditer(text):
        value = m.group(0)
        # a capitalised word after the plate ("B-MW 1234 IST ...") is not part of it
        while not _plate_ok(value) and (" " in value or "-" in value):
            cut = max(value.rfind(" "), value.rfind("-"))
            if any(ch.isdigit() for ch in value[cut + 1 :]):
                break
            value = value[:cut]
        start, end = m.start(), m.start() + len(value)
        if not _plate_ok(value):
            continue
        kinds, before = ctx.nearest(start, end, _PLATE_KINDS)
        if not kinds or "negative" in kinds:
            continue
        if value.isdigit():  # old numeric plates (US "680582"): five to eight digits, after a plate word
            if "plate" in kinds and before and 5 <= len(value) <= 8:
                yield start, end, True
        elif ("plate" in kinds and before) or (
            _NATIONAL_PLATE.fullmatch(value)
            and re.split("[ -]", value)[0] not in _CAR_MAKES
            and ("plate" in kinds or sum(ch.isdigit() for ch in value) >= 2)
        ):  # "Car Charger for LG G5"
            yield start, end, True


# --------------------------------------------------------------------------- coordinates

GEO = re.compile(
    r"(?<![\w.+-])(?P<lat>[-+]?\d{1,2}\.(?P<lat_dec>\d{3,8}))°?\s?(?P<ns>[NS])?\s?,\s?"
    r"(?P<lon>[-+]?\d{1,3}\.(?P<lon_dec>\d{3,8}))°?\s?(?P<ew>[EW])?(?!\w|[.,]\d)"
)


def find_geo(text: str, ctx: Context) -> Iterable[tuple[int, int, bool]]:
    if ctx.digits < 8 or "." not in text:
        return
    for m in GEO.finditer(text):
        lat, lon = float(m.group("lat")), float(m.group("lon"))
        if not (abs(lat) <= 90 and abs(lon) <= 180):
            continue
        places = min(len(m.group("lat_dec")), len(m.group("lon_dec")))
        # four decimals (~10 m) are a place; three (~100 m) only with a location word
        if places >= 4 or (m.group("ns") and m.group("ew")) or ctx.has(m.start(), m.end(), "geo"):
            yield m.start(), m.end(), True


# --------------------------------------------------------------------------- seed phrases


@lru_cache(maxsize=1)
def bip39_words() -> frozenset[str]:
    return frozenset((DATA / "bip39_english.txt").read_text(encoding="utf-8").split())


_TOKEN = re.compile(r"\S+")


def find_seed_phrases(text: str, ctx: Context | None = None) -> Iterable[tuple[int, int, bool]]:
    """Runs of 12 or more BIP-39 words (wallet recovery phrases), separated by spaces or line breaks."""
    words = bip39_words()
    run = best = 0
    for token in text.split():  # the cheap pass: most posts have no run of 12 list words at all
        run = run + 1 if token.rstrip(".,;:!?") in words else 0
        best = max(best, run)
    if best < 12:
        return
    count, run_start, run_end = 0, 0, 0
    for t in _TOKEN.finditer(text):
        word = t.group(0).rstrip(".,;:!?")
        if word in words:
            if count == 0:
                run_start = t.start()
            run_end, count = t.start() + len(word), count + 1
            if word != t.group(0):  # a full stop or comma ends the phrase
                if count >= 12:
                    yield run_start, run_end, True
                count = 0
            continue
        if count >= 12:
            yield run_start, run_end, True
        count = 0
    if count >= 12:
        yield run_start, run_end, True


# --------------------------------------------------------------------------- names in contact blocks

_PARTICLE = r"(?:van|von|der|den|de|del|della|da|do|dos|das|di|du|la|le|y|e|zu|ten|ter|bin|al|'t|’t)"
_CAP = (
    r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿß'’]+(?:[A-Z][a-zà-öø-ÿß'’]+)?"  # Jean, McLean
    r"(?:-(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿß'’]+|van|von|de|der|den|da|di|du|la|le)(?=[-\s]|$))*"
)  # Bertrand-Charpentier, Lemmens-van
_TITLE = r"(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Sra|Srta|Dra|Herr|Frau|Mme|Mlle|M|Sig|Sig\.ra|Univ\.Prof|Dipl\.-Ing|Ing|Dott|Dott\.ssa)\.?\s+)*"
NAME = re.compile(rf"{_TITLE}{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP}){{1,3}}")
_NAME_AT_END = re.compile(rf"(?:^|(?<=[\s:,;|(]))(?P<name>{NAME.pattern})(?:,?\s+[A-Z][\w.]*\.)?$")
# What may stand between a name and its data: separators and labels ("Tel.", "DOB", "né le", "at").
_LABEL_TAIL = re.compile(
    r"(?:[\s,|;:(–—-]|\b(?:at|à|em|op|an|[Tt]el|[Tt]él|DOB|dob|[Bb]orn|né|née|le|il|nato|nata|nascido|nacido|"
    r"geboren|geb|am|[Pp]hone|[Mm]obile|[Ee]-?mail|[Mm]ail)\b\.?)+$"
)
_NAME_LINE = re.compile(
    rf"^(?:.*[.!?]\s+|\s*--\s*|\s*)(?P<name>{NAME.pattern})(?:,?\s+(?:[A-Z][\w.]*\.|[A-Z]{{2,5}}))?\s*$"
)
NAME_LINE = _NAME_LINE
_NOT_NAME_WORDS = None


@lru_cache(maxsize=1)
def _context_words_lower() -> frozenset[str]:
    words = set()
    for kind in KINDS:
        for items in load_words(kind).values():
            for word in items:
                words.update(word.rstrip("*").lower().split())
    return frozenset(words)


def _name_ok(name: str) -> bool:
    words = [w.strip(".,").lower() for w in name.split() if w[:1].isupper()]  # particles (de, van) may be anything
    context_words = _context_words_lower()
    return not any(w in context_words for w in words)


_CONTACT_WORD = re.compile(
    r"(?i)(?:contact[eo]?|contato|contatto|kontakt|ansprechpartner(?:in)?|contactpersoon|ask|"
    r"questions\?\s*ask)\s*:?\s*$"
)


def _introduced(text: str, line_start: int, name_start: int, after: str) -> bool:
    """A name on the same line as its data counts after a contact word ("Kontakt: Name, Tel. ..."), or at the
    start of its line (or sentence) followed by a separator ("Name | mail", "Name - mail", "Name — né le")."""
    before = text[line_start:name_start]
    if _CONTACT_WORD.search(before):
        return True
    at_start = not before.strip() or re.search(r"[.!?]\s+$", before) is not None
    return at_start and re.match(r"\s*[|(–—-]|\s*,\s", after) is not None


def name_above(text: str, line_start: int) -> tuple[int, int] | None:
    """A name alone on one of the short lines above (a signature block: name, street, town, number)."""
    for _ in range(4):
        if not line_start:
            return None
        prev_start = text.rfind("\n", 0, line_start - 1) + 1
        line = text[prev_start : line_start - 1]
        m = _NAME_LINE.match(line)
        if m and _name_ok(m.group("name")):
            return prev_start + m.start("name"), prev_start + m.end("name")
        if len(line.strip()) > 50 or not line.strip():
            return None
        line_start = prev_start
    return None


def find_contact_names(text: str, spans: list[tuple[int, int, str]]) -> Iterable[tuple[int, int]]:
    """The name that goes with contact data: on the line before it, or before it on its line."""
    contact_labels = {"PHONE", "EMAIL", "ADDRESS", "DOB"}
    seen = set()
    for start, _end, label in spans:
        if label not in contact_labels:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        raw_head = text[line_start:start]
        head = _LABEL_TAIL.sub("", raw_head)
        found = None
        if label != "ADDRESS" and head.strip():
            # the name is the shortest tail of the head that reads as one ("Ansprechpartner Frau Mirjam Gude")
            for word in re.finditer(r"(?:^|(?<=[\s:,;|(]))\S", head):
                m = _NAME_AT_END.match(head, word.start())
                if m and _name_ok(m.group("name")):
                    if _introduced(text, line_start, line_start + m.start("name"), raw_head[m.end("name") :]):
                        found = (line_start + m.start("name"), line_start + m.end("name"))
                    break
        elif not head.strip() and line_start:
            found = name_above(text, line_start)
        if found is None:
            continue
        if found not in seen:
            seen.add(found)
            yield found


# The traveller's name labelled beside a booking reference ("locator: KARAAX, name: Mitchell M Neuer"): with the
# reference it opens the booking. Only after a name label, on the same line, near the reference; a name alone stays.
_BOOKING_NAME = re.compile(
    r"(?<![\w-])(?i:(?:(?:last|sur|full|first|family)[ -]?)?name|passenger|pax|travell?er|nombre|apellidos?|nom|nachname)"
    rf"[ \t]*[:=–-][ \t]*(?P<name>{_CAP}(?:[ \t]+(?:[A-Z]\.?(?![\w])|{_CAP})){{0,3}})"
)
BOOKING_NAME_REACH = 60  # characters between the reference and the name label, either way


def find_booking_names(text: str, spans: list[tuple[int, int, str]]) -> Iterable[tuple[int, int]]:
    """Names after a name label within ``BOOKING_NAME_REACH`` characters of a BOOKING_REF span, on its line."""
    for start, end, label in spans:
        if label != "BOOKING_REF":
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        lo = max(line_start, start - BOOKING_NAME_REACH)
        hi = min(len(text) if line_end < 0 else line_end, end + BOOKING_NAME_REACH)
        for m in _BOOKING_NAME.finditer(text, lo, hi):
            if _name_ok(m.group("name")):
                yield m.start("name"), m.end("name")
