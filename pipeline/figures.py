"""What a figure is, from the words around it: its fact type, value, qualifier, segment
and programme. Pure functions of a METRIC span and its Doc; cue words from configs/cues.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.attrs import ENT_TYPE
from spacy.tokens import Doc, Span

from pipeline.context import CLAUSE_BREAKS
from pipeline.cues import cues
from pipeline.numbers import Quantity, count_value, parse_quantity
from pipeline.tokenize import doc_text, token_table


def line_bounds(text: str, at: int, end_at: int | None = None) -> tuple[int, int]:
    """Character bounds of the line holding ``text[at:end_at]``."""
    end = text.find("\n", at if end_at is None else end_at)
    return text.rfind("\n", 0, at) + 1, len(text) if end < 0 else end


def paragraph_bounds(doc: Doc, span: Span) -> tuple[int, int]:
    """Character bounds of the line (a paragraph in news text) holding ``span``."""
    return line_bounds(doc_text(doc), span.start_char, span.end_char)


def sentence_bounds(doc: Doc, span: Span) -> tuple[int, int]:
    """Token range of the sentence holding ``span``'s first token (``span.sent``)."""
    table = token_table(doc)
    return table.sentence_starts[span.start], table.sentence_ends[span.start]


def metric_tokens(doc: Doc) -> list[bool]:
    """Per token: inside a METRIC entity (read once per ``link`` call, which keeps it in
    ``user_data`` while it runs; entities may change between calls)."""
    cached = doc.user_data.get(METRIC_TOKENS)
    return cached if cached is not None else list(doc.to_array(ENT_TYPE) == doc.vocab.strings["METRIC"])


METRIC_TOKENS = "warta_metric_tokens"


def entity_types(doc: Doc) -> list[str]:
    """Per token: the label of the entity it is in, "" outside one (read once per ``link``
    call, like ``metric_tokens``)."""
    cached = doc.user_data.get(ENTITY_TYPES)
    if cached is not None:
        return cached
    strings = doc.vocab.strings
    return [strings[value] if value else "" for value in doc.to_array(ENT_TYPE).tolist()] if len(doc) else []


ENTITY_TYPES = "warta_entity_types"


def clause_bounds(doc: Doc, span: Span, stop_at_metric: bool = True) -> tuple[int, int]:
    """Token range of the clause holding ``span``: between clause breaks (and other METRICs)."""
    texts = token_table(doc).texts
    sentence_start, sentence_end = sentence_bounds(doc, span)
    metric = metric_tokens(doc) if stop_at_metric else None

    def inside(i: int) -> bool:
        return texts[i] not in CLAUSE_BREAKS and "\n" not in texts[i] and not (metric is not None and metric[i])

    start = span.start
    while start > sentence_start and inside(start - 1):
        start -= 1
    end = span.end
    while end < sentence_end and inside(end):
        end += 1
    return start, end


def text_of(doc: Doc, start: int, end: int) -> str:
    start, end = max(start, 0), min(end, len(doc))
    if end <= start:
        return ""
    table = token_table(doc)
    # the tokens' text, sliced from the doc's text rather than joined from tokens
    return doc_text(doc)[table.starts[start] : table.starts[end - 1] + len(table.texts[end - 1])].lower()


def previous_sentence_text(doc: Doc, span: Span) -> str:
    """The sentence before ``span``'s, when it is in the same paragraph."""
    table = token_table(doc)
    sentence_start, _ = sentence_bounds(doc, span)
    if sentence_start == 0:
        return ""
    previous_start = table.sentence_starts[sentence_start - 1]
    paragraph_start, _ = paragraph_bounds(doc, span)
    previous_end_char = table.starts[sentence_start - 1] + len(table.texts[sentence_start - 1])
    return text_of(doc, previous_start, sentence_start) if previous_end_char > paragraph_start else ""


def words_after(doc: Doc, span: Span, count: int = 3) -> str:
    """The words after the figure; after a list of bare figures sharing one noun (``masing-
    masing 1.127, 143 dan 3.906 kasus``), the words after the list."""
    lowers = token_table(doc).lowers
    end = span.end
    while end + 1 < len(lowers) and lowers[end] in LIST_JOINERS and is_bare_number(lowers[end + 1]):
        end += 2
    return " ".join(word for word in lowers[end : end + count] if not word.isspace())


LIST_JOINERS = {",", "dan", "serta"}


def is_bare_number(word: str) -> bool:
    return re.fullmatch(r"\d+(?:[.,]\d+)*", word) is not None


def first_cue(text: str, cues: Iterable[tuple[re.Pattern, str]]) -> str | None:
    return next((value for pattern, value in cues if pattern.search(text)), None)


@dataclass(frozen=True)
class Surroundings:
    """The lower-cased text around a figure that its fact type is read from."""

    sentence: str
    clause: str  # between clause breaks and other figures
    near: str  # up to four tokens either side, inside the clause
    window: str  # five tokens either side, inside the sentence
    before: str  # up to eight tokens before, inside the sentence
    sentence_before: str  # the sentence up to the figure
    after: str  # the three words after: the counted noun
    following: str  # the rest of the clause after the figure
    item: str  # its list item
    previous_sentence: str
    other_figures: bool  # another METRIC in the same sentence


