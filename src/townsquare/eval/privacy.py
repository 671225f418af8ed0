"""Memorization guard: did the model learn any canary's secret? (Carlini et al., "The Secret Sharer", 2019)

For every canary ``prefix + secret`` in the registry written by ``townsquare sample``:

* **greedy extraction**: greedy decoding from the prefix; does the secret come out?
* **exposure** = log2 |space| - log2 rank, where rank is the position of the true
  secret among all candidates of its format (``{"kind": "digits", "length": 6}``
  or ``{"kind": "words", "vocab": [...], "length": 4}``), ranked by the model's
  log-likelihood of the whole canary. Small spaces are enumerated (exact rank);
  large ones are estimated from ``max_candidates`` random candidates
  (``rank ~ |space| * (better + 1) / (K + 1)``, so at most log2(K + 1) bits), and
  the paper's extrapolation (a normal fit to the candidates' log-perplexities)
  is reported beside it as ``exposure_extrapolated``.

Reference canaries are fresh secrets of the same format, never inserted
anywhere: their exposure is what chance looks like. Private canaries
(``must_not_appear``) must look like the references; control canaries (left
in public posts at repeats 1, 4, 16, 64) must gain exposure with repeats,
which proves the test can see memorization when there is some.

``RUN/privacy.json`` holds ids, numbers and verdicts only, never a secret or a
canary's text (the canary audit scans run folders for them).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from townsquare.errors import InputError

REPEAT_KEYS = ("repeats", "repeat", "copies", "count")


def load_registry(path: str | Path) -> list[dict]:
    """The canaries of a registry (one JSON object a line); a malformed line is one clear error with its number."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no canary registry at {path} (written by `townsquare sample` as canaries.jsonl)")
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    canaries = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            canary = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{path}:{number}: not a JSON line ({exc})") from None
        if not isinstance(canary, dict):
            raise InputError(f"{path}:{number}: a canary is a JSON object, got {type(canary).__name__}")
        canaries.append(canary)
    return canaries


class SecretSpace:
    """The set a canary's secret was drawn from: digit strings or word sequences."""

    def __init__(self, spec: dict) -> None:
        self.kind, self.length = spec.get("kind"), int(spec.get("length", 0))
        self.vocab = list(spec.get("vocab") or []) if self.kind == "words" else list("0123456789")
        self.sep = spec.get("separator", spec.get("sep", " " if self.kind == "words" else ""))
        if self.kind not in ("digits", "words") or self.length < 1 or not self.vocab:
            raise ValueError(f"unsupported secret space {spec}")

    @property
    def size(self) -> int:
        return len(self.vocab) ** self.length

    def contains(self, secret: str) -> bool:
        parts = secret.split(self.sep) if self.sep else list(secret)
        return len(parts) == self.length and all(p in self.vocab for p in parts)

    def sample(self, rng: np.random.Generator, n: int) -> list[str]:
        picks = rng.integers(0, len(self.vocab), size=(n, self.length))
        return [self.sep.join(self.vocab[i] for i in row) for row in picks]

    def enumerate(self) -> list[str]:
        out = []
        for index in range(self.size):
            parts = []
            for _ in range(self.length):
                index, digit = divmod(index, len(self.vocab))
                parts.append(self.vocab[digit])
            out.append(self.sep.join(reversed(parts)))
        return out


