"""``warta benchmark``: speed and memory of tokenisation and of the whole pipeline, in one run.

Modelled on ``spacy benchmark speed``: every mode runs in its own process (so its peak RSS
is its own), loads what it needs, warms up on a few articles, then times the same batches
of articles ``repeat`` times. Throughput is the median over batch timings with a 95%
bootstrap interval of that median. Words are counted as Stanza tokens (what the pipeline
sees) and as whitespace-separated words.

Modes: ``stanza-per-article`` and ``stanza-bulk`` (Stanza alone, tokenize + mwt, one call
per article or ``bulk_process`` per batch), ``pipeline`` (``extract_documents`` to facts),
``spacy-blank`` (spaCy's Indonesian rule tokenizer) and ``pipeline-2-workers`` (the articles
split over two processes that each load the pipeline once).

Separate processes make Stanza alone and the pipeline run at different moments, and on a
shared machine throughput drifts between them by 10-20 %. So the pipeline mode also times
Stanza alone on every batch with the pipeline's own loaded model, alternating which goes
first: the *paired* ratio compares the two under the same conditions.
"""

from __future__ import annotations

import importlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# libraries imported before the load is timed: load time is the models' (and patterns') alone
STANZA_IMPORTS = ("stanza", "pipeline.nlp")
IMPORTS = {
    "spacy-blank": ("spacy",),
    "stanza-per-article": STANZA_IMPORTS,
    "stanza-bulk": STANZA_IMPORTS,
    "pipeline": (*STANZA_IMPORTS, "pipeline.extract"),
}
MODES = ("spacy-blank", "stanza-per-article", "stanza-bulk", "pipeline", "pipeline-2-workers")
SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class Settings:
    articles: int | None = None  # None: every default article once; N: repeat or cut to N
    repeat: int = 3
    batch_size: int = 16
    warmup: int = 3


