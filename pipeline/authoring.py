"""Annotation sources (front matter + text with ``[[surface|LABEL]]`` marks) to records.

See annotations/README.md, "Source format".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from pipeline.schema import Document, RecordError, full_fact, parse_document

MARK = re.compile(r"\[\[(?P<surface>[^\[\]|]+?)\|(?P<label>[A-Z]+)\]\]")
EVIDENCE = re.compile(r"^(?P<surface>.+?)(?:#(?P<nth>\d+))?$", re.S)


def split_front_matter(source: str, path: Path) -> tuple[dict[str, Any], str]:
    """The YAML header and the marked body of a source file."""
    if not source.startswith("---\n"):
        raise RecordError(f"{path}:1: source must start with a '---' front matter line")
    end = source.find("\n---\n", 4)
    if end < 0:
        raise RecordError(f"{path}:1: front matter is not closed by a '---' line")
    try:
        header = yaml.safe_load(source[4:end]) or {}
    except yaml.YAMLError as error:
        raise RecordError(f"{path}: front matter is not valid YAML: {error}") from None
    body = source[end + 5 :]
    return header, body[:-1] if body.endswith("\n") else body


def strip_marks(body: str) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and the spans the marks stood for."""
    pieces: list[str] = []
    spans: list[dict[str, Any]] = []
    cursor = length = 0
    for match in MARK.finditer(body):
        plain = body[cursor : match.start()]
        pieces.append(plain)
        length += len(plain)
        surface = match["surface"]
        spans.append({"start": length, "end": length + len(surface), "label": match["label"]})
        pieces.append(surface)
        length += len(surface)
        cursor = match.end()
    pieces.append(body[cursor:])
    text = "".join(pieces)
    if "[[" in text or "]]" in text:
        line = text[: text.find("[[") if "[[" in text else text.find("]]")].count("\n") + 1
        raise RecordError(f"unclosed or malformed span mark near text line {line}")
    return text, spans


def resolve_evidence(reference: str, text: str, spans: list[dict[str, Any]]) -> dict[str, int]:
    """The METRIC span a fact's ``evidence: "surface#n"`` names."""
    match = EVIDENCE.match(str(reference))
    surface, nth = match["surface"], int(match["nth"] or 1)
    found = [s for s in spans if s["label"] == "METRIC" and text[s["start"] : s["end"]] == surface]
    if len(found) < nth:
        raise RecordError(f"evidence {reference!r}: only {len(found)} METRIC span(s) read {surface!r}")
    return {"start": found[nth - 1]["start"], "end": found[nth - 1]["end"]}


def compile_source(path: Path, region_codes: set[str] | None = None) -> Document:
    """Compile one source file into a validated Document."""
    header, body = split_front_matter(path.read_text(encoding="utf-8"), path)
    try:
        text, spans = strip_marks(body)
        facts = []
        for index, fact in enumerate(header.get("facts") or []):
            if not isinstance(fact, dict) or "evidence" not in fact:
                raise RecordError(f"fact {index} has no evidence")
            facts.append(full_fact({**fact, "evidence": resolve_evidence(fact["evidence"], text, spans)}))
        record = {
            "id": header.get("id") or path.stem,
            "text": text,
            "meta": header.get("meta") or {},
            "spans": spans,
            "facts": facts,
        }
        return parse_document(record, region_codes)
    except RecordError as error:
        raise RecordError(f"{path}: {error}") from None