def surroundings(doc: Doc, span: Span) -> Surroundings:
    start, end = clause_bounds(doc, span)
    sentence_start, sentence_end = sentence_bounds(doc, span)
    metric = metric_tokens(doc)
    return Surroundings(
        sentence=text_of(doc, sentence_start, sentence_end),
        clause=text_of(doc, start, end),
        near=text_of(doc, max(start, span.start - 4), min(end, span.end + 4)),
        window=text_of(doc, max(sentence_start, span.start - 5), min(sentence_end, span.end + 5)),
        before=text_of(doc, max(sentence_start, span.start - 8), span.start),
        sentence_before=text_of(doc, sentence_start, span.start),
        after=words_after(doc, span),
        following=text_of(doc, span.end, end),
        item=text_of(doc, *list_item(doc, span)),
        previous_sentence=previous_sentence_text(doc, span),
        other_figures=any(metric[i] for i in range(sentence_start, sentence_end) if not span.start <= i < span.end),
    )


OUR_SCHEME = re.compile(r"jamsostek|bpjs ketenagakerjaan|bpjamsostek|bp jamsostek")


def is_uncovered_or_other_scheme(doc: Doc, span: Span) -> bool:
    """About another scheme (BPJS Kesehatan, JKN, BSU) up to this figure's list item (its own
    item only when that names BPJS Ketenagakerjaan: ``UHC Garut Sudah 98 Persen, Cakupan
    Jamsostek Baru 9,86 Persen``), or about the uncovered ("1,3 juta pekerja di Aceh yang
    belum terlindungi")."""
    item_start, item_end = list_item(doc, span)
    clause_start, _ = clause_bounds(doc, span, stop_at_metric=False)
    item = text_of(doc, item_start, item_end)
    scheme_text = item if OUR_SCHEME.search(item) else text_of(doc, sentence_bounds(doc, span)[0], item_end)
    return bool(
        re.search(cues().other_scheme, scheme_text)
        or re.search(UNCOVERED, text_of(doc, span.end, item_end))
        or re.search(UNCOVERED, text_of(doc, clause_start, span.start))
    )


CHANGE_VERBS = r"naik|turun|meningkat|menurun|tumbuh|bertambah|berkurang"
CHANGE_WORDS = rf"{CHANGE_VERBS}|kenaikan|penurunan|pertumbuhan|melonjak"
GROWTH = re.compile(
    rf"({CHANGE_WORDS})(nya)?"
    r"( sebesar| sekitar| hingga| hampir)?\s*$"
)
SETTLED = re.compile(r"sedangkan|saat ini|\bkini\b|\bbaru\b|tercatat|realisasi|capaian|mencapai")


BECAUSE = re.compile(r"\b(karena|sebab|lantaran|akibat)\b")  # "baru 15,2 persen karena ... belum mendaftar"
AIMED = re.compile(r"\b(ingin|kejar|mengejar|berharap|harapkan|bisa mencapai|dapat mencapai|harus)\b")
BY_YEAR = re.compile(r"^\s*(\S+\s+){0,3}?(pada|di|hingga|sampai|menjelang)\s+(akhir\s+)?(tahun\s+)?20\d\d\b")
SETTLED_NOW = re.compile(r"sedangkan|saat ini|\bkini\b|\bbaru\b|tercatat|realisasi|capaian")


def is_aimed_for(around: Surroundings) -> bool:
    """A share aimed for by a year ahead: ``Kita harus kejar 40 persen pada 2026``, ``menargetkan
    ... lalu mencapai universal coverage atau 95 persen pekerja terlindungi pada 2027``."""
    aim = re.search(cues().target, around.sentence_before) or AIMED.search(around.sentence_before)
    ahead = BY_YEAR.search(around.following) or "tahun depan" in around.sentence_before
    return bool(aim and ahead and not SETTLED_NOW.search(around.sentence_before[aim.end() :]))


# "60,12 persen penduduk bekerja", "96,4 persen paket pekerjaan sudah didaftarkan"
SHARE_OF_OTHERS = re.compile(r"(penduduk|paket|proyek|perusahaan|kasus|klaim|anggaran|dana|upah|yang meninggal)\b")
# "Kalau Bangli masih 29,6 persen": as for Bangli, not a condition
CONTRASTIVE = re.compile(r"\bkalau\s+(kota\s+|kabupaten\s+)?[a-z]+(\s+[a-z]+)?\s+(masih|sudah|baru|hanya|cuma)\s*$")
# "jumlah penduduk Trenggalek yang bekerja di sektor informal mencapai lebih dari 70 persen"
INFORMAL_BEFORE = re.compile(r"\bbekerja di sektor informal\b[^,.]{0,30}$")
# "300 pabrik tahu, namun baru sekitar 40 persen yang mendaftarkan pekerjanya"
EMPLOYERS_SHARE = re.compile(r"\s*(di antaranya )?yang (sudah |baru |telah )?mendaftarkan (pekerja|karyawan)")
INFORMAL_SHARE = re.compile(r"^(pekerja )?[^.,]{0,25}\b(sektor informal|informal)\b")  # "60 persen pekerja di Jambi bekerja di sektor informal"


