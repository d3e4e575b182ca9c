"""Rules alone next to rules + classifier, and one classifier next to another, on the same
gold documents and the same tokenisation (Stanza runs once per document)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.classify import COMPONENT, SpanClassifier
from pipeline.extract import Article, doc_to_document
from pipeline.link import link
from pipeline.schema import Document


def rule_docs(nlp: Language, gold: Sequence[Document]) -> list[Doc]:
    """The docs as the rules leave them (the classifier, if any, disabled)."""
    disabled = [COMPONENT] if COMPONENT in nlp.pipe_names else []
    with nlp.select_pipes(disable=disabled):
        return list(nlp.pipe(d.text for d in gold))


def classified_documents(
    docs: Sequence[Doc], gold: Sequence[Document], classifier: SpanClassifier | None
) -> list[Document]:
    """Documents predicted from copies of ``docs``: rules alone when ``classifier`` is None."""
    documents = []
    for doc, g in zip(docs, gold):
        article = Article(g.id, g.text, g.meta)
        copy = doc.copy()
        if classifier is None:
            documents.append(doc_to_document(article, copy, link(copy, g.meta)))
            continue
        classifier(copy)
        documents.append(doc_to_document(article, copy, classifier.score_facts(copy, link(copy, g.meta))))
    return documents


def load_classifier(path: Path | str) -> SpanClassifier:
    return SpanClassifier().from_disk(path)
