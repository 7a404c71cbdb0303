"""Attachments: type checked on content, cleaned of metadata (complaints.cleaning), names
sanitised, stored owner-only under UPLOAD_DIR, never under static/."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l

from complaints.cleaning import Refusal
from complaints.cleaning.images import clean_upload
from complaints.cleaning.pdf import clean_pdf
from complaints.cleaning.word import MAX_UNPACKED_BYTES, clean_docx
from complaints.storage import FOLDER_MODE, private_folder, write_new_private_file
from portal.errors import PortalError

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024

PDF, JPEG, PNG, DOCX = (
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx"}


def refusal_message(code: str, filename: str):
    """What a person reads when a file is refused (lazy: rendered in the page's language)."""
    messages = {
        "too_many": _l("Attach at most %(count)d files.", count=MAX_FILES),
        "empty": _l("The file %(name)s is empty.", name=filename),
        "too_large": _l("The file %(name)s is larger than 10 MB.", name=filename),
        "type": _l("The file %(name)s is not a PDF, JPEG, PNG or Word (DOCX) file.", name=filename),
        "damaged": _l(
            "The file %(name)s is damaged or is not really the kind of file its name says.",
            name=filename,
        ),
        "encrypted": _l(
            "The file %(name)s is a password-protected PDF; please send it without a password.",
            name=filename,
        ),
        "macros": _l(
            "The file %(name)s contains macros; please save it as a plain DOCX.", name=filename
        ),
        "bomb": _l(
            "The file %(name)s would unpack to more than %(size)d MB, or is packed far tighter "
            "than a Word document can be; it was not opened.",
            name=filename,
            size=MAX_UNPACKED_BYTES // (1024 * 1024),
        ),
        "embedded": _l(
            "The file %(name)s contains an embedded object or a kind of picture whose hidden "
            "data cannot be removed. Remove it from the document, or send it as a separate PDF, "
            "JPEG or PNG file.",
            name=filename,
        ),
    }
    return messages.get(code, messages["damaged"])


class AttachmentError(PortalError):
    """A file that cannot be accepted: `code` says why, `filename` which file; the message (for
    the "attachments" field) names the file and the reason."""

    def __init__(self, code: str, filename: str = "") -> None:
        super().__init__(refusal_message(code, filename), field="attachments")
        self.code = code
        self.filename = filename


@dataclass(frozen=True)
class CleanFile:
    """A file that passed every check, with its metadata removed."""

    filename: str
    media_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sniff(data: bytes) -> str | None:
    """The media type the first bytes announce (PDF, JPEG, PNG or a ZIP that may be DOCX)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return DOCX
    return None


def sanitise_filename(name: str, media_type: str) -> str:
    """A safe display name: no path, no control characters, the extension of the real type."""
    name = unicodedata.normalize("NFKC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = "".join(ch for ch in stem if ch.isalnum() or ch in " -_()（）")
    stem = re.sub(r"\s+", " ", stem).strip(" .-_")[:80] or "attachment"
    return f"{stem}.{EXTENSIONS[media_type]}"


def check_attachment(filename: str, data: bytes) -> CleanFile:
    """Check one uploaded file on its content and return it cleaned of metadata.

    Raises AttachmentError with code `empty`, `too_large`, `type` (not a PDF, JPEG, PNG or
    DOCX, whatever its name says), `damaged` (the magic bytes match but the file does not
    parse), `encrypted` (a PDF we cannot inspect), `macros` (a Word file with macros), `bomb`
    (a Word file that would unpack too far) or `embedded` (an object that cannot be cleaned).
    """
    display = (filename or "").rsplit("/", 1)[-1][:100]
    if not data:
        raise AttachmentError("empty", display)
    if len(data) > MAX_FILE_BYTES:
        raise AttachmentError("too_large", display)
    media_type = sniff(data)
    if media_type is None:
        raise AttachmentError("type", display)
    try:
        if media_type in (JPEG, PNG):
            cleaned = clean_upload(data, "JPEG" if media_type == JPEG else "PNG")
        elif media_type == PDF:
            cleaned = clean_pdf(data)
        else:
            cleaned = clean_docx(data)
    except Refusal as refusal:
        raise AttachmentError(refusal.code, display) from None
    except Exception:  # noqa: BLE001 - any parser failure means the file is not what it claims
        raise AttachmentError("damaged", display) from None
    if len(cleaned) > MAX_FILE_BYTES:
        raise AttachmentError("too_large", display)
    return CleanFile(sanitise_filename(filename, media_type), media_type, cleaned)


def check_attachments(files: list[tuple[str, bytes]], already: int = 0) -> list[CleanFile]:
    """Check a batch (at most MAX_FILES in all, counting `already` stored ones)."""
    if len(files) + already > MAX_FILES:
        raise AttachmentError("too_many")
    return [check_attachment(name, data) for name, data in files]


def store(upload_dir: str, clean: CleanFile) -> str:
    """Write a checked file under UPLOAD_DIR/complaints/ with a random name; return that name.

    The folder is 0700 and the file 0600, set explicitly (not left to the umask); the folder is
    this package's own, so one made looser by an earlier version is tightened here too.
    """
    directory = private_folder(Path(upload_dir) / "complaints")
    os.chmod(directory, FOLDER_MODE)
    stored_name = secrets.token_hex(16)
    write_new_private_file(directory / stored_name, clean.data)
    return stored_name


def stored_path(upload_dir: str, stored_name: str) -> Path:
    """Where an attachment's bytes are (for the supervisors' download view)."""
    if not re.fullmatch(r"[0-9a-f]{32}", stored_name):
        raise ValueError("not a stored attachment name")
    return Path(upload_dir) / "complaints" / stored_name


def remove(upload_dir: str, stored_names: list[str]) -> None:
    """Delete files written for a submission that did not go through."""
    for name in stored_names:
        stored_path(upload_dir, name).unlink(missing_ok=True)
