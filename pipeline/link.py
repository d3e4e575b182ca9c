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
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from pipeline.dates import as_period, is_period_phrase, parse_date
from pipeline.numbers import Quantity, count_value, parse_quantity
from pipeline.regions import RegionRef, key, region_from_org, resolve_region
from pipeline.rules import read_list
from pipeline.schema import FACT_UNITS, full_fact

SEGMENT_CUES = [  # (regex on lower-cased clause text, segment); first match wins
    (r"bukan penerima upah|\bbpu\b|sektor informal|pekerja informal|\binformal\b", "BPU"),
    (r"penerima upah|\bpu\b|sektor formal|pekerja formal|\bformal\b", "PU"),
    (r"jasa konstruksi|\bjakon\b|konstruksi", "JAKON"),
    (r"pekerja migran|\bpmi\b|buruh migran|\btki\b", "PMI"),
    (r"non[- ]?asn|honorer|tenaga harian lepas|\bthl\b|pegawai pemerintah non", "non-asn"),
    (r"perangkat desa|aparat desa|perangkat pemerintah desa|kepala desa", "perangkat desa"),
    (r"pekerja rentan|miskin ekstrem|kemiskinan ekstrem", "pekerja rentan"),
    (r"\bguru\b|tenaga pendidik|tenaga kependidikan", "guru"),
    (r"tenaga kesehatan|\bnakes\b", "tenaga kesehatan"),
    (r"\bkorpri\b", "korpri"),
    (r"nelayan", "nelayan"),
    (r"petani", "petani"),
    (r"\bojol\b|ojek", "ojek"),
    (r"marbot|imam masjid|guru ngaji|pemuka agama", "pekerja keagamaan"),
    (r"\basn\b|pegawai negeri|\bpns\b", "asn"),
]
PROGRAM_CUES = [
    (r"beasiswa", "BEASISWA"),
    (r"kecelakaan kerja|\bjkk\b", "JKK"),
    (r"kehilangan pekerjaan|\bjkp\b", "JKP"),
    (r"kematian|\bjkm\b|meninggal", "JKM"),
    (r"hari tua|\bjht\b", "JHT"),
    (r"pensiun|\bjp\b", "JP"),
]
CASE_NOUNS = ("kasus", "klaim", "berkas", "anak", "penerima", "ahli waris", "pengajuan", "siswa", "pelajar", "mahasiswa")
EMPLOYER_NOUNS = ("perusahaan", "pemberi kerja", "badan usaha", "pelaku usaha", "employer", "pk/bu", "pk")
PERSON_NOUNS = ("peserta", "pekerja", "tenaga kerja", "orang", "jiwa", "warga", "karyawan", "nelayan", "petani",
                "guru", "buruh", "pegawai", "honorer", "perangkat", "aparat", "anggota", "tenaga", "asn", "non",
                "pengemudi", "driver", "ojol", "pedagang", "marbot", "kader", "relawan", "lansia", "pelaku",
                "penduduk", "masyarakat", "kepala", "petugas", "pemuda", "santri", "atlet", "awak", "pmi", "tki")
WORKFORCE_CUES = r"wajib dilindungi|seharusnya terlindungi|yang seharusnya|wajib terdaftar|angkatan kerja|berpotensi|potensi|yang ditargetkan|target(?:nya)? kepesertaan|penduduk bekerja|penduduk usia kerja|total pekerja|jumlah pekerja di|seluruh pekerja|yang bekerja"
NOT_A_FACT = (r"terkena phk|terkena pemutusan|di-phk|menunggak|belum terlindungi|belum terdaftar|belum menjadi peserta|belum ter|iuran|per bulan|perbulan|"
              r"setiap bulan|per orang|per anak|per peserta|per kasus|santunan sebesar|maksimal|paling banyak|"
              r"hingga rp|sebesar rp[\d., ]+ per|bunga|suku bunga|imbal hasil|inflasi|pertumbuhan ekonomi|"
              r"bpjs kesehatan|jkn|kis\b|upah minimum|ump\b|umk\b|gaji|nilai investasi|dana kelolaan|aset")
