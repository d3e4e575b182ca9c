"""The spaCy pipeline: Stanza tokenizer, EntityRuler, span rules (and later the classifier)."""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import tokenize  # noqa: F401  (registers warta.stanza_tokenizer.v1)
from pipeline.officials import find_officials
from pipeline.refine import refine_spans
from pipeline.rules import all_patterns


@Language.factory("warta_span_rules", default_config={})
def create_span_rules(nlp: Language, name: str) -> "SpanRules":
    return SpanRules()


class SpanRules:
    """Refines the EntityRuler's spans by context and adds OFFICIAL spans."""

    def __call__(self, doc: Doc) -> Doc:
        spans = [(e.start, e.end, e.label_) for e in doc.ents]
        spans = refine_spans(doc, spans)
        spans = sorted(spans + find_officials(doc, spans))
        doc.ents = [Span(doc, s, e, label=label) for s, e, label in spans]
        return doc


EXTRACTION_PROCESSORS = "tokenize,mwt"  # the rules and the linker read tokens and sentences only


def build_nlp(tokenizer: str = "stanza", processors: str = EXTRACTION_PROCESSORS) -> Language:
    """The rule pipeline. ``tokenizer="blank"`` uses spaCy's own Indonesian tokenizer (tests)."""
    if tokenizer == "stanza":
        config = {"@tokenizers": "warta.stanza_tokenizer.v1", "processors": processors}
        nlp = spacy.blank("id", config={"nlp": {"tokenizer": config}})
    else:
        nlp = spacy.blank("id")
        nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True, "validate": False})
    ruler.add_patterns(all_patterns())
    nlp.add_pipe("warta_span_rules")
    return nlp


@lru_cache(maxsize=2)
def shared_nlp(tokenizer: str | None = None) -> Language:
    """One pipeline per process; ``WARTA_TOKENIZER=blank`` selects spaCy's tokenizer."""
    return build_nlp(tokenizer or os.environ.get("WARTA_TOKENIZER", "stanza"))
