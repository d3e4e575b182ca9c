"""EntityRuler patterns built from data, and the rule components that refine its spans.

Pattern families, one function each (data from configs/ and the gazetteer):

* ``region_patterns``: provinces, regencies and cities with and without their prefix,
  aliases and abbreviations (``Sulteng``, ``DIY``), office areas (``Sulawesi Maluku``);
* ``organisation_patterns``: organisations and their acronyms;
* ``metric_patterns``: numbers with currency, magnitude and percent; word numbers; ranks;
* ``date_patterns``: numeric dates, day-month-year, months, periods, years, weekdays.

Token patterns are written for Stanza's tokenisation and its likely variants (a token
with punctuation is also matched split at the punctuation), so no tokenizer runs when
the patterns are loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.dates import MONTHS, WEEKDAYS
from pipeline.gazetteer import regions
from pipeline.numbers import MAGNITUDES, RANK_WORDS, TEENS, UNITS
from pipeline.tokenize import token_table

PATTERN_DIR = Path(__file__).resolve().parent.parent / "configs" / "patterns"
Pattern = dict


def read_list(name: str) -> list[str]:
    """Non-comment lines of ``configs/patterns/<name>``."""
    lines = (PATTERN_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@cache
def word_set(name: str, every_word: bool = False, strip_dot: bool = False) -> frozenset[str]:
    """Lower-cased entries of ``configs/patterns/<name>`` (or every word of them), optionally
    without a final dot (``Hj.`` is matched as ``hj``: Stanza splits the dot off)."""
    entries = read_list(name)
    words = [w for line in entries for w in line.split()] if every_word else entries
    return frozenset(w.lower().rstrip(".") if strip_dot else w.lower() for w in words)


def split_tokens(phrase: str, split_punct: bool) -> list[str]:
    """Whitespace tokens, or also punctuation split off (``Kab.`` -> ``Kab`` ``.``)."""
    if not split_punct:
        return phrase.split()
    return re.findall(r"\w+|[^\w\s]", phrase)


def phrase_variants(phrase: str, attr: str) -> Iterator[list[dict]]:
    """Token patterns for a phrase, once with and once without punctuation split off."""
    seen = set()
    for split in (False, True):
        tokens = split_tokens(phrase, split)
        value = tuple(t.lower() if attr == "LOWER" else t for t in tokens)
        if value not in seen:
            seen.add(value)
            yield [{attr: v} for v in value]


def phrase_patterns(label: str, phrase: str, attr: str, pattern_id: str) -> list[Pattern]:
    return [{"label": label, "pattern": p, "id": pattern_id} for p in phrase_variants(phrase, attr)]


def bare_name_variants(name: str) -> list[str]:
    """A bare region name as written in news: as in the gazetteer, in capitals, and a
    two-word name written as one (``Pangkalpinang``)."""
    variants = {name, name.upper()}
    words = name.split()
    if len(words) == 2:
        joined = words[0] + words[1].lower()
        variants |= {joined, joined.upper()}
    return sorted(variants)


def region_patterns() -> list[Pattern]:
    """Gazetteer regions (levels 1-2) with prefixes, bare names, and aliases."""
    from pipeline.regions import alias_index

    patterns: list[Pattern] = []
    prefixes = {
        "provinsi": ("Provinsi", "Prov.", "Propinsi"),
        "kabupaten": ("Kabupaten", "Kab.", "Kab"),
        "kota": ("Kota", "Kotamadya"),
    }
    for region in regions().values():
        if region.level > 2:
            continue
        for prefix in prefixes[region.kind]:
            patterns += phrase_patterns("REGION", f"{prefix} {region.name}", "LOWER", f"region:{region.code}")
        for variant in bare_name_variants(region.name):
            patterns += phrase_patterns("REGION", variant, "ORTH", f"region:{region.code}")
            if variant != region.name and " " not in variant and not variant.isupper():
                patterns += phrase_patterns(
                    "REGION", f"{prefixes[region.kind][0]} {variant}", "LOWER", f"region:{region.code}"
                )
    for alias, ref in alias_index().items():
        if alias == "nasional":
            continue
        written = next(a for a in alias_lines() if a.lower() == alias or re.sub(r"[\s\-–]+", " ", a.lower()) == alias)
        for variant in bare_name_variants(written):
            patterns += phrase_patterns("REGION", variant, "ORTH", f"region:{ref.code or ref.name}")
    return patterns


@lru_cache(maxsize=1)
def alias_lines() -> tuple[str, ...]:
    from pipeline.gazetteer import GAZETTEER_DIR

    rows = (GAZETTEER_DIR / "aliases.csv").read_text(encoding="utf-8").splitlines()[1:]
    return tuple(row.split(",")[0] for row in rows if row)


def organisation_patterns() -> list[Pattern]:
    """Organisations from configs/patterns/organisations.txt."""
    patterns: list[Pattern] = []
    for line in read_list("organisations.txt"):
        exact = line.startswith("case:")
        name = line[5:] if exact else line
        patterns += phrase_patterns("ORG", name, "ORTH" if exact else "LOWER", "org")
    return patterns


NUMBER = r"^(?!(?:19|20)\d\d$)\d+(?:[.,]\d+)*%?$"  # a bare year is a DATE, never a METRIC
MONEY_NUMBER = r"^(?:[Rr][Pp]|IDR)\.?\d+(?:[.,]\d+)*$"
NUMBER_WORDS = sorted(
    {
        *UNITS,
        *TEENS,
        "belas",
        "puluh",
        "ratus",
        "seratus",
        "seribu",
        "ribu",
        "juta",
        "sejuta",
        "miliar",
        "milyar",
        "triliun",
    }
    - {"se"}
)
FIRST_NUMBER_WORDS = sorted(
    set(NUMBER_WORDS) - {"belas", "puluh", "ratus", "ribu", "juta", "miliar", "milyar", "triliun", "satu"}
)
ORDINALS = r"^(?:ke-?)?(?:\d+|pertama|kesatu|kedua|ketiga|keempat|kelima|keenam|ketujuh|kedelapan|kesembilan|kesepuluh|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas)$"


def metric_patterns() -> list[Pattern]:
    """Numbers with currency, magnitude and percent; word numbers; rank expressions."""
    currency = {"LOWER": {"IN": ["rp", "rp.", "idr"]}}
    magnitude = {"LOWER": {"IN": sorted(k for k in MAGNITUDES if len(k) > 1) + ["m", "t"]}, "OP": "?"}
    percent = {"LOWER": {"IN": ["persen", "%", "pct"]}, "OP": "?"}
    number = {"TEXT": {"REGEX": NUMBER}}
    rank_word = {"LOWER": {"IN": list(RANK_WORDS)}}
    ordinal = {"LOWER": {"REGEX": ORDINALS}}
    shapes = [
        [{**currency, "OP": "?"}, number, magnitude, percent],
        [{"LOWER": "rp"}, {"ORTH": "."}, number, magnitude],  # "Rp. 27.845.120.500" split as "Rp" "."
        [{"TEXT": {"REGEX": MONEY_NUMBER}}, magnitude],
        # broken spacing: "Rp2, 135 triliun"
        [
            currency,
            {"TEXT": {"REGEX": r"^\d+,?$"}},
            {"ORTH": ",", "OP": "?"},
            {"TEXT": {"REGEX": r"^\d+$"}},
            {"LOWER": {"IN": sorted(k for k in MAGNITUDES if len(k) > 1)}},
        ],
        [{"LOWER": {"IN": FIRST_NUMBER_WORDS}}, {"LOWER": {"IN": NUMBER_WORDS}, "OP": "*"}, percent],
        [{"LOWER": "satu"}, {"LOWER": {"IN": ["juta", "miliar", "milyar", "triliun"]}}],
        [rank_word, {"LOWER": "ke", "OP": "?"}, {"ORTH": "-", "OP": "?"}, ordinal],
    ]
    return [{"label": "METRIC", "pattern": shape, "id": "metric"} for shape in shapes]


def date_patterns() -> list[Pattern]:
    """Numeric dates, day-month-year, months, periods, years and weekdays."""
    weekday = {"LOWER": {"IN": sorted(WEEKDAYS)}, "IS_TITLE": True}
    month = {"LOWER": {"IN": sorted(MONTHS)}}
    month_range = {"LOWER": {"REGEX": rf"^({'|'.join(MONTHS)})[-–]({'|'.join(MONTHS)})$"}}
    numeric = {"TEXT": {"REGEX": r"^\(?\d{1,2}/\d{1,2}(/\d{2,4})?\)?$"}}
    # Stanza sometimes splits "31/10/2023" as "31/10/" + "2023" or "31/10" + "/2023"
    numeric_head = {"TEXT": {"REGEX": r"^\(?\d{1,2}/\d{1,2}/?$"}}
    numeric_tail = {"TEXT": {"REGEX": r"^/?(\d{2}|\d{4})\)?$"}}
    day = {"TEXT": {"REGEX": r"^\d{1,2}$"}}
    year = {"TEXT": {"REGEX": r"^(19|20)\d\d$"}}
    dash = {"LOWER": {"IN": ["-", "–", "—", "s.d.", "s/d", "sampai", "hingga"]}}
    comma = {"ORTH": ",", "OP": "?"}
    shapes = [
        [weekday, comma, {"ORTH": "(", "OP": "?"}, numeric, {"ORTH": ")", "OP": "?"}],
        [
            weekday,
            comma,
            {"ORTH": "(", "OP": "?"},
            numeric_head,
            {"ORTH": "/", "OP": "?"},
            numeric_tail,
            {"ORTH": ")", "OP": "?"},
        ],
        [{"ORTH": "("}, numeric, {"ORTH": ")"}],
        [{"ORTH": "("}, numeric_head, {"ORTH": "/", "OP": "?"}, numeric_tail, {"ORTH": ")"}],
        [numeric],
        [weekday, comma, day, month, year],
        [day, month, {**year, "OP": "?"}],
        [month, year],
        [month, dash, month, year],
        [month, year, dash, month, year],
        [month_range, year],
        [{"LOWER": "tahun"}, year],
        [
            {"LOWER": {"IN": ["awal", "akhir", "pertengahan", "penghujung", "medio"]}},
            {"LOWER": "tahun", "OP": "?"},
            year,
        ],
        [
            {"LOWER": {"IN": ["awal", "akhir", "pertengahan", "penghujung", "medio"]}},
            {"LOWER": "bulan", "OP": "?"},
            month,
            year,
        ],
        [
            {"LOWER": {"IN": ["semester", "triwulan", "kuartal"]}},
            {"LOWER": {"REGEX": r"^(i|ii|iii|iv|[1-4]|pertama|kedua|ketiga|keempat)$"}},
            {"LOWER": "tahun", "OP": "?"},
            year,
        ],
        [year],
        [weekday],
    ]
    return [{"label": "DATE", "pattern": shape, "id": "date"} for shape in shapes]


def all_patterns() -> list[Pattern]:
    return region_patterns() + organisation_patterns() + metric_patterns() + date_patterns()


def exact_words(pattern: list[dict]) -> tuple[str, list[str]] | None:
    """``("LOWER", words)`` when every token of a pattern is one exact LOWER (or ORTH) value."""
    attrs = {key for token in pattern for key in token}
    if len(attrs) != 1 or not all(len(token) == 1 for token in pattern):
        return None
    attr = attrs.pop()
    values = [token[attr] for token in pattern]
    if attr not in ("LOWER", "ORTH") or not all(isinstance(v, str) for v in values):
        return None
    return attr, values


WORD_SEPARATOR = "\x1f"  # joins a phrase pattern's words; the words tokenizer splits on it


def ruler_patterns(patterns: list[Pattern]) -> list[Pattern]:
    """EntityRuler patterns: exact-word patterns as lower-case phrase patterns (a PhraseMatcher
    looks them up in a table; the token Matcher would try each of the ~4,000 at every token);
    case-sensitive ones are checked by ``listed_entities`` afterwards. Number and date shapes
    stay token patterns."""
    converted: list[Pattern] = []
    for entry in patterns:
        exact = exact_words(entry["pattern"])
        words = exact[1] if exact else None
        converted.append({**entry, "pattern": WORD_SEPARATOR.join(w.lower() for w in words)} if words else entry)
    return converted


FIRST_FREE_FLAG = 20  # spaCy's own lexical flags (IS_ALPHA ... IS_CURRENCY) use bits 1-18
LEXICAL_PREDICATES = ("REGEX", "IN")


def flag_getter(attr: str, operator: str, value: str | list[str]) -> Callable[[str], bool]:
    """``f(word) -> bool`` for a ``{attr: {operator: value}}`` predicate on a word's text."""
    read = str.lower if attr == "LOWER" else str
    if operator == "REGEX":
        regex = re.compile(value)
        return lambda word: regex.search(read(word)) is not None
    members = frozenset(value)
    return lambda word: read(word) in members


