"""Check digits of the numbers personal data is written in: payment cards, IBANs and national ids.

One place for both sides: the PII detector (``townsquare.corpus.pii``) validates candidates with the
``*_ok`` checks, and ``townsquare sample`` computes the same check digits when it plants values
(``luhn_check_digit``, ``iban_with_check_digits``, ``cpf_check_digits``). Inputs are compact strings:
digits only (or letters and digits for IBANs and Italian fiscal codes), no spaces.
"""

from __future__ import annotations

from collections import Counter

__all__ = [
    "IBAN_LENGTHS",
    "bsn_ok",
    "codice_fiscale_check_char",
    "codice_fiscale_ok",
    "cpf_check_digits",
    "cpf_ok",
    "dni_ok",
    "iban_ok",
    "iban_with_check_digits",
    "luhn_check_digit",
    "luhn_ok",
    "nir_ok",
    "ssn_ok",
    "steuer_id_ok",
    "verhoeff_ok",
]


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check used by payment cards and Canadian SINs."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff_ok(digits: str) -> bool:
    """Verhoeff check used by Indian Aadhaar numbers."""
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[i % 8][ord(ch) - 48]]
    return c == 0


# IBAN length per country (ISO 13616 registry); the length check alone removes
# most random "two letters + digits" strings before mod-97 is even computed.
IBAN_LENGTHS = {
    "AD": 24,
    "AE": 23,
    "AL": 28,
    "AT": 20,
    "AZ": 28,
    "BA": 20,
    "BE": 16,
    "BG": 22,
    "BH": 22,
    "BR": 29,
    "BY": 28,
    "CH": 21,
    "CR": 22,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "DO": 28,
    "EE": 20,
    "EG": 29,
    "ES": 24,
    "FI": 18,
    "FO": 18,
    "FR": 27,
    "GB": 22,
    "GE": 22,
    "GI": 23,
    "GL": 18,
    "GR": 27,
    "GT": 28,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IL": 23,
    "IQ": 23,
    "IS": 26,
    "IT": 27,
    "JO": 30,
    "KW": 30,
    "KZ": 20,
    "LB": 28,
    "LC": 32,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MC": 27,
    "MD": 24,
    "ME": 22,
    "MK": 19,
    "MR": 27,
    "MT": 31,
    "MU": 30,
    "NL": 18,
    "NO": 15,
    "PK": 24,
    "PL": 28,
    "PS": 29,
    "PT": 25,
    "QA": 29,
    "RO": 24,
    "RS": 22,
    "SA": 24,
    "SC": 31,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "ST": 25,
    "SV": 28,
    "TL": 23,
    "TN": 24,
    "TR": 26,
    "UA": 29,
    "VA": 22,
    "VG": 24,
    "XK": 20,
}


def iban_ok(compact: str) -> bool:
    """Country length plus ISO 7064 mod-97 check on an IBAN without spaces."""
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    try:
        return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1
    except ValueError:
        return False


def ssn_ok(area: str, group: str, serial: str) -> bool:
    """US SSN issuance rules: no 000/666/9xx area, no 00 group, no 0000 serial."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_ok(number: str, letter: str) -> bool:
    """Spanish DNI/NIE check letter (NIE: X/Y/Z stand for 0/1/2)."""
    number = number.upper()
    if number[0] in "XYZ":
        number = str("XYZ".index(number[0])) + number[1:]
    return _DNI_LETTERS[int(number) % 23] == letter.upper()


def nir_ok(compact: str) -> bool:
    """French NIR (INSEE number): 13 digits (Corsica 2A/2B mapped) + 2-digit key."""
    body, key = compact[:13].upper(), compact[13:]
    body = body.replace("2A", "19").replace("2B", "18")
    if not body.isdigit():
        return False
    return 97 - int(body) % 97 == int(key)


def steuer_id_ok(digits: str) -> bool:
    """German Steuer-IdNr: ISO 7064 mod 11,10 check digit and the digit-repeat rule."""
    if len(digits) != 11 or digits[0] == "0":
        return False
    counts = Counter(digits[:10])
    if not (len(counts) in (8, 9) and max(counts.values()) in (2, 3)):
        return False
    product = 10
    for ch in digits[:10]:
        total = (int(ch) + product) % 10 or 10
        product = (total * 2) % 11
    check = (11 - product) % 10
    return check == int(digits[10])


def cpf_ok(digits: str) -> bool:
    """Brazilian CPF: two mod-11 check digits; all-same-digit numbers are invalid."""
    if len(set(digits)) == 1:
        return False
    for n in (9, 10):
        total = sum(int(d) * w for d, w in zip(digits[:n], range(n + 1, 1, -1)))
        if (total * 10) % 11 % 10 != int(digits[n]):
            return False
    return True


_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            1,
            0,
            5,
            7,
            9,
            13,
            15,
            17,
            19,
            21,
            1,
            0,
            5,
            7,
            9,
            13,
            15,
            17,
            19,
            21,
            2,
            4,
            18,
            20,
            11,
            3,
            6,
            8,
            12,
            14,
            16,
            10,
            22,
            25,
            24,
            23,
        ),
    )
)


def codice_fiscale_check_char(body: str) -> str:
    """The check character of an Italian codice fiscale's first fifteen characters."""
    total = 0
    for i, ch in enumerate(body[:15].upper()):
        if i % 2 == 0:
            total += _CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - 65
    return chr(65 + total % 26)


def codice_fiscale_ok(code: str) -> bool:
    """Italian codice fiscale check character."""
    return codice_fiscale_check_char(code) == code[15].upper()


def bsn_ok(digits: str) -> bool:
    """Dutch BSN: 9 digits passing the 11-test (weights 9..2 and -1)."""
    if len(digits) != 9 or digits == "000000000":
        return False
    return (sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])) % 11 == 0


def luhn_check_digit(partial: str) -> str:
    """The digit that makes ``partial + digit`` pass ``luhn_ok``."""
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = ord(ch) - 48
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def iban_with_check_digits(country: str, bban: str) -> str:
    """The IBAN of ``bban`` in ``country``: its two ISO 7064 mod-97 check digits computed."""
    moved = bban + country + "00"
    check = 98 - int("".join(str(int(ch, 36)) for ch in moved)) % 97
    return f"{country}{check:02d}{bban}"


def cpf_check_digits(body: str) -> str:
    """The two mod-11 check digits of a Brazilian CPF's first nine digits."""
    digits = [int(d) for d in body]
    for n in (9, 10):
        digits.append(sum(d * w for d, w in zip(digits, range(n + 1, 1, -1))) * 10 % 11 % 10)
    return f"{digits[9]}{digits[10]}"
