"""Compile annotation sources into split JSONL files and validate annotation files."""

from __future__ import annotations

from pathlib import Path

from pipeline.authoring import compile_source
from pipeline.gazetteer import region_codes
from pipeline.schema import Document, RecordError, read_jsonl, write_jsonl


def compile_split(folder: Path, errors: list[str]) -> list[Document]:
    """Every valid source of one split folder, sorted by id; problems go to ``errors``."""
    documents = []
    codes = region_codes()
    for path in sorted(folder.glob("*.txt")):
        try:
            documents.append(compile_source(path, codes))
        except (RecordError, UnicodeDecodeError, OSError) as error:
            errors.append(str(error))
    seen: set[str] = set()
    for document in documents:
        if document.id in seen:
            errors.append(f"{folder}: duplicate id {document.id!r}")
        seen.add(document.id)
    return sorted(documents, key=lambda d: d.id)


def build_annotations(src: Path, out: Path) -> list[str]:
    """Write ``<out>/<split>.jsonl`` for each ``<src>/<split>/``; return the problems found."""
    errors: list[str] = []
    for folder in sorted(p for p in src.iterdir() if p.is_dir()):
        documents = compile_split(folder, errors)
        count = write_jsonl(out / f"{folder.name}.jsonl", documents)
        print(f"{folder.name}: {count} document(s) -> {out / (folder.name + '.jsonl')}")
    return errors


def check_files(paths: list[Path]) -> tuple[list[str], int]:
    """Validate JSONL files or source files; return the problems and the valid record count."""
    errors: list[str] = []
    count = 0
    codes = region_codes()
    for path in paths:
        if path.suffix == ".jsonl":
            count += sum(1 for _ in read_jsonl(path, codes, errors))
            continue
        try:
            compile_source(path, codes)
            count += 1
        except (RecordError, UnicodeDecodeError, OSError) as error:
            errors.append(str(error))
    return errors, count
