"""The span classifier: suggester, features, the linear model, decoding, the component and its files."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import needs_stanza
from sklearn.linear_model import LogisticRegression

from pipeline.classify import (
    COMPONENT,
    NONE,
    Candidate,
    LinearModel,
    SpanClassifier,
    candidate_features,
    decode,
    suggest,
)
from pipeline.schema import read_jsonl
from pipeline.train import train_classifier, without_rule

SENTENCE = "Kepala BPJS Ketenagakerjaan Cabang Palu, Andi Syamsu Rijal mengatakan 254.675 pekerja di Sulteng atau 54,61 persen sudah terlindungi."


def texts(doc, candidates):
    return {(doc[c.start : c.end].text, c.rule_label) for c in candidates}


def test_suggester_keeps_rule_spans_and_adds_numbers_and_capitalised_runs(blank_nlp):
    doc = blank_nlp(SENTENCE)
    found = texts(doc, suggest(doc))
    assert ("254.675", "METRIC") in found and ("Sulteng", "REGION") in found
    assert ("BPJS Ketenagakerjaan Cabang Palu", None) in found  # a capitalised run less its first word
    assert ("Kepala BPJS Ketenagakerjaan Cabang", None) in found  # the run less its last word
    assert ("Andi Syamsu", None) not in found  # inside a rule span (OFFICIAL "Andi Syamsu Rijal")
    assert len({(c.start, c.end) for c in suggest(doc)}) == len(suggest(doc))  # no span twice


def test_features_name_the_rule_the_context_and_the_gazetteer(blank_nlp):
    doc = blank_nlp(SENTENCE)
    region = next(c for c in suggest(doc) if c.rule_label == "REGION" and doc[c.start].text == "Sulteng")
    features = candidate_features(doc, region)
    assert features["rule=REGION"] == 1.0 and features["left1=di"] == 1.0 and features["right1=atau"] == 1.0
    assert features["gazetteer=provinsi"] == 1.0
    assert without_rule(features)["rule=none"] == 1.0 and "rule=REGION" not in without_rule(features)


@pytest.mark.parametrize("classes", [["a", "b"], ["a", "b", "c"]])
def test_linear_model_probabilities_equal_sklearn(classes, tmp_path):
    rng = np.random.default_rng(0)
    rows = [{f"f{j}": float(rng.integers(0, 2)) for j in range(6)} for _ in range(60)]
    targets = [classes[int(r["f0"] + r["f1"]) % len(classes)] for r in rows]
    model = LinearModel.fit(rows, targets)
    from sklearn.feature_extraction import DictVectorizer

    vectorizer = DictVectorizer()
    expected = LogisticRegression(max_iter=3000).fit(vectorizer.fit_transform(rows), targets)
    assert np.allclose(model.probabilities(rows), expected.predict_proba(vectorizer.transform(rows)), atol=1e-6)
    model.save(tmp_path, "m")
    loaded = LinearModel.load(tmp_path, "m")
    assert np.array_equal(loaded.probabilities(rows), model.probabilities(rows))
    assert loaded.probabilities([{"unknown": 1.0}]).shape == (1, len(classes))


def test_model_files_hold_no_pickles(tmp_path):
    model = LinearModel.fit([{"x": 1.0}, {"y": 1.0}], ["a", "b"])
    model.save(tmp_path, "m")
    with np.load(tmp_path / "m.npz", allow_pickle=False) as arrays:  # raises on object arrays
        assert {a.dtype.kind for a in arrays.values()} == {"f"}
    assert json.loads((tmp_path / "m.json").read_text())["classes"] == ["a", "b"]


def test_decode_keeps_rule_spans_unless_none_wins_and_suggestions_above_the_threshold():
    classes = ["METRIC", NONE, "REGION"]
    candidates = [Candidate(0, 2, "REGION"), Candidate(1, 3, None), Candidate(5, 6, None), Candidate(7, 8, "METRIC")]
    probabilities = np.array([[0.1, 0.2, 0.7], [0.8, 0.1, 0.1], [0.3, 0.4, 0.3], [0.6, 0.4, 0.0]])
    # the likelier of two overlapping spans wins; a weak suggestion is left out
    assert decode(candidates, probabilities, classes, 0.5, 0.5) == [(1, 3, "METRIC", 0.8), (7, 8, "METRIC", 0.6)]
    assert decode(candidates, probabilities, classes, 0.25, 0.5) == [
        (1, 3, "METRIC", 0.8),
        (5, 6, "METRIC", 0.3),
        (7, 8, "METRIC", 0.6),
    ]
    # a rule span goes when NONE reaches the drop threshold
    assert decode(candidates, probabilities, classes, 0.5, 0.3) == [(1, 3, "METRIC", 0.8)]
    # no suggestion passes a high threshold; rule spans stay
    assert decode(candidates, probabilities, classes, 0.9, 0.5) == [(0, 2, "REGION", 0.7), (7, 8, "METRIC", 0.6)]


def test_decode_relabels_a_rule_span():
    classes = ["METRIC", NONE, "ORG"]
    assert decode([Candidate(0, 3, "METRIC")], np.array([[0.1, 0.2, 0.7]]), classes, 0.5) == [(0, 3, "ORG", 0.7)]


@pytest.fixture(scope="module")
def seed_classifier(blank_nlp):
    """A classifier trained on the seeds with spaCy's tokenizer (fast; not the shipped model)."""
    classifier, metrics = train_classifier(blank_nlp, list(read_jsonl("annotations/seeds.jsonl")), k=2)
    return classifier, metrics