def default_texts() -> list[str]:
    """Seed articles and the texts of the annotation splits."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for split in SPLITS:
        path = ROOT / "annotations" / f"{split}.jsonl"
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


def sized(texts: Sequence[str], count: int | None) -> list[str]:
    """``texts`` repeated or cut to ``count`` articles."""
    if count is None:
        return list(texts)
    return [texts[i % len(texts)] for i in range(count)]


def batches(texts: Sequence[str], size: int) -> list[list[str]]:
    return [list(texts[i : i + size]) for i in range(0, len(texts), size)]


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --- runners: load what a mode needs, return a function over a batch of texts -----------------

Runner = Callable[[list[str]], int]  # texts -> tokens produced


def stanza_runner(bulk: bool, pipeline=None) -> Runner:
    """Stanza alone; ``pipeline``: an already loaded Stanza pipeline (the extraction pipeline's own)."""
    import stanza

    from pipeline.nlp import EXTRACTION_PROCESSORS
    from pipeline.tokenize import freeze_loaded, load_stanza

    if pipeline is None:
        pipeline = load_stanza(processors=EXTRACTION_PROCESSORS.split(","))
        freeze_loaded()  # as the pipeline's tokenizer does after loading: the same process settings

    def count(docs) -> int:
        return sum(len(s.tokens) for d in docs for s in d.sentences)

    if bulk:
        return lambda texts: count(pipeline.bulk_process([stanza.Document([], text=t) for t in texts]))
    return lambda texts: count(pipeline(t) for t in texts)


def pipeline_runner(with_stanza_alone: bool = False) -> Runner | tuple[Runner, Runner]:
    """The whole pipeline to facts; with ``with_stanza_alone``, also Stanza alone on the
    pipeline's own loaded Stanza model (for paired timings in one process)."""
    from pipeline.extract import Article, extract_documents
    from pipeline.nlp import build_nlp

    nlp = build_nlp()
    stanza_pipeline = nlp.tokenizer.stanza  # the models load lazily; count them in the load time

    def run(texts: list[str]) -> int:
        articles = [Article(str(i), t, {}) for i, t in enumerate(texts)]
        return sum(len(d.facts) for d in extract_documents(articles, nlp))

    return (run, stanza_runner(True, stanza_pipeline)) if with_stanza_alone else run


def blank_runner() -> Runner:
    import spacy

    nlp = spacy.blank("id")
    return lambda texts: sum(len(doc) for doc in nlp.tokenizer.pipe(texts))


def make_runner(mode: str) -> Runner:
    if mode == "spacy-blank":
        return blank_runner()
    if mode in ("stanza-per-article", "stanza-bulk"):
        return stanza_runner(bulk=mode == "stanza-bulk")
    return pipeline_runner()


# --- one mode in this process ---------------------------------------------------------------


def timed(run: Runner, batch: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    count = run(batch)
    return time.perf_counter() - started, count


def measure(mode: str, texts: list[str], settings: Settings) -> dict[str, Any]:
    """Import, load, warm up, then time every batch ``repeat`` times. The pipeline mode also
    times Stanza alone on each batch, with the pipeline's own Stanza model, in alternating
    order (paired timings: the same process, memory and moment for both)."""
    started = time.perf_counter()
    for module in IMPORTS[mode]:
        importlib.import_module(module)
    import_s = time.perf_counter() - started
    started = time.perf_counter()
    if mode == "pipeline":
        run, alone = pipeline_runner(with_stanza_alone=True)
    else:
        run, alone = make_runner(mode), None
    load_s = time.perf_counter() - started
    run(texts[: settings.warmup])
    timings, counts, paired = [], [], []
    for _ in range(settings.repeat):
        for number, batch in enumerate(batches(texts, settings.batch_size)):
            if alone is not None and number % 2 == 0:
                paired.append(timed(alone, batch)[0])
            seconds, count = timed(run, batch)
            timings.append(seconds)
            counts.append(count)
            if alone is not None and number % 2 == 1:
                paired.append(timed(alone, batch)[0])
    return {
        "mode": mode,
        "import_s": import_s,
        "load_s": load_s,
        "batch_seconds": timings,
        "batch_counts": counts,
        "stanza_alone_seconds": paired,
        "peak_rss_mb": peak_rss_mb(),
    }


def worker_main(texts: list[str], settings: Settings) -> None:
    """A pipeline worker: load, say ready, then run each pass it is told to."""
    run = make_runner("pipeline")
    run(texts[: settings.warmup])
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "go":
            break
        run(texts)
        print("done", flush=True)
    print(json.dumps({"peak_rss_mb": peak_rss_mb()}), flush=True)


def measure_workers(texts: list[str], settings: Settings, workers: int = 2) -> dict[str, Any]:
    """Passes over all articles split over ``workers`` processes, each with its own pipeline."""
    shares = [texts[i::workers] for i in range(workers)]
    started = time.perf_counter()
    processes = [spawn_worker(share, settings) for share in shares]
    for process in processes:
        expect(process, "ready")
    load_s = time.perf_counter() - started
    timings = []
    for _ in range(settings.repeat):
        started = time.perf_counter()
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        for process in processes:
            expect(process, "done")
        timings.append(time.perf_counter() - started)
    peaks = []
    for process in processes:
        process.stdin.close()
        peaks.append(json.loads(process.stdout.read().strip().splitlines()[-1])["peak_rss_mb"])
        process.wait()
    return {
        "mode": f"pipeline-{workers}-workers",
        "load_s": load_s,
        "pass_seconds": timings,
        "worker_peak_rss_mb": peaks,
        "peak_rss_mb": round(sum(peaks), 1),
    }


def spawn_worker(texts: list[str], settings: Settings) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline.benchmark", "--worker", "--settings", json.dumps(settings.__dict__)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    process.stdin.write(json.dumps(texts) + "\n")
    process.stdin.flush()
    return process


def expect(process: subprocess.Popen, word: str) -> None:
    line = process.stdout.readline().strip()
    if line != word:
        raise RuntimeError(f"benchmark worker said {line!r}, expected {word!r} (exit code {process.poll()})")


# --- figures --------------------------------------------------------------------------------


def median_interval(values: Sequence[float], rounds: int = 1000, seed: int = 0) -> tuple[float, float, float]:
    """Median and a 95% bootstrap interval of the median."""
    rng = random.Random(seed)
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(rounds))
    return statistics.median(values), medians[int(0.025 * rounds)], medians[int(0.975 * rounds) - 1]


def rate(units: Sequence[float], seconds: Sequence[float]) -> dict[str, float]:
    """Units per second over batches: median, 95% interval, and overall (sum / sum)."""
    median, low, high = median_interval([u / s for u, s in zip(units, seconds)])
    return {
        "median": round(median, 1),
        "ci95": [round(low, 1), round(high, 1)],
        "overall": round(sum(units) / sum(seconds), 1),
    }


def summarise(result: dict[str, Any], texts: list[str], settings: Settings, tokens: list[int]) -> dict[str, Any]:
    """Words/s (Stanza tokens and whitespace words) and articles/s of a batched mode."""
    groups = batches(texts, settings.batch_size) * settings.repeat
    seconds = result["batch_seconds"]
    return {
        "import_s": round(result["import_s"], 2),
        "load_s": round(result["load_s"], 2),
        "peak_rss_mb": result["peak_rss_mb"],
        "tokens_per_s": rate(tokens * settings.repeat, seconds),
        "words_per_s": rate([sum(len(t.split()) for t in g) for g in groups], seconds),
        "articles_per_s": rate([len(g) for g in groups], seconds),
        "batch_seconds": [round(s, 4) for s in seconds],
    }


def summarise_workers(
    result: dict[str, Any], texts: list[str], single_pass: list[float], tokens: int
) -> dict[str, Any]:
    """Throughput of the two-worker passes and its ratio to one worker's passes."""
    workers = statistics.median(result["pass_seconds"])
    single = statistics.median(single_pass)
    return {
        "load_s": round(result["load_s"], 2),
        "peak_rss_mb": result["peak_rss_mb"],
        "worker_peak_rss_mb": result["worker_peak_rss_mb"],
        "pass_seconds": [round(s, 3) for s in result["pass_seconds"]],
        "tokens_per_s": round(tokens / workers, 1),
        "articles_per_s": round(len(texts) / workers, 2),
        "one_worker_tokens_per_s": round(tokens / single, 1),
        "speedup_vs_one_worker": round(single / workers, 3),
    }


def run_mode(mode: str, settings: Settings, texts_file: Path) -> dict[str, Any]:
    """Run one mode in a fresh process and read back its JSON line."""
    command = [sys.executable, "-m", "pipeline.benchmark", "--mode", mode, "--texts", str(texts_file)]
    output = subprocess.run(
        [*command, "--settings", json.dumps(settings.__dict__)], check=False, capture_output=True, text=True, cwd=ROOT
    )
    if output.returncode != 0:
        raise RuntimeError(f"benchmark mode {mode} failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def mode_main(mode: str, texts: list[str], settings: Settings) -> dict[str, Any]:
    """What a mode process prints: its raw timings, peak RSS and torch's thread count."""
    result = measure_workers(texts, settings) if mode == "pipeline-2-workers" else measure(mode, texts, settings)
    torch = sys.modules.get("torch")
    return {**result, "torch_threads": torch.get_num_threads() if torch else None}


def benchmark(settings: Settings, texts: list[str] | None = None, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Every mode on the same articles, each in its own process; the figures as a dict."""
    import tempfile

    texts = sized(texts if texts is not None else default_texts(), settings.articles)
    raw: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        texts_file = Path(folder) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        for mode in MODES:
            log(f"running {mode} ...")
            raw[mode] = run_mode(mode, settings, texts_file)
    return figures(raw, texts, settings)


def figures(raw: dict[str, dict[str, Any]], texts: list[str], settings: Settings) -> dict[str, Any]:
    groups = len(batches(texts, settings.batch_size))
    tokens = raw["stanza-bulk"]["batch_counts"][:groups]
    modes = {m: summarise(raw[m], texts, settings, tokens) for m in MODES if m != "pipeline-2-workers"}
    seconds = raw["pipeline"]["batch_seconds"]
    one_worker = [sum(seconds[i : i + groups]) for i in range(0, len(seconds), groups)]
    modes["pipeline-2-workers"] = summarise_workers(raw["pipeline-2-workers"], texts, one_worker, sum(tokens))
    stanza = {m: modes[m]["tokens_per_s"]["median"] for m in ("stanza-per-article", "stanza-bulk")}
    best = max(stanza, key=stanza.get)
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
        "torch_threads": raw["pipeline"]["torch_threads"],
        "settings": settings.__dict__,
        "articles": len(texts),
        "stanza_tokens": sum(tokens),
        "whitespace_words": sum(len(t.split()) for t in texts),
        "modes": modes,
        "best_stanza_mode": best,
        "pipeline_vs_stanza": round(modes["pipeline"]["tokens_per_s"]["median"] / stanza[best], 3),
        "paired": paired_ratio(raw["pipeline"]["stanza_alone_seconds"], raw["pipeline"]["batch_seconds"]),
        "pipeline_load_s": modes["pipeline"]["load_s"],
        "pipeline_import_s": modes["pipeline"]["import_s"],
        "two_workers_vs_one": modes["pipeline-2-workers"]["speedup_vs_one_worker"],
    }


def paired_ratio(stanza_seconds: Sequence[float], pipeline_seconds: Sequence[float]) -> dict[str, Any]:
    """Pipeline throughput over Stanza-alone throughput, batch by batch in one process:
    overall (total Stanza time / total pipeline time), and the median of the batch ratios
    with a 95% bootstrap interval."""
    median, low, high = median_interval([s / p for s, p in zip(stanza_seconds, pipeline_seconds)])
    return {
        "overall": round(sum(stanza_seconds) / sum(pipeline_seconds), 3),
        "median": round(median, 3),
        "ci95": [round(low, 3), round(high, 3)],
        "stanza_alone_seconds": [round(s, 4) for s in stanza_seconds],
    }


def report_lines(result: dict[str, Any]) -> list[str]:
    """The figures as a table."""
    settings = result["settings"]
    header = (
        f"{result['articles']} articles, {result['stanza_tokens']} Stanza tokens, {result['whitespace_words']} "
        f"whitespace words; {result['cpus']} CPUs, torch threads {result['torch_threads']}; median over "
        f"{settings['repeat']} x batches of {settings['batch_size']} articles, 95% bootstrap interval"
    )
    lines = [
        header,
        f"{'mode':20} {'tokens/s':>8} {'95% CI':>13} {'words/s':>8} {'articles/s':>10} {'load s':>7} {'peak MB':>8}",
    ]
    for name, mode in result["modes"].items():
        if name == "pipeline-2-workers":
            continue
        low, high = mode["tokens_per_s"]["ci95"]
        interval = f"{low:.0f}-{high:.0f}"
        lines.append(
            f"{name:20} {mode['tokens_per_s']['median']:>8.0f} {interval:>13} {mode['words_per_s']['median']:>8.0f} "
            f"{mode['articles_per_s']['median']:>10.2f} {mode['load_s']:>7.2f} {mode['peak_rss_mb']:>8.0f}"
        )
    workers = result["modes"]["pipeline-2-workers"]
    two = f"{'pipeline-2-workers':20} {workers['tokens_per_s']:>8.0f} {'(per pass)':>13} {'':>8} "
    two += f"{workers['articles_per_s']:>10.2f} {workers['load_s']:>7.2f} {workers['peak_rss_mb']:>8.0f}"
    ratios = f"pipeline / {result['best_stanza_mode']}: {result['pipeline_vs_stanza']:.3f}x tokens/s; "
    ratios += f"2 workers / 1 worker: {workers['speedup_vs_one_worker']:.2f}x; pipeline load {result['pipeline_load_s']:.2f} s"
    ratios += f" (after {result['pipeline_import_s']:.2f} s of imports)"
    paired = result["paired"]
    same_process = (
        f"pipeline / Stanza alone (bulk), paired batch by batch in one process with the same model: "
        f"{paired['overall']:.3f}x overall, median {paired['median']:.3f}x "
        f"(95% CI {paired['ci95'][0]:.3f}-{paired['ci95'][1]:.3f})"
    )
    return [*lines, two + f" (workers: {workers['worker_peak_rss_mb']} MB)", ratios, same_process]


def main(argv: list[str] | None = None) -> int:
    """Entry of the mode and worker processes (``python -m pipeline.benchmark``)."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=MODES)
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--texts", default=None)
    parser.add_argument("--settings", default="{}")
    args = parser.parse_args(argv)
    settings = Settings(**json.loads(args.settings))
    if args.worker:
        worker_main(json.loads(sys.stdin.readline()), settings)
        return 0
    texts = json.loads(Path(args.texts).read_text(encoding="utf-8"))
    print(json.dumps(mode_main(args.mode, texts, settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
