"""PDFs without metadata or active content, through pikepdf (qpdf) rather than by hand.

What goes: the document Info dictionary (author, producer, dates), every XMP packet (the
document's and those of pages, pictures and fonts), private application data, page thumbnails;
JavaScript, the open action, additional actions (AA) everywhere, launch, remote go-to, submit
and import actions, links (made inert), embedded and associated files, XFA forms, multimedia
and portfolios (pikepdf.sanitize does the action and attachment walks); the author, dates and
unique names of comments and other markup annotations. Pictures: JPEG streams lose their EXIF,
XMP, ICC and comment segments losslessly, JPEG 2000 streams their XML/UUID boxes. The file gets
a new, content-derived /ID. Encrypted PDFs are refused (Refusal "encrypted").
"""

from __future__ import annotations

import io
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream
from pikepdf.sanitize import Sanitizer

from complaints.cleaning import Refusal
from complaints.cleaning.images import strip_jp2, strip_jpeg

MAX_INFLATED_PICTURE = 50 * 1024 * 1024

SANITIZER = (
    Sanitizer()
    .remove_javascript()
    .remove_external_access()
    .remove_attachments()
    .remove_multimedia()
    .remove_thumbnails()
    .remove_search_index()
    .remove_web_capture()
    .remove_private_app_data()
    .remove_collection()
)

# Keys that carry metadata or active content wherever they appear.
DROPPED_KEYS = (
    Name.Metadata,  # XMP packets
    Name.PieceInfo,  # private application data
    Name.LastModified,
    Name.AA,  # additional actions: on open, close, print, page view, field focus…
    Name.JS,
    Name.EF,  # the bytes of an embedded file
    Name.XFA,  # XML forms, which carry their own scripts
)
# Markup annotations (comments, highlights, stamps…) record who made them and when.
MARKUP_PRIVATE = (Name.T, Name.M, Name.CreationDate, Name.NM)
NOT_MARKUP = {Name.Link, Name.Widget, Name.Popup, Name("/PrinterMark"), Name("/TrapNet")}


def clean_pdf(data: bytes) -> bytes:
    """The PDF without metadata and active content (module docstring).

    Raises Refusal("encrypted") for a password-protected PDF, ValueError for one without
    pages; pikepdf's errors for a damaged one.
    """
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise Refusal("encrypted") from None
    with pdf:
        if pdf.is_encrypted:
            raise Refusal("encrypted")
        if len(pdf.pages) == 0:
            raise ValueError("no pages")
        SANITIZER.apply(pdf)
        if Name.Info in pdf.trailer:
            del pdf.trailer[Name.Info]
        for key in (Name.OpenAction, Name.Collection, Name.SpiderInfo):
            if key in pdf.Root:
                del pdf.Root[key]
        _clean_every_object(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def _clean_every_object(pdf: pikepdf.Pdf) -> None:
    """Visit every dictionary reachable from the catalog once (iteratively: deep or cyclic
    structures cannot exhaust the stack) and clean it."""
    seen: set[tuple[int, int]] = set()
    stack: list = [pdf.Root]
    while stack:
        item = stack.pop()
        if isinstance(item, Array):
            stack.extend(item)
            continue
        if not isinstance(item, (Dictionary, Stream)):
            continue
        if item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
        _clean_dictionary(item)
        stack.extend(item[key] for key in list(item.keys()))


def _clean_dictionary(item) -> None:
    for key in DROPPED_KEYS:
        if key in item:
            del item[key]
    annotation = item.get(Name.Type) == Name.Annot or (Name.Subtype in item and Name.Rect in item)
    if annotation and item.get(Name.Subtype) not in NOT_MARKUP:
        for key in MARKUP_PRIVATE:
            if key in item:
                del item[key]
    if isinstance(item, Stream) and item.get(Name.Subtype) == Name.Image:
        _clean_picture_stream(item)


def _filters(stream: Stream) -> list[Name]:
    value = stream.get(Name.Filter)
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _clean_picture_stream(stream: Stream) -> None:
    """Strip a picture's own metadata: a JPEG's segments, a JPEG 2000 file's boxes.

    Pixel data under other filters has no place for metadata. A JPEG inside a Flate layer is
    inflated with a ceiling (a 10 MB file could otherwise inflate without end).
    """
    filters = _filters(stream)
    coded = [name for name in filters if name in (Name.DCTDecode, Name.JPXDecode)]
    if not coded:
        return
    if filters == coded:
        raw = stream.read_raw_bytes()
    elif filters == [Name.FlateDecode, coded[0]] and Name.DecodeParms not in stream:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(stream.read_raw_bytes(), MAX_INFLATED_PICTURE)
        if inflater.unconsumed_tail:
            raise Refusal("too_large")
    else:
        raise ValueError("picture behind an unusual chain of filters")
    cleaned = strip_jpeg(raw) if coded[0] == Name.DCTDecode else strip_jp2(raw)
    if cleaned != raw or len(filters) > 1:
        parameters = stream.get(Name.DecodeParms)
        stream.write(cleaned, filter=coded[0], decode_parms=parameters)
