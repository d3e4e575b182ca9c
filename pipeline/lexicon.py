"""The common-word lexicon (``configs/lexicon/common_words.txt``) derived from UD treebanks.

A word is common when the treebanks use it mostly as something other than a proper noun;
the official finder never takes a common word for part of a name.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.stanza_build import TEST_FILES, TRAIN_PARTS


def count_forms(conllu_files: list[Path]) -> tuple[Counter, Counter]:
    """Occurrences of each lower-cased form, overall and as PROPN."""
    total, proper = Counter(), Counter()
    for path in conllu_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            columns = line.split("\t")
            if len(columns) != 10 or not columns[0].isdigit():
                continue
            form = columns[1].lower()
            total[form] += 1
            proper[form] += columns[3] == "PROPN"
    return total, proper


def build_lexicon(ud_dir: Path, out: Path, max_proper_share: float = 0.3) -> int:
    """Write the common words of every UD file (train and test) to ``out``; return how many."""
    files = [ud_dir / p for p in (*TRAIN_PARTS, *TEST_FILES.values())]
    total, proper = count_forms(files)
    words = sorted(w for w, n in total.items() if w.isalpha() and proper[w] / n <= max_proper_share)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(words) + "\n", encoding="utf-8")
    return len(words)
