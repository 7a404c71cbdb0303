"""The Atom feed of disclosures: the latest publications and corrections, through portal.atom."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from disclosures.labels import label
from disclosures.models import Publication
from disclosures.queries import latest_publications
from portal.atom import Feed, FeedEntry, atom_feed, public_url, tag_uri

FEED_SIZE = 50
EMPTY_FEED_UPDATED = datetime(2015, 3, 16, tzinfo=UTC)
"""An empty feed still needs an <updated>: the day the portal's records begin."""


def publication_entry(publication: Publication, language: str) -> FeedEntry:
    """A published revision as a feed entry: first publications and corrections alike.

    A correction's summary is its reason, so a reader of the feed sees why it was corrected.
    The link is the kind's history page, where the revision and its differences are shown.
    """
    name = publication.office.name(language)
    kind = label(publication.kind)
    if publication.revision > 1:
        title = _(
            "Correction: %(office)s, %(kind)s %(year)d (revision %(revision)d)",
            office=name,
            kind=kind,
            year=publication.year,
            revision=publication.revision,
        )
        summary = _("Reason for the correction: %(reason)s", reason=publication.reason or "")
    else:
        title = _("%(office)s: %(kind)s %(year)d", office=name, kind=kind, year=publication.year)
        summary = _(
            "%(kind)s of %(office)s for %(year)d published. Items: %(count)d.",
            count=publication.item_count,
            kind=kind,
            office=name,
            year=publication.year,
        )
    link = public_url(
        "disclosures.disclosure_history",
        slug=publication.office.slug,
        kind=publication.kind.value,
        year=publication.year,
        lang=language,
    )
    return FeedEntry(
        id=tag_uri(f"disclosures/publication/{publication.id}"),
        title=title,
        updated=publication.published_at,
        link=link,
        summary=summary,
        category=str(publication.kind.value),
    )


def disclosures_feed(db: Session, language: str) -> bytes:
    """The feed document of the latest publications and corrections, newest first."""
    entries = [
        publication_entry(publication, language)
        for publication in latest_publications(db, limit=FEED_SIZE)
    ]
    feed = Feed(
        id=tag_uri("disclosures"),
        title=_("Liaison office disclosures and corrections"),
        self_url=public_url("disclosures.feed", lang=language),
        page_url=public_url("disclosures.latest", lang=language),
        language="en" if language == "en" else "zh-CN",
        author=_("Liaison Office Transparency Portal"),
    )
    return atom_feed(feed, entries, fallback_updated=EMPTY_FEED_UPDATED)
