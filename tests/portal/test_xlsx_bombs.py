"""An Excel workbook carrying an XML entity bomb ("billion laughs") is an unreadable file to the
disclosure import: the editor gets the import's ordinary message, never a 500, and nothing is
expanded in memory."""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest

from portal.models import Role

UPLOAD = "/editor/disclosures/laishui-in-shijiazhuang/receptions/2024/upload?lang=en"
UNREADABLE = "The workbook cannot be read; save it again as .xlsx."

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{level} "' + f"&lol{level - 1 if level > 1 else ''};" * 10 + '">'
        for level in range(1, 10)
    )
    + "]>"
)
"""Nine levels of ten: `&lol9;` expands to 10⁹ "lol"s (3 GB)."""

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS = (
    f'<?xml version="1.0" encoding="UTF-8"?>{LAUGHS}'
    f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)


def workbook() -> bytes:
    """A small, ordinary workbook as openpyxl writes it (inline strings, one sheet)."""
    book = openpyxl.Workbook()
    book.active.append(["received_on", "guests", "amount"])
    book.active.append(["x", 2024, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_bomb(where: str) -> bytes:
    """The workbook with the bomb in its shared strings, its sheet or its workbook part."""
    source = zipfile.ZipFile(io.BytesIO(workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            text = source.read(info.filename).decode()
            if info.filename == "xl/worksheets/sheet1.xml" and where == "sheet":
                text = LAUGHS + text.replace("<t>x</t>", "<t>&lol9;</t>")
            elif info.filename == "xl/worksheets/sheet1.xml" and where == "shared strings":
                text = text.replace(
                    '<c r="A2" t="inlineStr"><is><t>x</t></is></c>', '<c r="A2" t="s"><v>0</v></c>'
                )
            elif info.filename == "xl/_rels/workbook.xml.rels" and where == "shared strings":
                text = text.replace(
                    "</Relationships>",
                    '<Relationship Id="rId99" Target="sharedStrings.xml" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                    "</Relationships>",
                )
            elif info.filename == "[Content_Types].xml" and where == "shared strings":
                text = text.replace(
                    "</Types>",
                    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/workbook.xml" and where == "workbook":
                text = text.replace("<workbook", LAUGHS + "<workbook", 1)
                text = text.replace('name="Sheet"', 'name="&lol9;"')
            target.writestr(info, text)
        if where == "shared strings":
            target.writestr("xl/sharedStrings.xml", SHARED_STRINGS)
    return out.getvalue()


@pytest.fixture
def editor(login, registry):
    return login(Role.OFFICE_EDITOR, office=registry.laishui_office)


def upload(client, data: bytes):
    return client.post(
        UPLOAD,
        data={"file": (io.BytesIO(data), "receptions.xlsx"), "mode": "replace"},
        content_type="multipart/form-data",
    )


def test_the_ordinary_workbook_is_read(client, editor):
    """The crafted files differ from this one only by the bomb: without it, the import reads
    the rows and judges the columns."""
    response = upload(client, workbook())
    assert UNREADABLE not in response.get_data(as_text=True)
    assert response.status_code == 422
    assert "guests" in response.get_data(as_text=True)


@pytest.mark.parametrize("where", ["shared strings", "sheet", "workbook"])
def test_an_entity_bomb_is_an_unreadable_file(client, editor, where):
    started = time.perf_counter()
    response = upload(client, with_bomb(where))
    assert response.status_code == 422
    assert UNREADABLE in response.get_data(as_text=True)
    assert time.perf_counter() - started < 5, "refused, not expanded"


def test_openpyxl_parses_with_defusedxml():
    """defusedxml (pinned) is what refuses entity declarations in sheets and shared strings."""
    assert openpyxl.DEFUSEDXML is True
