"""The HTML evaluation report: its content, that it needs nothing from outside, and that Chromium renders it."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.evaluate import (
    attribute_accuracy_by_type,
    confusion_matrix,
    evaluate_documents,
    label_confusion,
    partial_facts,
)
from pipeline.html_report import index_row, render_report
from pipeline.schema import Document, Span, read_jsonl

SEEDS = Path(__file__).resolve().parent.parent / "annotations" / "seeds.jsonl"
CHROMIUM = Path("/usr/bin/chromium")


class PageParser(HTMLParser):
    """Collects every tag's attributes and the cell texts of the confusion table."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.confusion: list[list[str]] = []
        self._in_confusion = False
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table" and dict(attrs).get("class") == "confusion":
            self._in_confusion = True
        elif self._in_confusion and tag == "tr":
            self.confusion.append([])
        elif self._in_confusion and tag in ("td", "th"):
            self._in_cell = True
            self.confusion[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_confusion = False
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_confusion and self._in_cell:
            self.confusion[-1][-1] += data


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    return parser


def confusion_cells(page: str) -> dict[tuple[str, str], int]:
    header, *rows = parse(page).confusion
    return {(row[0], column): int(cell) for row in rows for column, cell in zip(header[1:], row[1:])}


def fact(kind: str, value: float, **extra) -> dict:
    return {
        "type": kind,
        "region": {"name": "Gorontalo", "code": "75"},
        "value": value,
        "unit": "percent" if kind == "coverage_rate" else "persons",
        "segment": None,
        "program": None,
        "date": None,
        "official": None,
        **extra,
    }


# Offsets: REGION 0-9, METRIC 10-20, ORG 30-35, DATE 40-45 in a 60-character text.
HAND_TEXT = "Gorontalo 54,61 pers <script>alert(1)</script> Kota Palu 2024"
HAND_GOLD = Document(
    "hand-1",
    HAND_TEXT,
    spans=(Span(0, 9, "REGION"), Span(10, 20, "METRIC"), Span(30, 35, "ORG"), Span(40, 45, "DATE")),
    facts=(
        fact("coverage_rate", 54.61, date={"as_of": "2024-09"}, evidence={"start": 10, "end": 20}),
        fact("participants", 254675, evidence={"start": 0, "end": 9}),
    ),
)
HAND_PRED = Document(
    "hand-1",
    HAND_TEXT,
    spans=(
        Span(0, 9, "REGION"),  # REGION → REGION
        Span(10, 15, "METRIC"),  # METRIC → METRIC (partial)
        Span(16, 20, "DATE"),  # METRIC → DATE (same gold span, second overlap)
        Span(30, 35, "REGION"),  # ORG → REGION
        Span(50, 55, "ORG"),  # spurious ORG; gold DATE 40-45 missed
    ),
    facts=(
        fact("coverage_rate", 54.61, date={"as_of": "2024-08"}, evidence={"start": 10, "end": 20}),  # date wrong
        fact("employers", 12, evidence={"start": 50, "end": 55}),  # spurious
    ),
)
SECOND_GOLD = Document("hand-2", "BPJS", spans=(Span(0, 4, "ORG"),))
SECOND_PRED = Document("hand-2", "BPJS", spans=(Span(0, 4, "ORG"),))
EXPECTED_CONFUSION = {
    ("REGION", "REGION"): 1,
    ("METRIC", "METRIC"): 1,
    ("METRIC", "DATE"): 1,
    ("ORG", "REGION"): 1,
    ("ORG", "ORG"): 1,
    ("DATE", "missed"): 1,
    ("spurious", "ORG"): 1,
}


@pytest.fixture(scope="module")
def hand_report() -> str:
    gold, predicted = [HAND_GOLD, SECOND_GOLD], [HAND_PRED, SECOND_PRED]
    return render_report(evaluate_documents(gold, predicted), gold, predicted)


@pytest.fixture(scope="module")
def seeds_report(blank_nlp) -> tuple[str, list[Document]]:
    from pipeline.extract import Article, extract_documents

    gold = list(read_jsonl(SEEDS))[:2]
    predicted = list(extract_documents([Article(d.id, d.text, d.meta) for d in gold], blank_nlp))
    return render_report(evaluate_documents(gold, predicted), gold, predicted), gold


def test_label_confusion_counts_overlaps_missed_and_spurious():
    counts = label_confusion(HAND_GOLD.spans, HAND_PRED.spans)
    counts_second = label_confusion(SECOND_GOLD.spans, SECOND_PRED.spans)
    assert counts == {
        "REGION": {"REGION": 1},
        "METRIC": {"METRIC": 1, "DATE": 1},
        "ORG": {"REGION": 1},
        "DATE": {"missed": 1},
        "spurious": {"ORG": 1},
    }
    assert counts_second == {"ORG": {"ORG": 1}}


def test_confusion_matrix_sums_documents():
    evaluation = evaluate_documents([HAND_GOLD, SECOND_GOLD], [HAND_PRED, SECOND_PRED])
    matrix = confusion_matrix(evaluation.documents)
    flat = {(row, column): n for row, columns in matrix.items() for column, n in columns.items()}
    assert flat == EXPECTED_CONFUSION


def test_confusion_table_in_page_has_the_hand_counted_cells(hand_report):
    cells = confusion_cells(hand_report)
    assert {k: v for k, v in cells.items() if v} == EXPECTED_CONFUSION
    assert len(cells) == 6 * 6  # five labels and spurious × five labels and missed


def test_partial_facts_name_the_disagreeing_attributes():
    evaluation = evaluate_documents([HAND_GOLD], [HAND_PRED])
    partial = partial_facts(evaluation.documents[0]["matched_facts"])
    assert [(p["gold"]["type"], p["attributes"]) for p in partial] == [("coverage_rate", ["date"])]
    assert attribute_accuracy_by_type(evaluation.documents) == {
        "coverage_rate": {"date": (0, 1), "official": (1, 1), "segment": (1, 1)}
    }


def test_page_lists_missed_spurious_and_partial_facts(hand_report):
    missed = hand_report.split("Missed facts")[1].split("Spurious facts")[0]
    spurious = hand_report.split("Spurious facts")[1].split("Partially matched")[0]
    partial = hand_report.split("Partially matched facts")[1].split("</section>")[0]
    assert "participants" in missed and "254675" in missed
    assert "employers" in spurious and "12 persons" in spurious
    assert "date: gold 2024-09 ≠ predicted 2024-08" in partial


def test_document_index_counts_mismatches_and_links_to_sections(hand_report):
    evaluation = evaluate_documents([HAND_GOLD], [HAND_PRED])
    link, *counts = index_row(0, evaluation.documents[0])
    # 4 gold / 5 predicted spans; 3 gold and 4 predicted without a strict match; facts 1 matched,
    # 1 missed, 1 spurious, 1 partial
    assert counts == [4, 5, 3, 4, 1, 1, 1, 1]
    assert link == '<a href="#doc-0">hand-1</a>'
    links = [a["href"] for tag, a in parse(hand_report).tags if tag == "a"]
    sections = [a["id"] for tag, a in parse(hand_report).tags if tag == "section"]
    assert links == ["#doc-0", "#doc-1"] and sections == ["doc-0", "doc-1"]


def test_article_text_is_escaped(hand_report):
    assert "<script" not in hand_report
    assert "&lt;script&gt;" in hand_report


def test_page_is_self_contained(seeds_report):
    page, _ = seeds_report
    tags = parse(page).tags
    for tag, attrs in tags:
        for name in ("src", "href"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), f"<{tag} {name}={value}>"
    assert not any(tag in ("script", "link", "iframe", "img") for tag, _ in tags)
    assert "@import" not in page and "url(" not in page


def test_page_has_every_document_and_its_sections(seeds_report):
    page, gold = seeds_report
    tags = parse(page).tags
    sections = [a for tag, a in tags if tag == "section" and a.get("class") == "doc"]
    assert len(sections) == len(gold)
    for document in gold:
        assert f">{document.id}<" in page
    assert sum(1 for tag, _ in tags if tag == "svg") == 3
    assert sum(1 for tag, a in tags if tag == "mark" and a.get("class") == "entity") >= sum(len(d.spans) for d in gold)


def chromium_or_skip() -> str:
    binary = shutil.which("chromium") or (str(CHROMIUM) if CHROMIUM.exists() else None)
    if binary:
        return binary
    if os.environ.get("WARTA_REQUIRE_CHROMIUM") == "1":
        pytest.fail("WARTA_REQUIRE_CHROMIUM=1 but no chromium on PATH")
    pytest.skip("chromium not installed")


def test_missing_chromium_skips_unless_required(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("WARTA_REQUIRE_CHROMIUM", raising=False)
    with pytest.raises(pytest.skip.Exception):
        chromium_or_skip()
    monkeypatch.setenv("WARTA_REQUIRE_CHROMIUM", "1")
    with pytest.raises(pytest.fail.Exception):
        chromium_or_skip()


def run_chromium(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]
    env = {**os.environ, "HOME": str(profile)}
    return subprocess.run([binary, *flags, *args], check=False, capture_output=True, text=True, timeout=180, env=env)


def png_size_and_distinct_bytes(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values of the decompressed pixel rows."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        if data[offset + 4 : offset + 8] == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    return width, height, len(set(zlib.decompress(b"".join(chunks))))


def test_chromium_renders_the_report(seeds_report, tmp_path):
    binary = chromium_or_skip()
    page, gold = seeds_report
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")

    dom = run_chromium(binary, tmp_path / "profile", "--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = parse(dom.stdout).tags
    assert sum(1 for tag, _ in rendered if tag == "table") == 7  # 4 span schemes, confusion, facts, documents
    assert sum(1 for tag, a in rendered if tag == "svg" and a.get("class") == "chart") == 3
    assert sum(1 for tag, _ in rendered if tag == "rect") > 3 * 3
    assert sum(1 for tag, a in rendered if tag == "mark" and a.get("class") == "entity") >= 2 * len(gold)
    assert [a.get("id") for tag, a in rendered if tag == "section"] == [f"doc-{i}" for i in range(len(gold))]

    shot = tmp_path / "shot.png"
    result = run_chromium(
        binary, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2000", report.as_uri()
    )
    assert result.returncode == 0, result.stderr[-2000:]
    width, height, distinct = png_size_and_distinct_bytes(shot)
    assert (width, height) == (1280, 2000)
    assert distinct > 20  # a blank page decompresses to a handful of byte values


def test_evaluate_command_writes_the_report(tmp_path, capsys):
    from pipeline.cli import main
    from pipeline.schema import write_jsonl

    gold = next(iter(read_jsonl(SEEDS)))
    dropped = gold.spans[0]
    predicted = Document(gold.id, gold.text, gold.meta, gold.spans[1:], gold.facts)
    write_jsonl(tmp_path / "gold.jsonl", [gold])
    write_jsonl(tmp_path / "pred.jsonl", [predicted])
    report = tmp_path / "out" / "report.html"

    assert (
        main(
            ["evaluate", str(tmp_path / "gold.jsonl"), "--pred", str(tmp_path / "pred.jsonl"), "--report", str(report)]
        )
        == 0
    )
    page = report.read_text(encoding="utf-8")
    assert f"report written to {report}" in capsys.readouterr().out
    assert f"<h3>{gold.id}</h3>" in page
    assert confusion_cells(page)[(dropped.label, "missed")] == 1
