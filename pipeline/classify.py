"""The span classifier: rules propose, a trained model decides.

spancat's shape: a *suggester* gives candidate spans (every span the EntityRuler and the
span rules produced, plus spans around numbers and capitalised runs that no rule took),
``predict`` scores every candidate over the five labels and ``NONE`` (pure), and
``set_annotations`` keeps the best-scoring non-overlapping candidates whose label
probability reaches ``threshold``, writing ``doc.ents`` and each span's confidence.

The same model directory holds a *fact scorer*: a binary model over the linker's facts
whose probability becomes each fact's ``confidence``; facts under ``fact_threshold`` are
dropped. Both are linear models saved as arrays (``.npz``, loaded with
``allow_pickle=False``) and JSON, so a model file a user receives cannot run code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np
from spacy.attrs import LEMMA, POS, SHAPE
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.dates import parse_date
from pipeline.numbers import MAGNITUDES, may_be_quantity, parse_quantity
from pipeline.regions import resolve_region
from pipeline.rules import word_set
from pipeline.tokenize import doc_text, token_table

NONE = "NONE"
COMPONENT = "warta_span_classifier"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "classifier"
MODEL_VERSION = "warta.span_classifier.v1"
CURRENCY = frozenset({"rp", "rp.", "idr"})
PERCENT = frozenset({"persen", "%", "prosen"})

if not Doc.has_extension("span_confidence"):
    Doc.set_extension("span_confidence", default=None)

Features = dict[str, float]
# Dropping a gazetteer or organisation match loses the region a fact needs, so the model
# must be surer of NONE for those (chosen by cross-validation on train: fact F1 0.9093 ->
# 0.9117 for REGION and ORG at 0.7, span F1 0.966 -> 0.965)
LABEL_DROP_THRESHOLDS = {"REGION": 0.7, "ORG": 0.7}


@dataclass(frozen=True)
class Candidate:
    """A token span ``[start, end)`` and the label a rule gave it (None: suggested)."""

    start: int
    end: int
    rule_label: str | None


# --- suggester ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocTokens:
    """A doc's token attributes read once, so that features of its many overlapping
    candidates index lists instead of creating a spaCy Token per access."""

    text: str
    words: list[str]
    lowers: list[str]
    shapes: list[str]
    lemmas: list[str]
    poses: list[str]
    starts: list[int]
    sentence_starts: list[bool]
    in_first_sentence: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> DocTokens:
        table = token_table(doc)
        strings = doc.vocab.strings
        shapes, lemmas, poses = doc.to_array([SHAPE, LEMMA, POS]).T.tolist() if len(doc) else ([], [], [])
        sentence_starts = [first == i for i, first in enumerate(table.sentence_starts)]
        # spaCy's Span.sent walks back from a span's first token to a sentence start
        in_first = [first == 0 for first in table.sentence_starts]
        return cls(
            doc_text(doc),
            table.texts,
            table.lowers,
            [strings[value] for value in shapes],
            strings_or_blanks(strings, lemmas),
            strings_or_blanks(strings, poses),
            table.starts,
            sentence_starts,
            in_first,
        )

    def span_text(self, start: int, end: int) -> str:
        return self.text[self.starts[start] : self.starts[end - 1] + len(self.words[end - 1])]


def strings_or_blanks(strings, values: list[int]) -> list[str]:
    """The strings of a lemma or POS column, "" where a token has none (all of them when
    the tokenizer gives none)."""
    if not any(values):
        return [""] * len(values)
    return [strings[value] if value else "" for value in values]


@lru_cache(maxsize=100_000)
def has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def number_spans(tokens: DocTokens) -> Iterable[tuple[int, int]]:
    """Spans around a numeral: optional currency before, magnitude word and percent after."""
    lowers, size = tokens.lowers, len(tokens.lowers)
    for i, word in enumerate(tokens.words):
        if not has_digit(word):
            continue
        start = i - 1 if i > 0 and lowers[i - 1] in CURRENCY else i
        end = i + 1
        if end < size and lowers[end] in MAGNITUDES:
            end += 1
        if end < size and lowers[end] in PERCENT:
            end += 1
        yield start, end
        if start < i:
            yield i, end


def capitalised_spans(tokens: DocTokens, max_length: int) -> Iterable[tuple[int, int]]:
    """Maximal runs of capitalised words in a sentence, and the run less its first or last word."""
    words, sentence_starts, size = tokens.words, tokens.sentence_starts, len(tokens.words)
    run_start = None
    for i, word in enumerate([*words, ""]):
        capitalised = word.isalpha() and word[0].isupper()
        if run_start is not None and (i == size or sentence_starts[i] or not capitalised):
            yield from run_variants(run_start, i, max_length)
            run_start = None
        if run_start is None and capitalised:
            run_start = i


def run_variants(start: int, end: int, max_length: int) -> Iterable[tuple[int, int]]:
    for a, b in ((start, end), (start + 1, end), (start, end - 1)):
        if 0 < b - a <= max_length:
            yield a, b


def suggest(doc: Doc, max_length: int = 6, tokens: DocTokens | None = None) -> list[Candidate]:
    """Every rule span (``doc.ents``) and the suggested spans that no rule span has exactly
    or holds (a word inside ``BPJS Ketenagakerjaan`` is not something the rules missed)."""
    tokens = tokens or DocTokens.of(doc)
    candidates = [Candidate(e.start, e.end, e.label_) for e in doc.ents]
    seen = {(c.start, c.end) for c in candidates}
    rule_span_at = [-1] * len(tokens.words)
    for number, candidate in enumerate(candidates):
        rule_span_at[candidate.start : candidate.end] = [number] * (candidate.end - candidate.start)
    for start, end in sorted(set(number_spans(tokens)) | set(capitalised_spans(tokens, max_length))):
        inside_rule_span = rule_span_at[start] >= 0 and rule_span_at[start] == rule_span_at[end - 1]
        if (start, end) not in seen and not inside_rule_span:
            seen.add((start, end))
            candidates.append(Candidate(start, end, None))
    return candidates


# --- features (pure) ---------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def token_features(prefix: str, lower: str, shape: str, lemma: str, pos: str) -> tuple[str, ...]:
    """Feature names of one token's word, shape, lemma and POS (when the tokenizer gives them)."""
    names = [f"{prefix}w={lower}", f"{prefix}shape={shape}"]
    if lemma:
        names.append(f"{prefix}lemma={lemma.lower()}")
    if pos:
        names.append(f"{prefix}pos={pos}")
    return tuple(names)


