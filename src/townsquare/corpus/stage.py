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
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar, Sequence

import pyarrow as pa
import pyarrow.compute as pc

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


def reject_batch(ids: Sequence[str], stage: str, reasons: Sequence[str],
                 details: Sequence[str | None] | None = None,
                 texts: Sequence[str | None] | None = None) -> pa.RecordBatch:
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


class Stage:
    """Base class: subclasses set ``name`` and implement ``run``."""

    name: ClassVar[str] = "stage"
    keep_rejected_text: ClassVar[bool] = True  # False for privacy stages

    def run(self, batch: pa.RecordBatch) -> tuple[pa.RecordBatch, Sequence[str | None] | pa.Array]:
        """Return the (possibly rewritten) batch and one reject reason per row (None keeps it)."""
        raise NotImplementedError

    def counters(self) -> Counter:
        """Extra counters this stage accumulated (e.g. redactions per type); reset after reading."""
        return Counter()

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
