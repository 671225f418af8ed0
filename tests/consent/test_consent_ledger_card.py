"""Issue 14's "Done when" for the ledger itself, black box: it is stored with the corpus without text or clear
identities, and the card's privacy section reports it (events by kind, authors protected, deleted, opted out,
edits resolved). Wording is left to the card; the test asks for the facts, each with a number."""

from __future__ import annotations

import re

import pytest
from consent_audit import invoke, write_inputs
from docs_generator import generate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("ledger")
    world = generate(4)
    (root / "opt_out.txt").write_text(world.opt_out, encoding="utf-8")
    inputs = write_inputs(root / "in", world.files, order_seed=41)
    invoke("build", *inputs, "--out", root / "corpus", "--workers", 1, "--opt-out", root / "opt_out.txt")
    return root / "corpus", world


def _ledger_files(corpus):
    return [p for p in corpus.rglob("*") if p.is_file() and re.search(r"ledger|consent", str(p.relative_to(corpus)))]


def test_the_ledger_is_stored_with_the_corpus_without_text_or_clear_identities(built):
    corpus, world = built
    files = _ledger_files(corpus)
    assert files, f"no ledger file under {corpus}: {sorted(str(p.relative_to(corpus)) for p in corpus.rglob('*'))}"
    handles = set()
    for content in world.files.values():
        handles |= set(re.findall(r'"username": "([^"]+)"', content))
        handles |= set(re.findall(r"did:plc:[a-z0-9]+", content))
    assert len(handles) > 20
    for path in files:
        if path.suffix == ".parquet":
            import pyarrow.parquet as pq

            text = str(pq.read_table(path).to_pylist())
        else:
            text = path.read_bytes().decode("utf-8", "replace")
        clear = sorted(h for h in handles if h in text)
        assert not clear, f"{path.name} names authors in clear (ids must be hashed): {clear[:5]}"
        canaries = [p.secret for p in world.reg.planted if p.secret.lower() in text.lower()]
        assert not canaries, f"{path.name} holds post text: {canaries[:3]}"


def test_the_card_reports_the_ledger(built):
    corpus, _ = built
    card = (corpus / "CARD.md").read_text()
    start = card.lower().find("ledger")
    assert start >= 0, "the card does not mention the consent ledger"
    section = card[start:].lower()
    section = section[: section.find("\n## ")] if "\n## " in section else section
    for fact, pattern in {
        "events by kind (X user_protect)": r"user_protect",
        "events by kind (X user_suspend)": r"user_suspend",
        "authors protected": r"protected[^\n]*\d|\d[^\n]*protected",
        "authors deleted": r"delet[^\n]*\d|\d[^\n]*delet",
        "authors opted out": r"opt(ed)?[- ]out[^\n]*\d|\d[^\n]*opt(ed)?[- ]out",
        "edits resolved": r"edit[^\n]*\d|\d[^\n]*edit",
    }.items():
        assert re.search(pattern, section), f"the card's ledger section does not report {fact}:\n{section[:1500]}"