# "Kabupaten yang masih di bawah 30 persen akan kami dampingi", "Sisanya masih di bawah 30 persen"
THRESHOLD = re.compile(
    r"(^\W*|\b(kabupaten|kota|daerah|wilayah|provinsi)(/kota)?( lain(nya)?)? yang |\bsisanya |\byang lain(nya)? |\bdengan cakupan(nya)? )"
    r"(masih |cakupannya )*(di bawah|kurang dari)\s*$"
)
# "belum satu pun yang cakupannya menembus 20 persen", "Kalau kotanya sudah di atas 60 persen",
# "banyak kabupaten seperti Kepulauan Aru dan Seram Bagian Timur masih di bawah 15 persen"
GENERIC_THRESHOLD = re.compile(
    r"\b((belum|tidak) (satu pun|ada)( yang)?( cakupannya)? |\b(kalau|jika|bila|apabila)\b[^.,]{0,40}|banyak (kabupaten|kota|daerah)\b[^.]{0,80})"
    r"\b(menembus|mencapai|melampaui|di atas|di bawah|kurang dari)\s*$"
)


# "cakupannya diperkirakan naik menjadi sekitar 20 persen", "cakupan Wondama naik ke kisaran 16 persen"
PROJECTED = re.compile(r"\b(diperkirakan|akan|bakal)\b[^.,]{0,40}\b(naik|menjadi|mencapai|ke)\b[^.,]{0,15}$|\bnaik ke( kisaran| sekitar)?\s*$")


def percent_type(around: Surroundings) -> str | None:
    """A coverage share or target; growth, and shares of other things (contributions, claims), are none."""
    target = re.search(cues().target, around.sentence_before)
    if target and not SETTLED.search(around.sentence_before[target.end() :]) or re.search(cues().target, around.clause):
        return "coverage_target"
    if is_aimed_for(around):
        return "coverage_target"
    near = around.near.replace("kalau", "") if CONTRASTIVE.search(around.before) else around.near
    negative = (
        re.search(r"\bbelum\b|\btidak\b", BECAUSE.split(around.following)[0])
        or GROWTH.search(around.before)
        or re.search(cues().rate_negative, near)
        or re.search(cues().not_a_fact + r"|iuran", around.near)
        or re.search(r"dari upah|persen upah|dari total klaim|nilai klaim|dihitung dari|nilai kontrak", around.sentence)
        or SHARE_OF_OTHERS.match(around.after)
        or INFORMAL_SHARE.search(around.following) and not re.search(r"terlindungi|terdaftar|peserta", around.following)
        or INFORMAL_BEFORE.search(around.sentence_before)
        or EMPLOYERS_SHARE.match(around.following)
        or THRESHOLD.search(around.before)
        or GENERIC_THRESHOLD.search(around.sentence_before)
        or PROJECTED.search(around.before)
    )
    return None if negative else "coverage_rate"


HEIR_SHARE = re.compile(r"ahli waris (pertama|kedua|ketiga|keempat)|ahli waris[^.,]{0,60}\bmenerima\s*$")
TOTAL_BEFORE = re.compile(r"\btotal(nya)?\b[^.]{0,60}$")  # "santunan ... dengan total Rp126 juta": a sum, not a size


EACH_BEFORE = re.compile(
    r"\b(masing-masing|setiap|tiap|per (orang|peserta|ahli waris|anak))\b[^.,]{0,40}$"  # "masing-masing menerima JKM Rp42 juta"
    r"|\b(maksimal|maksimum|paling banyak|bisa sampai|hingga|sampai)\s*$"  # "nilainya bisa sampai Rp174 juta"
)
EACH_AFTER = re.compile(r"(per |/)(orang|peserta|ahli waris|anak|bulan|kasus)|(untuk|bagi) (setiap|tiap|masing-masing)|masing-masing")
COUNTED_RECIPIENTS = re.compile(
    r"\b(\d[\d.,]*|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|\w+ belas|\w+ puluh)\s+"
    r"(ahli waris|peserta|orang|pekerja|nelayan|petani|anak|kasus|korban|penerima|keluarga|almarhum|lainnya)\b"
)


def is_benefit_size(quantity: Quantity, around: Surroundings) -> bool:
    """``santunan kematian Rp42 juta``, ``masing-masing Rp42 juta``: what one person gets, not a
    total paid to the heirs counted before it (``santunan JKM kepada ahli waris 11 peserta
    dengan nilai Rp462 juta``, ``totalnya Rp280 juta``)."""
    if quantity.value >= 5e8 or not re.search(cues().per_person, around.sentence):
        return False
    if EACH_BEFORE.search(around.before) or EACH_AFTER.match(around.after):
        return True
    if HANDED_OVER.search(around.sentence) and first_cue(around.sentence_before, cues().programs) == "JKK":
        return False  # an accident benefit depends on the case: "menyerahkan santunan JKK sebesar Rp 186,5 juta kepada ..."
    return not (TOTAL_BEFORE.search(around.before) or COUNTED_RECIPIENTS.search(around.sentence_before))


HANDED_OVER = re.compile(r"\b(menyerahkan|diserahkan|membayarkan|dibayarkan)\b")


