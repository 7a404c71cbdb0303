"""Two-step sign-in: enrolment with a QR code, the code step, no replays, throttling, the switch."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pyotp
import pytest

from portal import two_factor
from portal.clock import utcnow
from portal.models import Role
from tests import factories

PASSWORD = factories.TEST_PASSWORD


@pytest.fixture
def app_config(app_config):
    return {**app_config, "REQUIRE_2FA": True}


def password_step(client, email="supervisor@example.test"):
    return client.post("/login", data={"email": email, "password": PASSWORD})


def secret_on_page(page: str) -> str:
    match = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page)
    assert match, "the enrolment page shows the key in text"
    return match.group(1).replace(" ", "")


def enrol(client) -> str:
    page = client.get("/account/two-factor?lang=en").get_data(as_text=True)
    secret = secret_on_page(page)
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    return secret


def test_password_alone_does_not_sign_in_a_supervisor(client, supervisor):
    response = password_step(client)
    assert response.headers["Location"] == "/account/two-factor"
    assert client.get("/account/").status_code == 302
    with client.session_transaction() as cookie:
        assert cookie["second_factor_done"] is False


def test_enrolment_shows_a_self_drawn_qr_code_and_the_key(client, supervisor):
    password_step(client)
    response = client.get("/account/two-factor?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<svg width="' in page and 'class="qr-code"' in page
    assert "<img" not in page.split("<main", 1)[1]
    assert len(secret_on_page(page)) == 32
    assert "img-src 'self' data:" in response.headers["Content-Security-Policy"]
    again = client.get("/account/two-factor").get_data(as_text=True)
    assert secret_on_page(again) == secret_on_page(page), "a reload keeps the scanned key"


def test_enrolment_with_a_wrong_code_is_refused(client, supervisor):
    password_step(client)
    client.get("/account/two-factor")
    response = client.post("/account/two-factor?lang=en", data={"code": "000000"})
    assert response.status_code == 422
    assert "This code does not match" in html.unescape(response.get_data(as_text=True))
    assert supervisor.totp_secret is None


def test_enrolment_finishes_sign_in_and_keeps_the_secret_encrypted(client, db, supervisor):
    password_step(client)
    secret = enrol(client)
    assert client.get("/account/").status_code == 200
    db.refresh(supervisor)
    assert supervisor.totp_secret and secret not in supervisor.totp_secret
    assert two_factor.decrypt_secret(supervisor.totp_secret) == secret


def test_next_sign_in_asks_for_the_code_after_the_password(app, client, db, supervisor):
    password_step(client)
    secret = enrol(client)
    client.post("/logout")
    browser = app.test_client()
    response = browser.post(
        "/login",
        data={"email": "supervisor@example.test", "password": PASSWORD, "next": "/offices/"},
    )
    assert response.headers["Location"] == "/login/code"
    with browser.session_transaction() as cookie:
        assert cookie["second_factor_done"] is False
    wrong = browser.post("/login/code?lang=en", data={"code": "123456"})
    assert wrong.status_code == 401
    assert "This code is not right" in wrong.get_data(as_text=True)
    # a code used at enrolment cannot be used again; take the next step's code
    db.refresh(supervisor)
    next_code = pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=30))
    right = browser.post("/login/code", data={"code": next_code})
    assert right.headers["Location"] == "/offices/"
    assert browser.get("/account/").status_code == 200


def test_a_used_code_cannot_be_replayed(db, supervisor):
    secret = two_factor.new_secret()
    now = utcnow()
    two_factor.enable_two_factor(db, supervisor, secret, pyotp.TOTP(secret).at(now), now)
    later = now + timedelta(seconds=30)
    code = pyotp.TOTP(secret).at(later)
    two_factor.verify_sign_in_code(db, supervisor, code, later)
    with pytest.raises(two_factor.TwoFactorError):
        two_factor.verify_sign_in_code(db, supervisor, code, later)


def test_codes_from_far_outside_the_window_are_refused(db, supervisor):
    secret = two_factor.new_secret()
    now = utcnow()
    two_factor.enable_two_factor(db, supervisor, secret, pyotp.TOTP(secret).at(now), now)
    stale = pyotp.TOTP(secret).at(now + timedelta(seconds=30))
    with pytest.raises(two_factor.TwoFactorError):
        two_factor.verify_sign_in_code(db, supervisor, stale, now + timedelta(minutes=5))
    drifted = pyotp.TOTP(secret).at(now + timedelta(minutes=5))
    two_factor.verify_sign_in_code(db, supervisor, drifted, now + timedelta(minutes=5, seconds=30))


def test_a_secret_encrypted_under_another_data_key_is_unreadable(app, supervisor):
    token = two_factor.encrypt_secret("JBSWY3DPEHPK3PXP")
    app.config["DATA_KEY"] = "another key"
    assert two_factor.decrypt_secret(token) is None


def test_office_editors_are_not_asked_for_a_code(client, db, registry):
    factories.make_account(
        db, Role.OFFICE_EDITOR, office=registry.laishui_office, email="editor@example.test"
    )
    db.commit()
    assert password_step(client, "editor@example.test").headers["Location"] == "/account/"


class TestSwitchedOff:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "REQUIRE_2FA": False}

    def test_supervisor_signs_in_with_the_password_alone(self, client, supervisor):
        assert password_step(client).headers["Location"] == "/account/"
        assert client.get("/account/").status_code == 200

    def test_an_enrolled_account_is_still_asked_for_its_code(self, client, db, supervisor):
        secret = two_factor.new_secret()
        two_factor.enable_two_factor(db, supervisor, secret, pyotp.TOTP(secret).now())
        db.commit()
        assert password_step(client).headers["Location"] == "/login/code"


class TestThrottled:
    @pytest.fixture
    def app_config(self, app_config):
        return {
            **app_config,
            "REQUIRE_2FA": True,
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "3 per minute",
        }

    def test_wrong_codes_are_throttled(self, client, db, supervisor):
        secret = two_factor.new_secret()
        two_factor.enable_two_factor(db, supervisor, secret, pyotp.TOTP(secret).now())
        db.commit()
        password_step(client)
        for _attempt in range(3):
            assert client.post("/login/code", data={"code": "000000"}).status_code == 401
        assert client.post("/login/code", data={"code": "000000"}).status_code == 429


def test_a_half_signed_in_session_is_sent_to_the_code_step_then_back(client, db, supervisor):
    secret = two_factor.new_secret()
    two_factor.enable_two_factor(db, supervisor, secret, pyotp.TOTP(secret).at(utcnow()))
    db.commit()
    password_step(client)
    response = client.get("/account/password")
    assert response.headers["Location"] == "/login/code"
    code = pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=30))
    assert client.post("/login/code", data={"code": code}).headers["Location"] == (
        "/account/password"
    )


def test_an_office_editor_may_turn_it_on_and_is_then_asked_for_codes(app, client, db, registry):
    factories.make_account(
        db, Role.OFFICE_EDITOR, office=registry.laishui_office, email="editor@example.test"
    )
    db.commit()
    password_step(client, "editor@example.test")
    overview = client.get("/account/?lang=en").get_data(as_text=True)
    assert "Set up two-step sign-in" in overview
    enrol(client)
    assert "Two-step sign-in is on" in client.get("/account/two-factor?lang=en").get_data(
        as_text=True
    )
    browser = app.test_client()
    assert password_step(browser, "editor@example.test").headers["Location"] == "/login/code"
