"""The card's privacy section explains every privacy drop and every PII field counter the build records."""

from __future__ import annotations

from townsquare.corpus.card import render_card


def _stats() -> dict:
    def row(dropped=None, counters=None):
        return {
            "in": 10,
            "kept": 10 - sum((dropped or {}).values()),
            "dropped": dropped or {},
            "counters": counters or {},
        }

    stages = {
        "public_only": row({"deleted": 1}),
        "pii": row(counters={"urls_removed": 3, "author_emails_removed": 2, "redacted_EMAIL": 1}),
        "public_only (global)": row({"deleted": 1, "account_deleted": 4}),
        "reposts": row({"repost_of_dropped": 5, "repost_original_unseen": 6}),
        "dedup": row({"dedup_old_edit": 7, "dedup_exact": 1}),
    }
    return {
        "counts": {"read": 40, "kept": 10, "rejected": 30, "quarantined": 0},
        "stages": stages,
        "redactions": {"EMAIL": 1},
        "kept_posts": {"langs": {"en": 10}, "months": {"2024-03": 10}, "length_bins_5": [0] * 64},
    }


def _privacy_section(card: str) -> str:
    return card.split("## Personal and Sensitive Information")[1].split("## Considerations")[0]


def test_new_privacy_drops_are_listed_with_a_meaning():
    section = _privacy_section(render_card(_stats(), {"inputs": []}, []))
    rows = {line.split("|")[1].strip(): line.split("|")[2:4] for line in section.splitlines() if line.startswith("| ")}
    for label, count in (
        ("account_deleted (tombstone elsewhere in the input)", 4),
        ("repost_of_dropped (reposts)", 5),
        ("repost_original_unseen (reposts)", 6),
        ("dedup_old_edit (dedup)", 7),
    ):
        assert label in rows, section
        posts, meaning = rows[label]
        assert posts.strip() == str(count) and meaning.strip(), label
    assert "dedup_exact" not in section  # a plain duplicate is not a privacy drop


def test_pii_field_counters_are_listed():
    section = _privacy_section(render_card(_stats(), {"inputs": []}, []))
    assert "| `urls_removed` | 3 | links" in section
    assert "| `author_emails_removed` | 2 | " in section