def money_type(doc: Doc, span: Span, quantity: Quantity, around: Surroundings) -> str | None:
    """Benefits paid are claim amounts; contributions and per-person benefit sizes are none."""
    if is_benefit_size(quantity, around) or re.search(r"iuran", around.window + " " + around.sentence_before):
        return None
    if HEIR_SHARE.search(around.sentence_before) and not TOTAL_BEFORE.search(around.before):
        return None  # "Ahli waris pertama menerima Rp612 juta": one heir's share, not benefits paid
    nearby = around.sentence + " " + around.previous_sentence
    named_claim = re.search(cues().claim, nearby) and (
        first_cue(around.item, cues().programs) or first_cue(around.sentence_before, cues().programs)
    )
    summed = SUMMED.search(around.before) and first_cue(text_before(doc, span, 200), cues().programs)
    return "claim_amount" if re.search(cues().claim, around.sentence) or named_claim or summed else None


SUMMED = re.compile(r"\b(jumlah seluruhnya|seluruhnya|dijumlah(kan)?|ditotal)\b[^.]{0,25}$")  # "Jumlah seluruhnya Rp 49,4 miliar" after a list


WORKFORCE_REST = re.compile(r"[^.]*?,?\s*yang (sudah |baru |telah )?(terlindungi|terdaftar|menjadi peserta)")
WORKFORCE_DARI = re.compile(
    r"(?<!terdiri )(?<!naik )(?<!meningkat )(?<!bertambah )(?<!turun )(?<!lebih )(?<!kurang )"
    r"\bdari\s*(total\s*|(perkiraan\s*)?sekitar\s*|perkiraan\s*|kisaran\s*|kurang lebih\s*|lebih( dari)?\s*|jumlah\s*)?$"
)
GROWTH_FROM = re.compile(rf"\b({CHANGE_VERBS})\b[^,.]{{0,25}}\bdari\s*$")
PROGRAMME_AFTER = re.compile(
    r"(jaminan|program|manfaat)? ?(jkk|jkm|jht|jp|jkp|kecelakaan|kematian|hari tua|pensiun|kehilangan|beasiswa)\b"
)


def table_column(doc: Doc, span: Span) -> str | None:
    """What a figure counts in a table written with ``|``: its column's header (``Wilayah |
    Peserta aktif | Cakupan`` over ``Kota Bandung | 612.880 | 48,72%``), or its row's first
    cell under a header of years."""
    text = doc_text(doc)
    start, end = line_bounds(text, span.start_char)
    if text.count("|", start, end) < 2:
        return None
    header_start = start
    while header_start > 0:
        previous_start, _ = line_bounds(text, header_start - 1)
        if text.count("|", previous_start, header_start - 1) < 2:
            break
        header_start = previous_start
    if header_start == start:
        return None
    column = text.count("|", start, span.start_char)
    header = text[header_start : line_bounds(text, header_start)[1]].split("|")
    row_label = text[start : text.find("|", start)]
    # a table of years (``Indikator | 2023 | 2024``) names what it counts at the start of each row
    label = header[column] if column < len(header) and not re.search(r"\d", header[column]) else row_label
    return label.strip().lower()


TABLE_COLUMNS = (
    ("kasus|klaim|penerima", "claim_cases"),
    ("peserta", "participants"),
    ("perusahaan|pemberi kerja|badan usaha", "employers"),
    ("angkatan kerja|jumlah pekerja|penduduk bekerja", "workforce"),
)


