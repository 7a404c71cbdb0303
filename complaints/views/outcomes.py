"""Public pages of closed complaints' outcomes per office and per government, with Atom feeds
(issue 16 item 15)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, render_template
from flask_babel import get_locale
from flask_babel import gettext as _

from complaints import bp
from complaints.labels import OUTCOME_LABELS
from complaints.outcomes import closed_outcomes_page
from portal.atom import Feed, FeedEntry, atom_feed, atom_response, public_url, tag_uri
from portal.database import database
from portal.i18n import localized_name
from portal.params import page_number
from portal.queries import load_government, office_by_slug_or_404

EMPTY_FEED_UPDATED = datetime(2015, 3, 16, tzinfo=UTC)
FEED_SIZE = 50


def government_or_404(code: str):
    government = load_government(database.session, code) if code.isdigit() else None
    if government is None:
        abort(404)
    return government


def _page(subject_name: str, rows, more: bool, page: int, endpoint: str, feed: str, **key):
    return render_template(
        "complaints/outcomes.html",
        subject_name=subject_name,
        rows=rows,
        more=more,
        page=page,
        endpoint=endpoint,
        feed_endpoint=feed,
        key=key,
    )


@bp.get("/complaints/outcomes/office/<slug>")
def office_outcomes(slug: str):
    office = office_by_slug_or_404(database.session, slug)
    page = page_number()
    rows, more = closed_outcomes_page(database.session, office_id=office.id, page=page)
    return _page(
        localized_name(office), rows, more, page, "complaints.office_outcomes",
        "complaints.office_outcomes_feed", slug=slug,
    )  # fmt: skip


@bp.get("/complaints/outcomes/government/<code>")
def government_outcomes(code: str):
    government = government_or_404(code)
    page = page_number()
    rows, more = closed_outcomes_page(database.session, government_id=government.id, page=page)
    return _page(
        localized_name(government), rows, more, page, "complaints.government_outcomes",
        "complaints.government_outcomes_feed", code=code,
    )  # fmt: skip


def _feed(subject_name: str, specific: str, page_endpoint: str, feed_endpoint: str, rows, **key):
    feed = Feed(
        id=tag_uri(f"complaint-outcomes/{specific}"),
        title=_("Outcomes of complaints: %(name)s", name=subject_name),
        self_url=public_url(feed_endpoint, **key),
        page_url=public_url(page_endpoint, **key),
        language=str(get_locale() or "zh"),
        author=_("Liaison office transparency portal"),
    )
    entries = [
        FeedEntry(
            id=tag_uri(f"complaint-outcome/{row.id}"),
            title=f"{OUTCOME_LABELS[row.outcome]} — "
            + (localized_name(row.office) if row.office else row.unlisted_office_name or ""),
            updated=row.closed_at if row.closed_at.tzinfo else row.closed_at.replace(tzinfo=UTC),
            link=public_url(page_endpoint, **key),
            summary=row.outcome_summary or "",
            category=row.outcome.value,
        )
        for row in rows
    ]
    return atom_response(atom_feed(feed, entries, fallback_updated=EMPTY_FEED_UPDATED))


@bp.get("/complaints/outcomes/office/<slug>.atom")
def office_outcomes_feed(slug: str):
    office = office_by_slug_or_404(database.session, slug)
    rows, _more = closed_outcomes_page(database.session, office_id=office.id, size=FEED_SIZE)
    return _feed(
        localized_name(office), f"office/{office.slug}", "complaints.office_outcomes",
        "complaints.office_outcomes_feed", rows, slug=slug,
    )  # fmt: skip


@bp.get("/complaints/outcomes/government/<code>.atom")
def government_outcomes_feed(code: str):
    government = government_or_404(code)
    rows, _more = closed_outcomes_page(
        database.session, government_id=government.id, size=FEED_SIZE
    )
    return _feed(
        localized_name(government), f"government/{government.code}",
        "complaints.government_outcomes", "complaints.government_outcomes_feed", rows, code=code,
    )  # fmt: skip
