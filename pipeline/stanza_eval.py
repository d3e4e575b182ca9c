"""Score the shipped Stanza pipeline on held-out UD test files, raw text in, CoNLL-U out."""

from __future__ import annotations

from pathlib import Path

from stanza.models.common.utils import ud_scores
from stanza.utils.conll import CoNLL

from pipeline.stanza_build import read_conllu_sentences

METRICS = {"Tokens": "tokens", "Sentences": "sentences", "Words": "words", "UPOS": "upos", "Lemmas": "lemma"}


def raw_text(sentences: list[str]) -> str:
    """The test file's text as a reader would see it: sentence texts joined by spaces."""
    texts = []
    for block in sentences:
        line = next((row for row in block.splitlines() if row.startswith("# text = ")), None)
        if line is None:
            raise ValueError(f"sentence without '# text' comment: {block[:80]!r}")
        texts.append(line[len("# text = ") :])
    return " ".join(texts)


def score_file(gold_path: Path, nlp, processors: tuple[str, ...], work_dir: Path) -> dict:
    """Tokenize (and tag) ``gold_path``'s raw text with the Stanza pipeline ``nlp``; F1 per UD metric."""
    doc = nlp(raw_text(read_conllu_sentences(gold_path)))
    work_dir.mkdir(parents=True, exist_ok=True)
    predicted = work_dir / f"{gold_path.stem}.pred.conllu"
    CoNLL.write_doc2conll(doc, str(predicted))
    try:
        scores = ud_scores(str(gold_path), str(predicted))  # the CoNLL 2018 shared task scorer
    except Exception as error:  # udtools' UDError: e.g. an undertrained MWT model emits <UNK>
        return {"error": str(error).splitlines()[0]}
    wanted = {
        k: v
        for k, v in METRICS.items()
        if k in ("Tokens", "Sentences", "Words")
        or (k == "UPOS" and "pos" in processors)
        or (k == "Lemmas" and "lemma" in processors)
    }
    return {name: round(scores[key].f1 * 100, 2) for key, name in wanted.items()}


def score_test_files(
    ud_dir: Path, model_dir: Path, test_files: dict[str, str], processors: tuple[str, ...], work_dir: Path
) -> dict:
    """F1 (percent) per test file and metric."""
    from pipeline.tokenize import load_stanza

    nlp = load_stanza(model_dir, processors)
    return {"test_f1": {name: score_file(ud_dir / rel, nlp, processors, work_dir) for name, rel in test_files.items()}}
