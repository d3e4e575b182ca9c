"""warta: structured facts about BPJS Ketenagakerjaan from Indonesian news.

``pipeline.load_facts(db)`` reads the facts a ``warta run`` stored as a pandas DataFrame.
"""

from __future__ import annotations

from typing import Any

__all__ = ["load_facts"]


def load_facts(db: Any, fact_filter: Any = None) -> Any:
    """The facts of a ``warta run`` store as a DataFrame (see ``pipeline.export.load_facts``)."""
    from pipeline.export import load_facts as load

    return load(db, fact_filter)
