"""Annotation tools in and out: Label Studio, Prodigy, doccano and brat.

Export turns warta records (extractor output or annotations) into tasks a person corrects;
import turns the corrected files back into warta annotation records. Import never trusts
the tool: every span is checked against the text, and a bad span, fact or record is
rejected with a message naming the file and the record while everything else is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from pipeline.schema import LABELS, Document, RecordError, Span, fact_problems, parse_document

EXPORT_FORMATS = ("label-studio", "prodigy")
IMPORT_FORMATS = ("label-studio", "prodigy", "doccano", "brat")
DEFAULT_MODEL_VERSION = "warta-0.1.0"
TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class RawSpan:
    """A span as a tool wrote it, before it is checked; ``where`` names file and record."""

    start: Any
    end: Any
    label: Any
    surface: str | None
    where: str


@dataclass
class ImportResult:
    """Imported documents, rejections (spans, facts or records lost) and skipped records."""

    documents: list[Document] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def extend(self, other: ImportResult) -> None:
        self.documents.extend(other.documents)
        self.rejected.extend(other.rejected)
        self.skipped.extend(other.skipped)


# ---------------------------------------------------------------- export


def mean(scores: list[float]) -> float | None:
    return round(sum(scores) / len(scores), 4) if scores else None


def document_score(document: Document) -> float | None:
    """Mean span confidence; the extractor scores only facts so far, so else the mean fact confidence."""
    span_scores = [s.confidence for s in document.spans if s.confidence is not None]
    fact_scores = [f["confidence"] for f in document.facts if isinstance(f.get("confidence"), (int, float))]
    return mean(span_scores) if span_scores else mean(fact_scores)


def label_studio_config(labels: Iterable[str] = LABELS) -> str:
    """The labeling config that matches the exported tasks."""
    lines = ["<View>", '  <Labels name="label" toName="text">']
    lines += [f"    <Label value={quoteattr(label)}/>" for label in labels]
    lines += ["  </Labels>", '  <Text name="text" value="$text"/>', "</View>", ""]
    return "\n".join(lines)


def label_studio_region(document: Document, index: int, span: Span) -> dict[str, Any]:
    region: dict[str, Any] = {
        "id": f"s{index}",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {
            "start": span.start,
            "end": span.end,
            "text": document.text[span.start : span.end],
            "labels": [span.label],
        },
    }
    if span.confidence is not None:
        region["score"] = span.confidence
    return region


def to_label_studio_task(document: Document, model_version: str = DEFAULT_MODEL_VERSION) -> dict[str, Any]:
    """One task; the spans are a prediction, the facts travel in ``data`` and come back."""
    prediction: dict[str, Any] = {
        "model_version": model_version,
        "result": [label_studio_region(document, i, s) for i, s in enumerate(document.spans)],
    }
    score = document_score(document)
    if score is not None:
        prediction["score"] = score
    data = {"text": document.text, "id": document.id, "meta": document.meta, "facts": list(document.facts)}
    return {"data": data, "predictions": [prediction]}


def token_bounds(text: str, spans: Iterable[Span]) -> list[tuple[int, int]]:
    """Words and punctuation, also cut at every span boundary so that each span is whole tokens."""
    cuts = {b for s in spans for b in (s.start, s.end)}
    bounds = []
    for match in TOKEN.finditer(text):
        start = match.start()
        for cut in sorted(c for c in cuts if match.start() < c < match.end()):
            bounds.append((start, cut))
            start = cut
        bounds.append((start, match.end()))
    return bounds


def prodigy_tokens(text: str, bounds: list[tuple[int, int]]) -> list[dict[str, Any]]:
    return [
        {"text": text[s:e], "start": s, "end": e, "id": i, "ws": e < len(text) and text[e].isspace()}
        for i, (s, e) in enumerate(bounds)
    ]


def to_prodigy_record(document: Document, with_tokens: bool = False) -> dict[str, Any]:
    """One Prodigy span record (no ``answer``: nobody has seen it yet); tokens for ``ner.manual`` on request."""
    bounds = token_bounds(document.text, document.spans) if with_tokens else []
    first_token = {s: i for i, (s, _) in enumerate(bounds)}
    last_token = {e: i for i, (_, e) in enumerate(bounds)}
    spans = []
    for span in document.spans:
        item: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label}
        if with_tokens:
            item.update(token_start=first_token[span.start], token_end=last_token[span.end])
        if span.confidence is not None:
            item["score"] = span.confidence
        spans.append(item)
    record = {"text": document.text, "meta": {**document.meta, "id": document.id}, "spans": spans}
    if with_tokens:
        record["tokens"] = prodigy_tokens(document.text, bounds)
    record["facts"] = list(document.facts)
    return record


def label_studio_config_path(tasks_path: Path) -> Path:
    return tasks_path.with_name(tasks_path.stem + ".config.xml")


def export_label_studio(
    documents: Iterable[Document], out: Path | str, model_version: str = DEFAULT_MODEL_VERSION
) -> tuple[int, Path]:
    """Write the tasks JSON and the labeling config next to it; return the task count and config path."""
    out = Path(out)
    tasks = [to_label_studio_task(d, model_version) for d in documents]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    config = label_studio_config_path(out)
    config.write_text(label_studio_config(), encoding="utf-8")
    return len(tasks), config


def export_prodigy(documents: Iterable[Document], out: Path | str, with_tokens: bool = False) -> int:
    """Write Prodigy span JSONL, one record a line; return the count."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for document in documents:
            handle.write(json.dumps(to_prodigy_record(document, with_tokens), ensure_ascii=False) + "\n")
            count += 1
    return count


