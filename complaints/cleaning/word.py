"""Word documents without metadata, refused as zip bombs before anything is inflated.

A .docx is a ZIP package. Its central directory says how large each part unpacks and how far
it is compressed: a package that would unpack past MAX_UNPACKED_BYTES, or a large part
compressed more than MAX_RATIO to one, is refused from those numbers alone. The rest is
rewritten one part at a time (parts are streamed, never the whole archive at once) into a new
package that stays compressed (ZIP_DEFLATED), with:

- `docProps/core.xml`, `app.xml` and `custom.xml` replaced by empty property sets;
- authors, initials, user ids and dates of revisions and comments blanked (`word/people.xml`,
  `comments*.xml`, tracked changes), revision-session ids (rsid) removed;
- pictures cleaned by `images.clean_picture` (EXIF with GPS, XMP, ICC, comments dropped);
- custom XML data emptied, links to files on the author's computer and the template path
  blanked, printer names cleared;
- Office packages embedded in the document (a chart's workbook) cleaned the same way.

Macros are refused; so are embedded objects of kinds that cannot be cleaned (Refusal codes
"macros", "embedded", "bomb").
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from complaints.cleaning import Refusal
from complaints.cleaning.images import clean_picture

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # a part smaller than this may be compressed as far as it likes
MAX_MEMBERS = 3000
CHUNK = 64 * 1024
EPOCH = (1980, 1, 1, 0, 0, 0)  # every part gets the same date: no trace of when it was made

EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>'
)
EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    b'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"</Properties>"
)
EMPTY_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
    b'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"</Properties>"
)
REPLACED = {
    "docprops/core.xml": EMPTY_CORE,
    "docprops/app.xml": EMPTY_APP,
    "docprops/custom.xml": EMPTY_CUSTOM,
}

PICTURES = {"jpg", "jpeg", "jfif", "png", "gif", "bmp", "tif", "tiff", "webp", "emf", "wmf", "svg"}
PACKAGES = {"docx", "xlsx", "pptx", "dotx", "xltx", "potx"}
MACRO_PACKAGES = {"docm", "xlsm", "pptm", "dotm", "xltm", "potm", "xlsb"}
FONTS = {"odttf", "ttf", "otf", "fntdata"}

# Who wrote, commented or changed what, in Word, Excel and PowerPoint parts (any prefix).
_PERSON_ATTRIBUTES = re.compile(rb'(\s(?:\w+:)?(?:author|initials|userId|providerId))="[^"]*"')
_PERSON_ELEMENTS = re.compile(rb"<((?:\w+:)?(?:person|cmAuthor|author))\b[^>]*>")
_PERSON_ELEMENT_NAMES = re.compile(rb'(\s(?:\w+:)?(?:displayName|name))="[^"]*"')
_AUTHOR_TEXT = re.compile(rb"<((?:\w+:)?author)>[^<]*</\1>")  # Excel's comment authors
_DATES = re.compile(rb'\s(?:w|w16du|w16cex):(?:date|dateUtc)="[^"]*"')
_RSID_ATTRIBUTES = re.compile(rb'\sw:rsid\w*="[^"]*"')
_RSID_TABLE = re.compile(rb"<w:rsids>.*?</w:rsids>|<w:rsids\s*/>", re.S)
_PATHS = re.compile(rb'(<(?:\w+:)?(?:absPath|connectString)\b[^>]*?\s(?:url|w:val))="[^"]*"')

_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_TARGET = re.compile(rb'\bTarget="[^"]*"')
_WEB_TARGET = re.compile(rb'\bTarget="(?:https?:|mailto:|#)', re.I)

_ROOT = re.compile(rb"\s*(<\?xml[^>]*\?>)?\s*(?:<!--.*?-->\s*)*<([\w:.-]+)\b([^>]*?)(/?)>", re.S)


@dataclass
class Budget:
    """What may still be inflated, in bytes, for one upload (nested packages share it)."""

    left: int = MAX_UNPACKED_BYTES

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise Refusal("bomb")


def check_archive(archive: zipfile.ZipFile, budget: Budget) -> list[zipfile.ZipInfo]:
    """The package's parts, once the central directory shows nothing to fear.

    Refuses ("bomb") a package whose declared sizes add up past what the budget has left, with
    too many parts, or with a part over RATIO_FLOOR compressed more than MAX_RATIO to one;
    raises ValueError for encrypted parts, unknown compression or a name used twice. Nothing
    is inflated here.
    """
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise Refusal("bomb")
    names, declared = set(), 0
    for member in members:
        if member.flag_bits & 0x1 or member.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise ValueError("encrypted part or unknown compression")
        if member.filename in names:
            raise ValueError("a part name used twice")
        names.add(member.filename)
        if member.file_size > RATIO_FLOOR and (
            member.file_size > MAX_RATIO * max(member.compress_size, 1)
        ):
            raise Refusal("bomb")
        declared += member.file_size
    if declared > budget.left:
        raise Refusal("bomb")
    return members


def clean_docx(data: bytes) -> bytes:
    """A Word document (bytes of a ZIP package) rewritten without metadata (module docstring).

    Raises Refusal("bomb" | "macros" | "embedded"), or ValueError (zipfile.BadZipFile
    included) when the package is not a Word document or is damaged.
    """
    return _clean_package(data, "word/document.xml", Budget(), nested=False)


def _clean_package(data: bytes, main_part: str | None, budget: Budget, nested: bool) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = check_archive(source, budget)
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names or (main_part and main_part not in names):
            raise ValueError("not an Office document")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in members:
                if not member.is_dir():
                    _copy_part(source, target, member, budget, nested)
    return out.getvalue()


def _copy_part(source, target, member: zipfile.ZipInfo, budget: Budget, nested: bool) -> None:
    name = member.filename
    lower = name.lower()
    extension = lower.rsplit(".", 1)[-1] if "." in lower.rsplit("/", 1)[-1] else ""
    if "vbaproject" in lower or "vbadata" in lower or extension in MACRO_PACKAGES:
        raise Refusal("macros")
    info = zipfile.ZipInfo(name, EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    if extension in FONTS or lower == "[content_types].xml":
        with source.open(member) as reader, target.open(info, "w") as writer:
            while chunk := reader.read(CHUNK):
                budget.spend(len(chunk))
                writer.write(chunk)
        return
    content = _read(source, member, budget)
    if extension in ("xml", "vml", "rels"):
        content = as_utf8(content)
    if lower in REPLACED:
        content = REPLACED[lower]
    elif lower.startswith("customxml/item") and not lower.startswith("customxml/itemprops"):
        content = _emptied_root(content)
    elif extension == "rels":
        content = _RELATIONSHIP.sub(_private_target, content)
    elif extension in ("xml", "vml"):
        content = scrub_xml(content)
    elif extension in PICTURES or "/media/" in lower or lower.startswith("docprops/thumbnail"):
        content = clean_picture(content)
    elif extension in PACKAGES and not nested:
        content = _clean_package(content, None, budget, nested=True)
    elif "printersettings" in lower and extension == "bin":
        content = bytes(64) + content[64:]  # DEVMODE starts with the printer's name
    else:
        raise Refusal("embedded")
    target.writestr(info, content)


def _read(source: zipfile.ZipFile, member: zipfile.ZipInfo, budget: Budget) -> bytes:
    # zipfile never inflates past the declared size (and checks the CRC at the end); the
    # budget was checked against the declared sizes, and is charged with what is really read.
    with source.open(member) as reader:
        content = reader.read(member.file_size + 1)
    if len(content) != member.file_size:
        raise ValueError("part size differs from the directory")
    budget.spend(len(content))
    return content


def as_utf8(content: bytes) -> bytes:
    """An XML part in UTF-8 (Office writes UTF-8, but UTF-16 is allowed and would hide
    every name below from the patterns, which are written in UTF-8)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = content.decode("utf-16")
        return re.sub(r"(<\?xml[^>]*encoding=)[\"'][^\"']*[\"']", r'\1"UTF-8"', text).encode()
    return content


