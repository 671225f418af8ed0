"""E-ticket numbers, "record number" locators and baggage claim / file references become ``<BOOKING_REF>``
(review 15, R15-11): each is, with the passenger's name, a key to one person's trip or bag, and the airline CSV
had them left as written beside the locators that were caught. Flight numbers, prices, counts, support tickets
and miles claimed stay."""

from __future__ import annotations

import pytest

from townsquare.corpus.pii import find_pii, redact

# (post, the values that go) as written in the airline CSV (digits and letters changed)
TRIP_KEYS = [
    ("@united here is the ticket # 0162424965441 please refund", ["0162424965441"]),
    ("@united e-ticket # 0162389030161, refund request # 16866851", ["0162389030161"]),
    ("Reported seat 12A, but I was 11A.  Thx.  Ticket 2792125083851", ["2792125083851"]),
    ("8 weeks to refund this ticket - 0372389047491?!? - totally unacceptable", ["0372389047491"]),
    ("@united  RES # 0167560070871     Fsqthx   Thanks", ["0167560070871", "Fsqthx"]),
    ("my e-ticket number is 001-2345678901, name: John Smith", ["001-2345678901", "John Smith"]),
    ("@united @user 0162431184661.\n3 of your agents said we would be refunded", ["0162431184661"]),
    ("@AmericanAir record number is BPDFPX.", ["BPDFPX"]),
    ("will deliver my luggage to HDN airport claim# hdndl11781", ["hdndl11781"]),
    ("please expedite missing bag claim #3526665681. Thanks!", ["3526665681"]),
    ("one of you has my bag! Claim 4016688561 and i want it in MGA", ["4016688561"]),
    ("OMG WHERE IS MY BAG??? YYZUA70431 - enough with the shenanigans", ["YYZUA70431"]),
    ("still no luggage, said to be on its way File number: DCA48811M #Fail", ["DCA48811M"]),
]


@pytest.mark.parametrize(("text", "values"), TRIP_KEYS)
def test_trip_and_bag_references_are_redacted(text: str, values: list[str]) -> None:
    found = [text[s.start : s.end] for s in find_pii(text)]
    assert found == values
    redacted = redact(text)[0]
    assert "<BOOKING_REF>" in redacted and not any(value in redacted for value in values)


@pytest.mark.parametrize(
    "text",
    [
        "flight 1898 was late again, ticket cost $450",
        "Ticket 12345678 reopened",  # a support ticket
        "I got 3 tickets for 2 people on flight 2345",
        "I claim 100000 miles every year",
        "claim 250000 points before they expire",
        "Case #8477733 still open",
        "record 2015 sales of 1234567 units",
        "@delta 0162431184663",  # United's prefix, no United in the post
        "my bag weighed 23 kg on flight UA4646",
        "1234567890123 views on this clip",
    ],
)
def test_ordinary_numbers_stay(text: str) -> None:
    assert [s for s in find_pii(text) if s.label == "BOOKING_REF"] == []
