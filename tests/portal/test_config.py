"""Configuration: embedded defaults, PORTAL_* variables on top, create_app's overrides on top of both."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask

from portal.config import configure, load_secret

PORTAL_VARIABLES = (
    "PORTAL_SECRET_KEY",
    "PORTAL_DATA_KEY",
    "PORTAL_DATABASE_URL",
    "PORTAL_PROXY_COUNT",
    "PORTAL_REQUIRE_2FA",
    "PORTAL_RATELIMIT_STORAGE_URI",
    "PORTAL_LOGIN_RATE_LIMIT",
    "PORTAL_PUBLIC_URL",
    "PORTAL_TRUSTED_HOSTS",
    "PORTAL_SESSION_IDLE_MINUTES",
    "PORTAL_SESSION_MAX_HOURS",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in PORTAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def configured(instance: Path, overrides: dict | None = None) -> Flask:
    app = Flask("config_test", instance_path=str(instance))
    configure(app, overrides)
    return app


def test_embedded_defaults(tmp_path):
    app = configured(tmp_path / "instance")
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'instance' / 'portal.sqlite3'}"
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert app.config["PROXY_COUNT"] == 0
    assert app.config["REQUIRE_2FA"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SEARCH_INDEX_DIR"].startswith(str(tmp_path / "instance"))


def test_environment_beats_defaults_and_overrides_beat_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_DATABASE_URL", "postgresql://portal@db.internal/portal")
    monkeypatch.setenv("PORTAL_PROXY_COUNT", "2")
    monkeypatch.setenv("PORTAL_REQUIRE_2FA", "false")
    monkeypatch.setenv("PORTAL_LOGIN_RATE_LIMIT", "5 per minute")
    app = configured(tmp_path)
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://portal@db.internal/portal"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == app.config["DATABASE_URL"]
    assert app.config["PROXY_COUNT"] == 2
    assert app.config["REQUIRE_2FA"] is False
    assert app.config["LOGIN_RATE_LIMIT"] == "5 per minute"
    app = configured(tmp_path, {"PROXY_COUNT": 1, "REQUIRE_2FA": True})
    assert app.config["PROXY_COUNT"] == 1
    assert app.config["REQUIRE_2FA"] is True


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("1", True), ("on", True), ("no", False), ("0", False)]
)
def test_require_2fa_reads_common_spellings(tmp_path, monkeypatch, value, expected):
    monkeypatch.setenv("PORTAL_REQUIRE_2FA", value)
    assert configured(tmp_path).config["REQUIRE_2FA"] is expected


def test_a_proxy_count_that_is_not_a_number_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_PROXY_COUNT", "several")
    with pytest.raises(ValueError, match="PORTAL_PROXY_COUNT"):
        configured(tmp_path)


def test_missing_secret_key_is_generated_once_private_and_shared(tmp_path):
    first = configured(tmp_path)
    second = configured(tmp_path)
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()


def test_data_key_is_kept_apart_from_the_secret_key(tmp_path):
    app = configured(tmp_path)
    data_file = tmp_path / "data_key"
    assert stat.S_IMODE(data_file.stat().st_mode) == 0o600
    assert app.config["DATA_KEY"] == data_file.read_text()
    assert app.config["DATA_KEY"] != app.config["SECRET_KEY"]
    assert configured(tmp_path).config["DATA_KEY"] == app.config["DATA_KEY"]


def test_given_keys_are_used_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_SECRET_KEY", "from-the-environment")
    app = configured(tmp_path, {"DATA_KEY": "from-the-caller"})
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["DATA_KEY"] == "from-the-caller"
    assert not (tmp_path / "secret_key").exists()
    assert not (tmp_path / "data_key").exists()


def test_workers_starting_together_agree_on_one_secret(tmp_path):
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _n: load_secret(str(tmp_path), "secret_key"), range(32)))
    assert len(keys) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"], "no temporary file is left"


def test_the_test_app_does_not_require_a_second_factor(app):
    assert app.config["REQUIRE_2FA"] is False


def test_keys_of_digits_stay_text(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_SECRET_KEY", "1" * 64)
    monkeypatch.setenv("PORTAL_DATA_KEY", "20151216")
    app = configured(tmp_path)
    assert app.config["SECRET_KEY"] == "1" * 64
    assert app.config["DATA_KEY"] == "20151216"


def test_security_defaults(tmp_path):
    config = configured(tmp_path).config
    assert config["PUBLIC_URL"] == "http://127.0.0.1:5000"
    assert config["TRUSTED_HOSTS"] is None
    assert config["SESSION_IDLE_MINUTES"] == 30
    assert config["SESSION_MAX_HOURS"] == 12
    assert config["LOGIN_RATE_LIMIT"] and config["LOGIN_ACCOUNT_CLIENT_RATE_LIMIT"]
    assert config["LOGIN_ACCOUNT_RATE_LIMIT"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("portal.example.cn", ["portal.example.cn"]),
        (
            "portal.example.cn, WWW.portal.example.cn,",
            ["portal.example.cn", "www.portal.example.cn"],
        ),
        ('["portal.example.cn", ".example.cn"]', ["portal.example.cn", ".example.cn"]),
        ("", None),
    ],
)
def test_trusted_hosts_come_comma_separated(tmp_path, monkeypatch, value, expected):
    monkeypatch.setenv("PORTAL_TRUSTED_HOSTS", value)
    assert configured(tmp_path).config["TRUSTED_HOSTS"] == expected


def test_session_times_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_SESSION_IDLE_MINUTES", "15")
    monkeypatch.setenv("PORTAL_SESSION_MAX_HOURS", "8")
    config = configured(tmp_path).config
    assert (config["SESSION_IDLE_MINUTES"], config["SESSION_MAX_HOURS"]) == (15, 8)


@pytest.mark.parametrize("value", ["half an hour", "0", "-5"])
def test_a_session_time_that_is_not_a_positive_number_is_refused(tmp_path, monkeypatch, value):
    monkeypatch.setenv("PORTAL_SESSION_IDLE_MINUTES", value)
    with pytest.raises(ValueError, match="PORTAL_SESSION_IDLE_MINUTES"):
        configured(tmp_path)
