"""The linker's cue words, loaded once from configs/cues.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CUES_FILE = Path(__file__).resolve().parent.parent / "configs" / "cues.yaml"


@dataclass(frozen=True)
class Cues:
    segments: tuple[tuple[re.Pattern, str], ...]  # compiled once: read for every figure
    any_segment: re.Pattern  # matches where any segment pattern does: most texts have none
    programs: tuple[tuple[re.Pattern, str], ...]
    qualifiers: tuple[tuple[re.Pattern, str], ...]
    case_nouns: tuple[str, ...]
    employer_nouns: tuple[str, ...]
    person_nouns: tuple[str, ...]
    workforce: str
    not_a_fact: str
    layoff: str
    other_scheme: str
    per_person: str
    rate_negative: str
    target: str
    claim: str
    employer: str


@lru_cache(maxsize=1)
def cues(path: Path = CUES_FILE) -> Cues:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = lambda name, field: tuple((re.compile(item["pattern"]), item[field]) for item in data[name])  # noqa: E731
    nouns, words = data["nouns"], data["cues"]
    return Cues(
        segments=pairs("segments", "segment"),
        any_segment=re.compile("|".join(f"(?:{item['pattern']})" for item in data["segments"])),
        programs=pairs("programs", "program"),
        qualifiers=pairs("qualifiers", "qualifier"),
        case_nouns=tuple(nouns["cases"]),
        employer_nouns=tuple(nouns["employers"]),
        person_nouns=tuple(nouns["persons"]),
        **{
            name: words[name]
            for name in (
                "workforce",
                "not_a_fact",
                "layoff",
                "other_scheme",
                "per_person",
                "rate_negative",
                "target",
                "claim",
                "employer",
            )
        },
    )
