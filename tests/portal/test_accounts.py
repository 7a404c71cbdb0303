"""Account services and `flask accounts`: password rule, creation, authentication, revocation."""

from __future__ import annotations

import time

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from admin.models import AdminAuditEntry
from portal import accounts, passwords, two_factor
from portal.demo.people import DEMO_PASSWORDS
from portal.models import Role
from tests import factories

GOOD_PASSWORD = "violet tractor under rain"
WHY = ("--reason", "Lost phone")


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short1!", "at least 12 characters"),
        ("elevenchars", "at least 12 characters"),
        ("123456789012", "built on a common password"),
        ("password1234", "lists of common and breached passwords"),
        ("Password123456!", "lists of common and breached passwords"),
        ("1qaz2wsx3edc", "lists of common and breached passwords"),
        ("QAZWSXEDCRFV", "lists of common and breached passwords"),
        ("catdogcatdogcatdog", "repeats the same characters or words"),
        ("aaaabbbbaaaa", "five different characters"),
        ("1234567890123", "lists of common and breached passwords"),
        ("someone@example.cn", "must not be your email address"),
        ("abcdefghijklmn", "a run such as 1234 or abcd"),
        ("zxcvbnmasdfghj", "built on a common password"),
        ("19850715zhang", "built on a date or a year"),
        ("monkey1990-07-15", "lists of common and breached passwords"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(app, password, why):
    with app.test_request_context("/?lang=en"):
        assert why in str(accounts.password_problem(password, "someone@example.cn"))


@pytest.mark.parametrize(
    "password",
    [
        GOOD_PASSWORD,
        factories.TEST_PASSWORD,
        "Lr7#qz!vB2mw",
        "黄河远上白云间一片孤城万仞山",
        "liaison offices report each spring",
        *DEMO_PASSWORDS.values(),
        "x" * 60 + "correct horse battery staple, but much longer",
    ],
)
def test_reasonable_passwords_are_accepted(app, password):
    """No composition rule: long passphrases of plain words pass, as do random strings."""
    with app.test_request_context("/"):
        assert accounts.password_problem(password, "someone@example.cn") is None


def test_both_lists_of_breached_passwords_are_consulted():
    common = passwords.common_passwords()
    assert len(common) > 40_000
    assert {"123456", "password", "iloveyou"} <= common
    assert "ichliebedich" in common  # only in the shipped list: zxcvbn rates it strong
    assert "1234567890" in common  # from zxcvbn's list


def test_the_password_rule_speaks_the_page_language(app):
    with app.test_request_context("/?lang=zh"):
        message = str(accounts.password_problem("short"))
        assert "12" in message
        assert "characters" not in message


def test_create_account_hashes_with_argon2(app, db, registry):
    account = accounts.create_account(
        db,
        email=" Chief@Example.CN ",
        password=GOOD_PASSWORD,
        role=Role.NATIONAL,
        government=registry.national,
    )
    assert account.email == "chief@example.cn"
    assert account.password_hash.startswith("$argon2id$")
    assert GOOD_PASSWORD not in account.password_hash
    assert account.password_changed_at is not None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"role": Role.SUPERVISOR}, "government"),
        ({"role": Role.OFFICE_EDITOR}, "office"),
        ({"role": Role.ADMIN, "password": "password1234"}, "password"),
        ({"role": Role.ADMIN, "email": "not an address"}, "email"),
    ],
)
def test_create_account_names_the_field_at_fault(app, db, kwargs, field):
    arguments = {"email": "new@example.cn", "password": GOOD_PASSWORD, **kwargs}
    with app.test_request_context("/"), pytest.raises(accounts.AccountError) as raised:
        accounts.create_account(db, **arguments)
    assert raised.value.field == field


def test_authenticate(db, registry):
    account = accounts.create_account(
        db, email="a@example.cn", password=GOOD_PASSWORD, role=Role.ADMIN
    )
    assert accounts.authenticate(db, "A@example.cn", GOOD_PASSWORD) is account
    assert account.last_login_at is not None
    assert accounts.authenticate(db, "a@example.cn", "wrong password") is None
    assert accounts.authenticate(db, "b@example.cn", GOOD_PASSWORD) is None
    accounts.deactivate_account(db, account)
    assert accounts.authenticate(db, "a@example.cn", GOOD_PASSWORD) is None


