"""Find and redact personal data in short social posts.

``find_pii(text)`` returns typed spans (EMAIL PHONE CARD IBAN IP GOV_ID
ADDRESS SECRET DOB PASSPORT DRIVER_LICENSE GEO NAME PLATE BOOKING_REF); ``redact(text)`` replaces them with ``<LABEL>`` placeholders
and turns mentions of ordinary accounts into ``@user``. ``PiiStage`` does the
same over an Arrow batch of posts.

How it stays both precise and fast on posts:

* Every detector is a regex that proposes *candidates*, then a validator that
  must agree: Luhn for cards, mod-97 for IBANs, ``ipaddress`` for IPs,
  ``phonenumbers`` for phones, check digits/letters for national IDs, an
  entropy test for generic secrets. Social text is full of digit runs
  (dates, prices, scores, versions, ids) and the validators are what keep
  them out.
* Context words veto candidates that look right but are labelled as
  something else ("order #", "tracking", "version", "#hashtag"), and digits
  inside URLs are never PII (post ids, paths) — only credentials in URLs are.
* ``PiiStage`` runs one vectorised RE2 prefilter over the whole batch
  (``pyarrow.compute``) so that posts without any trigger never enter Python.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc

from townsquare.checksums import (
    IBAN_LENGTHS,
    bsn_ok,
    codice_fiscale_ok,
    cpf_ok,
    dni_ok,
    iban_ok,
    luhn_ok,
    nir_ok,
    ssn_ok,
    steuer_id_ok,
    verhoeff_ok,
)
from townsquare.corpus import pii_context
from townsquare.corpus.pii_context import Context
from townsquare.corpus.stage import Stage
from townsquare.errors import ConfigError

__all__ = [
    "LABELS",
    "PiiStage",
    "Span",
    "find_pii",
    "may_contain_pii",
    "private_url",
    "redact",
    "replace_mentions",
    "scan_jsonl",
]

LABELS = (
    "EMAIL",
    "PHONE",
    "CARD",
    "IBAN",
    "IP",
    "GOV_ID",
    "ADDRESS",
    "SECRET",
    "DOB",
    "PASSPORT",
    "DRIVER_LICENSE",
    "GEO",
    "NAME",
    "PLATE",
    "BOOKING_REF",
)


class Span(NamedTuple):
    """A half-open character range ``[start, end)`` of ``label`` in the original text."""

    start: int
    end: int
    label: str


# --------------------------------------------------------------------------- checksums
# Luhn, mod-97, Verhoeff and the national id checks live in townsquare.checksums (``townsquare sample``
# computes the same check digits when it plants values); they are imported above under their old names.


def shannon_entropy(value: str) -> float:
    """Bits per character; random tokens score ~4-6, words and repeats score low."""
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


# --------------------------------------------------------------------------- detectors
# Each detector yields (start, end) candidates that passed validation. They run in
# priority order; a later detector never claims characters an earlier one took.

_URL = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>\"']+")
_URL_CRED = re.compile(r"(?i)\b[a-z][a-z0-9+.-]{1,15}://([^\s/:@]+:[^\s/@]+)@")

_SECRET_PREFIXED = re.compile(
    r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----|$)"
    r"|\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b"
    r"|\bgh[pousr]_[A-Za-z0-9]{36,255}\b"
    r"|\bgithub_pat_[A-Za-z0-9_]{22,255}\b"
    r"|\bglpat-[A-Za-z0-9_-]{20,}"
    r"|\bxox[abposr]-[A-Za-z0-9-]{10,}"
    r"|\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"
    r"|\bsk-(?:proj-|ant-(?:api\d\d-)?|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"
    r"|\bAIza[0-9A-Za-z_-]{35}"
    r"|\bya29\.[0-9A-Za-z_-]{20,}"
    r"|\bhf_[A-Za-z0-9]{30,}"
    r"|\bnpm_[A-Za-z0-9]{36}\b"
    r"|\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}"
    r"|\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"
)
# Webhook URLs are credentials in themselves: whoever has the path can post to the channel.
# The host stays readable, the path after it is the secret.
_SECRET_WEBHOOK = re.compile(
    r"(?i)\bhooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9_/-]{16,})"
    r"|\b(?:(?:canary|ptb)\.)?discord(?:app)?\.com/api/webhooks/(\d{5,25}/[A-Za-z0-9_-]{20,})"
)
# Telegram bot tokens ("123456789:AA..." with a 35-character tail), also inside api.telegram.org/bot<token>/.
_TELEGRAM_TOKEN = re.compile(r"(?:(?<=/bot)|(?<![\w:]))(\d{8,10}:[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])")
# "password: hunter2!", "api_key=...", "token is ..." -> the value after the keyword. The keyword may
# close a snake_case name ("db_password: ..."), so only a letter or digit before it rules it out.
_SECRET_KEYWORD = re.compile(
    r"(?i)(?<![^\W_])(?:api[_ -]?key|apikey|access[_ -]?key(?:[_ -]?id)?|secret(?:[_ -]?key)?|client[_ -]?secret|"
    r"auth[_ -]?token|access[_ -]?token|token|password|passwd|passwort|contraseña|mot de passe|wachtwoord|senha|pwd|pass|passcode|"
    r"bearer|authorization)\b"
    r"[\"']?(?:\s*(?:[:=]|=>|is|was|:)\s*|\s+)[\"']?(?:bearer\s+)?([^\s\"'<>,;]{6,})"
)


# Config-style assignments whose name holds a secret word as one of its parts: AWS_SECRET_ACCESS_KEY=...,
# DB_PASSWORD=..., stripeApiKey: ..., client-secret=... The name is split into parts (snake, kebab,
# dotted, camelCase) so that "monkey=..." or "tokenizer: ..." do not count.
_ASSIGNMENT = re.compile(
    r"(?<![\w.-])([A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*)[\"']?\s{0,2}(?::=|=>|[:=])\s{0,2}[\"']?"
    r"([^\s\"'<>,;]{6,})"
)
# Plain substring tests, not regexes: Python's re has no fast path for a case-blind alternation.
_SECRET_WORDS = ("key", "secret", "token", "pass", "pwd", "auth", "credential")
_TELEGRAM_HINT = re.compile(r"\d{8}:")
_NAME_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_SECRET_PARTS = frozenset(
    {
        "key",
        "apikey",
        "secret",
        "token",
        "password",
        "passwd",
        "passwort",
        "pwd",
        "pass",
        "passphrase",
        "passcode",
        "credential",
        "credentials",
        "auth",
    }
)
_PASSWORD_PARTS = frozenset({"password", "passwd", "passwort", "pwd", "pass", "passphrase", "passcode"})


def _assignment_keyword(name: str) -> str | None:
    """The secret word among the parts of an identifier, "password" for password-like ones, else None."""
    parts = {part.lower() for part in _NAME_PART.findall(name)}
    if parts & _PASSWORD_PARTS:
        return "password"
    hit = parts & _SECRET_PARTS
    return min(hit) if hit else None


def _generic_secret_ok(keyword: str, value: str) -> bool:
    """A value after a secret keyword counts if it looks machine-made, or like a password."""
    if value.lower().startswith(("http", "www.", "<")) or value.endswith(("…", "...")):
        return False
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    has_other = any(not c.isalnum() for c in value)
    has_upper_lower = any(c.isupper() for c in value) and any(c.islower() for c in value)
    if keyword.lower().startswith(("pass", "pwd", "contra", "mot", "wacht", "senha")):
        # passwords are short and human; demand a mix of classes so "password is incorrect" stays.
        return len(value) >= 6 and has_alpha and (has_digit or has_other) and not value.isdigit()
    # tokens and keys: long and random-looking
    return (
        len(value) >= 16
        and has_digit
        and has_alpha
        and shannon_entropy(value) >= 3.2
        and (has_upper_lower or has_other or len(value) >= 24)
    )


# Literal pieces of every _SECRET_PREFIXED form: ``in`` tests skip that costly regex on almost every post.
_SECRET_PREFIX_LITERALS = (
    "PRIVATE KEY",
    "AKIA",
    "ASIA",
    "AGPA",
    "AIDA",
    "AROA",
    "ANPA",
    "ANVA",
    "AIPA",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xox",
    "_live_",
    "_test_",
    "sk-",
    "AIza",
    "ya29.",
    "hf_",
    "npm_",
    "SG.",
    "eyJ",
)


def _find_secrets(text: str, ctx: Context) -> Iterable[tuple]:
    if any(prefix in text for prefix in _SECRET_PREFIX_LITERALS):
        for m in _SECRET_PREFIXED.finditer(text):
            yield m.start(), m.end()
    for m in _URL_CRED.finditer(text):
        yield m.start(1), m.end(1)
    # the rarer patterns run only behind a cheap literal test: find_pii is the stage's hot path
    if "hooks.slack" in text or "/webhooks/" in text:
        for m in _SECRET_WEBHOOK.finditer(text):
            group = 1 if m.group(1) else 2
            yield m.start(group), m.end(group)
    if _TELEGRAM_HINT.search(text):
        for m in _TELEGRAM_TOKEN.finditer(text):
            yield m.start(1), m.end(1)
    for m in _SECRET_KEYWORD.finditer(text):
        value = m.group(1).rstrip(".!?)")
        keyword = m.group(0)[: m.start(1) - m.start()].strip(" \"':=").split()[0] if m.group(0) else ""
        if (
            keyword.lower() == "pass"
            and re.fullmatch(r"[A-Z]{0,2}\d{6,9}", value)
            and not re.match(r"(?i)pass\s*(?:[:=]|is\b)", m.group(0))
        ):
            continue  # "mein Pass W55161351": the German word for passport, and a passport number
        if _generic_secret_ok(keyword, value):
            yield m.start(1), m.start(1) + len(value)
    yield from pii_context.find_seed_phrases(text, ctx)
    if ("=" in text or ":" in text) and any(word in text.lower() for word in _SECRET_WORDS):
        for m in _ASSIGNMENT.finditer(text):
            keyword = _assignment_keyword(m.group(1))
            value = m.group(2).rstrip(".!?)")
            if keyword and _generic_secret_ok(keyword, value):
                yield m.start(2), m.start(2) + len(value)


# The at-sign may be fullwidth (＠, ﹫: IME input, or typed to dodge scrapers) or percent-encoded
# ("?email=bob%40example.com" in a link).
_EMAIL = re.compile(
    r"(?<![\w.+%@\uff20\ufe6b-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_-])?"
    r"(?:[@\uff20\ufe6b]|%40)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,24}\b(?!@)"
)
# name [at] domain [dot] com, name(at)domain.com, name AT domain DOT com, name at domain dot com, and the
# words other languages spell the signs with: "arroba" (es, pt), "arobase" (fr), "chiocciola" (it), "ät" (de),
# "apenstaartje" (nl) for @; "punto" (es, it), "ponto" (pt), "point" (fr), "punkt" (de), "punt" (nl) for the dot.
_AT_WORDS = "at|arroba|arobase|chiocciola|ät|apenstaartje"
_FOREIGN_AT = frozenset({"arroba", "arobase", "chiocciola", "ät", "apenstaartje"})
_DOT_WORDS = "dot|punto|ponto|point|punkt|punt"
_AT = rf"(?:\s*[\[\(\{{<]\s*(?:{_AT_WORDS}|@)\s*[\]\)\}}>]\s*|\s+(?:{_AT_WORDS})\s+)"
_DOT = rf"(?:\s*[\[\(\{{<]\s*(?:{_DOT_WORDS}|\.)\s*[\]\)\}}>]\s*|\s+(?:{_DOT_WORDS})\s+|\.)"
_SPELLED_DOT = re.compile(rf"(?i)\s+(?:{_DOT_WORDS})\s+")
_TLD = r"(?:com|net|org|edu|gov|io|co|me|info|biz|us|uk|de|fr|es|it|nl|ca|au|in|br|mx|ru|jp|ch|se|no|dk|pl|be|at|ie|pt)"
_EMAIL_OBFUSCATED = re.compile(
    rf"(?<![\w.@-])[A-Za-z0-9][A-Za-z0-9._+-]{{0,63}}(?:\s+(?:{_DOT_WORDS})\s+[A-Za-z0-9._+-]{{1,63}}){{0,3}}{_AT}"
    rf"[A-Za-z0-9-]{{1,63}}(?:{_DOT}[A-Za-z0-9-]{{1,63}})*?{_DOT}{_TLD}\b",
    re.IGNORECASE,
)
# The obfuscation markers: one of them must be in a post before the obfuscated pattern is run at all.
_AT_MARKER = re.compile(r"(?i) (?:at|arroba|arobase|chiocciola|ät|apenstaartje) |[\[({<](?:at|@)[\])}>]")
# Words that say the next thing is an email address, beside the email words of pii_context/email.json:
# "my address is", "meine Adresse ist", "mon adresse", "mijn adres" (an obfuscated address has no street).
_EMAIL_CONTEXT = frozenset({"email", "contact", "address"})


def _alone_to_line_end(text: str, end: int) -> bool:
    line_end = text.find("\n", end)
    return not text[end : len(text) if line_end < 0 else line_end].strip(" \t.,;!")


def _in_contact_block(text: str, start: int) -> bool:
    """True when ``start``'s line is alone under a name line, or in a block of short lines under one
    (a signature or contact block: name, phone, email)."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(line_start) and pii_context.name_above(text, line_start) is not None


