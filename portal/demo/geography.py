"""Demo governments: the State Council, the 34 provinces and every real prefecture and county."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from portal.demo.progress import Progress
from portal.models import Government, GovernmentLevel

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
NATIONAL_CODE = "000000"
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})
OUTSIDE_MAINLAND = frozenset({"71", "81", "82"})
"""Code prefixes of Taiwan, Hong Kong and Macao: loaded as divisions, given no demo offices."""

PROVINCE_ABBREVIATIONS = dict(
    zip(
        [
            "11",
            "12",
            "13",
            "14",
            "15",
            "21",
            "22",
            "23",
            "31",
            "32",
            "33",
            "34",
            "35",
            "36",
            "37",
            "41",
            "42",
            "43",
            "44",
            "45",
            "46",
            "50",
            "51",
            "52",
            "53",
            "54",
            "61",
            "62",
            "63",
            "64",
            "65",
            "71",
            "81",
            "82",
        ],
        "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁新台港澳",
        strict=True,
    )
)


@dataclass(frozen=True)
class Division:
    """One row of the division tables: a government to be."""

    code: str
    parent_code: str | None
    level: GovernmentLevel
    name_zh: str
    name_en: str | None
    autonomous: bool
    capital_zh: str | None = None
    capital_en: str | None = None
    capital_code: str | None = None

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def mainland(self) -> bool:
        return self.code[:2] not in OUTSIDE_MAINLAND and self.level is not GovernmentLevel.NATIONAL


def read_divisions() -> list[Division]:
    """National, provinces (provinces.csv), prefectures and counties (divisions.csv), in order."""
    rows = [
        Division(NATIONAL_CODE, None, GovernmentLevel.NATIONAL, "国务院", "State Council", False)
    ]
    with (DATA_DIR / "provinces.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                Division(
                    code=row["code"],
                    parent_code=NATIONAL_CODE,
                    level=GovernmentLevel.PROVINCIAL,
                    name_zh=row["name_zh"],
                    name_en=row["name_en"],
                    autonomous=row["autonomous"] == "1",
                    capital_zh=row["capital_zh"],
                    capital_en=row["capital_en"],
                    capital_code=row["capital_code"] or None,
                )
            )
    with (DATA_DIR / "divisions.csv").open(encoding="utf-8") as handle:
        lower = [
            Division(
                code=row["code"],
                parent_code=row["parent_code"],
                level=GovernmentLevel(row["level"]),
                name_zh=row["name_zh"],
                name_en=row.get("name_en") or None,
                autonomous=row["autonomous"] == "1",
            )
            for row in csv.DictReader(handle)
        ]
    rank = {GovernmentLevel.PREFECTURAL: 0, GovernmentLevel.COUNTY: 1}
    rows.extend(sorted(lower, key=lambda d: (rank[d.level], d.code)))
    return rows


def _digits(seed: str, count: int) -> str:
    digest = hashlib.sha256(seed.encode()).hexdigest()
    return "".join(str(int(ch, 16) % 10) for ch in digest[:count])


def contact_channels(division: Division, province: Division | None) -> dict[str, str]:
    """Invented public complaint channels (phone, email, postal address, web) of a government."""
    code = division.code
    host = "gov" if division.level is GovernmentLevel.NATIONAL else code
    area = "010" if division.level is GovernmentLevel.NATIONAL else "0" + _digits(code, 3)
    place = (
        division.name_zh
        if province is None or province is division
        else (province.name_zh + division.name_zh)
    )
    street = ["人民路", "中山路", "解放路", "建设路", "政府街", "行政中心路"][
        int(_digits(code, 1)) % 6
    ]
    return {
        "contact_phone": f"{area}-1234{_digits(code + 'phone', 4)}",
        "contact_email": f"xinfang@{host}.example.cn",
        "contact_address": f"{place}{street}{int(_digits(code + 'no', 2)) + 1}号 信访接待室（演示地址）",
        "contact_web": f"https://www.{host}.example.cn/xinfang",
    }


def government_ids(db: Session) -> dict[str, int]:
    """Division code -> government id, for every government in the database (one query)."""
    return dict(db.execute(select(Government.code, Government.id)).all())


def load_governments(db: Session, divisions: list[Division], progress: Progress) -> int:
    """Add the governments that are missing (matched by code); never change existing ones.

    Governments that supervise offices (national, provinces, prefectures) get invented
    contact channels. Returns how many were added. Flushes, never commits.
    """
    provinces = {d.code: d for d in divisions if d.level is GovernmentLevel.PROVINCIAL}
    ids = government_ids(db)
    added = 0
    with progress("Governments", total=len(divisions)) as bar:
        for level in GovernmentLevel:
            rows = []
            for division in divisions:
                if division.level is not level:
                    continue
                bar.update(1)
                if division.code in ids:
                    continue
                row = {
                    "code": division.code,
                    "name_zh": division.name_zh,
                    "name_en": division.name_en,
                    "level": division.level,
                    "parent_id": ids.get(division.parent_code) if division.parent_code else None,
                    "autonomous": division.autonomous,
                    "capital_zh": division.capital_zh,
                    "capital_en": division.capital_en,
                    "contact_phone": None,
                    "contact_email": None,
                    "contact_address": None,
                    "contact_web": None,
                }
                if level is not GovernmentLevel.COUNTY:
                    row.update(contact_channels(division, provinces.get(division.province_code)))
                rows.append(row)
            if rows:
                db.execute(insert(Government), rows)
                added += len(rows)
                ids = government_ids(db)
    return added
