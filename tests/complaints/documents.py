"""Real files with identifying metadata, made the way phones, Word and PDF writers make them.

Every builder plants the same needles (`AUTHOR`, `DEVICE`, GPS position) so that a test can
look for them in what the portal stored.
"""

from __future__ import annotations

import contextlib
import io
import zipfile

import pikepdf
from PIL import Image

AUTHOR = "Li Secretwitness"
DEVICE = "SpyPhone 12 Pro"
LOCAL_PATH = "C:\\Users\\lisecretwitness\\Templates\\Normal.dotm"
GPS_IFD = 0x8825
NEEDLES = (AUTHOR.encode(), DEVICE.encode(), b"lisecretwitness", b"Secret Company")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def gps_jpeg(size=(64, 48)) -> bytes:
    """A photo as a phone takes it: GPS position, camera model, owner, XMP and a comment."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = AUTHOR  # Artist
    exif[0x0110] = DEVICE  # Model
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)})
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        '22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:creator>{AUTHOR}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=xmp, comment=f"taken by {AUTHOR}".encode())
    return out.getvalue()


def has_gps(jpeg: bytes) -> bool:
    with Image.open(io.BytesIO(jpeg)) as image:
        return bool(image.getexif().get_ifd(GPS_IFD))


def _docx_parts(photo: bytes, body_text: str) -> dict[str, bytes | str]:
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="jpeg" ContentType="image/jpeg"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "docProps/core.xml": (
            '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
            'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{AUTHOR}</dc:creator><cp:lastModifiedBy>{AUTHOR}</cp:lastModifiedBy>"
            "</cp:coreProperties>"
        ),
        "docProps/app.xml": (
            "<Properties><Company>Secret Company</Company><Manager>" + AUTHOR + "</Manager>"
            f"<Template>{LOCAL_PATH}</Template></Properties>"
        ),
        "docProps/custom.xml": (
            '<Properties><property name="Reviewer"><vt:lpwstr>'
            + AUTHOR
            + "</vt:lpwstr></property></Properties>"
        ),
        "word/document.xml": (
            f'<?xml version="1.0"?><w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
            f'<w:p w:rsidR="00A1B2C3"><w:ins w:id="1" w:author="{AUTHOR}" w:date="2026-03-01T09:'
            f'00:00Z"><w:r><w:t>{body_text}</w:t></w:r></w:ins></w:p>'
            '<w:p><w:r><w:drawing><a:blip xmlns:a="http://schemas.openxmlformats.org/drawingml/'
            '2006/main" r:embed="rId5"/></w:drawing></w:r></w:p></w:body></w:document>'
        ),
        "word/_rels/document.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">'
            '<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/image" Target="media/image1.jpeg"/></Relationships>'
        ),
        "word/_rels/settings.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{PACKAGE_RELS}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/attachedTemplate" Target="file:///{LOCAL_PATH}" '
            'TargetMode="External"/></Relationships>'
        ),
        "word/settings.xml": (
            f'<w:settings xmlns:w="{W}"><w:attachedTemplate r:id="rId1"/><w:rsids>'
            '<w:rsidRoot w:val="00A1B2C3"/></w:rsids></w:settings>'
        ),
        "word/comments.xml": (
            f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{AUTHOR}" w:initials="LS">'
            "<w:p><w:r><w:t>check the receipts</w:t></w:r></w:p></w:comment></w:comments>"
        ),
        "word/people.xml": (
            '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
            f'<w15:person w15:author="{AUTHOR}"><w15:presenceInfo w15:providerId="AD" '
            'w15:userId="S::lisecretwitness@example.cn::0f1e"/></w15:person></w15:people>'
        ),
        "word/media/image1.jpeg": photo,
    }


def docx_with_gps_photo(body_text: str = "Receipts of the banquet", photo: bytes | None = None):
    """A Word document with an author everywhere Word keeps one, and a GPS-tagged photo."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _docx_parts(photo or gps_jpeg(), body_text).items():
            archive.writestr(name, content)
    return out.getvalue()


def compressible_docx(megabytes: int) -> bytes:
    """A legitimate Word document whose text runs to `megabytes` MB unpacked (a long report)."""
    paragraph = "<w:p><w:r><w:t>第{0}段：招待费用明细，餐费、住宿费、交通费。</w:t></w:r></w:p>"
    text, number, size = [], 0, 0
    while size < megabytes * 1024 * 1024:
        number += 1
        text.append(paragraph.format(number))
        size += len(text[-1].encode())
    document = f'<w:document xmlns:w="{W}"><w:body>{"".join(text)}</w:body></w:document>'
    parts = _docx_parts(gps_jpeg(), "report")
    parts["word/document.xml"] = document
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_bomb_docx(megabytes: int = 95) -> bytes:
    """A "Word document" whose one extra part declares `megabytes` MB of zeros (deflated to
    about a thousandth of that)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _docx_parts(gps_jpeg(), "bomb").items():
            archive.writestr(name, content)
        with archive.open("word/media/zeros.bin", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()


def pdf_with_everything() -> bytes:
    """A PDF as a careless writer leaves it: author Info, XMP, a GPS-tagged photo, JavaScript
    run on opening, additional actions, a launch action, an embedded file and a signed comment."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0]
    photo = pikepdf.Stream(pdf, gps_jpeg())
    photo.Type, photo.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    photo.Width, photo.Height, photo.BitsPerComponent = 64, 48, 8
    photo.ColorSpace, photo.Filter = pikepdf.Name.DeviceRGB, pikepdf.Name.DCTDecode
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=photo))
    page.Contents = pikepdf.Stream(pdf, b"q 64 0 0 48 10 10 cm /Im0 Do Q")
    pdf.docinfo["/Author"] = AUTHOR
    pdf.docinfo["/Creator"] = DEVICE
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [AUTHOR]
        meta["xmp:CreatorTool"] = DEVICE
    script = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.Root.OpenAction = pdf.make_indirect(script)
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["hello", script]))
    )
    page.AA = pikepdf.Dictionary(O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="1"))
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, A=launch)
    link.Rect = pikepdf.Array([0, 0, 50, 50])
    comment = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Text,
        Contents=pikepdf.String("see the bill"),
        T=pikepdf.String(AUTHOR),
    )
    comment.Rect = pikepdf.Array([60, 60, 80, 80])
    page.Annots = pdf.make_indirect(pikepdf.Array([link, comment]))
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(pdf, b"written by " + AUTHOR.encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def every_pdf_byte(data: bytes) -> bytes:
    """Every byte a reader of the PDF could reach: the file and each stream decoded."""
    found = [data]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for item in pdf.objects:
            if isinstance(item, pikepdf.Stream):
                found.append(item.read_raw_bytes())
                # A picture codec qpdf does not decode: its raw bytes are above.
                with contextlib.suppress(pikepdf.PdfError):
                    found.append(item.read_bytes())
            found.append(repr(item).encode())
    return b"\n".join(found)
