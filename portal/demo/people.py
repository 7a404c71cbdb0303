"""Demo accounts: one per role, with fixed demonstration passwords (never use them for real data)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from portal.accounts import create_account, find_account
from portal.demo.offices import OfficePlan
from portal.demo.progress import Progress
from portal.models import OfficeStatus, Role
from portal.queries import load_government, office_by_slug

DEMO_PASSWORDS = {
    Role.ADMIN: "Admin-demo-liaison-2015-circular",
    Role.NATIONAL: "Ngoa-demo-liaison-2015-summary",
    Role.SUPERVISOR: "Supervisor-demo-liaison-2015-inbox",
    Role.OFFICE_EDITOR: "Editor-demo-liaison-2015-disclose",
}
"""Published on purpose: these accounts exist only in the demonstration data set."""

NGOA_NOTE = "国家机关事务管理局 National Government Offices Administration (demo account)"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    government_code: str | None = None
    office_slug: str | None = None
    note: str | None = None

    @property
    def password(self) -> str:
        return DEMO_PASSWORDS[self.role]


SUPERVISED = [
    ("hebei", "130000"),
    ("jilin", "220000"),
    ("guangdong", "440000"),
    ("sichuan", "510000"),
    ("xinjiang", "650000"),
    ("baoding", "130600"),
    ("yanbian", "222400"),
    ("shenzhen", "440300"),
]


def demo_accounts(plans: list[OfficePlan]) -> list[DemoAccount]:
    """The demo's accounts; editors get the first operating office of a few scenarios."""
    accounts = [
        DemoAccount("admin@demo.example.cn", Role.ADMIN),
        DemoAccount("ngoa@demo.example.cn", Role.NATIONAL, "000000", note=NGOA_NOTE),
    ]
    accounts += [
        DemoAccount(f"{name}@demo.example.cn", Role.SUPERVISOR, code) for name, code in SUPERVISED
    ]
    wanted = ["R3-kept", "R4-kept", "R5-kept", "R2-kept", "R3"]
    for number, scenario in enumerate(wanted, start=1):
        plan = next(
            (p for p in plans if p.scenario == scenario and p.status is OfficeStatus.OPERATING),
            None,
        )
        if plan is not None:
            email = f"editor{number}@demo.example.cn"
            accounts.append(DemoAccount(email, Role.OFFICE_EDITOR, office_slug=plan.slug))
    return accounts


def load_accounts(db: Session, accounts: list[DemoAccount], progress: Progress) -> int:
    """Create the demo accounts that do not exist yet (matched by email); returns how many.

    Flushes, never commits. An account whose government or office is missing is skipped.
    """
    added = 0
    with progress("Accounts", total=len(accounts)) as bar:
        for account in accounts:
            bar.update(1)
            if find_account(db, account.email) is not None:
                continue
            government = office = None
            if account.government_code:
                government = load_government(db, account.government_code)
                if government is None:
                    continue
            if account.office_slug:
                office = office_by_slug(db, account.office_slug)
                if office is None:
                    continue
            created = create_account(
                db,
                email=account.email,
                password=account.password,
                role=account.role,
                government=government,
                office=office,
            )
            created.note = account.note
            added += 1
    db.flush()
    return added
