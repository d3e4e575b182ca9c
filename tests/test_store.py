"""The SQLite store, near-copy detection and export."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest
from newsserver import seed_text

import pipeline
from pipeline.dedup import THRESHOLD, band_keys, content_hash, jaccard, shingles, signature
from pipeline.export import FactFilter, export_facts, period_end
from pipeline.store import Store, row_fact

TEXT = "Sebanyak 254.675 pekerja di Provinsi Gorontalo terlindungi hingga 30 Agustus 2024, atau 54,61 persen."
FACTS = [
    {
        "type": "participants",
        "region": {"name": "Gorontalo", "code": "75"},
        "value": 254675,
        "unit": "persons",
        "qualifier": None,
        "segment": None,
        "program": None,
        "out_of": None,
        "scope": None,
        "date": {"as_of": "2024-08-30"},
        "official": {"name": "Mintje Wattu", "role": "Kepala Kantor Wilayah"},
        "evidence": {"start": 9, "end": 16},
        "confidence": 0.9,
    },
    {
        "type": "coverage_rate",
        "region": {"name": "Bone Bolango", "code": "75.03"},
        "value": 54.61,
        "unit": "percent",
        "qualifier": "about",
        "segment": "PU",
        "program": None,
        "out_of": None,
        "scope": None,
        "date": {"start": "2023-01", "end": "2023-11"},
        "official": None,
        "evidence": {"start": 88, "end": 100},
        "confidence": None,
    },
    {
        "type": "claim_amount",
        "region": {"name": "Sulawesi Maluku", "code": None},
        "value": 9.7e9,
        "unit": "IDR",
        "qualifier": None,
        "segment": None,
        "program": "JKM",
        "out_of": None,
        "scope": None,
        "date": None,
        "official": None,
        "evidence": {"start": 0, "end": 8},
        "confidence": None,
    },
]


def article(url: str, text: str = TEXT, **extra) -> dict:
    return {"url": url, "source": "test", "content_hash": content_hash(text), "text": text, **extra}


def keys(text: str) -> list[int]:
    return band_keys(signature(shingles(text)))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "sub" / "w.db") as opened:
        yield opened


def test_store_is_in_wal_mode_with_the_three_tables(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "facts", "feeds"} <= tables


def test_facts_round_trip_in_the_contract_shape(store):
    article_id = store.write_processed(article("u1", published="2024-09-03", title="T"), FACTS, [], "warta 9")
    rows = [
        dict(r) for r in store.db.execute("SELECT * FROM facts WHERE article_id = ? ORDER BY position", (article_id,))
    ]
    assert [row_fact(r) for r in rows] == FACTS
    assert rows[0]["evidence_text"] == "254.675" and rows[0]["extractor_version"] == "warta 9"
    assert store.is_done("u1") and store.has_content(content_hash(TEXT)) and not store.is_done("u2")


def test_writing_an_article_again_replaces_its_facts(store):
    store.write_processed(article("u1"), FACTS, [], "v")
    store.write_processed(article("u1"), FACTS[:1], [], "v")
    assert store.counts() == {"processed": 1, "facts": 1}


def test_a_failure_is_retried_and_replaced(store):
    store.write_failed("u1", "feed", "u1: HTTP 500")
    assert not store.is_done("u1")
    row = store.db.execute("SELECT status, error FROM articles").fetchone()
    assert tuple(row) == ("failed", "u1: HTTP 500")
    store.write_processed(article("u1"), FACTS, [], "v")
    assert [tuple(r) for r in store.db.execute("SELECT status, error FROM articles")] == [("processed", None)]


def test_a_write_that_fails_leaves_nothing(store):
    broken = [*FACTS[:1], {"type": None}]  # facts.type is NOT NULL
    with pytest.raises(sqlite3.IntegrityError):
        store.write_processed(article("u1"), broken, [], "v")
    assert store.counts() == {"facts": 0}


def test_feed_headers_are_remembered_and_an_old_failure_forgotten(store):
    store.write_failed("http://x/feed", "http://x/feed", "malformed")
    store.save_feed("http://x/feed", '"e1"', "Tue, 03 Sep 2024 03:00:00 GMT")
    assert store.feed_headers("http://x/feed") == ('"e1"', "Tue, 03 Sep 2024 03:00:00 GMT")
    assert store.feed_headers("http://y/feed") == (None, None)
    assert store.counts() == {"facts": 0}


def test_syndicated_copy_is_near_and_another_article_is_not():
    original = seed_text(0)
    syndicated = original.replace("READ.ID", "Gorontalo (ANTARA)").replace("kini", "saat ini", 1) + "\nEditor: Budi"
    assert jaccard(shingles(original), shingles(syndicated)) >= THRESHOLD
    assert jaccard(shingles(original), shingles(seed_text(1))) < 0.2
    assert content_hash("a  b\nc") == content_hash("a b c") != content_hash("a b d")
    # a pair at 0.9 shares at least one LSH band
    assert set(keys(original)) & set(keys(syndicated))


def test_store_finds_the_original_of_a_near_copy(store):
    original = seed_text(0)
    store.write_processed(article("orig", original), [], keys(original), "v")
    store.write_processed(article("other", seed_text(1)), [], keys(seed_text(1)), "v")
    copy = original.replace("kini", "saat ini", 1)
    url, similarity = store.near_copy_of(shingles(copy), keys(copy))
    assert url == "orig" and THRESHOLD <= similarity < 1
    assert store.near_copy_of(shingles(seed_text(2)), keys(seed_text(2))) is None
    store.write_duplicate(article("copy", copy), "orig", similarity)
    row = store.db.execute("SELECT status, duplicate_of, similarity FROM articles WHERE url = 'copy'").fetchone()
    assert row["status"] == "duplicate" and row["duplicate_of"] == 1 and row["similarity"] == round(similarity, 4)


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "w.db"
    with Store(path) as store:
        store.write_processed(article("https://x.id/a", published="2024-09-03", title="A"), FACTS, [], "v")
    return path


def test_load_facts_gives_a_frame_with_provenance(filled):
    frame = pipeline.load_facts(filled)
    assert isinstance(frame, pd.DataFrame) and len(frame) == 3
    assert list(frame["type"]) == ["participants", "coverage_rate", "claim_amount"]
    assert set(frame["article_url"]) == {"https://x.id/a"} and set(frame["article_published"]) == {"2024-09-03"}


@pytest.mark.parametrize(
    ("fact_filter", "types"),
    [
        (FactFilter(region="75"), ["participants", "coverage_rate"]),  # a province takes its regencies
        (FactFilter(region="75.03"), ["coverage_rate"]),
        (FactFilter(region="sulawesi maluku"), ["claim_amount"]),
        (FactFilter(region="Provinsi Gorontalo"), ["participants", "coverage_rate"]),  # a name, through the gazetteer
        (FactFilter(region="Kabupaten Bone Bolango"), ["coverage_rate"]),
        (FactFilter(region="Jatim"), []),
        (FactFilter(type="participants"), ["participants"]),
        (FactFilter(since="2024-01-01"), ["participants"]),
        (FactFilter(since="2023-11-15", until="2023-12-31"), ["coverage_rate"]),  # the period reaches into it
        (FactFilter(until="2022-12-31"), []),
    ],
)
def test_export_filters(filled, fact_filter, types):
    assert list(pipeline.load_facts(filled, fact_filter)["type"]) == types


def test_period_end_reads_partial_dates_as_their_last_day():
    assert [period_end(v) for v in ("2024", "2024-09", "2024-09-03")] == ["2024-12-31", "2024-09-31", "2024-09-03"]


def test_export_formats(filled, tmp_path):
    assert export_facts(filled, tmp_path / "f.csv", "csv", FactFilter(type="rank")) == 0
    assert export_facts(filled, tmp_path / "out" / "f.csv", "csv") == 3
    assert list(pd.read_csv(tmp_path / "out" / "f.csv")["value"]) == [254675, 54.61, 9.7e9]
    assert export_facts(filled, tmp_path / "f.parquet", "parquet", FactFilter(region="75")) == 2
    assert list(pd.read_parquet(tmp_path / "f.parquet")["region_code"]) == ["75", "75.03"]
    assert export_facts(filled, tmp_path / "f.jsonl", "jsonl") == 3
    records = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {k: records[0][k] for k in FACTS[0]} == FACTS[0]
    assert records[0]["article"]["url"] == "https://x.id/a" and records[0]["evidence_text"] == "254.675"


def test_export_of_a_missing_store_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such store"):
        pipeline.load_facts(tmp_path / "none.db")