@cache
def listed_names(name: str) -> frozenset[str]:
    """Whole entries of ``configs/patterns/<name>``, lower-cased, without a ``case:`` mark."""
    return frozenset(entry.lower().removeprefix("case:") for entry in word_set(name))


def structure_features(tokens: DocTokens, start: int, end: int, text: str) -> list[str]:
    """Which kind of rule would produce this span (``text``): a listed organisation, or a
    government body followed by a region (``Pemerintah Kabupaten Bone Bolango``)."""
    names = []
    if text.lower() in listed_names("organisations.txt"):
        names.append("listed=organisation")
    for size in range(1, min(3, end - start)):
        head = tokens.span_text(start, start + size).lower()
        if head in listed_names("government_prefixes.txt") and region_kind(tokens.span_text(start + size, end)) is not None:
            names.append("structure=government+region")
    return names


@lru_cache(maxsize=100_000)
def region_kind(text: str) -> str | None:
    region = resolve_region(text)
    return None if region is None else region.kind


@lru_cache(maxsize=100_000)
def text_lookups(text: str) -> tuple[str | None, bool, bool]:
    """Gazetteer kind and whether the text parses as a quantity and as a date; cached, as the
    same candidate texts recur across candidates and documents. Without a reference date
    only a text with a digit parses as a date."""
    quantity = may_be_quantity(text) and parse_quantity(text) is not None
    return region_kind(text), quantity, has_digit(text) and parse_date(text) is not None


@cache
def word_lists() -> tuple[tuple[str, frozenset[str]], ...]:
    names = ("titles.txt", "honorifics.txt", "speech_verbs.txt", "organisations.txt", "government_prefixes.txt")
    return tuple((name, word_set(name, every_word=True, strip_dot=True)) for name in names)


