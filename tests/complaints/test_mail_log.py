"""The mail log keeps no clear link between a person and a complaint, rotates, and is private.

The attack: read instance/mail.log on a portal without SMTP (the default) to learn who
complained (each address stood beside the complaint reference), as any user of the machine
could. Now the log holds a message id, a template and a redacted address; every file and
folder the complaints package writes under instance/ is 0600/0700 whatever the umask.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from complaints.models import Complaint
from complaints.outbox import redact

ADDRESS = "li.secretwitness@example.cn"


@pytest.fixture
def instance(tmp_path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def app_config(app_config, instance):
    """The default setup (no SMTP) with instance/ in the test's folder, not yet created."""
    return {
        **app_config,
        "SMTP_URL": None,
        "COMPLAINT_MAIL_LOG": str(instance / "logs" / "mail.log"),
        "UPLOAD_DIR": str(instance / "uploads"),
        "COMPLAINT_DELIVER_AFTER_REQUEST": False,
    }


@pytest.fixture
def loose_umask():
    """A umask that would leave new files readable by everyone: modes must not depend on it."""
    before = os.umask(0)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_keeps_no_address_and_no_reference_beside_it(
    registry, post_complaint, db, runner, instance, loose_umask
):
    from tests.complaints.conftest import png_bytes

    response = post_complaint(
        office="shenzhen-in-shijiazhuang",  # Hebei is copied and has an e-mail channel
        contact_email=ADDRESS,
        email_updates="y",  # mail only when asked for (issue 16 item 2)
        contact_name="Li Secretwitness",
        files=[("receipt.png", png_bytes())],
    )
    assert response.status_code == 200
    reference = db.scalar(select(Complaint.reference))
    result = runner.invoke(args=["complaints", "deliver"])
    assert "sent 2, failed 0" in result.output

    log_file = instance / "logs" / "mail.log"
    log = log_file.read_text()
    assert "template=complaint_received to=l***@e***.cn" in log
    assert "template=new_complaint to=j***@h***.cn" in log
    for secret in (ADDRESS, "li.secretwitness", "jiandu@hebei.example.cn", reference, "Li "):
        assert secret not in log

    assert mode(log_file) == 0o600
    assert mode(log_file.parent) == 0o700
    uploads = instance / "uploads"
    stored = [path for path in uploads.rglob("*") if path.is_file()]
    assert len(stored) == 1 and mode(stored[0]) == 0o600
    assert mode(uploads) == mode(uploads / "complaints") == 0o700


def test_the_log_rotates_and_keeps_a_few_private_files(
    app, registry, post_complaint, runner, instance, loose_umask
):
    app.config["COMPLAINT_MAIL_LOG_BYTES"] = 200
    app.config["COMPLAINT_MAIL_LOG_BACKUPS"] = 2
    for _ in range(8):
        post_complaint(office="shenzhen-in-shijiazhuang", contact_email=ADDRESS, email_updates="y")
        runner.invoke(args=["complaints", "deliver"])
    files = sorted(path.name for path in (instance / "logs").iterdir())
    assert files == ["mail.log", "mail.log.1", "mail.log.2"]  # the oldest were dropped
    for name in files:
        path = instance / "logs" / name
        assert mode(path) == 0o600 and path.stat().st_size <= 200
        assert ADDRESS not in path.read_text()


def test_a_log_left_readable_by_an_earlier_version_is_tightened(
    registry, post_complaint, runner, instance
):
    log_file = instance / "logs" / "mail.log"
    log_file.parent.mkdir(parents=True)
    log_file.write_text("")
    log_file.chmod(0o644)
    post_complaint(contact_email=ADDRESS, email_updates="y")  # mail only when asked
    runner.invoke(args=["complaints", "deliver"])
    assert mode(log_file) == 0o600


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("li.wei@example.cn", "l***@e***.cn"),
        ("jiandu@hebei.example.cn", "j***@h***.cn"),
        ("odd-address", "***"),
        ("@example.cn", "***"),
    ],
)
def test_addresses_are_redacted(address, shown):
    assert redact(address) == shown