PER_PERSON = r"\bjika\b|\bkalau\b|santunan|apabila|\bbila\b|setiap|per orang|per peserta|per anak|per bulan|sebulan|maksimal|paling banyak|hingga rp|kali upah|seorang"
RATE_NEGATIVE = r"ditanggung|oleh pemberi kerja|dari total klaim|dari nilai|belum|naik|turun|meningkat|kenaikan|penurunan|tumbuh|pertumbuhan|bunga|iuran|dari upah|ekonomi|inflasi|kesehatan|jkn|investasi|kemiskinan|pengangguran|tpt\b|diskon|potongan|relaksasi|denda"
TARGET_CUES = r"target|menargetkan|ditargetkan|sasaran|diharapkan mencapai|berkomitmen untuk mencapai|rpjmd|rpjmn|bertekad"
CLAIM_CUES = r"klaim|manfaat|dibayarkan|membayarkan|dibayar|disalurkan|menyalurkan|diserahkan|menyerahkan|pembayaran|pencairan|dicairkan|santunan|beasiswa|ahli waris|penerima|kasus|nominal"
EMPLOYER_CUES = r"perusahaan|pemberi kerja|badan usaha"
QUALIFIERS = [
    (r"(sekitar|kurang lebih|kisaran|kira-kira|lebih kurang|±)\s*$", "about"),
    (r"(lebih dari|di atas|diatas|lebih|melebihi|melampaui|mencapai lebih dari)\s*$", "over"),
    (r"(kurang dari|di bawah|dibawah|hampir|nyaris|belum mencapai)\s*$", "under"),
]
CLAUSE_BREAKS = {",", ";", ":", ".", "(", ")", "“", "”", '"'}


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    return frozenset(w.lower() for w in read_list("speech_verbs.txt"))


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    return frozenset(w.lower() for line in read_list("titles.txt") for w in line.split())


@dataclass
class Context:
    """What the linker knows about a document before it looks at any METRIC."""

    doc: Doc
    published: str | None
    regions: list[tuple[Span, RegionRef]] = field(default_factory=list)
    dates: list[tuple[Span, dict[str, str]]] = field(default_factory=list)
    officials: list[tuple[Span, str]] = field(default_factory=list)  # span, full name
    roles: dict[str, str | None] = field(default_factory=dict)
    statement_date: dict[str, str] | None = None
    main_region: RegionRef | None = None


# --- document context -------------------------------------------------------------------

DATELINE_SEPARATORS = re.compile(r"\s[-–—]{1,2}\s|\):\s|:\s")
DATELINE_WORD = re.compile(r"^(\(?[A-Z][\w.&]*\)?,?|\(?[A-Za-z]+\.(com|id|co|co\.id|net)\)?,?)$")


