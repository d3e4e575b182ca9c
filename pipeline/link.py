"""Spans to facts: pure functions of a Doc with its entities (and the article's meta).

For every METRIC the linker decides the fact type from the words around it (the counted
noun after it, cue words in its clause), then fills the attributes from the closest
evidence: region (same sentence before, then after, then the paragraph, then the
article's main region), qualifier (words right before), segment and program (cue words
in its clause), date (a DATE in its sentence, else the statement date, else the
publication date), official (the person the sentence or paragraph is attributed to).
Repeated figures are merged into one fact.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.context import CLAUSE_BREAKS, Context, build_context, is_statement_date, speech_verbs
from pipeline.cues import cues
from pipeline.dates import as_period, is_period_phrase
from pipeline.figures import (
    CHANGE_VERBS,
    ENTITY_TYPES,
    HEIR_SHARE,
    LABELLED_LINE,
    METRIC_TOKENS,
    MINIMUM_HEADCOUNT,
    clause_bounds,
    entity_types,
    line_bounds,
    fact_type,
    fact_value,
    is_ruled_out,
    list_item,
    metric_tokens,
    paragraph_bounds,
    program,
    respective_figures,
    qualifier,
    segment,
    sentence_bounds,
    text_of,
    words_after,
)
from pipeline.numbers import parse_quantity
from pipeline.regions import INDONESIA, RegionRef, parent_region, resolve_region, resolve_region_code
from pipeline.schema import FACT_UNITS, full_fact
from pipeline.tokenize import doc_text, token_table

# --- per-metric decisions --------------------------------------------------------------


def is_concrete(ref: RegionRef) -> bool:
    return ref.code not in (None, "ID")


OFFICE_WORDS = {"cabang", "kc", "kcp", "kanwil", "wilayah", "kantor", "perwakilan"}


def is_office(doc: Doc, region: Span) -> bool:
    """A region naming a BPJS office (``Cabang Jayapura``, ``BPJS Ketenagakerjaan Sulteng``)."""
    words = token_table(doc).lowers[max(0, region.start - 3) : region.start]
    if words[-1:] == [")"] and len(words) == 3 and words[0] == "(":  # "Kantor Cabang Pembantu (KCP) Slawi"
        words = words[1:2]
    return bool(words) and (words[-1] in OFFICE_WORDS or entity_types(doc)[region.start - 1] == "ORG")


def is_locative(doc: Doc, region: Span) -> bool:
    """A single region the figure is located in: ``di Provinsi Papua``, ``se-Jawa Tengah``
    (not ``di Sumatera Utara dan Aceh``: two regions are the office area's business)."""
    previous = doc[region.start - 1] if region.start > 0 else None
    if previous is None or previous.lower_ not in ("di", "se", "se-", "asal", "seluruh"):
        return False
    joined = doc[region.end : region.end + 2]
    return not (len(joined) == 2 and joined[0].lower_ in ("dan", "serta", ",") and joined[1].ent_type_ == "REGION")


def is_origin_after(doc: Doc, region: Span, figure: Span) -> bool:
    """``1.408 orang dari Kabupaten Sumbawa``: where the people counted come from."""
    words = token_table(doc).lowers
    return figure.end <= region.start <= figure.end + 4 and words[region.start - 1] == "dari"


def respective_region(doc: Doc, span: Span, in_sentence: list[tuple[Span, RegionRef]]) -> RegionRef | None:
    """``Kampar dan Siak ... masing-masing 96.430 dan 71.288``: the i-th figure after
    ``masing-masing`` belongs to the i-th region before it."""
    found = respective_figures(doc, span)
    if found is None:
        return None
    marker, figures = found
    metric = metric_tokens(doc)
    # "Kabupaten Ende tercatat 34 kasus, sedangkan di Ngada dan Nagekeo masing-masing 27 dan 19 kasus"
    after_earlier_figure = max((i + 1 for i in range(sentence_bounds(doc, span)[0], marker) if metric[i]), default=0)
    regions = [r for s, r in in_sentence if after_earlier_figure <= s.start and s.end <= marker]
    return regions[figures.index(span)] if len(regions) >= 2 and len(regions) == len(figures) else None


NATIONAL_WORDS = {"nasional", "se-indonesia", "se-nusantara"}


def is_national_cue(doc: Doc, index: int) -> bool:
    lowers = token_table(doc).lowers
    word = lowers[index]
    if entity_types(doc)[index] in ("ORG", "REGION") and word != "indonesia":
        return False
    if word in NATIONAL_WORDS:
        return True
    previous = lowers[index - 1] if index > 0 else ""
    return word == "indonesia" and previous in ("se", "se-", "seluruh")


def has_national_cue(doc: Doc, span: Span) -> bool:
    """``rata-rata nasional 39,5 persen``, ``peserta aktif se-Indonesia 45,2 juta``: a national
    word right before the figure (up to five tokens, or eight inside its clause; no region
    between: ``kepesertaan nasional pada periode yang sama tercatat 42,3 persen``) or right
    after it."""
    sentence_start, sentence_end = sentence_bounds(doc, span)
    table, types = token_table(doc), entity_types(doc)
    texts, lowers = table.texts, table.lowers

    def names_a_place(index: int) -> bool:
        return types[index] == "REGION" and lowers[index] != "indonesia"

    crossed_break = False
    for offset, index in enumerate(range(span.start - 1, max(sentence_start, span.start - 8) - 1, -1)):
        if names_a_place(index):
            break
        crossed_break = crossed_break or texts[index] in CLAUSE_BREAKS
        if offset >= 5 and crossed_break:
            break
        if is_national_cue(doc, index):
            return True
    after = range(span.end + 1, min(sentence_end, span.end + 3))
    if any(lowers[i] == "nasional" and lowers[i - 1] == "secara" for i in after):
        return True
    lead = NATIONAL_SENTENCE.match(text_of(doc, sentence_start, span.start))
    return lead is not None and not any(names_a_place(i) for i in range(sentence_start, span.start))


# "Secara nasional, BPJS Ketenagakerjaan sepanjang 2023 membayarkan klaim Rp52,8 triliun ..."
NATIONAL_SENTENCE = re.compile(
    r"^\W*((sedangkan|sementara( itu)?|adapun|namun|di sisi lain)\W+)?(secara|di tingkat|dalam skala|skala|untuk skala) nasional\b"
)


def region_after_colon(context: Context, span: Span) -> RegionRef | None:
    doc = context.doc
    if span.end >= len(doc) or doc[span.end].text != ":":
        return None
    return next((r for s, r in context.regions if s.start in (span.end + 1, span.end + 2)), None)


RANK_TAKEN = {"diraih", "ditempati", "diduduki", "disabet", "direbut"}


def region_right_after(context: Context, span: Span) -> RegionRef | None:
    """``Peringkat pertama Kota Surabaya dengan 74,2 persen``, a list line ``Peringkat 9 Tolitoli:
    21,15%``: the place named right after a rank that opens its sentence or line; ``peringkat
    pertama diraih Kota Palembang`` anywhere."""
    lowers = token_table(context.doc).lowers
    if span.end < len(lowers) and lowers[span.end] in RANK_TAKEN:
        return next((r for s, r in context.regions if s.start == span.end + 1 and is_concrete(r)), None)
    start, _ = sentence_bounds(context.doc, span)
    start = max([start] + [i + 1 for i in range(start, span.start) if "\n" in lowers[i]])
    if any(s.start >= start and s.end <= span.start for s, _ in context.regions) or span.start - start > 2:
        return None
    dash = span.end < len(lowers) and lowers[span.end] in LIST_DASHES  # "Peringkat 1 – Kabupaten Mamuju: 33,4 persen"
    return next((r for s, r in context.regions if s.start == span.end + dash and is_concrete(r)), None)


LIST_DASHES = {"-", "–", "—"}


def region_of_part(context: Context, span: Span) -> RegionRef | None:
    """The region a part of a total is placed in: ``N (kasus) di antaranya (berasal dari|di) X``."""
    doc = context.doc
    lowers, (_, sentence_end) = token_table(doc).lowers, sentence_bounds(doc, span)
    window = range(span.end, min(sentence_end, span.end + 4))
    marker = next((i for i in window if lowers[i] == "antaranya" and lowers[i - 1] == "di"), None)
    if marker is None:
        return None
    return next((r for s, r in context.regions if marker < s.start <= min(marker + 5, sentence_end - 1)), None)


COUNT_WORD = r"(\d+|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|\w+ belas|\w+ puluh( \w+)?)"
PEER_GROUP = re.compile(rf"\bdari\s+{COUNT_WORD}\s+(kabupaten|kota|provinsi|daerah|kab)\S*(\s+\S+){{0,2}}?\s*\b(di|se-?)\s*$")
LIST_GLUE = {",", "dan", "serta", "&", "(", ")", "provinsi", "kabupaten", "kota", "kab."}
AREA_MEMBERS = re.compile(
    r"\b(meliputi|mencakup|membawahi|membawahkan|terdiri dari|terdiri atas|(daerah|kabupaten(/kota)?|wilayah),? (yakni|yaitu))\b[^.;:]*$"
)  # "Kantor Cabang Palopo melayani empat daerah, yakni Kota Palopo, Kabupaten Luwu, ..."


# "Sukamara justru menjadi yang tertinggi di Kalimantan Tengah" (not "Terbanyak di Kabupaten Badung 213.560")
SUPERLATIVE_IN = re.compile(
    r"\b(yang|dengan( \w+){1,2}) (ter(tinggi|rendah|besar|banyak|kecil|baik)|paling \w+)\s+(di|se-?)\s*$"
)  # "yang tertinggi di Kalteng", "wilayah dengan peserta terbanyak di DKI"


def is_peer_group(doc: Doc, region: Span) -> bool:
    """The group a place is ranked in, not the figure's place: ``peringkat pertama dari 27
    kabupaten/kota di Jabar dengan cakupan 61,8 persen``."""
    start, _ = sentence_bounds(doc, region)
    before = text_of(doc, max(start, region.start - 8), region.start)
    return PEER_GROUP.search(before) is not None or SUPERLATIVE_IN.search(before) is not None


def is_area_member(doc: Doc, region: Span, figure: Span) -> bool:
    """A region listed as part of an office's area, not right before the figure: ``Kanwil
    Sumbagut, yang meliputi Sumatera Utara dan Aceh, tercatat 3,51 juta``, ``Kanwil Sumbagsel
    membawahi Sumsel, Babel, Bengkulu dan Lampung dengan total 3,18 juta peserta``."""
    if region.start >= figure.start:
        return False
    start, _ = sentence_bounds(doc, region)
    texts = token_table(doc).texts
    apart = figure.start - region.end >= 2 or any(texts[i] in CLAUSE_BREAKS for i in range(region.end, figure.start))
    list_start = region.start
    while list_start > start and (doc[list_start - 1].ent_type_ == "REGION" or texts[list_start - 1].lower() in LIST_GLUE):
        list_start -= 1
    several = any(doc[i].ent_type_ == "REGION" for i in range(list_start, region.start))
    return (apart or several) and AREA_MEMBERS.search(text_of(doc, max(start, list_start - 3), list_start)) is not None


# "kota baru" stays out: Kota Baru is also a regency's name
ANAPHOR = re.compile(
    r"(?<!/)\b(kabupaten|kota|provinsi)(nya\b|( \w+){0,4}? (itu|tersebut|ini)\b| (sudah|masih|hanya|mencapai|tercatat)\b)"
    r"|(?<!/)\b(kabupaten) baru\b"
)
COUNTED_BEFORE = re.compile(r"\b(\d+|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|\w+ belas|beberapa|seluruh|semua|para)\s*$")
CAPITAL_BEFORE = re.compile(r"\bibu\s*$")  # "ibu kota provinsi itu" is the capital, not the province
LEVEL_PREFIX = {"kabupaten": "Kabupaten", "kota": "Kota", "provinsi": "Provinsi"}


def anaphoric_region(context: Context, span: Span) -> RegionRef | None:
    """The regency, city or province a figure's list item refers back to (``kabupatennya``, ``kota
    itu``, ``pekerja di kota bahari itu``, ``Kabupaten baru 15,2 persen``, ``di provinsi itu``): of the region named
    last before it, the one of that level with the same name (``Sukabumi ... kabupatennya``
    -> Kabupaten Sukabumi), else the last of that level."""
    doc = context.doc
    item_start, item_end = list_item(doc, span)
    item_text = text_of(doc, item_start, item_end)
    item_char = doc[item_start].idx
    named_after = [s.start_char - item_char for s, _ in context.regions_in(item_start, span.start)]
    mentions = [
        m
        for m in ANAPHOR.finditer(item_text)
        if not COUNTED_BEFORE.search(item_text[: m.start()])
        and not CAPITAL_BEFORE.search(item_text[: m.start()])
        and not any(at >= m.end() or at == m.start() for at in named_after)  # "ke Kota Santri itu ... di Jabar": the name wins
    ]
    if not mentions:
        return None
    before = [r for s, r in context.regions_in(0, span.start) if s.end <= span.start and r.kind in LEVEL_PREFIX]
    if not before:
        return None
    level = mentions[-1].group(1) or mentions[-1].group(6)
    same_name = resolve_region(f"{LEVEL_PREFIX[level]} {before[-1].name}")
    if same_name is not None and same_name.kind == level:
        return same_name
    return next((r for r in reversed(before) if r.kind == level), None)


OFFICE_AREA = re.compile(r"\b(di|se-?)\s*(\S+\s+){0,2}?wilayah(nya| kerja(nya| kami)?)\b")


def office_area_region(context: Context, span: Span) -> RegionRef | None:
    """``di wilayah kerjanya``, ``di wilayahnya``: the office area named earlier in the sentence
    (``Kanwil Sulawesi Maluku``, ``Banuspa``), else the office named last before it
    (``Cabang Banda Aceh``); not when a region is named between (``Kabupaten Keerom yang juga
    masuk wilayah kerja cabangnya mencatat 9.847 peserta``)."""
    doc = context.doc
    sentence_start, _ = sentence_bounds(doc, span)
    before = text_of(doc, sentence_start, span.start)
    cues_found = list(OFFICE_AREA.finditer(before))
    if not cues_found:
        return None
    cue = cues_found[-1]
    cue_at = span.start_char - (len(before) - cue.start())
    earlier = [(s, r) for s, r in context.regions_in(0, span.start) if s.end <= span.start and r.code != "ID"]
    if any(s.start_char >= cue_at for s, _ in earlier):
        return None
    in_sentence = [r for s, r in earlier if s.start >= sentence_start and (is_office(doc, s) or r.kind == "kelompok")]
    offices = [r for s, r in earlier if is_office(doc, s)]
    return in_sentence[-1] if in_sentence else offices[-1] if offices else None


OWN_OFFICE = re.compile(
    r"(?<!di )\b(kantornya|cabangnya|kantor kami|kantor cabang (itu|tersebut|ini)|cabang (itu|tersebut|ini)"
    r"|(kantor )?cabang yang (dipimpinnya|(ia|dia|beliau) pimpin))\b"
)


def own_office_region(context: Context, span: Span) -> RegionRef | None:
    """``kantornya membayarkan klaim ... 1.046 kasus``: the office named last before the figure,
    when its sentence names no place before it."""
    doc = context.doc
    sentence_start, _ = sentence_bounds(doc, span)
    if not OWN_OFFICE.search(text_of(doc, sentence_start, span.start)):
        return None
    earlier = [(s, r) for s, r in context.regions_in(0, span.start) if s.end <= span.start and r.code != "ID"]
    if any(s.start >= sentence_start and not is_office(doc, s) for s, _ in earlier):
        return None
    offices = [r for s, r in earlier if is_office(doc, s)]
    return offices[-1] if offices else None


BRANCH_ROLE = re.compile(r"\b(cabang|kcp|kantor)\b")
OUR_TARGET = re.compile(r"\b(target (kita|kami)|(kita|kami) (menargetkan|targetkan|target))\b")
SPEAKERS_PLACE = re.compile(r"\b(daerahnya|(daerah|kabupaten|kota|provinsi) (kami|kita))\b")
TITLE_LEVEL = (("bupati", "Kabupaten"), ("wali kota", "Kota"), ("walikota", "Kota"), ("gubernur", "Provinsi"))


def role_region(role: str | None) -> RegionRef | None:
    """The region in an official's role: ``Bupati Solok`` -> Kabupaten Solok, ``Kepala Dinas
    Tenaga Kerja Kabupaten Tangerang`` -> Kabupaten Tangerang."""
    if not role:
        return None
    lowered = role.lower()
    prefix = next((level for title, level in TITLE_LEVEL if title in lowered), None)
    words = role.split()
    for i in range(len(words)):
        rest = " ".join(words[i:])
        found = (resolve_region(f"{prefix} {rest}") if prefix else None) or resolve_region(rest)
        if found is not None:
            return found
    return None


def speakers_region(context: Context, span: Span) -> RegionRef | None:
    """``cakupan di daerahnya baru 47,2 persen``, ``daerah kami``, ``Pemprov sudah menanggung``,
    ``Target kita 45 persen di 2025``: the region of the official quoted for the figure."""
    doc = context.doc
    sentence_start, sentence_end = sentence_bounds(doc, span)
    bare_government = [start for start in context.bare_governments if sentence_start <= start < span.start]
    said_before = text_of(doc, sentence_start, span.start)
    named = bool(bare_government or SPEAKERS_PLACE.search(said_before))
    our_target = OUR_TARGET.search(said_before) and not context.regions_in(sentence_start, sentence_end)
    if not named and not our_target:
        return None
    name = fact_official(context, span)
    role = context.roles.get(name) if name else None
    if not named and BRANCH_ROLE.search((role or "").lower()):
        return None  # a branch's target is its area's, not its office town's
    region = role_region(role)
    if region is not None and bare_government and doc[bare_government[-1]].lower_ == "pemprov" and region.code:
        return resolve_region_code(region.code[:2])  # "pemprov menargetkan" in a city official's words
    return region


def referred_region(context: Context, span: Span) -> RegionRef | None:
    """A region the figure's own words refer back to: ``kabupatennya``, ``kota itu``,
    ``di wilayah kerjanya``, ``kantornya``, ``daerah kami``."""
    key = ("referred", span.start)
    if key not in context.memo:
        context.memo[key] = (
            anaphoric_region(context, span)
            or office_area_region(context, span)
            or own_office_region(context, span)
            or speakers_region(context, span)
        )
    return context.memo[key]


def is_capital_apposition(doc: Doc, region: Span) -> bool:
    """``Kabupaten Nabire, ibu kota Provinsi Papua Tengah, ...``: the province only describes."""
    words = token_table(doc).lowers[max(0, region.start - 2) : region.start]
    return words in (["ibu", "kota"], ["kota", "provinsi"]) or words[-1:] == ["ibukota"]


def is_island(region: Span) -> bool:
    lowers = token_table(region.doc).lowers
    return lowers[region.start] == "pulau" or region.start > 0 and lowers[region.start - 1] == "pulau"


def locates_a_named_part(region: Span, ref: RegionRef, in_sentence: list[tuple[Span, RegionRef]]) -> bool:
    """``Kabupaten Seluma di Bengkulu``, ``Kabupaten Sampang di Pulau Madura``: the province or
    the group only says where the regency named right before it lies."""
    return any(
        region.start - 2 <= s.end <= region.start
        and other.code
        and (ref.code is not None and other.code.startswith(ref.code + ".") or is_island(region))
        for s, other in in_sentence
    )


RANKED_AFTER = {"setelah", "mengungguli", "melampaui", "menyalip"}  # "urutan kedua setelah Kalimantan Timur"
PROVINCES_RANKED = re.compile(rf"\b{COUNT_WORD} provinsi\b")


def ranked_region(context: Context, span: Span, sentence: Span) -> RegionRef | None:
    """The place a rank is about: labelled in its list line, else the place named last before
    it (not its peer group, not the place it is ranked after); a rank among provinces
    (``Di antara lima provinsi ... kita masih di peringkat keempat``) is a province's."""
    doc = context.doc
    labelled = region_after_colon(context, span) or anaphoric_region(context, span) or region_right_after(context, span)
    if labelled is not None:  # "- Peringkat 1: DKI Jakarta (69,4 persen)", "Kabupatennya di urutan ke-16"
        return labelled
    start, _ = paragraph_bounds(doc, span)
    lowers = token_table(doc).lowers

    def is_place(region: Span, ref: RegionRef) -> bool:  # read only where its position can matter
        ranked_after = region.start > 0 and lowers[region.start - 1] in RANKED_AFTER
        return is_concrete(ref) and not ranked_after and not is_peer_group(doc, region)

    in_sentence = [r for s, r in context.regions_in(sentence.start, sentence.end) if s.end <= span.start and is_place(s, r)]
    earlier = in_sentence or [r for s, r in context.regions_in_chars(start, span.start_char) if is_place(s, r)]
    region = earlier[-1] if earlier else context.main_region
    below_a_province = region is not None and region.code is not None and "." in region.code
    if below_a_province and PROVINCES_RANKED.search(text_of(doc, sentence.start, sentence.end)):
        return resolve_region_code(region.code[:2])
    return region


def fact_region(context: Context, span: Span, kind: str) -> RegionRef | None:
    """Closest region before it in its sentence, else right after it in its clause, else
    earlier in its paragraph, else (nationwide wording) Indonesia, else the main region.
    A rank is never about the peer group it is ranked in."""
    doc = context.doc
    sentence = doc[slice(*sentence_bounds(doc, span))]
    if kind == "rank":
        return ranked_region(context, span, sentence)
    in_sentence = [
        (s, r)
        for s, r in context.regions_in(sentence.start, sentence.end)
        if not is_peer_group(doc, s) and not is_area_member(doc, s, span)
    ]
    in_sentence = [
        (s, r) for s, r in in_sentence if not locates_a_named_part(s, r, in_sentence) and not is_capital_apposition(doc, s)
    ]
    respective = respective_region(doc, span, in_sentence)
    if respective is not None:
        return respective
    header = list_header_region(context, span)
    if header is not None:  # "klaim kepada peserta asal Balangan tercatat:" over "• JKK: 86 kasus, Rp2,17 miliar"
        return header
    part_of = region_of_part(context, span)
    if part_of is not None:  # "1.312 kasus di antaranya berasal dari Kabupaten Halmahera Tengah"
        return part_of
    if kind != "rank" and has_national_cue(doc, span):
        return INDONESIA
    referred = referred_region(context, span)
    if referred is not None:  # "kabupatennya 186.204 peserta", "di wilayah kerjanya 36,9 persen", "kantornya membayar"
        return referred
    item_start, item_end = list_item(doc, span)
    places = [
        (abs(s.start - span.start), r)
        for s, r in in_sentence
        if item_start <= s.start < item_end
        and (is_locative(doc, s) or is_origin_after(doc, s, span))
        and r.code != "ID"
    ]
    if places:  # "Cabang Jayapura mencatat ... peserta di Provinsi Papua": the place, not the office
        _, place = min(places, key=lambda pair: pair[0])
        named_after = any(r == place and s.start >= span.end for s, r in in_sentence if item_start <= s.start < item_end)
        return parent_region(place) if named_after else place
    before = [(s, r) for s, r in in_sentence if s.end <= span.start]
    named_before = [(s, r) for s, r in before if r.code != "ID"]
    subjects = [(s, r) for s, r in named_before if not is_office(doc, s)]
    _, clause_end = clause_bounds(doc, span, stop_at_metric=False)
    located_after = [r for s, r in in_sentence if span.end <= s.start < clause_end and is_locative(doc, s) and is_concrete(r)]
    if named_before and not subjects and located_after:
        return located_after[0]  # "KCP Slawi telah membayarkan klaim senilai ... kepada peserta ... di Kabupaten Tegal"
    subjects = subjects or named_before
    if subjects:
        return served_region(context, subjects[-1])
    after = [r for s, r in in_sentence if span.end <= s.start < clause_end and s.start - span.end <= 8]
    if after:
        return after[0]
    if before:
        return served_region(context, before[-1])
    if NATIONWIDE.search(text_of(doc, sentence.start, span.start)):
        return INDONESIA  # "Sedangkan secara nasional, peserta aktif ... 41,56 juta"
    start, _ = paragraph_bounds(doc, span)
    earlier = [
        (s, r)
        for s, r in context.regions_in_chars(start, span.start_char)
        if not is_area_member(doc, s, span) and not is_peer_group(doc, s)
    ]
    concrete = [(s, r) for s, r in earlier if is_concrete(r)]
    if concrete:  # a district named in an earlier sentence only says where the people counted are
        return parent_region(served_region(context, concrete[-1]))
    earlier = [r for _, r in earlier]
    if NATIONAL_SENTENCE.search(text_of(doc, sentence.start, sentence.end)) or earlier:
        return earlier[-1] if earlier else INDONESIA
    if speaks_for_the_nation(context, span) or names_only_the_nation_after(context, span) or in_unplaced_lead(context, span):
        return INDONESIA
    return context.main_region


DATELINE = re.compile(r"^[^\n]{0,40}?[–—-]\s")


def in_unplaced_lead(context: Context, span: Span) -> bool:
    """``Bisnis.com, JAKARTA — BPJS Ketenagakerjaan membayarkan manfaat ... Rp47,02 triliun``: a
    figure in the lead when neither the headline nor the lead names a place (the dateline only
    says where the story was written)."""
    text = doc_text(context.doc)
    start, end = paragraph_bounds(context.doc, span)
    if text.count("\n\n", 0, start) > 1 or is_headline(text[start:end]):
        return False
    dateline = DATELINE.match(text[start:end])
    dateline_end = start + dateline.end() if dateline else start
    return not any(s.start_char < end and not start <= s.start_char < dateline_end for s, _ in context.regions)


def served_region(context: Context, named: tuple[Span, RegionRef]) -> RegionRef:
    """A branch named after another town only in its head's role, in a story about one regency
    or city (``Kepala ... Cabang Semarang Majapahit, Sri Wahyuni, saat menyerahkan santunan``
    in a story on Demak): the figure is about the place the story is about."""
    span, region = named
    main = context.main_region
    if not names_the_speakers_office(context.doc, span) or region.kind not in ("kabupaten", "kota"):
        return region
    if main is None or main.kind not in ("kabupaten", "kota"):
        return region
    related = region.code and main.code and (region.code.startswith(main.code) or main.code.startswith(region.code))
    return region if related else main


def names_the_speakers_office(doc: Doc, region: Span) -> bool:
    """``Kepala BPJS Ketenagakerjaan Cabang Mamuju, Muhammad Arsyad Bakri, menjelaskan``: the
    office only says who speaks (unlike ``Cabang Metro membayarkan ...``)."""
    words = token_table(doc).texts
    at = region.end
    if at < len(doc) and words[at][:1].isupper() and not doc[at].ent_type_:  # "Cabang Semarang Majapahit, Sri Wahyuni"
        at += 1
    if at < len(doc) and words[at] == ",":
        at += 1
    return is_office(doc, region) and at < len(doc) and doc[at].ent_type_ == "OFFICIAL"


NATIONWIDE = re.compile(r"secara nasional|seluruh indonesia|se-indonesia")
NATIONAL_SENTENCE = re.compile(rf"\bnasional\b|{NATIONWIDE.pattern}")
NATIONAL_ROLE = re.compile(r"\b(direktur|dirut|menteri|menaker|wakil menteri)\b")
REGIONAL_ROLE = re.compile(r"\b(wilayah|kanwil|cabang|kcp|daerah|provinsi|kabupaten|kota|dinas|disnaker)\b")


def speaks_for_the_nation(context: Context, span: Span) -> bool:
    """The figure is quoted from a head-office director or a minister (``Direktur Utama BPJS
    Ketenagakerjaan``): with no place named in its paragraph, it is the nation's figure."""
    name = fact_official(context, span)
    role = (context.roles.get(name) or "").lower() if name else ""
    return bool(NATIONAL_ROLE.search(role)) and not REGIONAL_ROLE.search(role) and role_region(role) is None


def names_only_the_nation_after(context: Context, span: Span) -> bool:
    """``Jakarta - Jumlah peserta aktif ... mencapai 44,87 juta orang. Angka ini setara 30,9% dari
    145,2 juta penduduk bekerja di Indonesia``: the rest of its paragraph names Indonesia alone."""
    _, end = paragraph_bounds(context.doc, span)
    later = [r for _, r in context.regions_in_chars(span.end_char, end)]
    return bool(later) and all(r.code == "ID" for r in later)


def written_date(context: Context, date_span: Span, value: dict[str, str]) -> dict[str, str]:
    """A DATE's value, as a period when written as one (``selama 2021``, ``sepanjang tahun 2024``)."""
    preceding = doc_text(context.doc)[max(0, date_span.start_char - 20) : date_span.start_char]
    return as_period(value) if is_period_phrase(preceding) else value


def sentence_date(context: Context, sentence: Span, span: Span | None) -> dict[str, str] | None:
    """The figure's own date in ``sentence``: closest before it, else the first; figure dates
    (``hingga 30 Agustus 2024``) before statement dates (``Selasa (3/9/2024)``)."""
    dates = [(s, v) for s, v in context.dates if sentence.start <= s.start < sentence.end]
    own = [(s, v) for s, v in dates if not is_statement_date(s, v)]
    chosen = own or dates
    if not chosen:
        return None
    before = [(s, v) for s, v in chosen if span is not None and s.end <= span.start]
    return written_date(context, *(before[-1] if before else chosen[0]))


CLAIM_TYPES = ("claim_cases", "claim_amount")
PART_OF_TOTAL = re.compile(r"dari (jumlah|total)( (itu|tersebut))?\b|di antaranya|terdiri (dari|atas)|rincian|merinci")
BREAKDOWN = re.compile(
    r"dari (jumlah|total) (itu|tersebut|peserta)|dari jumlah|terdiri (dari|atas)|rinci|merinci|"
    r"periode yang sama|pada periode tersebut|masing-masing|di antaranya|disusul|berikutnya|sebaran|"
    r"\b(angka|jumlah|capaian) (itu|tersebut|ini)\b"
)


def date_group(kind: str) -> str:
    """Flows (claims over a period) and stocks (counts and shares at a date) carry dates apart."""
    return "flow" if kind in CLAIM_TYPES else "stock"


def fact_date(context: Context, span: Span, kind: str, carried: dict[str, dict]) -> tuple[dict[str, str] | None, bool]:
    """The figure's date and whether it was written for it: its sentence's date, else the
    sentence before in its paragraph, else the date the last figure of its kind carried (a
    breakdown of a dated total), else the statement date, else the publication date. A target
    without a year has none."""
    doc, table = context.doc, token_table(context.doc)
    sentence = doc[slice(*sentence_bounds(doc, span))]
    value = sentence_date(context, sentence, span)
    if value and not is_statement_value(context, value):
        return value, True
    if kind == "coverage_target":
        return None, False
    paragraph_start, _ = paragraph_bounds(doc, span)
    if sentence.start > 0 and table.starts[sentence.start - 1] >= paragraph_start:
        # a statement date found here stands in below when this sentence has none
        value = sentence_date(context, doc[table.sentence_starts[sentence.start - 1] : sentence.start], None) or value
        if value and not is_statement_value(context, value):
            return value, True
    header = list_header_date(context, span)
    if header is not None:  # "berikut capaian kepesertaan per Juni 2024:" over a bulleted list
        return header, True
    group = date_group(kind)
    if carried.get(f"date:{group}") and (group == "flow" or BREAKDOWN.search(text_of(doc, sentence.start, sentence.end))):
        return carried[f"date:{group}"], True
    paragraph_date = carried.get(f"paragraph:{paragraph_start}") or data_date_after(context, span)
    if paragraph_date:  # "... pada periode yang sama baru 34,17 persen. Peserta aktif tercatat 1,37 juta"
        return paragraph_date, True
    if value:  # the date the statement in this sentence was made
        return value, False
    if context.statement_date:
        return context.statement_date, False
    return ({"as_of": context.published} if context.published else None), False




def data_date_after(context: Context, span: Span) -> dict[str, str] | None:
    """The date a later sentence of the paragraph gives its data by, in a sentence of no
    figures (``... Boalemo dengan 24,1 persen. Semua data per Juni 2023.``)."""
    doc, table = context.doc, token_table(context.doc)
    _, paragraph_end = paragraph_bounds(doc, span)
    metric = metric_tokens(doc)
    for date_span, value in context.dates:
        if not span.end_char <= date_span.start_char < paragraph_end or is_statement_date(date_span, value):
            continue
        start, end = table.sentence_starts[date_span.start], table.sentence_ends[date_span.start]
        if date_span.start > 0 and table.lowers[date_span.start - 1] == "per" and not any(metric[start:end]):
            return written_date(context, date_span, value)
    return None


def list_header(context: Context, span: Span) -> tuple[int, int] | None:
    """Character bounds of the line introducing the bulleted list a figure is an item of
    (``... pembayaran klaim kepada peserta asal Balangan tercatat:``)."""
    text = doc_text(context.doc)
    line_start, line_end = line_bounds(text, span.start_char)
    if not is_list_line(text[line_start : span.start_char]) and text.count("|", line_start, line_end) < 2:
        return None  # neither a bullet or label before the figure nor a table row around it
    while line_start > 0:
        previous_start = text.rfind("\n", 0, line_start - 1) + 1
        line = text[previous_start : line_start].strip()
        line_start = previous_start
        if not line or is_list_line(line):
            continue
        return (previous_start, previous_start + len(line) + 1) if LIST_INTRODUCED.search(line.lower()) else None
    return None


LIST_INTRODUCED = re.compile(r"(:|\b(antara lain|yakni|yaitu|berikut|sebagai berikut|rinciannya))\s*[;,]?$")


def is_list_line(line: str) -> bool:
    """A bullet (``• JKK: 86 kasus``), a table row, or a labelled line (``JHT : 3.215 kasus``)."""
    return LABELLED_LINE.match(line.lower()) is not None


def list_header_date(context: Context, span: Span) -> dict[str, str] | None:
    """The date of the line introducing a bulleted list (``... per Juni 2024:``), for a figure
    in one of its items."""
    header = list_header(context, span)
    if header is None:
        return None
    dates = [(s, v) for s, v in context.dates if header[0] <= s.start_char < header[1]]
    own = [(s, v) for s, v in dates if not is_statement_date(s, v)]
    return written_date(context, *own[-1]) if own else None


def list_header_region(context: Context, span: Span) -> RegionRef | None:
    """The place named last in the line introducing a bulleted list, for a figure in one of its
    items that names no place of its own."""
    key = ("list header region", span.start)
    if key not in context.memo:
        header = list_header(context, span)
        line_start, _ = paragraph_bounds(context.doc, span)
        in_item = bool(context.regions_in_chars(line_start, span.start_char))
        named = [(s, r) for s, r in (context.regions_in_chars(*header) if header else []) if is_concrete(r)]
        places = [r for s, r in named if not is_area_member(context.doc, s, span)]
        offices = [r for s, r in named if is_office(context.doc, s)]
        own_office = header is not None and OWN_OFFICE.search(doc_text(context.doc)[header[0] : header[1]].lower())
        chosen = offices if own_office and offices else places  # "kantor yang dipimpinnya membayarkan klaim ...:"
        context.memo[key] = chosen[-1] if chosen and not in_item else None
    return context.memo[key]


def is_statement_value(context: Context, value: dict[str, str]) -> bool:
    return any(is_statement_date(s, v) and written_date(context, s, v) == value for s, v in context.dates)


DATA_SOURCE = r"berdasarkan data|menurut data|data (dari )?bpjs|data bp ?jamsostek|data kanwil|data .{0,80}menunjukkan|^\W*diketahui"
DATA_PARAGRAPH = re.compile(DATA_SOURCE + r"|baca juga")  # nobody's figures
DATA_SOURCE_PARAGRAPH = re.compile(DATA_SOURCE)  # ... and no statement goes on across one


def is_speaker(doc: Doc, span: Span) -> bool:
    """An OFFICIAL who says something in this sentence: a speech verb up to sixteen tokens
    before the name, across a long title (``kata Deputi Direktur BPJS Ketenagakerjaan Wilayah
    Jateng-DIY Dr. Cahyaningsih Prawiro``), or six after (``Widhi mengatakan``)."""
    lowers, (sentence_start, sentence_end) = token_table(doc).lowers, sentence_bounds(doc, span)
    window = lowers[max(sentence_start, span.start - 16) : span.start] + lowers[span.end : min(sentence_end, span.end + 6)]
    return any(word in speech_verbs() for word in window)


def is_headline(paragraph: str) -> bool:
    """A short line without a full stop: a headline or its repeat, never attributed."""
    line = paragraph.strip()
    return bool(line) and len(line.split()) <= 15 and not re.search(r"[.!?\"”]$", line)


def fact_official(context: Context, span: Span) -> str | None:
    """The person the figure is attributed to (see annotations/README.md): named in its
    sentence or paragraph (for a list item, the line introducing the list), or quoted
    earlier when its paragraph continues a statement; nobody for a lead before the first
    quote or for a data paragraph."""
    doc = context.doc
    sentence_start, sentence_end = sentence_bounds(doc, span)
    in_sentence = [(s, n) for s, n in context.officials if sentence_start <= s.start < sentence_end]
    if in_sentence:
        attributed = [n for s, n in in_sentence if s.start > 0 and doc[s.start - 1].lower_ in speech_verbs()]
        return attributed[0] if attributed else in_sentence[0][1]
    header = list_header(context, span)  # a list item speaks for the line introducing its list
    start, end = header or paragraph_bounds(doc, span)
    in_paragraph = [n for s, n in context.officials if start <= s.start_char < end]
    if in_paragraph:
        return in_paragraph[0]
    paragraph = doc_text(doc)[start:end]
    if DATA_PARAGRAPH.search(paragraph.lower()) or header is None and is_headline(paragraph):
        return None
    if header is not None and not speaks_on(paragraph):
        return None  # "Berikut capaian kabupaten/kota di Sulteng:": the outlet's own list
    barrier = data_paragraph_before(context, start)
    earlier = [
        n
        for s, n in context.officials
        if barrier <= s.start_char and s.end_char <= start and (is_speaker(doc, s) or is_interviewed(doc, s))
    ]
    return earlier[-1] if earlier else None


def data_paragraph_before(context: Context, start: int) -> int:
    """Where the last data paragraph (``Data BPJS Ketenagakerjaan menunjukkan ...``) before
    ``start`` begins, 0 if none: a statement does not go on across one."""
    key = ("data paragraph before", start)
    if key not in context.memo:
        text = doc_text(context.doc)
        line_end = text.rfind("\n", 0, start)
        context.memo[key] = 0
        while line_end > 0:
            line_start = text.rfind("\n", 0, line_end) + 1
            if DATA_SOURCE_PARAGRAPH.search(text[line_start:line_end].lower()):
                context.memo[key] = line_start
                break
            line_end = line_start - 1
    return context.memo[key]


SPEAKER_REFERENCES = {"ia", "dia", "beliau", "pihaknya", "kami", "menurutnya"}


def speaks_on(line: str) -> bool:
    """A line that goes on with someone's statement: a speech verb or a reference to the speaker."""
    words = set(re.findall(r"\w+", line.lower()))
    return not words.isdisjoint(speech_verbs()) or not words.isdisjoint(SPEAKER_REFERENCES)


INTERVIEW = re.compile(r"\b(berikut (petikan|kutipan|hasil wawancara)|petikan wawancara|wawancara (khusus|eksklusif))")


def is_interviewed(doc: Doc, official: Span) -> bool:
    """``... Cabang Kendari, La Ode Muhammad Syahrir, di ruang kerjanya. Berikut petikannya.``:
    the answers that follow are his."""
    start, end = paragraph_bounds(doc, official)
    return INTERVIEW.search(doc_text(doc)[start:end].lower()) is not None


def out_of_and_scope(context: Context, span: Span) -> tuple[int | None, str | None]:
    doc = context.doc
    table, types = token_table(doc), entity_types(doc)
    sentence_start, sentence_end = sentence_bounds(doc, span)
    out_of = None
    for i in range(span.end, min(sentence_end, span.end + 8)):
        if types[i] == "METRIC" and table.lowers[i - 1] in ("dari", "antara", "se"):
            quantity = parse_quantity(table.texts[i])
            out_of = int(quantity.value) if quantity else None
            break
    text = text_of(doc, sentence_start, sentence_end)
    scope = None
    if re.search(r"nasional|seluruh indonesia|se-indonesia|di indonesia", text):
        scope = "nasional"
    else:
        in_sentence = context.regions_in(sentence_start, sentence_end)
        groups = [s.text for s, r in in_sentence if (r.code is None or r.kind == "provinsi") and s.start > span.start]
        groups = groups or [s.text for s, r in in_sentence if r.code is None]
        scope = groups[0] if groups else None
    return out_of, scope


def out_of_metrics(context: Context, metrics: list[Span]) -> set[int]:
    """METRICs that are the denominator of a rank (``dari 38 provinsi``)."""
    taken = set()
    for span in metrics:
        quantity = parse_quantity(span.text)
        if quantity and quantity.unit == "rank":
            for other in metrics:
                if span.end <= other.start <= span.end + 8 and context.doc[other.start - 1].lower_ in (
                    "dari",
                    "antara",
                    "se",
                ):
                    taken.add(other.start)
    return taken


NOT_BENEFITS = re.compile(r"iuran|anggaran|apbd|\bdana\b|investasi|\baset\b|gaji|upah|kontrak|denda|tunggakan")


def claim_amount_continued(doc: Doc, span: Span) -> str | None:
    """An amount in the paragraph of a claim amount continues it when its sentence speaks of no
    other money: ``Disusul Sulawesi Utara Rp398 miliar``, ``Nilai itu naik dari Rp2,61 triliun
    pada 2022``."""
    start, end = sentence_bounds(doc, span)
    sentence = text_of(doc, start, end)
    no_total = NOT_BENEFITS.search(sentence) or re.search(cues().per_person, sentence) or HEIR_SHARE.search(sentence)
    return None if no_total else "claim_amount"


COMPARED = re.compile(
    r"\bdibanding(kan)?\b[^.]{0,40}\b(tercatat|sebesar|sebanyak|mencapai|hanya|baru)\s*$"
    rf"|\b({CHANGE_VERBS})\s+dari\s*$"
)


def is_compared_with(doc: Doc, span: Span, previous: dict[str, Any] | None) -> bool:
    """A figure its sentence compares the figure before with (``tercatat 118.420 orang, turun
    dari 124.965``, ``kepada 4.128 pekerja, naik ... dibanding 2023 yang tercatat 1.562 orang``)."""
    if previous is None or previous["unit"] not in ("persons", "cases"):
        return False
    start, _ = sentence_bounds(doc, span)
    return previous["evidence"]["start"] >= doc[start].idx and COMPARED.search(text_of(doc, start, span.start)) is not None


def list_item_type(context: Context, span: Span, previous: dict[str, Any] | None, unit: str) -> str | None:
    """``Kota Batam 402.117 peserta, disusul Tanjungpinang 38.905``: a bare figure right after a
    region continues the list of the fact before it (same paragraph, same kind of number)."""
    doc = context.doc
    if previous is None or previous["evidence"]["start"] < paragraph_bounds(doc, span)[0]:
        return None
    if unit == "IDR":  # "Angka ini naik dibandingkan 2021 yang sebesar Rp 42,8 triliun" after the cases of a total
        return claim_amount_continued(doc, span) if previous["type"] in ("claim_amount", "claim_cases") else None
    if previous["unit"] not in ("persons", "cases", "employers", "percent"):
        return None
    if (unit == "percent") != (previous["unit"] == "percent") or unit == "rank":
        return None
    gap = doc[max(0, span.start - 4) : span.start].text
    bracketed = re.fullmatch(r".*\(\s*[A-Z][\w-]*\s*\)\s*", gap) is not None  # "Timor Tengah Selatan (TTS) 21.034"
    region_right_before = any(
        s.end in (span.start, span.start - 1) or (bracketed and span.start - 4 <= s.end <= span.start - 3)
        for s, _ in context.regions
    )
    return previous["type"] if region_right_before else None


def is_scholarship(context: Context, span: Span, value: float) -> bool:
    start, end = sentence_bounds(context.doc, span)
    return value >= 3 and "beasiswa" in text_of(context.doc, start, end)


def link_metric(
    context: Context, span: Span, previous: dict[str, Any] | None, carried: dict[str, dict]
) -> dict[str, Any] | None:
    quantity = parse_quantity(span.text)
    if quantity is None:
        return None
    ruled_out = quantity.unit != "rank" and is_ruled_out(context.doc, span)
    kind = None if ruled_out else fact_type(context.doc, span, quantity)
    explicit = kind is not None
    if kind in (None, "participants", "workforce") and quantity.unit != "IDR" and is_compared_with(context.doc, span, previous):
        kind = previous["type"]  # "manfaat JKP kepada 4.128 pekerja, naik ... dibanding 2023 yang tercatat 1.562 orang"
    elif kind is None and not ruled_out:
        kind = list_item_type(context, span, previous, quantity.unit)
    if kind is None or FACT_UNITS[kind] == "percent" and quantity.unit != "percent":
        return None
    value = fact_value(quantity, kind)
    if kind in ("participants", "workforce", "employers") and value < MINIMUM_HEADCOUNT:
        return None  # "dua pekerja yang meninggal", "dari 15 orang, baru empat": people in a story, not a headcount
    if kind == "claim_cases" and value < 5 and words_after(context.doc, span).startswith("anak") and not is_scholarship(context, span, value):
        return None  # "bapak dua anak itu", "menghidupi tiga anak", "beasiswa untuk dua anak" (each family's limit)
    region = fact_region(context, span, kind)
    sentence_start, sentence_end = sentence_bounds(context.doc, span)
    mentions = [s for s, r in context.regions_in(sentence_start, sentence_end) if r == region]
    in_sentence = region is not None and (
        bool(mentions) or region in (referred_region(context, span), list_header_region(context, span))
    )
    only_the_office = bool(mentions) and all(is_office(context.doc, s) for s in mentions)
    group = date_group(kind)
    sentence_text = text_of(context.doc, sentence_start, sentence_end)
    national = (
        region is not None
        and region.code == "ID"
        and (has_national_cue(context.doc, span) or NATIONWIDE.search(text_of(context.doc, sentence_start, span.start)))
    )  # "secara nasional manfaat JKP ... dibayarkan kepada 30.417 penerima"
    breakdown = BREAKDOWN.search(sentence_text)
    if (
        (not in_sentence or only_the_office and PART_OF_TOTAL.search(sentence_text))
        and not national
        and carried.get(f"region:{group}")
        and (group == "flow" or breakdown)
    ):
        # "Kemudian JKK 4.102 kasus ...", "Kepala Cabang Kendari ... mengatakan dari jumlah itu
        # 268.150 orang ...": the region of the figures before
        region = carried[f"region:{group}"]
    elif in_sentence and kind != "rank":
        carried[f"region:{group}"] = region
    if region is None:
        return None
    name = fact_official(context, span)
    fact: dict[str, Any] = {
        "type": kind,
        "region": region.to_dict(),
        "value": value,
        "unit": FACT_UNITS[kind],
        "qualifier": qualifier(context.doc, span),
        "segment": segment(context.doc, span) if kind in ("participants", "coverage_rate") else None,
        "program": program(context.doc, span) if kind in ("claim_cases", "claim_amount") else None,
        "date": None,
        "official": {"name": name, "role": context.roles.get(name)} if name else None,
        "evidence": {"start": span.start_char, "end": span.end_char},
        "confidence": None,
    }
    if kind == "rank":
        fact["out_of"], fact["scope"] = out_of_and_scope(context, span)
    fact["date"], written = fact_date(context, span, kind, carried)
    if date_group(kind) == "flow" and len((fact["date"] or {}).get("as_of") or "") == 4:
        fact["date"] = as_period(fact["date"])  # claims "pada 2024" were paid over the year
    if written and kind != "coverage_target":
        carried[f"date:{date_group(kind)}"] = fact["date"]
        carried[f"paragraph:{paragraph_bounds(context.doc, span)[0]}"] = fact["date"]
    fact["confidence"] = rule_confidence(context, span, region, explicit, written)
    return full_fact(fact)


def rule_confidence(context: Context, span: Span, region: RegionRef, explicit_type: bool, written_date: bool) -> float:
    """How directly the text supports the fact (a heuristic score, not a calibrated
    probability): its type read from its own words, its region named in its sentence (or
    paragraph), its date written with it."""
    sentence_start, sentence_end = sentence_bounds(context.doc, span)
    in_sentence = any(r == region for _, r in context.regions_in(sentence_start, sentence_end))
    start, end = paragraph_bounds(context.doc, span)
    in_paragraph = any(r == region for _, r in context.regions_in_chars(start, end))
    region_score = 1.0 if in_sentence else 0.5 if in_paragraph else 0.0
    return round(0.55 + 0.2 * explicit_type + 0.15 * region_score + 0.1 * written_date, 2)


# --- duplicates ------------------------------------------------------------------------


def same_figure(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if (a["type"], a["region"].get("code") or a["region"]["name"], a["segment"], a["program"]) != (
        b["type"],
        b["region"].get("code") or b["region"]["name"],
        b["segment"],
        b["program"],
    ):
        return False
    x, y = float(a["value"]), float(b["value"])
    if a["unit"] in ("percent", "rank"):
        return abs(x - y) < 0.01
    return abs(x - y) <= 0.005 * max(abs(x), abs(y)) or (
        max(x, y) > 0 and abs(x - y) / max(x, y) < 0.01 and min(x, y) % 1000 == 0
    )


def precision(value: float) -> int:
    """Significant digits: ``568373`` beats ``568000``."""
    return len(str(int(value)).rstrip("0")) if float(value).is_integer() else 20


def in_headline_line(text: str, evidence: dict[str, int]) -> bool:
    start, end = line_bounds(text, evidence["start"], evidence["end"])
    return is_headline(text[start:end])


def merge_duplicates(facts: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """One fact per figure: the most precise mention (a body mention before a headline) gives
    value and evidence; the other mentions fill what it lacks (official, date, rank details)."""
    merged: list[dict[str, Any]] = []
    for fact in facts:
        twin = next((m for m in merged if same_figure(m, fact)), None)
        if twin is None:
            merged.append(fact)
            continue
        more_precise = precision(fact["value"]) > precision(twin["value"])
        body_after_headline = in_headline_line(text, twin["evidence"]) and not in_headline_line(text, fact["evidence"])
        if more_precise or body_after_headline and precision(fact["value"]) == precision(twin["value"]):
            twin.update(value=fact["value"], evidence=fact["evidence"])
        if body_after_headline and fact["date"]:
            twin["date"] = fact["date"]  # a headline has no date of its own: the statement's stood in
        for name in ("official", "date", "qualifier", "out_of", "scope"):
            twin[name] = twin[name] or fact[name]
    return [fact for fact in merged if not is_rounded_headline_repeat(fact, merged, text)]


def is_rounded_headline_repeat(fact: dict[str, Any], facts: list[dict[str, Any]], text: str) -> bool:
    """A figure in a headline that repeats a body figure of the same type and region, exactly or
    rounded within 10 % (``Tembus 57 Persen``, ``Hampir Rp 300 Miliar``), whatever programme or
    segment the headline's words suggest (``Bayar Klaim Rp62,4 T ..., JHT Paling Jumbo``): no
    fact of its own."""
    if not in_headline_line(text, fact["evidence"]):
        return False
    value = float(fact["value"])
    tolerance = 0.1 if precision(fact["value"]) <= 2 else 0.005
    return any(
        other["type"] == fact["type"]
        and other["region"].get("code") == fact["region"].get("code")
        and not in_headline_line(text, other["evidence"])
        and abs(float(other["value"]) - value) <= tolerance * max(abs(value), abs(float(other["value"])))
        for other in facts
        if other is not fact
    )


def link(doc: Doc, meta: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every fact the document states, in text order, duplicates merged."""
    for key in (METRIC_TOKENS, ENTITY_TYPES):
        doc.user_data.pop(key, None)
    doc.user_data[METRIC_TOKENS], doc.user_data[ENTITY_TYPES] = metric_tokens(doc), entity_types(doc)
    try:
        return link_facts(doc, meta)
    finally:
        for key in (METRIC_TOKENS, ENTITY_TYPES):
            del doc.user_data[key]


def link_facts(doc: Doc, meta: dict[str, Any] | None) -> list[dict[str, Any]]:
    context = build_context(doc, meta)
    metrics = [e for e in context.entities if e.label_ == "METRIC"]
    skip = out_of_metrics(context, metrics)
    facts: list[dict[str, Any]] = []
    carried: dict[str, dict] = {}
    for span in metrics:
        if span.start in skip:
            continue
        fact = link_metric(context, span, facts[-1] if facts else None, carried)
        if fact is not None:
            facts.append(fact)
    return merge_duplicates(facts, doc_text(doc))
