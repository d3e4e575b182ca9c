import json

import pytest

from pipeline.schema import Document, RecordError, Span, parse_document, read_jsonl, write_jsonl

TEXT = "Sebanyak 568.373 pekerja di Jambi terlindungi."


def record(**changes):
    base = {
        "id": "a",
        "text": TEXT,
        "meta": {},
        "spans": [{"start": 9, "end": 16, "label": "METRIC"}, {"start": 28, "end": 33, "label": "REGION"}],
        "facts": [
            {
                "type": "participants",
                "region": {"name": "Jambi", "code": "15"},
                "value": 568373,
                "unit": "persons",
                "evidence": {"start": 9, "end": 16},
            }
        ],
    }
    base.update(changes)
    return base


def test_valid_record_round_trips(tmp_path):
    document = parse_document(record(), {"15"})
    path = tmp_path / "a.jsonl"
    write_jsonl(path, [document])
    again = list(read_jsonl(path))[0]
    assert again == document
    assert again.facts[0]["official"] is None  # missing contract fields become null


@pytest.mark.parametrize(
    "change, message",
    [
        ({"spans": [{"start": 9, "end": 99, "label": "METRIC"}]}, "outside the text"),
        ({"spans": [{"start": 9, "end": 16, "label": "MONEY"}]}, "unknown label"),
        ({"spans": [{"start": 8, "end": 16, "label": "METRIC"}]}, "whitespace"),
        (
            {"spans": [{"start": 9, "end": 16, "label": "METRIC"}, {"start": 12, "end": 20, "label": "DATE"}]},
            "overlaps",
        ),
        ({"text": 5}, "no string 'text'"),
    ],
)
def test_invalid_spans_are_named(change, message):
    with pytest.raises(RecordError, match=message):
        parse_document(record(**change))


def test_invalid_fact_fields():
    bad = record(
        facts=[
            {
                "type": "claim_amount",
                "region": {"name": "Jambi", "code": "99.99"},
                "value": "x",
                "unit": "IDR",
                "evidence": {"start": 0, "end": 8},
            }
        ]
    )
    with pytest.raises(RecordError) as error:
        parse_document(bad, {"15"})
    for part in ("value must be a number", "not in the gazetteer", "program must be", "not a METRIC span"):
        assert part in str(error.value)


def test_reader_names_file_and_line_and_keeps_the_rest(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b"\n".join([json.dumps(record()).encode(), b"{broken", b"\xff\xfe", json.dumps(record(id="b")).encode()])
    )
    errors: list[str] = []
    documents = list(read_jsonl(path, errors=errors))
    assert [d.id for d in documents] == ["a", "b"]
    assert errors[0].startswith(f"{path}:2:") and errors[1].startswith(f"{path}:3:")
    with pytest.raises(RecordError, match=":2:"):
        list(read_jsonl(path))


def test_span_dict_keeps_confidence():
    assert Span(0, 1, "ORG", 0.91234).to_dict() == {"start": 0, "end": 1, "label": "ORG", "confidence": 0.9123}
    assert Document("x", "t").to_dict()["spans"] == []
