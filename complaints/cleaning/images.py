"""Pictures without metadata: uploaded photos re-encoded, embedded pictures cleaned by format.

EXIF (GPS position, camera, owner, dates), XMP, IPTC, ICC profiles, comments and embedded
thumbnails or preview pictures are what a picture carries besides its pixels; none survives.
"""

from __future__ import annotations

import io
import re
import warnings

from PIL import Image, ImageOps

from complaints.cleaning import Refusal

# Formats Pillow re-encodes when they sit inside a Word document, and how they are saved.
REENCODED = {"PNG": {}, "GIF": {}, "BMP": {}, "TIFF": {"compression": "tiff_adobe_deflate"}}
REENCODED["WEBP"] = {"quality": 90}


def _open_checked(data: bytes) -> Image.Image:
    """Open and fully decode a picture; a decompression bomb is an error, not a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    return image


def _without_info(image: Image.Image) -> tuple[Image.Image, dict]:
    """A plain copy of the pixels (no format-specific tags survive a copy) and what to keep:
    only the transparency, which is part of the picture."""
    transparency = image.info.get("transparency")
    plain = image.copy()
    plain.info = {}  # EXIF, XMP, text chunks, ICC profile, comments: all dropped
    return plain, ({"transparency": transparency} if transparency is not None else {})


def clean_upload(data: bytes, expected: str) -> bytes:
    """Re-encode an uploaded JPEG or PNG (`expected` is "JPEG" or "PNG") without metadata.

    A JPEG is first turned upright by its EXIF orientation, since the tag that said how to
    show it goes with the rest of the EXIF. Raises ValueError when the content is another format.
    """
    image = _open_checked(data)
    if image.format != expected:
        raise ValueError("format differs from magic bytes")
    upright = ImageOps.exif_transpose(image) if expected == "JPEG" else image
    plain, keep = _without_info(upright)
    out = io.BytesIO()
    if expected == "JPEG":
        if plain.mode not in ("RGB", "L", "CMYK"):
            plain = plain.convert("RGB")
        plain.save(out, "JPEG", quality=92)
    else:
        plain.save(out, "PNG", **keep)
    return out.getvalue()


def strip_jpeg(data: bytes) -> bytes:
    """The same JPEG without its metadata segments, losslessly (the coded pixels are copied).

    Kept: the JFIF header without its thumbnail, the Adobe colour-transform segment, and every
    segment that decodes the picture. Dropped: APP1 (EXIF, XMP), APP2 (ICC, FlashPix), APP3–15
    (IPTC, maker data, …), comments, and anything after the end of the image (such as a second
    picture with its own EXIF, as multi-picture phones append). Raises ValueError when the bytes
    are not a well-formed JPEG.
    """
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG")
    out, i, size = bytearray(b"\xff\xd8"), 2, len(data)
    while True:
        if i >= size or data[i] != 0xFF:
            raise ValueError("JPEG segment expected")
        while i < size and data[i] == 0xFF:  # fill bytes before a marker
            i += 1
        if i >= size:
            raise ValueError("JPEG ends inside a marker")
        marker, i = data[i], i + 1
        if marker == 0xD9:  # end of image: whatever follows is not this picture
            out += b"\xff\xd9"
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += bytes((0xFF, marker))
            continue
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2 or i + length > size:
            raise ValueError("JPEG segment runs past the end")
        segment, i = data[i + 2 : i + length], i + length
        if marker == 0xE0 and segment.startswith(b"JFIF\x00") and len(segment) >= 14:
            out += b"\xff\xe0\x00\x10" + segment[:12] + b"\x00\x00"  # thumbnail 0×0
        elif marker == 0xEE and segment.startswith(b"Adobe"):
            out += b"\xff\xee" + data[i - length : i]
        elif 0xE0 <= marker <= 0xEF or marker == 0xFE:
            continue
        else:
            out += bytes((0xFF, marker)) + data[i - length : i]
        if marker == 0xDA:  # start of scan: coded data runs to the next real marker
            j = i
            while True:
                j = data.find(b"\xff", j)
                if j < 0 or j + 1 >= size:
                    raise ValueError("JPEG scan without an end")
                following = data[j + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    j += 2
                    continue
                break
            out += data[i:j]
            i = j


_JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
_JP2_DROPPED = {b"xml ", b"uuid", b"uinf", b"jp2i"}  # XMP/EXIF boxes, vendor data, rights


def strip_jp2(data: bytes) -> bytes:
    """A JPEG 2000 file without its XML, UUID (XMP, EXIF), vendor and rights boxes; a bare
    codestream is returned without the comment segments of its main header."""
    if data.startswith(b"\xff\x4f\xff\x51"):
        return _strip_codestream(data)
    if not data.startswith(_JP2_SIGNATURE):
        raise ValueError("not JPEG 2000")
    out, i = bytearray(), 0
    while i < len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        header = 8
        if length == 1:
            length, header = int.from_bytes(data[i + 8 : i + 16], "big"), 16
        elif length == 0:
            length = len(data) - i
        if length < header or i + length > len(data):
            raise ValueError("JPEG 2000 box runs past the end")
        if kind == b"jp2c":
            body = _strip_codestream(data[i + header : i + length])
            out += (8 + len(body)).to_bytes(4, "big") + b"jp2c" + body
        elif kind not in _JP2_DROPPED:
            out += data[i : i + length]
        i += length
    return bytes(out)


def _strip_codestream(data: bytes) -> bytes:
    out, i = bytearray(data[:2]), 2
    while i + 4 <= len(data):
        marker = data[i : i + 2]
        if marker == b"\xff\x90":  # first tile: the main header is over
            return bytes(out + data[i:])
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if length < 2 or i + 2 + length > len(data):
            raise ValueError("JPEG 2000 segment runs past the end")
        if marker != b"\xff\x64":  # COM: the encoder's or a person's words
            out += data[i : i + 2 + length]
        i += 2 + length
    raise ValueError("JPEG 2000 codestream without tiles")


def _clear_emf_description(data: bytes) -> bytes:
    # The EMF header's description names the program and the picture; the rest is drawing.
    if len(data) < 88 or data[40:44] != b" EMF":
        raise ValueError("not an EMF picture")
    count = int.from_bytes(data[60:64], "little")
    offset = int.from_bytes(data[64:68], "little")
    if count == 0:
        return data
    if offset < 88 or offset + 2 * count > len(data):
        raise ValueError("EMF description outside the file")
    return data[:offset] + bytes(2 * count) + data[offset + 2 * count :]


_SVG_PRIVATE = re.compile(
    rb"<(?:\w+:)?metadata\b.*?</(?:\w+:)?metadata\s*>|<!--.*?-->"
    rb"|\s(?:inkscape|sodipodi|adobe|i|x):[\w.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*')",
    re.S,
)


def clean_picture(data: bytes) -> bytes:
    """A picture from inside a document, cleaned in its own format.

    JPEG losslessly (strip_jpeg); PNG, GIF, BMP, TIFF and WebP re-encoded by Pillow from their
    pixels; EMF without its description; WMF as it is (it has no text fields); SVG without
    metadata, comments and editor attributes (which name files on the author's computer).
    Raises Refusal("embedded") for any other kind of picture, ValueError for a damaged one.
    """
    if data.startswith(b"\xff\xd8\xff"):
        _open_checked(data).close()
        return strip_jpeg(data)
    head = data[:512].lstrip()
    if head.startswith(b"<?xml") or head.startswith(b"<svg"):
        return _SVG_PRIVATE.sub(b"", data)
    if data[:4] == b"\x01\x00\x00\x00" and data[40:44] == b" EMF":
        return _clear_emf_description(data)
    if data[:4] in (b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00"):
        return data  # WMF (placeable or not)
    try:
        image = _open_checked(data)
    except Image.UnidentifiedImageError:
        raise Refusal("embedded") from None
    if image.format not in REENCODED:
        raise Refusal("embedded")
    plain, keep = _without_info(image)
    out = io.BytesIO()
    plain.save(out, image.format, **REENCODED[image.format], **keep)
    return out.getvalue()
