"""Supervisory scope and access rules, called directly (the HTTP tests cover the same through pages).

The registry of tests/factories.py: Hebei (Baoding, Laishui County below it), Jilin (Yanbian,
Yanji below it), Guangdong (Shenzhen); offices Laishui→Shijiazhuang, Baoding→Guangzhou,
Yanji→Changchun, Shenzhen→Changchun and a closed Shenzhen→Shijiazhuang.
"""

from __future__ import annotations

import pytest

from portal.models import Role
from portal.names import pinyin_sort_key
from portal.oversight.supervision import (
    can_decide,
    may_edit,
    may_report_for,
    office_in_scope,
    offices_in_scope,
)
from tests import factories

ALL = {
    "laishui-in-shijiazhuang",
    "baoding-in-guangzhou",
    "yanji-in-changchun",
    "shenzhen-in-changchun",
    "shenzhen-in-shijiazhuang",
}


@pytest.mark.parametrize(
    ("government", "role", "expected"),
    [
        ("national", Role.NATIONAL, ALL),
        # A province: what it and the governments below it set up, and what its capital hosts.
        (
            "hebei",
            Role.SUPERVISOR,
            {"laishui-in-shijiazhuang", "baoding-in-guangzhou", "shenzhen-in-shijiazhuang"},
        ),
        ("jilin", Role.SUPERVISOR, {"yanji-in-changchun", "shenzhen-in-changchun"}),
        (
            "guangdong",
            Role.SUPERVISOR,
            {"shenzhen-in-changchun", "shenzhen-in-shijiazhuang", "baoding-in-guangzhou"},
        ),
        # A prefecture: its own offices and its counties'; it hosts none.
        ("baoding", Role.SUPERVISOR, {"baoding-in-guangzhou", "laishui-in-shijiazhuang"}),
        ("yanbian", Role.SUPERVISOR, {"yanji-in-changchun"}),
        ("laishui", Role.SUPERVISOR, {"laishui-in-shijiazhuang"}),
    ],
)
def test_scope_of_each_level(db, registry, government, role, expected):
    account = factories.make_account(db, role, government=getattr(registry, government))
    in_scope = offices_in_scope(db, account)
    assert {office.slug for office in in_scope} == expected
    names = [o.name_zh for o in in_scope]
    assert names == sorted(names, key=pinyin_sort_key)  # by pinyin (issue 15 item 9)
    for slug in ALL:
        office = next(o for o in vars(registry).values() if getattr(o, "slug", None) == slug)
        assert office_in_scope(db, account, office) is (slug in expected), slug


def test_scope_reaches_any_depth_below(db, registry):
    """A government added below a county (an invented code) is still below the province."""
    below = factories.make_government(
        db, "130698", "涞水县某镇", "A town of Laishui", "county", registry.laishui
    )
    office = factories.make_office(db, "laishui-town-in-guangzhou", below, registry.guangdong)
    hebei = factories.make_account(db, Role.SUPERVISOR, government=registry.hebei)
    national = factories.make_account(db, Role.NATIONAL, government=registry.national)
    assert office_in_scope(db, hebei, office)
    assert office in offices_in_scope(db, hebei)
    assert office_in_scope(db, national, office)  # four levels below the State Council


def test_no_scope_without_a_government_or_a_supervising_role(db, registry):
    office = registry.laishui_office
    admin = factories.make_account(db, Role.ADMIN)
    editor = factories.make_account(db, Role.OFFICE_EDITOR, office=office)
    assert not office_in_scope(db, None, office)
    assert not office_in_scope(db, admin, office)
    assert offices_in_scope(db, admin) == []
    assert not office_in_scope(db, editor, office)


def test_only_the_recording_government_edits_a_draft(db, registry, record_draft):
    hebei = factories.make_account(db, Role.SUPERVISOR, government=registry.hebei)
    other_hebei = factories.make_account(db, Role.SUPERVISOR, government=registry.hebei)
    national = factories.make_account(db, Role.NATIONAL, government=registry.national)
    draft = record_draft(registry.laishui_office, hebei)
    assert may_edit(hebei, draft) and may_edit(other_hebei, draft)
    assert not may_edit(national, draft)  # in scope, but not the government that records it
    assert not may_edit(None, draft)


def test_only_the_host_provinces_supervisors_decide(db, registry, apply):
    application = apply(registry.baoding, registry.jilin)
    assert can_decide(
        factories.make_account(db, Role.SUPERVISOR, government=registry.jilin), application
    )
    assert not can_decide(
        factories.make_account(db, Role.SUPERVISOR, government=registry.hebei), application
    )
    assert not can_decide(
        factories.make_account(db, Role.NATIONAL, government=registry.national), application
    )
    assert not can_decide(None, application)


def test_only_a_provinces_own_supervisors_report_for_it(db, registry):
    hebei = factories.make_account(db, Role.SUPERVISOR, government=registry.hebei)
    baoding = factories.make_account(db, Role.SUPERVISOR, government=registry.baoding)
    national = factories.make_account(db, Role.NATIONAL, government=registry.national)
    assert may_report_for(hebei, registry.hebei)
    assert not may_report_for(hebei, registry.jilin)
    assert not may_report_for(baoding, registry.hebei)
    assert not may_report_for(baoding, registry.baoding)  # a prefecture files no report
    assert not may_report_for(national, registry.hebei)
