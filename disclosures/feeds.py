"""Atom 1.0 feeds (RFC 4287), built with ElementTree so every text is escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedEntry:
    """One entry: a stable id (a tag: URI), its title, when it changed, its page, a summary."""

    id: str
    title: str
    updated: datetime
    link: str
    summary: str
    category: str | None = None


@dataclass(frozen=True)
class Feed:
    """The feed itself: id, title, its own address (rel=self) and the page it mirrors."""

    id: str
    title: str
    self_url: str
    page_url: str
    language: str
    author: str


def rfc3339(instant: datetime) -> str:
    """An instant as RFC 3339 in UTC ("2016-03-01T08:00:00Z"); naive instants are refused."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: instants must be timezone-aware")
    return instant.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def tag_uri(authority: str, year: int, specific: str) -> str:
    """A permanent entry id in the tag: scheme (RFC 4151), e.g. tag:example.org,2016:rev/12."""
    return f"tag:{authority},{year}:{specific}"


def _text(parent: ET.Element, name: str, value: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
    element.text = value
    return element


def atom_feed(feed: Feed, entries: Iterable[FeedEntry], fallback_updated: datetime) -> bytes:
    """The feed document as UTF-8 bytes with an XML declaration.

    The feed's <updated> is the newest entry's, or `fallback_updated` when there is none
    (an empty feed is still valid Atom).
    """
    ET.register_namespace("", ATOM)
    root = ET.Element(
        f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": feed.language}
    )
    entries = list(entries)
    newest = max((entry.updated for entry in entries), default=fallback_updated)
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    _text(root, "updated", rfc3339(newest))
    ET.SubElement(
        root,
        f"{{{ATOM}}}link",
        {"rel": "self", "href": feed.self_url, "type": "application/atom+xml"},
    )
    ET.SubElement(
        root, f"{{{ATOM}}}link", {"rel": "alternate", "href": feed.page_url, "type": "text/html"}
    )
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", feed.author)
    for entry in entries:
        element = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "updated", rfc3339(entry.updated))
        ET.SubElement(
            element,
            f"{{{ATOM}}}link",
            {"rel": "alternate", "href": entry.link, "type": "text/html"},
        )
        _text(element, "summary", entry.summary, type="text")
        if entry.category:
            ET.SubElement(element, f"{{{ATOM}}}category", {"term": entry.category})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def publication_entry(publication, authority: str, link: str, language: str) -> FeedEntry:
    """A published revision as a feed entry: first publications and corrections alike.

    A correction's summary is its reason, so a reader of the feed sees why it was corrected.
    """
    from flask_babel import gettext as _

    from disclosures.labels import label

    office = publication.office
    name = office.name_en if language == "en" and office.name_en else office.name_zh
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
    published = publication.published_at
    return FeedEntry(
        id=tag_uri(authority, published.year, f"disclosures/publication/{publication.id}"),
        title=title,
        updated=published,
        link=link,
        summary=summary,
        category=str(publication.kind.value),
    )
