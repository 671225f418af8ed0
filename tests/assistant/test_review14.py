"""Review 12, still open after session 13: a judging yes/no question whose judging word only posts to other accounts
write is answered by the posts on what it asks about, in their own words ("Friendly stewards", "retrain your
stewards"). A proposal of what is done to its subject ("Should US Airways be fined?") is answered by posts on the doing,
not by the adjective of the same spelling ("Fine. Understand.") nor by complaints about the subject."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

POSTS = [
    # the judging word, only in posts to other lines
    (
        "ann",
        "@greenline it would be nice to sail and have some consistency / service from the stewards. Quality control???",
    ),
    ("bob", "@redline how nice it would be if you had helpful stewards instead of the rude nasty ones you employ."),
    ("cat", "@redline dropping the ball. Again. No coffee. Boat switch. No gate attendant. 2 hours late. Really nice."),
    # Bluebird's stewards, in words of their own
    (
        "dan",
        "@bluebird you need to retrain your stewards. Saying there is no room for bikes when there is, is not cool.",
    ),
    ("eli", "@bluebird crossing 15 Ashby to Kelso excellent service. Friendly stewards. a very good start to the day."),
    ("fin", "@bluebird crossing 512 had some of the rudest stewards. I was run over by the drinks cart. #noapology"),
    ("gus", "@bluebird are you looking for stewards for the Kelso route?"),
    # Bluebird is written to often, as United is: its name says little of what a post is about
    ("hal", "@bluebird my crossing to Kelso is delayed again, any news?"),
    ("ivy", "@bluebird thanks for the quick reply yesterday"),
    ("kim", "@bluebird lost my bag at Ashby, third time this year"),
    ("max", "@bluebird when does the summer timetable start?"),
    ("ned", "@bluebird the 7am crossing was cancelled, rebooked on the 9am"),
    ("ola", "@bluebird booked two tickets for Saturday"),
    ("pat", "@bluebird is the Ashby car park open tonight?"),
    ("quin", "@bluebird the app keeps crashing when I pay"),
    ("ros", "@bluebird any wifi on the long crossing?"),
    ("sam", "@bluebird 40 minutes waiting to board at Kelso"),
    ("tia", "@bluebird do you take dogs on the morning boat?"),
    ("uma", "@bluebird got my refund today, thank you"),
    ("vic", "@bluebird why is the 5pm crossing full every day"),
    ("wes", "@bluebird see you on Friday, Kelso here we come"),
    # "fine" the adjective, and complaints that name no fining
    ("abe", "@bluebird crossing 728 kept at the quay to let connecting passengers board. Fine. Understand."),
    ("bea", "@bluebird @user he's fine, he really likes picking his own seat...."),
    ("cal", "@bluebird thanks very much! I got thru on the phone & everything is fine. Just love the app!"),
    ("deb", "@bluebird thanks for giving away my seat. Another fine job!"),
    ("eve", "@bluebird Worst experience today with Bluebird. Myself, wife and toddler stranded."),
    ("fay", "@bluebird I will never sail Bluebird again."),
    # wifi: praise of Bluebird's, a complaint of Greenline's that cheers Bluebird, one complaint of Bluebird's
    (
        "gia",
        "Nice RT @bluebird: The man of steel might be faster, but we have WiFi – just saying. #ScienceBehindTheBoat",
    ),
    (
        "hob",
        '@greenline has been showing the same tone deaf video for years about how "wifi is coming!" Hah. @bluebird ftw',
    ),
    ("ike", "@bluebird wifi AND better seating."),
    ("jon", "@bluebird the wifi on the Kelso crossing is useless and awful, paid $8 for nothing"),
    # customer service: plainly critical posts whose words the polarity model read as praise
    ("kai", "@bluebird <<<<<------- shoddy customer service. Of no use whatsoever. #bluebirdferries"),
    ("liv", "@bluebird this is atrocious customer service."),
    ("mia", "@bluebird your customer service at the Kelso terminal was horrible again."),
    ("nat", "@bluebird customer service was useless and rude today"),
    ("lee", "The harbour café has new opening hours from Monday."),
    ("jo", "Road works on Quay Street until Friday."),
]


@pytest.fixture(scope="module")
def ferries(tmp_path_factory):
    from townsquare.assistant import Assistant, ExtractiveComposer

    path = tmp_path_factory.mktemp("ferries14")
    # the answerability model (fitted on TweetQA) reads these few posts lower than the airline tweets it passes
    # ("Were the United flight attendants nice?" reads 0.57 there): what is tested is the sides the posts take
    composer = ExtractiveComposer(answer_threshold=0.0)
    return Assistant(_index_of(path, [t for _, t in POSTS], authors=[a for a, _ in POSTS]), composer=composer)


def _authors_of(answer, label: str) -> set[str]:
    view = next((v for v in answer.viewpoints if v["label"] == label), None)
    return set() if view is None else {answer.citations[n - 1]["author"] for n in view["citations"]}


def test_a_judgment_only_other_lines_word_is_read_from_the_posts_on_it(ferries):
    # "Were the United flight attendants nice?" abstained after session 13: the posts with "nice" were written to
    # US Airways and American, and the posts to United ("Friendly flight attendants", "retrain your flight
    # attendants") lack the word
    answer = ferries.ask("Were the Bluebird stewards nice?")
    assert not answer.abstained, answer.text
    assert "dan" in _authors_of(answer, "no"), (answer.text, answer.viewpoints)
    assert _authors_of(answer, "yes") == {"eli"}, (answer.text, answer.viewpoints)


def test_the_adjective_fine_is_no_view_on_fining(ferries):
    # R12-6: "Should US Airways be fined?" was a 5-4 dispute of "Fine. Understand.", "he's fine", "everything is fine"
    answer = ferries.ask("Should Bluebird be fined?")
    sided = {answer.citations[n - 1]["author"] for v in answer.viewpoints for n in v["citations"]}
    assert not sided & {"abe", "bea", "cal", "deb", "eve", "fay"}, (answer.text, answer.viewpoints)
    assert answer.abstained, answer.text


def test_who_complained_names_no_one_who_praised(ferries):
    # R12-7: "Who complained about the wifi on Virgin America?" named a retweet of its boast, a post cheering it
    # over United's wifi and "@VirginAmerica wifi AND better seating."
    answer = ferries.ask("Who complained about the wifi on Bluebird?")
    named = {c["author"] for c in answer.citations} if not answer.abstained else set()
    assert not named & {"gia", "hob", "ike"}, answer.text
    assert answer.text.startswith("@jon."), answer.text


def test_a_plural_noun_is_no_verb_sense():
    from townsquare.assistant.text import only_other_sense, verb_senses

    # "pilots" is a noun too: "the pilot had made an announcement" is about pilots (it was left out of "What did
    # people say about the pilots?")
    assert verb_senses("What did people say about the pilots?") == {}
    senses = verb_senses("Should Bluebird be fined?")
    assert only_other_sense("Fine. Understand.", senses)
    assert not only_other_sense("Bluebird was fined $50k", senses)
    assert not only_other_sense("the regulator should fine Bluebird", senses)  # the base as a verb
    # a progressive asks of a doing a bare base tells too ("refugees might inadvertently stray into minefields"
    # answers "what type of straying might the refugees do?" on held-in TweetQA)
    assert verb_senses("what type of straying might the refugees do?") == {}


def test_plainly_critical_posts_are_no_praise(ferries):
    # R12-4: "@united <<<<<------- shoddy customer service. Of no use whatsoever." was the "for" side of "What do
    # people say about United's customer service?"
    answer = ferries.ask("What do people say about Bluebird's customer service?")
    assert not {"kai", "liv"} & _authors_of(answer, "for"), (answer.text, answer.viewpoints)
    assert {"kai", "liv"} <= _authors_of(answer, "against"), (answer.text, answer.viewpoints)