# Mail providers people name in "jane at gmail.com"; another domain needs a mail word near it or a
# username-looking local part ("jane.doe", "jd99").
_WEBMAIL = frozenset(
    "gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.fr yahoo.es yahoo.it yahoo.de yahoo.com.br hotmail.com "
    "hotmail.co.uk hotmail.fr hotmail.es hotmail.it hotmail.de outlook.com outlook.fr outlook.es outlook.de live.com "
    "msn.com icloud.com me.com mac.com aol.com aol.de proton.me protonmail.com gmx.de gmx.net gmx.com web.de "
    "t-online.de freenet.de orange.fr free.fr laposte.net sfr.fr wanadoo.fr libero.it virgilio.it tiscali.it "
    "alice.it ziggo.nl kpnmail.nl planet.nl home.nl hetnet.nl telefonica.net uol.com.br bol.com.br terra.com.br "
    "ig.com.br zoho.com yandex.ru mail.ru fastmail.com tutanota.com".split()
)
# A bracketed "[at]" is written only to hide an address, so the TLD after it may be anything
# ("x [at] example [dot] xyz"); the spelled-out " at " form above keeps its list of common TLDs.
_AT_BRACKET = re.compile(r"(?i)[\[\(\{<]\s*(?:at|@)\s*[\]\)\}>]")
_EMAIL_BRACKETED = re.compile(
    r"(?<![\w.@-])[A-Za-z0-9][A-Za-z0-9._+-]{0,63}\s*[\[\(\{<]\s*(?:at|@)\s*[\]\)\}>]\s*[A-Za-z0-9-]{1,63}"
    rf"(?:{_DOT}[A-Za-z0-9-]{{1,63}})*?{_DOT}[A-Za-z]{{2,24}}\b",
    re.IGNORECASE,
)


_URL_CRED_BEFORE = re.compile(r"://[^\s/@]*:$")


def _find_emails(text: str, ctx: Context) -> Iterable[tuple]:
    for m in _EMAIL.finditer(text):
        # "postgres://admin:pw@db.host" is a credential in a URL (SECRET), not an email
        if (
            m.start()
            and text[m.start() - 1] == ":"
            and _URL_CRED_BEFORE.search(text, max(0, m.start() - 80), m.start())
        ):
            continue
        yield m.start(), m.end()
    for m in _EMAIL_OBFUSCATED.finditer(text) if _AT_MARKER.search(text) else ():
        s = m.group(0)
        words = s.lower().split()
        # an obfuscation marker must be present, or the plain regex already handled it; a bracket or another
        # language's word for @ is written only to hide an address; plain " at ... dot " needs both words
        # spelled out in capitals or the checks below (avoids "meet at home.com").
        if any(ch in s for ch in "[({<") or (" AT " in s and " DOT " in s) or _FOREIGN_AT.intersection(words):
            yield m.start(), m.end()
        elif " at " in s.lower():
            # "happy at home dot com?" and "look at google.com" are sentences; "jane.doe99 at gmail dot com",
            # "jane dot doe at gmail dot com", "jane at gmail.com" and "mail: jane at example.org" are addresses
            cut = s.lower().rindex(" at ")
            local, domain = s[:cut], _SPELLED_DOT.sub(".", s[cut + 4 :]).lower()
            if local.endswith("."):
                continue
            spelled_local = _SPELLED_DOT.search(local) is not None
            before = text[: m.start()].rstrip(" \t")
            # in a "Name | ..." block, or alone on its line with the dot spelled out ("lmeijer at example dot org")
            # or in a contact block under a name line ("look at google.com" on its own is a sentence)
            set_apart = (bool(before) and before[-1] in "|-–—(:,") or (
                (not before or before[-1] == "\n")
                and (
                    _SPELLED_DOT.search(s) is not None
                    or (_alone_to_line_end(text, m.end()) and _in_contact_block(text, m.start()))
                )
            )
            if (
                spelled_local
                or any(ch in local for ch in "._+0123456789")
                or domain in _WEBMAIL
                or ctx.near(m.start(), m.end(), _EMAIL_CONTEXT)
                or (
                    set_apart
                    and len(local) >= 4
                    and not local[:1].isupper()
                    and local.lower() not in pii_context.bip39_words()
                )
            ):
                start = m.start() + (len(local) - len(local.split()[-1]) if not spelled_local else 0)
                yield start, m.end()
    if any(ch in text for ch in "[({<") and _AT_BRACKET.search(text):
        for m in _EMAIL_BRACKETED.finditer(text):
            yield m.start(), m.end()


_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?\b", re.IGNORECASE)


def _find_ibans(text: str, ctx: Context) -> Iterable[tuple]:
    if ctx.digits < 6:
        return
    for m in _IBAN.finditer(text):
        raw = m.group(0)
        compact = raw.replace(" ", "").replace("-", "").upper()
        # greedy grouping can swallow a following word; trim to the country's length
        want = IBAN_LENGTHS.get(compact[:2])
        if want is None or len(compact) < want:
            continue
        if iban_ok(compact[:want]):
            end, seen = m.start(), 0
            while seen < want:
                if raw[end - m.start()] not in " -":
                    seen += 1
                end += 1
            yield m.start(), end


# Long digit runs with light separators: cards, Aadhaar, NIR, CPF, Steuer-ID, SIN. A "#" before the run
# is allowed here ("card #4111...") and judged by the card context.
_DIGIT_RUN = re.compile(r"(?<![\w@/$€£¥.,:+-])\d+(?:[ -]\d+)*(?![\w%/]|[.,:]\d)")

# ISO/IEC 7812 issuer ranges of the major schemes and the lengths each issues (12-19 digits):
# (first digits low, high, lengths). Visa 13/16/19; Mastercard 51-55 and 2221-2720; Amex 34/37; Discover
# 6011, 644-649, 65; Diners 300-305, 3095, 36, 38-39; JCB 3528-3589 and the 15-digit 1800/2131; Maestro
# 50, 56-69 (and the 0604/6390 ranges), 12-19 digits; UnionPay 62, 81; Mir 2200-2204; RuPay 60, 65, 81,
# 82, 508; Verve 506, 650; Troy 9792.
_IIN_RANGES = (
    ("4", "4", (13, 16, 19)),
    ("51", "55", (16,)),
    ("2221", "2720", (16,)),
    ("34", "34", (15,)),
    ("37", "37", (15,)),
    ("6011", "6011", (16, 17, 18, 19)),
    ("644", "649", (16, 17, 18, 19)),
    ("65", "65", (16, 17, 18, 19)),
    ("300", "305", (14, 15, 16, 17, 18, 19)),
    ("3095", "3095", (14, 15, 16, 17, 18, 19)),
    ("36", "36", (14, 15, 16, 17, 18, 19)),
    ("38", "39", (14, 15, 16, 17, 18, 19)),
    ("3528", "3589", (16, 17, 18, 19)),
    ("1800", "1800", (15,)),
    ("2131", "2131", (15,)),
    ("50", "50", tuple(range(12, 20))),
    ("56", "69", tuple(range(12, 20))),
    ("0604", "0604", tuple(range(12, 20))),
    ("62", "62", (16, 17, 18, 19)),
    ("81", "82", (16, 17, 18, 19)),
    ("2200", "2204", (16, 17, 18, 19)),
    ("508", "508", (16,)),
    ("506", "506", (16, 18, 19)),
    ("9792", "9792", (16,)),
)


_CARD_VETO = frozenset({"negative", "gov_id", "passport", "driver_license"})


def iin_ok(digits: str) -> bool:
    """True when the number starts with a major scheme's issuer range and has a length that scheme issues."""
    for low, high, lengths in _IIN_RANGES:
        if low <= digits[: len(low)] <= high and len(digits) in lengths:
            return True
    return False


# "order no. 123...", "tracking #...", "id: ..." say what a number is; the optional tail
# lets "order no." and "tracking number" veto like "order" does.
_NEGATIVE_CONTEXT = (
    r"(?i)\b(?:order|tracking|track|invoice|ref|reference|confirmation|ticket|case|isbn|sku|serial|imei|"
    r"awb|shipment|parcel|package|status|tweet|post|id|nr|no|{extra})(?:\s*(?:no|nr|number|num|id|#)\.?)?\W{{0,4}}$"
)
_CARD_CONTEXT_NEG = re.compile(_NEGATIVE_CONTEXT.format(extra="account|acct|num"))
_CARD_CONTEXT = re.compile(
    r"(?i)\b(?:card|cc|visa|master\s?card|mc|amex|maestro|credit|debit)(?:\s*(?:is|number|no|num|#)\.?)?\W{0,4}$"
)


def _context_vetoed(text: str, start: int) -> bool:
    """True when the words right before ``start`` say the number is an id, order, tracking..."""
    return _CARD_CONTEXT_NEG.search(text, max(0, start - 24), start) is not None


def _group_ranges(run: str) -> list[tuple[int, int]]:
    """(start, end) of each digit group of a separated run, e.g. "4111 1111" -> [(0, 4), (5, 9)]."""
    return [(m.start(), m.end()) for m in re.finditer(r"\d+", run)]


def _card_ok(text: str, start: int, raw: str, ctx: Context) -> bool | str:
    """False, True (a card by its shape), or "context" (a card because the words around it say so)."""
    digits = raw.replace(" ", "").replace("-", "")
    if not 12 <= len(digits) <= 19 or len(set(digits)) < 2 or not luhn_ok(digits):
        return False
    if not iin_ok(digits) and not (
        digits[0] in "123456" and "card" in ctx.near(start, start + len(raw), pii_context.NUMBER_KINDS)
    ):
        return False
    grouped = " " in raw or "-" in raw
    # cards are written in groups of 4 (Amex/Diners 4-6-5 / 4-6-4); groups of 1-2 digits are
    # other numbers (French NIR "2 81 06 89 ...", phone numbers)
    groups = re.split(r"[ -]", raw)
    if grouped and (len(groups[0]) != 4 or any(len(group) < 3 for group in groups[1:-1])):
        return False
    near, before = ctx.nearest(start, start + len(raw), pii_context.NUMBER_KINDS)
    if "card" in near:
        return "context"
    # a card written in its scheme's groups ("4111 1111 1111 1111") with an issuer range and a Luhn check is a card
    # whatever the word before it ("Account 4111 ..."); a negative word only speaks for a bare run of digits, and
    # one after the number ("... views") counts it
    laid_out = grouped and iin_ok(digits) and (before or not near)
    if (near - {"negative"} if laid_out else near) & _CARD_VETO or (start and text[start - 1] == "#"):
        return False  # "order", "BSN", "CPF", "#hashtag"... say it is something else
    # without card words: 13+ digits, and 1 (post ids are snowflakes starting with 1) only grouped
    if len(digits) < 13 or (digits[0] in "01" and not grouped):
        return False
    # an unbroken 17-19 digit number in a post is nearly always a post id; call it a card only with "card" before it
    if not grouped and len(digits) >= 17:
        return False
    return laid_out or not _context_vetoed(text, start)


