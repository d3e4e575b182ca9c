import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.interchange import (
    export_label_studio,
    export_prodigy,
    import_annotations,
    import_brat,
    import_doccano,
    import_label_studio,
    import_prodigy,
    label_studio_config_path,
)
from pipeline.schema import Document, Span, read_jsonl

SEEDS = Path(__file__).resolve().parent.parent / "annotations" / "seeds.jsonl"
TEXT = "Sebanyak 568.373 pekerja di Jambi terlindungi, kata Seto Tjahjono."
FACT = {
    "type": "participants",
    "region": {"name": "Jambi", "code": "15"},
    "value": 568373,
    "unit": "persons",
    "evidence": {"start": 9, "end": 16},
}


@pytest.fixture(scope="module")
def seeds() -> list[Document]:
    return list(read_jsonl(SEEDS))


def predicted_document() -> Document:
    spans = (Span(9, 16, "METRIC", 0.9), Span(28, 33, "REGION", 0.7), Span(52, 65, "OFFICIAL", 0.8))
    return Document("a", TEXT, {"source": "test"}, spans, (FACT,))


def accepted(tasks: list[dict]) -> list[dict]:
    """What Label Studio exports after an annotator accepts each prediction unchanged."""
    for number, task in enumerate(tasks):
        result = json.loads(json.dumps(task["predictions"][0]["result"]))
        task["annotations"] = [{"id": number, "was_cancelled": False, "result": result}]
    return tasks


def export_tasks(documents: list[Document], tmp_path: Path) -> list[dict]:
    path = tmp_path / "tasks.json"
    export_label_studio(documents, path, "test-1")
    return json.loads(path.read_text(encoding="utf-8"))


def write_tasks(tasks: list[dict], tmp_path: Path) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def plain_spans(document: Document) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in document.spans]


# ---------------------------------------------------------------- round trips


def test_label_studio_round_trip_keeps_spans_and_facts(seeds, tmp_path):
    result = import_label_studio(write_tasks(accepted(export_tasks(seeds, tmp_path)), tmp_path))
    assert result.rejected == [] and result.skipped == []
    assert result.documents == seeds


def test_prodigy_round_trip_keeps_spans_and_facts(seeds, tmp_path):
    path = tmp_path / "spans.jsonl"
    export_prodigy(seeds, path)
    result = import_prodigy(path)
    assert result.rejected == [] and result.skipped == []
    assert result.documents == seeds


def test_label_studio_export_shape(tmp_path):
    task = export_tasks([predicted_document()], tmp_path)[0]
    assert task["data"]["id"] == "a" and task["data"]["meta"] == {"source": "test"}
    assert task["data"]["facts"] == [FACT]
    prediction = task["predictions"][0]
    assert prediction["model_version"] == "test-1"
    assert prediction["score"] == pytest.approx(0.8)
    region = prediction["result"][0]
    assert region["from_name"] == "label" and region["to_name"] == "text" and region["type"] == "labels"
    assert region["value"] == {"start": 9, "end": 16, "text": "568.373", "labels": ["METRIC"]}
    assert region["score"] == 0.9
    config = label_studio_config_path(tmp_path / "tasks.json").read_text(encoding="utf-8")
    assert '<Labels name="label" toName="text">' in config and '<Text name="text" value="$text"/>' in config
    assert all(f'<Label value="{label}"/>' in config for label in ("ORG", "REGION", "OFFICIAL", "METRIC", "DATE"))


def test_prodigy_export_shape(tmp_path):
    path = tmp_path / "spans.jsonl"
    export_prodigy([predicted_document()], path)
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["meta"] == {"source": "test", "id": "a"}
    assert record["spans"][0] == {"start": 9, "end": 16, "label": "METRIC", "score": 0.9}
    assert "answer" not in record and record["facts"] == [FACT]


def test_prodigy_tokens_align_with_spans(seeds, tmp_path):
    path = tmp_path / "spans.jsonl"
    export_prodigy(seeds, path, with_tokens=True)
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        tokens = record["tokens"]
        assert all(record["text"][t["start"] : t["end"]] == t["text"] for t in tokens)
        for span in record["spans"]:
            assert tokens[span["token_start"]]["start"] == span["start"]
            assert tokens[span["token_end"]]["end"] == span["end"]
    assert import_prodigy(path).documents == seeds


# ---------------------------------------------------------------- Label Studio choices and edits


def annotation(result: list[dict], updated_at: str, cancelled: bool = False) -> dict:
    return {"was_cancelled": cancelled, "updated_at": updated_at, "result": result}


def region(start: int, end: int, label: str, text: str | None = None) -> dict:
    value = {"start": start, "end": end, "text": TEXT[start:end] if text is None else text, "labels": [label]}
    return {"from_name": "label", "to_name": "text", "type": "labels", "value": value}


