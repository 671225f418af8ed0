"""townsquare.assistant: answers from public posts, every sentence cited and checked.

    from townsquare.assistant import Assistant
    answer = Assistant("index/").ask("who won the vote?")
    answer.text, answer.citations, answer.viewpoints, answer.abstained

Composers (``ExtractiveComposer`` by default, ``RemoteComposer``, ``LocalComposer``)
live in ``compose``; verification in ``verify``; evidence selection in ``evidence``.
Names are imported lazily so ``import townsquare.assistant`` loads no numpy or tantivy.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "Assistant",
    "Answer",
    "ExtractiveComposer",
    "RemoteComposer",
    "LocalComposer",
    "messages_to_turns",
    "held_answer",
    "ABSTAIN_TEXT",
]

_WHERE = {
    "Assistant": "core",
    "Answer": "core",
    "messages_to_turns": "core",
    "held_answer": "core",
    "ExtractiveComposer": "compose",
    "RemoteComposer": "compose",
    "LocalComposer": "compose",
    "ABSTAIN_TEXT": "compose",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"townsquare.assistant.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'townsquare.assistant' has no attribute {name!r}")
