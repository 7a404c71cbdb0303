"""Issue 19 item 6: demo accounts with fixed, published two-step keys, on a demo instance only."""

from __future__ import annotations

import pyotp
import pytest

from portal import two_factor
from portal.accounts import find_account
from portal.demo import Progress
from portal.demo.people import (
    DEMO_PASSWORDS,
    DEMO_TOTP_KEYS,
    DemoAccount,
    load_accounts,
)
from portal.models import Role

ADMIN = DemoAccount("admin@demo.example.cn", Role.ADMIN)


def password_step(client, account=ADMIN):
    return client.post("/login", data={"email": account.email, "password": account.password})


def code_step(client, code):
    return client.post("/login/code?lang=en", data={"code": code})


class TestDemoInstance:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "DEMO": True}

    def test_anyone_signs_in_with_the_published_key_at_any_time(self, client, db):
        load_accounts(db, [ADMIN], Progress(enabled=False), demo=True)
        db.commit()
        assert password_step(client).headers["Location"] == "/login/code"
        code = pyotp.TOTP(DEMO_TOTP_KEYS[Role.ADMIN]).now()
        assert code_step(client, code).status_code == 302
        assert client.get("/account/").status_code == 200

    def test_a_key_enrolled_by_someone_else_is_replaced_by_the_next_load(self, db):
        load_accounts(db, [ADMIN], Progress(enabled=False), demo=True)
        account = find_account(db, ADMIN.email)
        account.totp_secret = two_factor.encrypt_secret(two_factor.new_secret())
        db.commit()
        load_accounts(db, [ADMIN], Progress(enabled=False), demo=True)
        db.commit()
        assert two_factor.decrypt_secret(account.totp_secret) == DEMO_TOTP_KEYS[Role.ADMIN]

    def test_the_sign_in_page_publishes_every_role_s_password_and_key(self, client):
        page = client.get("/login?lang=en").get_data(as_text=True)
        assert "Demonstration accounts" in page
        for role, key in DEMO_TOTP_KEYS.items():
            assert " ".join(key[i : i + 4] for i in range(0, 32, 4)) in page
            assert DEMO_PASSWORDS[role] in page


class TestNotADemoInstance:
    def test_loading_gives_no_published_key(self, db):
        load_accounts(db, [ADMIN], Progress(enabled=False), demo=False)
        db.commit()
        assert find_account(db, ADMIN.email).totp_secret is None

    def test_the_sign_in_page_publishes_nothing(self, client):
        page = client.get("/login?lang=en").get_data(as_text=True)
        assert "Demonstration accounts" not in page
        assert DEMO_TOTP_KEYS[Role.ADMIN][:4] not in page

    def test_a_published_key_is_refused_even_with_the_right_code(self, client, db):
        load_accounts(db, [ADMIN], Progress(enabled=False), demo=True)
        db.commit()
        assert password_step(client).headers["Location"] == "/login/code"
        response = code_step(client, pyotp.TOTP(DEMO_TOTP_KEYS[Role.ADMIN]).now())
        assert response.status_code == 401
        assert "not a demo instance" in response.get_data(as_text=True)
        assert client.get("/account/").status_code == 302