@lru_cache(maxsize=100_000)
def word_list_features(position: str, word: str) -> tuple[str, ...]:
    """``<position>_in=<list>`` for every word list holding ``word``."""
    return tuple(f"{position}_in={name}" for name, words in word_lists() if word in words)


def lexicon_features(tokens: DocTokens, start: int, end: int) -> list[str]:
    """Gazetteer and word-list hits of the span and the words around it."""
    text = tokens.span_text(start, end)
    names = structure_features(tokens, start, end, text)
    kind, quantity, date = text_lookups(text)
    if kind is not None:
        names.append(f"gazetteer={kind}")
    before = tokens.lowers[start - 1].rstrip(".") if start > 0 else ""
    after = tokens.lowers[end] if end < len(tokens.lowers) else ""
    for position, word in (("first", tokens.lowers[start].rstrip(".")), ("before", before), ("after", after)):
        names.extend(word_list_features(position, word))
    if quantity:
        names.append("parses_as=quantity")
    if date:
        names.append("parses_as=date")
    return names


@lru_cache(maxsize=1_000)
def rule_names(rule: str, length: int) -> tuple[str, ...]:
    return ("bias", f"rule={rule}", f"length={length}", f"rule_length={rule}|{length}")


def candidate_features(doc: Doc, candidate: Candidate, window: int = 2, tokens: DocTokens | None = None) -> Features:
    """What the classifier sees of one candidate: the rule that fired, its words and shapes,
    the words around it, gazetteer and word-list hits, and where it sits. ``tokens``: the
    doc's ``DocTokens``, when the caller scores many candidates of one doc."""
    tokens = tokens or DocTokens.of(doc)
    start, end = candidate.start, candidate.end
    lowers, shapes, lemmas, poses, size = tokens.lowers, tokens.shapes, tokens.lemmas, tokens.poses, len(tokens.lowers)
    names = list(rule_names(candidate.rule_label or "none", min(end - start, 6)))
    for i in range(start, end):
        names.extend(token_features("in_", lowers[i], shapes[i], lemmas[i], poses[i]))
    last = end - 1
    names.extend(token_features("first_", lowers[start], shapes[start], lemmas[start], poses[start]))
    names.extend(token_features("last_", lowers[last], shapes[last], lemmas[last], poses[last]))
    names.append("shapes=" + " ".join(shapes[start:end])[:40])
    for k in range(1, window + 1):
        names.append(f"left{k}=" + (lowers[start - k] if start - k >= 0 else "<s>"))
        names.append(f"right{k}=" + (lowers[end + k - 1] if end + k - 1 < size else "</s>"))
    names.extend(lexicon_features(tokens, start, end))
    features = dict.fromkeys(names, 1.0)
    features["sentence_start"] = float(tokens.sentence_starts[start] or start == 0)
    features["first_sentence"] = float(tokens.in_first_sentence[start])
    return features


# --- the model: a linear model kept as arrays and JSON --------------------------------------


@dataclass
class LinearModel:
    """Logistic regression weights over named features; ``classes`` index the columns."""

    classes: list[str]
    features: list[str]
    coef: np.ndarray
    intercept: np.ndarray

    @classmethod
    def fit(cls, rows: Sequence[Features], targets: Sequence[str], c: float = 1.0) -> LinearModel:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = DictVectorizer()
        matrix = vectorizer.fit_transform(rows)
        if len(set(targets)) < 2:
            raise ValueError(f"training needs at least two classes, got {sorted(set(targets))}")
        model = LogisticRegression(C=c, max_iter=3000).fit(matrix, list(targets))
        names = [str(n) for n in vectorizer.get_feature_names_out()]
        return cls([str(c) for c in model.classes_], names, model.coef_, model.intercept_)

    @cached_property
    def feature_index(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.features)}

    @cached_property
    def feature_weights(self) -> np.ndarray:
        """One row of class weights per feature."""
        return np.ascontiguousarray(self.coef.T)

    def logits(self, rows: Sequence[Features]) -> np.ndarray:
        """``X @ coef.T + intercept`` without building X: each row's feature weights, summed."""
        index = self.feature_index
        lengths = np.fromiter(map(len, rows), np.int64, len(rows))
        total = int(lengths.sum())
        columns = np.fromiter(map(index.get, chain.from_iterable(rows), repeat(-1)), np.int64, total)
        values = np.fromiter(chain.from_iterable(map(dict.values, rows)), np.float64, total)
        unknown = columns < 0
        columns[unknown], values[unknown] = 0, 0.0
        logits = np.tile(self.intercept, (len(rows), 1))
        filled = lengths > 0
        if total:
            starts = np.cumsum(lengths) - lengths
            weighted = self.feature_weights[columns] * values[:, None]
            logits[filled] += np.add.reduceat(weighted, starts[filled])
        return logits

    def probabilities(self, rows: Sequence[Features]) -> np.ndarray:
        """One row per input, one column per class (sklearn's ``predict_proba``)."""
        if not rows:
            return np.zeros((0, len(self.classes)))
        logits = self.logits(rows)
        if len(self.classes) == 2:
            positive = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        logits = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, directory: Path, name: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez(directory / f"{name}.npz", coef=self.coef, intercept=self.intercept)
        meta = {"classes": self.classes, "features": self.features}
        (directory / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, name: str) -> LinearModel:
        meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(directory / f"{name}.npz", allow_pickle=False) as arrays:
            return cls(list(meta["classes"]), list(meta["features"]), arrays["coef"], arrays["intercept"])


