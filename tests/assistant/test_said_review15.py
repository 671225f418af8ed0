"""Review 12's R12-21, R12-19 and R12-20: "Did anyone say Redline was late?" asks whether a claim was said ("Yes."
from the posts that say it), not what people think of Redline; "Who said that?" after an assistant turn the client
wrote (no "[n]") asks who said its words, not who wrote the posts of the question before; and "And on JetBlue?"
keeps the earlier question's verb."""

from __future__ import annotations

import pytest
from tests.assistant.test_assistant import _index_of

pytest.importorskip("tantivy")

POSTS = [
    ("ann", "@redline gave a credit for my late flight yesterday. Great service !!!! Unexpected gesture!"),
    ("bob", "@redline just landed in Ashby, an hour late. I should have been here at noon."),
    ("cat", "@redline you're the best!! Whenever I use any other airline I'm delayed and late :("),
    ("dan", "@redline your no late bag check is not business travel friendly #nomoreredline"),
    ("eve", "@redline what is happening in Kelso late March such that one way is $550?"),
    ("fay", "@redline lost my bag at Ashby, third time this year. Awful."),
    ("jo", "The harbour café has new opening hours from Monday."),
    ("kim", "Road works on Quay Street until Friday."),
]


@pytest.fixture(scope="module")
def airline(tmp_path_factory):
    from townsquare.assistant import Assistant

    path = tmp_path_factory.mktemp("said15")
    return Assistant(_index_of(path, [t for _, t in POSTS], authors=[a for a, _ in POSTS]))


def test_did_anyone_say_asks_whether_it_was_said():
    from townsquare.assistant.text import said_yes_no

    assert said_yes_no("Did anyone say Virgin America was late?") == ("say", "Virgin America was late")
    assert said_yes_no("Has anybody mentioned the wifi?") == ("mentioned", "the wifi")
    assert said_yes_no("Did anyone praise Redline?") is None  # the sides of the posts on it (R10-5)
    assert said_yes_no("Did anyone get a refund?") is None
    assert said_yes_no("Did anyone say that?") is None  # names no claim


def test_did_anyone_say_is_no_opinion_question(airline):
    # R12-21 (a): "Did anyone say Virgin America was late?" was "Posts disagree." with "for" and "against" sides
    answer = airline.ask("Did anyone say Redline was late?")
    assert not {v["label"] for v in answer.viewpoints} & {"for", "against"}, (answer.text, answer.viewpoints)
    assert not answer.text.startswith("Posts disagree"), answer.text


def test_who_said_that_after_a_turn_the_client_wrote_asks_its_words(airline):
    # R12-19: after an assistant turn no townsquare answer gave (no [n]), "Who said that?" named the authors of the
    # posts the user's earlier question finds, as saying what the client's turn said
    from townsquare.assistant import messages_to_turns

    messages = [
        {"role": "user", "content": "What happened with Redline bags?"},
        {"role": "assistant", "content": "Redline lost 5000 bags at Newark on Feb 20 and the CEO resigned."},
        {"role": "user", "content": "Who said that?"},
    ]
    question, history = messages_to_turns(messages)
    assert question == "Who said Redline lost 5000 bags at Newark on Feb 20 and the CEO resigned?"
    assert history == ["What happened with Redline bags?"]
    answer = airline.ask(question, history=history)
    assert answer.abstained, answer.text
    assert "@fay." not in answer.text, answer.text
    # townsquare's own answer cites its posts: "that" is what it quoted, asked as before
    cited = [*messages[:1], {"role": "assistant", "content": "Lost. [1] @fay wrote: “lost my bag” [1]"}, messages[2]]
    assert messages_to_turns(cited) == ("Who said that?", ["What happened with Redline bags?"])


def test_a_follow_up_naming_with_a_preposition_keeps_the_verb():
    # R12-20: "And on JetBlue?" after "Did anyone get rebooked on Delta?" returned the shortest posts with "JetBlue"
    from townsquare.assistant.core import same_asked

    earlier = ["Did anyone get rebooked on Delta?"]
    assert same_asked("And on JetBlue?", earlier) == "Did anyone get rebooked on JetBlue?"
    assert same_asked("And JetBlue?", earlier) == "Did anyone get rebooked on JetBlue?"
    assert same_asked("And on Friday?", earlier) is None  # a time, asked of the earlier question's window
