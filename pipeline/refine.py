"""Rules that refine the EntityRuler's spans using their context.

Each rule is a pure function ``(doc, spans) -> spans`` over ``(start_token, end_token, label)``
triples; ``refine_spans`` applies them in order. They encode the annotation guide's
decisions that a single pattern cannot: a government body with its region is one ORG,
law numbers, years in names, durations and phone numbers are no METRIC or DATE, and
a region name inside another name is no REGION.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.regions import key, name_index
from pipeline.rules import read_list
from pipeline.tokenize import doc_text, token_table

Triple = tuple[int, int, str]
LAW_WORDS = {
    "nomor",
    "no",
    "no.",
    "nomer",
    "nmr",
    "pasal",
    "ayat",
    "uu",
    "pp",
    "perpres",
    "inpres",
    "permenaker",
    "perda",
    "pergub",
    "perbup",
    "perwali",
    "kepmendagri",
    "keppres",
    "sk",
    "nopol",
}
DURATION_WORDS = {
    "tahun",
    "bulan",
    "hari",
    "jam",
    "menit",
    "detik",
    "minggu",
    "pekan",
    "kali",
    "thn",
    "km",
    "meter",
    "kg",
    "lantai",
    "tahunan",
}
DATE_WORDS = {
    "tahun",
    "per",
    "hingga",
    "sejak",
    "sampai",
    "pada",
    "selama",
    "sepanjang",
    "akhir",
    "awal",
    "pertengahan",
    "periode",
    "bulan",
    "di",
    "dan",
    "-",
    "s.d.",
    "(",
    ",",
    "medio",
    "penghujung",
}


@lru_cache(maxsize=1)
def government_prefix_pattern() -> re.Pattern:
    """``Pemprov``, ``Pemerintah Provinsi (Pemprov)``, ... right before a region."""
    names = sorted(read_list("government_prefixes.txt"), key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(re.escape(n) for n in names) + r")\s+$")


@lru_cache(maxsize=1)
def name_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in read_list("name_heads.txt"))


def merge_government_bodies(doc: Doc, spans: list[Triple]) -> list[Triple]:
    """``Pemprov`` + REGION ``Gorontalo`` -> ORG ``Pemprov Gorontalo``."""
    result: list[Triple] = []
    text = doc_text(doc)
    for start, end, label in spans:
        if label == "REGION":
            line_start = text.rfind("\n", 0, doc[start].idx) + 1
            before = text[line_start : doc[start].idx]
            match = government_prefix_pattern().search(before)
            if match:
                prefix_start = doc.char_span(line_start + match.start(), doc[start].idx, alignment_mode="expand")
                if prefix_start is not None and len(prefix_start):
                    first = prefix_start.start
                    result = [s for s in result if s[1] <= first]
                    result.append((first, end, "ORG"))
                    continue
        result.append((start, end, label))
    return result


def is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", text))


def in_law_reference(doc: Doc, start: int) -> bool:
    """Whether the span is a law, regulation or item number (``Inpres Nomor 2 tahun 2021``)."""
    window = token_table(doc).lowers[max(0, start - 4) : start]
    return any(w.rstrip(".") in LAW_WORDS or w in LAW_WORDS or re.fullmatch(r"no\.?\d+", w) for w in window[-2:]) or (
        len(window) >= 2 and window[-1] == "tahun" and any(w.rstrip(".") in LAW_WORDS for w in window[:-1])
    )


PHONE_WORDS = {
    "telepon",
    "telp",
    "telp.",
    "tlp",
    "hp",
    "wa",
    "whatsapp",
    "center",
    "hotline",
    "kontak",
    "sms",
    "fax",
    "faks",
    "nomor",
    "no",
    "no.",
    "hubungi",
    "menghubungi",
    "kanal",
}
CALL_CENTRE = "175"  # BPJS Ketenagakerjaan's call centre number


def is_phone_number(doc: Doc, start: int) -> bool:
    """``call center 175``, ``(0778) 462 1234``, ``hubungi 0812 ...``, ``layanan 175``."""
    window = doc[max(0, start - 4) : start]
    if doc[start].text == CALL_CENTRE and any(t.lower_ == "layanan" for t in window):
        return True
    return any(t.lower_ in PHONE_WORDS for t in window) or any(re.fullmatch(r"\(?0\d{2,4}\)?", t.text) for t in window)


WITH_UNIT = re.compile(r"(?i)persen|%|\brp|ribu|juta|miliar|milyar|triliun")


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` (``start < end``), sliced from the text."""
    table = token_table(doc)
    return doc_text(doc)[table.starts[start] : table.starts[end - 1] + len(table.texts[end - 1])]


