"""Who-questions on small indexes written for them: who replied to (agreed, disagreed with) someone, named
speakers inside a post, who denies a claim in other words, and how many people say it (review 6: R6-20,
R6-22, R6-26, the "Who disagrees?" of R6-16)."""

from __future__ import annotations

import pytest

from .test_assistant import _index_of

pytest.importorskip("tantivy")

_BRIDGE = [
    ("mayor_ko", "The Ashby bridge will reopen on Monday."),
    ("news_ashby", "At the press briefing Mayor Ko told reporters the Ashby bridge should reopen on Monday."),
    ("grumpy_gil", "@user That's not true, the Ashby bridge will stay shut until spring."),  # a reply to mayor_ko
    ("eng_eva", "Engineer here: the Ashby bridge inspection passed, reopening Monday is realistic."),
    ("fan_a", "The Ashby food festival was amazing, loved every stall."),
    ("rumor_rae", "Heard the Ashby bridge reopens Monday but nobody has confirmed it."),
]


@pytest.fixture(scope="module")
def bridge(tmp_path_factory):
    from townsquare.assistant import Assistant

    root = tmp_path_factory.mktemp("bridge")
    return Assistant(_index_of(root, [t for _, t in _BRIDGE], [a for a, _ in _BRIDGE], fields={2: {"reply_to": "0"}}))


def _authors(answer) -> list[str]:
    return [c["author"] for c in answer.citations]


@pytest.mark.parametrize(
    "question",
    ["Who replied to the mayor about the Ashby bridge?", "Who answered the mayor?", "Who disagrees with the mayor?"],
)
def test_who_replied_is_read_from_reply_to_and_cites_the_reply_with_the_post_it_answers(bridge, question):
    answer = bridge.ask(question)
    # was "Ko. [1]" (a piece of the mayor's name in @news_ashby's post): the reply's reply_to was never read
    assert answer.short_answer == "@grumpy_gil", answer.text
    assert set(_authors(answer)) == {"grumpy_gil", "mayor_ko"}, answer.text
    assert "in reply to @mayor_ko" in answer.text and answer.supported == answer.claims, answer.text


def test_a_reply_that_shares_no_word_is_found_by_the_id_it_replies_to(tmp_path):
    from townsquare.assistant import Assistant

    places = "Mill Road,Elm Street,the harbour,the station,Kings Lane,the school,Oak Avenue,the market".split(",")
    moods = "is jammed again,moves slowly,has roadworks,is closed to lorries,floods in the rain".split(",")
    # forty different posts on the bridge (near-copies would be collapsed into one by the index)
    pairs = [(place, mood) for place in places for mood in moods]
    others = [
        f"Ashby bridge detour via {place} {mood}, {3 + 7 * n} cars counted." for n, (place, mood) in enumerate(pairs)
    ]
    texts = ["The Ashby bridge will reopen on Monday.", "@user Rubbish, never.", *others]
    authors = ["mayor_ko", "grumpy_gil", *[f"driver{n}" for n in range(40)]]
    # the forty are replies too (to the first of them): they fill the search for replies on the bridge
    replies = {1: {"reply_to": "0"}} | {n: {"reply_to": "2"} for n in range(3, len(texts))}
    answer = Assistant(_index_of(tmp_path, texts, authors, fields=replies)).ask(
        "Who replied to the mayor about the Ashby bridge?"
    )
    # the reply to the mayor has none of the question's words: it was not found
    assert answer.short_answer == "@grumpy_gil" and set(_authors(answer)) == {"grumpy_gil", "mayor_ko"}, answer.text


@pytest.mark.parametrize(
    "question", ["Who agreed with the mayor about the Ashby bridge?", "Who agreed with the mayor?"]
)
def test_a_reply_question_no_reply_answers_abstains_and_never_names_the_person_asked_about(bridge, question):
    answer = bridge.ask(question)  # the only reply disagrees
    assert answer.abstained and answer.short_answer is None, answer.text  # was "Ko told reporters."


