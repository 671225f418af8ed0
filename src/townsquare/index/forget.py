"""``forget(index_dir, ids)``: remove posts from the keyword index, vector index and store.

Implemented next to the writer in ``build.py`` (it needs the same three stores);
this module is the documented import path.
"""

from townsquare.index.build import forget

__all__ = ["forget"]