def count_type(doc: Doc, span: Span, around: Surroundings) -> str | None:
    """What a count counts: claims, employers, the workforce (a denominator) or participants."""
    c = cues()
    column = table_column(doc, span)
    typed = next((kind for pattern, kind in TABLE_COLUMNS if column and re.search(pattern, column)), None)
    if typed is not None:
        return typed
    if line_label_program(doc, span) not in (None, "TOTAL") and PAID.search(text_before(doc, span, 300)):
        return "claim_cases"  # "• JKP: 59 peserta, Rp436,5 juta" in a list of claims paid
    if re.match(
        r"(tahun|bulan|hari|provinsi|kabupaten|kota|kecamatan|desa|kelurahan|gampong|kampung|nagari|pekon|tiyuh|lembang|dusun|jorong|program|cabang|kantor|unit|kali|persen|jiwa"
        r"|pengaduan|aduan|laporan|jenazah|paket|proyek|pelatihan|daerah|tenant|agen|ton|kg|kilogram|hektare|ha|ekor|liter|meter)\b",
        around.after,
    ) and not (around.after.startswith("jiwa") and is_workforce(around)):
        return None  # not people, or people of a population ("500 ribu jiwa"), not all workers ("total pekerja ... 154.186 jiwa")
    if PLANNED.search(around.sentence_before) or COUNT_GROWTH.search(around.before) or QUOTA.search(around.before):
        return None  # a budget for N workers; an increase by N; a quota
    left = NOT_ENROLMENT.search(around.following + " " + around.before) and not ENROLLED.search(around.following)
    if HYPOTHETICAL.search(around.sentence_before) or left:
        return None  # "Kalau 11 kabupaten/kota masing-masing menanggung 5.000 orang"; migrants leaving; jobs created
    if re.search(r"menunggak|tunggakan", around.following):
        return None  # companies in arrears
    if around.after.startswith(c.case_nouns) and not around.after.startswith(c.person_nouns) or (
        re.search(r"\bkasus\b|\bklaim\b", around.clause) and not around.after.startswith(c.person_nouns)
    ):
        return "claim_cases"
    if PROGRAMME_AFTER.match(around.after) and re.search(
        r"\bkasus\b|\bklaim\b", text_of(doc, max(0, sentence_bounds(doc, span)[0] - 40), sentence_bounds(doc, span)[1])
    ):
        return "claim_cases"
    if around.after.startswith(c.employer_nouns) or (
        re.search(c.employer, around.before) and not around.after.startswith(c.person_nouns)
    ):
        return "employers"
    paid = re.search(
        r"klaim|beasiswa|santunan|manfaat|dibayarkan|membayar|disalurkan|menyalurkan|dicairkan|\bjk[kmp]\b|\bjht\b"
        r"|kehilangan pekerjaan|kecelakaan kerja|jaminan kematian|hari tua|jaminan pensiun",
        around.sentence,
    )
    if (
        around.after.startswith(c.person_nouns)
        and paid
        and re.search(
            r"(kepada|bagi|untuk|diterima|menerima|penerima|ahli waris|oleh|dicairkan|dibayarkan|dinikmati|dimanfaatkan)( dari)?\s*$",
            around.before,
        )
        and not re.search(r"\biuran\b", around.sentence_before)
    ):
        return "claim_cases"  # recipients of a benefit
    if around.after.startswith(c.person_nouns) and RECEIVED.search(around.following):
        return "claim_cases"  # "186 peserta yang terkena PHK menerima manfaat JKP"
    if DIED.match(around.following) and BENEFIT_CONTEXT.search(paragraph_text(doc, span)) and not AMONG.search(around.sentence_before):
        return "claim_cases"  # "ada enam pecalang yang meninggal dunia, ahli warisnya ..."
    if re.search(r"penerima (manfaat|beasiswa|santunan|jkp|jht|jkm|jkk|jp)(nya)?\b", around.before) or re.search(
        r"\bjumlah penerima (itu|tersebut)\b", around.sentence_before
    ):
        return "claim_cases"
    if is_workforce(around):
        return "workforce"
    aimed = re.search(r"\b(menargetkan|targetkan|ditargetkan)\b", around.sentence_before)
    if aimed and not SETTLED_NOW.search(around.sentence_before[aimed.end() :]) or re.search(
        r"\b(akan|menargetkan|target|ditargetkan|rencana|berencana|alokasikan|menyiapkan pendaftaran|usulkan|diusulkan)\b[^.,]{0,50}$",
        around.before,
    ):
        return None  # a plan or a target counted in people is no fact
    if is_group_denominator(doc, span, around):
        return None
    of_total = WORKFORCE_DARI.search(around.before) and not GROWTH_FROM.search(around.before) and (
        around.other_figures or WORKFORCE_REST.match(text_of(doc, span.end, min(sentence_bounds(doc, span)[1], span.end + 8)))
    )
    if re.search(c.workforce, around.following) or (
        of_total
        and not around.after.startswith(c.case_nouns + c.employer_nouns + ("di antaranya",))
        and not re.match(r"(orang |pekerja )?peserta", around.after)
    ):
        return "workforce"
    part_noun = re.sub(r"^(di antaranya|merupakan|adalah|ialah) ", "", around.after)  # "1.200 di antaranya nelayan"
    # "terdiri atas peserta penerima upah (PU) 28,06 juta": the bracket ends the clause, not the item
    cue_text = around.item if around.before.endswith(")") else around.clause
    if part_noun.startswith(c.person_nouns) or re.search(
        r"peserta|terlindungi|terdaftar|tercatat|kepesertaan|tenaga kerja|pekerja|aparatur|penerima upah", cue_text
    ):
        return "participants"
    return None


DENOMINATOR_REST = re.compile(r"[^.]*?,\s*(baru|hanya|sebagian|yang (sudah|baru|telah))\b")
WHOLE_WORKFORCE_NOUNS = ("pekerja", "tenaga kerja", "angkatan kerja", "penduduk", "orang", "jiwa", "peserta", "karyawan", "buruh")


def is_group_denominator(doc: Doc, span: Span, around: Surroundings) -> bool:
    """``dari sekitar 4.000 ABK di daerah tersebut, baru sebagian yang terdaftar``, ``dari 8.700
    anggota HNSI di Demak, sebagian besar belum``: how many a group has, of whom some (no figure)
    enrolled; neither participants nor a place's workforce."""
    if not WORKFORCE_DARI.search(around.before) or GROWTH_FROM.search(around.before):
        return False
    end = min(sentence_bounds(doc, span)[1], span.end + 12)
    if any(metric_tokens(doc)[span.end : end]):
        return False  # "Dari sekitar 46 ribu nelayan di Babel, baru dua ribu orang ...": a denominator with its part
    rest = text_of(doc, span.end, end)
    return DENOMINATOR_REST.match(rest) is not None and not around.after.startswith(WHOLE_WORKFORCE_NOUNS)


