"""Articles in, contract-shaped records out: read inputs, run the pipeline, link facts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.schema import Document, Span

MAX_ARTICLE_CHARS = 1_000_000


@dataclass(frozen=True)
class Article:
    """An input document; ``text`` is never changed after it is read."""

    id: str
    text: str
    meta: dict[str, Any]


class InputError(ValueError):
    """An input that cannot be read; the message names the file (and line)."""


def read_text_file(path: Path) -> Article:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not UTF-8 (byte {error.start}: {data[error.start : error.start + 1]!r})"
        ) from None
    return Article(path.stem, text, {"file": path.name})


def read_jsonl_articles(path: Path, errors: list[str]) -> Iterator[Article]:
    """Articles of a JSONL file (``id``, ``text``, optional ``meta``); bad lines go to ``errors``."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise InputError("record needs a string 'text'")
                if not isinstance(record.get("id"), (str, int)):
                    raise InputError("record needs an 'id'")
                meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
                yield Article(str(record["id"]), record["text"], meta)
            except (UnicodeDecodeError, json.JSONDecodeError, InputError) as error:
                errors.append(f"{path}:{number}: {error}")


def iter_articles(paths: Iterable[Path], errors: list[str]) -> Iterator[Article]:
    """Every article under ``paths`` (files or folders of .txt and .jsonl), sorted by path."""
    for path in paths:
        if path.is_dir():
            yield from iter_articles(sorted(p for p in path.rglob("*") if p.suffix in (".txt", ".jsonl")), errors)
        elif not path.exists():
            errors.append(f"{path}: no such file or folder")
        elif path.suffix == ".jsonl":
            yield from read_jsonl_articles(path, errors)
        else:
            try:
                yield read_text_file(path)
            except (InputError, OSError) as error:
                errors.append(str(error))


def checked(articles: Iterable[Article], errors: list[str], max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Article]:
    """Drop (and report) articles too large to process."""
    for article in articles:
        if len(article.text) > max_chars:
            errors.append(f"{article.id}: article has {len(article.text)} characters, over the limit of {max_chars}")
            continue
        yield article


def doc_to_document(article: Article, doc, facts: list[dict[str, Any]]) -> Document:
    from pipeline.classify import span_confidences

    confidence = span_confidences(doc)
    spans = tuple(
        Span(e.start_char, e.end_char, e.label_, confidence.get((e.start_char, e.end_char, e.label_))) for e in doc.ents
    )
    return Document(article.id, article.text, article.meta, spans, tuple(facts))


def doc_facts(nlp, doc, meta: dict[str, Any]) -> list[dict[str, Any]]:
    """The linker's facts, rescored (and filtered) by the classifier's fact scorer when there is one."""
    from pipeline.classify import COMPONENT
    from pipeline.link import link

    facts = link(doc, meta)
    if COMPONENT in nlp.pipe_names:  # enabled components only
        facts = nlp.get_pipe(COMPONENT).score_facts(doc, facts)
    return facts


def extract_documents(articles: Iterable[Article], nlp=None) -> Iterator[Document]:
    """Run the pipeline and the linker over articles, in order."""
    from pipeline.nlp import shared_nlp

    nlp = nlp or shared_nlp()
    articles = list(articles) if not isinstance(articles, list) else articles
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        yield doc_to_document(article, doc, doc_facts(nlp, doc, article.meta))
