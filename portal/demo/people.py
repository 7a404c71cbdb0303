"""Demo accounts: one per role, with fixed demonstration passwords and, on a demo instance, fixed
published two-step keys, so that nobody who signs in first can lock the others out.

Never use them for real data: the keys are refused at sign-in on an instance that is not a demo
instance (PORTAL_DEMO unset), and `flask demo load` gives them only on a demo instance.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from portal.accounts import create_account, find_account
from portal.demo.offices import OfficePlan
from portal.demo.progress import Progress
from portal.models import Account, OfficeStatus, Role
from portal.queries import load_government, office_by_slug
from portal.two_factor import decrypt_secret, encrypt_secret

DEMO_PASSWORDS = {
    Role.ADMIN: "Admin-demo-liaison-2015-circular",
    Role.NATIONAL: "Ngoa-demo-liaison-2015-summary",
    Role.SUPERVISOR: "Supervisor-demo-liaison-2015-inbox",
    Role.OFFICE_EDITOR: "Editor-demo-liaison-2015-disclose",
}
"""Published on purpose: these accounts exist only in the demonstration data set."""

DEMO_TOTP_KEYS = {
    Role.ADMIN: "VAF5ZDZVRH7PH37642MHYO46FUTUKT4E",
    Role.NATIONAL: "PD6IQL5VPHPQ3KG3YHZFHD3DTEC64G22",
    Role.SUPERVISOR: "PAMDQ3YJCWDDH25ZKNWYQFRC7IY7OHGL",
    Role.OFFICE_EDITOR: "OS7XCTPWNZUPETZBMB2L6OKK7GWPNCRN",
}
"""The two-step keys of the demo accounts (base32, for any authenticator app), one per role.

Published on purpose, in the README and on the sign-in page of a demo instance only.
"""


def demo_instance() -> bool:
    """Whether this instance says it is a demonstration (PORTAL_DEMO=true): only then are the
    published keys given to the demo accounts, shown on the sign-in page and accepted."""
    if not has_app_context():
        return False
    value = current_app.config.get("DEMO", False)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def uses_published_key(account: Account) -> bool:
    """Whether the account's second factor is one of the published demo keys."""
    if not account.totp_secret:
        return False
    return decrypt_secret(account.totp_secret) in DEMO_TOTP_KEYS.values()


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

    @property
    def totp_key(self) -> str:
        return DEMO_TOTP_KEYS[self.role]


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


def give_published_key(existing: Account, account: DemoAccount) -> bool:
    """Set the account's second factor to its published demo key, unless it has it already.

    Returns whether anything changed (so a second load on a demo instance changes nothing).
    """
    if existing.totp_secret and decrypt_secret(existing.totp_secret) == account.totp_key:
        return False
    existing.totp_secret = encrypt_secret(account.totp_key)
    existing.totp_enabled_at = existing.totp_enabled_at or existing.created_at
    existing.totp_last_used_step = None
    return True


def load_accounts(
    db: Session, accounts: list[DemoAccount], progress: Progress, *, demo: bool = False
) -> int:
    """Create the demo accounts that do not exist yet (matched by email); returns how many.

    With `demo` (a demo instance), every demo account, new or existing, gets its published
    two-step key back, so whoever enrolled another key today cannot lock the others out.
    Flushes, never commits. An account whose government or office is missing is skipped.
    """
    added = 0
    with progress("Accounts", total=len(accounts)) as bar:
        for account in accounts:
            bar.update(1)
            existing = find_account(db, account.email)
            if existing is not None:
                if demo:
                    give_published_key(existing, account)
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
            if demo:
                db.flush()
                give_published_key(created, account)
            added += 1
    db.flush()
    return added


DEMO_NOTICE_EMAILS = {
    Role.ADMIN: "admin@demo.example.cn",
    Role.NATIONAL: "ngoa@demo.example.cn",
    Role.SUPERVISOR: "hebei@demo.example.cn",
    Role.OFFICE_EDITOR: "editor1@demo.example.cn",
}


def demo_accounts_notice() -> list[dict[str, str]]:
    """What the sign-in page of a demo instance publishes: per role an account, its password,
    and its two-step key (in groups of four, as an authenticator app takes it)."""
    return [
        {
            "role": role.value,
            "email": email,
            "password": DEMO_PASSWORDS[role],
            "key": " ".join(DEMO_TOTP_KEYS[role][i : i + 4] for i in range(0, 32, 4)),
        }
        for role, email in DEMO_NOTICE_EMAILS.items()
    ]