def test_latest_annotation_wins_and_cancelled_ones_are_ignored(tmp_path):
    task = export_tasks([predicted_document()], tmp_path)[0]
    task["annotations"] = [
        annotation([region(9, 16, "METRIC")], "2024-05-02T10:00:00Z"),
        annotation([region(9, 16, "METRIC"), region(28, 33, "REGION")], "2024-05-03T10:00:00Z"),
        annotation([region(0, 8, "ORG")], "2024-05-09T10:00:00Z", cancelled=True),
    ]
    only_cancelled = json.loads(json.dumps(task))
    only_cancelled["data"]["id"] = "b"
    only_cancelled["annotations"] = [annotation([region(9, 16, "METRIC")], "2024-05-01T00:00:00Z", cancelled=True)]
    result = import_label_studio(write_tasks([task, only_cancelled], tmp_path))
    assert [d.id for d in result.documents] == ["a"]
    assert plain_spans(result.documents[0]) == [(9, 16, "METRIC"), (28, 33, "REGION")]
    assert result.rejected == []
    assert len(result.skipped) == 1 and "task 1" in result.skipped[0] and "'b'" in result.skipped[0]


def test_edits_in_label_studio_come_back(tmp_path):
    tasks = accepted(export_tasks([predicted_document()], tmp_path))
    result = tasks[0]["annotations"][0]["result"]
    result[1]["value"]["labels"] = ["ORG"]  # relabel Jambi
    del result[2]  # delete the official
    result.append(region(0, 8, "DATE"))  # add a span (nonsense, but a span)
    imported = import_label_studio(write_tasks(tasks, tmp_path))
    assert imported.rejected == []
    document = imported.documents[0]
    assert plain_spans(document) == [(0, 8, "DATE"), (9, 16, "METRIC"), (28, 33, "ORG")]
    assert document.facts[0]["value"] == 568373  # the facts travelled in data
    assert all(s.confidence is None for s in document.spans)  # corrected spans are human decisions


def test_misaligned_label_studio_span_is_rejected_by_task(tmp_path):
    tasks = accepted(export_tasks([predicted_document(), Document("b", TEXT)], tmp_path))
    tasks[0]["annotations"][0]["result"][1]["value"]["start"] = 27  # text no longer matches value.text
    tasks[1]["annotations"] = [annotation([region(9, 16, "METRIC"), region(28, 33, "PLACE")], "2024-01-01")]
    result = import_label_studio(write_tasks(tasks, tmp_path))
    assert [plain_spans(d) for d in result.documents] == [
        [(9, 16, "METRIC"), (52, 65, "OFFICIAL")],
        [(9, 16, "METRIC")],
    ]
    assert len(result.rejected) == 2
    assert "export.json: task 0 (id 'a')" in result.rejected[0] and "does not match" in result.rejected[0]
    assert "task 1 (id 'b')" in result.rejected[1] and "unknown label 'PLACE'" in result.rejected[1]


def test_fact_whose_evidence_was_deleted_is_rejected(tmp_path):
    tasks = accepted(export_tasks([predicted_document()], tmp_path))
    del tasks[0]["annotations"][0]["result"][0]  # the METRIC span the fact points at
    tasks[0]["annotations"][0]["result"].append(region(17, 24, "METRIC"))
    result = import_label_studio(write_tasks(tasks, tmp_path))
    assert result.documents[0].facts == ()
    assert len(result.rejected) == 1 and "fact 0" in result.rejected[0] and "not a METRIC span" in result.rejected[0]


def test_fact_is_rejected_when_every_span_was_deleted(tmp_path):
    tasks = accepted(export_tasks([predicted_document()], tmp_path))
    tasks[0]["annotations"][0]["result"] = []
    result = import_label_studio(write_tasks(tasks, tmp_path))
    assert result.documents[0].spans == () and result.documents[0].facts == ()
    assert len(result.rejected) == 1 and "no longer a METRIC span" in result.rejected[0]


# ---------------------------------------------------------------- Prodigy answers and alignment


def test_prodigy_answers_and_misaligned_span(tmp_path):
    lines = [
        {"text": TEXT, "meta": {"id": "a"}, "spans": [{"start": 9, "end": 16, "label": "METRIC"}], "answer": "accept"},
        {"text": TEXT, "meta": {"id": "b"}, "spans": [], "answer": "reject"},
        {"text": TEXT, "meta": {"id": "c"}, "spans": [{"start": 9, "end": 16, "label": "METRIC"}]},
        {
            "text": TEXT,
            "meta": {"id": "d"},
            "spans": [{"start": 28, "end": 33, "label": "REGION"}, {"start": 60, "end": 90, "label": "OFFICIAL"}],
        },
    ]
    path = tmp_path / "db.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\nnot json\n", encoding="utf-8")
    result = import_prodigy(path)
    assert [d.id for d in result.documents] == ["a", "c", "d"]
    assert plain_spans(result.documents[2]) == [(28, 33, "REGION")]
    assert result.rejected[0].startswith(f"{path}:4 (id 'd')") and "outside the text" in result.rejected[0]
    assert result.rejected[1].startswith(f"{path}:5") and "not a JSON line" in result.rejected[1]
    assert len(result.skipped) == 1 and f"{path}:2" in result.skipped[0]