def test_weak_hash_parameters_are_upgraded_at_sign_in(app, db, registry):
    app.config["PASSWORD_HASH_PARAMETERS"] = None  # production: argon2-cffi's defaults
    account = factories.make_account(db, Role.ADMIN)
    assert PasswordHasher().check_needs_rehash(account.password_hash)
    accounts.authenticate(db, account.email, factories.TEST_PASSWORD)
    assert not PasswordHasher().check_needs_rehash(account.password_hash)


def test_an_unknown_email_costs_as_much_time_as_a_wrong_password(app, db):
    app.config["PASSWORD_HASH_PARAMETERS"] = None  # production cost, measurable above noise
    accounts.create_account(db, email="a@example.cn", password=GOOD_PASSWORD, role=Role.ADMIN)

    def timed(email: str) -> float:
        start = time.perf_counter()
        accounts.authenticate(db, email, "wrong password")
        return time.perf_counter() - start

    timed("nobody@example.cn")  # the dummy hash is made once
    known = min(timed("a@example.cn") for _ in range(3))
    unknown = min(timed("nobody@example.cn") for _ in range(3))
    assert unknown > known * 0.5, (known, unknown)


def test_changing_the_password_ends_sessions(db):
    account = accounts.create_account(
        db, email="a@example.cn", password=GOOD_PASSWORD, role=Role.ADMIN
    )
    epoch = account.session_epoch
    with pytest.raises(accounts.AccountError) as raised:
        accounts.change_password(db, account, "not the password", "another fine passphrase")
    assert raised.value.field == "current_password"
    accounts.change_password(db, account, GOOD_PASSWORD, "another fine passphrase")
    assert account.session_epoch == epoch + 1
    assert accounts.authenticate(db, "a@example.cn", "another fine passphrase") is account


# ---- flask accounts -------------------------------------------------------------------------


def run(runner, *args, input=None):
    return runner.invoke(args=["accounts", *args], input=input)


def test_create_reads_the_password_from_a_pipe(runner, db, registry):
    result = run(
        runner,
        "create",
        "--email",
        "sup@example.cn",
        "--role",
        "supervisor",
        "--government",
        "130000",
        input=GOOD_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created supervisor account sup@example.cn" in result.output
    assert GOOD_PASSWORD not in result.output
    account = accounts.find_account(db, "sup@example.cn")
    assert account.government.code == "130000"
    assert accounts.verify_password(account.password_hash, GOOD_PASSWORD)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "supervisor", "--government", "999999"], "No government has the division code"),
        (["--role", "office_editor", "--office", "no-such-office"], "No office has the slug"),
        (["--role", "supervisor"], "This role needs a government."),
        (["--role", "office_editor"], "An office editor needs an office."),
        (["--role", "admin", "--office", "laishui-in-shijiazhuang"], "Only an office editor"),
        (["--role", "emperor"], "Invalid value for '--role'"),
    ],
)
def test_create_refuses_bad_input_clearly(runner, db, registry, args, message):
    result = run(runner, "create", "--email", "x@example.cn", *args, input=GOOD_PASSWORD + "\n")
    assert result.exit_code != 0
    assert message in result.output
    assert accounts.find_account(db, "x@example.cn") is None


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("password1234", "lists of common and breached passwords"),
        ("123456789012", "too easy to guess: it is built on a common password"),
    ],
)
def test_create_refuses_a_weak_or_missing_password(runner, db, password, why):
    weak = run(
        runner, "create", "--email", "x@example.cn", "--role", "admin", input=password + "\n"
    )
    assert weak.exit_code != 0
    assert why in weak.output
    empty = run(runner, "create", "--email", "x@example.cn", "--role", "admin", input="")
    assert empty.exit_code != 0
    assert "No password on standard input" in empty.output
    assert accounts.find_account(db, "x@example.cn") is None


def test_create_refuses_a_taken_email(runner, db):
    first = run(runner, "create", "--email", "x@example.cn", "--role", "admin", input=GOOD_PASSWORD)
    assert first.exit_code == 0
    again = run(runner, "create", "--email", "X@example.cn", "--role", "admin", input=GOOD_PASSWORD)
    assert again.exit_code != 0
    assert "already exists" in again.output


def test_list_shows_every_account(runner, db, registry):
    factories.make_account(db, Role.SUPERVISOR, government=registry.hebei, email="s@example.cn")
    factories.make_account(
        db, Role.OFFICE_EDITOR, office=registry.laishui_office, email="e@example.cn"
    )
    db.commit()
    result = run(runner, "list")
    assert result.exit_code == 0
    assert "s@example.cn" in result.output and "130000" in result.output
    assert "e@example.cn" in result.output and "laishui-in-shijiazhuang" in result.output
    assert "2 accounts." in result.output


