"""Issue 19 item 1: accounts on the web — who may see and change whom (the rest get a 404),
invitations by e-mail (72 hours, once), role and scope, deactivation, a second factor reset,
each audited with who, when, before, after and why; nobody changes their own role."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from admin.models import AdminAuditEntry
from complaints.models import NotificationOutbox
from portal import two_factor
from portal.accounts import find_account
from portal.clock import frozen
from portal.models import Account, Role
from tests import factories

PASSWORD = "a long and fresh passphrase"
NOON = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "COMPLAINT_DELIVER_AFTER_REQUEST": False, "REQUIRE_2FA": False}


@pytest.fixture
def people(db, registry):
    """An account in several places of the tree, committed."""
    made = {
        "hebei": factories.make_account(
            db, Role.SUPERVISOR, government=registry.hebei, email="hebei@example.test"
        ),
        "baoding": factories.make_account(
            db, Role.SUPERVISOR, government=registry.baoding, email="baoding@example.test"
        ),
        "jilin": factories.make_account(
            db, Role.SUPERVISOR, government=registry.jilin, email="jilin@example.test"
        ),
        "editor": factories.make_account(
            db, Role.OFFICE_EDITOR, office=registry.laishui_office, email="editor@example.test"
        ),
        "admin": factories.make_account(db, Role.ADMIN, email="root@example.test"),
    }
    db.commit()
    return made


def sign_in(client, account):
    with client.session_transaction() as cookie:
        cookie["account_id"] = account.id
        cookie["account_epoch"] = account.session_epoch
        cookie["second_factor_done"] = True


def audit(db, action):
    return db.scalar(
        select(AdminAuditEntry)
        .where(AdminAuditEntry.action == action)
        .order_by(AdminAuditEntry.id.desc())
    )


# Who may open what: (signed in as, account shown) -> status.
MATRIX = [
    ("admin", "jilin", 200),
    ("hebei", "baoding", 200),
    ("hebei", "editor", 200),
    ("hebei", "jilin", 404),
    ("hebei", "admin", 404),
    ("baoding", "hebei", 404),
    ("jilin", "editor", 404),
    ("editor", "editor", 404),
]


@pytest.mark.parametrize(("who", "whom", "status"), MATRIX)
def test_who_may_see_an_account(client, people, who, whom, status):
    sign_in(client, people[who])
    assert client.get(f"/admin/accounts/{people[whom].id}").status_code == status


def test_a_visitor_is_sent_to_sign_in_and_an_editor_gets_a_404(client, people):
    assert client.get("/admin/accounts/").status_code == 302
    sign_in(client, people["editor"])
    assert client.get("/admin/accounts/").status_code == 404
    assert client.get("/admin/accounts/invite").status_code == 404


def test_a_province_lists_its_own_tree_and_offices_only(client, people):
    sign_in(client, people["hebei"])
    page = client.get("/admin/accounts/?lang=en").get_data(as_text=True)
    assert "baoding@example.test" in page and "editor@example.test" in page
    assert "jilin@example.test" not in page and "root@example.test" not in page


class TestInvitation:
    def invite(self, client, **fields):
        data = {
            "email": "new@example.test",
            "role": "office_editor",
            "office": "laishui-in-shijiazhuang",
        }
        return client.post("/admin/accounts/invite?lang=en", data={**data, **fields})

    def link(self, db):
        message = db.scalar(select(NotificationOutbox).order_by(NotificationOutbox.id.desc()))
        return "/invitation/" + re.search(r"/invitation/(\S+)", message.body).group(1)

    def test_an_invited_editor_chooses_a_password_and_signs_in(self, client, db, people):
        sign_in(client, people["hebei"])
        with frozen(NOON):
            response = self.invite(client)
        assert response.status_code == 302
        invited = find_account(db, "new@example.test")
        assert invited.office.slug == "laishui-in-shijiazhuang"
        entry = audit(db, "account_invited")
        assert entry.actor_id == people["hebei"].id and entry.at == NOON
        assert json.loads(entry.after)["role"] == "office_editor"
        link = self.link(db)
        client.post("/logout")
        with frozen(NOON + timedelta(hours=71)):
            done = client.post(link, data={"new_password": PASSWORD, "confirm_password": PASSWORD})
        assert done.headers["Location"] == "/login"
        signed = client.post("/login", data={"email": "new@example.test", "password": PASSWORD})
        assert signed.status_code == 302 and signed.headers["Location"] == "/account/"
        assert client.get(link).status_code == 404
        assert audit(db, "invitation_accepted").actor_id == invited.id

    def test_an_invitation_expires_after_72_hours(self, client, db, people):
        sign_in(client, people["admin"])
        with frozen(NOON):
            self.invite(client)
        with frozen(NOON + timedelta(hours=73)):
            page = client.get(self.link(db) + "?lang=en")
        assert page.status_code == 404 and "72 hours" in page.get_data(as_text=True)

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"role": "admin", "office": ""}, "You cannot give a role above your own."),
            (
                {"role": "supervisor", "office": "", "government": "220000"},
                "outside what you supervise",
            ),
            ({"office": "yanji-in-changchun"}, "This office is outside what you supervise."),
            ({"office": "no-such-office"}, "No office has this address."),
            ({"role": "supervisor", "office": "", "government": "12"}, "Six digits, please."),
            ({"email": "not an address"}, "This is not a valid email address."),
            ({"email": "baoding@example.test"}, "already exists"),
        ],
    )
    def test_what_a_province_may_not_give_is_refused_and_nothing_written(
        self, client, db, people, fields, message
    ):
        sign_in(client, people["hebei"])
        before = db.scalar(select(func.count()).select_from(Account))
        response = self.invite(client, **fields)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
        assert db.scalar(select(func.count()).select_from(Account)) == before
        assert db.scalar(select(func.count()).select_from(NotificationOutbox)) == 0


class TestChanges:
    def post(self, client, account, action, **fields):
        prefix = action
        data = {f"{prefix}-{name}": value for name, value in fields.items()}
        return client.post(f"/admin/accounts/{account.id}/{action}?lang=en", data=data)

    def test_an_editor_is_assigned_to_another_office_with_a_reason(
        self, client, db, people, registry
    ):
        editor = people["editor"]
        epoch = editor.session_epoch
        sign_in(client, people["admin"])
        response = self.post(
            client,
            editor,
            "change",
            role="office_editor",
            office="baoding-in-guangzhou",
            government="",
            reason="moved to Guangzhou",
        )
        assert response.status_code == 302
        db.refresh(editor)
        assert editor.office_id == registry.baoding_office.id
        assert editor.session_epoch == epoch + 1
        entry = audit(db, "account_changed")
        assert json.loads(entry.before)["office"] == "laishui-in-shijiazhuang"
        assert json.loads(entry.after)["office"] == "baoding-in-guangzhou"
        assert entry.reason == "moved to Guangzhou" and entry.actor_id == people["admin"].id
        page = client.get(f"/admin/accounts/{editor.id}?lang=en").get_data(as_text=True)
        assert "Role or scope changed" in page and "moved to Guangzhou" in page

    def test_nobody_changes_their_own_role(self, client, db, people):
        hebei = people["hebei"]
        sign_in(client, hebei)
        response = self.post(
            client, hebei, "change", role="supervisor", government="000000", reason="x"
        )
        assert response.status_code == 404
        db.refresh(hebei)
        assert hebei.government.code == "130000"

    def test_a_province_cannot_raise_an_account_above_its_own_role(self, client, db, people):
        sign_in(client, people["hebei"])
        response = self.post(
            client, people["baoding"], "change", role="admin", government="", reason="x"
        )
        assert response.status_code == 422
        assert "You cannot give a role above your own." in response.get_data(as_text=True)
        db.refresh(people["baoding"])
        assert people["baoding"].role is Role.SUPERVISOR
        assert audit(db, "account_changed") is None

    def test_a_change_without_a_reason_is_refused(self, client, db, people):
        sign_in(client, people["admin"])
        response = self.post(client, people["jilin"], "deactivate", reason="")
        assert response.status_code == 422
        assert "This field is required." in response.get_data(as_text=True)
        db.refresh(people["jilin"])
        assert people["jilin"].active

    def test_deactivation_ends_sign_in_and_is_audited(self, client, db, people):
        sign_in(client, people["hebei"])
        assert (
            self.post(client, people["baoding"], "deactivate", reason="left the job").status_code
            == 302
        )
        db.refresh(people["baoding"])
        assert not people["baoding"].active
        entry = audit(db, "account_deactivated")
        assert entry.reason == "left the job" and json.loads(entry.after) == {"active": False}

    def test_a_second_factor_is_reset_with_a_reason(self, client, db, people):
        jilin = people["jilin"]
        jilin.totp_secret = two_factor.encrypt_secret(two_factor.new_secret())
        db.commit()
        sign_in(client, people["admin"])
        assert (
            self.post(client, jilin, "second-factor", reason="lost phone, no codes").status_code
            == 302
        )
        db.refresh(jilin)
        assert jilin.totp_secret is None
        assert audit(db, "second_factor_reset").reason == "lost phone, no codes"

    def test_an_unknown_action_is_a_404(self, client, people):
        sign_in(client, people["admin"])
        assert self.post(client, people["jilin"], "promote", reason="x").status_code == 404


class TestForgery:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_a_change_without_the_form_s_token_changes_nothing(self, client, db, people):
        sign_in(client, people["admin"])
        response = client.post(
            f"/admin/accounts/{people['jilin'].id}/deactivate", data={"deactivate-reason": "x"}
        )
        assert response.status_code == 400
        db.refresh(people["jilin"])
        assert people["jilin"].active


def test_the_shell_invites_and_changes_through_the_same_services(runner, db, people):
    result = runner.invoke(
        args=[
            "accounts",
            "invite",
            "--email",
            "cli@example.test",
            "--role",
            "supervisor",
            "--government",
            "130600",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "/invitation/" in result.output
    assert audit(db, "account_invited").actor_id is None
    result = runner.invoke(
        args=[
            "accounts",
            "change",
            "--email",
            "cli@example.test",
            "--role",
            "supervisor",
            "--government",
            "130000",
            "--reason",
            "promoted to the province",
        ]
    )
    assert result.exit_code == 0, result.output
    assert find_account(db, "cli@example.test").government.code == "130000"
    assert audit(db, "account_changed").reason == "promoted to the province"
    refused = runner.invoke(
        args=[
            "accounts",
            "change",
            "--email",
            "cli@example.test",
            "--role",
            "office_editor",
            "--reason",
            "x",
        ]
    )
    assert refused.exit_code != 0 and "An office editor needs an office." in refused.output
