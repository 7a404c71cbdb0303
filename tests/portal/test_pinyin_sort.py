"""Chinese names sort by pinyin, not by code point (issue 15 item 9): the key (portal/names.py),
the `name_sort` columns filled on insert and on rename and by the migrations' backfill, and the
lists paged in SQL that order by them (the office directory, the provider list). The English
directory: English names first, then the Chinese-only ones by pinyin."""

from __future__ import annotations

import re

from sqlalchemy import insert, select, update

from disclosures.models import DisclosureKind, Provider
from disclosures.publication import publish_items
from disclosures.uscc import make_uscc
from portal.models import Office
from portal.names import backfill_name_sort, pinyin_sort_key
from tests.disclosures.conftest import provider_item

PINYIN_ORDER = ["阿坝", "安顺", "北京", "长沙", "重庆", "吕梁", "西安", "先锋", "Zhuhai"]


def test_the_key_orders_by_syllable_then_tone_and_reads_polyphones_in_context():
    assert sorted(PINYIN_ORDER, key=pinyin_sort_key) == PINYIN_ORDER
    assert sorted(PINYIN_ORDER) != PINYIN_ORDER  # code points would not do
    assert pinyin_sort_key("重庆").startswith("chong")  # not zhong
    assert pinyin_sort_key("长沙").startswith("chang")  # not zhang
    assert pinyin_sort_key("西安") < pinyin_sort_key("先")  # xi an before xian
    assert pinyin_sort_key("妈") < pinyin_sort_key("马")  # ma1 before ma3
    assert re.fullmatch(r"[0-9a-z]*", pinyin_sort_key("（北京）宾馆 No.3"))
    assert pinyin_sort_key(None) == pinyin_sort_key("") == ""


def directory_slugs(client, *query: str) -> list[str]:
    page = client.get("/offices/?" + "&".join(query)).get_data(as_text=True)
    return list(dict.fromkeys(re.findall(r'href="/offices/([a-z-]+)[?"]', page)))


def test_the_directory_lists_offices_by_pinyin_in_chinese(client, db, registry):
    names = dict(db.execute(select(Office.slug, Office.name_zh)).all())
    listed = [slug for slug in directory_slugs(client, "lang=zh") if slug in names]
    # 保定 (bao), 涞水 (lai), 深圳 (shen), 延吉 (yan); by code point 延 (U+5EF6) would come second.
    assert listed == sorted(names, key=lambda slug: pinyin_sort_key(names[slug]))
    assert listed != sorted(names, key=lambda slug: names[slug])
    reverse = [s for s in directory_slugs(client, "lang=zh", "order=desc") if s in names]
    assert reverse == listed[::-1]


def test_the_english_directory_lists_english_names_then_the_chinese_only_ones_by_pinyin(
    client, db, registry
):
    """An English reader sees English names A–Z whatever their case, then the offices known only
    by their Chinese name (shown in Chinese) by pinyin, last whichever way the list runs."""
    registry.laishui_office.name_en = "laishui County Office in Shijiazhuang"  # typed lowercase
    registry.baoding_office.name_en = ""  # 保定 (bao): an empty English name is none
    registry.shenzhen_office.name_en = None  # 深圳 (shen)
    registry.yanji_office.name_en = None  # 延吉 (yan), before 深 by code point
    db.commit()
    english = ["laishui-in-shijiazhuang", "shenzhen-in-shijiazhuang"]
    only_chinese = ["baoding-in-guangzhou", "shenzhen-in-changchun", "yanji-in-changchun"]
    assert directory_slugs(client, "lang=en") == english + only_chinese
    assert directory_slugs(client, "lang=en", "order=desc") == english[::-1] + only_chinese[::-1]
    by_status = directory_slugs(client, "lang=en", "sort=status")
    assert by_status[-1] == "shenzhen-in-shijiazhuang"  # closed: last, whatever its name
    assert by_status[:-1] == ["laishui-in-shijiazhuang", *only_chinese]


def test_a_renamed_office_gets_a_new_key(db, registry):
    office = registry.yanji_office
    assert office.name_sort == pinyin_sort_key(office.name_zh)
    office.name_zh = "安图县人民政府驻长春办事处"
    db.flush()
    assert db.scalar(select(Office.name_sort).where(Office.id == office.id)).startswith("an0000")


def test_rows_inserted_in_bulk_get_their_key_and_the_backfill_fills_old_rows(db, registry):
    code = make_uscc("91", "130100", "MA0BULK01")
    db.execute(insert(Provider), [{"uscc": code, "name_zh": "北京饭店", "kind": "hotel"}])
    key = db.scalar(select(Provider.name_sort).where(Provider.uscc == code))
    assert key == pinyin_sort_key("北京饭店")
    db.execute(update(Office).values(name_sort=""))
    assert backfill_name_sort(db.connection(), "office") == 5
    for name, key in db.execute(select(Office.name_zh, Office.name_sort)):
        assert key == pinyin_sort_key(name)


def test_the_provider_list_is_paged_in_pinyin_order(client, db, registry):
    names = ["北京饭店", "安顺宾馆", "重庆火锅店", "长沙米粉店"]
    items = [
        provider_item(make_uscc("91", "130100", f"MA0PY{n:04d}"), name, "restaurant")
        for n, name in enumerate(names)
    ]
    publish_items(
        db, registry.laishui_office, DisclosureKind.PROVIDERS, 2023, list(enumerate(items, 2)), None
    )
    db.commit()
    page = client.get("/providers/?lang=zh").get_data(as_text=True)
    table = page[page.index('id="providers"') :].split("</table>")[0]
    shown = re.findall(r">([^<>]+(?:饭店|宾馆|火锅店|米粉店))<", table)
    assert shown == ["安顺宾馆", "北京饭店", "长沙米粉店", "重庆火锅店"]
