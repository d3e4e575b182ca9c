"""What the linker knows about a document before it reads any figure: its regions
(datelines and places of statements left out), dates, the statement date, the people
quoted with their roles, and its main region."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.dates import parse_date
from pipeline.regions import (
    INDONESIA,
    RegionRef,
    key,
    name_index,
    nickname_mentions,
    parent_region,
    region_from_org,
    resolve_region,
    split_prefix,
)
from pipeline.rules import word_set
from pipeline.tokenize import doc_text, token_table

BARE_GOVERNMENT = {"pemprov", "pemkab", "pemkot", "pemda"}  # "Pemprov sudah menanggung iuran 15.000 pekerja rentan"
STATEMENT_VERBS = {"mengatakan", "menyampaikan", "menjelaskan", "menyebut", "menyebutkan", "mengungkapkan", "menuturkan"}
STATEMENT_DATE = re.compile(r"(?i)^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)$|\d+/\d+")
NATIONAL_LEAD = re.compile(
    r"secara nasional|skala nasional|peserta aktif nasional|(peserta|pekerja)[^.]{0,40}(seluruh |se-)indonesia"
)
CLAUSE_BREAKS = {",", ";", ":", ".", "(", ")", "“", "”", '"'}


def speech_verbs() -> frozenset[str]:
    return word_set("speech_verbs.txt")


def honorifics() -> frozenset[str]:
    return word_set("honorifics.txt", strip_dot=True)


def title_words() -> frozenset[str]:
    return word_set("titles.txt", every_word=True)


@dataclass
class Context:
    """What the linker knows about a document before it looks at any METRIC."""

    doc: Doc
    published: str | None
    entities: tuple[Span, ...] = ()  # doc.ents, read once
    regions: list[tuple[Span, RegionRef]] = field(default_factory=list)
    dates: list[tuple[Span, dict[str, str]]] = field(default_factory=list)
    officials: list[tuple[Span, str]] = field(default_factory=list)  # span, full name
    roles: dict[str, str | None] = field(default_factory=dict)
    statement_date: dict[str, str] | None = None
    main_region: RegionRef | None = None
    bare_governments: list[int] = field(default_factory=list)  # starts of ORGs "Pemprov", "Pemkab" without a region
    memo: dict[tuple, Any] = field(default_factory=dict)  # per-figure lookups the linker needs twice

    # the linker asks for the regions of a sentence or paragraph for every figure: a bisection of
    # their starts (regions are in text order and set once, before any figure is read)
    @cached_property
    def region_starts(self) -> list[int]:
        return [span.start for span, _ in self.regions]

    @cached_property
    def region_start_chars(self) -> list[int]:
        return [span.start_char for span, _ in self.regions]

    def regions_in(self, start: int, end: int) -> list[tuple[Span, RegionRef]]:
        """Regions whose first token is in ``[start, end)``, in text order."""
        return self.regions[bisect_left(self.region_starts, start) : bisect_left(self.region_starts, end)]

    def regions_in_chars(self, start: int, end: int) -> list[tuple[Span, RegionRef]]:
        """Regions whose first character is in ``[start, end)``, in text order."""
        starts = self.region_start_chars
        return self.regions[bisect_left(starts, start) : bisect_left(starts, end)]


DATELINE_SEPARATORS = re.compile(r"\s[-–—]{1,2}\s|\):\s|:\s")
DATELINE_WORD = re.compile(r"^(\(?[A-Z][\w.&-]*\)?,?|\(?[A-Za-z-]+\.(com|id|co|co\.id|net)\)?,?)$")


def dateline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of datelines: the place a story was filed from, not what its figures
    are about (``Jambi (ANTARA) -``, ``SOLO —``, ``MEDAN (Waspada):``, ``KONTAN.CO.ID - JAKARTA.``)."""
    ranges = []
    offset = 0
    for line in text.splitlines(keepends=True):
        match = DATELINE_SEPARATORS.search(line[:80])
        if match and line[: match.start()].strip():
            words = line[: match.start()].split()
            if len(words) <= 6 and all(DATELINE_WORD.match(w) for w in words):
                end = match.end()
                follow = re.match(r"[A-Z]{3,}[.,]\s", line[end:])
                ranges.append((offset, offset + end + (follow.end() if follow else 0)))
        offset += len(line)
    return ranges