def dateline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of datelines: the place a story was filed from, not what its figures
    are about (``Jambi (ANTARA) -``, ``SOLO —``, ``MEDAN (Waspada):``, ``KONTAN.CO.ID - JAKARTA.``)."""
    ranges = []
    offset = 0
    for line in text.splitlines(keepends=True):
        match = DATELINE_SEPARATORS.search(line[:80])
        if match and line[:match.start()].strip():
            words = line[:match.start()].split()
            if len(words) <= 6 and all(DATELINE_WORD.match(w) for w in words):
                end = match.end()
                follow = re.match(r"[A-Z]{3,}[.,]\s", line[end:])
                ranges.append((offset, offset + end + (follow.end() if follow else 0)))
        offset += len(line)
    return ranges


def statement_places(doc: Doc) -> set[int]:
    """Starts of REGIONs naming where something was said: ``di Medan, Rabu``, ``di Jakarta, Kamis (18/1)``."""
    places = set()
    for ent in doc.ents:
        if ent.label_ != "REGION" or ent.start == 0 or doc[ent.start - 1].lower_ != "di":
            continue
        following = doc[ent.end:ent.end + 3]
        if any(t.ent_type_ == "DATE" for t in following):
            places.add(ent.start)
    return places


def resolve_regions(doc: Doc) -> list[tuple[Span, RegionRef]]:
    """REGION spans and government ORGs with their regions; bare names follow prefixed ones."""
    prefixed: Counter = Counter()
    for ent in doc.ents:
        if ent.label_ == "REGION" and re.match(r"(?i)(provinsi|prov\.|kabupaten|kab\.?|kota)\s", ent.text):
            ref = resolve_region(ent.text)
            if ref is not None:
                prefixed[ref] += 1 + (ref.kind == "provinsi") * 0.5
    prefer: dict[str, RegionRef] = {}
    for ref, _ in prefixed.most_common():
        prefer.setdefault(key(ref.name), ref)
    found = []
    datelines = dateline_ranges(doc.text)
    places = statement_places(doc)
    for ent in doc.ents:
        ref = None
        if any(start <= ent.start_char < end for start, end in datelines) or ent.start in places:
            continue
        if ent.label_ == "REGION":
            ref = resolve_region(ent.text, prefer)
        elif ent.label_ == "ORG":
            ref = region_from_org(ent.text)
        if ref is not None:
            found.append((ent, ref))
    return found


def full_names(doc: Doc) -> list[tuple[Span, str]]:
    """OFFICIAL spans with the longest earlier (or later) name that contains them."""
    spans = [e for e in doc.ents if e.label_ == "OFFICIAL"]
    names = sorted({e.text for e in spans}, key=len, reverse=True)
    result = []
    for span in spans:
        words = set(span.text.split())
        full = next((n for n in names if words <= set(n.split())), span.text)
        result.append((span, full))
    return result


def role_before(doc: Doc, span: Span) -> str | None:
    """The role written right before a name: from the nearest title word to the name."""
    sentence_start = span.sent.start
    start = None
    for index in range(span.start - 1, max(sentence_start, span.start - 15) - 1, -1):
        token = doc[index]
        if token.lower_ in speech_verbs() or token.text in ("“", '"', "”") or (token.is_lower and token.lower_ not in title_words() and token.lower_ not in ("dan", "bidang", "kantor", "cabang", "wilayah", "utama")):
            break
        if token.lower_ in title_words() and (index == sentence_start or not doc[index - 1].lower_ in title_words() or True):
            start = index
    if start is None:
        return None
    role = doc[start:span.start].text.strip(" ,")
    return role or None


def role_after(doc: Doc, span: Span) -> str | None:
    """``Mintje Wattu, Kepala Kantor ...,``: a role right after the name and a comma."""
    if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].lower_ in title_words():
        end = span.end + 1
        while end < min(len(doc), span.end + 15) and doc[end].text not in CLAUSE_BREAKS and doc[end].lower_ not in speech_verbs():
            end += 1
        return doc[span.end + 1:end].text.strip() or None
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
    return day_precise and bool(re.search(r"(?i)senin|selasa|rabu|kamis|jumat|sabtu|minggu|\d+/\d+", span.text))


def build_context(doc: Doc, meta: dict[str, Any] | None) -> Context:
    published = (meta or {}).get("published")
    context = Context(doc, published if isinstance(published, str) else None)
    context.regions = resolve_regions(doc)
    for ent in doc.ents:
        if ent.label_ == "DATE":
            value = parse_date(ent.text, context.published)
            if value is not None:
                context.dates.append((ent, value))
    context.statement_date = next((v for s, v in context.dates if is_statement_date(s, v)), None)
    context.officials = full_names(doc)
    context.roles = official_roles(doc, context.officials)
    counted = Counter(ref for _, ref in context.regions if ref.code not in (None, "ID"))
    if counted:
        top = max(counted.values())
        context.main_region = next(ref for _, ref in context.regions if counted.get(ref) == top)
    else:  # an article naming no single region reports national figures
        context.main_region = RegionRef("Indonesia", "ID", "negara")
    return context


# --- per-metric decisions --------------------------------------------------------------

def clause_bounds(doc: Doc, span: Span, stop_at_metric: bool = True) -> tuple[int, int]:
    """Token range of the clause holding ``span``: between clause breaks (and other METRICs)."""
    sentence = span.sent

    def inside(token) -> bool:
        return token.text not in CLAUSE_BREAKS and not (stop_at_metric and token.ent_type_ == "METRIC")

    start = span.start
    while start > sentence.start and inside(doc[start - 1]):
        start -= 1
    end = span.end
    while end < sentence.end and inside(doc[end]):
        end += 1
    return start, end


def text_of(doc: Doc, start: int, end: int) -> str:
    return doc[max(start, 0):min(end, len(doc))].text.lower() if end > start else ""


def previous_sentence_text(doc: Doc, span: Span) -> str:
    """The sentence before ``span``'s, when it is in the same paragraph."""
    if span.sent.start == 0:
        return ""
    previous = doc[span.sent.start - 1].sent
    paragraph_start, _ = paragraph_bounds(doc, span)
    return previous.text.lower() if previous.end_char > paragraph_start else ""


