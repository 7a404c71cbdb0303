"""Attachments keep no trace of their author or device, and Word zip bombs are refused unopened.

Each test uploads a real file (made in tests/complaints/documents.py) through the complaint
form, then reads the stored file back with Pillow, pikepdf or zipfile, as a supervisor's
computer would.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from sqlalchemy import select

from complaints.attachments import stored_path
from complaints.cleaning import Refusal
from complaints.cleaning.images import strip_jpeg
from complaints.cleaning.word import clean_docx
from complaints.models import Complaint, ComplaintAttachment
from tests.complaints import documents
from tests.complaints.documents import AUTHOR, NEEDLES


def stored_files(db, app) -> list[tuple[ComplaintAttachment, bytes]]:
    rows = db.scalars(select(ComplaintAttachment).order_by(ComplaintAttachment.id)).all()
    return [
        (row, stored_path(app.config["UPLOAD_DIR"], row.stored_name).read_bytes()) for row in rows
    ]


def assert_no_needles(data: bytes) -> None:
    for needle in NEEDLES:
        assert needle not in data, needle


def test_the_fixtures_really_carry_what_must_go():
    """The attack files are real: the photo has GPS, the PDF an author, script and file."""
    photo = documents.gps_jpeg()
    assert documents.has_gps(photo) and AUTHOR.encode() in photo
    with pikepdf.open(io.BytesIO(documents.pdf_with_everything())) as pdf:
        assert str(pdf.docinfo["/Author"]) == AUTHOR
        assert "/OpenAction" in pdf.Root and "/Metadata" in pdf.Root
        assert "notes.txt" in pdf.attachments
    with zipfile.ZipFile(io.BytesIO(documents.docx_with_gps_photo())) as archive:
        assert AUTHOR.encode() in archive.read("docProps/core.xml")
        assert documents.has_gps(archive.read("word/media/image1.jpeg"))


def test_a_photo_keeps_no_gps_camera_or_author(registry, post_complaint, db, app):
    response = post_complaint(files=[("IMG_0001.jpg", documents.gps_jpeg())])
    assert response.status_code == 200
    [(row, data)] = stored_files(db, app)
    assert row.media_type == "image/jpeg"
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif() and "xmp" not in image.info and "comment" not in image.info
        assert image.size == (64, 48)
    assert_no_needles(data)


def test_a_word_document_keeps_no_author_and_its_photo_no_gps(registry, post_complaint, db, app):
    response = post_complaint(files=[("report.docx", documents.docx_with_gps_photo())])
    assert response.status_code == 200
    [(row, data)] = stored_files(db, app)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
        photo = parts["word/media/image1.jpeg"]
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
    assert not documents.has_gps(photo)
    with Image.open(io.BytesIO(photo)) as image:
        assert image.size == (64, 48) and not image.getexif()
    assert b"Receipts of the banquet" in parts["word/document.xml"]  # the text itself stays
    assert b"<dc:creator>" not in parts["docProps/core.xml"]
    assert b"<Company>" not in parts["docProps/app.xml"]
    assert b"<property" not in parts["docProps/custom.xml"]
    assert b'w15:author=""' in parts["word/people.xml"]
    assert b'w:author=""' in parts["word/comments.xml"]
    assert (
        b"w:date=" not in parts["word/document.xml"] and b"rsid" not in parts["word/settings.xml"]
    )
    assert b'Target="about:blank"' in parts["word/_rels/settings.xml.rels"]
    for content in parts.values():
        assert_no_needles(content)


def test_a_pdf_keeps_no_metadata_script_or_file(registry, post_complaint, db, app):
    response = post_complaint(files=[("scan.pdf", documents.pdf_with_everything())])
    assert response.status_code == 200
    [(row, data)] = stored_files(db, app)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root and "/OpenAction" not in pdf.Root
        assert "/JavaScript" not in pdf.Root.get("/Names", {})
        assert len(pdf.attachments) == 0
        page = pdf.pages[0]
        assert "/AA" not in page.obj
        link, comment = page.Annots
        assert "/A" not in link  # the launch action is gone; the link's box stays
        assert "/T" not in comment and str(comment.Contents) == "see the bill"
        photo = page.Resources.XObject.Im0
        jpeg = photo.read_raw_bytes()
    assert not documents.has_gps(jpeg)
    with Image.open(io.BytesIO(jpeg)) as image:
        assert image.size == (64, 48) and not image.getexif() and "icc_profile" not in image.info
    reachable = documents.every_pdf_byte(data)
    assert_no_needles(reachable)
    assert b"app.alert" not in reachable and b"calc.exe" not in reachable


def test_stripping_a_jpeg_keeps_every_pixel():
    photo = documents.gps_jpeg((120, 80))
    stripped = strip_jpeg(photo)
    with Image.open(io.BytesIO(photo)) as before, Image.open(io.BytesIO(stripped)) as after:
        assert before.tobytes() == after.tobytes()
    assert len(stripped) < len(photo) and not documents.has_gps(stripped)


def test_a_long_word_document_stays_compressed_and_is_accepted(registry, post_complaint, db, app):
    document = documents.compressible_docx(megabytes=12)
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        assert sum(info.file_size for info in archive.infolist()) > 11 * 1024 * 1024
    assert len(document) < 2 * 1024 * 1024
    response = post_complaint(files=[("report.docx", document)])
    assert response.status_code == 200, response.text
    [(row, data)] = stored_files(db, app)
    assert row.size_bytes == len(data) < 2 * len(document)


def test_a_zip_bomb_is_refused_by_its_directory_before_anything_is_inflated(
    registry, post_complaint, db, app, monkeypatch
):
    bomb = documents.zip_bomb_docx(95)
    assert len(bomb) < 1024 * 1024
    inflated = []
    real_read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = real_read(self, n)
        inflated.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    response = post_complaint(files=[("bomb.docx", bomb)], lang="en")
    assert response.status_code == 400
    assert "bomb.docx would unpack to more than 50 MB" in response.text
    assert sum(inflated) == 0
    assert db.scalar(select(Complaint)) is None
    upload_dir = Path(app.config["UPLOAD_DIR"])
    assert not upload_dir.exists() or not [p for p in upload_dir.rglob("*") if p.is_file()]


def test_a_bomb_of_many_small_parts_is_refused_by_their_sum():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in documents._docx_parts(documents.gps_jpeg(), "x").items():
            archive.writestr(name, content)
        for number in range(60):  # each under the ratio floor, together past the limit
            archive.writestr(f"word/part{number}.xml", b" " * (1024 * 1024 - 10))
    with pytest.raises(Refusal) as refused:
        clean_docx(out.getvalue())
    assert refused.value.code == "bomb"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0" + bytes(100), "embedded"),
        ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0", "macros"),
        ("word/media/hdphoto1.wdp", b"II\xbc\x01" + bytes(50), "embedded"),
    ],
)
def test_parts_that_cannot_be_cleaned_are_refused(name, content, code):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in documents._docx_parts(documents.gps_jpeg(), "x").items():
            archive.writestr(part, data)
        archive.writestr(name, content)
    with pytest.raises(Refusal) as refused:
        clean_docx(out.getvalue())
    assert refused.value.code == code


def test_an_embedded_workbook_is_cleaned_too():
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "docProps/core.xml",
            f"<cp:coreProperties><dc:creator>{AUTHOR}</dc:creator></cp:coreProperties>",
        )
        archive.writestr(
            "xl/comments1.xml", f"<comments><authors><author>{AUTHOR}</author></authors></comments>"
        )
        archive.writestr(
            "xl/workbook.xml",
            '<workbook><x15ac:absPath xmlns:x15ac="x" url="C:\\Users\\lisecretwitness\\"/></workbook>',
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in documents._docx_parts(documents.gps_jpeg(), "x").items():
            archive.writestr(part, data)
        archive.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", workbook.getvalue())
    cleaned = clean_docx(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(cleaned)) as archive:
        inner = archive.read("word/embeddings/Microsoft_Excel_Worksheet.xlsx")
    with zipfile.ZipFile(io.BytesIO(inner)) as archive:
        for name in archive.namelist():
            assert_no_needles(archive.read(name))
        assert b"<author></author>" in archive.read("xl/comments1.xml")
