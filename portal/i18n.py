"""Languages: the locale chosen per request, the language switch, and locale-aware formatting."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale

from portal.names import name_in

LANGUAGE_COOKIE = "lang"
MACHINE_PREFIXES = ("/api/v1/", "/open311/", "/data/bundles/")
"""Answers for programs (the JSON API, Open311, the data bundles): each API answer takes its own
`?lang=`, and its links say a language themselves when they mean one."""
DATA_FILE = re.compile(r"\.(?:csv|json|jsonld|xml|txt|<any\([^)]*\):\w+>)$")
"""The rules of downloads (`.csv`, `.json`, `.<any(csv, json):fmt>`, the sitemap …): data for
programs and spreadsheets, most records carrying both names, not pages to read."""
LINK_ENDPOINTS = "portal_language_link_endpoints"


def select_locale() -> str:
    """?lang= wins, then the remembered cookie, then the browser's Accept-Language (a first
    visit), then Chinese (the default).

    Outside a request (CLI commands, background work) the default language applies.
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    wanted = request.args.get("lang")
    if wanted in languages:
        g.language_chosen = wanted
        return wanted
    remembered = request.cookies.get(LANGUAGE_COOKIE)
    if remembered in languages:
        return remembered
    g.language_from_browser = True
    # "en-US,en;q=0.9" is English, "zh-CN" or "zh-Hant-TW" Chinese; anything else the default.
    browser = request.accept_languages.best_match(languages)
    return browser or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """'zh' or 'en', for choosing which of a record's names to show."""
    return str(get_locale() or "zh").split("_")[0]


def remember_language(response):
    """Keep the language chosen with ?lang= in a cookie for later pages; a page whose language
    came from the browser's Accept-Language says so to caches (`Vary`, with the cookie's).

    The mark is taken off `g` here: requests that share an app context (tests) would otherwise
    pass it on to a later request whose language did not come from the browser."""
    if g.pop("language_from_browser", None):
        response.vary.add("Accept-Language")
    chosen = g.get("language_chosen")
    if chosen and request.cookies.get(LANGUAGE_COOKIE) != chosen:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
    return response


def language_url(language: str) -> str:
    """The current page in another language (the query string kept, ?lang replaced)."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [language]
    return f"{request.path}?{urlencode(args, doseq=True)}"


def kept_language() -> str | None:
    """The language this page's links carry as `?lang=`, or None (portal/README.md, Languages).

    A page (or feed) drawn in a language other than the default, however it was chosen
    (`?lang=`, the cookie, the browser's Accept-Language), for an anonymous GET: so an address
    copied from it opens in the same language for whoever follows it. Never on Chinese pages
    (the default); never for a signed-in person (their pages are not shared, and their cookie
    chooses); never in the answers of the API, which take `?lang=` per answer, nor in a
    download that is the same in every language.
    """
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return None
    if request.endpoint is not None and not _language_follows_link(request.endpoint):
        return None
    if g.get("account") is not None or g.get("pending_account") is not None:
        return None
    language = current_language()
    default = str(current_app.config["BABEL_DEFAULT_LOCALE"]).split("_")[0]
    return None if language == default else language


def _language_follows_link(endpoint: str) -> bool:
    """Whether a link to `endpoint` keeps the page's language: pages and feeds do; static files,
    the API's answers and the downloads that are the same in every language do not."""
    memo = current_app.extensions.setdefault(LINK_ENDPOINTS, {})
    follows = memo.get(endpoint)
    if follows is None:
        try:
            rules = list(current_app.url_map.iter_rules(endpoint))
        except KeyError:  # no such endpoint: url_for's BuildError says so
            return False
        follows = memo[endpoint] = (
            endpoint != "static"
            and not endpoint.endswith(".static")
            and not any(
                rule.rule.startswith(MACHINE_PREFIXES) or DATA_FILE.search(rule.rule)
                for rule in rules
            )
        )
    return follows


def keep_language_in_links(endpoint: str, values: dict) -> None:
    """`url_for`'s defaults: `lang=` of `kept_language()` on a link to a page or feed, unless the
    caller gave one (`lang=None` leaves it out)."""
    if "lang" in values or not _language_follows_link(endpoint):
        return
    language = kept_language()
    if language is not None:
        values["lang"] = language


def format_fen(amount: int | None, language: str | None = None) -> str:
    """Money kept in fen, shown as ¥1,234.56 in English and 1,234.56 元 in Chinese.

    Any other language is refused rather than shown in Chinese: a caller's typo ("ZH", "zh_CN")
    would otherwise pass unnoticed."""
    if amount is None:
        return "—"
    language = language or current_language()
    if language not in ("zh", "en"):
        raise ValueError(f"no money format for the language {language!r}")
    sign = "-" if amount < 0 else ""
    yuan, fen = divmod(abs(int(amount)), 100)
    number = f"{yuan:,}.{fen:02d}"
    return f"{sign}¥{number}" if language == "en" else f"{sign}{number} 元"


def localized_name(record, language: str | None = None) -> str:
    """A record's name in the page's language (records offer name_zh and name_en)."""
    return name_in(record.name_zh, getattr(record, "name_en", None), language or current_language())


def init_i18n(app: Flask) -> None:
    """Register the language helpers with Jinja, the response hook that remembers a choice, and
    the language kept in the links a page makes."""
    app.after_request(remember_language)
    app.url_defaults(keep_language_in_links)
    app.jinja_env.globals.update(
        current_language=current_language,
        kept_language=kept_language,
        language_url=language_url,
        localized_name=localized_name,
    )
    app.jinja_env.filters["fen"] = format_fen