WORKFORCE_BEFORE = (
    re.compile(r"angkatan kerja(nya| kita| kami)?( yang)?( sebanyak| sekitar| mencapai| berjumlah)?\s*$"),
    re.compile(r"\bpekerja\b[^,.]{0,30}\byang jumlahnya( sekitar| mencapai| lebih dari)?\s*$"),
)
WORKFORCE_SENTENCE = re.compile(
    r"\b((jumlah )?(angkatan kerja|penduduk (yang )?bekerja)|(jumlah|total) pekerja(nya)? (di|se)\b)"
    r"(?![^,.]*\b(terdaftar|peserta|terlindungi|dilindungi|didaftarkan|aktif)\b)[^,.]{0,60}$"
)
OWNED_WORKERS = re.compile(r"\b(punya|memiliki)( sekitar| lebih dari| kurang lebih)?\s*$")


def is_workforce(around: Surroundings) -> bool:
    """A count of all the workers of a place (``angkatan kerja kita yang sekitar 760 ribu orang``,
    ``jumlah pekerja di provinsi itu sekitar 610 ribu orang``, ``Bojonegoro punya sekitar 597 ribu
    pekerja``), not of those enrolled."""
    if any(pattern.search(around.before) for pattern in WORKFORCE_BEFORE) or WORKFORCE_SENTENCE.search(around.sentence_before):
        return True
    return bool(OWNED_WORKERS.search(around.before)) and around.after.startswith(("pekerja", "tenaga kerja")) and not ENROLLED.search(around.clause)


AMONG = re.compile(r"\btermasuk\b|\bdari\b[^.]{0,25}\bkasus\b|\bkasus (itu|tersebut)\b")  # deaths among the cases counted
DIED = re.compile(r"[^,.;]{0,45}\b(meninggal|wafat|tewas|gugur)\b")
BENEFIT_CONTEXT = re.compile(r"santunan|ahli waris|\bjkm\b|jaminan kematian|klaim|\bpeserta\b|terdaftar")


def paragraph_text(doc: Doc, span: Span) -> str:
    start, end = paragraph_bounds(doc, span)
    return doc_text(doc)[start:end].lower()


RECEIVED = re.compile(
    r"\b(menerima|terima|mendapat|mendapatkan|mencairkan|memperoleh)\b( manfaat| santunan| klaim| beasiswa| uang tunai)?"
    r"( jaminan| program)? ?(jkp|jht|jkk|jkm|jp|kehilangan|hari tua|kecelakaan|kematian|pensiun|beasiswa|manfaat|santunan|klaim)"
)
IN_PROCESS = re.compile(r"masih (dalam )?(proses|diproses)|sedang (kami )?(dalam )?(proses|diproses)|belum dibayarkan")
OTHER_STATISTICS = re.compile(
    r"pengangguran|\btpt\b|kemiskinan|penduduk miskin|inflasi|pertumbuhan ekonomi|imbal hasil|dana kelolaan|penempatan dana|"
    r"surat utang|obligasi|penerimaan iuran"
)
CORRECTED = re.compile(r"\bralat\b|\bsebelumnya\b[^.]{0,60}\btertulis\b")
COUNT_GROWTH = re.compile(
    rf"({CHANGE_WORDS}|tambahan)(nya)?( sebesar| sekitar| lebih dari)?\s*$"
)
HYPOTHETICAL = re.compile(
    r"\b(kalau|jika|bila|apabila|seandainya|andaikan)\b[^,.;]*\b(menanggung|mau|ingin|mampu|alokasikan|mengalokasikan|"
    r"mendaftarkan|dihitung)\b[^.;]*$"
)
NOT_ENROLMENT = re.compile(r"\b(berangkat|diberangkatkan|dipulangkan|dideportasi|serapan|menyerap|phk-?nya)\b")
ENROLLED = re.compile(r"terdaftar|didaftarkan|terlindungi|peserta")
QUOTA = re.compile(r"\bkuota(nya)?\b[^.,]{0,20}$")  # "Tahun ini kuotanya 1.120 orang untuk pelatihan"
PLANNED = re.compile(
    r"\b(menyiapkan|siapkan|mengalokasikan|dialokasikan|disiapkan|mengusulkan|diusulkan|menganggarkan|dianggarkan"
    r"|anggarkan|akan)\b[^.]{0,80}\b(untuk|bagi)\b[^.,]{0,40}$|\bminimal untuk\s*$"
    # "Tahun depan kami usulkan nelayan ikut ditanggung, jumlahnya sekitar 4.000 orang"
    r"|\b(tahun depan|berencana|rencananya|usulkan|diusulkan|mengusulkan)\b[^.]{0,100}$"
)


def is_ruled_out(doc: Doc, span: Span) -> bool:
    """No fact whatever the words right around it say (not even as the next item of a list):
    about another scheme or the uncovered, a corrected figure (``Ralat: ... tertulis 28.470
    orang``), another statistic (``tingkat pengangguran terbuka (TPT) Kepri sebesar 8,23 persen``),
    a figure stated before and referred back to (``Dari 614 kasus itu, tujuh pekerja meninggal``)."""
    if is_uncovered_or_other_scheme(doc, span) or refers_back(doc, span):
        return True
    sentence_start, sentence_end = sentence_bounds(doc, span)
    return bool(
        CORRECTED.search(text_of(doc, sentence_start, sentence_end))
        or OTHER_STATISTICS.search(text_of(doc, sentence_start, span.start))
        or is_other_story_link(doc, span)
    )


