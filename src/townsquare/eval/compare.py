"""``townsquare report RUNS... --out DIR``: one page comparing runs against the published baselines.

    DIR/index.html     the page: a table of runs, the charts, the published rows
    DIR/progress.png   TweetEval ALL-6 of each evaluated run against its date, its training tokens and its
                       training compute (6 x params x tokens FLOPs), with the published baselines as lines
    DIR/losses.png     validation (and train) loss against tokens seen, runs side by side
    DIR/report.json    the numbers on the page

A run is a ``townsquare train`` folder; its ``eval.json`` (``townsquare eval``, with
``--tweeteval`` for the benchmark and ``--canaries`` for the memorization guard)
adds what it has. ``--baseline FILE`` (the JSON ``bench/tweeteval_baseline.py --out``
writes) adds the TF-IDF + logistic regression line measured here.
"""

from __future__ import annotations

import html
import json
import time
from pathlib import Path

from townsquare.errors import InputError


def _json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError as exc:
        raise InputError(f"{path} is unreadable ({exc})") from None
    return data if isinstance(data, dict) else {}


def _log(path: Path) -> list[dict]:
    records = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut by a kill, as train's own reader skips
            if isinstance(record, dict):
                records.append(record)
    return records


def describe_run(run: Path) -> dict:
    """What the page shows of one run."""
    if not (run / "run.json").is_file():
        raise InputError(f"{run} is not a run (no run.json): pass folders made by `townsquare train`")
    info, summary, evaluation = _json(run / "run.json"), _json(run / "train_summary.json"), _json(run / "eval.json")
    records = _log(run / "log.jsonl")
    start = next((r for r in records if r.get("event") == "start"), {})
    per_step = start.get("tokens_per_step") or info.get("config", {}).get("batch_size", 0) * info.get("config", {}).get(
        "grad_accum", 1
    ) * info.get("config", {}).get("block_size", 0)
    params = evaluation.get("params") or summary.get("params") or start.get("params")
    tokens = summary.get("tokens")
    when = start.get("time") or (records[0].get("time") if records else None) or (run / "run.json").stat().st_mtime
    te = evaluation.get("tweeteval") or {}
    privacy = evaluation.get("privacy")
    return {
        "run": str(run),
        "name": run.name,
        "preset": info.get("preset"),
        "params": params,
        "tokens": tokens,
        "flops": 6 * params * tokens if params and tokens else None,
        "time": when,
        "date": time.strftime("%Y-%m-%d %H:%M", time.gmtime(when)),
        "val_ppl": evaluation.get("val_ppl"),
        "unigram_val_ppl": evaluation.get("unigram_val_ppl"),
        "tweeteval_all6": te.get("all6"),
        "tweeteval_comparable": te.get("comparable", True) if te else None,
        "tweeteval_tasks": {t: r["score"] for t, r in (te.get("tasks") or {}).items()},
        "privacy": None if not privacy else ("PASS" if privacy.get("private_ok") else "FAIL"),
        "privacy_detail": None
        if not privacy
        else f"{privacy.get('private', 0)} private canaries, {privacy.get('private_extracted', 0)} extracted",
        "val_curve": [(r["step"] * per_step, r["val_loss"]) for r in records if "val_loss" in r and "step" in r],
        "train_curve": [(r["step"] * per_step, r["loss"]) for r in records if "loss" in r and "step" in r],
    }


