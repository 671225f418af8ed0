from __future__ import annotations

from townsquare.train.tokenizer import EOS_TOKEN, PII_TOKENS, POST_TOKEN, SPECIAL_TOKENS, encode_posts, load_tokenizer


def test_round_trip_keeps_text_and_placeholders_exact(corpus):
    tokenizer = load_tokenizer(corpus)
    text = "@user the bus at <ADDRESS> is late 🚌 call <PHONE> or <EMAIL>, card <CARD> ok?"
    ids = tokenizer.encode(text, add_special_tokens=False).ids
    assert tokenizer.decode(ids, skip_special_tokens=False) == text


def test_placeholders_mentions_and_boundaries_are_single_tokens(corpus):
    tokenizer = load_tokenizer(corpus)
    for token in SPECIAL_TOKENS:
        assert tokenizer.token_to_id(token) is not None
        assert tokenizer.encode(f"x {token} y", add_special_tokens=False).ids.count(tokenizer.token_to_id(token)) == 1
    assert tokenizer.token_to_id(EOS_TOKEN) == 0
    [ids] = encode_posts(tokenizer, ["hello <IBAN>"])
    assert ids[0] == tokenizer.token_to_id(POST_TOKEN) and ids[-1] == tokenizer.token_to_id(EOS_TOKEN)
    assert tokenizer.token_to_id("<IBAN>") in ids
    from townsquare.corpus.pii import LABELS

    assert PII_TOKENS == tuple(f"<{label}>" for label in LABELS)  # every placeholder the build writes


def test_missing_tokenizer_is_a_clear_error(tmp_path):
    import pytest

    from townsquare.errors import CorpusError

    with pytest.raises(CorpusError, match="townsquare tokenize"):
        load_tokenizer(tmp_path)


def test_a_run_of_mentions_is_trained_on_as_one(corpus):
    tokenizer = load_tokenizer(corpus)
    mention = tokenizer.token_to_id("@user")
    [reply, lone, handle] = encode_posts(
        tokenizer, ["@user @user  @user\n@user thanks @user", "hi @user", "@username @user ok"]
    )
    assert reply.count(mention) == 2  # the leading run of four is one, the later mention stays
    assert tokenizer.decode(reply[1:-1], skip_special_tokens=False) == "@user thanks @user"
    assert lone.count(mention) == 1
    assert tokenizer.decode(handle[1:-1], skip_special_tokens=False) == "@username @user ok"
