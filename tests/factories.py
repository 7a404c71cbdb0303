"""Small builders of real-looking registry data for tests (real division codes and names)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from portal.models import (
    Account,
    Government,
    GovernmentLevel,
    Office,
    OfficeFunction,
    OfficeFunctionAssignment,
    OfficeKind,
    OfficeStatus,
    Role,
)
from portal.oversight.models import ReportingRound

TEST_PASSWORD = "correct horse battery staple"


def make_government(db, code, name_zh, name_en, level, parent=None, **extra) -> Government:
    government = Government(
        code=code,
        name_zh=name_zh,
        name_en=name_en,
        level=GovernmentLevel(level),
        parent=parent,
        autonomous=extra.pop("autonomous", False),
        **extra,
    )
    db.add(government)
    db.flush()
    return government


def make_office(db, slug, establishing, host, **extra) -> Office:
    functions = extra.pop("functions", [OfficeFunction.PROMOTION])
    office = Office(
        slug=slug,
        name_zh=extra.pop(
            "name_zh", f"{establishing.name_zh}驻{host.capital_zh or host.name_zh}办事处"
        ),
        name_en=extra.pop("name_en", f"{establishing.name_en} Office in {host.capital_en}"),
        establishing_government=establishing,
        host_province=host,
        kind=extra.pop("kind", OfficeKind.STANDING),
        status=extra.pop("status", OfficeStatus.OPERATING),
        established_on=extra.pop("established_on", date(2008, 5, 1)),
        **extra,
    )
    office.functions = [OfficeFunctionAssignment(function=f) for f in functions]
    db.add(office)
    db.flush()
    return office


def make_account(db, role: Role, government=None, office=None, email=None) -> Account:
    from argon2 import PasswordHasher

    count = db.query(Account).count()
    account = Account(
        email=email or f"{role.value}{count}@example.test",
        password_hash=PasswordHasher(time_cost=1, memory_cost=1024).hash(TEST_PASSWORD),
        role=role,
        government=government,
        office=office,
        active=True,
    )
    db.add(account)
    db.flush()
    return account


def make_round(db, year: int) -> ReportingRound:
    """A year's reporting round as the circular sets it: baseline 2015-03-16, figures as of
    30 November of `year`, due before 1 December."""
    round_ = ReportingRound(
        code=str(year),
        name_zh=f"{year}年进展报告",
        name_en=f"{year} progress reports",
        baseline_on=date(2015, 3, 16),
        period_end=date(year, 11, 30),
        due_before=date(year, 12, 1),
    )
    db.add(round_)
    db.flush()
    return round_


def build_registry(db) -> SimpleNamespace:
    """National, three provinces, prefectures and counties (one autonomous), and five offices."""
    t = SimpleNamespace()
    t.national = make_government(db, "000000", "国务院", "State Council", "national")
    t.hebei = make_government(
        db,
        "130000",
        "河北省",
        "Hebei",
        "provincial",
        t.national,
        capital_zh="石家庄市",
        capital_en="Shijiazhuang",
        contact_phone="0311-12345678",
        contact_email="jiandu@hebei.example.cn",
    )
    t.jilin = make_government(
        db,
        "220000",
        "吉林省",
        "Jilin",
        "provincial",
        t.national,
        capital_zh="长春市",
        capital_en="Changchun",
    )
    t.guangdong = make_government(
        db,
        "440000",
        "广东省",
        "Guangdong",
        "provincial",
        t.national,
        capital_zh="广州市",
        capital_en="Guangzhou",
    )
    t.baoding = make_government(db, "130600", "保定市", "Baoding", "prefectural", t.hebei)
    t.laishui = make_government(db, "130623", "涞水县", "Laishui County", "county", t.baoding)
    t.yanbian = make_government(
        db,
        "222400",
        "延边朝鲜族自治州",
        "Yanbian Korean Autonomous Prefecture",
        "prefectural",
        t.jilin,
        autonomous=True,
    )
    t.yanji = make_government(db, "222401", "延吉市", "Yanji", "county", t.yanbian, autonomous=True)
    t.shenzhen = make_government(db, "440300", "深圳市", "Shenzhen", "prefectural", t.guangdong)
    t.laishui_office = make_office(db, "laishui-in-shijiazhuang", t.laishui, t.hebei)
    t.baoding_office = make_office(db, "baoding-in-guangzhou", t.baoding, t.guangdong)
    t.yanji_office = make_office(db, "yanji-in-changchun", t.yanji, t.jilin)
    t.shenzhen_office = make_office(
        db,
        "shenzhen-in-changchun",
        t.shenzhen,
        t.jilin,
        kind=OfficeKind.SPECIAL_MISSION,
        mission_ends_on=date(2014, 6, 30),
    )
    t.closed_office = make_office(
        db,
        "shenzhen-in-shijiazhuang",
        t.shenzhen,
        t.hebei,
        status=OfficeStatus.CLOSED,
        closed_on=date(2015, 9, 30),
    )
    return t
