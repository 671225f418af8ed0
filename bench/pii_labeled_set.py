"""Build a labeled PII set: real tweets with generated personal data inserted at known spans.

    python bench/pii_labeled_set.py [--out bench/out/pii_labeled.jsonl] [--per-type 300] [--seed 7]

Each line is ``{"id", "text", "spans": [[start, end, label], ...], "kind"}`` where ``kind`` is
``positive`` (one or two inserted values), ``negative`` (a hard negative inserted: dates, prices,
versions, ids, tracking numbers, scores...) or ``mixed`` (one of each).

Base tweets come from ``../shared/data/tweeteval/*/*_text.txt`` and are picked by a rule that knows
nothing about any detector: no digits, no ``x@y``, no secret-ish keywords. That keeps real PII in
the base text (TweetEval has some phone numbers and addresses) from silently becoming "false
positives". Values are realistic and checksum-valid (Luhn, mod-97, check letters, ``phonenumbers``
validity), in the varied formats people actually type. The test fixture in
``tests/data/pii/labeled_small.jsonl`` is written by ``--fixture``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
from collections.abc import Callable
from pathlib import Path

import phonenumbers as pn

ROOT = Path(__file__).resolve().parents[1]
TWEETEVAL = ROOT.parent / "shared" / "data" / "tweeteval"
LABELS = ("EMAIL", "PHONE", "CARD", "IBAN", "IP", "GOV_ID", "ADDRESS", "SECRET")


def load_tweets(root: Path = TWEETEVAL) -> list[str]:
    """All TweetEval texts (one per line), de-duplicated, in a stable order."""
    seen: dict[str, None] = {}
    for path in sorted(root.glob("*/*_text.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line:
                seen.setdefault(line, None)
    return list(seen)


_UNSAFE_BASE = re.compile(r"\d|\w@\w|(?i:\b(?:key|token|secret|pass\w*|pwd|street|ave|road)\b)|\[at\]|\(at\)")


def base_pool(tweets: list[str]) -> list[str]:
    """Tweets safe to use as carriers: cannot contain real PII of any of our types."""
    return [t for t in tweets if 20 <= len(t) <= 200 and not _UNSAFE_BASE.search(t)]


# --------------------------------------------------------------------------- value generators
FIRST = ["john", "maria", "li", "ahmed", "sofia", "james", "priya", "lucas", "emma", "kenji", "olga", "diego"]
LAST = ["smith", "garcia", "wang", "khan", "rossi", "müller", "patel", "silva", "brown", "tanaka", "ivanova", "lopez"]
DOMAINS = [
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.co.uk",
    "proton.me",
    "company.io",
    "uni-heidelberg.de",
    "mail.example.org",
    "icloud.com",
    "orange.fr",
    "web.de",
    "acme-corp.net",
]


def gen_email(r: random.Random) -> str:
    first, last = r.choice(FIRST), r.choice(LAST).replace("ü", "u")
    local = r.choice(
        [
            f"{first}.{last}",
            f"{first}_{last}{r.randint(1, 99)}",
            f"{first[0]}{last}",
            f"{first}+news",
            f"{last}.{first}{r.randint(70, 99)}",
            f"{first}{r.randint(100, 9999)}",
        ]
    )
    domain = r.choice(DOMAINS)
    style = r.random()
    if style < 0.70:
        return f"{local}@{domain}"
    name, _, tld = domain.rpartition(".")
    if style < 0.80:
        return f"{local} [at] {name.replace('.', ' [dot] ')} [dot] {tld}"
    if style < 0.90:
        return f"{local}(at){domain}"
    if style < 0.95:
        return f"{local} AT {name.replace('.', ' DOT ')} DOT {tld}"
    return f"{local} at {name.replace('.', ' dot ')} dot {tld}"


PHONE_REGIONS = ["US", "US", "US", "GB", "GB", "IN", "DE", "FR", "ES", "IT", "AU", "BR", "MX", "NL", "CA"]


def _random_valid_number(r: random.Random, region: str) -> pn.PhoneNumber:
    kind = r.choice([pn.PhoneNumberType.MOBILE, pn.PhoneNumberType.FIXED_LINE])
    example = pn.example_number_for_type(region, kind) or pn.example_number(region)
    national = str(example.national_number)
    for _ in range(200):
        keep = max(2, len(national) - 6)
        candidate = national[:keep] + "".join(r.choice(string.digits) for _ in range(len(national) - keep))
        number = pn.parse(candidate, region) if not candidate.startswith("0") else None
        if number is None:
            continue
        if pn.is_valid_number(number) and not (region in ("US", "CA") and candidate[3:6] == "555"):
            return number
    return example


def gen_phone(r: random.Random) -> str:
    region = r.choice(PHONE_REGIONS)
    number = _random_valid_number(r, region)
    e164 = pn.format_number(number, pn.PhoneNumberFormat.E164)
    style = r.random()
    if region in ("US", "CA") and style < 0.6:
        n = str(number.national_number)
        return r.choice(
            [
                f"({n[:3]}) {n[3:6]}-{n[6:]}",
                f"{n[:3]}-{n[3:6]}-{n[6:]}",
                f"{n[:3]}.{n[3:6]}.{n[6:]}",
                f"+1 {n[:3]} {n[3:6]} {n[6:]}",
                f"1-{n[:3]}-{n[3:6]}-{n[6:]}",
                n,
                f"+1{n}",
            ]
        )
    if style < 0.35:
        return pn.format_number(number, pn.PhoneNumberFormat.INTERNATIONAL)
    if style < 0.7:
        return pn.format_number(number, pn.PhoneNumberFormat.NATIONAL)
    if style < 0.85:
        return e164
    return (
        "00" + e164[1:]
        if r.random() < 0.5
        else pn.format_number(number, pn.PhoneNumberFormat.INTERNATIONAL).replace(" ", "-")
    )


def _luhn_complete(prefix: str, length: int, r: random.Random) -> str:
    body = prefix + "".join(r.choice(string.digits) for _ in range(length - len(prefix) - 1))
    for check in string.digits:
        digits = body + check
        total = 0
        for i, ch in enumerate(reversed(digits)):
            d = int(ch) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable")


CARD_ISSUERS = [
    ("4", 16),
    ("4", 13),
    ("4", 19),
    ("51", 16),
    ("55", 16),
    ("2221", 16),
    ("2720", 16),
    ("34", 15),
    ("37", 15),
    ("6011", 16),
    ("65", 16),
    ("644", 16),
    ("35", 16),
    ("36", 14),
    ("300", 14),
    ("62", 16),
    ("62", 19),
    ("50", 12),
    ("67", 18),
    ("6304", 16),
    ("81", 16),
    ("2200", 16),
]


def gen_card(r: random.Random) -> str:
    prefix, length = r.choice(CARD_ISSUERS)
    digits = _luhn_complete(prefix, length, r)
    style = r.random()
    if length == 15 and style < 0.6:
        sep = r.choice([" ", "-"])
        return f"{digits[:4]}{sep}{digits[4:10]}{sep}{digits[10:]}"
    if length == 12 or style < 0.75:  # 12-digit cards are only ever written grouped
        sep = r.choice([" ", " ", "-"])
        return sep.join(digits[i : i + 4] for i in range(0, length, 4))
    return digits


IBAN_SHAPES = {
    "DE": "8n10n",
    "GB": "4a6n8n",
    "FR": "5n5n11c2n",
    "ES": "4n4n1n1n10n",
    "IT": "1a5n5n12c",
    "NL": "4a10n",
    "BE": "3n7n2n",
    "CH": "5n12c",
    "AT": "5n11n",
    "PL": "8n16n",
    "PT": "4n4n11n2n",
    "IE": "4a6n8n",
    "SE": "3n16n1n",
    "DK": "4n9n1n",
}


def gen_iban(r: random.Random) -> str:
    country = r.choice(list(IBAN_SHAPES))
    bban = ""
    for count, kind in re.findall(r"(\d+)([anc])", IBAN_SHAPES[country]):
        alphabet = {"a": string.ascii_uppercase, "n": string.digits, "c": string.ascii_uppercase + string.digits}[kind]
        bban += "".join(r.choice(alphabet) for _ in range(int(count)))
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    iban = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    if r.random() < 0.6:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    return iban


def gen_ip(r: random.Random) -> str:
    style = r.random()
    if style < 0.55:
        first = r.choice([r.randint(1, 223), 10, 172, 192, 8, 185, 203])
        return ".".join(str(x) for x in (first, r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)))
    groups = [f"{r.randint(0, 0xFFFF):x}" for _ in range(8)]
    groups[0] = r.choice(["2001", "2a02", "2600", "fe80", "2607", "2a00"])
    if style < 0.75:
        return ":".join(groups)
    if style < 0.9:
        return ":".join(groups[:3]) + "::" + ":".join(groups[6:])
    return (":".join(groups[:2]) + "::" + groups[7]).upper()


def _ssn(r: random.Random) -> str:
    while True:
        area = r.randint(1, 899)
        if area != 666:
            break
    return f"{area:03d}", f"{r.randint(1, 99):02d}", f"{r.randint(1, 9999):04d}"


def gen_gov_id(r: random.Random) -> tuple[str, str]:
    """Returns (value, context phrase template with {v})."""
    kind = r.choice(["ssn", "ssn", "nino", "dni", "nie", "aadhaar", "nir", "cf", "cpf", "sin", "steuer"])
    if kind == "ssn":
        a, g, s = _ssn(r)
        return r.choice([f"{a}-{g}-{s}", f"{a}-{g}-{s}", f"{a} {g} {s}"]), r.choice(
            ["SSN {v}", "my social is {v}", "{v}", "social security number: {v}", "{v} is my ssn"]
        )
    if kind == "nino":
        first = r.choice("ABCEGHJKLMNOPRSTWXYZ")
        second = r.choice("ABCEGHJKLMNPRSTWXYZ")
        if first + second in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            first, second = "A", "B"
        d = [f"{r.randint(0, 99):02d}" for _ in range(3)]
        suffix = r.choice("ABCD")
        value = r.choice([f"{first}{second}{''.join(d)}{suffix}", f"{first}{second} {' '.join(d)} {suffix}"])
        return value, r.choice(["NI number {v}", "{v}", "national insurance {v}"])
    if kind in ("dni", "nie"):
        letters = "TRWAGMYFPDXBNJZSQVHLCKE"
        if kind == "dni":
            n = r.randint(10_000_000, 99_999_999)
            return f"{n}{r.choice(['', '-'])}{letters[n % 23]}", r.choice(["DNI {v}", "{v}", "mi DNI es {v}"])
        prefix = r.choice("XYZ")
        n = r.randint(0, 9_999_999)
        return f"{prefix}{n:07d}{letters[int(str('XYZ'.index(prefix)) + f'{n:07d}') % 23]}", r.choice(
            ["NIE {v}", "{v}"]
        )
    if kind == "aadhaar":
        from townsquare.checksums import verhoeff_ok

        while True:
            digits = str(r.randint(2, 9)) + "".join(r.choice(string.digits) for _ in range(11))
            if verhoeff_ok(digits):
                break
        sep = r.choice([" ", " ", "-"])
        return sep.join(digits[i : i + 4] for i in range(0, 12, 4)), r.choice(["aadhaar {v}", "{v}", "UID: {v}"])
    if kind == "nir":
        body = f"{r.randint(1, 2)}{r.randint(40, 99):02d}{r.randint(1, 12):02d}{r.randint(1, 95):02d}{r.randint(1, 999):03d}{r.randint(1, 999):03d}"
        key = 97 - int(body) % 97
        value = f"{body}{key:02d}"
        if r.random() < 0.6:
            value = f"{value[0]} {value[1:3]} {value[3:5]} {value[5:7]} {value[7:10]} {value[10:13]} {value[13:]}"
        return value, r.choice(["numéro de sécu {v}", "{v}", "NIR {v}"])
    if kind == "cf":
        from townsquare.checksums import codice_fiscale_check_char

        body = (
            "".join(r.choice(string.ascii_uppercase) for _ in range(6))
            + f"{r.randint(0, 99):02d}"
            + r.choice("ABCDEHLMPRST")
            + f"{r.randint(1, 71):02d}"
            + r.choice(string.ascii_uppercase)
            + f"{r.randint(0, 999):03d}"
        )
        return body + codice_fiscale_check_char(body), r.choice(["codice fiscale {v}", "{v}", "CF: {v}"])
    if kind == "cpf":
        from townsquare.checksums import cpf_check_digits

        body = "".join(str(r.randint(0, 9)) for _ in range(9))
        s = body + cpf_check_digits(body)
        return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}", r.choice(["CPF {v}", "{v}", "meu CPF: {v}"])
    if kind == "sin":
        while True:
            digits = _luhn_complete(str(r.choice([1, 2, 3, 4, 5, 6, 7, 9])), 9, r)
            break
        sep = r.choice([" ", "-"])
        return f"{digits[:3]}{sep}{digits[3:6]}{sep}{digits[6:]}", r.choice(["SIN {v}", "{v}", "my SIN is {v}"])
    from townsquare.checksums import steuer_id_ok

    while True:
        digits = str(r.randint(1, 9)) + "".join(r.choice(string.digits) for _ in range(10))
        if steuer_id_ok(digits):
            break
    if r.random() < 0.5:
        return f"{digits[:2]} {digits[2:5]} {digits[5:8]} {digits[8:]}", r.choice(["Steuer-ID {v}", "{v}"])
    return digits, r.choice(["Steuer-ID: {v}", "meine Steuer-IdNr {v}", "tax id {v}"])


US_STREETS = [
    "Main",
    "Oak",
    "Maple",
    "Washington",
    "Lincoln",
    "Park",
    "Elm",
    "Cedar",
    "Sunset",
    "Lake",
    "Hill",
    "Martin Luther King Jr",
    "5th",
    "42nd",
    "Pine Ridge",
    "Broadway",
    "Walnut",
    "Highland",
    "River",
    "Church",
    "Mill",
    "Spring Valley",
    "Jefferson",
    "Madison",
    "Franklin",
]
US_SUFFIX = [
    "Street",
    "St",
    "St.",
    "Avenue",
    "Ave",
    "Ave.",
    "Road",
    "Rd",
    "Boulevard",
    "Blvd",
    "Lane",
    "Ln",
    "Drive",
    "Dr",
    "Court",
    "Ct",
    "Place",
    "Pl",
    "Way",
    "Terrace",
    "Parkway",
    "Circle",
]
US_CITIES = [
    ("Springfield", "IL", "62704"),
    ("Austin", "TX", "78701"),
    ("Brooklyn", "NY", "11201"),
    ("Portland", "OR", "97205"),
    ("Miami Beach", "FL", "33139"),
    ("Denver", "CO", "80202"),
    ("San Jose", "CA", "95112"),
    ("Columbus", "OH", "43215"),
    ("Seattle", "WA", "98101"),
]


def gen_address(r: random.Random) -> str:
    style = r.random()
    if style < 0.6:
        number = r.choice(
            [
                str(r.randint(1, 99)),
                str(r.randint(100, 9999)),
                str(r.randint(10000, 99999)),
                f"{r.randint(1, 999)}{r.choice('AB')}",
            ]
        )
        direction = r.choice(["", "", "", "N ", "S. ", "West ", "E "])
        suffix = r.choice(US_SUFFIX)
        street = f"{number} {direction}{r.choice(US_STREETS)} {suffix}"
        if r.random() < 0.3:
            street += r.choice([", Apt 4B", " Apt. 12", ", Suite 300", " #5", ", Unit 7"])
        city, state, zipc = r.choice(US_CITIES)
        tail = r.random()
        weak = suffix in ("Lane", "Drive", "Court", "Place", "Way", "Terrace", "Circle")
        if tail < 0.5 or weak:
            street += r.choice(
                [
                    f", {city}, {state} {zipc}",
                    f", {city}, {state}",
                    f" {city}, {state} {zipc}",
                    f", {city} {state} {zipc}",
                ]
            )
        elif tail < 0.6:
            street = street.lower()
        return street
    if style < 0.7:
        return r.choice(
            [
                "221B Baker Street, London NW1 6XE",
                "10 Downing Street, London SW1A 2AA",
                f"{r.randint(1, 200)} High Street, Oxford OX1 4AH",
                f"{r.randint(1, 90)} Church Road, Manchester M20 2WS",
                f"Flat {r.randint(1, 9)}, {r.randint(1, 90)} Queen's Road, Brighton BN1 3XE",
            ]
        )
    if style < 0.8:
        name = r.choice(["Haupt", "Goethe", "Schiller", "Linden", "Bahnhof", "Kirch", "Berliner ", "Münchner "])
        suffix = (
            r.choice(["straße", "str.", "weg", "allee", "platz"])
            if not name.endswith(" ")
            else r.choice(["Straße", "Str.", "Allee"])
        )
        value = f"{name}{suffix} {r.randint(1, 150)}{r.choice(['', '', 'a'])}"
        if r.random() < 0.6:
            value += f", {r.choice(['10115 Berlin', '80331 München', '50667 Köln', '20095 Hamburg'])}"
        return value
    if style < 0.88:
        value = (
            f"{r.randint(1, 200)}{r.choice(['', ' bis'])} {r.choice(['rue', 'avenue', 'boulevard', 'place'])} "
            f"{r.choice(['de Rivoli', 'Victor Hugo', 'de la Paix', 'du Faubourg Saint-Honoré', 'des Lilas'])}"
        )
        if r.random() < 0.6:
            value += f", {r.choice(['75001 Paris', '69002 Lyon', '13001 Marseille'])}"
        return value
    if style < 0.95:
        value = (
            f"{r.choice(['Calle', 'Avenida', 'Paseo'])} {r.choice(['Mayor', 'de Alcalá', 'del Prado', 'Gran Vía'])} "
            f"{r.choice(['', 'nº '])}{r.randint(1, 200)}"
        )
        if r.random() < 0.5:
            value += f", {r.choice(['28013 Madrid', '08002 Barcelona'])}"
        return value
    value = f"{r.choice(['Via', 'Viale', 'Piazza', 'Corso'])} {r.choice(['Roma', 'Garibaldi', 'Vittorio Emanuele', 'Dante'])} {r.randint(1, 150)}"
    if r.random() < 0.5:
        value += f", {r.choice(['00184 Roma', '20121 Milano'])}"
    return value


def _rand(r: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(r.choice(alphabet) for _ in range(n))


def gen_secret(r: random.Random) -> tuple[str, str]:
    """Returns (value, context template)."""
    kind = r.randrange(13)
    if kind == 0:
        return "AKIA" + _rand(r, 16, string.ascii_uppercase + string.digits), r.choice(
            ["aws key {v}", "{v}", "AWS_ACCESS_KEY_ID={v}"]
        )
    if kind == 1:
        return "ghp_" + _rand(r, 36), r.choice(["{v}", "my token {v} oops", "GITHUB_TOKEN={v}"])
    if kind == 2:
        return "github_pat_" + _rand(r, 22) + "_" + _rand(r, 59), "{v}"
    if kind == 3:
        return f"xoxb-{r.randint(10**10, 10**11)}-{r.randint(10**10, 10**11)}-{_rand(r, 24)}", r.choice(
            ["slack bot {v}", "{v}"]
        )
    if kind == 4:
        return "sk_live_" + _rand(r, 24), r.choice(["stripe {v}", "{v}"])
    if kind == 5:
        return r.choice(["sk-", "sk-proj-"]) + _rand(r, 48, string.ascii_letters + string.digits + "_-"), r.choice(
            ["OPENAI_API_KEY={v}", "{v}", "key: {v}"]
        )
    if kind == 6:
        return "AIza" + _rand(r, 35, string.ascii_letters + string.digits + "_-"), r.choice(["{v}", "maps key {v}"])
    if kind == 7:
        return (
            f"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ{_rand(r, 40)}.{_rand(r, 43, string.ascii_letters + string.digits + '_-')}",
            r.choice(["jwt {v}", "Authorization: Bearer {v}", "{v}"]),
        )
    if kind == 8:
        return (
            "-----BEGIN RSA PRIVATE KEY-----\n"
            + _rand(r, 64, string.ascii_letters + string.digits + "+/")
            + "\n"
            + _rand(r, 40, string.ascii_letters + string.digits + "+/")
            + "=\n-----END RSA PRIVATE KEY-----"
        ), "{v}"
    if kind == 9:
        return _rand(r, 32, "0123456789abcdef"), r.choice(["api_key={v}", "API key: {v}", "token={v}", "secret: {v}"])
    if kind == 10:
        pw = (
            r.choice(["hunter", "Summer", "P@ssw0rd", "dragon", "Liverpool", "qwerty", "monkey"])
            + r.choice(["2019", "123", "!!", "_99", "#1", "$x"])
            + r.choice(["", "x", "Z"])
        )
        return pw, r.choice(["password: {v}", "my password is {v}", "pwd={v}", "pass {v}"])
    if kind == 11:
        return f"admin:{_rand(r, 10)}", "postgres://{v}@db.example.com:5432/app"
    return "hf_" + _rand(r, 34), r.choice(["{v}", "HF_TOKEN={v}"])


GENERATORS: dict[str, Callable[[random.Random], tuple[str, str]]] = {
    "EMAIL": lambda r: (gen_email(r), r.choice(["{v}", "email me at {v}", "contact: {v}", "({v})", "DM or {v}"])),
    "PHONE": lambda r: (
        gen_phone(r),
        r.choice(["{v}", "call me {v}", "text {v}", "tel: {v}", "whatsapp {v}", "ph. {v}"]),
    ),
    "CARD": lambda r: (gen_card(r), r.choice(["{v}", "card {v}", "my cc is {v}", "CC#: {v}", "visa {v}"])),
    "IBAN": lambda r: (gen_iban(r), r.choice(["{v}", "IBAN {v}", "send to {v}", "IBAN: {v}"])),
    "IP": lambda r: (gen_ip(r), r.choice(["{v}", "my ip is {v}", "server at {v}", "ping {v}", "from {v} lol"])),
    "GOV_ID": gen_gov_id,
    "ADDRESS": lambda r: (
        gen_address(r),
        r.choice(["{v}", "I live at {v}", "come to {v}", "party at {v}!", "ship to {v}"]),
    ),
    "SECRET": gen_secret,
}


def gen_negative(r: random.Random) -> str:
    """A hard negative: something posts are full of that is not personal data."""
    kind = r.randrange(22)
    y, m, d = r.randint(1990, 2025), r.randint(1, 12), r.randint(1, 28)
    return [
        lambda: r.choice(
            [f"{y}-{m:02d}-{d:02d}", f"{m}/{d}/{y}", f"{d}.{m:02d}.{y}", f"{d:02d}-{m:02d}-{y}", f"{y}{m:02d}{d:02d}"]
        ),
        lambda: r.choice(
            [
                f"{r.randint(1, 12)}:{r.randint(0, 59):02d} pm",
                f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}",
                f"{r.randint(7, 11)}-{r.randint(1, 6)}",
            ]
        ),
        lambda: r.choice(
            [
                f"${r.randint(1, 9)},{r.randint(100, 999)}.{r.randint(0, 99):02d}",
                f"€{r.randint(1, 999)}.{r.randint(100, 999)},00",
                f"£{r.randint(10, 999)}",
                f"{r.randint(1, 999)},{r.randint(100, 999)},{r.randint(100, 999)} views",
            ]
        ),
        lambda: r.choice(
            [
                f"v{r.randint(1, 9)}.{r.randint(0, 99)}.{r.randint(0, 99)}.{r.randint(0, 99)}",
                f"version {r.randint(1, 20)}.{r.randint(0, 9)}.{r.randint(0, 99)}.{r.randint(0, 9999)}",
                f"iOS {r.randint(9, 18)}.{r.randint(0, 4)}.{r.randint(1, 3)}",
                f"build {r.randint(10, 99)}.{r.randint(0, 9)}.{r.randint(1000, 9999)}.{r.randint(10, 999)}",
            ]
        ),
        lambda: r.choice(
            [
                f"Order #{r.randint(10**7, 10**12)}",
                f"order no. {r.randint(10**9, 10**11)}",
                f"invoice {r.randint(10**8, 10**10)}",
                f"ref: {r.randint(10**9, 10**13)}",
                f"confirmation #{r.randint(10**6, 10**10)}",
            ]
        ),
        lambda: r.choice(
            [
                f"tracking 1Z{_rand(r, 6, string.ascii_uppercase + string.digits)}{r.randint(10**9, 10**10 - 1)}",
                f"USPS tracking {r.randint(10**21, 10**22 - 1)}",
                f"FedEx tracking {r.randint(10**11, 10**12 - 1)}",
                f"tracking number: {r.randint(10**14, 10**15 - 1)}",
            ]
        ),
        lambda: (
            f"{r.randint(10**17, 10**19 - 1)}"
            if r.random() < 0.5
            else f"https://twitter.com/someone/status/{r.randint(10**17, 10**19 - 1)}"
        ),
        lambda: r.choice(
            [f"#{r.randint(10**5, 10**10)}", f"#{'ForeverPowell'}{r.randint(10**5, 10**6)}", f"#{m:02d}{d:02d}{y}"]
        ),
        lambda: f"@user{r.randint(10**5, 10**9)}",
        lambda: r.choice(
            [
                f"{r.randint(0, 7)}-{r.randint(0, 7)}",
                f"{r.randint(80, 130)}-{r.randint(80, 130)}",
                f"won {r.randint(1, 5)}-{r.randint(0, 3)}",
            ]
        ),
        lambda: str(r.randint(1900, 2030)),
        lambda: f"{r.randint(1, 100)}%",
        lambda: r.choice(["978-3-16-148410-0", f"ISBN {r.choice(['9780306406157', '978-0-306-40615-7'])}"]),
        lambda: r.choice(
            [
                f"{r.randint(1, 99)}.{r.randint(1000, 9999)}, -{r.randint(1, 99)}.{r.randint(1000, 9999)}",
                "24/7",
                "9-5",
                "1/2",
                "3:1",
            ]
        ),
        lambda: r.choice(
            [
                f"{y}-{y + r.randint(1, 5)}",
                f"{r.randint(1, 9)}.{r.randint(1, 9)} million",
                f"{r.randint(1000, 9999)} {r.randint(1000, 9999)}",
            ]
        ),
        lambda: r.choice(
            [
                f"Flight UA{r.randint(100, 9999)}",
                f"Room {r.randint(100, 999)}",
                f"Gate {r.choice('ABC')}{r.randint(1, 40)}",
            ]
        ),
        lambda: r.choice(
            [
                "Route 66",
                "top 10 best places",
                "5 Star Place",
                "2 Broke Girls",
                "3 Doors Down",
                "21 Savage",
                f"{r.randint(2, 12)} miles down the road",
                "Main Street",
                "Pennsylvania Avenue",
            ]
        ),
        lambda: r.choice(
            [
                "password is wrong",
                "forgot my password again",
                "the key to success",
                "token of appreciation",
                "secret sauce",
                "keyboard warrior",
            ]
        ),
        lambda: r.choice(["meet me at the mall", "at home dot com?", "Apple AT&T", "at 5 pm"]),
        lambda: r.choice([f"{r.randint(10**11, 10**12 - 1)}", f"{r.randint(10**9, 10**10 - 1):,}"]),
        lambda: r.choice(["12:30:45", "10:00-12:00", "1:1", "2:1:0"]),
        lambda: r.choice(
            [
                f"www.example.com/p/{r.randint(10**9, 10**12)}",
                f"https://youtu.be/{_rand(r, 11)}",
                f"https://t.co/{_rand(r, 10)}",
            ]
        ),
    ][kind]()


def insert(base: str, phrase: str, r: random.Random, spans: list[list]) -> tuple[str, int]:
    """Put ``phrase`` at a word boundary of ``base`` outside ``spans``; returns the text and where it starts."""
    cuts = [0, len(base)] + [m.start() for m in re.finditer(r" ", base)]
    cuts = [c for c in cuts if not any(s <= c < e for s, e, _ in spans)]
    cut = r.choice(cuts)
    if cut == 0:
        return phrase + " " + base, 0
    if cut == len(base):
        return base + " " + phrase, len(base) + 1
    return base[:cut] + " " + phrase + base[cut:], cut + 1


def make_example(r: random.Random, pool: list[str], kind: str, label: str | None) -> dict:
    text = r.choice(pool)
    spans: list[list] = []
    items: list[tuple[str, str | None]] = []  # (phrase, label), value located by placeholder
    if kind in ("positive", "mixed"):
        count = 2 if kind == "positive" and r.random() < 0.15 else 1
        for i in range(count):
            lab = label if i == 0 else r.choice(LABELS)
            value, template = GENERATORS[lab](r)
            items.append((template.replace("{v}", "\x00"), value, lab))
    if kind in ("negative", "mixed"):
        items.append((gen_negative(r), None, None))
    for phrase, value, lab in items:
        text, at = insert(text, phrase.replace("\x00", value) if value else phrase, r, spans)
        # shift earlier spans that lie after the insertion point
        shift = len(phrase.replace("\x00", value) if value else phrase) + 1
        spans = [[s + shift if s >= at else s, e + shift if s >= at else e, label] for s, e, label in spans]
        if value is not None:
            start = at + phrase.index("\x00")
            spans.append([start, start + len(value), lab])
    spans.sort()
    return {"text": text, "spans": spans, "kind": kind}


def build(per_type: int, negatives: int, mixed: int, seed: int) -> list[dict]:
    """The whole labeled set, deterministic for a seed."""
    r = random.Random(seed)
    pool = base_pool(load_tweets())
    examples = []
    for label in LABELS:
        examples += [make_example(r, pool, "positive", label) for _ in range(per_type)]
    examples += [make_example(r, pool, "negative", None) for _ in range(negatives)]
    examples += [make_example(r, pool, "mixed", r.choice(LABELS)) for _ in range(mixed)]
    for i, ex in enumerate(examples):
        ex["id"] = f"pii-{i:05d}"
        for s, e, _label in ex["spans"]:
            assert ex["text"][s:e] and not ex["text"][s:e].startswith(" "), ex
    return [{"id": ex["id"], "text": ex["text"], "spans": ex["spans"], "kind": ex["kind"]} for ex in examples]


def write(examples: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for ex in examples:
            f.write(json.dumps(ex, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "pii_labeled.jsonl")
    parser.add_argument("--per-type", type=int, default=300)
    parser.add_argument("--negatives", type=int, default=1500)
    parser.add_argument("--mixed", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--fixture", action="store_true", help="write the small test fixture tests/data/pii/labeled_small.jsonl instead"
    )
    args = parser.parse_args()
    if args.fixture:
        examples = build(per_type=25, negatives=120, mixed=30, seed=11)
        write(examples, ROOT / "tests" / "data" / "pii" / "labeled_small.jsonl")
        print(f"wrote {len(examples)} examples to tests/data/pii/labeled_small.jsonl")
        return
    examples = build(args.per_type, args.negatives, args.mixed, args.seed)
    write(examples, args.out)
    print(f"wrote {len(examples)} examples to {args.out}")


if __name__ == "__main__":
    main()