# "4111.1111.1111.1111", "4111/1111/1111/1111": the same separator throughout, groups of 4 (Amex 4-6-5),
# so dates and versions ("2019.10.12", "1.2.3") never get this far.
_CARD_DOTTED = re.compile(r"(?<![\w#@/$€£¥.,:+-])\d{4}([./])\d{4,6}\1\d{4,5}(?:\1\d{1,4})?(?![\w%/]|[.,:/]\d)")

_CARD_DOTTED_HINT = re.compile(r"\d{4}[./]\d{4}")


def _find_cards(text: str, ctx: Context) -> Iterable[tuple]:
    if ctx.digits < 12:
        return
    for m in _CARD_DOTTED.finditer(text) if _CARD_DOTTED_HINT.search(text) else ():
        ok = _card_ok(text, m.start(), m.group(0).replace(m.group(1), " "), ctx)
        if ok:
            yield m.start(), m.end(), ok == "context"
    for m in _DIGIT_RUN.finditer(text):
        raw = m.group(0)
        if len(raw) < 12:
            continue
        ok = _card_ok(text, m.start(), raw, ctx)
        if ok:
            yield m.start(), m.end(), ok == "context"
            continue
        # a card written next to another number ("card 5040-8129-0471 978-3-16...") hides in a longer
        # run: try whole-group sub-runs, longest first
        groups = _group_ranges(raw)
        if len(groups) < 3:
            continue
        subs = sorted(
            (
                (j - i, i, j)
                for i in range(len(groups))
                for j in range(i + 1, len(groups) + 1)
                if (i, j) != (0, len(groups))
            ),
            reverse=True,
        )
        for _, i, j in subs:
            sub = raw[groups[i][0] : groups[j - 1][1]]
            ok = 12 <= len(sub) and _card_ok(text, m.start() + groups[i][0], sub, ctx)
            if ok:
                yield m.start() + groups[i][0], m.start() + groups[j - 1][1], ok == "context"
                break


