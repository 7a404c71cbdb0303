"""Open311 GeoReport v2: services, definitions, filing with a partner key (the web form's rules,
audited, nothing about the client stored), the public status only, JSON and XML."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select, text

from api.open311.keys import issue_key, revoke_key
from api.open311.models import ApiKeyUse
from complaints.models import Complaint
from portal.database import database

ADDRESS = "203.0.113.77"
AGENT = "PartnerApp/3.1 (sentinel-open311-5c2e)"


@pytest.fixture
def key(app, db, registry):
    record, secret = issue_key(db, app.config["SECRET_KEY"], "Civic App Co.")
    db.commit()
    return secret


def filing(key, **changes):
    fields = {
        "api_key": key,
        "service_code": "reception_over_standard",
        "description": "接待超标，宴请两桌。",
        "attribute[office]": "laishui-in-shijiazhuang",
        "lat": "38.04",
        "long": "114.51",
        "address_string": "石家庄市",
        "first_name": "小明",
        "last_name": "王",
        "email": "wang@example.cn",
        "device_id": "device-1",
        "media_url": "https://example.invalid/photo.jpg",
    }
    fields.update(changes)
    return {name: value for name, value in fields.items() if value is not None}


def post(client, data, fmt="json"):
    return client.post(
        f"/open311/v2/requests.{fmt}",
        data=data,
        environ_base={"REMOTE_ADDR": ADDRESS},
        headers={"User-Agent": AGENT},
    )


def test_services_are_the_complaint_categories_in_both_languages(client, registry):
    services = client.get("/open311/v2/services.json?lang=en").get_json()
    assert len(services) == 7
    reception = next(s for s in services if s["service_code"] == "reception_over_standard")
    assert reception["service_name"] == "Reception over the standard"
    assert (
        reception["service_name_zh"] and reception["service_name_zh"] != reception["service_name"]
    )
    assert reception["metadata"] is True and reception["type"] == "realtime"
    xml = ET.fromstring(client.get("/open311/v2/services.xml").get_data())
    assert xml.tag == "services" and len(xml.findall("service/service_code")) == 7


def test_a_service_definition_names_the_office_attribute(client, registry):
    definition = client.get("/open311/v2/services/other.json").get_json()
    codes = [attribute["code"] for attribute in definition["attributes"]]
    assert codes[0] == "office" and "unlisted_province" in codes
    province = next(a for a in definition["attributes"] if a["code"] == "unlisted_province")
    assert {"key": "130000", "name": "河北省"} in province["values"]
    missing = client.get("/open311/v2/services/nothing.json")
    assert missing.status_code == 404 and missing.get_json()[0]["code"] == 404


def test_a_partner_files_a_complaint_and_gets_its_reference_and_secret(client, db, key):
    response = post(client, filing(key))
    assert response.status_code == 201, response.get_data(as_text=True)
    answer = response.get_json()[0]
    complaint = db.scalar(
        select(Complaint).where(Complaint.reference == answer["service_request_id"])
    )
    assert complaint.office.slug == "laishui-in-shijiazhuang"
    assert complaint.category.value == "reception_over_standard"
    assert complaint.contact_encrypted is not None and len(answer["secret"]) > 20
    use = db.scalar(select(ApiKeyUse))
    assert (use.outcome, use.reference, use.action) == (
        "accepted",
        complaint.reference,
        "post_request",
    )


def test_nothing_about_the_partners_client_is_stored(client, db, key):
    assert post(client, filing(key)).status_code == 201
    with database.engine.connect() as connection:
        for table in database.metadata.sorted_tables:
            rows = connection.execute(text(f'SELECT * FROM "{table.name}"')).all()
            dump = repr(rows)
            assert ADDRESS not in dump and "sentinel-open311" not in dump, table.name
            assert "device-1" not in dump and "example.invalid" not in dump, table.name


def test_the_web_forms_rules_refuse_a_bad_filing_and_the_refusal_is_audited(client, db, key):
    empty = post(client, filing(key, description=""))
    assert empty.status_code == 400
    assert empty.get_json()[0]["description"].startswith("body:")
    bad_mail = post(client, filing(key, email="not-an-address"))
    assert bad_mail.status_code == 400 and "contact_email" in bad_mail.get_json()[0]["description"]
    unknown = post(client, filing(key, **{"attribute[office]": "no-such-office"}))
    assert unknown.status_code == 400 and "office" in unknown.get_json()[0]["description"]
    nul = post(client, filing(key, description="a\x00b"))
    assert nul.status_code == 400 and nul.get_json()[0]["description"].startswith("body:")
    assert db.scalar(select(Complaint)) is None
    refused = db.scalars(select(ApiKeyUse.field).where(ApiKeyUse.outcome == "refused")).all()
    assert sorted(refused) == ["body", "body", "contact_email", "office"]


def test_without_a_valid_key_nothing_is_filed(client, db, key):
    assert post(client, filing(None)).status_code == 403
    assert post(client, filing("lotp_forged")).status_code == 403
    revoke_key(db, key[:12])
    db.commit()
    revoked = post(client, filing(key), fmt="xml")
    assert revoked.status_code == 403
    assert ET.fromstring(revoked.get_data()).find("error/code").text == "403"
    assert db.scalar(select(Complaint)) is None


def test_the_status_shows_public_facts_only(client, db, key):
    reference = post(client, filing(key)).get_json()[0]["service_request_id"]
    listed = client.get("/open311/v2/requests.json?status=open&lang=en").get_json()
    one = client.get(f"/open311/v2/requests/{reference}.json?lang=en").get_json()
    assert [r["service_request_id"] for r in listed] == [reference] and len(one) == 1
    shown = one[0]
    assert set(shown) == {
        "service_request_id", "status", "status_notes", "service_name", "service_code",
        "agency_responsible", "requested_datetime", "updated_datetime", "expected_datetime",
        "address",
    }  # fmt: skip
    assert shown["status"] == "open" and shown["agency_responsible"] == "Baoding"
    assert shown["requested_datetime"].endswith("T00:00:00+08:00")  # the day, not the hour
    body = client.get(f"/open311/v2/requests/{reference}.xml").get_data(as_text=True)
    assert "接待超标" not in body and "wang@example.cn" not in body and "小明" not in body
    assert client.get("/open311/v2/requests.json?status=closed").get_json() == []
    assert client.get("/open311/v2/requests/TS-0000-XXXXXX.json").status_code == 404
    assert client.get("/open311/v2/requests/TS%00.json").status_code == 404
    assert client.get("/open311/v2/requests.json?service_request_id=a%00").status_code == 400
    assert client.get("/open311/v2/requests.json?start_date=soon").status_code == 400


def test_tokens_are_never_issued(client, registry):
    response = client.get("/open311/v2/tokens/abc.json?lang=en")
    assert response.status_code == 404 and "id at once" in response.get_json()[0]["description"]


def test_discovery_points_at_this_endpoint(client, registry):
    discovery = ET.fromstring(client.get("/open311/v2/discovery.xml").get_data())
    endpoint = discovery.find("endpoints/endpoint")
    assert endpoint.find("specification").text == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.find("url").text.endswith("/open311/v2")
    assert [f.text for f in endpoint.findall("formats/format")] == ["application/json", "text/xml"]
