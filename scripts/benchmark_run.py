"""Throughput and memory of ``warta run`` with 1 and 2 worker processes.

    python scripts/benchmark_run.py --articles 200 [--workers 1,2]

The articles are the annotation texts (annotations/*.jsonl), repeated as often as needed,
each copy tagged with an archive code so that no two texts are identical; near-copy
detection is off (``--no-dedup``), as every repeat is a near-copy of its original. Each
configuration runs in its own process, from an empty store, and is timed end to end
(pipeline loading included). Peak memory is ``getrusage``'s maximum resident set: of the
process running the store writer, and of its largest worker.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def benchmark_articles(count: int) -> list[dict]:
    originals = [
        json.loads(line)
        for path in sorted((ROOT / "annotations").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    articles = []
    for index in range(count):
        original = originals[index % len(originals)]
        text = f"{original['text']}\n\nKode arsip: A{index:05d}."
        articles.append(
            {"id": f"bench-{index:05d}", "text": text, "meta": {**(original.get("meta") or {}), "url": None}}
        )
    return articles


def measure_one(source: str, db: str, workers: int) -> dict:
    """Run in this process and report figures as one JSON line."""
    from pipeline.runner import RunSettings, run
    from pipeline.store import Store

    settings = RunSettings(workers=workers, near_copies=False, quiet=True)
    started = time.perf_counter()
    with Store(db) as store:
        summary = run([source], store, settings)
    elapsed = time.perf_counter() - started
    return {
        "workers": workers,
        "seconds": round(elapsed, 2),
        "processed": summary.processed,
        "facts": summary.facts,
        "writer_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "largest_worker_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def measure(source: Path, workers: int, folder: Path) -> dict:
    command = [
        sys.executable,
        __file__,
        "--one",
        str(workers),
        "--source",
        str(source),
        "--db",
        str(folder / f"w{workers}.db"),
    ]
    answer = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(answer.stdout.strip().splitlines()[-1])


def report(results: list[dict], articles: int, words: int) -> None:
    print(f"{articles} articles, {words} words (whitespace-separated)")
    print("workers  seconds  articles/s  words/s  facts  writer peak MB  largest worker peak MB")
    for r in results:
        print(
            f"{r['workers']:>7}  {r['seconds']:>7}  {articles / r['seconds']:>10.2f}  {words / r['seconds']:>7.0f}  "
            f"{r['facts']:>5}  {r['writer_peak_mb']:>14}  {r['largest_worker_peak_mb']:>22}"
        )
    by_workers = {r["workers"]: r for r in results}
    if 1 in by_workers and 2 in by_workers:
        ratio = by_workers[1]["seconds"] / by_workers[2]["seconds"]
        print(f"throughput ratio 2 workers / 1 worker: {ratio:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--source", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--db", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure_one(args.source, args.db, args.one)))
        return 0
    articles = benchmark_articles(args.articles)
    words = sum(len(a["text"].split()) for a in articles)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        source = folder / "articles.jsonl"
        source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        results = [measure(source, int(n), folder) for n in args.workers.split(",")]
    report(results, len(articles), words)
    return 0


if __name__ == "__main__":
    sys.exit(main())
