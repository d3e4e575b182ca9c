"""The embedded store of ``warta run``: articles, their facts and feeds' caching headers, in SQLite.

Every article is written in one transaction with its facts, so a run killed at any point
leaves each article either fully stored or not at all. Only one process writes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from pipeline.dedup import THRESHOLD, jaccard, shingles

DEFAULT_DB = "warta.db"
DONE = ("processed", "duplicate")

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    source TEXT,
    content_hash TEXT,
    text TEXT,
    title TEXT,
    published TEXT,
    fetched_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('processed', 'duplicate', 'failed')),
    error TEXT,
    duplicate_of INTEGER REFERENCES articles(id),
    similarity REAL
);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles(content_hash);
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    position INTEGER NOT NULL,
    type TEXT NOT NULL,
    region_name TEXT,
    region_code TEXT,
    value NUMERIC,
    unit TEXT,
    qualifier TEXT,
    segment TEXT,
    program TEXT,
    out_of INTEGER,
    scope TEXT,
    date_as_of TEXT,
    date_start TEXT,
    date_end TEXT,
    official_name TEXT,
    official_role TEXT,
    evidence_start INTEGER,
    evidence_end INTEGER,
    evidence_text TEXT,
    confidence REAL,
    extractor_version TEXT NOT NULL,
    UNIQUE (article_id, position)
);
CREATE INDEX IF NOT EXISTS facts_type_region ON facts(type, region_code);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    modified TEXT,
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS near_copy_bands (
    band_key INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id)
);
CREATE INDEX IF NOT EXISTS near_copy_bands_key ON near_copy_bands(band_key);
"""

ARTICLE_COLUMNS = ("url", "source", "content_hash", "text", "title", "published", "status", "error")


class StoreBusy(RuntimeError):
    """Another ``warta run`` is writing to the store."""


