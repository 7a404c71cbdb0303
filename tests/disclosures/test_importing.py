"""Bulk import: the whole file or nothing, and a report naming row, column and problem."""

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from disclosures.importing import import_file
from disclosures.models import OfficeProvider, Provider, Publication, ReceptionRecord
from disclosures.publication import ItemsRejected
from disclosures.uscc import make_uscc

GOOD_1 = make_uscc("91", "130100", "MA0AAAAA1")
GOOD_2 = make_uscc("91", "130100", "MA0BBBBB2")
GOOD_3 = make_uscc("92", "130600", "MA0CCCCC3")
BAD = GOOD_2[:17] + ("0" if GOOD_2[17] != "0" else "1")
HEADER = ["name_zh", "name_en", "uscc", "kind", "city", "year"]
ROWS = [
    ["石家庄甲宾馆有限公司", "Jia Hotel", GOOD_1, "hotel", "石家庄市", "2023"],
    ["石家庄乙餐饮有限公司", "", BAD, "restaurant", "石家庄市", "2023"],
    ["保定丙汽车租赁有限公司", "", GOOD_3, "vehicle_rental", "保定市", "2023"],
]


def csv_bytes(rows, header=HEADER):
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def count(db, model):
    return db.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_a_bad_row_in_the_middle_rejects_the_whole_file(db, registry, request_context, make):
    with pytest.raises(ItemsRejected) as rejected:
        import_file(db, registry.laishui_office, "providers", make(ROWS), publish=True)
    db.rollback()
    [problem] = rejected.value.problems
    assert (problem.row, problem.column) == (3, "uscc")
    assert "check character" in str(problem.message)
    assert (
        count(db, Provider) == 0 and count(db, OfficeProvider) == 0 and count(db, Publication) == 0
    )


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_a_good_file_is_published_whole(db, registry, make):
    rows = [row[:] for row in ROWS]
    rows[1][2] = GOOD_2
    result = import_file(db, registry.laishui_office, "providers", make(rows), publish=True)
    db.commit()
    assert result.years == {2023: 3}
    assert count(db, Provider) == 3 and count(db, OfficeProvider) == 3
    hotel = db.scalar(select(Provider).where(Provider.uscc == GOOD_1))
    assert hotel.name_en == "Jia Hotel" and hotel.province.code == "130000"


def test_every_problem_is_reported_in_the_users_language(db, registry, app):
    rows = [
        ["", "", "123", "castle", "石家庄市", "2023"],
        ["石家庄乙餐饮有限公司", "", GOOD_2, "restaurant", "石家庄市", "1999"],
    ]
    with pytest.raises(ItemsRejected) as rejected:
        import_file(db, registry.laishui_office, "providers", csv_bytes(rows))
    found = {(p.row, p.column) for p in rejected.value.problems}
    assert found == {(2, "name_zh"), (2, "uscc"), (2, "kind"), (3, "year")}
    with app.test_request_context("/?lang=zh"):
        messages = " ".join(str(p.message) for p in rejected.value.problems)
    assert "18" in messages and "castle" in messages
    assert any("\u4e00" <= ch <= "\u9fff" for ch in messages.replace("石家庄", ""))


def test_missing_and_unknown_columns_are_named(db, registry, request_context):
    data = csv_bytes([["x", GOOD_1]], header=["name_zh", "uscc_code"])
    with pytest.raises(ItemsRejected) as rejected:
        import_file(db, registry.laishui_office, "providers", data, year=2023)
    columns = {p.column for p in rejected.value.problems if p.row == 1}
    assert {"uscc", "kind", "city", "name_en", "uscc_code"} <= columns


def test_receptions_outside_the_year_and_negative_amounts_are_refused(
    db, registry, providers, request_context
):
    header = ["reference", "date", "visiting_party", "purpose", "guests", "hosts", "nights", "work_meals",
              "accommodation", "dining", "vehicles", "venues", "other", "payment_method"]  # fmt: skip
    rows = [
        ["R-1", "2023-03-01", "保定市商务局", "招商", "3", "1", "1", "1", "900", "200", "0", "0", "0", "bank_transfer"],
        ["R-2", "2022-12-31", "保定市商务局", "招商", "3", "1", "1", "1", "900", "-200", "0", "0", "0", "bank_transfer"],
    ]  # fmt: skip
    with pytest.raises(ItemsRejected) as rejected:
        import_file(db, registry.laishui_office, "receptions", csv_bytes(rows, header), year=2023)
    db.rollback()
    assert {(p.row, p.column) for p in rejected.value.problems} == {(3, "date"), (3, "dining")}
    assert "outside the year 2023" in " ".join(str(p.message) for p in rejected.value.problems)
    assert count(db, ReceptionRecord) == 0


