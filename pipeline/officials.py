"""Rules that find people's names (OFFICIAL spans) from their context.

A *name run* is a sequence of capitalised tokens that are not common Indonesian words
(``configs/lexicon/common_words.txt``, derived from the UD treebanks), not titles,
honorifics, months or weekdays, and not inside another span. A run becomes an OFFICIAL
when its context says it is a person: a role or office right before it (``Kepala BPJS
Ketenagakerjaan Cabang Jambi Seto Tjahjono``), an honorific (``Pak Rudy``), or a speech
verb right before or after it (``kata Al Haris``, ``Widhi mengatakan``). Later short
references to a found name (``Seto``) are OFFICIAL too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from pipeline.dates import MONTHS, WEEKDAYS
from pipeline.rules import read_list, word_set
from pipeline.tokenize import doc_text, token_table

Triple = tuple[int, int, str]
LEXICON_DIR = Path(__file__).resolve().parent.parent / "configs" / "lexicon"
NAME_PARTICLES = {"bin", "binti", "van", "de", "der", "al", "el"}
MAX_NAME_TOKENS = 5


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Words never part of a name: common_words.txt (from UD) plus domain_words.txt."""
    words: set[str] = set()
    for path in sorted(LEXICON_DIR.glob("*_words.txt")):
        words.update(w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())
    return frozenset(words)


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, frozenset[str]]:
    return {
        "prefixes": frozenset(read_list("name_prefixes.txt")),  # matched as written: "Muh.", "I"
        "titles": word_set("titles.txt", every_word=True),
        "honorifics": word_set("honorifics.txt", strip_dot=True),
        "speech": word_set("speech_verbs.txt"),
        "calendar": frozenset({*MONTHS, *WEEKDAYS}),
        "degrees": frozenset(read_list("degrees.txt")),  # matched as written: "SE", not "se"
    }


NAME_SHAPE = re.compile(r"[A-Z][a-zA-Z'’\-]*[a-z][a-zA-Z'’\-]*|[A-Z]{1,2}|Al|El")


@lru_cache(maxsize=100_000)
def name_word(text: str) -> bool | None:
    """Whether a word can be part of a person's name: a capitalised word (True), not
    (False), or a capitalised common word (None), which can continue a name but not start
    one. Name prefixes can start one (``Lalu``, ``I``)."""
    words = vocabulary()
    if text in words["prefixes"]:
        return True
    if not NAME_SHAPE.fullmatch(text) or text in words["degrees"]:
        return False
    lower = text.lower()
    if (
        lower in words["titles"]
        or lower.rstrip(".") in words["honorifics"]
        or lower in words["calendar"]
        or lower in words["speech"]
        or lower in region_words()
    ):
        return False
    return lower not in common_words() or lower in NAME_PARTICLES or None


def is_name_token(texts: list[str], i: int, taken: set[int], continuing: bool = False) -> bool:
    """Token ``i`` (of a doc whose token texts are ``texts``) can be part of a name here: a
    common word only continues a name (``Mohammad Ichsan Putra``), and not before another
    capitalised word."""
    if i in taken:
        return False
    kind = name_word(texts[i])
    if kind is not None:
        return kind
    # a common word continues a name at its end, or inside it before a word that is only a name
    return continuing and (i + 1 == len(texts) or not texts[i + 1].istitle() or name_word(texts[i + 1]) is True)


@lru_cache(maxsize=1)
def region_words() -> frozenset[str]:
    """Single-word region names and aliases: never the first word of a person's name."""
    from pipeline.gazetteer import regions
    from pipeline.regions import alias_index

    names = [r.name for r in regions().values() if r.level <= 2] + list(alias_index())
    return frozenset(n.lower() for n in names if " " not in n)


