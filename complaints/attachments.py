"""Attachments: type checked on content, names sanitised, metadata stripped, kept out of static/."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l

from portal.errors import PortalError

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024

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


def _clean_image(data: bytes, media_type: str) -> bytes:
    from PIL import Image, ImageOps

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            expected = "JPEG" if media_type == JPEG else "PNG"
            if image.format != expected:
                raise ValueError("format differs from magic bytes")
            image.load()
            upright = ImageOps.exif_transpose(image) if media_type == JPEG else image.copy()
    transparency = upright.info.get("transparency")
    upright.info = {}  # EXIF, XMP, text chunks, ICC profile, comments: all dropped
    out = io.BytesIO()
    if media_type == JPEG:
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=92)
    else:
        extra = {"transparency": transparency} if transparency is not None else {}
        upright.save(out, "PNG", **extra)
    return out.getvalue()


def _clean_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise AttachmentError("encrypted")
        if len(reader.pages) == 0:
            raise ValueError("no pages")
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        if "/Metadata" in writer.root_object:
            del writer.root_object["/Metadata"]  # XMP: author, tool, dates
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>'
)
_APP_PERSONAL = re.compile(rb"<(Company|Manager)>.*?</\1>|<(Company|Manager)\s*/>", re.S)
_AUTHOR_ATTRIBUTES = re.compile(rb'\bw:(author|initials)="[^"]*"')


def _clean_docx(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = source.infolist()
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise ValueError("not a Word document")
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise AttachmentError("macros")
        if sum(member.file_size for member in members) > MAX_DOCX_UNPACKED_BYTES:
            raise ValueError("unpacks too large")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in members:
                if member.is_dir():
                    continue
                content = source.read(member.filename)
                if member.filename == "docProps/core.xml":
                    content = EMPTY_CORE
                elif member.filename == "docProps/app.xml":
                    content = _APP_PERSONAL.sub(b"", content)
                elif member.filename.startswith("word/") and member.filename.endswith(".xml"):
                    content = _AUTHOR_ATTRIBUTES.sub(rb'w:\1=""', content)
                target.writestr(zipfile.ZipInfo(member.filename, (1980, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


def check_attachment(filename: str, data: bytes) -> CleanFile:
    """Check one uploaded file on its content and return it cleaned of metadata.

    Raises AttachmentError with code `empty`, `too_large`, `type` (not a PDF, JPEG, PNG or
    DOCX, whatever its name says), `damaged` (the magic bytes match but the file does not
    parse), `encrypted` (a PDF we cannot inspect) or `macros` (a Word file with macros).
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
            cleaned = _clean_image(data, media_type)
        elif media_type == PDF:
            cleaned = _clean_pdf(data)
        else:
            cleaned = _clean_docx(data)
    except AttachmentError as error:
        raise AttachmentError(error.code, display) from None
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
    """Write a checked file under UPLOAD_DIR/complaints/ with a random name; return that name."""
    directory = Path(upload_dir) / "complaints"
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    path = directory / stored_name
    with open(path, "xb") as handle:
        handle.write(clean.data)
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