def words_after(doc: Doc, span: Span, count: int = 3) -> str:
    end = min(len(doc), span.end + count)
    return " ".join(t.lower_ for t in doc[span.end:end] if not t.is_space)


def first_cue(text: str, cues: list[tuple[str, str]]) -> str | None:
    return next((value for pattern, value in cues if re.search(pattern, text)), None)


def fact_type(doc: Doc, span: Span, quantity: Quantity) -> str | None:
    """The fact type a METRIC reports, or None when it is no fact."""
    start, end = clause_bounds(doc, span)
    clause = text_of(doc, start, end)
    sentence = span.sent.text.lower()
    before = text_of(doc, max(span.sent.start, span.start - 8), span.start)
    after = words_after(doc, span)
    if quantity.unit == "rank":
        return "rank"
    if quantity.unit == "percent":
        if re.search(TARGET_CUES, before) or re.search(TARGET_CUES, clause):
            return "coverage_target"
        near = text_of(doc, max(start, span.start - 4), min(end, span.end + 4))
        if re.search(RATE_NEGATIVE, near) or re.search(NOT_A_FACT, near) or re.search(r"dari upah|dari total klaim|nilai klaim", sentence):
            return None
        return "coverage_rate"
    if re.search(NOT_A_FACT, text_of(doc, max(span.sent.start, span.start - 5), min(span.sent.end, span.end + 5))):
        return None
    if quantity.unit == "IDR" or (re.search(r"(?i)miliar|milyar|triliun", span.text) and re.search(r"nominal|dana|rupiah|klaim|manfaat|dibayarkan|disalurkan", sentence)):
        if quantity.value < 5e8 and re.search(PER_PERSON, sentence):
            return None
        nearby = sentence + " " + previous_sentence_text(doc, span)
        return "claim_amount" if re.search(CLAIM_CUES, sentence) or (re.search(CLAIM_CUES, nearby) and first_cue(clause, PROGRAM_CUES)) else None
    if re.match(r"(tahun|bulan|hari|provinsi|kabupaten|kota|kecamatan|desa|kelurahan|program|cabang|kantor|unit|kali|persen)\b", after):
        return None
    if after.startswith(CASE_NOUNS) or (re.search(r"\bkasus\b|\bklaim\b", clause) and not after.startswith(PERSON_NOUNS)):
        return "claim_cases"
    if re.match(r"(jaminan|program|manfaat)? ?(jkk|jkm|jht|jp|jkp|kecelakaan|kematian|hari tua|pensiun|kehilangan|beasiswa)\b", after) and \
            re.search(r"\bkasus\b|\bklaim\b", text_of(doc, max(0, span.sent.start - 40), span.sent.end)):
        return "claim_cases"
    if after.startswith(EMPLOYER_NOUNS) or (re.search(EMPLOYER_CUES, before) and not after.startswith(PERSON_NOUNS)):
        return "employers"
    if after.startswith(PERSON_NOUNS) and re.search(r"klaim|beasiswa|santunan|manfaat", sentence) and \
            re.search(r"(kepada|bagi|untuk|diterima|menerima|penerima)\s*$", before):
        return "claim_cases"
    other_metric = any(t.ent_type_ == "METRIC" for t in doc[span.sent.start:span.sent.end] if not span.start <= t.i < span.end)
    of_total = re.search(r"(?<!terdiri )(?<!naik )(?<!meningkat )(?<!bertambah )(?<!turun )\bdari\s*(total\s*|sekitar\s*|kurang lebih\s*|lebih dari\s*|jumlah\s*)?$", before) and other_metric
    if re.search(WORKFORCE_CUES, clause) or (of_total and not after.startswith(CASE_NOUNS + EMPLOYER_NOUNS) and not re.match(r"(orang |pekerja )?peserta", after)):
        return "workforce"
    if after.startswith(PERSON_NOUNS) or re.search(r"peserta|terlindungi|terdaftar|kepesertaan|tenaga kerja|pekerja", clause):
        return "participants"
    return None


