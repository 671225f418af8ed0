"""``CORPUS/CARD.md`` and ``CORPUS/charts/*.png``: the data card, in the Hugging Face dataset-card layout.

The card is written from the build's counters only (``stats/global.json`` and
the manifest); it never reads posts, so it can never quote one.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from townsquare.io import write_text_atomic

CHARTS = ("drops", "languages", "over_time", "lengths")


class PartStats:
    """What the card needs about kept posts, gathered while the parts are written."""

    LENGTH_BINS = 64  # 5-character bins up to 320 characters; longer posts land in the last bin

    def __init__(self) -> None:
        self.langs: Counter = Counter()
        self.months: Counter = Counter()
        self.lengths = np.zeros(self.LENGTH_BINS, dtype=np.int64)

    def add(self, batch: pa.RecordBatch) -> None:
        for value in pc.value_counts(pc.fill_null(batch.column("lang"), "und")).to_pylist():
            self.langs[value["values"]] += value["counts"]
        created = batch.column("created_at")
        months = pc.fill_null(pc.strftime(created, format="%Y-%m"), "unknown")
        for value in pc.value_counts(months).to_pylist():
            self.months[value["values"]] += value["counts"]
        lengths = pc.fill_null(pc.utf8_length(batch.column("text")), 0).to_numpy(zero_copy_only=False)
        self.lengths += np.bincount(np.minimum(lengths // 5, self.LENGTH_BINS - 1), minlength=self.LENGTH_BINS)

    def as_dict(self) -> dict:
        return {"langs": dict(self.langs), "months": dict(self.months), "length_bins_5": self.lengths.tolist()}

    def merge(self, data: dict) -> None:
        self.langs.update(data["langs"])
        self.months.update(data["months"])
        self.lengths += np.asarray(data["length_bins_5"], dtype=np.int64)


FIELD_DOCS = {
    "id": "post id on its platform",
    "platform": "x, mastodon, bluesky, csv or text",
    "uri": "public link to the post (used for citations)",
    "author_id": "author's account id",
    "author_handle": "author's handle",
    "created_at": "UTC timestamp",
    "text": "post text with personal data replaced by typed placeholders and mentions by `@user`",
    "lang": "detected language (ISO 639-1)",
    "visibility": "always `public` in this corpus",
    "deleted": "always false in this corpus",
    "reply_to": "id of the post replied to",
    "conversation_id": "id of the thread's root post",
    "quote_of": "id of the quoted post",
    "repost_of": "id of the reposted post",
    "hashtags": "hashtags, without `#`",
    "mentions": "mentioned handles",
    "urls": "links in the post",
    "media": "attached media: kind, url, alt_text",
    "like_count": "likes when collected",
    "repost_count": "reposts when collected",
    "reply_count": "replies when collected",
}

PRIVACY_REASONS_DOC = {
    "deleted": "the post was deleted (also by a deletion event elsewhere in the input)",
    "opted_out_author": "the author is on the opt-out list",
    "opted_out_post": "the post is on the opt-out list",
    "account_deleted": "the author's account was deleted or taken down (an account tombstone in the input)",
    "repost_of_dropped": "a repost whose original was dropped (not public, deleted, opted out or filtered), "
    "so its copy of the original's text goes too",
    "repost_original_unseen": "a repost whose original is not in the input, so whether its author made it "
    "public and consents cannot be checked",
    "dedup_old_edit": "an older version of an edited post: only the latest version is kept, since an edit "
    "may have taken something out",
    "account_deactivated": "the author deactivated their account and has not reactivated it (latest state)",
    "account_suspended": "the author's account was suspended at its latest state (a compliance or account "
    "event in the input)",
    "author_protected": "the author's account is protected (followers only): an account object or compliance "
    "event anywhere in the input says so, and no later event says otherwise",
    "author_withheld": "the author's account is withheld in some countries (a compliance event)",
    "author_noindex": "the author asks not to be indexed or searched (Mastodon `indexable: false`, `noindex`, "
    "`discoverable: false`, or #nobot / #noindex in the bio; Bluesky's `!no-unauthenticated` profile self-label)",
    "post_dropped": "the platform took the post from public view (X `drop`) and has not put it back",
    "post_withheld": "the post is withheld in some countries (X `status_withheld`)",
    "private_elsewhere": "another copy of this post in the input is not public",
}
# Global privacy drops that a tombstone in the input caused (other global drops are the consent ledger's).
TOMBSTONE_REASONS = ("deleted", "account_deleted")

# Drops outside the public_only stage that still withhold a post for privacy (their reject rows have no text).
PRIVACY_ELSEWHERE = {"reposts": ("repost_of_dropped", "repost_original_unseen"), "dedup": ("dedup_old_edit",)}

PII_FIELDS_DOC = {
    "urls_removed": "links (in `urls`, media URLs or `uri`) removed because they held personal data: "
    "`mailto:`, `tel:`, `user:pass@`, an email, token, session id or phone number in the query",
    "author_emails_removed": "`author_handle` or `author_id` set to null because it was an email address",
}


def size_category(n: int) -> str:
    """The Hugging Face ``size_categories`` bucket for n rows."""
    bounds = [
        (1_000, "n<1K"),
        (10_000, "1K<n<10K"),
        (100_000, "10K<n<100K"),
        (1_000_000, "100K<n<1M"),
        (10_000_000, "1M<n<10M"),
        (100_000_000, "10M<n<100M"),
        (1_000_000_000, "100M<n<1B"),
    ]
    for bound, label in bounds:
        if n < bound:
            return label
    return "1B<n<10B"


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


STAGE_ORDER = ("public_only", "pii", "language", "quality", "public_only (global)", "reposts", "dedup")
"""The pipeline's stages in the order posts meet them: per shard, then the global pass."""


