"""Attachments open for exactly the accounts that see the contact details; every download is
audited.

The attack: an administrator (who may not see contact details) or a province reading along
above the handling government downloads a photo or a letter that names the complainant.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from complaints.models import AuditEntry
from portal.models import Role
from tests.complaints.conftest import png_bytes
from tests.complaints.test_supervise import file_complaint
from tests.factories import make_office


@pytest.fixture
def complaint(app, db, registry):
    """Laishui's office in Changchun: Baoding handles it, Jilin (host) is copied, Hebei is
    above Baoding and reads along."""
    make_office(db, "laishui-in-changchun", registry.laishui, registry.jilin)
    db.commit()
    filed, _ = file_complaint(
        app, db, office="laishui-in-changchun", files=[("Li Wei ID card.png", png_bytes())]
    )
    return filed


# (who, the government of the account, may open files and contact details?)
MATRIX = [
    ("primary", Role.SUPERVISOR, "baoding", True),
    ("copied", Role.SUPERVISOR, "jilin", True),
    ("national", Role.NATIONAL, "national", True),
    ("above", Role.SUPERVISOR, "hebei", False),
    ("admin", Role.ADMIN, None, False),
    ("another government", Role.SUPERVISOR, "guangdong", False),
]


@pytest.mark.parametrize(
    ("who", "role", "government", "allowed"), MATRIX, ids=[m[0] for m in MATRIX]
)
def test_files_open_for_exactly_those_who_see_contact_details(
    client, db, login, registry, complaint, who, role, government, allowed
):
    client.set_cookie("lang", "en")
    account = login(role, government=getattr(registry, government) if government else None)
    base = f"/supervise/complaints/{complaint.reference}"
    attachment = complaint.attachments[0]
    download = client.get(f"{base}/attachments/{attachment.id}")
    contact = client.get(f"{base}/contact")
    assert download.status_code == contact.status_code == (200 if allowed else 404)
    downloads = db.scalars(
        select(AuditEntry).where(
            AuditEntry.actor_id == account.id, AuditEntry.action == "download_attachment"
        )
    ).all()
    page = client.get(base)
    if allowed:
        assert download.data[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(downloads) == 1  # every download is in the audit log
        assert "Li Wei ID card.png" in page.get_data(as_text=True)
    else:
        assert downloads == []
        if page.status_code == 200:  # the province above and the administrator read along
            text = page.get_data(as_text=True)
            assert "Li Wei ID card" not in text and "/attachments/" not in text
            assert "1 file. Files may identify the complainant" in text