def fact_value(quantity: Quantity, kind: str) -> float:
    value = count_value(quantity) if kind in ("participants", "workforce", "claim_cases", "employers", "rank") else quantity.value
    return int(value) if float(value).is_integer() else round(value, 4)


def qualifier(doc: Doc, span: Span) -> str | None:
    before = doc.text[max(0, span.start_char - 25):span.start_char].lower()
    return first_cue(before, QUALIFIERS)


def segment(doc: Doc, span: Span) -> str | None:
    """The segment cue right after the figure (up to the next figure or ``dan``), else the
    closest one before it in its clause."""
    _, end = clause_bounds(doc, span)
    stop = next((t.i for t in doc[span.end:end] if t.lower_ in ("dan", "serta", "sedangkan", "dengan")), end)
    found = first_cue(text_of(doc, span.end, stop), SEGMENT_CUES)
    if found:
        return found
    before = text_of(doc, span.sent.start, span.start)
    matches = [(m.end(), value) for pattern, value in SEGMENT_CUES for m in re.finditer(pattern, before)]
    return max(matches)[1] if matches else None


def program(doc: Doc, span: Span) -> str:
    """Programme cue in the clause, else the sentence, else the sentence before; else TOTAL."""
    start, end = clause_bounds(doc, span)
    clause = text_of(doc, start, min(end + 3, span.sent.end))
    found = first_cue(clause, PROGRAM_CUES)
    if found:
        return found
    if re.search(r"\btotal\b|seluruh program|keseluruhan|semua program", clause):
        return "TOTAL"
    found = first_cue(span.sent.text.lower(), PROGRAM_CUES)
    if found is None and span.sent.start > 0:
        paragraph_start, _ = paragraph_bounds(doc, span)
        previous = doc[span.sent.start - 1].sent
        if previous.end_char > paragraph_start:
            found = first_cue(previous.text.lower(), PROGRAM_CUES)
    return found or "TOTAL"


def nearest(items: list[tuple[Span, Any]], span: Span, predicate=lambda s: True) -> Any | None:
    """The item closest before ``span`` (then after) that satisfies ``predicate``."""
    before = [(s, v) for s, v in items if s.end <= span.start and predicate(s)]
    if before:
        return before[-1][1]
    after = [(s, v) for s, v in items if s.start >= span.end and predicate(s)]
    return after[0][1] if after else None


def paragraph_bounds(doc: Doc, span: Span) -> tuple[int, int]:
    text = doc.text
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    return start, len(text) if end < 0 else end


def is_concrete(ref: RegionRef) -> bool:
    return ref.code not in (None, "ID")


