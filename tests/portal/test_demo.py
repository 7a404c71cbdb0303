"""`flask demo load`: real divisions, offices that break and keep every rule, idempotent, safe to stop."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import func, inspect, select, text

from app import create_app
from portal.accounts import verify_password
from portal.compliance import gather_office_facts
from portal.database import database
from portal.demo import Progress
from portal.demo.geography import read_divisions
from portal.demo.loader import PortalDemo, run_steps
from portal.demo.offices import SCALES
from portal.demo.people import DEMO_PASSWORDS
from portal.demo.scenarios import plan_offices
from portal.models import (
    Account,
    Government,
    GovernmentLevel,
    Office,
    OfficeKind,
    OfficeStatus,
    Role,
)
from portal.rules import Severity, closure_orders, evaluate_office, r1_applies
from tests.conftest import base_config
from tests.small_demo import small_demo_app

TODAY = date(2026, 6, 1)
# On PostgreSQL every test shares one database: the tests that need it empty (the two
# interruption tests, on the function-scoped `app`) come first, before `loaded` fills it.


class StopAt(Progress):
    """A progress display that raises when a task starts, as Ctrl-C would in the middle."""

    def __init__(self, label: str) -> None:
        super().__init__(enabled=False)
        self.label = label

    def __call__(self, label: str, total: int):
        if label == self.label:
            raise KeyboardInterrupt
        return super().__call__(label, total)


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_an_interrupted_portal_step_leaves_nothing_half_written(app, db):
    with pytest.raises(KeyboardInterrupt):
        # Governments and offices are flushed when the accounts begin: all must go.
        run_steps(db, "small", StopAt("Accounts"), [("portal", PortalDemo())])
    assert count(db, Government) == 0
    assert count(db, Office) == 0
    assert count(db, Account) == 0


def test_a_failing_package_step_is_rolled_back_and_earlier_steps_are_kept(app, db, runner):
    def broken_step(db, scale, progress):
        db.add(Government(code="990001", name_zh="半途", level=GovernmentLevel.COUNTY))
        db.flush()
        raise KeyboardInterrupt

    steps = app.extensions["portal_registry"].demo_steps
    steps.clear()  # this app only: the portal's step, then one that breaks half-way
    app.extensions["portal_registry"].add_demo_step(90, "broken", broken_step)
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 1
    assert "Interrupted" in result.output
    db.rollback()
    assert count(db, Office) >= SCALES["small"]
    assert db.scalar(select(Government).where(Government.code == "990001")) is None


def test_an_empty_database_is_refused_with_what_to_do(tmp_path):
    empty = create_app({**base_config(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/e.db"})
    with empty.app_context():
        result = empty.test_cli_runner().invoke(args=["demo", "load"])
        database.session.remove()
        database.engine.dispose()
    assert result.exit_code == 1
    assert "flask db upgrade heads" in result.output


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, migrated_database):
    """One app per module with the small demo loaded once through the command."""
    with small_demo_app(tmp_path_factory.mktemp("demo"), migrated_database) as (app, output):
        app.first_output = output
        yield app


@pytest.fixture
def demo_db(loaded):
    yield database.session
    database.session.rollback()


def checksum(db) -> tuple[dict[str, int], str]:
    """Rows per table and a digest of every row of every table, in primary-key order."""
    digest = hashlib.sha256()
    counts = {}
    names = sorted(inspect(db.connection()).get_table_names())
    for name in names:
        if name == "alembic_version":
            continue
        table = database.metadata.tables.get(name)
        order = ", ".join(c.name for c in table.primary_key) if table is not None else "1"
        rows = db.execute(text(f'SELECT * FROM "{name}" ORDER BY {order}')).all()
        counts[name] = len(rows)
        digest.update(name.encode())
        for row in rows:
            digest.update(repr(tuple(row)).encode())
    return counts, digest.hexdigest()


def test_the_command_shows_progress_a_summary_and_the_demo_accounts(loaded):
    output = loaded.first_output
    for label in ("Governments", "Offices", "Accounts", "Rows per table", "office "):
        assert label in output
    assert "added by the portal: 3422 governments" in output
    for role, password in DEMO_PASSWORDS.items():
        assert password in output, role
        assert len(password) >= 16
    assert "admin@demo.example.cn" in output and "ngoa@demo.example.cn" in output


def test_a_second_run_changes_nothing(loaded, demo_db):
    before = checksum(demo_db)
    demo_db.rollback()
    result = loaded.test_cli_runner().invoke(args=["demo", "load", "--scale", "small"])
    assert result.exit_code == 0, result.output
    assert "added by the portal: 0 governments, 0 offices, 0 accounts" in result.output
    after = checksum(demo_db)
    assert after == before
    assert before[0]["office"] >= SCALES["small"]


def test_real_divisions_are_loaded_with_contact_channels_for_supervisors(demo_db):
    provinces = demo_db.scalars(
        select(Government).where(Government.level == GovernmentLevel.PROVINCIAL)
    ).all()
    assert len(provinces) == 34
    hebei = next(p for p in provinces if p.code == "130000")
    assert (hebei.name_zh, hebei.name_en, hebei.capital_zh) == ("河北省", "Hebei", "石家庄市")
    national = demo_db.scalar(select(Government).where(Government.code == "000000"))
    assert national.name_zh == "国务院" and hebei.parent_id == national.id
    laishui = demo_db.scalar(select(Government).where(Government.code == "130623"))
    assert laishui.name_zh == "涞水县" and laishui.parent.code == "130600"
    assert laishui.name_en == "Laishui County"
    yanbian = demo_db.scalar(select(Government).where(Government.code == "222400"))
    assert yanbian.name_en == "Yanbian Korean Autonomous Prefecture" and yanbian.autonomous
    autonomous = demo_db.scalars(select(Government).where(Government.autonomous)).all()
    assert {g.level for g in autonomous} >= {GovernmentLevel.PREFECTURAL, GovernmentLevel.COUNTY}
    supervisors = demo_db.scalars(
        select(Government).where(
            Government.id.in_(
                select(Government.parent_id).join(
                    Office, Office.establishing_government_id == Government.id
                )
            )
        )
    ).all()
    assert supervisors
    for government in supervisors:
        assert government.contact_phone and government.contact_address, government.code
        assert government.contact_email.endswith(".example.cn")
        assert government.contact_web.startswith("https://")


def test_offices_of_every_kind_and_status_spread_over_provinces(demo_db):
    offices = demo_db.scalars(select(Office)).all()
    assert len(offices) >= SCALES["small"] >= 300
    assert {o.status for o in offices} == set(OfficeStatus)
    assert {o.kind for o in offices} == set(OfficeKind)
    assert len({o.host_province_id for o in offices}) >= 20
    assert any(o.department_zh and "局" in o.name_zh for o in offices)
    laishui_like = [o for o in offices if o.name_zh.endswith("县人民政府驻" + "石家庄办事处")]
    assert laishui_like and laishui_like[0].name_en.endswith(
        "County Government Office in Shijiazhuang"
    )
    assert all(o.functions for o in offices)


def test_every_office_rule_is_both_broken_and_kept(demo_db):
    facts = gather_office_facts(demo_db)
    broken = {code: set() for code in ("R1", "R2", "R3", "R4", "R5", "R9")}
    severities = set()
    for office in facts:
        for finding in evaluate_office(office, TODAY):
            broken[finding.rule].add(office.slug)
            severities.add((finding.rule, finding.severity))
    assert all(broken.values()), {code: len(slugs) for code, slugs in broken.items()}
    assert ("R4", Severity.WARNING) in severities  # opened before its approval
    assert ("R4", Severity.VIOLATION) in severities
    # Offices the rule is about that keep it.
    in_scope = {
        "R1": lambda o: r1_applies(o),
        "R2": lambda o: o.government_autonomous and o.in_own_province,
        "R3": lambda o: not o.in_own_province and o.is_department,
        "R4": lambda o: o.established_on is not None and o.established_on > date(2015, 3, 16),
        "R5": lambda o: o.mission_ends_on is not None and o.mission_ends_on < TODAY,
        "R9": lambda o: o.closure_ordered_on is not None or closure_orders(o, TODAY),
    }
    for code, applies in in_scope.items():
        kept = [o for o in facts if applies(o) and o.slug not in broken[code]]
        assert kept, code


def test_demo_accounts_sign_in_with_the_published_passwords(demo_db):
    accounts = demo_db.scalars(select(Account)).all()
    assert {a.role for a in accounts} == set(Role)
    admin = next(a for a in accounts if a.email == "admin@demo.example.cn")
    assert verify_password(admin.password_hash, DEMO_PASSWORDS[Role.ADMIN])
    national = next(a for a in accounts if a.role is Role.NATIONAL)
    assert national.government.code == "000000"
    assert {a.government.level for a in accounts if a.role is Role.SUPERVISOR} == {
        GovernmentLevel.PROVINCIAL,
        GovernmentLevel.PREFECTURAL,
    }
    assert len([a for a in accounts if a.role is Role.OFFICE_EDITOR and a.office]) >= 3


def test_the_plan_is_the_same_every_time_and_the_full_scale_is_large():
    divisions = read_divisions()
    assert plan_offices(divisions, "small") == plan_offices(divisions, "small")
    full = plan_offices(divisions, "full")
    assert len(full) >= 3000
    assert len({p.slug for p in full}) == len(full)
    assert {p.scenario for p in full} == {p.scenario for p in plan_offices(divisions, "small")}