def test_who_denied_counts_a_reply_that_says_it_is_not_true_to_the_post_that_says_it(bridge):
    answer = bridge.ask("Who denied that the Ashby bridge will reopen on Monday?")
    # a denial first, then a hedge ("nobody has confirmed it" was named first, and the reply not at all)
    assert answer.short_answer == "@grumpy_gil" and _authors(answer) == ["grumpy_gil", "rumor_rae"], answer.text
    # the reply does not say what it denies: it is no sayer
    said = bridge.ask("Who said the Ashby bridge will reopen on Monday?")
    assert "grumpy_gil" not in _authors(said), said.text
    # "Mayor" (the reader's piece of "Mayor Ko") is named as "Mayor Ko"
    assert "Also Mayor and" not in said.text and "Mayor Ko" in said.text.split("@news_ashby wrote")[0], said.text


def test_a_public_reply_to_a_handle_is_named_by_its_byline(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        ".@SenSchumer- do it over a donut and coffee. Dan Scavino Jr. (@DanScavino) March 3, 2017",
        "Chuck Schumer says the vote is on Tuesday.",
    ]
    answer = Assistant(_index_of(tmp_path, texts, ["user59", "user667"])).ask("Who replied to @senschumer?")
    # TweetQA's gold is "dan scavino jr."; the reader's span was "Dan Scavino"
    assert answer.short_answer == "Dan Scavino Jr." and _authors(answer) == ["user59"], answer.text


def test_only_a_reply_question_is_read_as_one():
    from townsquare.assistant.replies import reply_question

    asked = reply_question("Who agreed with the police about the Corran tunnel crash?")
    assert (asked.verb, asked.whom, asked.topic, asked.stance) == (
        "agreed",
        "the police",
        "the Corran tunnel crash",
        "agree",
    )
    assert reply_question("And who replied to @mayor_ko?").whom == "@mayor_ko"
    # TweetQA questions that are no reply questions (a span of the post answers them)
    for question in ("who has agreed to join @arsenal?", "who supports the lgbt youth?", "Who agreed with that?"):
        assert reply_question(question) is None, question


_CORRAN = [
    ("reporter_r", "Mayor Ko and engineer Eva Lind both said the Corran tunnel is safe."),
    ("police_p", "According to police chief Ruiz, the Corran tunnel crash injured four people."),
    ("witness_w", "I saw the Corran tunnel crash, at least six people were hurt."),
    ("reply_a", "@user Agreed, four injured is what the hospital said too."),  # a reply, no reply_to (a CSV)
    ("skeptic_s", "The Corran tunnel is safe? Tell that to the people in the crash."),
]


@pytest.fixture(scope="module")
def corran(tmp_path_factory):
    from townsquare.assistant import Assistant

    root = tmp_path_factory.mktemp("corran")
    return Assistant(_index_of(root, [t for _, t in _CORRAN], [a for a, _ in _CORRAN]))


def test_speakers_named_inside_a_post_answer_who_said_not_its_author(corran):
    safe = corran.ask("Who said the Corran tunnel is safe?")
    # was "@reporter_r. [1] Also @skeptic_s." (the sarcastic doubter as a sayer)
    assert safe.short_answer == "Mayor Ko and engineer Eva Lind", safe.text
    assert _authors(safe) == ["reporter_r"] and safe.supported == safe.claims, safe.text
    crash = corran.ask("Who said the Corran tunnel crash injured four people?")
    assert crash.short_answer == "police chief Ruiz", crash.text  # was "@police_p", the posting account


def test_who_agreed_reads_a_reply_without_reply_to_by_its_opening_mention_and_shared_words(corran):
    answer = corran.ask("Who agreed with the police about the Corran tunnel crash?")
    assert answer.short_answer == "@reply_a", answer.text  # was "Chief Ruiz."
    assert set(_authors(answer)) == {"reply_a", "police_p"} and answer.supported == answer.claims, answer.text


def test_a_speaker_is_every_name_joined_before_the_verb_and_a_byline_keeps_its_role():
    from townsquare.assistant.text import content_stems, speaker

    claim = content_stems("the tunnel is safe")
    assert speaker("Mayor Ko and engineer Eva Lind both said the tunnel is safe.", "said", claim) == (
        "Mayor Ko and engineer Eva Lind"
    )
    assert speaker("Yesterday Mayor Ko, Eva Lind and @bob all said the tunnel is safe.", "said", claim) == (
        "Mayor Ko, Eva Lind and @bob"
    )
    assert speaker("So Ann and Bob said the tunnel is safe.", "said", claim) == "Ann and Bob"
    assert speaker("According to police chief Ruiz, the tunnel is safe.") == "police chief Ruiz"
    assert speaker("according to the fire chief Ann Ray, the tunnel is safe.") == "fire chief Ann Ray"
    assert speaker("Mayor Ko said the tunnel is safe.", "said", claim) == "Mayor Ko"  # one name: as before