def in_pipeline_order(stages: dict[str, Any]) -> dict[str, Any]:
    """``stages`` reordered as the pipeline runs (names not in STAGE_ORDER last, by name).

    Stats JSON is written with sorted keys, so a build that reads stats back (a
    resumed or rerun build) would otherwise show its stages alphabetically, and
    its card would differ from an uninterrupted run's.
    """
    rank = {name: i for i, name in enumerate(STAGE_ORDER)}
    return {name: stages[name] for name in sorted(stages, key=lambda n: (rank.get(n, len(rank)), n))}


def most_frequent(counts: dict[str, int]) -> list[tuple[str, int]]:
    """``counts`` as (name, count), most frequent first; ties by name, so a resumed build shows the same order."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def drop_rows(stages: dict[str, dict]) -> list[tuple[str, str, int]]:
    """(stage, reason, count) for every drop, in pipeline order (most frequent reason first, ties by name)."""
    return [
        (stage, reason, count)
        for stage, row in in_pipeline_order(stages).items()
        for reason, count in most_frequent(row["dropped"])
    ]


def _mentions_line(manifest: dict[str, Any]) -> str:
    kept = (manifest.get("options") or {}).get("keep_mentions") or []
    if not kept:
        return "Mentions of accounts are replaced by `@user`."
    handles = ", ".join(f"`@{h}`" for h in kept)
    return (
        f"Mentions of accounts are replaced by `@user`, except these public accounts the builder chose to keep "
        f"(`--keep-mentions`): {handles}."
    )


def render_card(stats: dict[str, Any], manifest: dict[str, Any], charts: list[str]) -> str:
    """The card's Markdown text."""
    counts = stats["counts"]
    kept_posts = stats["kept_posts"]
    langs = [code for code, _ in most_frequent(kept_posts["langs"]) if code not in ("und", "unknown", "")]
    header = (
        ["---", "license: other", "language:"]
        + [f"- {code}" for code in langs[:50]]
        + [
            "size_categories:",
            f"- {size_category(counts['kept'])}",
            "task_categories:",
            "- text-generation",
            "pretty_name: townsquare public posts corpus",
            "---",
            "",
        ]
    )
    stages = in_pipeline_order(stats["stages"])
    privacy = stages.get("public_only", {}).get("dropped", {})
    global_privacy = stages.get("public_only (global)", {}).get("dropped", {})
    privacy_rows = [
        [
            reason,
            n,
            PRIVACY_REASONS_DOC.get(
                reason, "not a public post (visibility " + reason.removeprefix("private_visibility_") + ")"
            ),
        ]
        for reason, n in sorted({**privacy}.items())
    ]
    privacy_rows += [
        [
            f"{reason} ({'tombstone elsewhere in the input' if reason in TOMBSTONE_REASONS else 'consent ledger'})",
            n,
            PRIVACY_REASONS_DOC.get(reason, ""),
        ]
        for reason, n in sorted(global_privacy.items())
    ]
    privacy_rows += [
        [f"{reason} ({stage_name})", stages[stage_name]["dropped"][reason], PRIVACY_REASONS_DOC[reason]]
        for stage_name, reasons in PRIVACY_ELSEWHERE.items()
        for reason in reasons
        if stages.get(stage_name, {}).get("dropped", {}).get(reason)
    ]
    pii_counters = stages.get("pii", {}).get("counters", {})
    pii_field_rows = [[f"`{name}`", f"{pii_counters.get(name, 0):,}", doc] for name, doc in PII_FIELDS_DOC.items()]
    redactions = stats.get("redactions", {})
    redaction_rows = [[f"`<{label}>`", n] for label, n in most_frequent(redactions)]
    inputs = manifest.get("inputs", [])
    formats: dict[str, list[int]] = {}
    for item in inputs:
        entry = formats.setdefault(item["format"], [0, 0])
        entry[0] += 1
        entry[1] += item["size"]
    stage_rows = [
        [name, f"{row['in']:,}", f"{row['kept']:,}", f"{row['in'] - row['kept']:,}"] for name, row in stages.items()
    ]
    months = sorted(m for m in kept_posts["months"] if m != "unknown")
    span = f"{months[0]} to {months[-1]}" if months else "unknown"
    forgotten = manifest.get("forgotten", [])
    lang_list = ", ".join(f"{code} ({kept_posts['langs'][code]:,})" for code in langs[:10])
    parts = [
        *header,
        "# Dataset Card for the townsquare public posts corpus",
        "",
        "## Dataset Summary",
        "",
        f"{counts['kept']:,} public social-media posts built by `townsquare build` from {len(inputs)} input "
        f"file(s), {counts['read']:,} records read. Only public, not deleted, not opted-out posts are kept; "
        "personal data in the text is replaced by typed placeholders; posts are filtered for language and "
        "quality and deduplicated (exact, near-duplicate and reposts; the earliest post of each cluster is kept).",
        "",
        f"Counts reconcile: read {counts['read']:,} = kept {counts['kept']:,} + rejected {counts['rejected']:,} "
        f"+ quarantined {counts['quarantined']:,}"
        + (f" + forgotten {counts.get('forgotten', 0):,}" if counts.get("forgotten") else "")
        + ".",
        "",
        f"Languages (kept posts): {lang_list or 'none'}. Time span: {span}.",
        "",
        "## Dataset Structure",
        "",
        "Parquet files (zstd), readable by pandas, polars, DuckDB and `datasets`:",
        "",
        "- `posts/part-*.parquet`: the corpus, one row per post;",
        "- `rejects/part-*.parquet`: every dropped post: `id`, `stage`, `reason`, `detail` (for duplicates: "
        "the id of the kept copy); `text` only for non-privacy drops, never for privacy drops;",
        "- `stats/*.json`: counters per input shard and for the whole build; `manifest.json`: inputs with "
        "sizes, mtimes and hashes, options, stage versions, forget records.",
        "",
        "### Data Fields",
        "",
        _table(["field", "description"], [[f"`{name}`", doc] for name, doc in FIELD_DOCS.items()]),
        "",
        "## Source Data",
        "",
        _table(["format", "files", "bytes"], [[fmt, n, f"{size:,}"] for fmt, (n, size) in sorted(formats.items())]),
        "",
        f"Malformed records quarantined (file, line, cause; raw bytes not kept): {counts['quarantined']:,}.",
        "",
        "Text is kept as its author wrote it: the HTML escaping that X API v2 and the X archive apply "
        "(`&amp;`, `&lt;`, `&gt;`) and the numeric character references of CSV exports (`&#128530;`) are "
        "decoded once by the reader; Mastodon's HTML is reduced to its text.",
        "",
        "## Personal and Sensitive Information",
        "",
        "Posts that were not public, that their author withdrew (deleted, edited away), or that copy such a post "
        "never enter the corpus. Their text is not stored anywhere in this folder "
        "(reject rows for these reasons have no text):",
        "",
        _table(["reason", "posts", "meaning"], privacy_rows) if privacy_rows else "No post was dropped for privacy.",
        "",
        *_ledger_lines(stats.get("consent")),
        "Personal data found in kept-so-far posts and replaced by a placeholder (redactions per type):",
        "",
        _table(["placeholder", "redactions"], redaction_rows) if redaction_rows else "No personal data was found.",
        "",
        "Personal data outside the text, removed from kept-so-far posts:",
        "",
        _table(["counter", "removed", "meaning"], pii_field_rows),
        "",
        _mentions_line(manifest) + " Forget requests processed since the build: "
        f"{len(forgotten)} ({sum(e.get('removed_posts', 0) for e in forgotten):,} posts removed; ids are "
        "recorded only as SHA-256 hashes).",
        "",
        "## Considerations for Using the Data",
        "",
        "- Posts are public but written by people: do not try to re-identify authors; honour deletions by "
        "rebuilding or running `townsquare forget` when they arrive.",
        "- Detection of personal data is automatic; it has measured recall below 100% for some types "
        "(addresses, secrets). Report misses.",
        "- Quality filters designed for short posts still drop some legitimate posts; see the drop table.",
        "- Social media over-represents some groups, languages and topics; counts above show this corpus's mix.",
        "",
        "## Drops per stage and reason",
        "",
        _table(["stage", "in", "kept", "dropped"], stage_rows),
        "",
        _table(["stage", "reason", "posts"], [[s, r, f"{n:,}"] for s, r, n in drop_rows(stages)])
        if drop_rows(stages)
        else "Nothing was dropped.",
        "",
        "## Charts",
        "",
        *[f"![{name}](charts/{name}.png)" for name in charts],
        "",
    ]
    return "\n".join(parts)


