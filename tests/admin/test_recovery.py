"""Issue 19 item 2: password reset by an e-mailed one-time link, and recovery codes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from admin.models import AccountToken, AdminAuditEntry, RecoveryCode
from complaints.models import NotificationOutbox
from portal import two_factor
from portal.accounts import verify_password
from portal.clock import frozen
from portal.models import Role
from tests import factories

NEW_PASSWORD = "a brand new passphrase for the portal"
GENERIC = "If an account has this address, a link to choose a new password is on its way."
NOON = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "COMPLAINT_DELIVER_AFTER_REQUEST": False}


@pytest.fixture
def supervisor(db, registry):
    account = factories.make_account(
        db, Role.SUPERVISOR, government=registry.hebei, email="hebei@example.test"
    )
    db.commit()
    return account


def outbox(db) -> list[NotificationOutbox]:
    return list(db.scalars(select(NotificationOutbox).order_by(NotificationOutbox.id)))


def ask_for_a_link(client, email="hebei@example.test"):
    return client.post("/password/forgotten?lang=en", data={"email": email}, follow_redirects=True)


def link_in(message: NotificationOutbox) -> str:
    match = re.search(r"https?://\S+/password/reset/(\S+)", message.body)
    assert match, message.body
    return "/password/reset/" + match.group(1)


class TestPasswordReset:
    def test_a_known_address_gets_a_link_an_unknown_one_the_same_answer_and_nothing(
        self, client, db, supervisor
    ):
        known = ask_for_a_link(client)
        unknown = ask_for_a_link(client, "nobody@example.test")
        assert known.status_code == unknown.status_code == 200
        assert GENERIC in known.get_data(as_text=True)
        assert GENERIC in unknown.get_data(as_text=True)
        messages = outbox(db)
        assert len(messages) == 1 and messages[0].complaint_id is None
        assert "hebei@example.test" not in messages[0].recipient_encrypted
        # Only a digest of the token is stored, never the link's token itself.
        token = link_in(messages[0]).rsplit("/", 1)[1]
        assert db.scalar(select(AccountToken.digest)) != token

    def test_the_link_sets_a_new_password_once_and_ends_every_session(self, client, db, supervisor):
        epoch = supervisor.session_epoch
        ask_for_a_link(client)
        link = link_in(outbox(db)[0])
        response = client.post(
            link, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
        )
        assert response.status_code == 302 and response.headers["Location"] == "/login"
        db.refresh(supervisor)
        assert verify_password(supervisor.password_hash, NEW_PASSWORD)
        assert supervisor.session_epoch == epoch + 1
        entry = db.scalar(select(AdminAuditEntry))
        assert (entry.action, entry.subject_id, entry.actor_id) == (
            "password_reset",
            supervisor.id,
            None,
        )
        again = client.get(link + "?lang=en")
        assert again.status_code == 404
        assert "not valid any more" in again.get_data(as_text=True)

    def test_the_link_expires_after_an_hour(self, client, db, supervisor):
        with frozen(NOON):
            ask_for_a_link(client)
        link = link_in(outbox(db)[0])
        with frozen(NOON + timedelta(minutes=59)):
            assert client.get(link).status_code == 200
        with frozen(NOON + timedelta(minutes=61)):
            assert client.get(link).status_code == 404

    def test_a_weak_password_is_refused_and_the_link_still_works(self, client, db, supervisor):
        ask_for_a_link(client)
        link = link_in(outbox(db)[0])
        response = client.post(
            link + "?lang=en", data={"new_password": "short", "confirm_password": "short"}
        )
        assert response.status_code == 422
        db.refresh(supervisor)
        assert verify_password(supervisor.password_hash, factories.TEST_PASSWORD)
        assert db.scalar(select(func.count()).select_from(AdminAuditEntry)) == 0
        assert client.get(link).status_code == 200

    def test_a_second_request_makes_the_first_link_stop_working(self, client, db, supervisor):
        ask_for_a_link(client)
        ask_for_a_link(client)
        first, second = (link_in(message) for message in outbox(db))
        assert client.get(first).status_code == 404
        assert client.get(second).status_code == 200

    def test_an_empty_address_is_refused_with_a_message(self, client, db):
        response = client.post("/password/forgotten?lang=en", data={"email": ""})
        assert response.status_code == 400
        assert "This field is required." in response.get_data(as_text=True)
        assert outbox(db) == []


class TestThrottled:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True}

    def test_the_same_address_is_throttled_after_three_requests_an_hour(
        self, client, db, supervisor
    ):
        for _ in range(3):
            assert ask_for_a_link(client).status_code == 200
        assert ask_for_a_link(client).status_code == 429
        assert len(outbox(db)) == 3


def enrol(client) -> str:
    page = client.get("/account/two-factor?lang=en").get_data(as_text=True)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    secret = secret.replace(" ", "")
    response = client.post("/account/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.headers["Location"] == "/account/recovery-codes"
    return secret


def codes_on(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", page)


def password_step(client):
    return client.post(
        "/login", data={"email": "hebei@example.test", "password": factories.TEST_PASSWORD}
    )


class TestRecoveryCodes:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "REQUIRE_2FA": True}

    @pytest.fixture
    def codes(self, client, db, supervisor):
        password_step(client)
        enrol(client)
        page = client.post("/account/recovery-codes?lang=en").get_data(as_text=True)
        codes = codes_on(page)
        client.post("/logout")
        return codes

    def test_ten_codes_are_shown_once_and_stored_as_digests(self, client, db, supervisor, codes):
        assert len(set(codes)) == 10
        stored = set(db.scalars(select(RecoveryCode.digest)))
        assert len(stored) == 10 and not stored & set(codes)
        password_step(client)
        client.post("/login/recovery", data={"code": codes[0]})
        page = client.get("/account/recovery-codes?lang=en").get_data(as_text=True)
        assert codes_on(page) == []
        assert "Unused codes left: 9." in page

    def test_a_code_signs_in_once_without_the_phone(self, client, db, supervisor, codes):
        assert password_step(client).headers["Location"] == "/login/code"
        assert "/login/recovery" in client.get("/login/code").get_data(as_text=True)
        response = client.post("/login/recovery", data={"code": codes[3].upper()})
        assert response.status_code == 302
        assert client.get("/account/").status_code == 200
        assert (
            db.scalar(
                select(AdminAuditEntry.action)
                .where(AdminAuditEntry.actor_id == supervisor.id)
                .order_by(AdminAuditEntry.id.desc())
            )
            == "recovery_code_used"
        )
        client.post("/logout")
        password_step(client)
        refused = client.post("/login/recovery?lang=en", data={"code": codes[3]})
        assert refused.status_code == 401
        assert "not right, or it was used before" in refused.get_data(as_text=True)
        assert client.get("/account/").status_code == 302

    def test_new_codes_make_the_old_ones_stop_working(self, client, db, supervisor, codes):
        password_step(client)
        client.post("/login/recovery", data={"code": codes[0]})
        fresh = codes_on(client.post("/account/recovery-codes").get_data(as_text=True))
        assert len(fresh) == 10 and not set(fresh) & set(codes)
        client.post("/logout")
        password_step(client)
        assert client.post("/login/recovery", data={"code": codes[1]}).status_code == 401
        assert client.post("/login/recovery", data={"code": fresh[0]}).status_code == 302

    def test_after_a_lost_phone_the_holder_sets_up_a_new_one(self, client, db, supervisor, codes):
        password_step(client)
        client.post("/login/recovery", data={"code": codes[0]})
        response = client.post("/account/recovery-codes/new-phone")
        assert response.headers["Location"] == "/account/two-factor"
        db.refresh(supervisor)
        assert supervisor.totp_secret is None
        assert db.scalar(select(func.count()).select_from(RecoveryCode)) == 0
        entry = db.scalar(
            select(AdminAuditEntry).where(AdminAuditEntry.action == "second_factor_reset")
        )
        assert entry.reason and '"on"' in entry.before
        enrol(client)

    def test_no_recovery_code_is_accepted_before_the_password(self, client, codes):
        response = client.post("/login/recovery", data={"code": codes[0]})
        assert response.headers["Location"] == "/login"


class TestForgery:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_making_codes_without_the_form_s_token_is_refused(self, client, db, login):
        account = login(Role.ADMIN)
        account.totp_secret = two_factor.encrypt_secret(two_factor.new_secret())
        db.commit()
        assert client.post("/account/recovery-codes").status_code == 400
        assert db.scalar(select(func.count()).select_from(RecoveryCode)) == 0

    def test_asking_for_a_link_without_the_form_s_token_sends_nothing(self, client, db):
        client.post("/password/forgotten", data={"email": "hebei@example.test"})
        assert outbox(db) == []