# ---------------------------------------------------------------- checking spans and records


def span_problem(text: str, raw: RawSpan) -> str | None:
    """Why a raw span cannot be kept, or None."""
    if raw.label not in LABELS:
        return f"unknown label {raw.label!r} (labels: {', '.join(LABELS)})"
    if not all(isinstance(b, int) and not isinstance(b, bool) for b in (raw.start, raw.end)):
        return f"offsets {raw.start!r}-{raw.end!r} are not integers"
    if not 0 <= raw.start < raw.end <= len(text):
        return f"offsets {raw.start}-{raw.end} outside the text (length {len(text)}) or empty"
    actual = text[raw.start : raw.end]
    if raw.surface is not None and raw.surface != actual:
        return f"surface {raw.surface!r} does not match the text at {raw.start}-{raw.end} ({actual!r})"
    if not actual.strip():
        return "span covers only whitespace"
    return None


def trimmed(text: str, start: int, end: int, label: str) -> Span:
    """Tools often select a trailing space; warta spans never start or end with whitespace."""
    while text[start].isspace():
        start += 1
    while text[end - 1].isspace():
        end -= 1
    return Span(start, end, label)


def checked_spans(text: str, raws: Iterable[RawSpan]) -> tuple[list[Span], list[str]]:
    """The spans that fit the text, sorted; overlapping ones after the first are rejected."""
    kept: list[Span] = []
    rejected: list[str] = []
    candidates: list[tuple[Span, RawSpan]] = []
    for raw in raws:
        problem = span_problem(text, raw)
        if problem:
            rejected.append(f"{raw.where}: span {raw.start}-{raw.end} {raw.label}: {problem}; span rejected")
            continue
        candidates.append((trimmed(text, raw.start, raw.end, raw.label), raw))
    candidates.sort(key=lambda pair: (pair[0].start, pair[0].end))
    for span, raw in candidates:
        if kept and span.start < kept[-1].end:
            previous = kept[-1]
            if (span.start, span.end, span.label) != (previous.start, previous.end, previous.label):
                rejected.append(
                    f"{raw.where}: span {span.start}-{span.end} {span.label} overlaps "
                    f"{previous.start}-{previous.end} {previous.label}; the first is kept"
                )
            continue
        kept.append(span)
    return kept, rejected


