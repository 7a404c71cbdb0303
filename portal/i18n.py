"""Languages: the locale chosen per request, the language switch, and locale-aware formatting."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale

from portal.names import name_in

LANGUAGE_COOKIE = "lang"


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
    came from the browser's Accept-Language says so to caches (`Vary`, with the cookie's)."""
    if g.get("language_from_browser"):
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
    """Register the language helpers with Jinja and the response hook that remembers a choice."""
    app.after_request(remember_language)
    app.jinja_env.globals.update(
        current_language=current_language, language_url=language_url, localized_name=localized_name
    )
    app.jinja_env.filters["fen"] = format_fen