@contextmanager
def run_lock(db: Path | str) -> Iterator[None]:
    """One run per store at a time (cron runs that overlap); the lock dies with its process, even on SIGKILL."""
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: SQLite's own locking still keeps the file whole
        yield
        return
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    with open(f"{db}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(f"{db}: another warta run is writing to this store") from None
        yield


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def fact_row(fact: dict[str, Any], text: str) -> dict[str, Any]:
    """A contract fact as a flat row of the facts table."""
    region, date = fact.get("region") or {}, fact.get("date") or {}
    official, evidence = fact.get("official") or {}, fact.get("evidence") or {}
    start, end = evidence.get("start"), evidence.get("end")
    return {
        "type": fact["type"],
        "region_name": region.get("name"),
        "region_code": region.get("code"),
        "value": fact.get("value"),
        "unit": fact.get("unit"),
        "qualifier": fact.get("qualifier"),
        "segment": fact.get("segment"),
        "program": fact.get("program"),
        "out_of": fact.get("out_of"),
        "scope": fact.get("scope"),
        "date_as_of": date.get("as_of"),
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        "official_name": official.get("name"),
        "official_role": official.get("role"),
        "evidence_start": start,
        "evidence_end": end,
        "evidence_text": text[start:end] if isinstance(start, int) and isinstance(end, int) else None,
        "confidence": fact.get("confidence"),
    }


def row_fact(row: dict[str, Any]) -> dict[str, Any]:
    """A facts-table row back in the contract's shape."""
    date = {k: row[f"date_{k}"] for k in ("as_of", "start", "end") if row.get(f"date_{k}")}
    official = {"name": row["official_name"], "role": row["official_role"]} if row.get("official_name") else None
    return {
        "type": row["type"],
        "region": {"name": row["region_name"], "code": row["region_code"]},
        "value": row["value"],
        "unit": row["unit"],
        "qualifier": row["qualifier"],
        "segment": row["segment"],
        "program": row["program"],
        "out_of": row["out_of"],
        "scope": row["scope"],
        "date": date or None,
        "official": official,
        "evidence": {"start": row["evidence_start"], "end": row["evidence_end"]},
        "confidence": row["confidence"],
    }


class Store:
    """One SQLite file in WAL mode; readers may look while a run writes."""

    def __init__(self, path: Path | str = DEFAULT_DB) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses no commit
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- questions the run asks before reading an article ---

    def is_done(self, url: str) -> bool:
        row = self.db.execute("SELECT status FROM articles WHERE url = ?", (url,)).fetchone()
        return row is not None and row["status"] in DONE

    def has_content(self, content_hash: str) -> bool:
        query = "SELECT 1 FROM articles WHERE content_hash = ? AND status IN ('processed', 'duplicate') LIMIT 1"
        return self.db.execute(query, (content_hash,)).fetchone() is not None

    def near_copy_of(self, shingle_set: set[int], keys: list[int]) -> tuple[str, float] | None:
        """(url, Jaccard) of the most similar stored original at or over the threshold."""
        marks = ",".join("?" * len(keys))
        query = (
            "SELECT DISTINCT a.id, a.url, a.text FROM near_copy_bands b JOIN articles a ON a.id = b.article_id "
            f"WHERE b.band_key IN ({marks})"
        )
        best: tuple[str, float] | None = None
        for row in self.db.execute(query, keys):
            similarity = jaccard(shingle_set, shingles(row["text"]))
            if similarity >= THRESHOLD and (best is None or similarity > best[1]):
                best = (row["url"], similarity)
        return best

    def feed_headers(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, modified FROM feeds WHERE url = ?", (url,)).fetchone()
        return (row["etag"], row["modified"]) if row else (None, None)

    # --- writes: one transaction each ---

    def _upsert_article(self, db: sqlite3.Connection, values: dict[str, Any], extra: dict[str, Any]) -> int:
        columns = {**{c: values.get(c) for c in ARTICLE_COLUMNS}, **extra, "fetched_at": now()}
        names = ", ".join(columns)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "url")
        query = (
            f"INSERT INTO articles ({names}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT(url) DO UPDATE SET {updates} RETURNING id"
        )
        article_id = db.execute(query, list(columns.values())).fetchone()[0]
        db.execute("DELETE FROM facts WHERE article_id = ?", (article_id,))
        db.execute("DELETE FROM near_copy_bands WHERE article_id = ?", (article_id,))
        return article_id

    def write_processed(
        self, article: dict[str, Any], facts: list[dict[str, Any]], band_keys: list[int], version: str
    ) -> int:
        with self.transaction() as db:
            article_id = self._upsert_article(db, {**article, "status": "processed", "error": None}, {})
            rows = [
                {
                    **fact_row(fact, article["text"]),
                    "article_id": article_id,
                    "position": i,
                    "extractor_version": version,
                }
                for i, fact in enumerate(facts)
            ]
            if rows:
                names = list(rows[0])
                db.executemany(
                    f"INSERT INTO facts ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                    [[r[n] for n in names] for r in rows],
                )
            db.executemany(
                "INSERT INTO near_copy_bands (band_key, article_id) VALUES (?, ?)", [(k, article_id) for k in band_keys]
            )
        return article_id

    def write_duplicate(self, article: dict[str, Any], original_url: str, similarity: float) -> int:
        with self.transaction() as db:
            original = db.execute("SELECT id FROM articles WHERE url = ?", (original_url,)).fetchone()
            extra = {"duplicate_of": original["id"] if original else None, "similarity": round(similarity, 4)}
            return self._upsert_article(db, {**article, "status": "duplicate", "error": None}, extra)

    def write_failed(self, url: str, source: str, error: str) -> int:
        with self.transaction() as db:
            return self._upsert_article(db, {"url": url, "source": source, "status": "failed", "error": error}, {})

    def save_feed(self, url: str, etag: str | None, modified: str | None) -> None:
        """Remember a feed's caching headers and forget an earlier failure to read it."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO feeds (url, etag, modified, checked_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, modified = excluded.modified, "
                "checked_at = excluded.checked_at",
                (url, etag, modified, now()),
            )
            db.execute("DELETE FROM articles WHERE url = ? AND status = 'failed'", (url,))

    # --- reading back ---

    def counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT status, COUNT(*) AS n FROM articles GROUP BY status").fetchall()
        counts = {row["status"]: row["n"] for row in rows}
        counts["facts"] = self.db.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
        return counts
