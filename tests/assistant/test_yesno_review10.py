"""Review 10 (R10-5): a yes/no question whose posts state what it asks is answered "Yes." (a post denying it: "No."),
"is anyone happy with X?" by the sides of the posts on X, and a question no post states still abstains."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

POSTS = [
    ("pat_m", "@user OMG!!! you just bumped me off the last ferry. Can this get any worse."),
    (
        "urno",
        "@user thank you thank you for contacting me. Thank you for the offer of a $200 travel voucher #bluebirdferries",
    ),
    (
        "sank",
        "@user we are on the 2pm ferry to Ashby and then the connection to Kelso. With the delays we might miss it.",
    ),
    ("art", "@user I WOULD DO ANYTHING FOR tickets to the harbour gala... ANYTHING. I love the gala so much!!"),
    ("gus", "@user how can I get tickets for the Feb 20 harbour gala?"),
    ("rob", "@user Bluebird doesnt charge any fees to change a ferry booking as long as the route stays the same"),
    ("nadine", "@user you reimbursed everyone on the crossing. I still love Bluebird! Best ferry company!"),
    ("ems", "@user why are you always so amazing! #bluebird"),
    ("odile", "Bluebird is terrible, the ferries are dirty and always late."),
    ("kit", "I will never take Bluebird again, worst crossing of my life."),
    ("lee", "The harbour café has new opening hours from Monday."),
    ("jo", "Road works on Quay Street until Friday."),
]


@pytest.fixture(scope="module")
def ferries(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("ferries")
    return Assistant(_index_of(path, [t for _, t in POSTS], authors=[a for a, _ in POSTS]))


def _cited(answer) -> list[str]:
    return [c["author"] for c in answer.citations]


def test_a_post_that_states_what_a_yes_no_question_asks_answers_yes(ferries):
    # "anyone" is whoever it was, no word a post must have; the answerability model (fitted on TweetQA) read too
    # little in the post to answer
    answer = ferries.ask("Was anyone bumped from a ferry?")
    assert answer.text.startswith("Yes. [1]"), answer.text
    assert _cited(answer)[0] == "pat_m"
    assert answer.short_answer == "Yes"


def test_a_hashtag_opening_with_the_name_names_it_for_yes(ferries):
    answer = ferries.ask("Did Bluebird offer anyone a travel voucher?")
    assert answer.text.startswith("Yes. [1]"), answer.text
    assert _cited(answer)[0] == "urno"


def test_a_post_that_denies_it_answers_no(ferries):
    answer = ferries.ask("Does Bluebird charge fees to change a ferry booking?")
    assert answer.text.startswith("No. [1]"), answer.text
    assert _cited(answer)[0] == "rob"


def test_a_post_that_only_supposes_or_wishes_it_gives_no_yes(ferries):
    # "we might miss it" and "I WOULD DO ANYTHING FOR tickets" state no missed connection and no tickets given
    for question in ("Did anyone miss the connection to Kelso?", "Was anyone given tickets to the harbour gala?"):
        answer = ferries.ask(question)
        assert not answer.text.startswith("Yes"), (question, answer.text)


def test_a_yes_no_question_no_post_states_still_abstains(ferries):
    answer = ferries.ask("Did anyone see a seal on the ferry?")
    assert answer.abstained, answer.text


@pytest.mark.parametrize("question", ["Is anyone happy with Bluebird?", "Did anyone praise Bluebird?"])
def test_is_anyone_happy_with_gives_the_sides_of_the_posts_on_it(ferries, question):
    answer = ferries.ask(question)
    assert not answer.abstained, answer.text
    sides = {v["label"]: v for v in answer.viewpoints}
    cited = {c["n"]: c["author"] for c in answer.citations}
    assert {"nadine", "ems"} <= {cited[n] for n in sides["for"]["citations"]}
    assert {"odile", "kit"} <= {cited[n] for n in sides["against"]["citations"]}
