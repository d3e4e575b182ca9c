"""The spaCy pipeline: Stanza tokenizer, EntityRuler, span rules and the span classifier."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.lang.id import Indonesian
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import tokenize  # noqa: F401  (registers warta.stanza_tokenizer.v1)
from pipeline.classify import COMPONENT as CLASSIFIER
from pipeline.classify import DEFAULT_MODEL_DIR as DEFAULT_CLASSIFIER_DIR
from pipeline.officials import find_officials
from pipeline.refine import refine_spans
from pipeline.rules import add_entity_ruler, listed_entities


@Language.factory("warta_span_rules", default_config={})
def create_span_rules(nlp: Language, name: str) -> SpanRules:
    return SpanRules()


class SpanRules:
    """Refines the EntityRuler's spans by context and adds OFFICIAL spans."""

    def __call__(self, doc: Doc) -> Doc:
        spans = listed_entities(doc)
        spans = refine_spans(doc, spans)
        spans = sorted(spans + find_officials(doc, spans))
        doc.ents = [Span(doc, s, e, label=label) for s, e, label in spans]
        return doc


class StanzaIndonesian(Indonesian):
    """Indonesian whose ``pipe`` tokenises many texts per Stanza call (the tokenizer's own
    ``pipe``); spaCy's ``Language.pipe`` would call the tokenizer once per text."""

    def pipe(self, texts: Iterable[str | Doc], *, as_tuples: bool = False, **kwargs) -> Iterator[Doc]:
        if not as_tuples and hasattr(self.tokenizer, "pipe"):
            texts = tokenized(self.tokenizer, texts)
        return super().pipe(texts, as_tuples=as_tuples, **kwargs)


def tokenized(tokenizer, items: Iterable[str | Doc]) -> Iterator[Doc]:
    """Docs for texts, in order, many texts per tokenizer call; Docs pass through."""
    pending: list[str] = []
    for item in items:
        if isinstance(item, str):
            pending.append(item)
            if len(pending) >= tokenizer.batch_size:
                yield from tokenizer.pipe(pending)
                pending = []
            continue
        yield from tokenizer.pipe(pending)
        pending = []
        yield item
    yield from tokenizer.pipe(pending)


EXTRACTION_PROCESSORS = "tokenize,mwt"  # the rules and the linker read tokens and sentences only


def build_nlp(
    tokenizer: str = "stanza", processors: str = EXTRACTION_PROCESSORS, classifier: Path | str | None = "default"
) -> Language:
    """The pipeline. ``tokenizer="blank"`` uses spaCy's own Indonesian tokenizer (tests);
    ``classifier`` is a model folder, ``"default"`` (the shipped one, when present) or None
    (rules alone)."""
    if tokenizer == "stanza":
        config = {"@tokenizers": "warta.stanza_tokenizer.v1", "processors": processors}
        nlp = StanzaIndonesian.from_config({"nlp": {"lang": "id", "tokenizer": config}})
    else:
        nlp = spacy.blank("id")
        nlp.add_pipe("sentencizer")
    add_entity_ruler(nlp)
    nlp.add_pipe("warta_span_rules")
    model_dir = DEFAULT_CLASSIFIER_DIR if classifier == "default" else classifier
    if model_dir is not None and (classifier != "default" or (Path(model_dir) / "span_model.npz").exists()):
        nlp.add_pipe(CLASSIFIER).from_disk(model_dir)
    return nlp


@lru_cache(maxsize=2)
def shared_nlp(tokenizer: str | None = None) -> Language:
    """One pipeline per process; ``WARTA_TOKENIZER=blank`` selects spaCy's tokenizer,
    ``WARTA_CLASSIFIER`` a classifier folder (``none``: rules alone)."""
    chosen = os.environ.get("WARTA_CLASSIFIER", "default")
    return build_nlp(
        tokenizer or os.environ.get("WARTA_TOKENIZER", "stanza"), classifier=None if chosen == "none" else chosen
    )
