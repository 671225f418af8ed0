"""The sample's word lists, read from the JSON files in ``words/`` (package data, so nothing is downloaded):

    templates.json   topic sentence templates and replies per language, the slots they draw from, hashtags
    people.json      first and last names, mail domains, streets, towns, remote Mastodon instances
    canaries.json    the canary word vocabulary and the private and control canary prefixes
    questions.json   the posts planted for the assistant's questions, and the questions

Edit a list there to change the town; the order of every list is part of the sample (the same seed gives
the same bytes only for the same lists).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("words")


def _load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


_templates = _load("templates.json")
TOPIC_TAGS: dict[str, list[str]] = _templates["topic_tags"]
COMMON_SLOTS: dict[str, list[str]] = _templates["common_slots"]  # slots shared by every language
SLOTS: dict[str, dict[str, list[str]]] = _templates["slots"]  # language-specific slots override them
TEMPLATES: dict[str, dict[str, list[str]]] = _templates["templates"]
REPLIES: dict[str, list[str]] = _templates["replies"]

_people = _load("people.json")
FIRST: list[str] = _people["first"]
LAST: list[str] = _people["last"]
MAIL_DOMAINS: list[str] = _people["mail_domains"]
STREETS: list[str] = _people["streets"]
US_STATES: list[list[str]] = _people["us_states"]  # [town, state, first two digits of its ZIP code]
DE_STREETS: list[str] = _people["de_streets"]
DE_CITIES: list[list[str]] = _people["de_cities"]  # [postcode, city]
MASTODON_REMOTE: list[str] = _people["mastodon_remote"]

_canaries = _load("canaries.json")
CANARY_VOCAB: list[str] = _canaries["canary_vocab"]
PRIVATE_PREFIXES: list[str] = _canaries["private_prefixes"]
CONTROL_PREFIXES: list[str] = _canaries["control_prefixes"]

_questions = _load("questions.json")
ASK_PLANTS: dict[str, list[str]] = _questions["ask_plants"]
ASK_QUESTIONS: list[dict[str, Any]] = _questions["ask_questions"]