def evidence_bounds(fact: dict[str, Any]) -> tuple[Any, Any]:
    evidence = fact.get("evidence") or {}
    return evidence.get("start"), evidence.get("end")


def checked_facts(text: str, spans: list[Span], facts: Any, where: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Carried facts that are still valid with the corrected spans (evidence must be a METRIC span)."""
    if facts is None:
        return [], []
    if not isinstance(facts, list):
        return [], [f"{where}: 'facts' is not a list; facts rejected"]
    metric = {(s.start, s.end) for s in spans if s.label == "METRIC"}
    kept, rejected = [], []
    for index, fact in enumerate(facts):
        problems = fact_problems(fact, text, metric, None) if isinstance(fact, dict) else ["not an object"]
        if not problems and evidence_bounds(fact) not in metric:
            # fact_problems lets any evidence pass when a record has no METRIC span at all
            problems = ["its evidence is no longer a METRIC span"]
        if problems:
            rejected.append(f"{where}: fact {index}: {'; '.join(problems)}; fact rejected")
        else:
            kept.append(fact)
    return kept, rejected


def build_document(doc_id: Any, text: Any, meta: Any, raws: Iterable[RawSpan], facts: Any, where: str) -> ImportResult:
    """A checked Document from one imported record, or the reason the whole record is rejected."""
    result = ImportResult()
    if not isinstance(text, str) or not text:
        result.rejected.append(f"{where}: no text; record rejected")
        return result
    if doc_id is None or str(doc_id) == "":
        result.rejected.append(f"{where}: no id; record rejected")
        return result
    spans, result.rejected = checked_spans(text, raws)
    kept_facts, fact_rejections = checked_facts(text, spans, facts, where)
    result.rejected.extend(fact_rejections)
    record = {
        "id": str(doc_id),
        "text": text,
        "meta": meta if isinstance(meta, dict) else {},
        "spans": [s.to_dict() for s in spans],
        "facts": kept_facts,
    }
    try:
        result.documents.append(parse_document(record))
    except RecordError as error:  # a guard: the checks above should already have caught it
        result.rejected.append(f"{where}: {error}; record rejected")
    return result


# ---------------------------------------------------------------- Label Studio


def latest_annotation(task: dict[str, Any]) -> dict[str, Any] | None:
    """The most recently updated annotation that was not cancelled (file order breaks ties)."""
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if not annotations:
        return None
    order = {id(a): i for i, a in enumerate(annotations)}
    return max(annotations, key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""), order[id(a)]))


def label_studio_raw_spans(results: Any, where: str) -> tuple[list[RawSpan], list[str]]:
    raws, rejected = [], []
    for number, item in enumerate(results or []):
        if not isinstance(item, dict) or item.get("type") != "labels":
            continue  # relations, choices, text areas: not spans
        value = item.get("value") or {}
        labels = value.get("labels") or []
        here = f"{where}, result {number}"
        if len(labels) != 1:
            rejected.append(f"{here}: a span needs exactly one label, got {labels!r}; span rejected")
            continue
        raws.append(RawSpan(value.get("start"), value.get("end"), labels[0], value.get("text"), here))
    return raws, rejected


def label_studio_task_where(path: Path, index: int, task: dict[str, Any]) -> str:
    data = task.get("data") or {}
    name = data.get("id") if isinstance(data, dict) else None
    return f"{path}: task {index} (id {name if name is not None else task.get('id')!r})"


def import_label_studio_task(task: Any, path: Path, index: int) -> ImportResult:
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        return ImportResult(rejected=[f"{path}: task {index}: not a task with 'data'; record rejected"])
    where = label_studio_task_where(path, index, task)
    annotation = latest_annotation(task)
    if annotation is None:
        return ImportResult(skipped=[f"{where}: no annotation that was not cancelled; skipped"])
    data = task["data"]
    raws, rejected = label_studio_raw_spans(annotation.get("result"), where)
    doc_id = data.get("id", task.get("id"))
    result = build_document(doc_id, data.get("text"), data.get("meta"), raws, data.get("facts"), where)
    result.rejected[:0] = rejected
    return result


def import_label_studio(path: Path | str) -> ImportResult:
    """A Label Studio JSON export: the latest non-cancelled annotation of each task; predictions ignored."""
    path = Path(path)
    result = ImportResult()
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        result.rejected.append(f"{path}: cannot read a Label Studio export ({error})")
        return result
    if not isinstance(tasks, list):
        result.rejected.append(f"{path}: a Label Studio export is a JSON list of tasks")
        return result
    for index, task in enumerate(tasks):
        result.extend(import_label_studio_task(task, path, index))
    return result


# ---------------------------------------------------------------- JSONL tools (Prodigy, doccano)


def jsonl_records(path: Path, result: ImportResult) -> Iterable[tuple[int, dict[str, Any]]]:
    """(line number, record) of a JSONL file; unreadable lines are rejected."""
    try:
        lines = path.read_bytes().splitlines()
    except OSError as error:
        result.rejected.append(f"{path}: cannot read ({error})")
        return
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            result.rejected.append(f"{path}:{number}: not a JSON line ({error}); record rejected")
            continue
        if not isinstance(record, dict):
            result.rejected.append(f"{path}:{number}: not a JSON object; record rejected")
            continue
        yield number, record


def record_id(record: dict[str, Any], meta: dict[str, Any]) -> Any:
    return meta.get("id", record.get("id"))


def import_prodigy_record(record: dict[str, Any], where: str) -> ImportResult:
    answer = record.get("answer")
    if answer is not None and answer != "accept":
        return ImportResult(skipped=[f"{where}: answer {answer!r}; skipped"])
    meta = dict(record.get("meta") or {}) if isinstance(record.get("meta"), dict) else {}
    doc_id = meta.pop("id", record.get("id"))
    where = f"{where} (id {doc_id!r})"
    spans = record.get("spans") or []
    raws = [
        RawSpan(s.get("start"), s.get("end"), s.get("label"), s.get("text"), where)
        if isinstance(s, dict)
        else RawSpan(None, None, None, None, where)
        for s in spans
    ]
    return build_document(doc_id, record.get("text"), meta, raws, record.get("facts"), where)


def import_jsonl(path: Path | str, import_record) -> ImportResult:
    """Every record of a JSONL file through ``import_record(record, "file:line")``."""
    path = Path(path)
    result = ImportResult()
    for number, record in jsonl_records(path, result):
        result.extend(import_record(record, f"{path}:{number}"))
    return result


def import_prodigy(path: Path | str) -> ImportResult:
    """Prodigy span JSONL: accepted records, and records without an answer."""
    return import_jsonl(path, import_prodigy_record)


def doccano_raw_spans(record: dict[str, Any], where: str) -> list[RawSpan]:
    if "entities" in record:
        return [
            RawSpan(e.get("start_offset"), e.get("end_offset"), e.get("label"), None, where)
            if isinstance(e, dict)
            else RawSpan(None, None, None, None, where)
            for e in record.get("entities") or []
        ]
    raws = []
    for item in record.get("label") or []:
        if isinstance(item, (list, tuple)) and len(item) == 3:
            raws.append(RawSpan(item[0], item[1], item[2], None, where))
        else:  # e.g. a text-classification label
            raws.append(RawSpan(None, None, item, None, where))
    return raws


def import_doccano_record(record: dict[str, Any], where: str) -> ImportResult:
    meta = dict(record.get("meta") or {}) if isinstance(record.get("meta"), dict) else {}
    doc_id = record["id"] if "id" in record else meta.get("id")
    meta.pop("id", None)
    where = f"{where} (id {doc_id!r})"
    return build_document(
        doc_id, record.get("text"), meta, doccano_raw_spans(record, where), record.get("facts"), where
    )


def import_doccano(path: Path | str) -> ImportResult:
    """doccano sequence-labelling JSONL (``label`` triples or ``entities`` objects)."""
    return import_jsonl(path, import_doccano_record)


# ---------------------------------------------------------------- brat


def brat_raw_spans(ann_path: Path, content: str) -> tuple[list[RawSpan], list[str]]:
    """Text-bound annotations (``T`` lines) of a .ann file; other lines are ignored."""
    raws, rejected = [], []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.startswith("T"):
            continue  # notes (#), attributes (A), relations (R), events (E), normalisations (N)
        where = f"{ann_path}:{number}"
        parts = line.split("\t")
        if len(parts) < 2:
            rejected.append(f"{where}: malformed text-bound line {line!r}; span rejected")
            continue
        label, _, offsets = parts[1].partition(" ")
        if ";" in offsets:
            rejected.append(f"{where}: discontinuous span {offsets!r} is not supported; span rejected")
            continue
        bounds = offsets.split()
        try:
            start, end = (int(b) for b in bounds)
        except ValueError:
            rejected.append(f"{where}: offsets {offsets!r} are not 'start end'; span rejected")
            continue
        surface = parts[2] if len(parts) > 2 else None
        raws.append(RawSpan(start, end, label, surface, where))
    return raws, rejected


def brat_pairs(paths: Iterable[Path | str]) -> list[tuple[Path, Path]]:
    """(text, annotation) file pairs from folders, .txt files and .ann files."""
    pairs: list[tuple[Path, Path]] = []
    for path in map(Path, paths):
        anns = sorted(path.glob("*.ann")) if path.is_dir() else [path.with_suffix(".ann")]
        pairs.extend((ann.with_suffix(".txt"), ann) for ann in anns)
    return list(dict.fromkeys(pairs))


def import_brat_pair(text_path: Path, ann_path: Path) -> ImportResult:
    try:
        # newline="" keeps \r\n: brat offsets count every character of the file
        with text_path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        content = ann_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return ImportResult(rejected=[f"{ann_path}: cannot read the pair ({error}); record rejected"])
    raws, rejected = brat_raw_spans(ann_path, content)
    result = build_document(text_path.stem, text, {}, raws, None, str(ann_path))
    result.rejected[:0] = rejected
    return result


def import_brat(paths: Iterable[Path | str]) -> ImportResult:
    """brat standoff: each ``X.txt`` with its ``X.ann``; the id is ``X``."""
    result = ImportResult()
    for text_path, ann_path in brat_pairs(paths):
        result.extend(import_brat_pair(text_path, ann_path))
    return result


# ---------------------------------------------------------------- dispatch


def import_annotations(paths: Iterable[Path | str], tool: str) -> ImportResult:
    """Import files of one tool (``IMPORT_FORMATS``) into warta annotation records."""
    if tool == "brat":
        return without_duplicate_ids(import_brat(paths))
    readers = {"label-studio": import_label_studio, "prodigy": import_prodigy, "doccano": import_doccano}
    result = ImportResult()
    for path in paths:
        result.extend(readers[tool](path))
    return without_duplicate_ids(result)


def without_duplicate_ids(result: ImportResult) -> ImportResult:
    """Keep the first record of each id (a file imported twice, a task duplicated in the tool)."""
    seen: set[str] = set()
    kept = []
    for document in result.documents:
        if document.id in seen:
            result.rejected.append(f"duplicate id {document.id!r}: only the first record is kept")
            continue
        seen.add(document.id)
        kept.append(document)
    result.documents = kept
    return result


def export_annotations(
    documents: Iterable[Document],
    out: Path | str,
    tool: str,
    model_version: str = DEFAULT_MODEL_VERSION,
    with_tokens: bool = False,
) -> list[Path]:
    """Export documents for one tool (``EXPORT_FORMATS``); return the files written."""
    if tool == "label-studio":
        _, config = export_label_studio(documents, out, model_version)
        return [Path(out), config]
    export_prodigy(documents, out, with_tokens)
    return [Path(out)]
