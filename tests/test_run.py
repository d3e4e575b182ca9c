"""``warta run`` end to end: a local news server, a killed run, worker processes and a Dask cluster."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import needs_stanza
from newsserver import NewsServer, closed_port_url, seed_text

from pipeline.cli import main
from pipeline.ingest import Limits
from pipeline.runner import RunSettings, run
from pipeline.store import Store, row_fact, run_lock

ROOT = Path(__file__).resolve().parent.parent
BLANK = RunSettings(limits=Limits(timeout=0.5, max_bytes=2_000_000), tokenizer="blank", quiet=True)
STANZA = RunSettings(tokenizer="stanza", quiet=True)
FOLDER_ARTICLES = 30


@pytest.fixture(scope="module")
def server():
    with NewsServer() as running:
        yield running


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Thirty distinct news texts (the train annotations), one .txt file each."""
    path = tmp_path_factory.mktemp("articles")
    with (ROOT / "annotations" / "train.jsonl").open(encoding="utf-8") as handle:
        for line in list(handle)[:FOLDER_ARTICLES]:
            record = json.loads(line)
            (path / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    return path


def stored(db: Path) -> dict[str, dict]:
    """Per URL: status and facts in the contract shape, read with a plain SQLite connection."""
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    articles = {
        row["url"]: {"id": row["id"], "status": row["status"], "error": row["error"], "facts": []}
        for row in connection.execute("SELECT * FROM articles")
    }
    urls = {a["id"]: url for url, a in articles.items()}
    for row in connection.execute("SELECT * FROM facts ORDER BY article_id, position"):
        articles[urls[row["article_id"]]]["facts"].append(row_fact(dict(row)))
    connection.close()
    return articles


def facts_by_url(db: Path) -> dict[str, list[dict]]:
    return {url: article["facts"] for url, article in stored(db).items()}


def run_into(db: Path, sources: list[str], settings: RunSettings):
    with Store(db) as store:
        return run(sources, store, settings)


def test_feeds_pages_and_bad_inputs_in_one_run(server, tmp_path):
    local = tmp_path / "local"
    local.mkdir()
    syndicated = seed_text(0).replace("READ.ID", "Gorontalo (ANTARA)").replace("kini", "saat ini", 1)
    (local / "syndicated.txt").write_text(syndicated, encoding="utf-8")
    (local / "latin1.txt").write_bytes("Sebanyak 1.200 pekerja\nterlindungi di Kota Palu – kata dia".encode("cp1252"))
    base, unreachable = server.base, closed_port_url()
    pages = ["/slow.html", "/big.html", "/empty.html", "/latin1.html"]
    sources = [f"{base}/feed.rss", f"{base}/feed.atom", f"{base}/broken.xml", *(base + p for p in pages)]
    sources += [unreachable, str(local)]
    db = tmp_path / "w.db"

    summary = run_into(db, sources, BLANK)

    articles = stored(db)
    status = {url: a["status"] for url, a in articles.items()}
    failed = {url: a["error"] for url, a in articles.items() if a["status"] == "failed"}
    feed_articles = [f"{base}/article/{i}.html" for i in range(6)]
    assert [status[url] for url in feed_articles] == ["processed"] * 6
    assert status[(local / "syndicated.txt").resolve().as_uri()] == "duplicate"
    assert failed[f"{base}/broken.xml"].startswith(f"{base}/broken.xml:3: malformed feed")
    assert "(--timeout)" in failed[f"{base}/slow.html"] and "(--max-bytes)" in failed[f"{base}/big.html"]
    assert "no article text" in failed[f"{base}/empty.html"] and "not valid utf-8" in failed[f"{base}/latin1.html"]
    assert "unreachable" in failed[unreachable]
    assert failed[(local / "latin1.txt").resolve().as_uri()].endswith("latin1.txt:2: not UTF-8 (byte 48: b'\\x96')")
    facts = sum(len(a["facts"]) for a in articles.values())
    assert (summary.processed, summary.duplicates, summary.skipped) == (6, 1, 2)  # the Atom feed repeats 3 and 4
    assert (summary.failed, summary.facts) == (len(failed), facts) and summary.failed >= 8 and facts > 20
    assert all(not a["facts"] for a in articles.values() if a["status"] != "processed")

    again = run_into(db, sources, BLANK)
    assert (again.processed, again.duplicates, again.failed, again.facts) == (0, 0, len(failed), 0)
    assert again.skipped == 6 + 2 + 1 and again.fetched == 0  # nothing already stored is read again
    assert stored(db) == articles


def test_cached_feed_is_not_read_again_until_it_changes(server, tmp_path):
    db, feed = tmp_path / "w.db", f"{server.base}/cached.rss"
    first = run_into(db, [feed], BLANK)
    with Store(db) as store:
        assert store.feed_headers(feed)[0] is not None
    second = run_into(db, [feed], BLANK)
    assert (first.processed, second.processed, second.skipped, second.feeds_unchanged) == (2, 0, 0, 1)
    assert server.requests[-1][1].get("If-None-Match") is not None


def test_cli_prints_the_summary_and_exits_1_on_failures(server, tmp_path, monkeypatch, capsys):
    from pipeline.nlp import shared_nlp

    monkeypatch.setenv("WARTA_TOKENIZER", "blank")
    shared_nlp.cache_clear()
    try:
        db = tmp_path / "w.db"
        code = main(["run", f"{server.base}/article/2.html", f"{server.base}/empty.html", "--db", str(db), "--quiet"])
        captured = capsys.readouterr()
        assert code == 1
        assert "fetched 1, processed 1, skipped 0, duplicates 0, failed 1, facts " in captured.out
        assert f"failed: {server.base}/empty.html: no article text" in captured.err
        assert main(["run", f"{server.base}/article/2.html", "--db", str(db), "--quiet"]) == 0
        out = tmp_path / "facts.csv"
        assert main(["export", "--db", str(db), "--format", "csv", "-o", str(out), "--type", "participants"]) == 0
        assert out.read_text(encoding="utf-8").count("participants") >= 1
        with run_lock(db):  # a cron run that overlaps the one before
            assert main(["run", f"{server.base}/article/3.html", "--db", str(db), "--quiet"]) == 2
        assert "another warta run is writing to this store" in capsys.readouterr().err
        assert main(["export", "--db", str(tmp_path / "none.db"), "-o", str(out)]) == 1
        assert main(["export", "--db", str(db), "-o", str(out), "--type", "workers"]) == 2
        assert "no such store" in capsys.readouterr().err
    finally:
        shared_nlp.cache_clear()


@needs_stanza
def test_a_date_without_a_year_takes_the_feeds_publication_year(server, tmp_path):
    run_into(tmp_path / "w.db", [f"{server.base}/palu.rss"], STANZA)
    (article,) = stored(tmp_path / "w.db").values()
    (fact,) = article["facts"]
    assert (fact["type"], fact["region"]["code"], fact["value"]) == ("participants", "72.71", 12500)
    assert fact["date"] == {"as_of": "2024-09-02"}  # "Senin (2/9)" in an article of 8 September 2024


@pytest.fixture(scope="module")
def stanza_reference(folder, tmp_path_factory) -> dict[str, list[dict]]:
    """Facts of one uninterrupted serial run over the folder."""
    db = tmp_path_factory.mktemp("reference") / "w.db"
    summary = run_into(db, [str(folder)], STANZA)
    assert summary.processed == FOLDER_ARTICLES and summary.facts > 100
    return facts_by_url(db)


@needs_stanza
def test_a_killed_run_resumes_with_every_article_once(folder, stanza_reference, tmp_path):
    db = tmp_path / "w.db"
    command = [sys.executable, "-m", "pipeline.cli", "run", str(folder), "--db", str(db), "--quiet"]
    environment = {**os.environ, "OMP_NUM_THREADS": "1", "WARTA_TOKENIZER": "stanza"}
    victim = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for_articles(db, victim)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    stored_before_kill = article_count(db)
    assert 0 < stored_before_kill < FOLDER_ARTICLES, "the run was not killed mid-way"

    resumed = subprocess.run(
        command, check=False, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert resumed.returncode == 0, resumed.stderr
    done = int(resumed.stdout.split("processed ")[1].split(",")[0])
    skipped = int(resumed.stdout.split("skipped ")[1].split(",")[0])
    assert skipped >= stored_before_kill and done + skipped == FOLDER_ARTICLES
    connection = sqlite3.connect(db)
    rows = connection.execute("SELECT url, status FROM articles").fetchall()
    connection.close()
    assert len(rows) == len({url for url, _ in rows}) == FOLDER_ARTICLES
    assert {status for _, status in rows} == {"processed"}
    assert facts_by_url(db) == stanza_reference  # nothing lost, nothing doubled


def article_count(db: Path) -> int:
    if not db.exists():
        return 0
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not created yet
        return 0
    finally:
        connection.close()


def wait_for_articles(db: Path, process: subprocess.Popen, timeout: float = 120.0) -> None:
    """Poll the store (WAL: readers do not block the writer) until some articles are in."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"warta run ended before it was killed: {process.stderr.read().decode()[-2000:]}")
        if article_count(db):
            return
        time.sleep(0.02)
    raise AssertionError("no article stored in time")


@needs_stanza
def test_two_worker_processes_give_the_serial_facts(folder, stanza_reference, tmp_path):
    summary = run_into(tmp_path / "w.db", [str(folder)], RunSettings(workers=2, tokenizer="stanza", quiet=True))
    assert summary.processed == FOLDER_ARTICLES
    assert facts_by_url(tmp_path / "w.db") == stanza_reference


def test_a_dask_cluster_on_loopback_gives_the_serial_facts(folder, tmp_path, monkeypatch):
    from distributed import LocalCluster

    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    serial = run_into(tmp_path / "serial.db", [str(folder)], BLANK)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        settings = RunSettings(dask=cluster.scheduler_address, tokenizer="blank", quiet=True)
        distributed = run_into(tmp_path / "dask.db", [str(folder)], settings)
    assert distributed.processed == serial.processed == FOLDER_ARTICLES
    assert facts_by_url(tmp_path / "dask.db") == facts_by_url(tmp_path / "serial.db")


def test_a_dead_worker_pool_aborts_the_run_with_a_clear_message():
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from pipeline.runner import Batch, RunAborted, results_of

    future: Future = Future()
    future.set_exception(BrokenProcessPool("A child process terminated abruptly"))
    expected = r"extraction stopped \(BrokenProcessPool: A child process terminated abruptly\); what is stored stays"
    with pytest.raises(RunAborted, match=expected):
        results_of(Batch(future=future))
