"""Kept for old links: the tokenisation benchmark is part of ``warta benchmark`` now (Stanza
alone per article and in bulk, the whole pipeline, spaCy's blank Indonesian tokenizer and
two workers, each in its own process).

    python scripts/benchmark_tokenize.py [--repeat 3] [--articles N] [--json out/bench.json]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.cli import main

if __name__ == "__main__":
    sys.exit(main(["benchmark", *sys.argv[1:]]))
