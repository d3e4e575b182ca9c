import pytest

from pipeline.evaluate import Counts, evaluate_documents, score_spans_document
from pipeline.schema import Document, Span


def test_span_categories_per_scheme():
    gold = [Span(0, 5, "REGION"), Span(10, 20, "METRIC"), Span(30, 35, "ORG"), Span(40, 45, "DATE")]
    pred = [
        Span(0, 5, "REGION"),  # correct everywhere
        Span(10, 15, "METRIC"),  # partial (same label, overlap)
        Span(30, 35, "REGION"),  # incorrect label, exact boundaries
        Span(50, 55, "ORG"),
    ]  # spurious; DATE missed
    counts = score_spans_document(gold, pred)
    total = lambda scheme: sum(counts[scheme].values(), Counts())
    assert total("strict").__dict__ == {"correct": 1, "incorrect": 2, "partial": 0, "missed": 1, "spurious": 1}
    assert total("exact").__dict__ == {"correct": 2, "incorrect": 1, "partial": 0, "missed": 1, "spurious": 1}
    assert total("partial").__dict__ == {"correct": 1, "incorrect": 1, "partial": 1, "missed": 1, "spurious": 1}
    assert total("type").__dict__ == {"correct": 2, "incorrect": 1, "partial": 0, "missed": 1, "spurious": 1}
    partial = total("partial").scores()
    assert partial["precision"] == pytest.approx(1.5 / 4)
    assert partial["recall"] == pytest.approx(1.5 / 4)


def fact(kind, code, value, **extra):
    return {
        "type": kind,
        "region": {"name": "X", "code": code},
        "value": value,
        "unit": "persons",
        "segment": None,
        "program": None,
        "date": None,
        "official": None,
        **extra,
    }


def test_fact_matching_precision_recall_and_attributes():
    gold = Document(
        "d",
        "t",
        facts=(
            fact("participants", "15", 568373, date={"as_of": "2024-09"}),
            fact("participants", "15", 1000, segment="PU"),
            fact("workforce", "15", 1_300_000),
        ),
    )
    pred = Document(
        "d",
        "t",
        facts=(
            fact("participants", "15", 568000, date={"as_of": "2024-09-13"}),  # within 0.5 %
            fact("participants", "15", 1000, segment="BPU"),
            fact("workforce", "16", 1_300_000),  # wrong region
            fact("rank", "15", 2),
        ),
    )
    evaluation = evaluate_documents([gold], [pred])
    micro = evaluation.fact_table()[-1]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (2, 2, 1)
    assert micro["precision"] == pytest.approx(0.5) and micro["recall"] == pytest.approx(2 / 3)
    attributes = {row["attribute"]: row["accuracy"] for row in evaluation.attribute_table()}
    assert attributes["date"] == 1.0 and attributes["segment"] == 0.5


def test_missing_prediction_counts_as_empty():
    gold = Document("d", "abc", spans=(Span(0, 3, "ORG"),), facts=(fact("participants", "15", 1),))
    evaluation = evaluate_documents([gold], [])
    assert evaluation.unmatched_ids == ["d"]
    assert evaluation.fact_table()[-1]["fn"] == 1
    assert evaluation.span_table("strict")[0]["missed"] == 1