def test_deactivate_ends_the_sessions_at_once(runner, client, login, db):
    account = login(Role.ADMIN, email="admin@example.cn")
    assert client.get("/account/").status_code == 200
    assert run(runner, "deactivate", "--email", "admin@example.cn").exit_code != 0  # no reason
    result = run(runner, "deactivate", "--email", "admin@example.cn", "--reason", "Left")
    assert result.exit_code == 0
    assert client.get("/account/").status_code == 302
    db.refresh(account)
    assert account.active is False
    assert run(runner, "deactivate", "--email", "ghost@example.cn", "--reason", "x").exit_code
    entry = db.scalar(
        select(AdminAuditEntry).where(AdminAuditEntry.action == "account_deactivated")
    )
    assert (entry.actor_id, entry.via, entry.reason) == (None, "command line", "Left")
    again = run(runner, "deactivate", "--email", "admin@example.cn", "--reason", "Twice")
    assert again.exit_code != 0 and "already deactivated" in again.output


def test_reset_sets_a_password_and_optionally_removes_the_second_factor(runner, client, login, db):
    account = login(Role.ADMIN, email="admin@example.cn")
    secret = two_factor.new_secret()
    two_factor.enable_two_factor(db, account, secret, pyotp.TOTP(secret).now())
    db.commit()
    result = run(runner, "reset", "--email", "admin@example.cn", *WHY, input="123456789012\n")
    assert result.exit_code != 0
    assert "too easy to guess" in result.output
    result = run(runner, "reset", "--email", "admin@example.cn", *WHY, input=GOOD_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert client.get("/account/").status_code == 302
    db.refresh(account)
    assert accounts.verify_password(account.password_hash, GOOD_PASSWORD)
    assert account.totp_secret is not None
    result = run(
        runner,
        "reset",
        "--email",
        "admin@example.cn",
        "--reset-2fa",
        *WHY,
        input=GOOD_PASSWORD + "\n",
    )
    assert result.exit_code == 0
    db.refresh(account)
    assert account.totp_secret is None
    entries = db.scalars(select(AdminAuditEntry).order_by(AdminAuditEntry.id)).all()
    assert [e.action for e in entries] == ["password_set", "password_set", "second_factor_reset"]
    assert {(e.via, e.reason) for e in entries} == {("command line", "Lost phone")}


def test_reset_reactivates_only_when_asked(runner, db):
    account = accounts.create_account(
        db, email="a@example.cn", password=GOOD_PASSWORD, role=Role.ADMIN
    )
    accounts.deactivate_account(db, account)
    db.commit()
    result = run(runner, "reset", "--email", "a@example.cn", *WHY, input="fresh start for alice\n")
    assert result.exit_code == 0
    assert "stays deactivated" in result.output
    db.refresh(account)
    assert account.active is False
    result = run(
        runner,
        "reset",
        "--email",
        "a@example.cn",
        "--reactivate",
        *WHY,
        input="fresh start for alice\n",
    )
    assert result.exit_code == 0
    db.refresh(account)
    assert account.active is True
    assert accounts.authenticate(db, "a@example.cn", "fresh start for alice") is account


def test_at_a_terminal_the_password_is_typed_twice_without_echo(app_config, db, tmp_path):
    import os
    import pty
    import select as select_module
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "FLASK_APP": "app:create_app",
        "PORTAL_DATABASE_URL": app_config["DATABASE_URL"],
        "PORTAL_SECRET_KEY": "terminal-test",
        "PORTAL_DATA_KEY": "terminal-test",
        "PORTAL_SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "PORTAL_UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask",
            "accounts",
            "create",
            "--email",
            "tty@example.cn",
            "--role",
            "admin",
        ],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=root,
        env=env,
    )
    os.close(terminal)
    transcript = b""

    def read_until(marker: bytes) -> None:
        nonlocal transcript
        while marker not in transcript:
            ready, _w, _x = select_module.select([controller], [], [], 60)
            assert ready, f"no prompt {marker!r}: {transcript!r}"
            transcript += os.read(controller, 1024)

    read_until(b"Password:")
    os.write(controller, (GOOD_PASSWORD + "\n").encode())
    read_until(b"Repeat for confirmation:")
    os.write(controller, (GOOD_PASSWORD + "\n").encode())
    read_until(b"Created admin account")
    assert process.wait(timeout=60) == 0
    os.close(controller)
    assert GOOD_PASSWORD.encode() not in transcript
    account = accounts.find_account(db, "tty@example.cn")
    assert accounts.verify_password(account.password_hash, GOOD_PASSWORD)
