"""The sample town's planted questions (``truth.json`` -> ``assistant``) asked of an index: the check
``townsquare quickstart`` runs, kept beside the assistant it checks rather than in the command."""

from __future__ import annotations

from pathlib import Path


def check_assistant(truth_path: Path, index: Path) -> list[str]:
    """Ask every planted question of ``truth.json``; one line per answer that does not match its truth."""
    import json

    from townsquare.assistant import Assistant

    assistant = Assistant(index)
    failures = []
    for spec in json.loads(truth_path.read_text())["assistant"]["questions"]:
        answer = assistant.ask(spec["question"])
        cited = [c["id"] for c in answer.citations]
        if spec["kind"] == "abstain":
            ok = answer.abstained
        elif spec["kind"] == "viewpoints":
            # each side, with its count of posts and authors
            found = {v["label"].split()[0]: (v["posts"], v["authors"]) for v in answer.viewpoints}
            ok = found == {label: (len(side["posts"]), side["authors"]) for label, side in spec["viewpoints"].items()}
        elif spec["kind"] == "newest":
            ok = bool(cited) and cited[0] in spec["expect"]
        else:
            ok = spec["short_answer"] in (answer.short_answer or "") and set(cited) <= set(spec["posts"])
        if not ok:
            failures.append(f"{spec['id']}: {spec['question']!r} -> {answer.text!r}")
    return failures
