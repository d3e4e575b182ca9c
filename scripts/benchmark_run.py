"""Throughput and memory of ``warta run`` with 1 and 2 worker processes.

    python scripts/benchmark_run.py --articles 200 [--workers 1,2]

The articles are the annotation texts (annotations/*.jsonl), repeated as often as needed,
each copy tagged with an archive code so that no two texts are identical; near-copy
detection is off (``--no-dedup``), as every repeat is a near-copy of its original. Each
configuration runs in its own process, from an empty store, and is timed end to end
(pipeline loading included), and once more over the first ``STARTUP_ARTICLES`` only: the
difference gives the rate once the workers are up. CPU seconds (all processes) do not depend
on what else the machine runs; wall-clock figures do, so a busy machine is reported. Peak memory is ``getrusage``'s maximum
resident set: of the process running the store writer, and of its largest worker.
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
STARTUP_ARTICLES = 16  # two batches: every worker of a 2-worker pool has loaded its pipeline


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
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "cpu_seconds": round(own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, 2),
        "workers": workers,
        "seconds": round(elapsed, 2),
        "processed": summary.processed,
        "facts": summary.facts,
        "writer_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "largest_worker_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def busy_share(seconds: float = 1.0) -> float:
    """Share of CPU time other processes use right now (Linux /proc/stat); 0 where unknown."""

    def times() -> tuple[int, int]:
        try:
            fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        except OSError:
            return 0, 0
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait

    total, idle = times()
    time.sleep(seconds)
    total_after, idle_after = times()
    return 1 - (idle_after - idle) / (total_after - total) if total_after > total else 0.0


def measure(source: Path, workers: int, folder: Path, label: str) -> dict:
    db = folder / f"{label}-w{workers}.db"
    busy = busy_share()
    if busy > 0.1:
        print(
            f"note: CPUs {busy:.0%} busy before the {label} run with {workers} worker(s): figures are shared",
            file=sys.stderr,
        )
    command = [sys.executable, __file__, "--one", str(workers), "--source", str(source), "--db", str(db)]
    answer = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(answer.stdout.strip().splitlines()[-1])


def report(results: list[tuple[dict, dict]], articles: int, words: int) -> None:
    print(f"{articles} articles, {words} words (whitespace-separated)")
    print(
        "workers  seconds  articles/s  words/s  first 16 s  articles/s after them  CPU s  facts  "
        "writer peak MB  largest worker peak MB"
    )
    for full, startup in results:
        steady = (articles - STARTUP_ARTICLES) / max(full["seconds"] - startup["seconds"], 1e-9)
        print(
            f"{full['workers']:>7}  {full['seconds']:>7}  {articles / full['seconds']:>10.2f}  "
            f"{words / full['seconds']:>7.0f}  {startup['seconds']:>10}  {steady:>22.2f}  {full['cpu_seconds']:>5}  {full['facts']:>5}  "
            f"{full['writer_peak_mb']:>14}  {full['largest_worker_peak_mb']:>22}"
        )
    seconds = {full["workers"]: (full["seconds"], startup["seconds"]) for full, startup in results}
    if 1 in seconds and 2 in seconds:
        print(f"throughput ratio 2 workers / 1 worker: {seconds[1][0] / seconds[2][0]:.2f} end to end, ", end="")
        after = [(s[0] - s[1]) for s in (seconds[1], seconds[2])]
        print(f"{after[0] / after[1]:.2f} after start-up")


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
        source, startup_source = folder / "articles.jsonl", folder / "startup.jsonl"
        lines = [json.dumps(a, ensure_ascii=False) + "\n" for a in articles]
        source.write_text("".join(lines), encoding="utf-8")
        startup_source.write_text("".join(lines[:STARTUP_ARTICLES]), encoding="utf-8")
        results = [
            (measure(source, int(n), folder, "full"), measure(startup_source, int(n), folder, "startup"))
            for n in args.workers.split(",")
        ]
    report(results, len(articles), words)
    return 0


if __name__ == "__main__":
    sys.exit(main())