def refers_back(doc: Doc, span: Span) -> bool:
    lowers = token_table(doc).lowers
    after = lowers[span.end : span.end + 3]
    return span.start > 0 and lowers[span.start - 1] == "dari" and any(word in ("itu", "tersebut") for word in after)


def is_other_story_link(doc: Doc, span: Span) -> bool:
    """``Baca juga: Serapan APBD Bojonegoro Baru 38 Persen``: a link to a story about something else."""
    line = paragraph_text(doc, span)
    return line.startswith("baca juga") and not SOCIAL_SECURITY.search(line)


SOCIAL_SECURITY = re.compile(
    r"bpjs|jamsostek|jaminan sosial|kepesertaan|peserta|cakupan|klaim|santunan|iuran|jht|jkk|jkm|jkp|pekerja|nelayan|petani|honorer|perangkat"
)


def fact_type(doc: Doc, span: Span, quantity: Quantity) -> str | None:
    """The fact type a METRIC's words report, or None when they report no fact (the caller
    has already left out figures ``is_ruled_out`` names)."""
    if quantity.unit == "rank":
        return "rank"
    around = surroundings(doc, span)
    if quantity.unit == "percent":
        return percent_type(around)
    if re.search(cues().not_a_fact, around.window):
        return None
    if re.search(cues().layoff, f"{around.before} {around.window}") and not re.search(
        r"klaim|manfaat|dibayarkan|menerima (manfaat|santunan|uang|jkp)|jkp|kehilangan pekerjaan|dinikmati|dimanfaatkan", around.sentence
    ):
        return None
    looks_like_money = re.search(r"(?i)miliar|milyar|triliun", span.text) and re.search(
        r"nominal|dana|rupiah|klaim|manfaat|dibayarkan|disalurkan", around.sentence
    )
    if IN_PROCESS.search(around.sentence_before) or IN_PROCESS.search(around.following):
        return None  # "klaim JHT yang masih dalam proses verifikasi ... sebanyak 126 berkas", "42 berkas ... yang sedang diproses"
    if quantity.unit == "IDR" or looks_like_money:
        return money_type(doc, span, quantity, around)
    return count_type(doc, span, around)


MINIMUM_HEADCOUNT = 20  # fewer participants, workers or employers are people in a story, not a headcount


def fact_value(quantity: Quantity, kind: str) -> float:
    value = (
        count_value(quantity)
        if kind in ("participants", "workforce", "claim_cases", "employers", "rank")
        else quantity.value
    )
    return int(value) if float(value).is_integer() else round(value, 4)


def qualifier(doc: Doc, span: Span) -> str | None:
    before = doc_text(doc)[max(0, span.start_char - 25) : span.start_char].lower()
    return first_cue(before, cues().qualifiers)


SEGMENT_STOPS = {"dan", "serta", "sedangkan", "dengan", "karena", "sebab", "lantaran", "akibat"}


def segment(doc: Doc, span: Span) -> str | None:
    """The segment cue right after the figure (up to the next figure or ``dan``), else the
    closest one before it in its clause."""
    _, end = clause_bounds(doc, span)
    lowers = token_table(doc).lowers
    stop = next((i for i in range(span.end, end) if lowers[i] in SEGMENT_STOPS), end)
    after, before = text_of(doc, span.end, stop), text_of(doc, sentence_bounds(doc, span)[0], span.start)
    any_segment = cues().any_segment  # most texts name no segment: one search instead of one per pattern
    found = first_cue(after, cues().segments) if any_segment.search(after) else None
    if found:
        return found
    return last_cue(before, cues().segments)[1] if any_segment.search(before) else None


UNCOVERED = r"belum (ter)?lindungi|belum terlindungi|belum terdaftar|belum didaftarkan|belum menjadi peserta|belum ter(cover|jangkau)|belum memiliki (perlindungan|jaminan)|tidak terlindungi|tanpa perlindungan|masih rentan"
LIST_BREAKS = {",", ";", ".", "dan", "serta", "sedangkan", "sementara"}
TOTAL_WORDS = re.compile(r"\btotal\b|seluruh program|keseluruhan|semua program|jumlah seluruhnya|\bdijumlah")


def is_list_break(word: str) -> bool:
    """A comma, ``dan`` and the like, or a line break (bulleted lists)."""
    return word in LIST_BREAKS or "\n" in word


def list_item(doc: Doc, span: Span) -> tuple[int, int]:
    """The list item holding a figure: between commas, ``dan`` / ``serta`` and sentence ends
    (parentheses do not break it: ``jaminan kematian (JKM) 1.236 kasus senilai Rp52,3 miliar``)."""
    lowers = token_table(doc).lowers
    sentence_start, sentence_end = sentence_bounds(doc, span)
    start = span.start
    while start > sentence_start and not is_list_break(lowers[start - 1]):
        start -= 1
    end = span.end
    while end < sentence_end and not is_list_break(lowers[end]):
        end += 1
    return start, end