def with_lexical_flags(patterns: list[Pattern], vocab) -> list[Pattern]:
    """Token patterns whose ``REGEX`` and ``IN`` predicates on a word's text are lexical
    flags: spaCy's Matcher calls a Python predicate at every token for every pattern that
    may start there (a quarter of a second per 45,000 tokens here), while a flag is computed
    once per word type and checked in C. Same matches."""
    flags: dict[tuple[str, str, str], int] = {}
    free = (bit for bit in range(FIRST_FREE_FLAG, 64) if bit not in vocab.lex_attr_getters)

    def flag(attr: str, operator: str, value) -> int:
        key = (attr, operator, repr(value))
        if key not in flags:
            bit = next(free, None)
            if bit is None:
                raise ValueError("no free lexical flag left for the EntityRuler's token patterns")
            flags[key] = vocab.add_flag(flag_getter(attr, operator, value), flag_id=bit)
        return flags[key]

    def compiled(spec: dict) -> dict:
        out: dict = {}
        for attr, value in spec.items():
            name = "ORTH" if attr == "TEXT" else attr
            if name in ("ORTH", "LOWER") and isinstance(value, dict) and len(value) == 1:
                operator, argument = next(iter(value.items()))
                if operator in LEXICAL_PREDICATES:
                    out[flag(name, operator, argument)] = True
                    continue
            out[attr] = value
        return out

    return [
        {**entry, "pattern": [compiled(spec) for spec in entry["pattern"]]} if isinstance(entry["pattern"], list) else entry
        for entry in patterns
    ]


