"""What a figure is, from the words around it: its fact type, value, qualifier, segment
and programme. Pure functions of a METRIC span and its Doc; cue words from configs/cues.yaml."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.context import CLAUSE_BREAKS
from pipeline.cues import cues
from pipeline.numbers import Quantity, count_value


def paragraph_bounds(doc: Doc, span: Span) -> tuple[int, int]:
    text = doc.text
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    return start, len(text) if end < 0 else end


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
    item_start, item_end = list_item(doc, span)
    if re.search(cues().other_scheme, text_of(doc, span.sent.start, item_end)):
        return None  # about another scheme (BPJS Kesehatan, JKN, BSU), up to this figure's list item
    clause_start, clause_end = clause_bounds(doc, span, stop_at_metric=False)
    if re.search(UNCOVERED, text_of(doc, span.end, item_end)) or re.search(UNCOVERED, text_of(doc, clause_start, span.start)):
        return None  # "1,3 juta pekerja di Aceh yang belum terlindungi": the uncovered, no fact
    if quantity.unit == "percent":
        if re.search(cues().target, before) or re.search(cues().target, clause):
            return "coverage_target"
        near = text_of(doc, max(start, span.start - 4), min(end, span.end + 4))
        uncovered = re.search(r"\bbelum\b|\btidak\b", text_of(doc, span.end, end))
        if uncovered or re.search(cues().rate_negative, near) or re.search(cues().not_a_fact + r"|iuran", near) or re.search(r"dari upah|dari total klaim|nilai klaim", sentence):
            return None
        return "coverage_rate"
    window = text_of(doc, max(span.sent.start, span.start - 5), min(span.sent.end, span.end + 5))
    if re.search(cues().not_a_fact, window):
        return None
    if re.search(cues().layoff, window) and not re.search(r"klaim|manfaat|dibayarkan|menerima|jkp|kehilangan pekerjaan", sentence):
        return None
    if quantity.unit == "IDR" or (re.search(r"(?i)miliar|milyar|triliun", span.text) and re.search(r"nominal|dana|rupiah|klaim|manfaat|dibayarkan|disalurkan", sentence)):
        if quantity.value < 5e8 and re.search(cues().per_person, sentence) or re.search(r"iuran", window):
            return None
        nearby = sentence + " " + previous_sentence_text(doc, span)
        item = text_of(doc, *list_item(doc, span))
        return "claim_amount" if re.search(cues().claim, sentence) or (re.search(cues().claim, nearby) and first_cue(item, cues().programs)) else None
    if re.match(r"(tahun|bulan|hari|provinsi|kabupaten|kota|kecamatan|desa|kelurahan|program|cabang|kantor|unit|kali|persen)\b", after):
        return None
    if after.startswith(cues().case_nouns) or (re.search(r"\bkasus\b|\bklaim\b", clause) and not after.startswith(cues().person_nouns)):
        return "claim_cases"
    if re.match(r"(jaminan|program|manfaat)? ?(jkk|jkm|jht|jp|jkp|kecelakaan|kematian|hari tua|pensiun|kehilangan|beasiswa)\b", after) and \
            re.search(r"\bkasus\b|\bklaim\b", text_of(doc, max(0, span.sent.start - 40), span.sent.end)):
        return "claim_cases"
    if after.startswith(cues().employer_nouns) or (re.search(cues().employer, before) and not after.startswith(cues().person_nouns)):
        return "employers"
    if after.startswith(cues().person_nouns) and re.search(r"klaim|beasiswa|santunan|manfaat|dibayarkan|disalurkan|\bjk[kmp]\b|\bjht\b", sentence) and \
            re.search(r"(kepada|bagi|untuk|diterima|menerima|penerima|ahli waris|oleh)\s*$", before):
        return "claim_cases"
    if re.search(r"\b(akan|menargetkan|target|ditargetkan|rencana|berencana)\b[^.,]{0,30}$", before):
        return None  # a plan or a target counted in people is no fact
    other_metric = any(t.ent_type_ == "METRIC" for t in doc[span.sent.start:span.sent.end] if not span.start <= t.i < span.end)
    of_total = re.search(r"(?<!terdiri )(?<!naik )(?<!meningkat )(?<!bertambah )(?<!turun )\bdari\s*(total\s*|sekitar\s*|kurang lebih\s*|lebih dari\s*|jumlah\s*)?$", before) and other_metric
    following = text_of(doc, span.end, end)
    if re.search(cues().workforce, following) or (of_total and not after.startswith(cues().case_nouns + cues().employer_nouns) and not re.match(r"(orang |pekerja )?peserta", after)):
        return "workforce"
    if after.startswith(cues().person_nouns) or re.search(r"peserta|terlindungi|terdaftar|kepesertaan|tenaga kerja|pekerja", clause):
        return "participants"
    return None


def fact_value(quantity: Quantity, kind: str) -> float:
    value = count_value(quantity) if kind in ("participants", "workforce", "claim_cases", "employers", "rank") else quantity.value
    return int(value) if float(value).is_integer() else round(value, 4)


def qualifier(doc: Doc, span: Span) -> str | None:
    before = doc.text[max(0, span.start_char - 25):span.start_char].lower()
    return first_cue(before, cues().qualifiers)


def segment(doc: Doc, span: Span) -> str | None:
    """The segment cue right after the figure (up to the next figure or ``dan``), else the
    closest one before it in its clause."""
    _, end = clause_bounds(doc, span)
    stop = next((t.i for t in doc[span.end:end] if t.lower_ in ("dan", "serta", "sedangkan", "dengan")), end)
    found = first_cue(text_of(doc, span.end, stop), cues().segments)
    if found:
        return found
    return last_cue(text_of(doc, span.sent.start, span.start), cues().segments)[1]


UNCOVERED = r"belum (ter)?lindungi|belum terlindungi|belum terdaftar|belum didaftarkan|belum menjadi peserta|belum ter(cover|jangkau)|belum memiliki (perlindungan|jaminan)|tidak terlindungi"
LIST_BREAKS = {",", ";", ".", "dan", "serta", "sedangkan", "sementara"}
TOTAL_WORDS = re.compile(r"\btotal\b|seluruh program|keseluruhan|semua program")


def list_item(doc: Doc, span: Span) -> tuple[int, int]:
    """The list item holding a figure: between commas, ``dan`` / ``serta`` and sentence ends
    (parentheses do not break it: ``jaminan kematian (JKM) 1.236 kasus senilai Rp52,3 miliar``)."""
    start = span.start
    while start > span.sent.start and doc[start - 1].lower_ not in LIST_BREAKS:
        start -= 1
    end = span.end
    while end < span.sent.end and doc[end].lower_ not in LIST_BREAKS:
        end += 1
    return start, end


def last_cue(text: str, patterns: tuple[tuple[str, str], ...]) -> tuple[int, str | None]:
    """The cue that ends last in ``text`` (the one closest to what follows) and where it ends."""
    matches = [(m.end(), value) for pattern, value in patterns for m in re.finditer(pattern, text)]
    return max(matches) if matches else (-1, None)


def program(doc: Doc, span: Span) -> str:
    """The programme named closest before the figure in its list item, else after it in the
    item, else in its sentence or the one before; ``total`` or nothing means TOTAL."""
    start, end = list_item(doc, span)
    before, after = text_of(doc, start, span.start), text_of(doc, span.end, end)
    position, found = last_cue(before, cues().programs)
    total = [m.start() for m in TOTAL_WORDS.finditer(before)]
    if found and not (total and total[-1] >= position):
        return found
    found = first_cue(after, cues().programs)
    if found:
        return found
    earlier = first_cue(previous_sentence_text(doc, span), cues().programs)
    if total:  # "Total nominalnya ..." right after a sentence on one programme sums that programme
        return earlier if earlier and re.search(r"\btotal\w*nya\b|\bnominalnya\b", before) else "TOTAL"
    return first_cue(span.sent.text.lower(), cues().programs) or earlier or "TOTAL"
