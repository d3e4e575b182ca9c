"""The retraining loop end to end, through the commands a user runs: extract with the current
model, export to Label Studio, correct the exported file, import, retrain, compare."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import needs_stanza

from pipeline.cli import main

ARTICLE = Path(__file__).parent / "data" / "kakilima.txt"


def correct_in_label_studio(tasks_path: Path) -> None:
    """What an annotator does: accept the predictions except ``lima`` (of *pedagang kaki
    lima*, street vendors), which is no number, and any fact read from it."""
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    for task in tasks:
        result = [r for r in task["predictions"][0]["result"] if r["value"]["text"].lower() != "lima"]
        task["annotations"] = [{"id": 1, "was_cancelled": False, "result": result}]
        task["data"]["facts"] = [f for f in task["data"]["facts"] if f["value"] != 5]
    tasks_path.write_text(json.dumps(tasks), encoding="utf-8")


@needs_stanza
def test_correction_shows_in_the_retrained_model(tmp_path, capsys):
    old, new = tmp_path / "old", tmp_path / "new"
    assert main(["train", "annotations/seeds.jsonl", "-o", str(old), "--dev", "none", "--folds", "2"]) == 0
    predictions, tasks, corrected = tmp_path / "pred.jsonl", tmp_path / "tasks.json", tmp_path / "corrected.jsonl"
    assert main(["extract", str(ARTICLE), "-o", str(predictions), "--classifier", str(old)]) == 0
    predicted = json.loads(predictions.read_text(encoding="utf-8"))
    assert any(predicted["text"][s["start"] : s["end"]] == "lima" for s in predicted["spans"])

    assert main(["annotations", "export", str(predictions), "--format", "label-studio", "-o", str(tasks)]) == 0
    correct_in_label_studio(tasks)
    assert main(["annotations", "import", str(tasks), "--format", "label-studio", "-o", str(corrected)]) == 0
    assert main(["annotations", "check", str(corrected)]) == 0

    training = ["annotations/seeds.jsonl", str(corrected)]
    assert main(["train", *training, "-o", str(new), "--dev", "none", "--folds", "2"]) == 0
    scores = tmp_path / "compare.json"
    capsys.readouterr()
    assert main(["models", "compare", str(old), str(new), "--gold", str(corrected), "--json", str(scores)]) == 0
    assert "span partial METRIC" in capsys.readouterr().out
    summaries = json.loads(scores.read_text(encoding="utf-8"))

    def metric(name: str, section: str, key: str) -> float:
        rows = summaries[name]["spans"]["partial"] if section == "spans" else summaries[name]["facts"]
        return next(r for r in rows if r["label" if section == "spans" else "type"] == key)["precision"]

    assert metric(str(old), "spans", "METRIC") < 1.0
    assert metric(str(new), "spans", "METRIC") > metric(str(old), "spans", "METRIC")
    # no fact is read from "lima" by either model: the linker takes no headcount under ten
    assert metric(str(new), "facts", "participants") == metric(str(old), "facts", "participants") == 1.0