_SSN = re.compile(r"(?<![\w#@/$.,:+-])(\d{3})([- .])(\d{2})\2(\d{4})(?![\w%/]|[.,:-]\d)")
_SSN_PLAIN = re.compile(r"(?i)\b(?:ssn|social security(?: number| no\.?| #)?)\W{0,5}(\d{3})(\d{2})(\d{4})\b")
_NINO = re.compile(r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
_DNI = re.compile(r"(?<![\w#@/$.,-])([XYZ]-?\d{7}|\d{8})[- ]?([A-HJ-NP-TV-Z])\b")
_AADHAAR = re.compile(r"(?<![\w#@/$.,:+-])([2-9]\d{3})([ -])(\d{4})\2(\d{4})(?![\w%/]|[.,:-]\d)")
_AADHAAR_PLAIN = re.compile(r"(?i)\b(?:aadhaar|aadhar|uidai|uid)\b\W{0,12}([2-9]\d{11})\b")
_NIR = re.compile(
    r"(?<![\w#@/$.,:+-])([12])[ .]?(\d{2})[ .]?(\d{2})[ .]?(\d{2}|2[AB])[ .]?(\d{3})[ .]?(\d{3})[ .]?(\d{2})(?![\w%/])"
)
_STEUER = re.compile(r"(?<![\w#@/$.,:+-])(\d{2}) ?(\d{3}) ?(\d{3}) ?(\d{3})(?![\w%/]|[.,:-]\d)")
_STEUER_CONTEXT = re.compile(r"(?i)\b(?:steuer[\w-]*|idnr|identifikationsnummer|tin|tax id)\b[^\d\n]{0,20}$")
_CF = re.compile(r"\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b")
_CPF = re.compile(r"(?<![\w#@/$.,:+-])(\d{3})\.(\d{3})\.(\d{3})-(\d{2})(?![\w%/])")
_SIN = re.compile(r"(?<![\w#@/$.,:+-])([1-79]\d{2})([ -])(\d{3})\2(\d{3})(?![\w%/]|[.,:-]\d)")


_NINE_DIGITS = re.compile(r"(?<![\w#@/$.,:+-])(\d{9})(?![\w%/]|[.,:-]\d)")
_CPF_PLAIN = re.compile(r"(?<![\w#@/$.,:+-])(\d{11})(?![\w%/]|[.,:-]\d)")
_GOV_ID_HINTS = (
    "ssn",
    "social",
    "nino",
    "ni ",
    "insurance",
    "aadha",
    "uid",
    "pan",
    "sin",
    "tax",
    "tin",
    "steuer",
    "idnr",
    "bsn",
    "burgerservice",
    "sofi",
    "cpf",
    "rg",
    "codice",
    "cf",
    "sécu",
    "secu",
    "nir",
    "insee",
    "dni",
    "nie",
    "nif",
    "documento",
    "id",
)
_AADHAAR_ANY = re.compile(r"(?<![\w#@/$.,:+-])([2-9]\d{11})(?![\w%/]|[.,:-]\d)")
_PAN_HINT = re.compile(r"(?i)\bpan\b")
_PAN = re.compile(r"\b[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]\b")


def _gov_id_candidates(text: str, digits: int = 99) -> Iterable[tuple[int, int, bool]]:
    """(start, end, needs_context) for every national-id shape whose checksum or rules pass."""
    if digits < 6:
        yield from ((m.start(), m.end(), True) for m in _PAN.finditer(text) if _PAN_HINT.search(text))
        return
    for m in _SSN.finditer(text):
        if ssn_ok(m.group(1), m.group(3), m.group(4)):
            yield m.start(), m.end(), False
    for m in _SSN_PLAIN.finditer(text):
        if ssn_ok(m.group(1), m.group(2), m.group(3)):
            yield m.start(1), m.end(3), False
    for m in _NINO.finditer(text):
        yield m.start(), m.end(), False
    for m in _DNI.finditer(text):
        if dni_ok(m.group(1).replace("-", ""), m.group(2)):
            yield m.start(), m.end(), False
    for m in _AADHAAR.finditer(text):
        if verhoeff_ok(m.group(1) + m.group(3) + m.group(4)):
            yield m.start(), m.end(), False
    for m in _AADHAAR_PLAIN.finditer(text):
        if verhoeff_ok(m.group(1)):
            yield m.start(1), m.end(1), False
    for m in _NIR.finditer(text):
        compact = "".join(m.groups())
        month = int(m.group(3))
        if (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99) and nir_ok(compact):
            yield m.start(), m.end(), False
    for m in _STEUER.finditer(text):
        digits = "".join(m.groups())
        if steuer_id_ok(digits):
            spaced = " " in m.group(0)
            yield m.start(), m.end(), not (spaced or _STEUER_CONTEXT.search(text, max(0, m.start() - 40), m.start()))
    for m in _CF.finditer(text):
        if codice_fiscale_ok(m.group(0)):
            yield m.start(), m.end(), False
    for m in _CPF.finditer(text):
        if cpf_ok("".join(m.groups())):
            yield m.start(), m.end(), False
    for m in _SIN.finditer(text):
        if luhn_ok(m.group(1) + m.group(3) + m.group(4)):
            yield m.start(), m.end(), False
    # shapes too common to call without an id word next to them
    lowered = text.lower()
    if not any(hint in lowered for hint in _GOV_ID_HINTS):
        return
    for m in _NINE_DIGITS.finditer(text):
        if bsn_ok(m.group(1)) or ssn_ok(m.group(1)[:3], m.group(1)[3:5], m.group(1)[5:]):
            yield m.start(), m.end(), True
    for m in _AADHAAR_ANY.finditer(text):
        if verhoeff_ok(m.group(1)):
            yield m.start(), m.end(), True
    for m in _CPF_PLAIN.finditer(text):
        if cpf_ok(m.group(1)):
            yield m.start(), m.end(), True
    for m in _PAN.finditer(text):
        yield m.start(), m.end(), True


def _find_gov_ids(text: str, ctx: Context) -> Iterable[tuple]:
    if ctx.digits < 4:  # the shortest (PAN) has four digits, a NINO six, the rest eight or more
        return
    for start, end, needs_context in _gov_id_candidates(text, ctx.digits):
        near, before = ctx.nearest(start, end, pii_context.NUMBER_KINDS)
        if "gov_id" in near:
            yield start, end, True
        elif not needs_context and ("negative" not in near or (before and _laid_out_id(text[start:end], near))):
            yield start, end


def _laid_out_id(value: str, near: frozenset[str]) -> bool:
    """An id that passed its checksum or rules and is written in its separated form ("078-05-1120"): a negative
    word such as "ID" or "case" before it does not make it an order number (one after it, "... views", counts it)."""
    return near == {"negative"} and any(sep in value.strip() for sep in " -./")


# Phone candidates: optional +CC / 00CC, optional (area), 7-15 digits with space . - separators.
_PHONE = re.compile(
    # not after a "." ("1.2345"), but after an ellipsis ("over an hour...919-675-0985", review 11)
    r"(?:(?<=\.\.)|(?<![\w#@/$€£¥.,:+*%-]))(?:(?:\+|00)\s?\d{1,3}[\s.-]?(?:\(0\)\s?)?)?(?:\(\d{1,5}\)[\s.-]?)?\d(?:[\s./-]?\d){4,13}"
    r"(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w%/€$£]|[.,:]\d|-\d)"
)
_DATE_LIKE = re.compile(r"^(?:\d{1,4}[-./ ]\d{1,2}[-./ ]\d{2,4}|\d{4}[-.]\d{2}[-.]\d{2}.*|(?:19|20)\d{6})$")
_PHONE_CONTEXT_NEG = re.compile(
    _NEGATIVE_CONTEXT.format(
        extra="version|ver|v|build|flight|score|scored|won|lost|beat|raised|price|pop|population|views|followers|"
        "likes|votes"
    )
)
# National formats are tried in these regions (international "+" numbers need none).
PHONE_REGIONS = ("US", "GB", "IN", "DE", "FR", "ES", "IT", "AU", "BR", "MX", "NL", "IE", "NG", "ZA", "PH")


@lru_cache(maxsize=1)
def _phonenumbers():
    import phonenumbers  # imported on first use: ~0.1 s, and clean batches never need it

    return phonenumbers


def _phone_valid(candidate: str) -> bool:
    """True when ``phonenumbers`` accepts the candidate as a valid number in some plausible region."""
    pn = _phonenumbers()
    core = _EXTENSION.sub("", candidate).replace("(0)", "")
    digits = "".join(ch for ch in core if ch.isdigit())
    international = core.startswith("+") or (core.startswith("00") and len(digits) >= 10)
    if international:
        number = "+" + core[2:] if core.startswith("00") else core
        try:
            return pn.is_valid_number(pn.parse(number, None))
        except pn.NumberParseException:
            return False
    if len(digits) < 9 or _DATE_LIKE.match(core.strip()):
        return False
    separated = any(ch in core for ch in " .-()")
    for region in PHONE_REGIONS:
        try:
            number = pn.parse(core, region)
        except pn.NumberParseException:
            continue
        if not pn.is_valid_number(number):
            continue
        # An unseparated national number must carry its trunk prefix (0...) or be a 10-digit NANP/Indian
        # number; bare 9-digit runs are too often ids.
        if separated or core.startswith("0") or len(digits) in (10, 11):
            return True
    return False


_EXTENSION = re.compile(r"\s?(?:x|ext\.?)\s?\d{1,5}$")
_TIME_OR_DECIMAL = re.compile(r"^\d{1,3}\.\d{4,}$|^\d{1,2}[:h]\d{2}|^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")


def _international_possible(candidate: str) -> bool:
    """A "+CC ..." or "00CC ..." number of a possible length for its country (the "+" says phone)."""
    core = _EXTENSION.sub("", candidate).replace("(0)", "").strip()
    if not core.startswith(("+", "00")):
        return False
    pn = _phonenumbers()
    try:
        return pn.is_possible_number(pn.parse("+" + core[2:] if core.startswith("00") else core, None))
    except pn.NumberParseException:
        return False


def _alone_in_block(text: str, start: int, end: int) -> bool:
    """A number that is a whole line of a short-lined block (a signature: name, address, number)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if not line_start or text[line_start:start].strip() or text[end:line_end].strip(" .,;"):
        return False
    prev = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1].strip()
    return 0 < len(prev) <= 60 and sum(ch.isdigit() for ch in text[start:end]) >= 9


def _phone_shape_ok(candidate: str) -> bool:
    """A local-format number in phone context: 7-15 digits that are not a date, a time or a decimal."""
    core = _EXTENSION.sub("", candidate)
    digits = [ch for ch in core if ch.isdigit()]
    if not 7 <= len(digits) <= 15 or len(set(digits)) < 3:
        return False
    return not (_DATE_LIKE.match(core.strip()) or _TIME_OR_DECIMAL.match(core.strip()))


def _find_phones(text: str, ctx: Context) -> Iterable[tuple]:
    if ctx.digits < 7:
        return
    for m in _PHONE.finditer(text):
        candidate = m.group(0)
        near, before = ctx.nearest(m.start(), m.end(), pii_context.NUMBER_KINDS)
        if "phone" in near or "contact" in near:
            if _phone_shape_ok(candidate):
                yield m.start(), m.end(), True
            continue
        if sum(ch.isdigit() for ch in _EXTENSION.sub("", candidate)) < 7:
            continue
        labelled = _context_vetoed_phone(text, m.start())
        if near or labelled:
            # a negative word before a number ("order", "lost", "page") says what a weak number is; it does not
            # outweigh a phone word earlier in the same clause unless it names the number itself ("Order 415...",
            # not "lost and found: 415..."), nor a number that is a phone in its own right
            if near - {"negative"} or (near and not before):
                continue  # another type's word ("passport", "BSN"), or a count after it ("170 445 688 views")
            if not labelled and _phone_word_in_clause(text, ctx, m.start()) and _phone_shape_ok(candidate):
                yield m.start(), m.end(), True
            elif _phone_in_own_right(candidate):
                yield m.start(), m.end()
            continue
        if _phone_shape_ok(candidate) and (
            _international_possible(candidate) or _alone_in_block(text, m.start(), m.end())
        ):
            yield m.start(), m.end()
            continue
        # the candidate regex is greedy: "+49 30 901820 07700 900123" may be a number plus the next
        # one; drop trailing space-separated groups until phonenumbers accepts it
        while True:
            if _phone_valid(candidate):
                yield m.start(), m.start() + len(candidate)
                break
            head, sep, _ = candidate.rpartition(" ")
            if not candidate.startswith(("+", "00")) or not sep or sum(ch.isdigit() for ch in head) < 7:
                break
            candidate = head.rstrip(" -.")
    # a phone word with the number glued to it: "phone:4159316124", "#call4159316124", "Tel.+44..."
    for m in _GLUED_PHONE.finditer(text):
        if pii_context.kinds_of(m.group(1)) & {"phone", "contact"} and _phone_shape_ok(m.group(2)):
            yield m.start(2), m.end(2), True


_GLUED_PHONE = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,}\.?)(?::|(?=[+\d]))(\+?\d(?:[\s./-]?\d){6,14})(?![\w%/]|[.,:]\d)")


_CLAUSE_END = re.compile(r"[.!?;]\s|\n")


def _phone_word_in_clause(text: str, ctx: Context, start: int) -> bool:
    """A phone or contact word before ``start`` in its window with no sentence or clause end between them
    ("Phone for the ferry lost and found: 415 ..."), whatever other words stand closer."""
    lo, _ = ctx.window(start, start)
    for w_start, w_end, kinds in ctx.words:
        if lo <= w_start and w_end <= start and kinds & {"phone", "contact"}:
            between = text[w_end:start]
            if not _CLAUSE_END.search(between) and not _NUMBER_IN_TEXT.search(between):
                return True
    return False


_NUMBER_IN_TEXT = re.compile(r"\d{3}")


def _phone_in_own_right(candidate: str) -> bool:
    """A number no context word can make into something else: a valid "+CC" number, or a valid national number
    written in the digit groups its country writes phone numbers in ("415-931-6124", "(415) 555-0134",
    "07700 900123"). A bare run of digits or an odd grouping stays a weak candidate."""
    core = _EXTENSION.sub("", candidate).replace("(0)", "").strip()
    if core.startswith("+"):
        # the "+" says phone, as it does with no word around it (a possible length for its country code)
        return _phone_shape_ok(core) and (_phone_valid(core) or _international_possible(core))
    if core.startswith("00"):
        return _phone_valid(core)
    groups = re.findall(r"\d+", core)
    if len(groups) < 2 or sum(map(len, groups)) < 9 or _DATE_LIKE.match(core):
        return False
    pn = _phonenumbers()
    for region in PHONE_REGIONS:
        try:
            number = pn.parse(core, region)
        except pn.NumberParseException:
            continue
        if pn.is_valid_number(number):
            national = re.findall(r"\d+", pn.format_number(number, pn.PhoneNumberFormat.NATIONAL))
            if groups == national:
                return True
    return False


# Links that exist to dial or message a number: the digits in them are a phone number, not a post id.
_PHONE_LINK = re.compile(
    r"(?i)(?:\bwa\.me/|\bapi\.whatsapp\.com/send/?\?(?:[^\s#]*?&)?phone=|\b(?:tel|sms|callto|whatsapp):(?://)?)"
    r"(\+?\d[\d ().-]{5,22}\d)"
)

_PHONE_LINK_HINTS = ("wa.me/", "whatsapp", "tel:", "sms:", "callto:")


def _find_phone_links(text: str, ctx: Context | None = None) -> Iterable[tuple]:
    lowered = text.lower()
    if not any(hint in lowered for hint in _PHONE_LINK_HINTS):
        return
    for m in _PHONE_LINK.finditer(text):
        if 7 <= sum(ch.isdigit() for ch in m.group(1)) <= 15:
            yield m.start(1), m.end(1)


def _context_vetoed_phone(text: str, start: int) -> bool:
    return _PHONE_CONTEXT_NEG.search(text, max(0, start - 24), start) is not None


_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,8}(?:[0-9A-Fa-f]{1,4}|:)?(?:%\w+)?(?![\w:])")
_VERSION_CONTEXT = re.compile(
    r"(?i)\b(?:version|ver|v|build|release|update|firmware|patch|ios|android|macos|windows|chrome|beta|rc)\W{0,3}$"
)


def _find_ips(text: str, ctx: Context) -> Iterable[tuple]:
    import ipaddress

    for m in _IPV4.finditer(text):
        try:
            ipaddress.IPv4Address(m.group(0))
        except ValueError:
            continue
        if _VERSION_CONTEXT.search(text, max(0, m.start() - 16), m.start()) or "negative" in ctx.near(
            m.start(), m.end(), pii_context.NUMBER_KINDS
        ):
            continue
        yield m.start(), m.end()
    for m in _IPV6.finditer(text):
        s = m.group(0)
        groups = [g for g in s.split("%")[0].split(":") if g]
        # "12:30:45" is a time, "1::2" is too thin to call; demand 3+ groups and one wide/hex group
        if len(groups) < 3 or not any(len(g) >= 3 or not g.isdigit() for g in groups):
            continue
        end = m.end()
        try:
            ipaddress.IPv6Address(s.split("%")[0])
        except ValueError:
            # "[...]:8080" written without brackets: nine groups, the last one a port
            head, _, port = s.rpartition(":")
            if not (port.isdigit() and head.count(":") == 7):
                continue
            try:
                ipaddress.IPv6Address(head)
            except ValueError:
                continue
            end = m.start() + len(head)
        yield m.start(), end


# Street addresses. US/UK style: number + capitalised name words + suffix, then unit, city, state, ZIP.
_STRONG_SUFFIX = r"Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Ln|Dr|Ct|Pl|Hwy|Pkwy|Parkway|Ter|Cir|Sq|Trl|Rte"
_WEAK_SUFFIX = r"Lane|Drive|Court|Place|Way|Terrace|Circle|Highway|Square|Trail|Route|Row|Crescent|Close|Gardens"
_STREET_WORD = r"(?:[A-Z][A-Za-z'’.-]*|\d{1,3}(?:st|nd|rd|th))"
_US_STATES = (
    r"AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|"
    r"OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_UNIT = (
    r"(?:,?\s*(?:(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room)\.?\s*#?[A-Za-z0-9-]{1,6}|#\s?\d[A-Za-z0-9-]{0,5})\b)"
)
_CITY = r"[A-Z][A-Za-z.'-]+(?:\s[A-Z][A-Za-z.'-]+){0,2}\b"
_ZIP = r"(?:,?\s*\d{5}(?:-\d{4})?\b|,?\s*[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b)"  # US ZIP or UK postcode
_CITY_TAIL = (
    rf"(?:,\s*{_CITY}(?:,?\s*(?:{_US_STATES}|[A-Z][a-z]+)\b\.?)?{_ZIP}?"  # ", City, ST 12345"
    rf"|\s+{_CITY},?\s+(?:{_US_STATES})\b{_ZIP}?"  # " City, ST" (no comma after the street)
    rf"|{_ZIP})"
)
_US_ADDRESS = re.compile(
    rf"(?<![\w#@/$.,:+-])\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?\s+(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?\s+)?"
    rf"(?:{_STREET_WORD}\s+){{1,4}}?(?:(?P<strong>{_STRONG_SUFFIX})|(?P<weak>{_WEAK_SUFFIX}))\b\.?"
    rf"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?"
    rf"(?P<unit>{_UNIT})?(?P<city>{_CITY_TAIL})?"
)
# "4913 park street", "70 oak rd, suite 300": lower case only with an unambiguous suffix, and the
# name words must not be everyday words ("10 miles down the road", "2 kids on the road").
_US_ADDRESS_LOWER = re.compile(
    r"(?<![\w#@/$.,:+-])\d{1,6}[a-z]?\s+(?:(?:n|s|e|w|north|south|east|west)\.?\s+)?((?:[a-z]+\s+|\d{1,3}(?:st|nd|rd|th)\s+){1,4}?)"
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|ln|dr|hwy|pkwy|parkway)\b\.?"
    r"(?:,?\s*(?:(?:apt|suite|ste|unit)\.?\s*#?[a-z0-9-]{1,6}|#\s?\d[a-z0-9-]{0,5})\b)?"
)
_NOT_STREET_WORDS = frozenset(
    "the a an on in at to of my your his her our their this that these those down up across off from for and or "
    "by with is are was be been it its me we you they i miles mile mins min minutes hours hour km days day weeks "
    "years year times people more most many much new old best first last next other same big little long short "
    "dollars bucks points games goals shots kids cars lanes blocks steps feet ft yards".split()
)
# Continental Europe: "Hauptstraße 12", "Berliner Str. 5a, 10115 Berlin", "12 rue de Rivoli, 75001 Paris",
# "Calle Mayor 5", "Via Roma 10", "Keizersgracht 123".
_EU_POSTAL_TAIL = r"(?:,?\s*\d{4,5}(?:\s?[A-Z]{2})?\s+[A-ZÄÖÜ][\wäöüßéèàç'-]+(?:\s[A-ZÄÖÜ][\wäöüßéèàç'-]+)?)?"
_EU_ADDRESS = re.compile(
    r"(?:"
    # German / Dutch / Scandinavian: suffix glued to the name, or a separate "Straße"
    r"\b[A-ZÄÖÜ][a-zäöüß-]*(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|straat|laan|gracht|plein|"
    r"kade|singel|gatan|vej|veien)"
    r"|\b[A-ZÄÖÜ][a-zäöüß-]+(?:er|sche)?\s(?:Straße|Strasse|Str\.|Weg|Allee|Platz)"
    # Romance: a street word then a name
    r"|\b(?:Calle|C/|Avenida|Avda\.?|Paseo|Plaza|Carrer|Rua|Via|Viale|Piazza|Corso|Largo)\s+"
    r"(?:(?:de|del|la|las|los|da|do|dos|di|della|delle)\s+)*[A-ZÁÉÍÓÚ][\wáéíóúñç'-]+(?:\s[A-ZÁÉÍÓÚ][\wáéíóúñç'-]+){0,2},?"
    r")\s(?:n[º°o]\.?\s?)?\d{1,4}[a-zA-Z]?\b"
    + _EU_POSTAL_TAIL
    + r"|(?<![\w#@/$.,:+-])\d{1,4}(?:\s?(?:bis|ter))?,?\s(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|"
    r"quai|route|cours)\s(?:(?:de|du|des|la|le|l'|d')\s?)*[A-ZÉÈ][\w'éèêàç-]+(?:\s[A-ZÉÈ][\w'éèêàç-]+){0,2}"
    + _EU_POSTAL_TAIL
)


def _find_addresses(text: str, ctx: Context) -> Iterable[tuple]:
    if not ctx.digits:
        return
    for m in _US_ADDRESS.finditer(text):
        # Common-word suffixes ("Top 5 Fast Food Place") count only with a unit, city or ZIP behind them.
        if m.group("weak") and not (m.group("unit") or m.group("city")):
            continue
        end = m.end()
        city = m.group("city")
        if city and not re.search(r"\d|,\s*[A-Z][A-Za-z.'-]+.*(?:" + _US_STATES + r")\b", city):
            # a bare ", Word" after the street is too often the next clause, not a city
            end = m.start("city")
        yield m.start(), end
    for m in _US_ADDRESS_LOWER.finditer(text):
        if not any(word in _NOT_STREET_WORDS for word in m.group(1).split()):
            yield m.start(), m.end()
    for m in _EU_ADDRESS.finditer(text):
        yield m.start(), m.end()
    if any(hint in ctx.lower for hint in _ADDRESS_CONTEXT_HINTS):
        yield from _context_addresses(text, ctx)
    yield from _postal_addresses(text)
    if "\n" in text:
        yield from _block_streets(text)


_HOUSE_NUMBER = re.compile(r"(?<![\w.+-])\d{1,5}[A-Za-z]?(?:[/-]\d{1,4})?(?![\w.]|[.,:-]?\d)")


def _block_streets(text: str) -> Iterable[tuple]:
    """In a signature block, the short line with a house number right under a name line is the street."""
    lines = text.split("\n")
    pos = 0
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    for i in range(1, len(lines)):
        line = lines[i].strip()
        if not line or len(line) > 45 or len(line.split()) > 7 or not _HOUSE_NUMBER.search(line):
            continue
        if sum(ch.isdigit() for ch in line) > 6 or not any(ch.isalpha() for ch in line):
            continue  # a phone number or a date, not a street
        if not pii_context.NAME_LINE.match(lines[i - 1]):
            continue
        offset = len(lines[i]) - len(lines[i].lstrip())
        yield starts[i] + offset, starts[i] + offset + len(line)


# After an address word ("lives at", "Adresse:", "j'habite au", "send it to"): the rest of the line up to
# its last house number or postcode and the capitalised words after it (the street, the city), or, when
# the word ends its line, the short lines below it.
_ADDR_LEAD = re.compile(r"[ \t]*(?:[:–-][ \t]*)?")
_ADDR_TOKEN = re.compile(r"\S+")
_SENTENCE_LINE = re.compile(r"^(?:\S+\s+){5,}\S*[.!?]$")


_ADDRESS_STOP = frozenset({"phone", "card", "gov_id", "passport", "driver_license", "dob", "email", "negative"})
_NOT_AN_ADDRESS = re.compile(
    r"(?i)(?:ip|mail|e-mail|email|web|electr[oó]nica|de correo|url|bitcoin|wallet)\b"
    # a date: "moved to Dec 9th", "moved to 9 December", "moved to next Friday" (no house number in a date)
    r"|(?:on\s+|next\s+|this\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:st|nd|rd|th)?\b(?!\s+[A-Z][a-z]+\s+(?:st|street|rd|road|ave|avenue|lane|ln)\b)"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)"
)
# A full stop after a word of four or more letters ends a sentence ("St.", "Apt.", "Str." do not).
_SENTENCE_END = re.compile(r"(?<=[a-zà-ÿ]{4})\.\s+(?=\S)")
_DATE_TOKEN = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\W*$")
# Three or more letters glued to a digit ("bluebird7", "CANARY001", "covid19") make a word, not a house
# number or postcode: those carry at most two letters next to a digit ("12a", "2nd", "SW1A", "1283XM"),
# apart from the French "14bis" / "14ter".
_WORD_WITH_DIGITS = re.compile(r"[^\W\d_]{3,}\d|\d(?!(?:bis|ter)\b)[^\W\d_]{3,}", re.IGNORECASE)


def _address_number(word: str) -> bool:
    """Whether a token after an address word can be the house number or postcode the address ends at."""
    return any(ch.isdigit() for ch in word) and not _DATE_TOKEN.match(word) and not _WORD_WITH_DIGITS.search(word)


def _address_tail(line: str) -> int:
    """End (in ``line``) of the address that starts the line: its last number token plus the name words after it."""
    cut = _SENTENCE_END.search(line)
    line = line[: cut.start()] if cut else line
    tokens = []
    gap = 0
    for t in _ADDR_TOKEN.finditer(line[:120]):
        word = t.group(0)
        if word[:1] in "#@" or word.endswith(("!", "?")):
            break
        gap = 0 if _address_number(word) else gap + 1
        if gap > 5 and any(_address_number(x.group(0)) for x in tokens):
            break
        tokens.append(t)
    last = max((i for i, t in enumerate(tokens) if _address_number(t.group(0))), default=None)
    if last is None:
        return 0
    end, extra = tokens[last].end(), 0
    for t in tokens[last + 1 :]:
        word = t.group(0)
        if extra >= 4 or not (
            word[:1].isupper() or word[:1] in "(/" or word.lower() in ("de", "del", "da", "di", "la")
        ):
            break
        end, extra = t.end(), extra + 1
        if word.endswith((".", ",")) and not word.endswith(("St.", "Ave.", "Str.", "Apt.", "Rd.")):
            break
    return len(line[:end].rstrip(".,;"))


def _context_addresses(text: str, ctx: Context) -> Iterable[tuple]:
    for _, word_end in ctx.of_kind("address"):
        pos = _ADDR_LEAD.match(text, word_end).end()
        if _NOT_AN_ADDRESS.match(text, pos):
            continue  # "adresse IP", "adresse mail", "dirección de correo"
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        # the address ends where another type's word starts ("... us meu CPF: 438...", "... tel: ...")
        line_end = min(
            [line_end]
            + [
                s
                for s, _, kinds in ctx.words
                if pos < s < line_end and "address" not in kinds and kinds & _ADDRESS_STOP
            ]
        )
        if text[pos:line_end].strip():
            tail = _address_tail(text[pos:line_end])
            if tail:
                yield pos, pos + tail, True
            continue
        # the word ends its line: the address is the short lines below it
        start = end = line_end + 1
        for _ in range(4):
            if end > len(text):
                break
            nxt = text.find("\n", end)
            nxt = len(text) if nxt < 0 else nxt
            line = text[end:nxt].strip()
            if not line or len(line) > 70 or _SENTENCE_LINE.match(line):
                break
            end = nxt + 1
        block = text[start : end - 1] if end > start else ""
        if block.strip() and any(ch.isdigit() for ch in block):
            yield start, start + len(block.rstrip()), True


# A postcode with its city, the last part of an address: "88360 Kassel", "75001 Paris", "1283 XM Wesepe",
# "92019, Sciacca (AG)", "88360-759 Montenegro / PA", "Lleida, 18647", "Springfield, IL 62704", "NW1 6XE".
_POSTAL = re.compile(
    r"(?:(?<=^)|(?<=\n)|(?<=, ))(?:"
    rf"[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){{0,2}},?\s(?:{_US_STATES})\s\d{{5}}(?:-\d{{4}})?"
    r"|\d{5}(?:-?\d{3})?,?[ \t]+[A-ZÀ-Ý][\w'-]+(?:[ -](?:[A-ZÀ-Ý][\w'-]+|d[aeiou]s?|sur|la|le|del|am|an))*"
    r"(?:[ \t]\([A-Z]{2}\)|[ \t]/[ \t][A-Z]{2})?"
    r"|[A-ZÀ-Ý][\w'-]+(?:\s[A-ZÀ-Ý][\w'-]+){0,2},\s\d{5}"
    r"|\d{4}\s?[A-Z]{2}(?:\s+[A-Z][\w'-]+)?"
    r"|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}"
    r"|(?:APO|FPO|DPO)\s[A-Z]{2}\s\d{5}"
    r")(?=$|\n|[,.;]|\s)"
)


def _postal_addresses(text: str) -> Iterable[tuple]:
    """A postcode line (or comma part) with the street before it: up to three short lines or parts back,
    one of which holds a house number."""
    if not _POSTAL_HINT.search(text):
        return
    for m in _POSTAL.finditer(text):
        start, has_number = m.start(), False
        for _ in range(3):
            if start >= 2 and text[start - 2 : start] == ", ":
                prev_end = start - 2
                comma = text.rfind(", ", 0, prev_end)
                prev_start = max(comma + 2 if comma >= 0 else 0, text.rfind("\n", 0, prev_end) + 1)
            elif start >= 1 and text[start - 1] == "\n":
                prev_end = start - 1
                prev_start = text.rfind("\n", 0, prev_end) + 1
            else:
                break
            part = text[prev_start:prev_end].strip()
            if (
                not part
                or len(part) > 50
                or not (part[:1].isdigit() or part[:1].isupper())
                or _SENTENCE_LINE.match(part)
            ):
                break
            if part.split()[0].lower() in ("--",):
                break
            tokens = part.split()
            offset = len(text[prev_start:prev_end]) - len(text[prev_start:prev_end].lstrip())
            if part[0].isdigit() or (any(ch.isdigit() for ch in tokens[-1]) and len(tokens) <= 5):
                start, has_number = prev_start + offset, True
            elif any(ch.isdigit() for ch in part):
                # "I live at 123 Main St": the street begins at its house number
                first = next(m for m in re.finditer(r"\S+", part) if any(ch.isdigit() for ch in m.group(0)))
                start, has_number = prev_start + offset + first.start(), True
            else:
                start = prev_start + offset
            if has_number:
                break
        if (
            not has_number
            and start < m.start()
            and text[m.start() - 1 : m.start()] == "\n"
            and m.group(0)[:4].isdigit()
        ):
            has_number = True  # "chemin Philippine Roger" above "52645 Laine": a street without a house number
        if has_number:
            yield start, m.end()


_POSTAL_HINT = re.compile(
    r"(?:\n|, )(?:\d{4}|[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2},? (?:[A-Z]{2} \d{5}|\d{5})|[A-Z]{1,2}\d|(?:APO|FPO|DPO) )"
)


# Overlaps are settled by length first (the phone "+61 412 628 430" beats the SIN-shaped
# "412 628 430" inside it), then by this order (an IPv4 beats a phone reading of the same digits).
_DETECTORS = (
    ("SECRET", _find_secrets),
    ("EMAIL", _find_emails),
    ("IBAN", _find_ibans),
    ("CARD", _find_cards),
    ("GOV_ID", _find_gov_ids),
    ("IP", _find_ips),
    ("PHONE", _find_phones),
    ("ADDRESS", _find_addresses),
    ("DOB", pii_context.find_dobs),
    ("PASSPORT", pii_context.find_passports),
    ("DRIVER_LICENSE", pii_context.find_driver_licenses),
    ("BOOKING_REF", pii_context.find_booking_refs),
    ("BOOKING_REF", pii_context.find_ticket_numbers),
    ("BOOKING_REF", pii_context.find_baggage_refs),
    ("PLATE", pii_context.find_plates),
    ("GEO", pii_context.find_geo),
)
_PRIORITY = {label: i for i, (label, _) in enumerate(_DETECTORS)}
_PRIORITY["NAME"] = len(_PRIORITY)
# Only these may fire inside a URL: credentials and emails in links are still personal data,
# while digits in links are post ids and paths.
_ALLOWED_IN_URL = frozenset({"SECRET", "EMAIL"})
# Detectors that look only inside links (wa.me/..., tel:...), so the rule above does not apply to them.
_LINK_DETECTORS = (
    ("PHONE", _find_phone_links),
    ("PHONE", lambda text, ctx: _find_url_params(text, "PHONE")),
    ("SECRET", lambda text, ctx: _find_url_params(text, "SECRET")),
    ("DOB", lambda text, ctx: _find_url_params(text, "DOB")),
    ("NAME", lambda text, ctx: _find_url_params(text, "NAME")),
)

# Query parameters that carry a person's number or a session: "?phone=+4915...", "&session=9f8a...".
_URL_PARAM = re.compile(
    r"(?i)[?&;](?:(?P<phone>phone|tel|telephone|mobile|msisdn|cell|whatsapp|wa|phone_number|phonenumber)"
    r"|(?P<session>session|sessionid|session_id|sid|sess|phpsessid|jsessionid|aspsessionid|sessid|auth|otp|code"
    r"|access_token|id_token|refresh_token|signature|sig)"
    r"|(?P<dob>dob|birthdate|birth_date|birthday|date_of_birth|dateofbirth|bday|geburtsdatum|naissance"
    r"|date_naissance|fecha_nacimiento|nascimento|data_nascita)"
    r"|(?P<name>name|fullname|full_name|firstname|first_name|lastname|last_name|surname|given_name|family_name))"
    r"=(?P<value>[^&#\s]+)"
)


def _find_url_params(text: str, label: str) -> Iterable[tuple[int, int]]:
    if "=" not in text:
        return
    for m in _URL_PARAM.finditer(text):
        value = m.group("value")
        if label == "PHONE" and m.group("phone"):
            digits = sum(ch.isdigit() for ch in value)
            if 7 <= digits <= 15 and digits >= len(value.replace("%2B", "+")) - 6:
                yield m.start("value"), m.end("value")
        elif label == "SECRET" and m.group("session") and len(value) >= 8 and any(ch.isdigit() for ch in value):
            yield m.start("value"), m.end("value")
        elif label == "DOB" and m.group("dob") and sum(ch.isdigit() for ch in value) >= 4:
            yield m.start("value"), m.end("value")
        elif (
            label == "NAME"
            and m.group("name")
            and not any(ch.isdigit() for ch in value)
            and _same_link_has_dob(text, m)
        ):
            # a name in a link is a contact-block name only next to the person's birth date in the same link
            yield m.start("value"), m.end("value")


def _same_link_has_dob(text: str, m: re.Match) -> bool:
    start = max(text.rfind(ch, 0, m.start()) for ch in " \n\t")
    end = min((i for i in (text.find(ch, m.end()) for ch in " \n\t") if i >= 0), default=len(text))
    return any(
        p.group("dob") and sum(ch.isdigit() for ch in p.group("value")) >= 4
        for p in _URL_PARAM.finditer(text, start + 1, end)
    )


# Fragments both prefilters need: an at-sign between word characters, also fullwidth (literal
# characters, for RE2) or %-encoded; and the fixed prefixes of machine-made tokens (_SECRET_PREFIXED).
_EMAIL_HINT = "[A-Za-z0-9][@\uff20\ufe6b][A-Za-z0-9]|%40"
# Text the detectors read in its plain form (_compatibility_form): a fullwidth digit (RE2's \d is ASCII only), a
# fullwidth letter or digit before an at-sign, an invisible character before one. A pattern of its own so that
# the Python prefilter runs it only on non-ASCII text.
COMPAT_HINT = "[\uff10-\uff19]|[\uff10-\uff5a][\uff20@]|[\u200b\u200c\u200d\u2060\ufeff\u00ad]@"
_TOKEN_PREFIXES = (
    r"AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|_live_|_test_"
    r"|sk-|AIza|ya29\.|hf_|npm_|SG\.|eyJ"
)
# The prefilter: if none of these match, no detector can fire. It is written in the regex subset
# shared by Python ``re`` and RE2 (no lookaround, no \b, few counted repeats, which push RE2 off its
# DFA) so that PiiStage can run it vectorised over a whole batch in Arrow. Street addresses need
# two conditions (a digit AND a street word), so they are a second pair of patterns.
PREFILTER = (
    r"\d[ ().\-/]{0,3}\d[ ().\-/]{0,3}\d[ ().\-/]{0,3}\d[ ().\-/]{0,3}\d[ ().\-/]{0,3}\d"  # 6+ digits: phone, card, ids
    r"|\d\.\d+\.\d+\.\d"  # IPv4
    r"|[0-9A-Fa-f]:[0-9A-Fa-f]*:|::[0-9A-Fa-f]"  # IPv6
    "|"
    + _EMAIL_HINT  # email
    + r"|[A-Z][A-Z]\d\d|[A-Z]{6}\d\d[A-Z]|[A-Z][A-Z] \d\d \d\d \d\d"  # IBAN, codice fiscale, NINO
    "|" + _TOKEN_PREFIXES + r"|PRIVATE KEY|://[^\s/@]+:[^\s/@]+@|hooks\.slack|/webhooks/"
    r"|(?i:key|token|secret|passw|pwd|pass[ :=]|passcode|bearer|authoriz|contraseña|\[at\]|\(at\)|\{at\}|<at>"
    r"|\[@\]|\(@\)| dot |aadha|uidai|ssn|social security|steuer|idnr|wachtwoord|mot de passe|senha|session=|sessionid=|sid="
    r"|phone=|tel=|mobile=| arroba | arobase | chiocciola | ät | apenstaartje )"
    r"|[A-Za-z0-9] at [A-Za-z0-9-]+\.[A-Za-z][A-Za-z]"  # jane at gmail.com
    r"|(?:^|[^A-Za-z])[bB]\. [0-9A-Z]"  # "b. 12 March 1987"
    r"|\d\.\d\d\d°?\s?[NS]?\s?,\s?-?\d{1,3}\.\d\d\d"  # coordinates with three decimals
    # booking references: "confirmation # G8CVWJ", "Conf #8Q6MFD", "res# ILC0HP", "record locator KARAAX", "PNR A3ZZ0F"
    r"|(?i:confirmation|conf ?[#:]|conf\.? ?(?:no|code|number)|res ?#|res (?:no|num|code)|locator|pnr|booking"
    r"|reservation|reservierung|buchung|record n|record ?#|claim|file n|file ref|file ?#"
    r"|boeking|reservering|prenotazione|localizador|de reserva|da reserva|de réservation|de reservation|de dossier|filekey)"
)
# Twelve short lower-case words in a row may be a seed phrase. A pattern of its own: inside PREFILTER its
# counted repeat would push RE2 off its DFA for the whole alternation (10x slower); rows it passes are
# checked against the BIP-39 list in Python (a split and set lookups) before the detectors run.
SEED_PREFILTER = r"(?:[a-z]{3,8}[ \n]){11}[a-z]{3,8}"
ADDRESS_WORDS = (
    r"(?: |^)(?i:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Ln|Dr|Ct|Pl|Hwy|Pkwy|Parkway|Ter|Cir|Sq|Trl|Rte|"
    r"Lane|Drive|Court|Place|Way|Terrace|Circle|Highway|Square|Trail|Route|Row|Crescent|Close|Gardens)"
    r"(?:[^A-Za-z0-9]|$)"
    r"|(?i:stra(?:ss|ß)e|str\.|weg |gasse|allee|platz|straat|laan|gracht|plein|kade|singel|gatan|vej |veien"
    r"|calle|c/|avenida|avda|paseo|plaza|carrer|rua |via |viale|piazza|corso|largo|rue |avenue|boulevard|bd "
    r"|place|chemin|allée|impasse|quai|route|cours "
    # address words: "lives at", "Adresse:", "j'habite", "vivo en", "moro na", "abito in", "woon op", "send it to"
    r"|lives at|live at|address|addr:|send it to|ship to|deliver to|come by|moved to|wohne|wohnt|adresse|anschrift"
    r"|schick|habite|envoie|dirección|direccion|vivo en|mándalo|mandalo|domicilio|endereço|endereco|moro n|manda pra"
    r"|indirizzo|abito|woon|adres|stuur het|mi casa|minha casa|casa mia|chez moi|my place|at mine"
    # licence plates: "number plate", "Kennzeichen", "immatriculation", "matrícula", "placa", "targa", "kenteken"
    r"|plate|registration|kennzeichen|nummernschild|plaque|immat|matr[ií]cula|placa|targ[ao]|kenteken"
    r"|nummerplaat|nummerbord|car |auto|voiture|coche|carro|macchina)"
    # a postcode line under a street line
    r"|\d\s*\n\s*\d{4}|\n\d{5}|, \d{5}|\d{5}(?:-\d{4})?$|\d{5}\s*\n"
)
# Words that make a weak number count (dates of birth, document numbers, ids): they matter only next to a
# run of three digits (a year, a document number), the third pair of the prefilter.
ID_WORDS = (
    r"(?i:born|birth|dob|d\.o\.b|geboren|geb\.|geburt|né |née |naissance|naci|nasci|nato |nata |geboorte|cumplea"
    r"|aniversário|passport|pass |passnummer|passeport|pasaporte|passaporte|passaporto|paspoort|licen[cs]e|dl#|dl "
    r"|führerschein|permis|carnet|cnh|habilita|patente|rijbewijs|pan card|pan:|nino|ni number|bsn|burgerservice"
    r"|cpf|sécu|insee|dni|nie |nif|codice fiscale|aadhaar)"
)
# The same idea for the ``urls`` column and media links. Digits in links are ids, so the digit and
# address parts of PREFILTER are left out: only what makes a link personal remains (a person's address or
# number as the link itself, credentials in it, secret-bearing parameters, emails in query strings).
URL_PREFILTER = (
    r"(?i:^\s*(?:mailto|tel|sms|callto|whatsapp):|://[^/?#\s]*@|wa\.me/|whatsapp\.com/send"
    r"|key|token|secret|passw|pwd|auth|credential|bearer|hooks\.slack|/webhooks/|session|sid=|sess=|otp=|code="
    r"|sig=|signature=|phone=|tel=|mobile=|msisdn=|cell=|whatsapp=|wa=)"
    "|" + _EMAIL_HINT + r"|\d{8}:|" + _TOKEN_PREFIXES
)
_URL_PERSONAL_SCHEME = re.compile(r"(?i)^\s*(?:mailto|tel|sms|callto|whatsapp):")
_URL_USERINFO = re.compile(r"^[^\s/?#]*://[^/?#\s]*@")
# The handle and id columns: an email there (a CSV "author" column holding the poster's address).
_EMAIL_RE2 = r"[A-Za-z0-9._%+-]+[@\x{ff20}\x{fe6b}][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
# Fediverse handles are user@instance by design and public; they are not emails.
_HANDLES_LOOK_LIKE_EMAILS = ("mastodon",)
_PREFILTER_RE = re.compile(PREFILTER)
_COMPAT_HINT_RE = re.compile(COMPAT_HINT)
_ADDRESS_WORDS_RE = re.compile(ADDRESS_WORDS)
_ID_WORDS_RE = re.compile(ID_WORDS)
ID_DIGITS = r"\d\d\d|\d[./-]\d\d?[./-]\d"  # a year, a document number, or a short date (18.4.58)
_THREE_DIGITS_RE = re.compile(ID_DIGITS)
_DIGIT_RE = re.compile(r"\d")
# Substrings of the address context words (plain ``in`` tests on the lower-cased post: a case-blind regex
# alternation costs Python's re ~50 us a post, these ~3 us).
_ADDRESS_CONTEXT_HINTS = (
    "lives at",
    "living at",
    "address",
    "addr:",
    "send it to",
    "send to",
    "ship to",
    "deliver to",
    "come by",
    "moved to",
    "my place",
    "at mine",
    "wohn",
    "adresse",
    "anschrift",
    "schick",
    "habite",
    "envoie",
    "chez moi",
    "direcci",
    "vivo en",
    "ndalo",
    "domicilio",
    "endere",
    "moro n",
    "moro em",
    "manda pra",
    "casa",
    "indirizzo",
    "abito",
    "residente",
    "woon",
    "adres",
    "stuur het",
)


_SEED_PREFILTER_RE = re.compile(SEED_PREFILTER)


def _may_hold_seed(text: str) -> bool:
    return _SEED_PREFILTER_RE.search(text) is not None and any(pii_context.find_seed_phrases(text))


def may_contain_pii(text: str) -> bool:
    """The cheap test: False means no detector can fire on ``text``."""
    return (
        _PREFILTER_RE.search(text) is not None
        or (not text.isascii() and _COMPAT_HINT_RE.search(text) is not None)
        or (_DIGIT_RE.search(text) is not None and _ADDRESS_WORDS_RE.search(text) is not None)
        or (_THREE_DIGITS_RE.search(text) is not None and _ID_WORDS_RE.search(text) is not None)
        or _may_hold_seed(text)
    )


def private_url(url: str) -> list[str]:
    """Why a link must not be kept (labels of the personal data in it), or [] for an ordinary link.

    A ``mailto:``/``tel:`` link is the address or number itself; ``user:password@`` in a link is a
    credential (even a bare ``user@`` names an account); anything the detectors find in it counts too.
    """
    labels = [span.label for span in find_pii(url)]
    if _URL_PERSONAL_SCHEME.match(url) and not labels:
        labels = ["EMAIL" if url.strip().lower().startswith("mailto:") else "PHONE"]
    if _URL_USERINFO.match(url) and "SECRET" not in labels:
        labels.append("SECRET")
    return labels


def find_pii(text: str) -> list[Span]:
    """All personal-data spans in ``text``, sorted, non-overlapping, as character offsets."""
    if not text or not may_contain_pii(text):
        return []
    return _find_pii(text)


# Characters that are not there when a person reads the text: an address or number "mia\u200b@example.com" split
# by one is the same address.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


def _compatibility_form(text: str) -> tuple[str, list[int]] | None:
    """``text`` with each character in its NFKC form where that form is one ASCII character (fullwidth "４１５",
    "ｊａｎｅ＠...", bold maths digits, the ideographic space) and invisible characters dropped, with the original
    index of every character kept; None when nothing changes. Accents, scripts and emoji stay as written, and so
    do characters that expand ("…" is not "...": an address or number never runs on into it)."""
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _INVISIBLE.intersection(text)):
        return None
    changed = False
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            chars.append(ch)
            origin.append(i)
            continue
        if ch in _INVISIBLE:
            changed = True
            continue
        form = unicodedata.normalize("NFKC", ch)
        if form != ch and len(form) == 1 and form.isascii():
            changed = True
            chars.append(form)
            origin.append(i)
        else:
            chars.append(ch)
            origin.append(i)
    return ("".join(chars), origin) if changed else None


def _find_pii(text: str) -> list[Span]:
    """``find_pii`` without the prefilter (the stage has already run it, vectorised, over the batch)."""
    normal = _compatibility_form(text)
    if normal is None:
        return _find_pii_normal(text)
    plain, origin = normal
    # the spans are found in the plain form and given back as offsets of the text as written
    return [Span(origin[s.start], origin[s.end - 1] + 1, s.label) for s in _find_pii_normal(plain)]


def _find_pii_normal(text: str) -> list[Span]:
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)] if "/" in text or "www." in text else []
    ctx = Context(text)
    candidates = []
    for label, detector in _DETECTORS:
        for found in detector(text, ctx):
            start, end = found[0], found[1]
            if start >= end:
                continue
            if urls and label not in _ALLOWED_IN_URL and any(us < end and start < ue for us, ue in urls):
                continue
            # a candidate its own context words vouch for (len(found) == 3 and found[2]) beats a bare shape
            strong = label in _SELF_EVIDENT or (len(found) > 2 and found[2])
            candidates.append((not strong, start - end, _PRIORITY[label], start, end, label))
    for label, detector in _LINK_DETECTORS:
        candidates.extend(
            (False, start - end, _PRIORITY[label], start, end, label) for start, end in detector(text, ctx)
        )
    if not candidates:
        return []
    evident = [(c[3], c[4]) for c in candidates if c[5] in _SELF_EVIDENT]
    if evident:
        # an address found from its context words never swallows an IBAN, a card or a key written after it
        candidates = [c for c in candidates if c[5] != "ADDRESS" or not any(s < c[4] and c[3] < e for s, e in evident)]
    candidates.sort()
    taken: list[Span] = []
    for _, _, _, start, end, label in candidates:
        if not any(s.start < end and start < s.end for s in taken):
            taken.append(Span(start, end, label))
    taken.sort()
    merged: list[Span] = []
    for span in taken:
        # the lines of one address found in pieces (street by its context, town by its postcode) are one address
        if (
            merged
            and span.label == "ADDRESS" == merged[-1].label
            and not text[merged[-1].end : span.start].strip(" \t\n,")
        ):
            merged[-1] = Span(merged[-1].start, span.end, "ADDRESS")
        else:
            merged.append(span)
    taken = merged
    if any(span.label == "BOOKING_REF" for span in taken):
        # the traveller's name labelled beside a booking reference goes too: the two open the booking
        for start, end in pii_context.find_booking_names(text, [tuple(span) for span in taken]):
            if not any(s.start < end and start < s.end for s in taken):
                taken.append(Span(start, end, "NAME"))
    if any(span.label in _CONTACT_LABELS for span in taken):
        # a contact block: the name next to a person's phone, email, address or birth date goes too
        for start, end in pii_context.find_contact_names(text, [tuple(span) for span in taken]):
            if not any(s.start < end and start < s.end for s in taken):
                taken.append(Span(start, end, "NAME"))
    taken.sort()
    return taken


_CONTACT_LABELS = frozenset({"PHONE", "EMAIL", "ADDRESS", "DOB"})
# Types whose own form or checksum proves them (an "@", mod-97, Luhn and an issuer range, a key prefix, a
# parsable address): they need no context word to outrank a number that context calls a phone.
_SELF_EVIDENT = frozenset({"EMAIL", "IBAN", "SECRET", "IP", "CARD"})


# --------------------------------------------------------------------------- mentions and redaction

# A mention is what the platforms link, read the way the detectors read text (NFKC where that is plain ASCII, so
# "＠jane" and "﹫jane" are "@jane"; zero-width characters dropped). X's rule (twitter-text's
# validMentionPrecedingChars) links an at-sign after anything but a letter, a digit, "_" or another at-sign
# (".@jane", "today.@jane", "(@jane", "“@jane", "cc:@jane", "w/@jane"), and after a glued "RT" ("RT@jane");
# Mastodon and Bluesky link a subset of that. A letter or digit before the sign is an email's local part (EMAIL is
# found before this rule runs) and "L@@K" is a word. X also leaves out "!@", "#@", "$@", "%@", "&@", "*@" (email
# local parts may end so); a reader still reads a handle there, so they count here. Two exceptions keep text that
# is not a mention: "/@name" inside a link (a Mastodon profile or a Medium path: the link stays whole) and an
# at-sign right after a placeholder ("<SECRET>@files.example": the host of a link whose "user:password" was
# redacted, the domain of an address whose local part was).
# The handle: X "@name", Mastodon "@name@instance", Bluesky "@name.bsky.social" and "@jane-doe.example.com"; a
# hyphen only inside a dotted name, so "@united-rebooked" is "@united" and a word.
_HANDLE = (
    r"[A-Za-z0-9_]+(?:(?:-[A-Za-z0-9_]+)*(?:\.[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)+)?"
    r"(?:@[A-Za-z0-9_]+(?:[-.][A-Za-z0-9_]+)*)?"
)
_MENTION = re.compile(r"(?:(?<![A-Za-z0-9_@])(?<![A-Z]>)|(?<=(?<![A-Za-z0-9_])[Rr][Tt]))@(" + _HANDLE + ")")
# The same for RE2 (no lookbehind), the fast path for rows in plain ASCII: the preceding character is captured and
# put back. It leaves "/@" and "RT@" alone; MENTION_HINT sends those rows, and rows whose at-sign or handle needs
# the NFKC reading, to ``replace_mentions``.
_MENTION_RE2 = r"(^|^>|[^A-Za-z0-9_@/>]|[^A-Z]>)@" + _HANDLE
MENTION_HINT = "(?i:rt)@|/@|[\uff20\ufe6b]|@[A-Za-z0-9_.-]*[\uff10-\uff5a\u200b\u200c\u200d\u2060\ufeff\u00ad]"


def replace_mentions(text: str, allow: frozenset[str] | set[str] = frozenset()) -> str:
    """Turn mentions of ordinary accounts into ``@user``; handles in ``allow`` (lower-case) stay."""
    if "@" not in text and "\uff20" not in text and "\ufe6b" not in text:
        return text
    normal = _compatibility_form(text)
    plain, origin = normal if normal is not None else (text, None)
    links: list[tuple[int, int]] | None = None
    parts, pos = [], 0
    for m in _MENTION.finditer(plain):
        start, end = m.start(), m.end()
        if start and plain[start - 1] == "/":
            if links is None:
                links = [(u.start(), u.end()) for u in _URL.finditer(plain)]
            if any(us < start < ue for us, ue in links):
                continue  # a profile or path in a link ("https://town.example/@hank"): the link stays whole
        handle = m.group(1).lower()
        if handle in allow or handle.split("@")[0] in allow:
            continue
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
        parts.append(text[pos:start])
        parts.append("@user")
        pos = end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def _apply_spans(text: str, spans: list[Span]) -> str:
    parts, pos = [], 0
    for span in spans:
        parts.append(text[pos : span.start])
        parts.append(f"<{span.label}>")
        pos = span.end
    parts.append(text[pos:])
    return "".join(parts)


def redact(text: str, mentions: str = "user", mention_allow: Iterable[str] = ()) -> tuple[str, Counter]:
    """Replace personal data with ``<LABEL>`` placeholders; returns the new text and counts per label.

    ``mentions="user"`` also rewrites ``@handle`` to ``@user`` except for ``mention_allow`` handles;
    ``mentions="keep"`` leaves mentions alone.
    """
    if mentions not in ("user", "keep"):
        raise ConfigError(f"mentions={mentions!r} is not valid; choose one of user, keep")
    spans = find_pii(text)
    counts = Counter(span.label for span in spans)
    new_text = _apply_spans(text, spans) if spans else text
    if mentions == "user":
        new_text = replace_mentions(new_text, _normalise_allow(mention_allow))
    return new_text, counts


def _normalise_allow(handles: Iterable[str]) -> frozenset[str]:
    return frozenset(h.lower().lstrip("@") for h in handles)


# --------------------------------------------------------------------------- the corpus stage


@dataclass
class _Options:
    mentions: str
    mention_allow: frozenset[str]
    drop_on: frozenset[str]


class PiiStage(Stage):
    """Rewrites ``text`` with PII placeholders (and ``@user`` mentions); drops nothing unless ``drop_on``.

    Counters: ``redacted_<LABEL>`` per type and ``posts_with_pii``. With ``drop_on={"SECRET"}`` a post
    holding a secret is rejected with reason ``pii_secret`` (its text is never stored in rejects).

    The other columns that carry text get the same treatment, since the API and the index serve them
    too: media alt text is redacted like ``text``; links in ``urls`` and media URLs that hold personal
    data (``mailto:``, ``tel:``, ``user:pass@``, an email or token in the query) are removed, and such
    a ``uri`` becomes null, counted as ``urls_removed``; an email in ``author_handle`` or ``author_id`` becomes null, counted as
    ``author_emails_removed`` (Mastodon's ``user@instance`` handles are public and stay).
    """

    name: ClassVar[str] = "pii"
    keep_rejected_text: ClassVar[bool] = False

    def __init__(self, mentions: str = "user", mention_allow: Iterable[str] = (), drop_on: Iterable[str] = ()) -> None:
        if mentions not in ("user", "keep"):
            raise ConfigError(f"mentions={mentions!r} is not valid; choose one of user, keep")
        drop_on = frozenset(label.upper() for label in drop_on)
        unknown = drop_on - set(LABELS)
        if unknown:
            raise ConfigError(f"drop_on has unknown labels {sorted(unknown)}; choose from {', '.join(LABELS)}")
        self.options = _Options(mentions, _normalise_allow(mention_allow), drop_on)
        self._counters: Counter = Counter()

    def run(self, batch: pa.RecordBatch) -> tuple[pa.RecordBatch, list[str | None]]:
        reasons: list[str | None] = [None] * batch.num_rows
        if batch.num_rows == 0:
            return batch, reasons
        text_index = batch.schema.get_field_index("text")
        texts = batch.column(text_index)
        needs_python = self._python_rows(texts)
        new_texts = texts
        if self.options.mentions == "user":
            # Mentions in rows without PII candidates are rewritten by RE2 in C++, not per row in Python.
            new_texts = pc.replace_substring_regex(texts, _MENTION_RE2, r"\1@user")
        if pc.any(needs_python).as_py():
            rows = pc.indices_nonzero(needs_python).to_pylist()
            replaced = []
            for row, text in zip(rows, pc.filter(texts, needs_python).to_pylist()):
                new_text, counts = self._redact_one(text)
                replaced.append(new_text)
                if counts:
                    self._count(counts)
                    hit = sorted(self.options.drop_on.intersection(counts))
                    if hit:
                        reasons[row] = f"pii_{hit[0].lower()}"
            new_texts = pc.replace_with_mask(new_texts, needs_python, pa.array(replaced, texts.type))
        if new_texts is not texts:
            batch = batch.set_column(text_index, batch.schema.field(text_index), new_texts)
        return self._scrub_side_columns(batch), reasons

    def _scrub_side_columns(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        """Keep the other text-bearing columns consistent with ``text`` (see the class docstring); the
        ``mentions`` list loses ordinary accounts when mentions become ``@user``."""
        names = batch.schema.names
        if "urls" in names:
            batch = self._scrub_urls(batch, names.index("urls"))
        if "uri" in names:
            batch = self._scrub_uri(batch, names.index("uri"))
        for column_name in ("author_handle", "author_id"):
            if column_name in names:
                batch = self._scrub_author_emails(batch, names.index(column_name))
        if self.options.mentions == "user" and "mentions" in names:
            index = names.index("mentions")
            column = batch.column(index)
            if pc.max(pc.fill_null(pc.list_value_length(column), 0)).as_py():
                allow = self.options.mention_allow
                kept = [
                    None if row is None else [h for h in row if _normalise_allow([h]) <= allow]
                    for row in column.to_pylist()
                ]
                batch = batch.set_column(index, batch.schema.field(index), pa.array(kept, column.type))
        if "media" in names:
            index = names.index("media")
            column = batch.column(index)
            if pc.max(pc.fill_null(pc.list_value_length(column), 0)).as_py():
                rows = column.to_pylist()
                for row in rows:
                    for item in row or ():
                        if item.get("alt_text"):
                            spans = find_pii(item["alt_text"])
                            if spans:
                                self._count(Counter(span.label for span in spans))
                                item["alt_text"] = _apply_spans(item["alt_text"], spans)
                        if item.get("url") and private_url(item["url"]):
                            self._counters["urls_removed"] += 1
                            item["url"] = None
                batch = batch.set_column(index, batch.schema.field(index), pa.array(rows, column.type))
        return batch

    def _scrub_urls(self, batch: pa.RecordBatch, index: int) -> pa.RecordBatch:
        """Remove links holding personal data from the ``urls`` list column."""
        column = batch.column(index)
        values = pc.list_flatten(column)
        if len(values) == 0 or not pc.any(pc.fill_null(pc.match_substring_regex(values, URL_PREFILTER), False)).as_py():
            return batch  # the common case: no link can be personal, nothing leaves Arrow
        rows = column.to_pylist()
        for i, row in enumerate(rows):
            if not row:
                continue
            kept = []
            for url in row:
                if url and private_url(url):
                    self._counters["urls_removed"] += 1
                else:
                    kept.append(url)
            rows[i] = kept
        return batch.set_column(index, batch.schema.field(index), pa.array(rows, column.type))

    def _scrub_uri(self, batch: pa.RecordBatch, index: int) -> pa.RecordBatch:
        """Null a citation link that holds personal data (a CSV ``url`` column can hold anything)."""
        column = batch.column(index)
        suspect = pc.fill_null(pc.match_substring_regex(column, URL_PREFILTER), False)
        if not pc.any(suspect).as_py():
            return batch
        uris = column.to_pylist()
        for row in pc.indices_nonzero(suspect).to_pylist():
            if private_url(uris[row]):
                self._counters["urls_removed"] += 1
                uris[row] = None
        return batch.set_column(index, batch.schema.field(index), pa.array(uris, column.type))

    def _scrub_author_emails(self, batch: pa.RecordBatch, index: int) -> pa.RecordBatch:
        """Null an email used as the author's handle or id (never a public identity outside the fediverse)."""
        column = batch.column(index)
        if not any(pc.any(pc.match_substring(column, sign)).as_py() for sign in "@\uff20\ufe6b"):
            return batch  # literal tests are ~5x cheaper than the regex, and ids and handles rarely hold "@"
        is_email = pc.fill_null(pc.match_substring_regex(column, _EMAIL_RE2), False)
        if "platform" in batch.schema.names:
            fediverse = pc.is_in(batch.column("platform"), pa.array(_HANDLES_LOOK_LIKE_EMAILS))
            is_email = pc.and_(is_email, pc.invert(pc.fill_null(fediverse, False)))
        removed = pc.sum(is_email).as_py() or 0
        if not removed:
            return batch
        self._counters["author_emails_removed"] += removed
        scrubbed = pc.if_else(is_email, pa.scalar(None, column.type), column)
        return batch.set_column(index, batch.schema.field(index), scrubbed)

    def _python_rows(self, texts: pa.Array) -> pa.Array:
        """Rows that need the Python detectors: the vectorised prefilter, plus allow-listed mentions."""
        needs = pc.or_(
            pc.match_substring_regex(texts, PREFILTER + "|" + COMPAT_HINT),
            pc.and_(pc.match_substring_regex(texts, r"\d"), pc.match_substring_regex(texts, ADDRESS_WORDS)),
        )
        three_digits = pc.match_substring_regex(texts, ID_DIGITS)
        if pc.any(three_digits).as_py():
            needs = pc.or_(needs, pc.and_(three_digits, pc.match_substring_regex(texts, ID_WORDS)))
        seed = pc.and_not(
            pc.fill_null(pc.match_substring_regex(texts, SEED_PREFILTER), False), pc.fill_null(needs, False)
        )
        if pc.any(seed).as_py():
            rows = pc.indices_nonzero(seed).to_pylist()
            hits = [row for row, text in zip(rows, pc.take(texts, pa.array(rows)).to_pylist()) if _may_hold_seed(text)]
            if hits:
                mask = pa.array(pc.is_in(pa.array(range(len(texts))), pa.array(hits)))
                needs = pc.or_(pc.fill_null(needs, False), mask)
        if self.options.mentions == "user":
            # mentions the RE2 fast path leaves alone ("RT@jane", "w/@jane", "＠jane", "@ja\u200bne")
            needs = pc.or_(needs, pc.match_substring_regex(texts, MENTION_HINT))
        if self.options.mentions == "user" and self.options.mention_allow:
            allowed = "|".join(re.escape(h) for h in sorted(self.options.mention_allow))
            needs = pc.or_(
                needs,
                pc.match_substring_regex(
                    texts,
                    f"(?i)@(?:{allowed})",
                ),
            )
        return pc.fill_null(needs, False)

    def _count(self, counts: Counter) -> None:
        self._counters["posts_with_pii"] += 1
        for label, n in counts.items():
            self._counters[f"redacted_{label}"] += n

    def _redact_one(self, text: str) -> tuple[str, Counter]:
        spans = _find_pii(text) if text else []
        new_text = _apply_spans(text, spans) if spans else text
        if self.options.mentions == "user":
            new_text = replace_mentions(new_text, self.options.mention_allow)
        return new_text, Counter(span.label for span in spans)

    def counters(self) -> Counter:
        counters, self._counters = self._counters, Counter()
        return counters


# --------------------------------------------------------------------------- audit files


@dataclass
class SpanScan:
    """What ``scan_jsonl`` saw: lines, posts scanned, bad lines, posts with PII, spans per label."""

    lines: int = 0
    posts: int = 0
    bad_lines: int = 0
    posts_with_pii: int = 0
    spans: Counter = field(default_factory=Counter)


def scan_jsonl(src, dst, on_error=None) -> SpanScan:
    """Read ``{"id", "text"}`` lines from ``src``, write ``{"id", "start", "end", "label"}`` lines to ``dst``.

    Offsets are character offsets into the original text. A bad line (not JSON, not an object, no
    string ``text``) is reported through ``on_error(line_number, cause)`` and skipped; the scan goes on.
    ``src`` and ``dst`` are paths; an unreadable ``src`` raises InputError.
    """
    import orjson

    from townsquare.errors import InputError

    scan = SpanScan()
    try:
        source = open(src, "rb")  # noqa: SIM115 - opened here so only this open becomes InputError
    except OSError as exc:
        raise InputError(f"cannot read {src}: {exc.strerror or exc}") from None
    with source, open(dst, "wb") as out:
        for number, raw in enumerate(source, start=1):
            scan.lines += 1
            if not raw.strip():
                continue
            try:
                record = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                _bad(scan, on_error, number, f"not valid JSON ({exc})")
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                _bad(scan, on_error, number, 'expected an object with a string "text"')
                continue
            scan.posts += 1
            spans = find_pii(record["text"])
            if spans:
                scan.posts_with_pii += 1
            for span in spans:
                scan.spans[span.label] += 1
                out.write(
                    orjson.dumps(
                        {"id": _line_id(record, number), "start": span.start, "end": span.end, "label": span.label}
                    )
                    + b"\n"
                )
    return scan


def _line_id(record: dict, number: int):
    """A line's ``id``, or its line number when it has none (spans must say which text they belong to)."""
    post_id = record.get("id")
    return number if post_id is None else post_id


def _bad(scan: SpanScan, on_error, number: int, cause: str) -> None:
    scan.bad_lines += 1
    if on_error is not None:
        on_error(number, cause)
