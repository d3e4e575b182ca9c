"""Facts out of the store: a pandas DataFrame, or CSV / Parquet / JSON Lines files, with filters."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.store import row_fact

FORMATS = ("csv", "parquet", "jsonl")
FACT_QUERY = """
SELECT f.*, a.url AS article_url, a.title AS article_title, a.published AS article_published,
       a.source AS article_source
FROM facts f JOIN articles a ON a.id = f.article_id
ORDER BY f.article_id, f.position
"""


@dataclass(frozen=True)
class FactFilter:
    region: str | None = None  # a Kemendagri code or a region name (``Jatim``, ``Kota Palu``); sub-regions included
    type: str | None = None
    since: str | None = None  # ISO date; a fact's date or period must reach it
    until: str | None = None

    def keeps(self, row: dict[str, Any]) -> bool:
        return self.region_matches(row) and (not self.type or row["type"] == self.type) and self.date_matches(row)

    def region_matches(self, row: dict[str, Any]) -> bool:
        if not self.region:
            return True
        code, wanted = row.get("region_code") or "", region_code(self.region)
        if code and wanted and (code == wanted or code.startswith(wanted + ".")):
            return True
        return (row.get("region_name") or "").casefold() == self.region.strip().casefold()

    def date_matches(self, row: dict[str, Any]) -> bool:
        """A fact is kept when its date (a day, month or year) or period overlaps [since, until]."""
        if not self.since and not self.until:
            return True
        first = row.get("date_start") or row.get("date_as_of")
        last = row.get("date_end") or row.get("date_as_of")
        if not first or not last:
            return False
        return (not self.since or period_end(last) >= self.since) and (not self.until or first <= self.until)


@lru_cache(maxsize=64)
def region_code(region: str) -> str | None:
    """A code as given, or the code of a region name through the gazetteer (None for a group of regions)."""
    region = region.strip()
    if re.fullmatch(r"\d+(\.\d+)*|ID", region):
        return region
    from pipeline.regions import resolve_region

    found = resolve_region(region)
    return found.code if found else None


def period_end(value: str) -> str:
    """The last day an ISO year or month could mean, for comparing with a day (``2024-09`` -> ``2024-09-31``)."""
    return value + "-12-31"[len(value) - 4 :] if len(value) < 10 else value


def fact_rows(db: Path | str) -> list[dict[str, Any]]:
    if not Path(db).exists():
        raise FileNotFoundError(f"{db}: no such store")
    connection = sqlite3.connect(f"file:{Path(db)}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(FACT_QUERY)]
    finally:
        connection.close()


def load_facts(db: Path | str, fact_filter: FactFilter | None = None):
    """Every stored fact (one flat row each, with its article's URL, title and publication date) as a DataFrame."""
    import pandas as pd

    fact_filter = fact_filter or FactFilter()
    rows = [row for row in fact_rows(db) if fact_filter.keeps(row)]
    columns = list(rows[0]) if rows else [*FLAT_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


FLAT_COLUMNS = (
    "id", "article_id", "position", "type", "region_name", "region_code", "value", "unit", "qualifier", "segment",
    "program", "out_of", "scope", "date_as_of", "date_start", "date_end", "official_name", "official_role",
    "evidence_start", "evidence_end", "evidence_text", "confidence", "extractor_version",
    "article_url", "article_title", "article_published", "article_source",
)  # fmt: skip


def nested_record(row: dict[str, Any]) -> dict[str, Any]:
    """A contract fact with its provenance, for JSON Lines."""
    return {
        **row_fact(row),
        "evidence_text": row["evidence_text"],
        "article": {
            "id": row["article_id"],
            "url": row["article_url"],
            "title": row["article_title"],
            "published": row["article_published"],
        },
        "extractor_version": row["extractor_version"],
    }


def export_facts(db: Path | str, output: Path | str, fmt: str, fact_filter: FactFilter | None = None) -> int:
    """Write the (filtered) facts of ``db`` to ``output``; return how many."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        rows = [row for row in fact_rows(db) if (fact_filter or FactFilter()).keeps(row)]
        with output.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(nested_record(row), ensure_ascii=False) + "\n")
        return len(rows)
    frame = load_facts(db, fact_filter)
    if fmt == "csv":
        frame.to_csv(output, index=False)
    elif fmt == "parquet":
        frame.to_parquet(output, index=False)
    else:
        raise ValueError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    return len(frame)
