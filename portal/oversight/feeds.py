"""Atom 1.0 documents (RFC 4287) of inspection results and of one office's oversight record."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Entry:
    """One entry: a permanent id (a tag: URI), title, last change, its page, a plain summary."""

    id: str
    title: str
    updated: datetime
    link: str
    summary: str
    category: str


def rfc3339(instant: datetime) -> str:
    """An aware instant as RFC 3339 UTC, e.g. 2015-11-30T08:00:00Z."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: instants must be timezone-aware")
    return instant.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def tag_uri(authority: str, specific: str) -> str:
    """A permanent id in the tag: scheme (RFC 4151), dated at the circular's year."""
    return f"tag:{authority or 'localhost'},2015:{specific}"


def _add(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
    if text is not None:
        element.text = text
    return element


def atom_document(
    *,
    feed_id: str,
    title: str,
    self_url: str,
    page_url: str,
    language: str,
    author: str,
    entries: Iterable[Entry],
    fallback_updated: datetime,
) -> bytes:
    """The feed as UTF-8 bytes; an empty feed is still valid (its <updated> is the fallback)."""
    ET.register_namespace("", ATOM)
    entries = list(entries)
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: language})
    _add(root, "id", feed_id)
    _add(root, "title", title)
    newest = max((entry.updated for entry in entries), default=fallback_updated)
    _add(root, "updated", rfc3339(newest))
    _add(root, "link", rel="self", href=self_url, type="application/atom+xml")
    _add(root, "link", rel="alternate", href=page_url, type="text/html")
    _add(_add(root, "author"), "name", author)
    for entry in entries:
        element = _add(root, "entry")
        _add(element, "id", entry.id)
        _add(element, "title", entry.title)
        _add(element, "updated", rfc3339(entry.updated))
        _add(element, "link", rel="alternate", href=entry.link, type="text/html")
        _add(element, "category", term=entry.category)
        _add(element, "summary", entry.summary, type="text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
