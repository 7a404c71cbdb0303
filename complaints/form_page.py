"""The blank complaint form, drawn once a minute per language in each process (issue 20 item 3).

A first visit to `/complaints/new` (nobody signed in, no office chosen, no search, nothing
flashed) is the same page for everybody but for two values: the CSRF token and the form's nonce.
Drawing it was half of a complaint's cost to the server (the template, its fields and the
province list), so each process keeps the page with those two values taken out and puts each
visitor's own in. A kept page is drawn again after `FORM_PAGE_SECONDS` (60 by default), so a
change of the province list or of the code shows within a minute. Off when `PAGE_CACHE_ENTRIES`
is 0 (the tests' default), like the public pages' cache (portal/findings_pages.py).

The tokens are made as on every other form: `generate_csrf()` (which puts the token's secret in
the session) and `receipts.new_nonce()`; both are URL-safe, so the markers and the values need
no escaping in HTML.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import current_app, request, session
from flask_wtf.csrf import generate_csrf

from complaints.receipts import new_nonce
from portal.auth import current_account, pending_account
from portal.findings_pages import PageCache, page_cache_entries
from portal.i18n import current_language

FORM_PAGE_CACHE = "complaints_form_page"
CSRF_MARK = "@@csrf-token@@"
NONCE_MARK = "@@form-nonce@@"


def init_form_page(app) -> None:
    app.extensions[FORM_PAGE_CACHE] = PageCache(8) if page_cache_entries(app) > 0 else None


def _cache() -> PageCache | None:
    return current_app.extensions.get(FORM_PAGE_CACHE)


def _generation() -> str:
    seconds = float(current_app.config.get("FORM_PAGE_SECONDS", 60))
    return str(int(time.monotonic() // seconds))


def is_blank_form_request() -> bool:
    """The same page for everybody: a GET with at most `?lang=`, nobody (half) signed in,
    no message waiting to be shown."""
    return (
        request.method == "GET"
        and set(request.args) <= {"lang"}
        and current_account() is None
        and pending_account() is None
        and "_flashes" not in session
    )


def blank_form_page(draw: Callable[[str], str]) -> str:
    """The blank form with this visitor's own CSRF token and nonce.

    `draw(nonce)` renders the page with that nonce (and the request's CSRF token); it runs when
    no page is kept (or the cache is off), and its page is kept with both values marked.
    """
    nonce = new_nonce()
    token = generate_csrf()
    cache = _cache()
    if cache is None:
        return draw(nonce)
    key, generation = (current_language(), request.full_path), _generation()
    kept = cache.get(key, generation)
    if kept is not None:
        return kept[0].decode().replace(CSRF_MARK, token).replace(NONCE_MARK, nonce)
    page = draw(nonce)
    if page.count(token) == 1 and page.count(nonce) == 1:  # nothing else looks like them
        marked = page.replace(token, CSRF_MARK).replace(nonce, NONCE_MARK)
        cache.put(key, generation, (marked.encode(), []))
    return page
