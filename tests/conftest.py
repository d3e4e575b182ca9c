"""Shared fixtures: a rule pipeline on spaCy's own tokenizer (no model needed) and the real one."""

from __future__ import annotations

import pytest

from pipeline.tokenize import DEFAULT_MODEL_DIR, model_paths


def stanza_models_present() -> bool:
    return all(p.exists() for p in model_paths(DEFAULT_MODEL_DIR, ("tokenize", "mwt")).values())


needs_stanza = pytest.mark.skipif(
    not stanza_models_present(), reason="Stanza models not built (warta models build-stanza)"
)


@pytest.fixture(scope="session")
def blank_nlp():
    """Rules alone: the shipped classifier was trained on Stanza's tokens."""
    from pipeline.nlp import build_nlp

    return build_nlp("blank", classifier=None)


@pytest.fixture(scope="session")
def stanza_nlp():
    from pipeline.nlp import build_nlp

    return build_nlp("stanza")


@pytest.fixture(scope="session")
def stanza_rules_nlp():
    """Stanza's tokens and sentences, rules alone."""
    from pipeline.nlp import build_nlp

    return build_nlp("stanza", classifier=None)
