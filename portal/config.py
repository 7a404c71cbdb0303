"""Configuration: safe defaults for the embedded mode, PORTAL_* environment variables on top."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from flask import Flask


def default_config(instance_path: str) -> dict:
    """Defaults for one machine with no setup: SQLite, in-memory limits, Whoosh under instance/."""
    instance = Path(instance_path)
    return {
        "DATABASE_URL": f"sqlite:///{instance / 'portal.sqlite3'}",
        "SEARCH_INDEX_DIR": str(instance / "search-index"),
        "SEARCH_ENGINE": "whoosh",
        "UPLOAD_DIR": str(instance / "uploads"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "PROXY_COUNT": 0,
        "REQUIRE_2FA": True,
        "MAX_CONTENT_LENGTH": 60 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "zh",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": ("zh", "en"),
        "PAGE_SIZE": 25,
        # A signed-in session ends after this long without a request, and this long after
        # signing in whatever happens (portal/auth.py).
        "SESSION_IDLE_MINUTES": 30,
        "SESSION_MAX_HOURS": 12,
        # The portal's public address: feeds, e-mails, exports and OCDS build absolute links
        # from it, never from the Host header (portal/atom.py). Set it in production.
        "PUBLIC_URL": "http://127.0.0.1:5000",
        # Host names the portal answers for (comma-separated in PORTAL_TRUSTED_HOSTS; a leading
        # dot allows subdomains); others get a 400. None: any host (the embedded default).
        "TRUSTED_HOSTS": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": "portal",
        # Failed sign-ins: per client; per account and client; per account from browsers it
        # never signed in on (an account-wide ceiling its owner's own browsers pass).
        "LOGIN_RATE_LIMIT": "10 per minute;50 per hour",
        "LOGIN_ACCOUNT_CLIENT_RATE_LIMIT": "5 per minute;20 per hour",
        "LOGIN_ACCOUNT_RATE_LIMIT": "100 per hour;300 per day",
    }


def load_secret(instance_path: str, filename: str, nbytes: int = 32) -> str:
    """Return a secret kept in instance/, generating it once (mode 0600) so every worker shares it.

    The file is written under a temporary name and linked into place, so a worker that starts at
    the same moment never reads a half-written secret: it reads the winner's.
    """
    path = Path(instance_path) / filename
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{filename}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(nbytes))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker won the race; read theirs
        finally:
            temporary.unlink()
    return path.read_text().strip()


def database_url(url: str) -> str:
    """PostgreSQL URLs use psycopg 3 (the driver we ship) unless another driver is named."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def as_bool(value: object) -> bool:
    """A switch from the environment: true, 1, yes, on (any case) are true; anything else false."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def trusted_hosts(value: object) -> list[str] | None:
    """PORTAL_TRUSTED_HOSTS as Flask wants it: a list of names, or None when not set.

    The environment gives "portal.example.cn, www.portal.example.cn" (or a JSON list).
    """
    if value is None or value == "":
        return None
    names = value.split(",") if isinstance(value, str) else [str(name) for name in value]
    names = [name.strip().lower() for name in names if name.strip()]
    return names or None


_NUMBER_MESSAGES = {
    "PROXY_COUNT": "PORTAL_PROXY_COUNT must be a whole number of proxies (0: none)",
    "SESSION_IDLE_MINUTES": "PORTAL_SESSION_IDLE_MINUTES must be a whole number of minutes (1 or more)",
    "SESSION_MAX_HOURS": "PORTAL_SESSION_MAX_HOURS must be a whole number of hours (1 or more)",
}


def _whole_number(app: Flask, key: str, minimum: int) -> int:
    value = app.config.get(key)
    try:
        number = int(value or 0)
    except (TypeError, ValueError) as error:
        raise ValueError(_NUMBER_MESSAGES[key]) from error
    if number < minimum or isinstance(value, bool):
        raise ValueError(_NUMBER_MESSAGES[key])
    return number


def configure(app: Flask, overrides: Mapping | None) -> None:
    """Apply defaults, then PORTAL_* variables, then the overrides given to create_app (tests)."""
    app.config.update(default_config(app.instance_path))
    app.config.from_prefixed_env("PORTAL")
    if overrides:
        app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret(app.instance_path, "secret_key")
    if not app.config.get("DATA_KEY"):
        app.config["DATA_KEY"] = load_secret(app.instance_path, "data_key")
    # from_prefixed_env reads values as JSON: a key of digits would arrive as a number.
    for key in ("SECRET_KEY", "DATA_KEY"):
        app.config[key] = str(app.config[key])
    app.config["PROXY_COUNT"] = _whole_number(app, "PROXY_COUNT", minimum=0)
    app.config["SESSION_IDLE_MINUTES"] = _whole_number(app, "SESSION_IDLE_MINUTES", minimum=1)
    app.config["SESSION_MAX_HOURS"] = _whole_number(app, "SESSION_MAX_HOURS", minimum=1)
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config.get("TRUSTED_HOSTS"))
    app.config["REQUIRE_2FA"] = as_bool(app.config.get("REQUIRE_2FA"))
    app.config["DATABASE_URL"] = database_url(str(app.config["DATABASE_URL"]))
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