def test_training_reports_cross_validated_scores(seed_classifier):
    _, metrics = seed_classifier
    cv = metrics["cross_validation"]
    assert metrics["documents"] == 5 and cv["folds"] == 2
    for system in ("rules", "rules+classifier", "rules+classifier+fact_scorer"):
        assert 0.0 < cv[system]["span_partial_f1"] <= 1.0
    assert metrics["candidate_labels"][NONE] > 0


def test_predict_is_pure_and_set_annotations_writes_labels_with_confidence(blank_nlp, seed_classifier):
    classifier, _ = seed_classifier
    doc = blank_nlp(SENTENCE)
    before = [(e.start, e.end, e.label_) for e in doc.ents]
    scores = classifier.predict([doc])
    assert [(e.start, e.end, e.label_) for e in doc.ents] == before
    classifier.set_annotations([doc], scores)
    confidence = doc._.span_confidence
    assert doc.ents and all((e.start_char, e.end_char, e.label_) in confidence for e in doc.ents)
    assert all(0.5 <= p <= 1.0 for p in confidence.values())


def test_threshold_is_configurable(blank_nlp, seed_classifier):
    classifier, _ = seed_classifier
    strict = SpanClassifier(threshold=1.01, drop_threshold=0.0, label_drop_thresholds={})
    strict.span_model = classifier.span_model
    assert strict(blank_nlp(SENTENCE)).ents == ()
    regions_kept = SpanClassifier(threshold=1.01, drop_threshold=0.0, label_drop_thresholds={"REGION": 1.01})
    regions_kept.span_model = classifier.span_model
    doc = blank_nlp(SENTENCE)
    rule_regions = [(e.start, e.end) for e in doc.ents if e.label_ == "REGION"]
    assert rule_regions and [(e.start, e.end) for e in regions_kept(doc).ents] == rule_regions
    lenient = SpanClassifier(threshold=1.01, drop_threshold=1.01)  # rule spans only, none dropped
    lenient.span_model = classifier.span_model
    doc = blank_nlp(SENTENCE)
    rules = [(e.start, e.end) for e in doc.ents]
    assert [(e.start, e.end) for e in lenient(doc).ents] == rules


def test_component_round_trips_through_disk(blank_nlp, seed_classifier, tmp_path):
    classifier, _ = seed_classifier
    classifier.to_disk(tmp_path / "model")
    nlp = blank_nlp.__class__()  # an empty Indonesian pipeline to host the factory
    loaded = nlp.add_pipe(COMPONENT, config={"threshold": 0.5}).from_disk(tmp_path / "model")
    one, two = blank_nlp(SENTENCE), blank_nlp(SENTENCE)
    classifier(one)
    loaded(two)
    assert [(e.start, e.end, e.label_) for e in one.ents] == [(e.start, e.end, e.label_) for e in two.ents]
    assert one._.span_confidence == two._.span_confidence
    assert loaded.settings() == classifier.settings()


def test_loading_a_folder_without_a_model_names_the_command(tmp_path):
    with pytest.raises(FileNotFoundError, match="warta train"):
        SpanClassifier().from_disk(tmp_path)


def test_factory_defaults_live_in_its_config(blank_nlp):
    nlp = blank_nlp.__class__()
    nlp.add_pipe(COMPONENT)
    assert nlp.config["components"][COMPONENT]["threshold"] == 0.5


@needs_stanza
def test_shipped_model_labels_every_span_with_a_confidence(stanza_nlp):
    assert COMPONENT in stanza_nlp.pipe_names
    doc = stanza_nlp(SENTENCE)
    assert {e.label_ for e in doc.ents} >= {"ORG", "OFFICIAL", "METRIC", "REGION"}
    assert set(doc._.span_confidence) == {(e.start_char, e.end_char, e.label_) for e in doc.ents}


def test_logits_of_rows_with_unknown_or_no_features_are_the_intercept_plus_known_weights():
    rows = [{"a": 1.0, "b": 1.0}, {"b": 1.0}, {"a": 1.0}, {"b": 1.0, "a": 0.0}] * 5
    targets = ["x", "y", "z", "y"] * 5
    model = LinearModel.fit(rows, targets)
    asked = [{}, {"unseen": 1.0}, {"a": 1.0, "unseen": 1.0}, {"a": 2.0, "b": 1.0}]
    weights = dict(zip(model.features, model.coef.T))
    expected = [
        model.intercept,
        model.intercept,
        model.intercept + weights["a"],
        model.intercept + 2 * weights["a"] + weights["b"],
    ]
    assert np.allclose(model.logits(asked), expected)
    assert model.probabilities([{}]).shape == (1, 3)


def test_a_fact_threshold_must_win_in_nearly_every_resample():
    from pipeline.train import bootstrap_win_shares

    # every document: one true fact the scorer trusts, one false fact it doubts
    clear = [([{}, {}], [{}, {}], ["true", "false"])] * 40
    shares = bootstrap_win_shares(clear, [np.array([0.9, 0.2])] * 40, [1] * 40)
    assert shares[0.0] == 0.0 and shares[0.5] == 1.0
    # one doubtful false fact in one document of forty: not a gain to rely on
    doubtful = [([{}], [{}], ["true"])] * 39 + [([{}, {}], [{}, {}], ["true", "false"])]
    probabilities = [np.array([0.9])] * 39 + [np.array([0.9, 0.2])]
    assert bootstrap_win_shares(doubtful, probabilities, [1] * 40)[0.5] < 0.95
