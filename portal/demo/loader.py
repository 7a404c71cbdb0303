"""Loading the demo: the portal's own data (governments, offices, accounts), then each package's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from time import perf_counter

from sqlalchemy import func, insert, inspect, select, table
from sqlalchemy.orm import Session

from portal.demo.geography import government_ids, load_governments, read_divisions
from portal.demo.offices import OfficePlan
from portal.demo.people import DemoAccount, demo_accounts, demo_instance, load_accounts
from portal.demo.progress import Progress
from portal.demo.scenarios import plan_offices
from portal.models import Office, OfficeFunctionAssignment

DemoStep = Callable[[Session, str, Progress], object]


def load_offices(db: Session, plans: list[OfficePlan], progress: Progress) -> int:
    """Add the planned offices that are missing (matched by slug), with their functions.

    Never changes an existing office. Returns how many were added. Flushes, never commits.
    """
    ids = government_ids(db)
    existing = set(db.scalars(select(Office.slug)))
    rows, functions = [], {}
    with progress("Offices", total=len(plans)) as bar:
        for plan in plans:
            bar.update(1)
            if plan.slug in existing:
                continue
            values = asdict(plan)
            functions[plan.slug] = values.pop("functions")
            values.pop("scenario")
            values["establishing_government_id"] = ids[values.pop("government_code")]
            values["host_province_id"] = ids[values.pop("host_code")]
            approving = values.pop("approving_code")
            values["approving_government_id"] = ids[approving] if approving else None
            rows.append(values)
    if rows:
        for start in range(0, len(rows), 500):
            db.execute(insert(Office), rows[start : start + 500])
        office_ids = dict(db.execute(select(Office.slug, Office.id)).all())
        assignments = [
            {"office_id": office_ids[slug], "function": function}
            for slug, codes in functions.items()
            for function in codes
        ]
        # The table, not the mapped class: the rows belong to offices just inserted (whose
        # own insert is seen by session hooks such as the search outbox), and have no id.
        db.execute(insert(OfficeFunctionAssignment.__table__), assignments)
    db.flush()
    return len(rows)


class PortalDemo:
    """The portal's demo step: what it planned and added, for the command's summary."""

    def __init__(self) -> None:
        self.accounts: list[DemoAccount] = []
        self.added: dict[str, int] = {}

    def __call__(self, db: Session, scale: str, progress: Progress) -> None:
        """Load governments, offices and accounts that are missing; flush, never commit."""
        divisions = read_divisions()
        self.added["governments"] = load_governments(db, divisions, progress)
        plans = plan_offices(divisions, scale)
        self.added["offices"] = load_offices(db, plans, progress)
        self.accounts = demo_accounts(plans)
        self.added["accounts"] = load_accounts(db, self.accounts, progress, demo=demo_instance())


def run_steps(
    db: Session, scale: str, progress: Progress, steps: list[tuple[str, DemoStep]]
) -> dict[str, float]:
    """Run each step and commit it whole; on any error (Ctrl-C too) roll the step back.

    Steps that finished before stay committed; the one interrupted leaves nothing behind.
    Returns the seconds each step took.
    """
    timings: dict[str, float] = {}
    for name, step in steps:
        started = perf_counter()
        try:
            step(db, scale, progress)
            db.commit()
        except BaseException:
            db.rollback()
            raise
        timings[name] = perf_counter() - started
    return timings


def row_counts(db: Session) -> dict[str, int]:
    """Rows in every table of the database (one count per table), Alembic's own excepted."""
    names = sorted(
        name for name in inspect(db.connection()).get_table_names() if name != "alembic_version"
    )
    return {name: db.scalar(select(func.count()).select_from(table(name))) for name in names}
