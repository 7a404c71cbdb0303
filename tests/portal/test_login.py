"""Sign-in and sign-out pages: generic errors, fresh sessions, safe `next`, CSRF, throttling."""

from __future__ import annotations

import pytest

from portal.auth import role_required
from portal.models import Role
from tests import factories

PASSWORD = factories.TEST_PASSWORD


def sign_in(client, email="editor@example.test", password=PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


def test_login_page_has_labelled_fields(client):
    page = client.get("/login?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<label for="email">Email address</label>' in html
    assert '<label for="password">Password</label>' in html
    assert 'autocomplete="current-password"' in html


def test_right_password_signs_in_and_shows_the_account(client, editor):
    response = sign_in(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"
    page = client.get("/account/?lang=en").get_data(as_text=True)
    assert "editor@example.test" in page
    assert "Office editor" in page


def test_email_is_matched_without_regard_to_case_and_spaces(client, editor):
    assert sign_in(client, email="  Editor@Example.TEST ").status_code == 302


@pytest.mark.parametrize(
    ("email", "password"),
    [("editor@example.test", "wrong password here"), ("nobody@example.test", PASSWORD)],
)
def test_bad_credentials_get_one_generic_message(client, editor, email, password):
    response = client.post(
        "/login?lang=en", data={"email": email, "password": password}, follow_redirects=False
    )
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "The email address or the password is not right." in html
    assert "nobody" not in html.replace('value="nobody@example.test"', "")
    assert client.get("/account/").status_code == 302


def test_empty_form_says_what_is_missing(client):
    response = client.post("/login?lang=en", data={"email": "", "password": ""})
    assert response.status_code == 400
    assert "This field is required." in response.get_data(as_text=True)


def test_deactivated_account_cannot_sign_in(client, db, editor):
    editor.active = False
    db.commit()
    assert sign_in(client).status_code == 401


def test_sign_in_starts_a_fresh_session(client, editor):
    with client.session_transaction() as cookie:
        cookie["planted"] = "by someone else"
    sign_in(client)
    with client.session_transaction() as cookie:
        assert "planted" not in cookie
        assert cookie["account_id"] == editor.id
        assert cookie["second_factor_done"] is True


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/offices/?status=closed", "/offices/?status=closed"),
        ("https://evil.example/", "/account/"),
        ("//evil.example/path", "/account/"),
        ("/\\evil.example", "/account/"),
        ("javascript:alert(1)", "/account/"),
    ],
)
def test_next_only_leads_to_a_local_path(client, editor, target, expected):
    response = sign_in(client, next=target)
    assert response.headers["Location"] == expected


def test_login_required_sends_to_sign_in_and_back(app, client, editor):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/account/password")
    form = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="/account/password"' in form


def test_role_required_answers_404_to_other_roles(app, client, login, registry):
    app.add_url_rule(
        "/test-only/admin", "admin_only", role_required(Role.ADMIN)(lambda: "secret admin page")
    )
    assert client.get("/test-only/admin").status_code == 302
    login(Role.SUPERVISOR, government=registry.hebei)
    assert client.get("/test-only/admin").status_code == 404


def test_logout_is_post_only(client, login):
    login(Role.ADMIN)
    assert client.get("/logout").status_code == 405
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/account/").status_code == 302


def test_logout_ends_every_session_of_the_account(app, client, editor):
    other = app.test_client()
    sign_in(client)
    sign_in(other)
    assert other.get("/account/").status_code == 200
    with other.session_transaction() as cookie:
        stolen = dict(cookie)
    client.post("/logout")
    assert other.get("/account/").status_code == 302
    with other.session_transaction() as cookie:
        cookie.update(stolen)
    assert other.get("/account/").status_code == 302, "a copied cookie outlives the sign-out"


class TestWithCsrf:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_login_and_logout_need_the_csrf_token(self, client, editor):
        assert sign_in(client).status_code == 400
        assert client.post("/logout").status_code == 400
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert sign_in(client, csrf_token=token).status_code == 302


ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def post_from(client, address, email="editor@example.test", password="wrong password"):
    return client.post(
        "/login?lang=en",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


class TestThrottling:
    @pytest.fixture
    def app_config(self, app_config):
        return {
            **app_config,
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "6 per minute",
            "LOGIN_ACCOUNT_CLIENT_RATE_LIMIT": "3 per minute",
            "LOGIN_ACCOUNT_RATE_LIMIT": "5 per minute",
        }

    def test_failed_attempts_per_client_are_limited(self, client, editor):
        for number in range(6):
            assert (
                post_from(client, ATTACKER, email=f"guess{number}@example.test").status_code == 401
            )
        response = post_from(client, ATTACKER, email="guess9@example.test")
        assert response.status_code == 429
        assert "Too many requests" in response.get_data(as_text=True)

    def test_a_flood_from_one_client_does_not_lock_the_owner_out(self, app, editor):
        attacker, owner = app.test_client(), app.test_client()
        statuses = [post_from(attacker, ATTACKER).status_code for _ in range(10)]
        assert statuses[:3] == [401, 401, 401]
        assert set(statuses[3:]) == {429}, "guessing from the flooding client stays bounded"
        assert post_from(attacker, ATTACKER, password=PASSWORD).status_code == 429
        response = post_from(owner, OWNER, password=PASSWORD)
        assert response.status_code == 302
        assert owner.get("/account/").status_code == 200

    def test_guessing_from_many_clients_meets_an_account_ceiling(self, app, editor):
        attacker = app.test_client()
        statuses = [post_from(attacker, f"203.0.113.{n}").status_code for n in range(8)]
        assert statuses == [401] * 5 + [429] * 3
        stranger = app.test_client()  # the right password from a browser never used: held too
        assert post_from(stranger, "192.0.2.1", password=PASSWORD).status_code == 429

    def test_the_owners_own_browser_passes_the_account_ceiling(self, app, editor):
        owner = app.test_client()
        assert post_from(owner, OWNER, password=PASSWORD).status_code == 302
        owner.post("/logout")
        attacker = app.test_client()
        for n in range(8):
            post_from(attacker, f"203.0.113.{n}")
        assert post_from(attacker, "203.0.113.200").status_code == 429
        assert post_from(owner, OWNER, password=PASSWORD).status_code == 302

    def test_a_forged_device_cookie_does_not_pass(self, app, editor):
        attacker = app.test_client()
        attacker.set_cookie("portal_device", "forged.value.here")
        statuses = [post_from(attacker, f"203.0.113.{n}").status_code for n in range(7)]
        assert statuses[-1] == 429

    def test_successful_sign_ins_do_not_count(self, client, editor):
        for _attempt in range(8):
            assert post_from(client, OWNER, password=PASSWORD).status_code == 302


def change(client, current=PASSWORD, new="violet tractor under rain", confirm=None):
    return client.post(
        "/account/password?lang=en",
        data={
            "current_password": current,
            "new_password": new,
            "confirm_password": new if confirm is None else confirm,
        },
    )


@pytest.mark.parametrize(
    ("kwargs", "message", "field"),
    [
        ({"current": "not my password"}, "The current password is not right.", "current_password"),
        (
            {"new": "password1234"},
            "This password is in lists of common and breached passwords",
            "new_password",
        ),
        (
            {"new": "123456789012"},
            "This password is too easy to guess: it is built on a common password.",
            "new_password",
        ),
        ({"new": "short pw"}, "at least 12 characters", "new_password"),
        (
            {"confirm": "violet tractor under snow"},
            "The two new passwords differ.",
            "confirm_password",
        ),
        ({"new": PASSWORD}, "must differ from the current one", "new_password"),
    ],
)
def test_change_password_refusals_are_explained_on_the_field(
    client, editor, kwargs, message, field
):
    sign_in(client)
    response = change(client, **kwargs)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-error"' in page
    assert f'href="#{field}"' in page, "the error summary links to the field"


def test_change_password_ends_other_sessions_and_keeps_this_one(app, client, editor):
    other = app.test_client()
    sign_in(client)
    sign_in(other)
    response = change(client)
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    assert other.get("/account/").status_code == 302
    client.post("/logout")
    assert sign_in(client).status_code == 401
    assert sign_in(client, password="violet tractor under rain").status_code == 302


def test_change_password_page_needs_sign_in(client):
    assert client.get("/account/password").status_code == 302
    assert change(client).status_code == 302


def test_pages_speak_chinese_by_default(client, editor):
    page = client.get("/login").get_data(as_text=True)
    assert "电子邮箱地址" in page and "密码" in page
    response = client.post("/login", data={"email": "editor@example.test", "password": "nope"})
    assert "电子邮箱地址或密码不正确。" in response.get_data(as_text=True)
    sign_in(client)
    account_page = client.get("/account/").get_data(as_text=True)
    assert "办事处编辑" in account_page and "修改密码" in account_page