def fact_region(context: Context, span: Span, kind: str) -> RegionRef | None:
    """Closest region before it in its sentence, else right after it in its clause, else
    earlier in its paragraph, else (nationwide wording) Indonesia, else the main region.
    A rank is never about the peer group it is ranked in."""
    doc, sentence = context.doc, span.sent
    regions = [(s, r) for s, r in context.regions if kind != "rank" or is_concrete(r)]
    if kind == "rank":
        in_sentence = [(s, r) for s, r in regions if sentence.start <= s.start < sentence.end and s.end <= span.start]
        start, _ = paragraph_bounds(doc, span)
        earlier = [r for s, r in regions if start <= s.start_char < span.start_char]
        return in_sentence[-1][1] if in_sentence else earlier[-1] if earlier else context.main_region
    in_sentence = [(s, r) for s, r in context.regions if sentence.start <= s.start < sentence.end]
    before = [r for s, r in in_sentence if s.end <= span.start]
    subjects = [r for r in before if r.code != "ID"]
    if subjects:
        return subjects[-1]
    _, clause_end = clause_bounds(doc, span, stop_at_metric=False)
    after = [r for s, r in in_sentence if span.end <= s.start < clause_end and s.start - span.end <= 8]
    if after:
        return after[0]
    if before:
        return before[-1]
    start, _ = paragraph_bounds(doc, span)
    earlier = [r for s, r in context.regions if start <= s.start_char < span.start_char]
    if [r for r in earlier if is_concrete(r)]:
        return [r for r in earlier if is_concrete(r)][-1]
    if re.search(r"\bnasional\b|seluruh indonesia|se-indonesia|secara nasional", sentence.text.lower()) or earlier:
        return earlier[-1] if earlier else RegionRef("Indonesia", "ID", "negara")
    return context.main_region


def written_date(context: Context, date_span: Span, value: dict[str, str]) -> dict[str, str]:
    """A DATE's value, as a period when written as one (``selama 2021``, ``sepanjang tahun 2024``)."""
    preceding = context.doc.text[max(0, date_span.start_char - 20):date_span.start_char]
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


def fact_date(context: Context, span: Span, kind: str) -> dict[str, str] | None:
    """Written with the figure (its sentence, or the sentence before in its paragraph), else
    the statement date, else the publication date (none for targets: they have a year)."""
    sentence = span.sent
    value = sentence_date(context, sentence, span)
    if value:
        return value
    if kind == "coverage_target":
        return None
    paragraph_start, _ = paragraph_bounds(context.doc, span)
    if sentence.start > 0 and context.doc[sentence.start - 1].idx >= paragraph_start:
        previous = context.doc[sentence.start - 1].sent
        value = sentence_date(context, previous, None)
        if value and not any(is_statement_date(s, v) and written_date(context, s, v) == value for s, v in context.dates):
            return value
    if context.statement_date:
        return context.statement_date
    return {"as_of": context.published} if context.published else None


def fact_official(context: Context, span: Span) -> str | None:
    """The person the figure is attributed to: named in its sentence or paragraph; else, in
    the lead, the first person quoted after it; else the last person quoted before it."""
    doc = context.doc
    sentence = span.sent
    in_sentence = [(s, n) for s, n in context.officials if sentence.start <= s.start < sentence.end]
    if in_sentence:
        attributed = [n for s, n in in_sentence if s.start > 0 and doc[s.start - 1].lower_ in speech_verbs()]
        return attributed[0] if attributed else in_sentence[0][1]
    start, end = paragraph_bounds(doc, span)
    in_paragraph = [n for s, n in context.officials if start <= s.start_char < end]
    if in_paragraph:
        return in_paragraph[0]
    earlier = [n for s, n in context.officials if s.end_char <= start]
    later = [n for s, n in context.officials if s.start_char >= end]
    if earlier:
        return earlier[-1]
    return later[0] if later else None


def out_of_and_scope(context: Context, span: Span) -> tuple[int | None, str | None]:
    doc = context.doc
    window = doc[span.end:min(span.sent.end, span.end + 8)]
    out_of = None
    for token in window:
        if token.ent_type_ == "METRIC" and doc[token.i - 1].lower_ in ("dari", "antara", "se"):
            quantity = parse_quantity(doc[token.i:token.i + 1].text)
            out_of = int(quantity.value) if quantity else None
            break
    text = span.sent.text.lower()
    scope = None
    if re.search(r"nasional|seluruh indonesia|se-indonesia|di indonesia", text):
        scope = "nasional"
    else:
        groups = [s.text for s, r in context.regions if s.sent == span.sent and (r.code is None or r.kind == "provinsi") and s.start > span.start]
        groups = groups or [s.text for s, r in context.regions if s.sent == span.sent and r.code is None]
        scope = groups[0] if groups else None
    return out_of, scope


