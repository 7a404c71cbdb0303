"""Editor pages: scoped to the editor's own office; drafts, imports, publication, corrections."""

import io

from sqlalchemy import func, select

from disclosures.models import Budget, OfficeProvider, Provider, Publication
from tests.disclosures.conftest import HOTEL_CODE

BASE = "/editor/disclosures/laishui-in-shijiazhuang/budgets/2023"


def test_an_editor_of_another_office_gets_404(client, registry, login):
    login("office_editor", office=registry.baoding_office)
    assert client.get(BASE).status_code == 404
    assert (
        client.post(
            f"{BASE}/items", data={"item-category": "dining", "item-planned": "1"}
        ).status_code
        == 404
    )
    assert client.get("/editor/disclosures/laishui-in-shijiazhuang/").status_code == 404
    assert client.get("/editor/disclosures/baoding-in-guangzhou/").status_code == 200


def test_other_roles_and_visitors_do_not_get_in(client, registry, login):
    assert client.get(BASE).status_code == 302  # to the sign-in page
    login("supervisor", government=registry.hebei)
    assert client.get(BASE).status_code == 404


def test_draft_publish_and_correct_a_budget(client, db, registry, login):
    login("office_editor", office=registry.laishui_office)
    response = client.post(
        f"{BASE}/items?lang=en",
        data={"item-category": "dining", "item-planned": "40,000", "item-actual": ""},
    )
    assert response.status_code == 302
    page = client.get(f"{BASE}?lang=en").get_data(as_text=True)
    assert "¥40,000.00" in page and "Nothing is published for this year yet." in page
    assert db.scalar(select(func.count()).select_from(Budget)) == 0  # a draft is not public

    assert client.post(f"{BASE}/publish", data={"reason": ""}).status_code == 302
    budget = db.scalar(select(Budget))
    assert budget.lines[0].planned_fen == 4_000_000

    client.post(f"{BASE}/items", data={"item-category": "dining", "item-planned": "45000"})
    response = client.post(f"{BASE}/publish?lang=en", data={"reason": ""})
    assert response.status_code == 422
    assert "A correction needs a reason" in response.get_data(as_text=True)
    response = client.post(f"{BASE}/publish?lang=en", data={"reason": "Mistyped dining budget."})
    assert response.status_code == 302
    revisions = db.execute(
        select(Publication.revision, Publication.reason).order_by(Publication.revision)
    ).all()
    assert revisions == [(1, None), (2, "Mistyped dining budget.")]
    db.expire_all()
    assert db.scalar(select(Budget)).lines[0].planned_fen == 4_500_000


def test_bad_values_are_shown_on_the_field_and_nothing_is_written(client, db, registry, login):
    login("office_editor", office=registry.laishui_office)
    url = "/editor/disclosures/laishui-in-shijiazhuang/providers/2023/items?lang=en"
    bad_code = HOTEL_CODE[:17] + ("0" if HOTEL_CODE[17] != "0" else "1")
    response = client.post(
        url,
        data={
            "item-uscc": bad_code,
            "item-name_zh": "某宾馆",
            "item-kind": "hotel",
            "item-city": "石家庄市",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert (
        'id="item-uscc-error"' in page
        and "check character" in page
        and 'aria-invalid="true"' in page
    )
    assert db.scalar(select(func.count()).select_from(Publication)) == 0

    response = client.post(
        f"{BASE}/items?lang=en", data={"item-category": "banquets", "item-planned": "-3"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "cannot be negative" in page and "banquets" in page


def test_upload_with_a_bad_row_reports_it_and_writes_nothing(client, db, registry, login):
    login("office_editor", office=registry.laishui_office)
    url = "/editor/disclosures/laishui-in-shijiazhuang/providers/2023"
    bad = HOTEL_CODE[:17] + ("0" if HOTEL_CODE[17] != "0" else "1")
    csv = f"name_zh,name_en,uscc,kind,city\n甲宾馆,,{HOTEL_CODE},hotel,石家庄市\n乙宾馆,,{bad},hotel,石家庄市\n"
    response = client.post(
        f"{url}/upload?lang=zh",
        data={"file": (io.BytesIO(csv.encode()), "providers.csv"), "mode": "replace"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<td>3</td><td><code>uscc</code></td>" in page and "校验码错误" in page
    assert db.scalar(select(func.count()).select_from(Publication)) == 0

    good = (
        csv.replace(bad, HOTEL_CODE.replace(HOTEL_CODE, HOTEL_CODE))
        .replace("乙宾馆,,", "乙宾馆,,")
        .splitlines()[:2]
    )
    response = client.post(
        f"{url}/upload",
        data={"file": (io.BytesIO(("\n".join(good) + "\n").encode()), "p.csv"), "mode": "replace"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    client.post(f"{url}/publish", data={"reason": ""})
    assert db.scalar(select(Provider.uscc)) == HOTEL_CODE
    assert db.scalar(select(func.count()).select_from(OfficeProvider)) == 1


def test_the_editor_overview_lists_years_and_kinds(client, registry, login):
    login("office_editor", office=registry.laishui_office)
    response = client.get("/editor/disclosures/", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "2015" in page and BASE in page
    template = client.get("/editor/disclosures/template/providers.csv")
    assert template.status_code == 200 and "uscc,name_zh,name_en,kind,city" in template.get_data(
        as_text=True
    )
    assert template.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert template.get_data().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs


def test_an_unknown_provider_is_shown_on_its_field(client, db, registry, login):
    login("office_editor", office=registry.laishui_office)
    response = client.post(
        "/editor/disclosures/laishui-in-shijiazhuang/contracts/2023/items?lang=en",
        data={
            "item-reference": "C-1",
            "item-uscc": HOTEL_CODE,  # a valid code, but not on any published list
            "item-category": "dining",
            "item-amount": "100",
            "item-procurement_method": "inquiry",
            "item-starts_on": "2023-01-01",
            "item-ends_on": "2023-12-31",
        },
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="item-uscc-error"' in page and "publish it on the list of service providers" in page
    assert db.scalar(select(func.count()).select_from(Publication)) == 0