def _ledger_lines(consent: dict[str, Any] | None) -> list[str]:
    """The consent ledger's lines of the privacy section (see ``corpus.consent``)."""
    if not consent:
        return []
    authors, posts = consent.get("authors", {}), consent.get("posts", {})
    private_authors = {k: v for k, v in authors.items() if k != "public"}
    opt_out = consent.get("opt_out", {})
    unmatched = opt_out.get("unmatched_lines", [])
    lines = [
        "### Consent ledger",
        "",
        "Consent is decided as a state, not row by row: every event in the input about an account or a post "
        "(deletions, compliance events, protected accounts, Mastodon's indexing flags, Bluesky account and "
        "identity events, edits, the opt-out list) is folded into a ledger before any post is decided; the "
        "latest state wins, and where a time is missing the most private reading wins. The ledger is stored "
        "in `consent/ledger.parquet` (hashed ids, no text).",
        "",
        _table(["event", "count"], [[f"`{kind}`", f"{n:,}"] for kind, n in consent.get("events_by_kind", {}).items()])
        if consent.get("events_by_kind")
        else "No consent event was found in the input.",
        "",
        f"- authors protected: {authors.get('author_protected', 0):,}; suspended: "
        f"{authors.get('account_suspended', 0):,}; deleted or taken down: {authors.get('account_deleted', 0):,}; "
        f"deactivated: {authors.get('account_deactivated', 0):,}; withheld: "
        f"{authors.get('author_withheld', 0):,}; asking not to be indexed: {authors.get('author_noindex', 0):,}; "
        f"opted out: {authors.get('opted_out_author', 0):,} ({sum(private_authors.values()):,} private accounts, "
        f"{authors.get('public', 0):,} public again at their latest state)",
        f"- posts deleted: {posts.get('deleted', 0):,}; dropped: {posts.get('post_dropped', 0):,}; withheld: "
        f"{posts.get('post_withheld', 0):,}",
        f"- edits resolved (older versions known, only the newest kept): {consent.get('edits_resolved', 0):,}",
        f"- opt-out list: {opt_out.get('entries', 0):,} entries"
        + (
            f"; {len(unmatched):,} matched nothing in the input (lines {', '.join(map(str, unmatched[:50]))}"
            + (", ..." if len(unmatched) > 50 else "")
            + "): check their spelling"
            if unmatched
            else ""
        ),
        "",
    ]
    return lines