def test_the_command_line_import_and_its_report(runner, db, registry, tmp_path):
    path = tmp_path / "providers.csv"
    path.write_bytes(csv_bytes(ROWS))
    args = [
        "disclosures",
        "import",
        "--kind",
        "providers",
        "--office",
        registry.laishui_office.slug,
    ]
    result = runner.invoke(args=[*args, "--lang", "en", "--publish", str(path)])
    assert result.exit_code == 1
    assert "row 3, column “uscc”" in result.output and "Nothing was imported" in result.output
    assert count(db, Provider) == 0

    rows = [row[:] for row in ROWS]
    rows[1][2] = GOOD_2
    path.write_bytes(csv_bytes(rows))
    result = runner.invoke(args=[*args, "--lang", "en", "--publish", str(path)])
    assert result.exit_code == 0, result.output
    assert "2023: 3 rows published" in result.output
    assert count(db, OfficeProvider) == 3

    result = runner.invoke(args=[*args, "--lang", "en", "--publish", str(path)])
    assert result.exit_code != 0 and "correction" in result.output  # same content, no reason


def test_unknown_office_is_refused(runner, registry, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes(ROWS))
    result = runner.invoke(
        args=[
            "disclosures",
            "import",
            "--kind",
            "providers",
            "--office",
            "nowhere",
            "--lang",
            "en",
            str(path),
        ]
    )
    assert result.exit_code != 0 and "no office" in result.output


def test_spreadsheet_dates_and_numbers_are_read(db, registry, providers):
    from datetime import datetime

    from tests.disclosures.conftest import HOTEL_CODE

    header = ["reference", "date", "visiting_party", "purpose", "guests", "hosts", "nights", "work_meals",
              "accommodation", "dining", "vehicles", "venues", "other", "provider_uscc", "payment_method",
              "letter_reference", "approval_reference", "standard_applied", "reception_list_reference"]  # fmt: skip
    row = ["R-7", datetime(2023, 6, 2), "保定市商务局", "招商", 3, 1, 1, 1, 900.5, 240, 0, 0, 0, HOTEL_CODE,
           "银行转账", "函1", "批1", "标准", "清单1"]  # fmt: skip
    import_file(db, registry.laishui_office, "receptions", xlsx_bytes([row], header), publish=True)
    db.commit()
    record = db.scalar(select(ReceptionRecord))
    assert record.received_on.isoformat() == "2023-06-02" and record.year == 2023
    assert record.accommodation_fen == 90050 and record.payment_method.value == "bank_transfer"
    assert record.provider.uscc == HOTEL_CODE


def test_a_province_sets_its_standard_from_the_command_line(runner, db, registry):
    from disclosures.models import ReceptionStandard

    args = ["disclosures", "standard", "--province", "130000", "--year", "2024", "--lang", "en"]
    result = runner.invoke(args=[*args, "--night", "380", "--meal", "60.5"])
    assert result.exit_code == 0 and "¥380.00 per guest per night" in result.output
    standard = db.scalar(select(ReceptionStandard))
    assert (standard.night_cap_fen, standard.meal_cap_fen, standard.cash_allowed) == (
        38000,
        6050,
        False,
    )
    result = runner.invoke(args=[*args, "--night", "-1", "--meal", "60"])
    assert result.exit_code != 0 and "negative" in result.output
    result = runner.invoke(
        args=[
            "disclosures",
            "standard",
            "--province",
            "130600",
            "--year",
            "2024",
            "--night",
            "1",
            "--meal",
            "1",
            "--lang",
            "en",
        ]
    )
    assert result.exit_code != 0 and "No provincial government" in result.output


def test_the_command_line_prints_a_template_that_excel_opens(runner):
    result = runner.invoke(args=["disclosures", "template", "--kind", "providers"])
    assert result.exit_code == 0
    # The BOM makes Excel read the file as UTF-8; the importer reads it back (utf-8-sig).
    assert result.output.splitlines() == [
        "\ufeffyear,uscc,name_zh,name_en,kind,city,services,owner_government"
    ]