_SCHOOL = [
    ("gov_ed", "The Dunmore school will close in June, the council confirmed."),
    ("parent_1", "So the Dunmore school will close in June. Heartbreaking."),
    ("parent_2", "Dunmore school closing in June, we are devastated."),
    ("teacher_t", "Rubbish, the Dunmore school is not closing in June."),
    ("head_h", "The Dunmore school closing in June is a lie, we have funding until 2028."),
    ("local_l", "Nonsense about the Dunmore school closing, ignore it."),
    ("uncle_u", "No, the Dunmore school will not close in June."),
    ("pta_p", "Call <PHONE> about the Dunmore school meeting."),
]
_AFFIRM = {"gov_ed", "parent_1", "parent_2"}
_DENY = {"teacher_t", "head_h", "local_l", "uncle_u"}


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    from townsquare.assistant import Assistant

    root = tmp_path_factory.mktemp("school")
    return Assistant(_index_of(root, [t for _, t in _SCHOOL], [a for a, _ in _SCHOOL]))


@pytest.mark.parametrize(
    "question, history",
    [
        ("Who denies that the Dunmore school will close?", []),
        ("Who says it is not true that the Dunmore school will close?", []),
        ("Who disputes that the Dunmore school will close in June?", []),
        ("Who disagrees?", ["Will the Dunmore school close in June?"]),  # abstained
    ],
)
def test_who_denies_finds_denials_in_other_words_and_never_an_affirmer(school, question, history):
    answer = school.ask(question, history=history)
    # only "No, ... will not close" was found; "Rubbish", "... is a lie", "Nonsense about ..." share few words
    # with the claim as the stemmer cuts them ("closing" is "clos", "close" is "close")
    assert set(_authors(answer)) == _DENY, answer.text
    assert answer.supported == answer.claims > 0


def test_how_many_people_say_is_a_count_of_those_who_say_it_and_who_deny_it(school):
    answer = school.ask("How many people say the Dunmore school will close?")
    # was "June. [1]"
    assert answer.short_answer == "3", answer.text
    assert answer.text.startswith("3 authors say it (3 posts); 4 deny or doubt it."), answer.text
    sides = {v["label"]: v for v in answer.viewpoints}
    assert (sides["say it"]["posts"], sides["deny or doubt it"]["posts"]) == (3, 4), answer.text
    cited = {answer.citations[n - 1]["author"] for n in sides["say it"]["citations"]}
    assert cited == _AFFIRM, answer.text
    assert school.ask("How many people deny that the Dunmore school will close?").short_answer == "4"


def test_sarcasm_and_a_claim_asked_back_then_retorted_deny_it_and_plain_news_does_not():
    from townsquare.assistant.compose import _denies
    from townsquare.assistant.text import content_stems

    def denies(text: str, claim: str) -> bool:
        return _denies(text, content_stems(claim))

    assert denies("Yeah right, the Dunmore school closing, sure, and I'm the king of France.", "the school will close")
    assert denies("Oh great, another Ashby food festival where I paid 15 pounds for a cold burger.", "festival great")
    assert denies("The Corran tunnel is safe? Tell that to the people in the crash.", "the Corran tunnel is safe")
    assert not denies("Ashby bridge reopening Monday? Great news, finally!", "the Ashby bridge will reopen Monday")
    assert not denies("Is the Ashby pool open again? Sure, we swam there today.", "the Ashby pool is open")
    assert not denies("Dunmore school closing in June, we are devastated.", "the Dunmore school will close")