def write_charts(out: Path, stats: dict[str, Any]) -> list[str]:
    """Draw the PNG charts with matplotlib's Agg backend; returns the chart names written."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charts_dir = out / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    kept_posts = stats["kept_posts"]
    drops = drop_rows(stats["stages"])
    langs = most_frequent(kept_posts["langs"])[:20]
    months = sorted((m, n) for m, n in kept_posts["months"].items() if m != "unknown")
    lengths = kept_posts["length_bins_5"]
    specs = {
        "drops": (
            "Posts dropped per stage and reason",
            [f"{s}: {r}" for s, r, _ in drops],
            [n for *_, n in drops],
            "barh",
        ),
        "languages": ("Kept posts per language", [c for c, _ in langs], [n for _, n in langs], "bar"),
        "over_time": ("Kept posts per month", [m for m, _ in months], [n for _, n in months], "bar"),
        "lengths": (
            "Kept posts by text length (characters, 5-char bins)",
            [str(i * 5) for i in range(len(lengths))],
            lengths,
            "bar",
        ),
    }
    written = []
    for name, (title, labels, values, kind) in specs.items():
        fig, ax = plt.subplots(figsize=(8, max(3.0, 0.3 * len(labels)) if kind == "barh" else 4))
        if labels:
            if kind == "barh":
                ax.barh(labels[::-1], values[::-1])
            else:
                ax.bar(range(len(labels)), values)
                step = max(1, len(labels) // 12)
                ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right")
        else:
            ax.text(0.5, 0.5, "nothing to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_title(title)
        fig.tight_layout()
        fig.savefig(charts_dir / f"{name}.png", dpi=80, metadata={"Software": None})
        plt.close(fig)
        written.append(name)
    return written


def write_card(out: str | Path, stats: dict[str, Any], manifest: dict[str, Any]) -> Path:
    """Write CARD.md and charts/ into the corpus folder; returns the card's path."""
    out = Path(out)
    charts = write_charts(out, stats)
    path = out / "CARD.md"
    write_text_atomic(path, render_card(stats, manifest, charts))
    return path
