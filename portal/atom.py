"""The one Atom 1.0 builder (RFC 4287), on feedgen, and absolute links from configuration.

Feeds, e-mails, OCDS packages and the sitemap need absolute addresses. They come from the
configured public base URL (`PORTAL_PUBLIC_URL`), never from the request's Host header, which a
client can forge to plant its own links in a feed that others read. Entry ids are tag: URIs
(RFC 4151) of one shape, `tag:<public host>,2015:<what>/<id>`, dated at the circular's year so
that an id never changes when a record does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import Response, current_app, url_for

ATOM_TYPE = "application/atom+xml; charset=utf-8"
TAG_DATE = "2015"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"


@dataclass(frozen=True)
class FeedEntry:
    """One entry: a permanent id (see tag_uri), its title, when it changed, its page, a summary."""

    id: str
    title: str
    updated: datetime
    link: str
    summary: str
    category: str | None = None


@dataclass(frozen=True)
class Feed:
    """The feed itself: id, title, its own address (rel=self), the page it mirrors, language."""

    id: str
    title: str
    self_url: str
    page_url: str
    language: str
    author: str


def public_base() -> str:
    """The portal's public base URL, from configuration (no trailing slash)."""
    return str(current_app.config.get("PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """An absolute link to an endpoint under the configured public base URL."""
    return public_base() + url_for(endpoint, **values)


def tag_uri(specific: str) -> str:
    """A permanent id such as `tag:portal.example.cn,2015:inspection/12`."""
    authority = urlsplit(public_base()).hostname or "localhost"
    return f"tag:{authority},{TAG_DATE}:{specific}"


def _require_aware(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("naive datetime: instants must be timezone-aware")
    return instant


def atom_feed(feed: Feed, entries: Iterable[FeedEntry], fallback_updated: datetime) -> bytes:
    """The feed document as UTF-8 bytes with an XML declaration.

    The feed's <updated> is the newest entry's, or `fallback_updated` when there is none (an
    empty feed is still valid Atom). Entries keep the order they are given in.
    """
    entries = list(entries)
    generator = FeedGenerator()
    generator.id(feed.id)
    generator.title(feed.title)
    generator.link(href=feed.self_url, rel="self", type="application/atom+xml")
    generator.link(href=feed.page_url, rel="alternate", type="text/html")
    generator.language(feed.language)
    generator.author({"name": feed.author})
    newest = max((entry.updated for entry in entries), default=fallback_updated)
    generator.updated(_require_aware(newest))
    for entry in entries:
        item = generator.add_entry(order="append")
        item.id(entry.id)
        item.title(entry.title)
        item.updated(_require_aware(entry.updated))
        item.link(href=entry.link, rel="alternate", type="text/html")
        item.summary(entry.summary, type="text")
        if entry.category:
            item.category(term=entry.category)
    return generator.atom_str(pretty=False, encoding="UTF-8", xml_declaration=True)


def atom_response(document: bytes) -> Response:
    """A feed as an HTTP response with the Atom media type."""
    return Response(document, content_type=ATOM_TYPE)
