"""Fixtures of the complaint tests: a complaint filed through the service, a form post helper
and small real files."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from complaints.intake import Intake, submit_complaint
from complaints.receipts import new_nonce


def file_complaint(app, db, office="laishui-in-shijiazhuang", when=None, **extra):
    """A real complaint filed through the citizen's service, committed; returns (complaint, secret)."""
    fields = {
        "category": "reception_over_standard",
        "body": "Twelve guests dined at the Grand Hotel on public money.",
        "contact_name": "Wang Fang",
        "contact_email": "wang.fang@example.test",
        **extra,
    }
    fields.setdefault("email_updates", bool(fields["contact_email"]))  # asked for e-mail
    receipt = submit_complaint(
        db,
        Intake(nonce=new_nonce(), office_slug=office, **fields),
        data_key=app.config["DATA_KEY"],
        upload_dir=app.config["UPLOAD_DIR"],
        now=when,
    )
    db.commit()
    return receipt.complaint, receipt.secret


def complaint_form(**fields) -> dict:
    """A complete, valid complaint form about the Laishui office; override any field."""
    data = {
        "nonce": new_nonce(),
        "office": "laishui-in-shijiazhuang",
        "category": "reception_over_standard",
        "body": "Dinner for twelve guests at the Grand Hotel with three work meals a day.",
        "occurred_where": "Shijiazhuang",
    }
    data.update(fields)
    return data


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (32, 24), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Secret Photographer"  # Artist
    exif[0x0110] = "SpyCam 3000"  # Model
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Secret Author")
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 200)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf_with_author() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Secret Author", "/Producer": "SpyWriter"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with_author() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="x"><w:body><w:p><w:ins w:author="Secret Author">'
            "<w:r><w:t>Receipts</w:t></w:r></w:ins></w:p></w:body></w:document>",
        )
        archive.writestr(
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:creator>Secret Author</dc:creator>'
            "</cp:coreProperties>",
        )
        archive.writestr(
            "docProps/app.xml", "<Properties><Company>Secret Company</Company></Properties>"
        )
    return out.getvalue()


@pytest.fixture
def post_complaint(client):
    """post_complaint(files=[(name, bytes)], **fields) -> response of POST /complaints/new,
    its redirect to the receipt followed (the receipt page, which shows the secret once)."""

    def post(files=(), headers=None, environ=None, lang=None, **fields):
        data = complaint_form(**fields)
        if files:
            data["attachments"] = [(io.BytesIO(content), name) for name, content in files]
        return client.post(
            f"/complaints/new?lang={lang}" if lang else "/complaints/new",
            data=data,
            content_type="multipart/form-data",
            headers=headers or {},
            environ_base=environ or {},
            follow_redirects=True,
        )

    return post