# --- decoding (pure) -----------------------------------------------------------------------

Decision = tuple[int, int, str, float]


def decode(
    candidates: Sequence[Candidate],
    probabilities: np.ndarray,
    classes: Sequence[str],
    threshold: float,
    drop_threshold: float = 0.5,
    label_drop_thresholds: Mapping[str, float] | None = None,
) -> list[Decision]:
    """The best label of every candidate. A suggested span is kept when that label's
    probability reaches ``threshold``; a rule span is kept (possibly relabelled) unless
    ``NONE`` reaches ``drop_threshold`` (or its rule label's own threshold in
    ``label_drop_thresholds``). Overlaps are resolved in order of probability (rule spans
    first on ties)."""
    label_drop_thresholds = label_drop_thresholds or {}
    labels = [i for i, c in enumerate(classes) if c != NONE]
    none = classes.index(NONE) if NONE in classes else None
    scored = []
    for candidate, row in zip(candidates, probabilities):
        best = max(labels, key=lambda i: row[i])
        if candidate.rule_label is None:
            keep = row[best] >= threshold
        else:
            keep = none is None or row[none] < label_drop_thresholds.get(candidate.rule_label, drop_threshold)
        if keep:
            scored.append((-row[best], candidate.rule_label is None, candidate.start, candidate.end, classes[best]))
    taken: set[int] = set()
    kept: list[Decision] = []
    for negative, _, start, end, label in sorted(scored):
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            kept.append((start, end, label, float(-negative)))
    return sorted(kept)


def write_decisions(doc: Doc, kept: Sequence[Decision]) -> None:
    """The kept spans as ``doc.ents``, their probabilities in ``doc._.span_confidence``."""
    doc.ents = [Span(doc, start, end, label=label) for start, end, label, _ in kept]
    table = token_table(doc)
    doc._.span_confidence = {
        (table.starts[s], table.starts[e - 1] + len(table.texts[e - 1]), label): p for s, e, label, p in kept
    }


# --- the component -------------------------------------------------------------------------


@Language.factory(
    COMPONENT,
    default_config={
        "threshold": 0.5,
        "drop_threshold": 0.5,
        "label_drop_thresholds": LABEL_DROP_THRESHOLDS,
        "fact_threshold": 0.3,
        "window": 2,
        "max_suggested_length": 6,
    },
)
def create_span_classifier(
    nlp: Language,
    name: str,
    threshold: float,
    drop_threshold: float,
    label_drop_thresholds: dict[str, float],
    fact_threshold: float,
    window: int,
    max_suggested_length: int,
) -> SpanClassifier:
    return SpanClassifier(
        name, threshold, drop_threshold, fact_threshold, window, max_suggested_length, label_drop_thresholds
    )