def name_runs(doc: Doc, taken: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of name tokens (at most MAX_NAME_TOKENS long)."""
    texts = token_table(doc).texts
    runs, start = [], None
    for i in range(len(texts)):
        continuing = start is not None and i - start < MAX_NAME_TOKENS
        if is_name_token(texts, i, taken, continuing) and (start is None or i - start < MAX_NAME_TOKENS):
            start = i if start is None else start
            continue
        if start is not None:
            runs.append((start, i))
            start = i if is_name_token(texts, i, taken) else None
    if start is not None:
        runs.append((start, len(texts)))
    return [(s, e) for s, e in runs if texts[s].lower() not in NAME_PARTICLES]


def previous_word(doc: Doc, index: int) -> Token | None:
    """The token before ``index``, skipping one comma or colon (``Editor: Budi``)."""
    index -= 1
    if index >= 0 and doc[index].text in (",", ":"):
        index -= 1
    return doc[index] if index >= 0 else None


def next_word(doc: Doc, index: int) -> Token | None:
    if index < len(doc) and doc[index].text == ",":
        index += 1
    return doc[index] if index < len(doc) else None


def in_headline(doc: Doc, index: int) -> bool:
    """Whether the token's line is written in Title Case (a headline, a "Baca juga" link)."""
    text = doc_text(doc)
    offset = token_table(doc).starts[index]
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return is_headline(text[start : end if end >= 0 else len(text)])


@lru_cache(maxsize=10_000)
def is_headline(line: str) -> bool:
    """Whether a line is in Title Case; cached, as every name run in a paragraph asks."""
    line = line.strip()
    words = re.findall(r"[A-Za-z]+", line)
    ends_like_prose = bool(re.search(r"[.!?\"”]$", line))
    return len(words) >= 4 and not ends_like_prose and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def has_person_context(doc: Doc, start: int, end: int, span_ends: set[int]) -> bool:
    """A role, office, honorific or speech verb right next to the run (only a speech verb
    or honorific in a headline)."""
    words = vocabulary()
    before, after = previous_word(doc, start), next_word(doc, end)
    if in_headline(doc, start):
        span_ends = set()
        if before is not None and before.lower_ in words["titles"]:
            before = None
    if before is not None and before.text == "." and before.i > 0:  # Stanza splits "Hj." into "Hj" "."
        before = doc[before.i - 1] if doc[before.i - 1].lower_ in words["honorifics"] else before
    if before is not None:
        if before.lower_ in words["honorifics"] or before.lower_.rstrip(".") in words["honorifics"]:
            return True
        if end - start == 1 and start in span_ends:
            return False  # "BPJS Ketenagakerjaan Serui mencatat": the office's place
        if before.lower_ in words["speech"] or before.lower_ in words["titles"]:
            return True
        if before.i + 1 in span_ends and end - start >= 2:
            return True
    return after is not None and after.lower_ in words["speech"]


OFFICE_WORDS = {"cabang", "kcp", "wilayah", "kanwil"}


def without_office_place(texts: list[str], start: int, end: int) -> int:
    """Where the name starts in a run of three or more words right after an office word:
    the first is the office's place (``Cabang Luwuk Stevanus Rompas``)."""
    if end - start >= 3 and start > 0 and texts[start - 1].lower() in OFFICE_WORDS:
        return start + 1
    return start


def find_officials(doc: Doc, spans: list[Triple]) -> list[Triple]:
    """OFFICIAL spans for names in person context, then for the other mentions of their
    words: a whole name run holding one (``Cabang Sampit, Yudhi Prasetya Nugraha,
    mengapresiasi`` when ``kata Yudhi`` comes later), else the word alone (``Seto``)."""
    taken = {i for s, e, _ in spans for i in range(s, e)}
    span_ends = {e for _, e, label in spans if label in ("ORG", "REGION")}
    runs = name_runs(doc, taken)
    texts = token_table(doc).texts
    named = [(s, e) for s, e in runs if has_person_context(doc, s, e, span_ends)]
    found: list[Triple] = [(without_office_place(texts, s, e), e, "OFFICIAL") for s, e in named]
    parts = {texts[i] for s, e, _ in found for i in range(s, e) if texts[i].lower() not in NAME_PARTICLES and len(texts[i]) > 2}
    found += [
        (without_office_place(texts, s, e), e, "OFFICIAL")
        for s, e in runs
        if (s, e) not in named and e - s > 1 and parts.intersection(texts[s:e])
    ]
    covered = {i for s, e, _ in found for i in range(s, e)} | taken
    for i, text in enumerate(texts):
        if text in parts and i not in covered:
            found.append((i, i + 1, "OFFICIAL"))
    return found
