"""Tokenisation speed and memory: the shipped Stanza models against spaCy's blank Indonesian
tokenizer, on the same articles, in one run. Each mode runs in its own process so its peak
memory is its own.

    python scripts/benchmark_tokenize.py [--repeat 3] [--json out/bench.json]

Modes: ``stanza-per-article`` (one Stanza call per article), ``stanza-bulk`` (Stanza's
``bulk_process`` on raw Stanza documents), ``warta-pipe`` (warta's ``StanzaTokenizer.pipe``,
which uses bulk_process and builds spaCy Docs), ``spacy-blank`` (spaCy's rule tokenizer).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = ("spacy-blank", "stanza-per-article", "stanza-bulk", "warta-pipe")


def load_articles() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for split in ("train", "dev"):
        path = ROOT / "annotations" / f"{split}.jsonl"
        if path.exists():
            texts += [
                json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
            ]
    return texts


def make_runner(mode: str):
    """Load what ``mode`` needs; return (function over all texts -> token count, load seconds)."""
    started = time.perf_counter()
    if mode == "spacy-blank":
        import spacy

        nlp = spacy.blank("id")
        run = lambda texts: sum(len(doc) for doc in nlp.tokenizer.pipe(texts))  # noqa: E731
    else:
        import stanza

        sys.path.insert(0, str(ROOT))
        from pipeline.tokenize import StanzaTokenizer, load_stanza
        from spacy.vocab import Vocab

        stanza_nlp = load_stanza(processors=("tokenize", "mwt"))
        if mode == "stanza-per-article":
            run = lambda texts: sum(sum(len(s.tokens) for s in stanza_nlp(t).sentences) for t in texts)  # noqa: E731
        elif mode == "stanza-bulk":

            def run(texts):
                docs = stanza_nlp.bulk_process([stanza.Document([], text=t) for t in texts])
                return sum(len(s.tokens) for d in docs for s in d.sentences)
        else:
            tokenizer = StanzaTokenizer(Vocab(), processors=("tokenize", "mwt"))
            tokenizer._stanza = stanza_nlp
            run = lambda texts: sum(len([t for t in doc if not t.is_space]) for doc in tokenizer.pipe(texts))  # noqa: E731
    return run, time.perf_counter() - started


def measure(mode: str, repeat: int) -> dict:
    texts = load_articles()
    words = sum(len(t.split()) for t in texts)
    run, load_seconds = make_runner(mode)
    run(texts[:5])  # warm-up
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        tokens = run(texts)
        seconds.append(time.perf_counter() - started)
    median = statistics.median(seconds)
    return {
        "mode": mode,
        "articles": len(texts),
        "words": words,
        "tokens": tokens,
        "load_s": round(load_seconds, 2),
        "median_s": round(median, 3),
        "words_per_s": round(words / median),
        "articles_per_s": round(len(texts) / median, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", default=None)
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(measure(args.mode, args.repeat)))
        return 0
    results = []
    for mode in MODES:
        output = subprocess.run(
            [sys.executable, __file__, "--mode", mode, "--repeat", str(args.repeat)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
    baseline = next(r for r in results if r["mode"] == "spacy-blank")
    per_article = next(r for r in results if r["mode"] == "stanza-per-article")
    print(
        f"{'mode':20} {'words/s':>9} {'articles/s':>10} {'load s':>7} {'peak MB':>8} {'vs blank':>9} {'vs per-article':>15}"
    )
    for r in results:
        print(
            f"{r['mode']:20} {r['words_per_s']:>9} {r['articles_per_s']:>10} {r['load_s']:>7} {r['peak_rss_mb']:>8} "
            f"{r['words_per_s'] / baseline['words_per_s']:>9.3f} {r['words_per_s'] / per_article['words_per_s']:>15.2f}"
        )
    print(f"{baseline['articles']} articles, {baseline['words']} words, median of {args.repeat} runs after a warm-up")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