class SpanClassifier:
    """Labels the candidates of ``suggest`` with a trained model (see module docstring)."""

    def __init__(
        self,
        name: str = COMPONENT,
        threshold: float = 0.5,
        drop_threshold: float = 0.5,
        fact_threshold: float = 0.3,
        window: int = 2,
        max_suggested_length: int = 6,
        label_drop_thresholds: Mapping[str, float] | None = None,
    ) -> None:
        self.name = name
        self.threshold = threshold
        self.drop_threshold = drop_threshold
        self.label_drop_thresholds = dict(LABEL_DROP_THRESHOLDS if label_drop_thresholds is None else label_drop_thresholds)
        self.fact_threshold = fact_threshold
        self.window = window
        self.max_suggested_length = max_suggested_length
        self.span_model: LinearModel | None = None
        self.fact_model: LinearModel | None = None

    def candidates(self, doc: Doc, tokens: DocTokens | None = None) -> list[Candidate]:
        return suggest(doc, self.max_suggested_length, tokens)

    def featurize(self, doc: Doc, candidates: Sequence[Candidate], tokens: DocTokens | None = None) -> list[Features]:
        tokens = tokens or DocTokens.of(doc)
        return [candidate_features(doc, c, self.window, tokens) for c in candidates]

    def predict(self, docs: Iterable[Doc]) -> list[tuple[list[Candidate], np.ndarray]]:
        """Candidates and their class probabilities for each doc; writes nothing."""
        if self.span_model is None:
            raise ValueError(f"{self.name} has no trained model: run `warta train` or load one with from_disk")
        scored = []
        for doc in docs:
            tokens = DocTokens.of(doc)
            candidates = self.candidates(doc, tokens)
            scored.append((candidates, self.span_model.probabilities(self.featurize(doc, candidates, tokens))))
        return scored

    def set_annotations(self, docs: Iterable[Doc], scores: list[tuple[list[Candidate], np.ndarray]]) -> None:
        assert self.span_model is not None
        for doc, (candidates, probabilities) in zip(docs, scores):
            kept = self.decode(candidates, probabilities)
            write_decisions(doc, kept)

    def decode(self, candidates: Sequence[Candidate], probabilities: np.ndarray) -> list[Decision]:
        assert self.span_model is not None
        return decode(
            candidates,
            probabilities,
            self.span_model.classes,
            self.threshold,
            self.drop_threshold,
            self.label_drop_thresholds,
        )

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def score_facts(self, doc: Doc, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Facts with the fact scorer's probability as ``confidence``; those under
        ``fact_threshold`` are dropped. Without a fact model the facts pass unchanged."""
        if self.fact_model is None or not facts:
            return facts
        from pipeline.fact_features import fact_features

        probabilities = self.fact_model.probabilities([fact_features(doc, f) for f in facts])[:, 1]
        scored = [{**f, "confidence": round(float(p), 4)} for f, p in zip(facts, probabilities)]
        return [f for f in scored if f["confidence"] >= self.fact_threshold]

    def settings(self) -> dict[str, Any]:
        return {
            "version": MODEL_VERSION,
            "threshold": self.threshold,
            "drop_threshold": self.drop_threshold,
            "label_drop_thresholds": self.label_drop_thresholds,
            "fact_threshold": self.fact_threshold,
            "window": self.window,
            "max_suggested_length": self.max_suggested_length,
        }

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "config.json").write_text(json.dumps(self.settings(), indent=1), encoding="utf-8")
        if self.span_model is not None:
            self.span_model.save(path, "span_model")
        if self.fact_model is not None:
            self.fact_model.save(path, "fact_model")

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> SpanClassifier:
        path = Path(path)
        if not (path / "span_model.npz").exists():
            raise FileNotFoundError(f"{path}: no span classifier here (span_model.npz); train one with `warta train`")
        settings = json.loads((path / "config.json").read_text(encoding="utf-8"))
        for key in ("threshold", "drop_threshold", "fact_threshold", "window", "max_suggested_length"):
            setattr(self, key, settings[key])
        self.label_drop_thresholds = dict(settings.get("label_drop_thresholds", {}))  # absent: models before it
        self.span_model = LinearModel.load(path, "span_model")
        self.fact_model = LinearModel.load(path, "fact_model") if (path / "fact_model.npz").exists() else None
        return self


def span_confidences(doc: Doc) -> dict[tuple[int, int, str], float]:
    return doc._.span_confidence or {}
