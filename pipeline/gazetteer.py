"""The project's region gazetteer: Kemendagri codes and names from configs/gazetteer."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "configs" / "gazetteer"
PREFIXES = ("Kabupaten ", "Kota ")


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # canonical name without "Kabupaten " / "Kota "
    level: int  # 1 province, 2 regency/city, 3 district
    kind: str  # provinsi, kabupaten, kota, kecamatan

    @property
    def province_code(self) -> str:
        return self.code.split(".")[0]


def canonical(name: str) -> tuple[str, str]:
    """``Kabupaten Bone Bolango`` -> (``Bone Bolango``, ``kabupaten``);
    ``Kota Administrasi Jakarta Selatan`` -> (``Jakarta Selatan``, ``kota``)."""
    name = name.strip()
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :].removeprefix("Administrasi ").strip(), prefix.strip().lower()
    return name, ""


@lru_cache(maxsize=1)
def regions(directory: Path = GAZETTEER_DIR) -> dict[str, Region]:
    """Every region of wilayah.csv by code."""
    result: dict[str, Region] = {}
    with (directory / "wilayah.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            level = int(row["level"])
            name, kind = canonical(row["name"])
            kind = kind or {1: "provinsi", 3: "kecamatan"}.get(level, "")
            result[row["code"]] = Region(row["code"], name, level, kind)
    return result


def region_codes() -> set[str]:
    return set(regions())
