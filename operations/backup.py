"""Backups: the database and the uploads, in one folder, and restoring them into an empty instance.

A backup is a folder `portal-backup-<UTC instant>/` holding
- `database.sqlite3`: SQLite's online backup API (a consistent copy while the portal runs), or
  `database.dump`: `pg_dump --format=custom` in the scaled mode (PostgreSQL);
- `uploads.tar`: everything under UPLOAD_DIR (the complaints' attachments);
- `manifest.json`: when, from which kind of database, and each file's SHA-256.

The keys are NOT in it, on purpose: contact details, attachments' metadata and notifications are
encrypted with DATA_KEY (instance/data_key, or PORTAL_DATA_KEY), and a backup that carried its
key would make the encryption pointless. Keep the keys apart (docs/operations.md says where);
a restored instance needs the same DATA_KEY (and OLD_DATA_KEYS) to read what it restores.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess  # nosec B404 # runs only pg_dump and pg_restore, with an argument list
import tarfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
UPLOADS_FILE = "uploads.tar"


class BackupError(Exception):
    """A backup or restore that cannot be done (the message says why, for the command line)."""


@dataclass(frozen=True)
class Backup:
    folder: Path
    kind: str
    files: dict[str, str]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _libpq_url(engine: Engine) -> str:
    """The database URL as pg_dump reads it (no SQLAlchemy driver name)."""
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(database)


def _copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy even while others write."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _run(arguments: list[str]) -> None:
    """Run pg_dump or pg_restore; its own last words in a BackupError when it fails."""
    try:
        subprocess.run(arguments, check=True, capture_output=True)  # nosec B603 # a list, no shell: pg_dump or pg_restore and our own paths
    except subprocess.CalledProcessError as error:
        said = error.stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(
            f"{Path(arguments[0]).name} failed: {said[-1] if said else error}"
        ) from None


def _tar_uploads(upload_dir: Path, target: Path) -> None:
    with tarfile.open(target, "w") as archive:
        if upload_dir.is_dir():
            for path in sorted(upload_dir.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(upload_dir)), recursive=False)


def make_backup(engine: Engine, upload_dir: str, into: Path, now: datetime) -> Backup:
    """Write a backup folder under `into`; returns it. Raises BackupError."""
    folder = into / f"portal-backup-{now:%Y%m%dT%H%M%SZ}"
    if folder.exists():
        raise BackupError(f"{folder} already exists")
    folder.mkdir(parents=True, mode=0o700)
    if engine.dialect.name == "sqlite":
        kind, name = "sqlite", SQLITE_FILE
        _copy_sqlite(_sqlite_path(engine), folder / name)
    elif engine.dialect.name == "postgresql":
        kind, name = "postgresql", POSTGRES_FILE
        program = shutil.which("pg_dump")
        if program is None:
            raise BackupError(
                "pg_dump is not installed (Debian: apt-get install postgresql-client)"
            )
        _run(
            [
                program,
                "--format=custom",
                "--no-owner",
                f"--file={folder / name}",
                _libpq_url(engine),
            ]
        )
    else:
        raise BackupError(f"no backup for a {engine.dialect.name} database")
    _tar_uploads(Path(upload_dir), folder / UPLOADS_FILE)
    files = {file: _sha256(folder / file) for file in (name, UPLOADS_FILE)}
    manifest = {"created_at": now.isoformat(), "database": kind, "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return Backup(folder, kind, files)


def read_backup(folder: Path) -> Backup:
    """The manifest, with every file checked against its SHA-256. Raises BackupError."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} has no readable {MANIFEST}") from error
    for name, expected in manifest["files"].items():
        if not (folder / name).is_file() or _sha256(folder / name) != expected:
            raise BackupError(f"{folder / name} is missing or changed since the backup")
    return Backup(folder, manifest["database"], manifest["files"])


def holds_data(engine: Engine) -> bool:
    """Whether the target database already has records (a restore only fills an empty one)."""
    if "government" not in inspect(engine).get_table_names():
        return False
    with engine.connect() as connection:
        return connection.execute(text("SELECT 1 FROM government LIMIT 1")).first() is not None


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"refusing the archive member {member.name!r}")
        members.append(member)
    return members


def restore_backup(backup: Backup, engine: Engine, upload_dir: str) -> None:
    """Put the backup's database and uploads in place of an empty instance's. Raises BackupError.

    The caller disposes of the engine's pooled connections before and after."""
    if holds_data(engine):
        raise BackupError("the target database is not empty: restore only into a new instance")
    if backup.kind != engine.dialect.name:
        raise BackupError(f"a {backup.kind} backup cannot go into a {engine.dialect.name} database")
    if backup.kind == "sqlite":
        target = _sqlite_path(engine)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        _copy_sqlite(backup.folder / SQLITE_FILE, target)
    else:
        program = shutil.which("pg_restore")
        if program is None:
            raise BackupError(
                "pg_restore is not installed (Debian: apt-get install postgresql-client)"
            )
        _run(
            [
                program,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_libpq_url(engine)}",
                str(backup.folder / POSTGRES_FILE),
            ]
        )
    uploads = Path(upload_dir)
    uploads.mkdir(parents=True, exist_ok=True)
    with tarfile.open(backup.folder / UPLOADS_FILE) as archive:
        archive.extractall(uploads, members=_safe_members(archive), filter="data")