def drop_non_metrics(doc: Doc, spans: list[Triple]) -> list[Triple]:
    """No METRIC for years, law numbers, durations and ages, phone numbers."""
    table = token_table(doc)
    texts, lowers, size = table.texts, table.lowers, len(table.texts)
    result = []
    for start, end, label in spans:
        if label == "METRIC":
            text = span_text(doc, start, end)
            digits = end - 1 if lowers[start] in ("nomor", "no", "no.") else start  # "nomor 175", not "nomor 3"
            if (
                re.fullmatch(r"[\d.]+", span_text(doc, digits, end))
                and (digits == start or len(texts[digits]) >= 3)
                and is_phone_number(doc, digits)
            ):
                continue
            after = lowers[end] if end < size else ""
            if (is_year(text) and not re.search(r"(?i)persen|%|rp", text)) or in_law_reference(doc, start):
                continue
            if (
                after in DURATION_WORDS and not WITH_UNIT.search(text)  # "5 tahun", not "38 persen tahun lalu"
                or re.fullmatch(r"0\d{5,}", text)
                or (end < size and texts[end] in (":", "/") and re.fullmatch(r"[\d.,]+", text))
            ):
                continue
            if start > 0 and texts[start - 1] in (":", "/", "-") and re.fullmatch(r"\d+", text):
                label_before = texts[start - 1] == ":" and not (start >= 2 and texts[start - 2].isdigit())
                if not label_before:  # "10:30", "3/9"; not "(JKK): 688 kasus"
                    continue
        result.append((start, end, label))
    return result


def drop_non_dates(doc: Doc, spans: list[Triple]) -> list[Triple]:
    """No DATE for years of laws and names (``Paritrana Award 2023``) or copyright lines."""
    result = []
    text = doc_text(doc)
    for start, end, label in spans:
        if label == "DATE":
            line_start = text.rfind("\n", 0, doc[start].idx) + 1
            line = text[line_start : doc[start].idx].lower()
            previous = doc[start - 1] if start > 0 else None
            bare_year = end - start == 1 and is_year(doc[start].text)
            if "copyright" in line or "©" in line or in_law_reference(doc, start + (doc[start].lower_ == "tahun")):
                continue
            if (
                bare_year
                and previous is not None
                and (previous.text.endswith("/") or (previous.lower_ not in DATE_WORDS and not previous.is_punct))
            ):
                continue
        result.append((start, end, label))
    return result


def drop_names_in_names(doc: Doc, spans: list[Triple]) -> list[Triple]:
    """No REGION for a bare region name inside another name: after a name head
    (``ANTARA News Gorontalo``, ``Pos Kupang``, ``Pekerja Migran Indonesia``)."""
    result = []
    for start, end, label in spans:
        if label == "REGION" and start > 0:
            prefixed = doc[start].lower_ in ("provinsi", "kabupaten", "kota", "kab", "kab.", "prov.")
            if not prefixed and doc[start - 1].lower_ in name_heads():
                continue
        result.append((start, end, label))
    return result


def sub_branch_places(doc: Doc, spans: list[Triple]) -> list[Triple]:
    """A district named as such or as a sub-branch office is a REGION: ``Kecamatan Leihitu``,
    ``KCP Pandaan``, ``Kantor Cabang Pembantu (KCP) Aimas`` (districts are not in the ruler's
    gazetteer: too many of their names are common words)."""
    table = token_table(doc)
    lowers, texts = table.lowers, table.texts
    markers = [
        i
        for i, word in enumerate(lowers)
        if word in ("kcp", "kecamatan", "kec.") or word == "pembantu" and i and lowers[i - 1] == "cabang"
    ]
    if not markers:
        return spans
    taken = {i for start, end, _ in spans for i in range(start, end)}
    added: list[Triple] = []
    for index in markers:
        if index in taken:
            continue
        start = index + 1
        while start < len(texts) and texts[start] in ("(", ")", "KCP"):
            start += 1
        end = start
        while end < len(texts) and end - start < 3 and texts[end][:1].isupper() and end not in taken:
            end += 1
        for stop in range(end, start, -1):  # the longest run of capitalised words naming a district
            if name_index().get((key(" ".join(texts[start:stop])), "kecamatan")):
                first = index if lowers[index] in ("kecamatan", "kec.") else start  # "Kecamatan Leihitu" keeps its prefix
                added.append((first, stop, "REGION"))
                taken.update(range(first, stop))
                break
    return spans + added


RULES: tuple[Callable[[Doc, list[Triple]], list[Triple]], ...] = (
    merge_government_bodies,
    drop_non_metrics,
    drop_non_dates,
    drop_names_in_names,
    sub_branch_places,
)


def refine_spans(doc: Doc, spans: list[Triple]) -> list[Triple]:
    for rule in RULES:
        spans = rule(doc, sorted(spans))
    return sorted(spans)
