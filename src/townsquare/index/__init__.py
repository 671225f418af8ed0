"""townsquare.index: keyword (tantivy BM25) + vector (usearch) index over public posts, and search.

    from townsquare.index import build_index, forget, Searcher
    build_index("corpus/", "index/")            # incremental: only parts not indexed yet
    page = Searcher("index/").search('climate -"hot take" lang:en', max_results=10)
    forget("index/", ["123", "456"])            # gone from keyword, vector and store

Names are imported lazily so ``import townsquare.index`` loads no tantivy/numpy.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "build_index",
    "forget",
    "Searcher",
    "SearchPage",
    "Ranking",
    "SearchParameterError",
    "QuerySyntaxError",
    "parse_query",
    "BuildStats",
]

_WHERE = {
    "build_index": "build",
    "forget": "build",
    "BuildStats": "build",
    "Searcher": "search",
    "SearchPage": "search",
    "Ranking": "search",
    "SearchParameterError": "search",
    "QuerySyntaxError": "query",
    "parse_query": "query",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"townsquare.index.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'townsquare.index' has no attribute {name!r}")
