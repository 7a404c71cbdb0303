"""The oversight Atom feeds: published inspection results, and one office's oversight record.

Built with `portal.atom` like every feed of the portal: links are absolute from the configured
public URL and ids are tag: URIs of the one shape. An application's id includes its status, so
a decision appears to readers as a new entry rather than an edit they might miss.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _

from portal.atom import Feed, FeedEntry, atom_feed, public_url, tag_uri
from portal.i18n import current_language, localized_name
from portal.labels import label
from portal.models import Office
from portal.oversight.labels import APPLICATION_STATUS_LABELS, RESULT_LABELS
from portal.oversight.models import ApprovalApplication, Inspection

FEED_SIZE = 50
"""The newest inspections the national feed carries."""

OFFICE_FEED_SOURCES = "office_feed_sources"
"""`app.extensions[OFFICE_FEED_SOURCES]`: functions office -> [FeedEntry] that other packages
add to an office's feed (the disclosures package: its publications and corrections). A stand-in
until the portal registry offers `add_office_feed_source`."""

EPOCH = datetime(2015, 3, 16, tzinfo=UTC)
"""An empty feed's <updated>: the circular's date, so that it never changes."""


def inspection_entry(item: Inspection) -> FeedEntry:
    """One published inspection as an entry (its id never changes: it is published once)."""
    office_name = localized_name(item.office)
    result = label(RESULT_LABELS, item.result)
    return FeedEntry(
        id=tag_uri(f"inspection/{item.id}"),
        title=_("Inspection of %(office)s: %(result)s", office=office_name, result=result),
        updated=item.published_at,
        link=public_url("oversight.inspection", inspection_id=item.id),
        summary=_(
            "%(government)s inspected %(office)s on %(date)s. Result: %(result)s.",
            government=localized_name(item.inspecting_government),
            office=office_name,
            date=item.inspected_on.isoformat(),
            result=result,
        ),
        category="inspection",
    )


def application_entry(item: ApprovalApplication) -> FeedEntry:
    """One application as an entry, a new one for each status it reaches."""
    return FeedEntry(
        id=tag_uri(f"approval/{item.id}/{item.status.value}"),
        title=_(
            "Application for %(office)s: %(status)s",
            office=item.office_name(current_language()),
            status=label(APPLICATION_STATUS_LABELS, item.status),
        ),
        updated=item.decided_at or item.submitted_at,
        link=public_url("oversight.approval", application_id=item.id),
        summary=item.decision_reasons or item.reason,
        category="approval",
    )


def _newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    return sorted(entries, key=lambda entry: entry.updated, reverse=True)


def inspections_feed(inspections: list[Inspection]) -> bytes:
    """The national feed of inspection results, newest publication first."""
    feed = Feed(
        id=tag_uri("inspections"),
        title=_("Inspection results of liaison offices"),
        self_url=public_url("oversight.inspections_feed"),
        page_url=public_url("oversight.inspections"),
        language=current_language(),
        author=_("Liaison Office Transparency Portal"),
    )
    entries = _newest_first([inspection_entry(item) for item in inspections])
    return atom_feed(feed, entries, EPOCH)


def office_feed(
    office: Office,
    inspections: list[Inspection],
    applications: list[ApprovalApplication],
    others: list[FeedEntry] | None = None,
) -> bytes:
    """One office's feed: its published inspections, the applications about it, and the
    entries other packages add (`others`: its disclosures and their corrections)."""
    feed = Feed(
        id=tag_uri(f"office/{office.slug}"),
        title=_("Oversight of %(office)s", office=localized_name(office)),
        self_url=public_url("oversight.office_feed", slug=office.slug),
        page_url=public_url("portal.office", slug=office.slug),
        language=current_language(),
        author=_("Liaison Office Transparency Portal"),
    )
    entries = [inspection_entry(item) for item in inspections]
    entries += [application_entry(item) for item in applications]
    entries += others or []
    return atom_feed(feed, _newest_first(entries), EPOCH)