def test_who_denies_names_every_denier_among_as_many_posts_as_an_opinion_question(tmp_path):
    from townsquare.assistant import Assistant

    texts = [f"The Dunmore school will close in June, {who} confirmed." for who in ("the council", "the board")]
    texts += [f"So the Dunmore school will close in June, {how}." for how in ("heartbreaking", "sad", "awful")]
    texts += [f"Council says the Dunmore school will close in June, post {n}." for n in range(4)]
    texts += [
        "No, the Dunmore school will not close in June.",
        "The Dunmore school will not close in June, we have funding until 2028.",
        "It is not true that the Dunmore school will close in June.",
        "The Dunmore school won't close in June, ignore the rumour.",
        "Nobody is closing the Dunmore school in June, that is a myth.",
    ]
    deniers = {f"u{n}" for n in range(9, 14)}
    answer = Assistant(_index_of(tmp_path, texts)).ask("Who denies that the Dunmore school will close in June?")
    # among the first 8 evidence posts some deniers were missing: a denial question reads 20, as a dispute does
    assert deniers <= set(_authors(answer)), answer.text
    assert not set(_authors(answer)) - deniers, answer.text


def test_no_word_of_a_post_and_no_placeholder_is_who_said_it(tmp_path):
    from townsquare.assistant import Assistant

    texts = [
        "Full report on the Penwick depot leak here https://t.co/AbC123xyz",
        "@user said the Ormsby library strike will continue until Friday.",
        "The Penwick depot leak is contained, says the fire chief.",
    ]
    fields = {0: {"urls": ["https://penwick-gazette.example/2026/12/depot-leak-report"]}}
    assistant = Assistant(_index_of(tmp_path, texts, ["linky_lu", "reader_rosa", "fire_chief"], fields=fields))
    link = assistant.ask("Who posted https://penwick-gazette.example/2026/12/depot-leak-report?")
    # "Full." ("Full report" read as a name and its verb) (review 7, R7-7)
    assert link.short_answer == "@linky_lu", link.text
    # "@user." ("@user" is where the corpus took out a mention of an ordinary account) (review 7, R7-21)
    placeholder = assistant.ask("Who said the Ormsby library strike will continue until Friday?")
    assert placeholder.short_answer == "@reader_rosa", placeholder.text


def test_the_reply_and_link_lookups_keep_to_the_callers_scope(bridge, tmp_path):
    from townsquare.assistant import Assistant

    scoped = bridge.ask("Who replied to the mayor about the Ashby bridge?", search_parameters={"from": "eng_eva"})
    # the replies were searched without the caller's from:, so @grumpy_gil's reply was cited (review 7, R7-34)
    assert "grumpy_gil" not in _authors(scoped), scoped.text
    texts = ["Full report here https://t.co/AbC123xyz", "The Penwick depot leak is contained."]
    fields = {0: {"urls": ["https://penwick-gazette.example/report"]}}
    assistant = Assistant(_index_of(tmp_path, texts, ["linky_lu", "mayor_odo"], fields=fields))
    link = assistant.ask("Who posted https://penwick-gazette.example/report?", search_parameters={"from": "mayor_odo"})
    assert "linky_lu" not in _authors(link), link.text
    assert assistant.ask("Who posted https://penwick-gazette.example/report?").short_answer == "@linky_lu"


def test_who_quoted_is_read_from_quote_of(tmp_path):
    """Review 8, R8-29: quotes are found through ``quote_of`` as replies are through ``reply_to``."""
    from townsquare.assistant import Assistant

    texts = [
        "Budget meeting on Tuesday at 6pm in the town hall, everyone welcome.",
        "Everyone should come to this, the skate park lights are on the agenda.",  # quotes 0, shares few words
        "I went to the budget meeting last year and it was long.",
        "Reply: will the budget meeting be streamed?",
        "The budget meeting agenda is online now.",
    ]
    authors = ["mayor_odessa", "priya_runs", "gus_at_mill", "oskar", "newsfern"]
    index = _index_of(tmp_path, texts, authors, fields={1: {"quote_of": "0"}, 3: {"reply_to": "0"}})
    answer = Assistant(index).ask("Who quoted the mayor's post about the budget meeting?")
    # was "No public post here answers that.": quotes were never read
    assert answer.short_answer == "@priya_runs", answer.text
    assert "quoting @mayor_odessa" in answer.text, answer.text
    assert {c["author"] for c in answer.citations} == {"priya_runs", "mayor_odessa"}, answer.text