def statement_places(doc: Doc, entities: tuple[Span, ...]) -> set[int]:
    """Starts of REGIONs naming where something was said: ``di Medan, Rabu``, ``di Jakarta, Kamis
    (18/1)``, ``di kantor pusat BPJS Ketenagakerjaan, Jakarta, Senin (29/7/2024)``, ``hadir di
    Jakarta mengatakan``."""
    places = set()
    for ent in entities:
        if ent.label_ != "REGION" or ent.start == 0 or doc[ent.start - 1].lower_ not in ("di", ","):
            continue
        following = doc[ent.end : ent.end + 3]
        if any(t.ent_type_ == "DATE" and STATEMENT_DATE.search(t.text) for t in following):
            places.add(ent.start)
        elif doc[ent.start - 1].lower_ == "di" and ent.end < len(doc) and doc[ent.end].lower_ in STATEMENT_VERBS:
            # "yang ikut hadir di Jakarta mengatakan"
            places.add(ent.start)
    return places


def resolve_regions(doc: Doc, entities: tuple[Span, ...]) -> list[tuple[Span, RegionRef]]:
    """REGION spans and government ORGs with their regions; bare names follow prefixed ones."""
    prefixed: Counter = Counter()
    for ent in entities:
        if ent.label_ == "REGION" and re.match(r"(?i)(provinsi|prov\.|kabupaten|kab\.?|kota)\s", ent.text):
            ref = resolve_region(ent.text)
            if ref is not None:
                prefixed[ref] += 1 + (ref.kind == "provinsi") * 0.5
    prefer: dict[str, RegionRef] = {}
    for ref, _ in prefixed.most_common():
        if ref.kind != "provinsi" and resolve_region(f"Provinsi {ref.name}") is not None:
            continue  # "Kota Bengkulu" is written out to tell it from the province: bare "Bengkulu" is the province
        prefer.setdefault(key(ref.name), ref)
    found = []
    datelines = dateline_ranges(doc_text(doc))
    places = statement_places(doc, entities)
    for ent in entities:
        ref = None
        if any(start <= ent.start_char < end for start, end in datelines) or ent.start in places:
            continue
        if ent.label_ == "REGION":
            ref = resolve_region(ent.text, prefer)
            ref = titled_region(doc, ent, ref) if ref is not None else None
            if ref is None and is_sub_branch(doc, ent):  # "KCP Pandaan", "Kantor Cabang Pembantu (KCP) Aimas"
                ref = district_named(ent.text, {r.code[:2] for r in prefixed if r.code})
        elif ent.label_ == "ORG":
            ref = region_from_org(ent.text)
        if ref is not None:
            found.append((ent, ref))
    return sorted(found + nickname_regions(doc, entities), key=lambda pair: pair[0].start)


def nickname_regions(doc: Doc, entities: tuple[Span, ...]) -> list[tuple[Span, RegionRef]]:
    """Places named by a nickname (``pekerja di Kota Hujan``) count as mentions of the place."""
    taken = {i for ent in entities for i in range(ent.start, ent.end)}
    found = []
    for start, end, ref in nickname_mentions(doc_text(doc)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and not taken.intersection(range(span.start, span.end)):
            found.append((span, ref))
    return found


def is_sub_branch(doc: Doc, region: Span) -> bool:
    words = [t.lower_ for t in doc[max(0, region.start - 4) : region.start] if t.lower_ not in ("(", ")")]
    return words[-1:] == ["kcp"] or words[-2:] == ["cabang", "pembantu"]


def district_named(name: str, provinces: set[str]) -> RegionRef | None:
    """The district of that name, in one of the document's provinces when several share it."""
    found = name_index().get((key(name), "kecamatan"), [])
    return next((r for r in found if r.code[:2] in provinces), found[0] if found else None)


def titled_region(doc: Doc, region: Span, ref: RegionRef) -> RegionRef:
    """A bare name after a title or an office takes its level from it: ``Bupati Solok`` is the
    regency, ``Wali Kota Solok`` (and ``Wali Kota Jambi``) the city, ``Cabang Bima`` the office
    in the city when a regency shares the name (``Cabang Jambi`` stays the province's), a branch
    named after a district town the regency it serves."""
    if split_prefix(region.text)[0]:
        return ref
    words = [t.lower_ for t in doc[max(0, region.start - 2) : region.start]]
    if words[-1:] == ["bupati"]:
        level = "kabupaten"
    elif words[-1:] == ["walikota"] or words == ["wali", "kota"]:
        level = "kota"
    elif words[-1:] in (["cabang"], ["kc"]) and ref.kind in ("kabupaten", "provinsi"):
        level = "kota"
    elif words[-1:] in (["cabang"], ["kc"]) and ref.code and ref.code.count(".") == 2:
        return parent_region(ref)  # "Cabang Waingapu" serves Sumba Timur
    else:
        return ref
    titled = resolve_region(f"{'Kabupaten' if level == 'kabupaten' else 'Kota'} {region.text}")
    return titled if titled is not None else ref


def full_names(entities: tuple[Span, ...]) -> list[tuple[Span, str]]:
    """OFFICIAL spans with the longest name that contains them; between names of one length
    (``Andi`` in ``Andi Rahmat Patiroi`` and ``Andi Muhammad Fadli``), the one written last
    before the span, else first after it."""
    spans = [e for e in entities if e.label_ == "OFFICIAL"]
    result = []
    for span in spans:
        words = set(span.text.split())
        containing = [e for e in spans if words <= set(e.text.split())]
        longest = max(len(e.text) for e in containing)
        candidates = [e for e in containing if len(e.text) == longest]
        earlier = [e for e in candidates if e.start <= span.start]
        result.append((span, (earlier[-1] if earlier else candidates[0]).text))
    return result


def role_before(doc: Doc, span: Span) -> str | None:
    """The role written right before a name: from the nearest title word to the name."""
    sentence_start = span.sent.start
    start = None
    for index in range(span.start - 1, max(sentence_start, span.start - 15) - 1, -1):
        token = doc[index]
        if (
            token.lower_ in speech_verbs()
            or token.text in ("“", '"', "”")
            or (
                token.is_lower
                and token.lower_ not in title_words()
                and token.lower_ not in ("dan", "bidang", "kantor", "cabang", "wilayah", "utama")
            )
        ):
            break
        if token.lower_ in title_words():
            start = index
    if start is None:
        return None
    end = span.start
    while end > start and (doc[end - 1].lower_.rstrip(".") in honorifics() or doc[end - 1].text in (",", ":", ".")):
        end -= 1
    return doc[start:end].text.strip(" ,") or None


def role_after(doc: Doc, span: Span) -> str | None:
    """``Mintje Wattu, Kepala Kantor ...,``: a role right after the name and a comma."""
    if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].lower_ in title_words():
        end = span.end + 1
        while (
            end < min(len(doc), span.end + 15)
            and doc[end].text not in CLAUSE_BREAKS
            and doc[end].lower_ not in speech_verbs()
        ):
            end += 1
        return doc[span.end + 1 : end].text.strip() or None
    return None


