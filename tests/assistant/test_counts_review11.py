"""Review 11 (R11-3): numbers on the airline tweets that are no answer to how long or how many: a flight's number
("UA 236" answered "How long was the delay?") and a time of day ("1pm"); and counts each writer gives of their
own case ("our 4 lost bags", "both of my bags") are different numbers, not a dispute."""

from __future__ import annotations

from townsquare.assistant import Assistant

from .test_assistant import _index_of

_OTHERS = [
    "@RedlineBus the driver on the Chicago route was lovely today",
    "@RedlineBus still waiting on a refund for the cancelled Miami trip",
    "@RedlineBus new seats are comfy, nice work",
]


def test_a_flight_number_or_a_time_of_day_is_no_length(tmp_path):
    texts = [
        "@RedlineBus What's going on with UA 236? outbound flight last thurs was delayed, how long will this delay be?",
        "@RedlineBus my flight (6000) scheduled for 1pm departure still says on time. Any update on how long of a delay?",
        "@RedlineBus I like the service but a 40 min delay just for connecting passengers seems too long.",
        *_OTHERS,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("How long was the delay?")
    labels = {v["label"] for v in answer.viewpoints}
    assert not labels & {"236", "6000", "1"} and answer.short_answer not in ("236", "6000", "1"), answer.text


def test_counts_of_each_writers_own_case_are_different_numbers(tmp_path):
    texts = [
        "@RedlineBus strikes again...lost bags. And two of them. #theworst",
        "@RedlineBus thank you for compensating us for our 4 lost bags. We will ride with you again!",
        "@RedlineBus you lost both of my bags and had no clue where they were",
        *_OTHERS,
    ]
    answer = Assistant(_index_of(tmp_path, texts)).ask("How many bags were lost?")
    assert len(answer.viewpoints) > 1, answer.text
    assert answer.text.startswith("Posts give different numbers."), answer.text