def out_of_metrics(context: Context, metrics: list[Span]) -> set[int]:
    """METRICs that are the denominator of a rank (``dari 38 provinsi``)."""
    taken = set()
    for span in metrics:
        quantity = parse_quantity(span.text)
        if quantity and quantity.unit == "rank":
            for other in metrics:
                if span.end <= other.start <= span.end + 8 and context.doc[other.start - 1].lower_ in ("dari", "antara", "se"):
                    taken.add(other.start)
    return taken


def list_item_type(context: Context, span: Span, previous: dict[str, Any] | None) -> str | None:
    """``Kota Batam 402.117 peserta, disusul Tanjungpinang 38.905``: a bare figure right after a
    region continues the list of the fact before it (same paragraph, same kind of number)."""
    doc = context.doc
    if previous is None or previous["unit"] not in ("persons", "cases", "employers", "percent"):
        return None
    if previous["evidence"]["start"] < paragraph_bounds(doc, span)[0]:
        return None
    region_right_before = any(s.end in (span.start, span.start - 1) for s, _ in context.regions)
    return previous["type"] if region_right_before else None


def link_metric(context: Context, span: Span, previous: dict[str, Any] | None = None) -> dict[str, Any] | None:
    quantity = parse_quantity(span.text)
    if quantity is None:
        return None
    kind = fact_type(context.doc, span, quantity) or list_item_type(context, span, previous)
    if kind is None or FACT_UNITS[kind] == "percent" and quantity.unit != "percent":
        return None
    region = fact_region(context, span, kind)
    if region is None:
        return None
    name = fact_official(context, span)
    fact: dict[str, Any] = {
        "type": kind, "region": region.to_dict(), "value": fact_value(quantity, kind), "unit": FACT_UNITS[kind],
        "qualifier": qualifier(context.doc, span),
        "segment": segment(context.doc, span) if kind in ("participants", "coverage_rate") else None,
        "program": program(context.doc, span) if kind in ("claim_cases", "claim_amount") else None,
        "date": fact_date(context, span, kind),
        "official": {"name": name, "role": context.roles.get(name)} if name else None,
        "evidence": {"start": span.start_char, "end": span.end_char},
        "confidence": 0.7,
    }
    if kind == "rank":
        fact["out_of"], fact["scope"] = out_of_and_scope(context, span)
    return full_fact(fact)


# --- duplicates ------------------------------------------------------------------------

def same_figure(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if (a["type"], a["region"].get("code") or a["region"]["name"], a["segment"], a["program"]) != \
            (b["type"], b["region"].get("code") or b["region"]["name"], b["segment"], b["program"]):
        return False
    x, y = float(a["value"]), float(b["value"])
    if a["unit"] in ("percent", "rank"):
        return abs(x - y) < 0.01
    return abs(x - y) <= 0.005 * max(abs(x), abs(y)) or (max(x, y) > 0 and abs(x - y) / max(x, y) < 0.01 and min(x, y) % 1000 == 0)


def precision(value: float) -> int:
    """Significant digits: ``568373`` beats ``568000``."""
    return len(str(int(value)).rstrip("0")) if float(value).is_integer() else 20


def merge_duplicates(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: list[dict[str, Any]] = []
    for fact in facts:
        twin = next((m for m in merged if same_figure(m, fact)), None)
        if twin is None:
            merged.append(fact)
            continue
        if precision(fact["value"]) > precision(twin["value"]):
            twin.update(value=fact["value"], evidence=fact["evidence"])
        for name in ("official", "date", "qualifier"):
            twin[name] = twin[name] or fact[name]
    return merged


def link(doc: Doc, meta: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every fact the document states, in text order, duplicates merged."""
    context = build_context(doc, meta)
    metrics = [e for e in doc.ents if e.label_ == "METRIC"]
    skip = out_of_metrics(context, metrics)
    facts: list[dict[str, Any]] = []
    for span in metrics:
        if span.start in skip:
            continue
        fact = link_metric(context, span, facts[-1] if facts else None)
        if fact is not None:
            facts.append(fact)
    return merge_duplicates(facts)
