from pathlib import Path

import pytest

from pipeline.annotations import build_annotations, check_files
from pipeline.authoring import compile_source, strip_marks
from pipeline.schema import RecordError

SOURCE = """---
id: t-1
meta: {published: "2024-09-15"}
facts:
  - {type: participants, region: {name: Jambi, code: "15"}, value: 568373, unit: persons, evidence: "568.373"}
  - {type: participants, region: {name: Jambi, code: "15"}, value: 568000, unit: persons, evidence: "568.373#2"}
---
[[Jambi|REGION]] - Sebanyak [[568.373|METRIC]] tenaga kerja. Lagi: [[568.373|METRIC]].
"""


def test_strip_marks_gives_exact_offsets():
    text, spans = strip_marks("a [[Jambi|REGION]] b")
    assert text == "a Jambi b"
    assert spans == [{"start": 2, "end": 7, "label": "REGION"}]


def test_compile_source_resolves_evidence_occurrences(tmp_path):
    path = tmp_path / "t-1.txt"
    path.write_text(SOURCE, encoding="utf-8")
    document = compile_source(path, {"15"})
    assert document.text == "Jambi - Sebanyak 568.373 tenaga kerja. Lagi: 568.373."
    first, second = (f["evidence"] for f in document.facts)
    assert document.text[first["start"] : first["end"]] == "568.373"
    assert second["start"] > first["start"]


def test_bad_sources_are_reported_with_file(tmp_path):
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "bad.txt").write_text(SOURCE.replace("568.373#2", "568.373#3"), encoding="utf-8")
    (tmp_path / "train" / "good.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "train" / "nofront.txt").write_text("no front matter", encoding="utf-8")
    errors = build_annotations(tmp_path, tmp_path)
    assert any("bad.txt" in e and "only 2 METRIC" in e for e in errors)
    assert any("nofront.txt" in e for e in errors)
    assert (tmp_path / "train.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_unclosed_mark():
    with pytest.raises(RecordError, match="unclosed"):
        strip_marks("a [[Jambi|REGION b")


def test_shipped_annotations_are_valid():
    files = sorted(Path("annotations").glob("*.jsonl"))
    assert files, "annotations/*.jsonl missing: run warta annotations build"
    errors, count = check_files(files)
    assert errors == [] and count >= 5