Words = tuple[str, ...]


@lru_cache(maxsize=1)
def listed_forms() -> tuple[dict[Words, str], dict[Words, str]]:
    """Exact-word patterns and their labels: case-sensitive ones as written, the others lower-cased."""
    cased: dict[Words, str] = {}
    lowered: dict[Words, str] = {}
    for entry in all_patterns():
        exact = exact_words(entry["pattern"])
        if exact is not None:
            attr, words = exact
            if attr == "ORTH":
                cased.setdefault(tuple(words), entry["label"])
            else:
                lowered.setdefault(tuple(w.lower() for w in words), entry["label"])
    return cased, lowered


@lru_cache(maxsize=1)
def cased_keys() -> frozenset[Words]:
    return frozenset(tuple(w.lower() for w in form) for form in listed_forms()[0])


def written_as_listed(words: Words) -> bool:
    """False for a case-sensitive name matched in another case (``bone``, not ``Bone``)."""
    cased, lowered = listed_forms()
    key = tuple(w.lower() for w in words)
    return words in cased or key in lowered or key not in cased_keys()


def listed_label(words: Words) -> str | None:
    cased, lowered = listed_forms()
    return cased.get(words) or lowered.get(tuple(w.lower() for w in words))


def longest_listed_part(doc: Doc, start: int, end: int) -> tuple[int, int, str] | None:
    """The longest part of a mis-cased match that is listed as written (``di Yogyakarta``,
    matched as ``DI Yogyakarta``, holds the city ``Yogyakarta``)."""
    for length in range(end - start - 1, 0, -1):
        for i in range(start, end - length + 1):
            label = listed_label(tuple(t.text for t in doc[i : i + length]))
            if label is not None:
                return i, i + length, label
    return None


