"""Demo complaints, filed through the same service a citizen uses (so routing and deadlines are real)."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from complaints import supervision
from complaints.escalation import escalate_overdue
from complaints.intake import Intake, submit_complaint
from complaints.models import Complaint, ComplaintCategory, NotificationOutbox
from complaints.receipts import group_secret, nonce_digest, secret_for_nonce
from portal.clock import utcnow
from portal.models import Account, Government, GovernmentLevel, Office, Role
from portal.oversight.scope import under_the_circular

COUNTS = {"small": 150, "full": 1500}
FIRST_DAY = datetime(2015, 4, 1, tzinfo=UTC)

# Invented texts (the demo says so on every page); one per category, in both languages.
TEXTS = {
    ComplaintCategory.UNAUTHORISED_OFFICE: "（演示）这个办事处没有出现在名录中，但门口挂着牌子，每天有人办公。"
    "\n(Demo) This office is not in the registry, yet it has a sign at the door and staff every day.",
    ComplaintCategory.SHOULD_HAVE_CLOSED: "（演示）通知要求撤销的办事处仍在营业，电话也有人接。"
    "\n(Demo) The office that was to close is still open and answers its phone.",
    ComplaintCategory.RECEPTION_OVER_STANDARD: "（演示）一次接待安排了高档酒店和多次宴请，超出标准。"
    "\n(Demo) One reception used a luxury hotel and several banquets, over the standard.",
    ComplaintCategory.DISCLOSURE: "（演示）办事处没有公开去年的接待预算和服务商名单。"
    "\n(Demo) The office has not published last year's reception budget or its providers.",
    ComplaintCategory.VEHICLES_OR_VENUES: "（演示）办事处的公车在周末被用于私人活动。"
    "\n(Demo) The office's car is used for private trips at weekends.",
    ComplaintCategory.STAFF_MISCONDUCT: "（演示）工作人员要求来访群众支付“协调费”。"
    "\n(Demo) A member of staff asked visitors for a 'coordination fee'.",
    ComplaintCategory.OTHER: "（演示）办事处的服务清单上的电话一直无人接听。"
    "\n(Demo) Nobody ever answers the phone listed on the office's service list.",
}


def demo_nonce(scale: str, number: int) -> str:
    """A deterministic form nonce per demo complaint (so a second run finds it again)."""
    return hashlib.sha256(f"demo-complaint-{scale}-{number}".encode()).hexdigest()


def load_demo(db: Session, scale: str, progress) -> None:
    """File demo complaints spread over the years, categories and provinces. Adds; never commits.

    Idempotent: a complaint whose nonce is already stored is skipped. Prints one reference and
    its secret so that a developer can try the tracking page.
    """
    config = current_app.config
    rng = random.Random(f"complaints-{scale}")
    office_slugs = list(db.scalars(select(Office.slug).order_by(Office.slug)))
    province_codes = [
        code
        for code in db.scalars(
            select(Government.code)
            .where(Government.level == GovernmentLevel.PROVINCIAL)
            .order_by(Government.code)
        )
        if under_the_circular(code)  # no host province outside the circular (issue 15 item 1)
    ]
    if not office_slugs or not province_codes:
        progress.echo("No offices: no demo complaints.")
        return
    span = (utcnow() - FIRST_DAY).total_seconds()
    categories = list(ComplaintCategory)
    filed_ids: list[int] = []
    sample = None
    for number in progress.iter(range(COUNTS.get(scale, COUNTS["small"])), "Complaints"):
        nonce = demo_nonce(scale, number)
        when = FIRST_DAY + timedelta(seconds=rng.random() * span)
        category = rng.choice(categories)
        unlisted = category == ComplaintCategory.UNAUTHORISED_OFFICE and rng.random() < 0.6
        with_contact = rng.random() < 0.4
        intake = Intake(
            nonce=nonce,
            category=category.value,
            body=TEXTS[category],
            office_slug=None if unlisted else rng.choice(office_slugs),
            unlisted_name="（演示）某县驻省城联络处 (Demo) Some county liaison office"
            if unlisted
            else None,
            unlisted_city="（演示）省会 (Demo) the capital" if unlisted else None,
            unlisted_province_code=rng.choice(province_codes) if unlisted else None,
            occurred_on=(when - timedelta(days=rng.randint(1, 60))).date(),
            contact_name="（演示）张三 (Demo) Zhang San" if with_contact else None,
            contact_email=f"demo{number}@example.invalid" if with_contact else None,
        )
        if db.scalar(
            select(Complaint.id).where(
                Complaint.nonce_digest == nonce_digest(config["DATA_KEY"], nonce)
            )
        ):
            continue
        receipt = submit_complaint(
            db,
            intake,
            data_key=config["DATA_KEY"],
            upload_dir=config["UPLOAD_DIR"],
            now=when,
        )
        filed_ids.append(receipt.complaint.id)
        sample = sample or (
            receipt.complaint.reference,
            secret_for_nonce(config["DATA_KEY"], nonce),
        )
    worked = work_demo_complaints(db, filed_ids, rng)
    # Nobody should be mailed about invented complaints of past years: mark them as not sent.
    for start in range(0, len(filed_ids), 500):
        db.execute(
            update(NotificationOutbox)
            .where(NotificationOutbox.complaint_id.in_(filed_ids[start : start + 500]))
            .values(delivered_at=utcnow(), last_error="demo data: not sent")
        )
    db.flush()
    progress.echo(f"Filed {len(filed_ids)} demo complaints; {worked} handled by supervisors.")
    if sample:
        progress.echo(f"Try /complaints/track with {sample[0]} and {group_secret(sample[1])}.")


OUTCOME_TEXTS = {
    "upheld": "（演示）经核查属实，已责令整改并退还超标费用。\n(Demo) Found true; the office was "
    "ordered to put it right and repay the excess.",
    "partly_upheld": "（演示）部分属实，已对相关人员进行提醒谈话。\n(Demo) Partly true; the staff "
    "concerned were warned.",
    "not_upheld": "（演示）经核查，相关安排符合规定。\n(Demo) Checked: the arrangements met the rules.",
    "outside_remit": "（演示）该事项不属于本机关职责，已告知投诉人向有关部门反映。\n(Demo) Not our "
    "remit; the complainant was told where to turn.",
}


def work_demo_complaints(db: Session, complaint_ids: list[int], rng: random.Random) -> int:
    """Spread demo complaints over every status with the supervisors' own services (issue 7).

    Each complaint is worked, and assigned, by a supervisor account of the government handling
    it (issue 16 item 7); where that government has none, the national demo account acts (it may
    act on every complaint). Each step happens at a past instant after the complaint was filed,
    so deadlines, medians and escalations are real. Returns how many complaints were worked on;
    none without a national account.
    """
    national = db.scalar(
        select(Account).where(Account.role == Role.NATIONAL, Account.active.is_(True)).limit(1)
    )
    if national is None:
        return 0
    staff: dict[int, Account] = {}
    for account in db.scalars(
        select(Account)
        .where(Account.role == Role.SUPERVISOR, Account.active.is_(True))
        .order_by(Account.id)
    ):
        staff.setdefault(account.government_id, account)
    now = utcnow()
    worked = 0
    for complaint_id in complaint_ids:
        complaint = db.get(Complaint, complaint_id)
        actor = staff.get(complaint.primary_government_id, national)
        roll = rng.random()
        at = complaint.submitted_at + timedelta(days=rng.randint(1, 20), hours=rng.randint(1, 9))
        if roll < 0.12 or at >= now:
            continue  # left submitted (some of them overdue)
        supervision.acknowledge(db, complaint, actor, notify=False, now=at)
        worked += 1
        at += timedelta(days=rng.randint(1, 10))
        if roll < 0.2 or at >= now:
            continue
        supervision.assign(db, complaint, actor, actor.id, notify=False, now=at)
        if roll < 0.3:
            supervision.tag(
                db, complaint, actor, rng.choice(["hotel", "vehicles", "repeat"]), now=at
            )
            continue
        at += timedelta(days=rng.randint(1, 10))
        if roll < 0.38 and at < now:
            supervision.request_information(
                db,
                complaint,
                actor,
                "（演示）请提供发票照片。\n(Demo) Please send the invoices.",
                notify=False,
                now=at,
            )
            continue
        at += timedelta(days=rng.randint(1, 50))
        if at >= now:
            continue
        outcome = rng.choice(list(OUTCOME_TEXTS))
        supervision.close(
            db, complaint, actor, outcome, OUTCOME_TEXTS[outcome], notify=False, now=at
        )
    escalate_overdue(db, now)
    return worked