def _plot_progress(rows: list[dict], baselines: dict[str, float], path: Path) -> None:
    import matplotlib

    from townsquare.eval.tweeteval import fmt

    matplotlib.use("Agg")
    from datetime import UTC, datetime

    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5), sharey=True)
    points = [r for r in rows if r["tweeteval_all6"] is not None]
    for ax, key, label in zip(
        axes, ("time", "tokens", "flops"), ("date trained", "training tokens", "training compute (FLOPs, 6ND)")
    ):
        for name, value in baselines.items():
            ax.axhline(value, linestyle="--", linewidth=1, color="grey" if "here" not in name else "tab:orange")
            ax.annotate(
                f"{name} {fmt(value)}", xy=(0.01, value), xycoords=("axes fraction", "data"), fontsize=7, va="bottom"
            )
        xs = [r[key] for r in points if r[key] is not None]
        ys = [r["tweeteval_all6"] for r in points if r[key] is not None]
        names = [r["name"] + ("" if r["tweeteval_comparable"] else " (smoke)") for r in points if r[key] is not None]
        if key == "time":
            xs = [datetime.fromtimestamp(x, UTC) for x in xs]
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
            ax.tick_params(axis="x", labelrotation=30)
        elif xs:
            ax.set_xscale("log")
        ax.plot(xs, ys, "o-", color="tab:green")
        for x, y, name in zip(xs, ys, names):
            ax.annotate(name, (x, y), textcoords="offset points", xytext=(4, 4), fontsize=8)
        ax.set_xlabel(label)
    axes[0].set_ylabel("TweetEval ALL-6 (test, x100)")
    fig.suptitle("Our open models against the published TweetEval rows")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _plot_losses(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i, r in enumerate(rows):
        color = f"C{i % 10}"
        if r["train_curve"]:
            ax.plot(*zip(*r["train_curve"]), color=color, alpha=0.35, linewidth=1)
        if r["val_curve"]:
            ax.plot(*zip(*r["val_curve"]), "o-", color=color, markersize=3, label=f"{r['name']} (val)")
    ax.set_xlabel("training tokens")
    ax.set_ylabel("cross-entropy (nats/token)")
    ax.set_title("Loss curves (faint: train)")
    if any(r["val_curve"] for r in rows):
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _num(value, spec: str = ",.0f") -> str:
    return "-" if value is None else format(value, spec)


def make_report(runs: list[str | Path], out: str | Path, baseline: str | Path | None = None) -> dict:
    """Write ``out/index.html`` and its charts (see the module docstring); returns ``report.json``."""
    from townsquare.eval.tweeteval import LEADERBOARD, SIX, TASKS, fmt, leaderboard_all

    if not runs:
        raise InputError("name at least one run folder")
    rows = [describe_run(Path(r)) for r in runs]
    rows.sort(key=lambda r: r["time"])
    baselines = {f"{m} (published)": leaderboard_all(m) for m in LEADERBOARD}
    if baseline is not None:
        measured = _json(Path(baseline))
        if not measured:
            raise InputError(
                f"--baseline {baseline}: missing or empty (write it with bench/tweeteval_baseline.py --out)"
            )
        all6 = (measured.get("tfidf_lr") or {}).get("all6")
        if all6 is None:
            raise InputError(f"--baseline {baseline}: no TF-IDF ALL-6 in it (run the bench on all six tasks)")
        baselines["TF-IDF + LR (measured here)"] = all6
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _plot_progress(rows, baselines, out / "progress.png")
    _plot_losses(rows, out / "losses.png")
    report = {"runs": rows, "baselines": baselines, "made": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    (out / "report.json").write_text(json.dumps(report, indent=2))

    esc = html.escape
    head = [
        "run",
        "preset",
        "date",
        "params",
        "training tokens",
        "FLOPs",
        "val ppl (unigram)",
        "TweetEval ALL-6",
        "memorization guard",
    ]
    body = []
    for r in rows:
        te = (
            "-"
            if r["tweeteval_all6"] is None
            else fmt(r["tweeteval_all6"]) + ("" if r["tweeteval_comparable"] else " (smoke run, not comparable)")
        )
        ppl = "-" if r["val_ppl"] is None else f"{r['val_ppl']:.1f} ({_num(r['unigram_val_ppl'], '.1f')})"
        guard = r["privacy"] or "not run"
        cls = {"PASS": "pass", "FAIL": "fail"}.get(r["privacy"], "none")
        body.append(
            "<tr>"
            + "".join(
                f"<td>{esc(str(c))}</td>"
                for c in (
                    r["name"],
                    r["preset"],
                    r["date"],
                    _num(r["params"]),
                    _num(r["tokens"]),
                    _num(r["flops"], ".2e"),
                    ppl,
                    te,
                )
            )
            + f"<td class='{cls}' title='{esc(r['privacy_detail'] or '')}'>{esc(guard)}</td></tr>"
        )
    task_rows = []
    for task in TASKS:
        cells = [fmt(r["tweeteval_tasks"].get(task)) if task in r["tweeteval_tasks"] else "-" for r in rows]
        task_rows.append(
            f"<tr><td>{task}</td>"
            + "".join(f"<td>{c}</td>" for c in cells)
            + "".join(f"<td>{fmt(LEADERBOARD[m][task])}</td>" for m in LEADERBOARD)
            + "</tr>"
        )
    task_rows.append(
        "<tr><th>ALL-6</th>"
        + "".join(f"<th>{fmt(r['tweeteval_all6'])}</th>" for r in rows)
        + "".join(f"<th>{fmt(leaderboard_all(m, SIX))}</th>" for m in LEADERBOARD)
        + "</tr>"
    )
    failed = [r["name"] for r in rows if r["privacy"] == "FAIL"]
    run_names = [r["name"] for r in rows]  # outside the f-string: Python 3.11 has no nested quotes there
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>townsquare runs</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:right}}
td:first-child,th:first-child{{text-align:left}}.pass{{background:#dfd}}.fail{{background:#fdd}}
img{{max-width:100%}}</style></head><body>
<h1>How our open models improve</h1>
<p>{len(rows)} run(s). Each evaluated run is a point; dashed lines are the published TweetEval rows
(Barbieri et al., 2020; mean of the six tasks without sentiment){" and the TF-IDF baseline measured here" if baseline else ""}.</p>
{'<p class="fail"><b>Memorization guard FAILED for: ' + esc(", ".join(failed)) + "</b>. Do not release these.</p>" if failed else ""}
<table><tr>{"".join(f"<th>{esc(h)}</th>" for h in head)}</tr>
{"".join(body)}</table>
<img src="progress.png" alt="TweetEval ALL-6 by date, tokens and compute">
<h2>Loss curves</h2>
<img src="losses.png" alt="loss curves">
<h2>TweetEval per task (test, x100)</h2>
<table><tr><th>task</th>{"".join(f"<th>{esc(name)}</th>" for name in run_names)}{"".join(f"<th>{esc(m)} (published)</th>" for m in LEADERBOARD)}</tr>
{"".join(task_rows)}</table>
<p>Compute is 6 &times; parameters &times; training tokens. The memorization guard plants secrets in private posts,
which the corpus build must drop, and checks that the model shows no more exposure to them than to never-inserted
ones (Carlini et al., 2019).</p>
</body></html>
"""
    (out / "index.html").write_text(page, encoding="utf-8")
    return report
