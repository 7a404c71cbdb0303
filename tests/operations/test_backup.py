"""`flask backup` and `flask restore`: a backup restored into an empty instance gives back every
complaint, attachment and disclosure, readable with the data key (issue 20, item 5)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app import create_app
from complaints.attachments import stored_path
from complaints.intake import contact_of
from complaints.models import Complaint, ComplaintAttachment
from disclosures.models import DisclosureKind, Publication
from disclosures.publication import publish_items
from portal.database import database
from portal.encryption import DecryptionError
from tests.complaints.conftest import file_complaint, png_bytes
from tests.conftest import USE_POSTGRES
from tests.disclosures.conftest import HOTEL_CODE, provider_item


@pytest.fixture
def filled(app, db, registry):
    """Two complaints (one with contact details and a picture) and one published disclosure."""
    for contact, files in ((True, [("photo.png", png_bytes())]), (False, [])):
        file_complaint(
            app,
            db,
            body="Dinner for twelve guests at the Grand Hotel.",
            contact_name="张三" if contact else None,
            contact_email="zhang@example.cn" if contact else None,
            email_updates=False,
            files=files,
        )
    items = [provider_item(HOTEL_CODE, "石家庄民营宾馆有限公司")]
    publish_items(
        db, registry.laishui_office, DisclosureKind.PROVIDERS, 2023, [(2, items[0])], None
    )
    db.commit()
    attachment = db.scalar(select(ComplaintAttachment))
    return {
        "references": sorted(db.scalars(select(Complaint.reference))),
        "attachment": (attachment.stored_name, attachment.sha256),
        "publications": db.scalar(select(func.count()).select_from(Publication)),
    }


def empty_database_url(tmp_path: Path, app) -> str:
    """Where the new instance keeps its data: a new SQLite file, or a new PostgreSQL database."""
    if not USE_POSTGRES:
        return f"sqlite:///{tmp_path / 'restored' / 'portal.sqlite3'}"
    url = make_url(app.config["DATABASE_URL"])
    name = f"{url.database}_restore"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def new_instance(app, tmp_path: Path, **overrides):
    (tmp_path / "restored").mkdir(exist_ok=True)
    config = {
        **app.config,
        "DATABASE_URL": empty_database_url(tmp_path, app),
        "UPLOAD_DIR": str(tmp_path / "restored" / "uploads"),
        **overrides,
    }
    config.pop("SQLALCHEMY_DATABASE_URI", None)
    return create_app(config)


def restore_into(instance, folder: Path):
    """`flask restore` run by the new instance (the test's own app context is the old one's)."""
    with instance.app_context():
        result = instance.test_cli_runner().invoke(args=["restore", str(folder)])
        database.session.remove()
        database.engine.dispose()
    return result


def take_backup(runner, tmp_path: Path) -> Path:
    result = runner.invoke(args=["backup", "--to", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    assert "the keys are not in it" in result.output
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


def test_a_backup_restored_into_an_empty_instance_gives_everything_back(
    app, runner, db, filled, tmp_path
):
    folder = take_backup(runner, tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"] == ("postgresql" if USE_POSTGRES else "sqlite")
    assert app.config["DATA_KEY"] not in "".join(
        path.read_bytes().decode("latin-1") for path in folder.iterdir()
    )

    restored = new_instance(app, tmp_path)
    result = restore_into(restored, folder)
    assert result.exit_code == 0, result.output
    with restored.app_context():
        session = database.session
        assert sorted(session.scalars(select(Complaint.reference))) == filled["references"]
        contacts = [contact_of(c) for c in session.scalars(select(Complaint))]
        assert {"name": "张三", "email": "zhang@example.cn"} in contacts
        stored_name, sha256 = filled["attachment"]
        data = stored_path(restored.config["UPLOAD_DIR"], stored_name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha256
        assert (
            session.scalar(select(func.count()).select_from(Publication))
            == (filled["publications"])
        )
        publication = session.scalar(select(Publication))
        assert publication.content["items"][0]["uscc"] == HOTEL_CODE
        session.remove()
        database.engine.dispose()


def test_without_the_data_key_the_restored_contact_details_stay_sealed(
    app, runner, db, filled, tmp_path
):
    folder = take_backup(runner, tmp_path)
    restored = new_instance(app, tmp_path, DATA_KEY="f" * 64)
    assert restore_into(restored, folder).exit_code == 0
    with restored.app_context():
        complaint = database.session.scalar(
            select(Complaint).where(Complaint.contact_encrypted.is_not(None))
        )
        with pytest.raises(DecryptionError):
            contact_of(complaint)
        database.session.remove()
        database.engine.dispose()


def test_a_restore_never_overwrites_an_instance_that_holds_records(
    app, runner, db, filled, tmp_path
):
    folder = take_backup(runner, tmp_path)
    result = runner.invoke(args=["restore", str(folder)])
    assert result.exit_code == 1
    assert "the target database is not empty" in result.output
    assert sorted(db.scalars(select(Complaint.reference))) == filled["references"]


def test_a_changed_backup_file_is_refused(app, runner, db, filled, tmp_path):
    folder = take_backup(runner, tmp_path)
    with (folder / "uploads.tar").open("ab") as handle:
        handle.write(b"\0")
    restored = new_instance(app, tmp_path)
    result = restore_into(restored, folder)
    assert result.exit_code == 1
    assert "uploads.tar is missing or changed since the backup" in result.output
