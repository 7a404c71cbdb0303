"""One-off tool: add English (pinyin) names to divisions.csv. Not run by the portal.

Run once, with pypinyin in a scratch environment (it is not a dependency of the project):
`python -m venv /tmp/p && /tmp/p/bin/pip install pypinyin==0.55.0 &&
/tmp/p/bin/python portal/data/romanise_divisions.py`. See README.md in this folder.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pypinyin import Style, lazy_pinyin

HERE = Path(__file__).resolve().parent

SUFFIXES = [
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("地区", "Prefecture"),
    ("新区", "New Area"),
    ("特区", "Special District"),
    ("矿区", "Mining District"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
    ("盟", "League"),
    ("市", ""),
]

ETHNIC = {
    "蒙古": "Mongol", "回": "Hui", "藏": "Tibetan", "维吾尔": "Uyghur", "苗": "Miao", "彝": "Yi",
    "壮": "Zhuang", "布依": "Bouyei", "朝鲜": "Korean", "满": "Manchu", "侗": "Dong", "瑶": "Yao",
    "白": "Bai", "土家": "Tujia", "哈尼": "Hani", "哈萨克": "Kazakh", "傣": "Dai", "黎": "Li",
    "傈僳": "Lisu", "佤": "Va", "畲": "She", "拉祜": "Lahu", "水": "Sui", "东乡": "Dongxiang",
    "纳西": "Naxi", "景颇": "Jingpo", "柯尔克孜": "Kyrgyz", "土": "Tu", "达斡尔": "Daur",
    "仫佬": "Mulao", "羌": "Qiang", "布朗": "Blang", "撒拉": "Salar", "毛南": "Maonan",
    "仡佬": "Gelao", "锡伯": "Xibe", "阿昌": "Achang", "普米": "Pumi", "塔吉克": "Tajik",
    "怒": "Nu", "乌孜别克": "Uzbek", "俄罗斯": "Russian", "鄂温克": "Evenki", "德昂": "De'ang",
    "保安": "Bonan", "裕固": "Yugur", "京": "Gin", "塔塔尔": "Tatar", "独龙": "Derung",
    "鄂伦春": "Oroqen", "赫哲": "Hezhen", "门巴": "Monpa", "珞巴": "Lhoba", "基诺": "Jino",
}  # fmt: skip

# Readings that pypinyin gets wrong in these place names.
OVERRIDES = {
    "长治": "Changzhi", "长子": "Zhangzi", "朝阳": "Chaoyang", "单": "Shan", "洪洞": "Hongtong",
    "筠连": "Junlian", "繁峙": "Fanshi", "莎车": "Shache", "乐清": "Yueqing", "乐亭": "Laoting",
    "六安": "Lu'an", "铅山": "Yanshan", "番禺": "Panyu", "蚌埠": "Bengbu", "东阿": "Dong'e",
    "大埔": "Dabu", "厦门": "Xiamen", "重庆": "Chongqing", "行唐": "Xingtang", "尉犁": "Yuli",
    "蔚": "Yu", "黄陂": "Huangpi", "盱眙": "Xuyi", "临朐": "Linqu", "枞阳": "Zongyang",
    "涡阳": "Guoyang", "浚": "Xun", "漯河": "Luohe", "锡林郭勒": "Xilinguole",
}  # fmt: skip


def pinyin(stem: str) -> str:
    """Pinyin of a place name as one capitalised word, with apostrophes (Xi'an)."""
    if stem in OVERRIDES:
        return OVERRIDES[stem]
    syllables = lazy_pinyin(stem, style=Style.NORMAL, v_to_u=True)
    syllables = [
        "chang" if char == "长" and syllable == "zhang" else "du" if char == "都" else syllable
        for char, syllable in zip(stem, syllables, strict=False)
    ]
    word = syllables[0] + "".join(
        ("'" + s if s[:1] in ("a", "o", "e") else s) for s in syllables[1:]
    )
    return word[:1].upper() + word[1:]


def ethnic_groups(stem: str) -> tuple[str, list[str]]:
    """Split '湘西土家族苗族' into the place '湘西' and ['Tujia', 'Miao']."""
    groups: list[str] = []
    while stem.endswith("族"):
        body = stem[:-1]
        match = max((name for name in ETHNIC if body.endswith(name)), key=len, default=None)
        if match is None:
            break
        groups.insert(0, ETHNIC[match])
        stem = body[: -len(match)]
    return stem, groups


BANNER_POSITIONS = [("左翼", "Left"), ("右翼", "Right"), ("左", "Left"), ("右", "Right")]
BANNER_PLACES = [("前", "Front"), ("中", "Middle"), ("后", "Rear")]
WHOLE_NAMES = {
    "神农架林区": "Shennongjia Forestry District",
    "鄂伦春自治旗": "Oroqen Autonomous Banner",
}


def banner(stem: str) -> str:
    """'科尔沁左翼中' -> 'Ke'erqin Left Middle': the wing and the place of a banner in English."""
    words: list[str] = []
    for table in (BANNER_PLACES, BANNER_POSITIONS):
        for chinese, word in table:
            if stem.endswith(chinese) and len(stem) > len(chinese) + 1:
                stem = stem[: -len(chinese)]
                words.insert(0, word)
                break
    return " ".join([pinyin(stem), *words])


def english(name: str) -> str:
    """The English name of a division from its Chinese name."""
    if name in WHOLE_NAMES:
        return WHOLE_NAMES[name]
    suffix, word, stem = "", "", name
    for chinese, english_word in SUFFIXES:
        if name.endswith(chinese) and len(name) > len(chinese):
            suffix, word, stem = chinese, english_word, name[: -len(chinese)]
            break
    if word.startswith("Autonomous"):
        place, groups = ethnic_groups(stem)
        who = ", ".join(groups[:-1]) + " and " + groups[-1] if len(groups) > 1 else "".join(groups)
        parts = [pinyin(place)] if place else []
        return " ".join(part for part in [*parts, who, word] if part)
    if suffix == "市" and len(stem) == 1:
        return pinyin(name)
    if suffix == "旗":
        return f"{banner(stem)} Banner"
    return f"{pinyin(stem)} {word}".strip()


def main() -> None:
    path = HERE / "divisions.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = ["code", "parent_code", "level", "name_zh", "name_en", "autonomous"]
    for row in rows:
        row["name_en"] = english(row["name_zh"])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: row[key] for key in fields} for row in rows)


if __name__ == "__main__":
    main()
