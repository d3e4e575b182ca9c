"""Indonesian dates and periods to ISO values (pure functions).

Values are as precise as written: ``2024``, ``2024-08`` or ``2024-08-30``. A period is
``{"start": ..., "end": ...}``, a point ``{"as_of": ...}``.

>>> parse_date("Selasa (3/9/2024)")
{'as_of': '2024-09-03'}
>>> parse_date("Januari-November 2023")
{'start': '2023-01', 'end': '2023-11'}
>>> parse_date("Senin (5/9)", reference="2024-09-06")
{'as_of': '2024-09-05'}
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "feb": 2,
    "pebruari": 2,
    "february": 2,
    "maret": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "agst": 8,
    "aug": 8,
    "august": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "october": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "desember": 12,
    "des": 12,
    "dec": 12,
    "december": 12,
}
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6, "ahad": 6}
MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
EDGES = {"awal": 1, "akhir": 12, "penghujung": 12, "pertengahan": 6, "medio": 6}
QUARTERS = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "pertama": 1,
    "kedua": 2,
    "ketiga": 3,
    "keempat": 4,
}

NUMERIC = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?")
DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}})\s+({MONTH})\.?(?:\s+(\d{{4}}))?\b")
MONTH_RANGE = re.compile(
    rf"({MONTH})\.?(?:\s+(\d{{4}}))?\s*(?:-|–|—|s\.?d\.?|sampai|hingga)\s*({MONTH})\.?\s+(\d{{4}})"
)
MONTH_YEAR = re.compile(rf"({MONTH})\.?\s+(?:tahun\s+)?(\d{{4}})")
EDGE_YEAR = re.compile(r"(awal|akhir|penghujung|pertengahan|medio)\s+(?:tahun\s+)?(\d{4})")
QUARTER = re.compile(
    r"(triwulan|kuartal|semester)\s+(iv|iii|ii|i|[1-4]|pertama|kedua|ketiga|keempat)\s+(?:tahun\s+)?(\d{4})"
)
YEAR_RANGE = re.compile(r"(\d{4})\s*(?:-|–|s\.?d\.?|sampai|hingga)\s*(\d{4})")
YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


def to_date(value: str | dt.date | None) -> dt.date | None:
    """An ISO date string or date; None when not a full valid date."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def full_year(year: str) -> int:
    return int(year) + 2000 if len(year) == 2 else int(year)


def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """``2024-09-03``, ``2024-09`` or ``2024``; None for an impossible date."""
    try:
        if day is not None:
            return dt.date(year, month, day).isoformat()
    except (ValueError, TypeError):
        return None
    if month is not None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and 1 <= year <= 9999 else None
    return f"{year:04d}" if 1 <= year <= 9999 else None


def weekday_date(name: str, reference: dt.date) -> dt.date:
    """The latest date on or before ``reference`` that falls on weekday ``name``."""
    return reference - dt.timedelta(days=(reference.weekday() - WEEKDAYS[name]) % 7)


def parse_period(lowered: str) -> dict[str, str] | None:
    match = MONTH_RANGE.search(lowered)
    if match:
        end_year = int(match[4])
        start_year = int(match[2]) if match[2] else end_year
        start, end = iso(start_year, MONTHS[match[1]]), iso(end_year, MONTHS[match[3]])
        return {"start": start, "end": end} if start and end else None
    match = QUARTER.search(lowered)
    if match:
        year, index = int(match[3]), QUARTERS[match[2]]
        size = 6 if match[1] == "semester" else 3
        if size == 6 and index > 2:
            return None
        return {"start": iso(year, (index - 1) * size + 1), "end": iso(year, index * size)}
    match = YEAR_RANGE.search(lowered)
    if match and match[1] < match[2]:
        return {"start": match[1], "end": match[2]}
    return None


def parse_point(lowered: str, reference: dt.date | None) -> str | None:
    match = NUMERIC.search(lowered)
    if match:
        day, month = int(match[1]), int(match[2])
        year = full_year(match[3]) if match[3] else reference.year if reference else None
        return iso(year, month, day) if year else None
    match = DAY_MONTH_YEAR.search(lowered)
    if match:
        year = int(match[3]) if match[3] else reference.year if reference else None
        return iso(year, MONTHS[match[2]], int(match[1])) if year else None
    match = EDGE_YEAR.search(lowered)
    if match:
        return iso(int(match[2]), EDGES[match[1]])
    match = MONTH_YEAR.search(lowered)
    if match:
        return iso(int(match[2]), MONTHS[match[1]])
    match = YEAR.search(lowered)
    if match:
        return match[1]
    match = re.search(rf"\b({WEEKDAY})\b", lowered)
    if match and reference:
        return weekday_date(match[1], reference).isoformat()
    return None


def parse_date(text: str, reference: str | dt.date | None = None) -> dict[str, str] | None:
    """A DATE surface to ``{"as_of": ...}`` or ``{"start": ..., "end": ...}``; None if unreadable.

    ``reference`` (the publication date) supplies the year of ``Senin (5/9)`` and the
    date of a bare weekday. Never raises.
    """
    if not isinstance(text, str):
        return None
    lowered = re.sub(r"\s+", " ", text.lower())
    reference_date = to_date(reference)
    period = parse_period(lowered)
    if period:
        return period
    point = parse_point(lowered, reference_date)
    return {"as_of": point} if point else None


def is_period_phrase(preceding: str) -> bool:
    """Whether the words before a year make it a period (``selama 2021``, ``sepanjang tahun``)."""
    return bool(re.search(r"\b(selama|sepanjang|sepanjang tahun|sejak awal)\s*(tahun)?\s*$", preceding.lower()))


def as_period(value: dict[str, str]) -> dict[str, str]:
    """``{"as_of": "2021"}`` -> ``{"start": "2021", "end": "2021"}``."""
    if "as_of" in value:
        return {"start": value["as_of"], "end": value["as_of"]}
    return value


def month_key(value: dict[str, str] | None) -> str | None:
    """The year-month a date is compared on: ``as_of``, else the period's end."""
    if not value:
        return None
    point = value.get("as_of") or value.get("end") or value.get("start")
    return point[:7] if point else None
