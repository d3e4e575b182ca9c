"""Region mentions to Kemendagri codes (pure functions over the gazetteer).

>>> resolve_region("Kabupaten Bone Bolango").code
'75.03'
>>> resolve_region("Sulteng").name
'Sulawesi Tengah'
>>> resolve_region("Sulawesi Maluku").code is None
True
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.gazetteer import GAZETTEER_DIR, regions

PREFIX_KIND = [
    (re.compile(r"^(provinsi|prov\.?|propinsi)\s+", re.I), "provinsi"),
    (re.compile(r"^(kabupaten|kab\.?)\s+", re.I), "kabupaten"),
    (re.compile(r"^(kota|kotamadya|kodya)\s+", re.I), "kota"),
    (re.compile(r"^(kecamatan|kec\.?)\s+", re.I), "kecamatan"),
]


@dataclass(frozen=True)
class RegionRef:
    """What a region mention refers to: canonical name and code (None for a group of regions)."""

    name: str
    code: str | None
    kind: str  # provinsi, kabupaten, kota, kecamatan, negara, kelompok

    def to_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "code": self.code}


INDONESIA = RegionRef("Indonesia", "ID", "negara")


def key(text: str) -> str:
    """Lookup key: lower case, hyphens and runs of spaces as one space."""
    return re.sub(r"[\s\-–]+", " ", text.lower()).strip(" .,")


@lru_cache(maxsize=1)
def alias_index() -> dict[str, RegionRef]:
    """Aliases and abbreviations from configs/gazetteer/aliases.csv."""
    index: dict[str, RegionRef] = {}
    table = regions()
    with (GAZETTEER_DIR / "aliases.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"] or None
            if code == "ID":
                ref = INDONESIA
            elif code:
                ref = RegionRef(table[code].name, code, table[code].kind)
            else:
                ref = RegionRef(row["name"], None, "kelompok")
            index[key(row["alias"])] = ref
    return index


@lru_cache(maxsize=1)
def name_index() -> dict[tuple[str, str], list[RegionRef]]:
    """Gazetteer regions by (lookup key, kind)."""
    index: dict[tuple[str, str], list[RegionRef]] = {}
    for region in regions().values():
        ref = RegionRef(region.name, region.code, region.kind)
        index.setdefault((key(region.name), region.kind), []).append(ref)
        if " " in region.name and region.level <= 2:  # "Pangkalpinang" for "Pangkal Pinang"
            index.setdefault((key(region.name).replace(" ", ""), region.kind), []).append(ref)
    return index


@lru_cache(maxsize=1)
def nickname_pattern() -> tuple[re.Pattern, dict[str, RegionRef]]:
    """Nicknames of places (``Kota Hujan``, ``Bumi Anoa``) from configs/gazetteer/nicknames.csv:
    a pattern finding them and the region each one names."""
    with (GAZETTEER_DIR / "nicknames.csv").open(encoding="utf-8", newline="") as handle:
        named = {key(row["nickname"]): resolve_region_code(row["code"]) for row in csv.DictReader(handle)}
    names = sorted(named, key=len, reverse=True)
    alternatives = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names)
    # lookaheads for the first letters and first words, which the regex engine rejects a
    # position with far faster than it tries every nickname there (same matches)
    letters = re.escape("".join(sorted({name[0] for name in names})))
    first_words = "|".join(sorted({re.escape(name.split()[0]) for name in names}))
    return re.compile(rf"(?i)(?=[{letters}])\b(?={first_words})({alternatives})\b"), named


def nickname_mentions(text: str) -> list[tuple[int, int, RegionRef]]:
    """Character ranges of place nicknames in a text, with the region each names."""
    pattern, named = nickname_pattern()
    return [(m.start(), m.end(), named[key(m.group(0))]) for m in pattern.finditer(text)]


def resolve_region_code(code: str) -> RegionRef | None:
    """The region of a Kemendagri code."""
    region = regions().get(code)
    return RegionRef(region.name, region.code, region.kind) if region else None


def parent_region(ref: RegionRef) -> RegionRef:
    """The regency or city a district lies in (the region itself when it has no parent)."""
    parent = resolve_region_code(ref.code.rsplit(".", 1)[0]) if ref.code and ref.code.count(".") == 2 else None
    return parent or ref


def split_prefix(mention: str) -> tuple[str | None, str]:
    """``Kab. Bandung`` -> (``kabupaten``, ``Bandung``)."""
    for pattern, kind in PREFIX_KIND:
        match = pattern.match(mention.strip())
        if match:
            return kind, mention.strip()[match.end() :]
    return None, mention.strip()


def resolve_region(mention: str, prefer: dict[str, RegionRef] | None = None) -> RegionRef | None:
    """The region a mention names; None if unknown. Never raises.

    A bare name takes, in order: a form of the same name already resolved in the document
    (``prefer``), a province of that name, an alias, the one regency or city of that name,
    the city (``Kota``) when a regency and a city share it, a district named ``Kota X``
    (``Waingapu``) when no regency or city has the name.
    """
    if not isinstance(mention, str) or not mention.strip():
        return None
    kind, name = split_prefix(mention)
    name_key = key(name)
    if kind:
        found = name_index().get((name_key, kind))
        if found:
            return found[0]
        if kind == "provinsi" and name_key in alias_index():
            return alias_index()[name_key]
        return None
    if prefer and name_key in prefer:
        return prefer[name_key]
    for candidate_kind in ("provinsi",):
        found = name_index().get((name_key, candidate_kind))
        if found:
            return found[0]
    if name_key in alias_index():
        return alias_index()[name_key]
    towns = name_index().get((name_key, "kota"), [])
    cities = [r for r in towns if r.code.count(".") == 1]
    regencies = name_index().get((name_key, "kabupaten"), [])
    # a district named "Kota Sumenep" (the regency's capital) comes after the regency Sumenep
    found = cities or regencies or towns
    return found[0] if found else None


def region_from_org(org_text: str) -> RegionRef | None:
    """The region inside a government ORG: ``Pemprov Gorontalo``, ``Pemkab Bone Bolango``."""
    office = re.match(r"(?i)^(setda|sekretariat daerah|bappeda|dinas|badan|kantor)\b", org_text.strip())
    if office:  # "Setda Manggarai Timur", "Dinas Perikanan Sumenep": the region its last words name
        words = org_text.split()
        return next((found for n in (3, 2, 1) if len(words) > n and (found := resolve_region(" ".join(words[-n:])))), None)
    match = re.match(
        r"(?i)^(pemprov|pemerintah provinsi|pemkab|pemerintah kabupaten|pemkot|"
        r"pemerintah kota|pemda|pemerintah daerah|pemerintah|disnaker\w*|dinas tenaga kerja)"
        r"(?:\s*\([^)]*\))?\s+(.+)$",
        org_text.strip(),
    )
    if not match:
        return None
    head, rest = match[1].lower(), match[2]
    prefix = {
        "pemprov": "Provinsi ",
        "pemerintah provinsi": "Provinsi ",
        "pemkab": "Kabupaten ",
        "pemerintah kabupaten": "Kabupaten ",
        "pemkot": "Kota ",
        "pemerintah kota": "Kota ",
    }.get(head, "")
    if split_prefix(rest)[0]:
        prefix = ""
    found = resolve_region(prefix + rest) or resolve_region(rest)
    named = re.search(r"(?i)\b(provinsi|kabupaten|kota)\s+\S.*$", rest)  # "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jambi"
    return found if found is not None or named is None else resolve_region(named[0])