def official_roles(doc: Doc, officials: list[tuple[Span, str]]) -> dict[str, str | None]:
    roles: dict[str, str | None] = {}
    for span, name in officials:
        if roles.get(name):
            continue
        roles[name] = role_before(doc, span) or role_after(doc, span)
    return roles


def is_statement_date(span: Span, value: dict[str, str]) -> bool:
    """A day-precise date with a weekday or in numeric form: when something was said."""
    day_precise = len(value.get("as_of", "")) == 10
    return day_precise and any(STATEMENT_DATE.search(t.text) for t in span)


def is_comparison_of_provinces(counted: Counter) -> bool:
    """Many provinces, none named often: a national report comparing them (``Lima Provinsi
    dengan Cakupan Tertinggi``), whose unplaced figures are national."""
    provinces = [count for ref, count in counted.items() if ref.code and "." not in ref.code]
    return len(provinces) >= 4 and max(counted.values()) <= 3


def bare_governments(doc: Doc) -> list[int]:
    """Tokens naming a government without its region (``Pemprov sudah menanggung iuran``), read
    from the words, whatever label the span classifier gave them."""
    table = token_table(doc)
    return [
        i
        for i, word in enumerate(table.lowers)
        if word in BARE_GOVERNMENT
        and table.texts[i][:1].isupper()
        and not (i + 1 < len(table.texts) and table.texts[i + 1][:1].isupper())
    ]


def build_context(doc: Doc, meta: dict[str, Any] | None) -> Context:
    published = (meta or {}).get("published")
    context = Context(doc, published if isinstance(published, str) else None, doc.ents)
    context.regions = resolve_regions(doc, context.entities)
    for ent in context.entities:
        if ent.label_ == "DATE":
            value = parse_date(ent.text, context.published)
            if value is not None:
                context.dates.append((ent, value))
    context.statement_date = next((v for s, v in context.dates if is_statement_date(s, v)), None)
    context.officials = full_names(context.entities)
    context.bare_governments = bare_governments(doc)
    context.roles = official_roles(doc, context.officials)
    counted = Counter(ref for _, ref in context.regions if ref.code not in (None, "ID"))
    if NATIONAL_LEAD.search(doc_text(doc)[:600].lower()) or is_comparison_of_provinces(counted):
        context.main_region = INDONESIA
    elif counted:
        top = max(counted.values())
        context.main_region = next(ref for _, ref in context.regions if counted.get(ref) == top)
    else:  # an article naming no single region reports national figures
        context.main_region = INDONESIA
    return context