def listed_entities(doc: Doc) -> list[tuple[int, int, str]]:
    """The EntityRuler's entities as triples, case-sensitive names held to their case."""
    texts = token_table(doc).texts
    kept = []
    for ent in doc.ents:
        if written_as_listed(tuple(texts[ent.start : ent.end])):
            kept.append((ent.start, ent.end, ent.label_))
        elif (part := longest_listed_part(doc, ent.start, ent.end)) is not None:
            kept.append(part)
    return kept


class WordsTokenizer:
    """Turns a phrase pattern back into its words, so that loading the EntityRuler's phrase
    patterns runs no real tokenizer (nor fills spaCy's tokenizer cache)."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self.batch_size = 1000

    def __call__(self, text: str) -> Doc:
        return Doc(self.vocab, words=text.split(WORD_SEPARATOR))

    def pipe(self, texts, batch_size: int | None = None) -> Iterator[Doc]:
        return (self(text) for text in texts)


def add_entity_ruler(nlp: Language) -> None:
    """spaCy's EntityRuler with warta's patterns (ORTH phrase matching, overwriting entities)."""
    ruler = nlp.add_pipe(
        "entity_ruler", config={"overwrite_ents": True, "validate": False, "phrase_matcher_attr": "LOWER"}
    )
    tokenizer = nlp.tokenizer
    nlp.tokenizer = WordsTokenizer(nlp.vocab)
    try:
        ruler.add_patterns(with_lexical_flags(ruler_patterns(all_patterns()), nlp.vocab))
    finally:
        nlp.tokenizer = tokenizer