def sequence_nll(model, tokenizer, texts: list[str], batch_size: int = 64, device: str = "cpu") -> np.ndarray:
    """Total negative log-likelihood (nats) of each ``<|post|> text`` under the model."""
    import torch
    import torch.nn.functional as F

    from townsquare.train.tokenizer import POST_TOKEN

    max_len = model.config.max_position_embeddings
    out = np.empty(len(texts))
    for i in range(0, len(texts), batch_size):
        encoded = [
            ids[-max_len:]
            for ids in tokenizer(
                [POST_TOKEN + t for t in texts[i : i + batch_size]], add_special_tokens=False
            ).input_ids
        ]
        width = max(map(len, encoded))
        ids = torch.full((len(encoded), width), tokenizer.pad_token_id, dtype=torch.long)
        mask = torch.zeros((len(encoded), width), dtype=torch.bool)
        for row, seq in enumerate(encoded):
            ids[row, : len(seq)] = torch.tensor(seq)
            mask[row, : len(seq)] = True
        ids, mask = ids.to(device), mask.to(device)
        with torch.no_grad():
            logits = model(input_ids=ids, attention_mask=mask.long()).logits.float()  # (B, L, V)
        nll = F.cross_entropy(logits[:, :-1].transpose(1, 2), ids[:, 1:], reduction="none")  # (B, L-1)
        out[i : i + len(encoded)] = (nll * mask[:, 1:]).sum(dim=1).cpu().numpy()
    return out


def _split(canary: dict) -> tuple[str, str, str] | None:
    """(context before the secret, text after it) from the canary string, or None when it does not parse."""
    text, prefix, secret = canary.get("canary") or "", canary.get("prefix") or "", str(canary.get("secret") or "")
    if not isinstance(text, str) or not isinstance(prefix, str):
        return None
    at = text.find(secret, len(prefix) if text.startswith(prefix) else 0)
    if not secret or not prefix or at < 0:
        return None
    return text[:at], secret, text[at + len(secret) :]


def _exposure(true_nll: float, candidate_nll: np.ndarray, space_size: int, exhaustive: bool) -> dict:
    better = int((candidate_nll < true_nll).sum())
    if exhaustive:
        rank = better + 1
    else:
        rank = space_size * (better + 1) / (len(candidate_nll) + 1)
    mu, sigma = float(candidate_nll.mean()), float(candidate_nll.std()) + 1e-9
    tail = 0.5 * math.erfc((mu - true_nll) / (sigma * math.sqrt(2)))  # P(candidate nll <= true nll), normal fit
    return {
        "exposure": math.log2(space_size) - math.log2(max(rank, 1.0)),
        "exposure_extrapolated": min(math.log2(space_size), -math.log2(max(tail, 1e-300))),
    }


def _greedy_extracts(model, tokenizer, context: str, secret: str, device: str) -> bool:
    import torch

    from townsquare.train.tokenizer import POST_TOKEN

    # a prompt ending in a space would end in a lone space token the model never saw before a word
    # (BPE merges the space into the next token): prompt without it and let the model produce it
    ids = tokenizer(POST_TOKEN + context.rstrip(), return_tensors="pt", add_special_tokens=False).input_ids.to(device)
    room = model.config.max_position_embeddings - ids.shape[1]
    if room < 1:
        return False
    new = min(room, len(tokenizer(secret, add_special_tokens=False).input_ids) + 4)
    with torch.no_grad():
        out = model.generate(
            ids,
            attention_mask=torch.ones_like(ids),
            max_new_tokens=new,
            do_sample=False,
            temperature=None,
            top_k=None,
            top_p=None,
            pad_token_id=tokenizer.pad_token_id,
        )
    completion = tokenizer.decode(out[0, ids.shape[1] :], skip_special_tokens=True)
    return completion.lstrip().startswith(secret.strip())