def last_cue(text: str, patterns: Iterable[tuple[re.Pattern, str]]) -> tuple[int, str | None]:
    """The cue that ends last in ``text`` (the one closest to what follows) and where it ends."""
    matches = [(m.end(), value) for pattern, value in patterns for m in pattern.finditer(text)]
    return max(matches) if matches else (-1, None)


RESPECTIVELY = ("masing-masing", "berturut-turut")


def respective_figures(doc: Doc, span: Span) -> tuple[int, list[Span]] | None:
    """For a figure after ``masing-masing``: the marker's token and the figures of the same
    unit from it to the next marker (or the sentence end), in order."""
    lowers = token_table(doc).lowers
    sentence_start, sentence_end = sentence_bounds(doc, span)
    markers = [i for i in range(sentence_start, sentence_end) if lowers[i] in RESPECTIVELY]
    before = [i for i in markers if i < span.start]
    if not before:
        return None
    marker = before[-1]
    stop = next((i for i in markers if i > span.start), sentence_end)
    unit = unit_of(span)
    figures = [e for e in doc.ents if e.label_ == "METRIC" and marker < e.start < stop and unit_of(e) == unit]
    return (marker, figures) if span in figures else None


def unit_of(span: Span) -> str | None:
    quantity = parse_quantity(span.text)
    return quantity.unit if quantity else None


def respective_program(doc: Doc, span: Span) -> str | None:
    """``klaim JKK, JKM dan JHT ... masing-masing 1.127, 143 dan 3.906 kasus``: the i-th figure
    after ``masing-masing`` belongs to the i-th programme named before it."""
    found = respective_figures(doc, span)
    if found is None:
        return None
    marker, figures = found
    named_text = text_of(doc, sentence_bounds(doc, span)[0], marker)
    matches = sorted((m.start(), value) for pattern, value in cues().programs for m in pattern.finditer(named_text))
    named = list(dict.fromkeys(value for _, value in matches))
    return named[figures.index(span)] if len(named) >= 2 and len(named) == len(figures) else None


def sums_programmes(doc: Doc, span: Span, item_start: int, before: str, cue_end: int, total_at: int) -> bool:
    """Whether ``total`` after a programme's name sums several programmes or figures
    (``JKK Rp3 miliar dan JKM Rp1 miliar, total Rp4 miliar``) rather than totalling the one
    named (``santunan kematian total Rp84 juta``, ``JKM kepada 47 ahli waris dengan total ...``)."""
    named = {value for pattern, value in cues().programs if pattern.search(before)}
    base, unit = token_table(doc).starts[item_start], unit_of(span)
    between = [
        e for e in doc.ents if e.label_ == "METRIC" and base + cue_end <= e.start_char < base + total_at and unit_of(e) == unit
    ]
    return len(named) > 1 or bool(between)


def text_before(doc: Doc, span: Span, characters: int) -> str:
    return doc_text(doc)[max(0, span.start_char - characters) : span.start_char].lower()


PAID = re.compile(r"klaim|dibayarkan|membayarkan|manfaat|santunan|penerima")
LABELLED_LINE = re.compile(r"^\s*([-•*–]|\d+[.)])\s|^[^|\n]*\|[^|\n]*\||^\s*[a-z][\w ]{0,40}?\s*[:=]")


def line_label_program(doc: Doc, span: Span) -> str | None:
    """The programme (or total) a bullet, table row or ``label :`` line names before the figure
    (``• JKK: 86 kasus, Rp2,17 miliar``, ``JHT | 6.412 | Rp 97,4 miliar``, ``Total | 22.871 kasus``)."""
    text = doc_text(doc)
    start, end = line_bounds(text, span.start_char)
    line = text[start:end].lower()
    if not LABELLED_LINE.match(line):
        return None
    before = text[start : span.start_char].lower()
    found = last_cue(before, cues().programs)[1]
    return found or ("TOTAL" if TOTAL_WORDS.search(before) else None)


def program(doc: Doc, span: Span) -> str:
    """The programme named closest before the figure in its list item, else after it in the
    item, else in its sentence or the one before; ``total`` or nothing means TOTAL."""
    respective = respective_program(doc, span)
    if respective is not None:
        return respective
    labelled = line_label_program(doc, span)
    if labelled is not None:
        return labelled
    start, end = list_item(doc, span)
    before, after = text_of(doc, start, span.start), text_of(doc, span.end, end)
    position, found = last_cue(before, cues().programs)
    total = [m.start() for m in TOTAL_WORDS.finditer(before)]
    if found and not (total and total[-1] >= position and sums_programmes(doc, span, start, before, position, total[-1])):
        return found
    found = first_cue(after, cues().programs)
    if found:
        return found
    earlier = first_cue(previous_sentence_text(doc, span), cues().programs)
    if total:  # "Total nominalnya ..." right after a sentence on one programme sums that programme
        return earlier if earlier and re.search(r"\btotal\w*nya\b|\bnominalnya\b", before) else "TOTAL"
    return first_cue(text_of(doc, *sentence_bounds(doc, span)), cues().programs) or earlier or "TOTAL"
