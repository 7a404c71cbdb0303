"""How long a signed-in session lasts, NUL characters in the sign-in and account forms, and a
request larger than the app-wide limit (413)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.clock import frozen
from portal.models import Role
from tests import factories

START = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
IDLE_NOTICE = "You were signed out after 30 minutes without activity."
LIMIT_NOTICE = "You were signed out because a session lasts at most 12 hours."


def sign_in(client, at: datetime, password: str = factories.TEST_PASSWORD):
    with frozen(at):
        return client.post(
            "/login?lang=en", data={"email": "supervisor@example.test", "password": password}
        )


def account_page(client, at: datetime):
    with frozen(at):
        return client.get("/account/?lang=en")


def signed_out_notice(client, response, at: datetime) -> str:
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/account/")
    with frozen(at):
        return client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_session_used_now_and_then_stays_open(client, supervisor):
    assert sign_in(client, START).status_code == 302
    for minutes in (29, 58, 87):
        assert account_page(client, START + timedelta(minutes=minutes)).status_code == 200


def test_thirty_minutes_without_a_request_end_the_session(client, supervisor):
    sign_in(client, START)
    assert account_page(client, START + timedelta(minutes=10)).status_code == 200
    later = START + timedelta(minutes=40, seconds=1)
    page = signed_out_notice(client, account_page(client, later), later)
    assert IDLE_NOTICE in page
    with frozen(later):
        again = client.get("/login?lang=en").get_data(as_text=True)
    assert IDLE_NOTICE not in again, "the notice is shown once"
    assert account_page(client, later).status_code == 302, "signed out, not only told"


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(client, supervisor):
    sign_in(client, START)
    moment = START
    while moment + timedelta(minutes=20) < START + timedelta(hours=12):
        moment += timedelta(minutes=20)
        assert account_page(client, moment).status_code == 200
    assert moment > START + timedelta(hours=11, minutes=30)
    moment = START + timedelta(hours=12)
    assert LIMIT_NOTICE in signed_out_notice(client, account_page(client, moment), moment)


def test_a_password_change_does_not_extend_the_twelve_hours(client, supervisor):
    sign_in(client, START)
    moment = START
    while moment + timedelta(minutes=20) < START + timedelta(hours=12):
        moment += timedelta(minutes=20)
        assert account_page(client, moment).status_code == 200
    with frozen(moment):
        changed = client.post(
            "/account/password",
            data={
                "current_password": factories.TEST_PASSWORD,
                "new_password": "violet tractor under rain",
                "confirm_password": "violet tractor under rain",
            },
        )
    assert changed.status_code == 302
    moment = START + timedelta(hours=12, minutes=1)
    assert account_page(client, moment).status_code == 302


def test_a_new_sign_in_starts_the_clock_again(client, supervisor):
    sign_in(client, START)
    assert account_page(client, START + timedelta(hours=13)).status_code == 302
    sign_in(client, START + timedelta(hours=13))
    assert account_page(client, START + timedelta(hours=13, minutes=5)).status_code == 200


def test_a_session_waiting_for_its_code_times_out_too(app, client, supervisor):
    app.config["REQUIRE_2FA"] = True
    assert sign_in(client, START).headers["Location"] == "/account/two-factor"
    later = START + timedelta(minutes=31)
    with frozen(later):
        response = client.get("/account/two-factor")
        assert response.headers["Location"].startswith("/login")
        assert IDLE_NOTICE in client.get("/login?lang=en").get_data(as_text=True)
        assert client.get("/account/two-factor").headers["Location"].startswith("/login")


def test_the_notice_speaks_chinese(client, supervisor):
    sign_in(client, START)
    later = START + timedelta(minutes=31)
    account_page(client, later)
    with frozen(later):
        page = client.get("/login?lang=zh").get_data(as_text=True)
    assert "30" in page and "You were signed out" not in page
    assert 'id="session-ended"' in page


def test_the_limits_come_from_the_settings(app, client, supervisor):
    app.config["SESSION_IDLE_MINUTES"] = 5
    sign_in(client, START)
    assert account_page(client, START + timedelta(minutes=4)).status_code == 200
    later = START + timedelta(minutes=10)
    page = signed_out_notice(client, account_page(client, later), later)
    assert "after 5 minutes without activity" in page


NUL_MESSAGE = "invisible control character (NUL)"


@pytest.mark.parametrize(
    "data",
    [
        {"email": "supervisor@example.test\x00", "password": factories.TEST_PASSWORD},
        {"email": "\x00' OR 1=1 --", "password": "anything at all"},
        {"email": "supervisor@example.test", "password": factories.TEST_PASSWORD + "\x00"},
    ],
)
def test_a_nul_character_in_the_sign_in_form_is_refused_clearly(client, supervisor, data):
    response = client.post("/login?lang=en", data=data)
    assert response.status_code == 400
    assert NUL_MESSAGE in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302


@pytest.mark.parametrize("field", ["current_password", "new_password", "confirm_password"])
def test_a_nul_character_in_the_password_form_is_refused_clearly(client, login, registry, field):
    login(Role.OFFICE_EDITOR, office=registry.laishui_office)
    data = {
        "current_password": factories.TEST_PASSWORD,
        "new_password": "violet tractor under rain",
        "confirm_password": "violet tractor under rain",
    }
    data[field] += "\x00"
    response = client.post("/account/password?lang=en", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert NUL_MESSAGE in page
    assert f'id="{field}-error"' in page


def test_a_nul_character_in_the_code_is_refused_clearly(app, client, supervisor):
    app.config["REQUIRE_2FA"] = True
    sign_in(client, START)
    with frozen(START):
        response = client.post("/account/two-factor?lang=en", data={"code": "123\x00456"})
    assert response.status_code == 422
    assert NUL_MESSAGE in response.get_data(as_text=True)


class TestTooLarge:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "MAX_CONTENT_LENGTH": 64 * 1024}

    @pytest.mark.parametrize(
        ("language", "title"),
        [("en", "What you sent is too large"), ("zh", "提交的内容过大")],
    )
    def test_a_post_over_the_app_wide_limit_gets_413_in_the_persons_language(
        self, client, supervisor, language, title
    ):
        response = client.post(
            f"/login?lang={language}",
            data={"email": "supervisor@example.test", "password": "x" * 100_000},
        )
        assert response.status_code == 413
        assert title in response.get_data(as_text=True)

    def test_an_upload_over_the_limit_gets_413_too(self, client, login, registry):
        import io

        login(Role.OFFICE_EDITOR, office=registry.laishui_office)
        response = client.post(
            "/editor/disclosures/laishui-in-shijiazhuang/receptions/2024/upload?lang=en",
            data={"file": (io.BytesIO(b"x" * 100_000), "big.csv")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 413
        assert "What you sent is too large" in response.get_data(as_text=True)