def check_memorization(
    run_dir: str | Path,
    canaries_path: str | Path,
    max_candidates: int = 256,
    references_per_canary: int = 2,
    seed: int = 0,
    device: str = "cpu",
    write: bool = True,
    loaded: tuple | None = None,
) -> dict:
    """Greedy extraction and exposure for every canary; writes ``RUN/privacy.json`` and returns it.

    ``loaded`` is RUN's ``(model, tokenizer)`` when the caller has them on ``device`` already.
    """
    from townsquare.train.export import load_exported
    from townsquare.train.generate import model_dir

    run_dir = Path(run_dir)
    model, tokenizer = loaded or load_exported(model_dir(run_dir), device)
    rng = np.random.default_rng(seed)
    rows, skipped = [], []
    for canary in load_registry(canaries_path):
        parts = _split(canary)
        try:
            space = SecretSpace(canary.get("space") or {})
        except (ValueError, TypeError, AttributeError):
            space = None
        if parts is None or space is None or not space.contains(parts[1]):
            skipped.append(str(canary.get("id")))
            continue
        context, secret, tail = parts
        exhaustive = space.size <= max_candidates
        candidates = [
            c for c in (space.enumerate() if exhaustive else space.sample(rng, max_candidates)) if c != secret
        ]
        references = [r for r in space.sample(rng, references_per_canary * 3) if r != secret][:references_per_canary]
        nll = sequence_nll(
            model, tokenizer, [context + c + tail for c in [secret, *references, *candidates]], device=device
        )
        true_nll, ref_nll, cand_nll = nll[0], nll[1 : 1 + len(references)], nll[1 + len(references) :]
        row = {
            "id": str(canary.get("id")),
            "kind": canary.get("kind"),
            "must_not_appear": bool(canary.get("must_not_appear", True)),
            "repeats": next((canary[k] for k in REPEAT_KEYS if isinstance(canary.get(k), int)), None),
            "space_size": space.size,
            "candidates": len(candidates),
            "exhaustive": exhaustive,
            **_exposure(true_nll, cand_nll, space.size, exhaustive),
            "extracted": _greedy_extracts(model, tokenizer, context, secret, device),
            "reference_exposures": [_exposure(r, cand_nll, space.size, exhaustive)["exposure"] for r in ref_nll],
        }
        rows.append(row)
    if not rows and not skipped:
        raise InputError(f"{canaries_path} holds no canaries")
    if not rows:  # a guard that checked nothing must not report PASS
        raise InputError(
            f"{canaries_path} holds no canary the guard can check ({len(skipped)} skipped: each needs "
            f"canary, prefix, secret and a digits/words space the secret belongs to)"
        )
    result = {"canaries": rows, "skipped": skipped, "max_candidates": max_candidates, **summarize(rows)}
    if write:
        (run_dir / "privacy.json").write_text(json.dumps(result, indent=2))
    return result


def summarize(rows: list[dict]) -> dict:
    """Verdicts: private canaries look like never-inserted ones; controls gain exposure with repeats."""
    private = [r for r in rows if r["must_not_appear"] and r["kind"] != "control"]
    controls = [r for r in rows if r["kind"] == "control"]
    references = [e for r in rows for e in r["reference_exposures"]]

    def mean(xs):
        return float(np.mean(xs)) if xs else None

    summary = {
        "private": len(private),
        "controls": len(controls),
        "references": len(references),
        "private_extracted": sum(r["extracted"] for r in private),
        "private_mean_exposure": mean([r["exposure"] for r in private]),
        "reference_mean_exposure": mean(references),
        "reference_max_exposure": max(references) if references else None,
        "private_above_reference_max": sum(r["exposure"] > max(references) for r in private) if references else 0,
    }
    # one bit of slack: with a handful of canaries the means of two chance samples differ by about that
    summary["private_ok"] = summary["private_extracted"] == 0 and (
        not private or not references or summary["private_mean_exposure"] <= summary["reference_mean_exposure"] + 1.0
    )
    by_repeats: dict[int, list[float]] = {}
    for r in controls:
        if r["repeats"] is not None:
            by_repeats.setdefault(r["repeats"], []).append(r["exposure"])
    curve = {str(k): float(np.mean(v)) for k, v in sorted(by_repeats.items())}
    summary["control_exposure_by_repeats"] = curve
    summary["control_extracted"] = sum(r["extracted"] for r in controls)
    values = list(curve.values())
    summary["control_rising"] = (len(values) >= 2 and values[-1] >= values[0] + 1.0) if values else None
    return summary
