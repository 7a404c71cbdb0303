"""HTTP caching of the public pages, made from the data's version that the findings outbox keeps.

An anonymous GET of a public page (`portal.security.public_request`) gets an ETag made of the
public data's version (`finding_state.data_version`, one more after every commit that changed
public data, the findings included), the day in China, the page's language and the code's
release. A client that holds that ETag gets a 304 before the view runs; one that does not gets
the page, which this process keeps (a bounded LRU of `PORTAL_PAGE_CACHE_ENTRIES` pages, 256 by
default, none in tests) and serves again, unchanged, until the version moves. A page is kept
under its language and its address (`?lang=` included: English pages are kept too), so a page
drawn in one language is never served for a request in the other. Nothing here is
stale for longer than `PORTAL_VERSION_SECONDS` (1 s by default, 0 in tests): a process reads
the version once per that interval instead of on every request, and forgets it at once after a
commit of its own that changed public data, so the person who made a change sees it on their next
page; another worker shows it within that second (the pages say `max-age=60` anyway).

`portal.security.set_security_headers` writes the caching headers (ETag, `public, max-age=60`,
`Vary: Cookie`) or keeps a response private.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path

from flask import Response, current_app, g, request, session

from portal.clock import today_in_china
from portal.database import database
from portal.findings import data_version
from portal.i18n import current_language
from portal.security import public_request

PAGE_CACHE = "portal_page_cache"
VERSION_MEMO = "portal_version_memo"
MAX_CACHED_BYTES = 2 * 1024 * 1024
"""A page larger than this (a whole export) is drawn each time instead of kept."""
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
SOURCE_FOLDERS_SKIPPED = frozenset({".git", ".venv", "instance", "static", "tests", "node_modules"})


class PageCache:
    """The pages one process drew for the current data version, least recently used first out."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self.pages: OrderedDict[tuple[str, str], tuple[bytes, list]] = OrderedDict()
        """(language, address) → (body, headers)."""
        self.version = ""
        self.lock = threading.Lock()

    def get(self, key: tuple[str, str], version: str) -> tuple[bytes, list] | None:
        with self.lock:
            if version != self.version:  # the data changed: every page kept is old
                self.pages.clear()
                self.version = version
                return None
            found = self.pages.get(key)
            if found is not None:
                self.pages.move_to_end(key)
            return found

    def put(self, key: tuple[str, str], version: str, page: tuple[bytes, list]) -> None:
        with self.lock:
            if version != self.version:
                return
            self.pages[key] = page
            while len(self.pages) > self.entries:
                self.pages.popitem(last=False)


class VersionMemo:
    """The data version this process read last, and when (monotonic seconds)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.version: int | None = None
        self.read_at = 0.0

    def current(self, read) -> int:
        now = time.monotonic()
        version = self.version
        if version is None or now - self.read_at >= self.seconds:
            version = read()
            self.version, self.read_at = version, now
        return version

    def forget(self) -> None:
        self.version = None


def page_cache_entries(app) -> int:
    """How many pages each process keeps (`PORTAL_PAGE_CACHE_ENTRIES`; 256, none in tests):
    0 turns every per-process page cache off."""
    return int(app.config.get("PAGE_CACHE_ENTRIES", 0 if app.testing else 256) or 0)


def remember_release(state) -> None:
    """At registration: the release token and the page cache of this app."""
    app = state.app
    release = str(app.config.get("RELEASE") or "") or _fingerprint(Path(app.root_path))
    app.extensions["portal_release"] = release
    entries = page_cache_entries(app)
    app.extensions[PAGE_CACHE] = PageCache(entries) if entries > 0 else None
    seconds = float(app.config.get("VERSION_SECONDS", 0 if app.testing else 1) or 0)
    memo = VersionMemo(seconds)
    app.extensions[VERSION_MEMO] = memo
    app.extensions["public_data_committed"] = memo.forget


def _fingerprint(root: Path) -> str:
    """The code that draws the pages (templates, modules, catalogs), so a deployment changes
    every ETag; the same in every worker started from the same files."""
    digest = hashlib.blake2b(digest_size=6)
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d not in SOURCE_FOLDERS_SKIPPED)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".mo", ".toml", ".txt")):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def kept_data_version() -> int:
    """The public data's version as this process read it last (at most `VERSION_SECONDS` ago,
    and read again at once after a commit of its own that changed public data): what anything
    kept per version in a process is keyed on."""
    memo: VersionMemo = current_app.extensions[VERSION_MEMO]
    return memo.current(lambda: data_version(database.session))


def answer_unchanged_public_pages() -> Response | None:
    """Before the view: the ETag; a 304 when the client has it; the kept page when there is one."""
    if not public_request():
        return None
    version = str(kept_data_version())
    day = today_in_china().strftime("%Y%m%d")
    release = current_app.extensions["portal_release"]
    tag = "-".join((version, day, current_language(), release))
    g.public_etag = tag
    g.page_generation = f"{version}-{day}-{release}"  # the same for every language
    if request.if_none_match.contains_weak(tag):
        return Response(status=304)
    cache: PageCache | None = current_app.extensions.get(PAGE_CACHE)
    if cache is None:
        return None
    kept = cache.get(_page_key(), g.page_generation)
    if kept is None:
        return None
    g.page_was_kept = True
    body, headers = kept
    return Response(body, headers=headers)


def _page_key() -> tuple[str, str]:
    """A kept page's key: the language it is drawn in, and its address."""
    return current_language(), request.full_path


def keep_public_page(response: Response) -> Response:
    """After the view: keep a public page drawn for the current version (nothing personal: no
    cookie set by the view, no form). The language cookie a `?lang=` sets is no reason not to:
    it is written after this hook, on a kept page served again too, and the page is the same."""
    cache: PageCache | None = current_app.extensions.get(PAGE_CACHE)
    tag = g.get("public_etag")
    # Taken off `g`: requests that share an app context (tests) would pass it on.
    was_kept = g.pop("page_was_kept", False)
    if (
        cache is None
        or tag is None
        or was_kept
        or response.status_code != 200
        or response.is_streamed
        or session.modified
        or current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g
        or "Set-Cookie" in response.headers
        or not public_request()
    ):
        return response
    body = response.get_data()
    if len(body) <= MAX_CACHED_BYTES:
        headers = [
            (name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers
        ]
        cache.put(_page_key(), g.page_generation, (body, headers))
    return response
