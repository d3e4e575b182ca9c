"""Indonesian numbers, money, percentages, ranks and word numbers to values (pure functions).

>>> parse_quantity("254.675").value
254675.0
>>> parse_quantity("Rp9,7 miliar").value, parse_quantity("Rp9,7 miliar").unit
(9700000000.0, 'IDR')
>>> parse_quantity("peringkat ke enam").value
6.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

MAGNITUDES = {
    "ribu": 1e3,
    "rb": 1e3,
    "rebu": 1e3,
    "k": 1e3,
    "juta": 1e6,
    "jt": 1e6,
    "jta": 1e6,
    "miliar": 1e9,
    "milyar": 1e9,
    "milliar": 1e9,
    "m": 1e9,
    "b": 1e9,
    "billion": 1e9,
    "triliun": 1e12,
    "trilyun": 1e12,
    "t": 1e12,
    "trillion": 1e12,
}
UNITS = {
    "satu": 1,
    "se": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
TEENS = {"sepuluh": 10, "sebelas": 11}
WORD_SCALES = {
    "puluh": 10,
    "belas": 10,
    "ratus": 100,
    "ribu": 1e3,
    "juta": 1e6,
    "miliar": 1e9,
    "milyar": 1e9,
    "triliun": 1e12,
}
ORDINAL_WORDS = {"pertama": 1, "kesatu": 1}
RANK_WORDS = ("peringkat", "urutan", "ranking", "rangking", "posisi", "juara", "nomor")
PERCENT = re.compile(r"(%|\bpersen\b|\bper\s+sen\b|\bpct\b)", re.I)
MONEY = re.compile(r"^\s*(rp\.?|idr)\s*", re.I)
NUMERAL = re.compile(r"\d+(?:[.,]\s?\d+)*")


@dataclass(frozen=True)
class Quantity:
    """A parsed METRIC: its value and what it measures."""

    value: float
    unit: str  # "IDR", "percent", "rank" or "count"
    integer_reading: float | None = None  # the reading with separators as thousands marks


def digits_value(numeral: str) -> tuple[float, float | None]:
    """Value of a digit string under Indonesian rules, and its all-thousands reading if it differs.

    ``254.675`` -> 254675; ``54,61`` -> 54.61; ``1.234,5`` -> 1234.5; ``27,703`` -> 27.703
    with 27703 as the alternative (English thousands); ``486.24`` -> 486.24 (English decimal);
    ``1.217`` is 1217 before a magnitude word too (``Rp1.217 miliar``: 1,217 billion).
    """
    numeral = re.sub(r"([.,])\s+", r"\1", numeral.strip())
    if "." in numeral and "," in numeral:
        decimal = "," if numeral.rfind(",") > numeral.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _, fraction = numeral.rpartition(decimal)
        return float(whole.replace(thousands, "") + "." + fraction), None
    separator = "." if "." in numeral else "," if "," in numeral else None
    if separator is None:
        return float(numeral), None
    groups = numeral.split(separator)
    all_thousands = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    joined = float("".join(groups))
    if len(groups) > 2:
        return (joined, None) if all_thousands else (float("".join(groups[:-1]) + "." + groups[-1]), None)
    if separator == "." and all_thousands:
        return joined, None  # "Rp3.061 triliun" is 3,061 trillion, as Indonesian writes it
    decimal = float(groups[0] + "." + groups[1])
    return decimal, (joined if all_thousands else None)


def words_value(words: list[str]) -> float | None:
    """``dua ribu`` -> 2000, ``seratus dua puluh lima`` -> 125, ``enam`` -> 6; None if not a number."""
    total = below_thousand = unit = 0.0
    for word in words:
        if word.startswith("se") and word[2:] in WORD_SCALES and word[2:] not in ("belas", "puluh"):
            word, unit = word[2:], 1.0
        if word in UNITS:
            unit += UNITS[word]
        elif word in TEENS:
            below_thousand += TEENS[word]
        elif word == "belas":
            below_thousand, unit = below_thousand + unit + 10, 0.0
        elif word in ("puluh", "ratus"):
            below_thousand, unit = below_thousand + (unit or 1) * WORD_SCALES[word], 0.0
        elif word in WORD_SCALES:
            total, below_thousand, unit = total + ((below_thousand + unit) or 1) * WORD_SCALES[word], 0.0, 0.0
        else:
            return None
    value = total + below_thousand + unit
    return value if words and value > 0 else None


def ordinal_value(text: str) -> float | None:
    """``kedua`` -> 2, ``ke enam`` -> 6, ``ke-9`` -> 9, ``pertama`` -> 1, ``3`` -> 3."""
    lowered = text.lower().strip()
    if lowered in ORDINAL_WORDS:
        return float(ORDINAL_WORDS[lowered])
    match = re.fullmatch(r"(?:ke[-\s]?)?(\d+)", lowered)
    if match:
        return float(match.group(1))
    match = re.fullmatch(r"(?:ke[-\s]?)?([a-z\s]+)", lowered)
    if match:
        return words_value(match.group(1).split())
    return None


def parse_rank(text: str) -> float | None:
    """A rank expression (``peringkat ke enam``, ``Peringkat Ke-2``, ``urutan ketiga``)."""
    lowered = re.sub(r"\s+", " ", text.lower()).strip()
    for keyword in RANK_WORDS:
        if lowered.startswith(keyword):
            rest = lowered[len(keyword) :].strip(" :")
            return ordinal_value(rest) if rest else None
    return None


# Every text that parses holds a digit, a number, ordinal or rank word, or the word ``se``:
# a check that rules out most names at a fraction of a parse.
NUMBER_HINT = re.compile(
    "|".join(
        [
            r"\d",
            r"se(?![a-z])",
            *map(re.escape, sorted({*UNITS, *TEENS, *WORD_SCALES, *ORDINAL_WORDS, *RANK_WORDS} - {"se"}, key=len, reverse=True)),
        ]
    )
)


def may_be_quantity(text: str) -> bool:
    """False only where ``parse_quantity(text)`` is None."""
    return NUMBER_HINT.search(text.lower()) is not None


def parse_quantity(text: str) -> Quantity | None:
    """Parse a METRIC surface; None when it is no quantity. Never raises."""
    if not isinstance(text, str) or not text.strip():
        return None
    return parsed_quantity(text)


@lru_cache(maxsize=100_000)
def parsed_quantity(text: str) -> Quantity | None:
    """``parse_quantity`` of a non-blank string; cached, as the linker and the classifier
    read the same figures many times."""
    rank = parse_rank(text)
    if rank is None and re.match(r"(?i)\s*(ke[-\s]|kedua|ketiga|keempat|kelima|pertama)", text):
        rank = ordinal_value(text)
    if rank is not None:
        return Quantity(rank, "rank")
    is_money = bool(MONEY.match(text))
    rest = MONEY.sub("", text)
    if is_money:
        rest = re.sub(r"[.,]-$|,00?,?-?$", "", rest.strip())  # "Rp 14.305.000.000,-", "Rp 1.500.000,00"
    is_percent = bool(PERCENT.search(rest))
    rest = PERCENT.sub(" ", rest).strip()
    numeral = NUMERAL.match(rest)
    if numeral is None:
        words = re.findall(r"[a-z]+", rest.lower())
        value = words_value(words) if words else None
        if value is None:
            return None
        return Quantity(value, "IDR" if is_money else "percent" if is_percent else "count")
    tail = rest[numeral.end() :].strip().lower().rstrip(".")
    magnitude = MAGNITUDES.get(tail.split()[0]) if tail else None
    if tail and magnitude is None:
        return None
    value, alternative = digits_value(numeral.group(0))
    scale = magnitude or 1.0
    unit = "IDR" if is_money else "percent" if is_percent else "count"
    return Quantity(scaled(value, scale), unit, None if alternative is None else scaled(alternative, scale))


def scaled(value: float, scale: float) -> float:
    """``2.135 * 1e12`` without binary noise (2135000000000.0, not ...999.9998)."""
    return float(Decimal(repr(value)) * Decimal(repr(scale)))


def count_value(quantity: Quantity) -> float:
    """The reading that makes sense for a count: whole numbers (``27,703 kasus`` -> 27703)."""
    if quantity.integer_reading is not None and quantity.value != int(quantity.value):
        return quantity.integer_reading
    return quantity.value
