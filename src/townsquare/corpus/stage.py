"""The corpus stage contract.

A stage takes one Arrow batch of posts and says, per row, why it drops it
(or None to keep it); it may also rewrite columns (pii rewrites ``text``).
``Stage.apply`` splits the result into kept rows and reject rows and counts
``dropped_<reason>``, so no stage drops silently. A reject row keeps the post's
text, except for privacy stages (``keep_rejected_text = False``) and reposts.

    class TooShort(Stage):
        name = "quality"
        def run(self, batch):
            texts = batch.column("text").to_pylist()
            return batch, ["quality_too_short" if len(t) < 3 else None for t in texts]

A stage whose decision needs the whole corpus (a deletion in another file, a
duplicate in another shard, the original of a repost) also implements
``decide(context)``: the build's phase 2 calls each stage's hook in order with a
``GlobalContext`` (every kept post's ids, the consent ledger) and the stage drops
rows through ``context.drop(rows, stage, reason, detail)``. The build only runs
the phases; the policy stays in the stage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    from townsquare.corpus.consent import ConsentLedger

REJECT_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string()),  # e.g. the id a duplicate duplicates
        pa.field("text", pa.string()),  # null for privacy rejects and reposts: their text is never stored
    ]
)


@dataclass
class StageResult:
    kept: pa.RecordBatch
    rejected: pa.RecordBatch  # REJECT_SCHEMA
    counters: Counter = field(default_factory=Counter)


def reject_batch(
    ids: Sequence[str],
    stage: str,
    reasons: Sequence[str],
    details: Sequence[str | None] | None = None,
    texts: Sequence[str | None] | None = None,
) -> pa.RecordBatch:
    """Build a REJECT_SCHEMA batch."""
    n = len(ids)
    return pa.RecordBatch.from_pydict(
        {
            "id": list(ids),
            "stage": [stage] * n,
            "reason": list(reasons),
            "detail": list(details) if details is not None else [None] * n,
            "text": list(texts) if texts is not None else [None] * n,
        },
        schema=REJECT_SCHEMA,
    )


@dataclass
class GlobalContext:
    """What phase 2 knows: every post phase 1 kept (in shard order), the consent ledger, and the verdicts so far.

    Ids are unique per platform only, so matches use the ``keyed_*`` arrays (``platform<US>id``).
    ``alive`` marks the rows no hook has dropped yet; ``drop`` records a verdict for those of
    ``rows`` that are still alive.
    """

    out: Path
    names: list[str]  # shard names, in order
    sizes: list[int]  # kept rows per shard
    ids: pa.Array
    platform: pa.Array
    author_id: pa.Array
    repost_of: pa.Array
    version_at: pa.Array  # when this version of a post was written (null: the original / unknown)
    keyed: pa.Array
    keyed_author: pa.Array
    keyed_repost_of: pa.Array
    ledger: ConsentLedger
    keys_paths: list[Path]  # the shards' dedup side files (exact key, MinHash signature)
    reject_ids: Any = None  # callable: ids of every post phase 1 dropped (read when a hook needs them)
    alive: np.ndarray = field(init=False)
    stage: np.ndarray = field(init=False)
    reason: np.ndarray = field(init=False)
    detail: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.ids)
        self.alive = np.ones(n, dtype=bool)
        self.stage = np.full(n, "", dtype=object)
        self.reason = np.full(n, "", dtype=object)
        self.detail = np.full(n, None, dtype=object)

    def __len__(self) -> int:
        return len(self.ids)

    def drop(
        self, rows: np.ndarray, stage: str, reason: str | np.ndarray, detail: np.ndarray | None = None
    ) -> np.ndarray:
        """Drop the still-alive ``rows`` (a boolean mask) with a reason (one, or one per row); returns those dropped."""
        hit = rows & self.alive
        if hit.any():
            self.stage[hit] = stage
            self.reason[hit] = reason[hit] if isinstance(reason, np.ndarray) else reason
            if detail is not None:
                self.detail[hit] = detail[hit]
            self.alive &= ~hit
        return hit


class Stage:
    """Base class: subclasses set ``name`` and implement ``run`` (and ``decide`` for a global step)."""

    name: ClassVar[str] = "stage"
    keep_rejected_text: ClassVar[bool] = True  # False for privacy stages

    def run(self, batch: pa.RecordBatch) -> tuple[pa.RecordBatch, Sequence[str | None] | pa.Array]:
        """Return the (possibly rewritten) batch and one reject reason per row (None keeps it)."""
        raise NotImplementedError

    def counters(self) -> Counter:
        """Extra counters this stage accumulated (e.g. redactions per type); reset after reading."""
        return Counter()

    def take_events(self) -> pa.Table | None:
        """Consent events (``post.EVENT_SCHEMA``) the rows seen so far carried, for the ledger; None: none."""
        return None

    def decide(self, context: GlobalContext) -> None:
        """Phase 2: drop rows that only the whole corpus shows must go (``context.drop``); default none."""

    def apply(self, batch: pa.RecordBatch) -> StageResult:
        batch, reasons = self.run(batch)
        reasons = reasons if isinstance(reasons, pa.Array) else pa.array(reasons, pa.string())
        if len(reasons) != batch.num_rows:
            raise ValueError(f"stage {self.name} returned {len(reasons)} reasons for {batch.num_rows} rows")
        dropped = pc.is_valid(reasons)
        counters = self.counters()
        if not pc.any(dropped).as_py():
            return StageResult(batch, reject_batch([], self.name, []), counters)
        rejected = batch.filter(dropped)
        reason_values = reasons.filter(dropped).to_pylist()
        counters.update(f"dropped_{r}" for r in reason_values)
        texts = None
        if self.keep_rejected_text:
            text = rejected.column("text")
            if "repost_of" in rejected.schema.names:
                # a repost's text is its original's (``RT @bob: ...``, a boost), and whether the original
                # may be shown is only known in the build's global pass (it may be private, opted out or
                # deleted elsewhere); the original's own reject row keeps the text when it may
                text = pc.if_else(pc.is_valid(rejected.column("repost_of")), pa.scalar(None, text.type), text)
            texts = text.to_pylist()
        rejects = reject_batch(rejected.column("id").to_pylist(), self.name, reason_values, None, texts)
        return StageResult(batch.filter(pc.invert(dropped)), rejects, counters)