def test_overlap_keeps_the_first(tmp_path):
    record = {
        "text": TEXT,
        "meta": {"id": "a"},
        "spans": [{"start": 9, "end": 16, "label": "METRIC"}, {"start": 12, "end": 24, "label": "DATE"}],
    }
    path = tmp_path / "db.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = import_prodigy(path)
    assert plain_spans(result.documents[0]) == [(9, 16, "METRIC")]
    assert len(result.rejected) == 1 and "overlaps 9-16 METRIC" in result.rejected[0]


# ---------------------------------------------------------------- doccano and brat


def test_doccano_both_shapes(tmp_path):
    lines = [
        {"id": 7, "text": TEXT, "label": [[9, 16, "METRIC"], [28, 33, "REGION"]]},
        {
            "text": TEXT,
            "meta": {"id": "x", "source": "s"},
            "entities": [{"id": 1, "start_offset": 52, "end_offset": 65, "label": "OFFICIAL"}],
        },
        {"id": 9, "text": TEXT, "label": [[9, 16, "METRIC"], [28, 34, "REGION"], "positive"]},
    ]
    path = tmp_path / "doccano.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = import_doccano(path)
    assert [d.id for d in result.documents] == ["7", "x", "9"]
    assert plain_spans(result.documents[0]) == [(9, 16, "METRIC"), (28, 33, "REGION")]
    assert result.documents[1].meta == {"source": "s"}
    assert plain_spans(result.documents[1]) == [(52, 65, "OFFICIAL")]
    assert plain_spans(result.documents[2]) == [(9, 16, "METRIC"), (28, 33, "REGION")]  # trailing space trimmed
    assert len(result.rejected) == 1 and f"{path}:3 (id 9)" in result.rejected[0]


def test_brat_folder_with_bad_lines(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tMETRIC 9 16\t568.373\n"
        "T2\tREGION 28 33\tJambi\n"
        "#1\tAnnotatorNotes T1\tchecked\n"
        "A1\tNegated T2\n"
        "R1\tIn Arg1:T1 Arg2:T2\n"
        "T3\tOFFICIAL 52 57;58 65\tSeto Tjahjono\n"
        "T4\tOFFICIAL 51 56\tSeto \n"
        "T5\tOFFICIAL 52 65\tSeto Tjahjono\n",
        encoding="utf-8",
    )
    result = import_brat([tmp_path])
    assert len(result.documents) == 1 and result.documents[0].id == "a"
    assert plain_spans(result.documents[0]) == [(9, 16, "METRIC"), (28, 33, "REGION"), (52, 65, "OFFICIAL")]
    assert len(result.rejected) == 2
    assert f"{tmp_path / 'a.ann'}:6" in result.rejected[0] and "discontinuous" in result.rejected[0]
    assert f"{tmp_path / 'a.ann'}:7" in result.rejected[1] and "does not match" in result.rejected[1]


# ---------------------------------------------------------------- command line


def test_cli_export_import_check(seeds, tmp_path, capsys):
    prodigy = tmp_path / "spans.jsonl"
    assert main(["annotations", "export", str(SEEDS), "--format", "prodigy", "-o", str(prodigy)]) == 0
    back = tmp_path / "back.jsonl"
    assert main(["annotations", "import", str(prodigy), "--format", "prodigy", "-o", str(back)]) == 0
    assert list(read_jsonl(back)) == seeds
    assert main(["annotations", "check", str(back)]) == 0
    tasks = tmp_path / "tasks.json"
    assert main(["annotations", "export", str(SEEDS), "--format", "label-studio", "-o", str(tasks)]) == 0
    assert (tmp_path / "tasks.config.xml").exists()
    assert "5 document(s)" in capsys.readouterr().out
    assert main(["annotations", "import", str(prodigy), str(prodigy), "--format", "prodigy", "-o", str(back)]) == 1
    assert "duplicate id 'seed-000'" in capsys.readouterr().err
    assert list(read_jsonl(back)) == seeds


def test_document_score_falls_back_to_facts(tmp_path):
    unscored = Document("a", TEXT, {}, (Span(9, 16, "METRIC"),), ({**FACT, "confidence": 0.6},))
    assert export_tasks([unscored], tmp_path)[0]["predictions"][0]["score"] == 0.6
    assert "score" not in export_tasks([Document("b", TEXT)], tmp_path)[0]["predictions"][0]


def test_cli_import_reports_rejections(tmp_path, capsys):
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps({"id": "a", "text": TEXT, "label": [[9, 16, "METRIC"], [9, 99, "DATE"]]}) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["annotations", "import", str(path), "--format", "doccano", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert f"{path}:1 (id 'a')" in captured.err
    assert "1 document(s), 1 span(s), 0 fact(s)" in captured.out and "1 rejected" in captured.out
    assert [plain_spans(d) for d in import_annotations([path], "doccano").documents] == [[(9, 16, "METRIC")]]