def scrub_xml(content: bytes) -> bytes:
    """An XML part without the people and dates of its revisions and comments (any part of a
    Word, Excel or PowerPoint package; parts without them come back unchanged)."""
    content = _PERSON_ATTRIBUTES.sub(rb'\1=""', content)
    content = _PERSON_ELEMENTS.sub(
        lambda match: _PERSON_ELEMENT_NAMES.sub(rb'\1=""', match.group(0)), content
    )
    content = _AUTHOR_TEXT.sub(rb"<\1></\1>", content)
    content = _DATES.sub(b"", content)
    content = _RSID_ATTRIBUTES.sub(b"", content)
    content = _RSID_TABLE.sub(b"", content)
    return _PATHS.sub(rb'\1=""', content)


def _private_target(match: re.Match) -> bytes:
    """A relationship that points at the author's computer (the template a document was made
    from, a linked local file) points nowhere; web links and parts of the package stay."""
    tag = match.group(0)
    template = b"/attachedTemplate" in tag
    external = b'TargetMode="External"' in tag and not _WEB_TARGET.search(tag)
    if template or external:
        return _TARGET.sub(b'Target="about:blank"', tag)
    return tag


def _emptied_root(content: bytes) -> bytes:
    """Custom XML data (cover-page address, phone, e-mail; document-library fields) without
    its contents: the root element stays, so that the parts that refer to it still open."""
    match = _ROOT.match(content)
    if match is None:
        raise ValueError("custom XML without a root element")
    declaration, tag, attributes, closed = match.groups()
    head = (declaration or b"") + b"<" + tag + attributes
    return head + (b"/>" if closed else b"></" + tag + b">")
