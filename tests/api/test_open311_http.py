"""The GeoReport v2 specification's examples, walked with a plain HTTP client (urllib) against
the portal served on a loopback port, and the web form's rate limit counted per partner key."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from xml.etree import ElementTree as ET

import pytest
from werkzeug.serving import make_server

from api.open311.keys import issue_key


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True, "COMPLAINT_RATE_LIMIT": "3 per hour"}


@pytest.fixture
def served(app, db, registry):
    """The app on 127.0.0.1 (a free port) in a thread, stopped after the test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/open311/v2"
    server.shutdown()
    thread.join(timeout=10)


def call(url, data=None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with urllib.request.urlopen(url, data=body, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_specifications_examples_over_http(app, db, served):
    _record, key = issue_key(db, app.config["SECRET_KEY"], "Example partner")
    db.commit()
    status, _h, body = call(f"{served}/discovery.xml")
    assert status == 200 and ET.fromstring(body).tag == "discovery"
    status, _h, body = call(f"{served}/services.xml?jurisdiction_id=portal.example.cn")
    codes = [e.text for e in ET.fromstring(body).iter("service_code")]
    assert status == 200 and "staff_misconduct" in codes
    status, _h, body = call(f"{served}/services/staff_misconduct.xml")
    assert status == 200 and ET.fromstring(body).find("attributes/attribute/code").text == "office"
    example = {  # the specification's POST example, with the office as an attribute
        "api_key": key, "jurisdiction_id": "portal.example.cn",
        "service_code": "staff_misconduct", "lat": "37.76524078", "long": "-122.4212043",
        "address_string": "1234 5th street", "email": "smit333@sfgov.edu",
        "device_id": "tt222111", "account_id": "123456", "first_name": "john",
        "last_name": "smith", "phone": "111111111",
        "description": "工作人员收受礼品。", "media_url": "http://farm3.static.flickr.com/1.jpg",
        "attribute[office]": "yanji-in-changchun",
    }  # fmt: skip
    status, headers, body = call(f"{served}/requests.xml", example)
    assert status == 201, body
    created = ET.fromstring(body).find("request")
    reference = created.find("service_request_id").text
    assert created.find("secret").text and headers["Cache-Control"] == "no-store"
    status, _h, body = call(f"{served}/requests/{reference}.json")
    shown = json.loads(body)[0]
    assert (
        status == 200 and shown["status"] == "open" and shown["service_code"] == "staff_misconduct"
    )
    status, _h, body = call(f"{served}/requests.xml?status=open&service_code=staff_misconduct")
    assert [e.text for e in ET.fromstring(body).iter("service_request_id")] == [reference]
    status, _h, body = call(f"{served}/tokens/123456.json")
    assert status == 404 and json.loads(body)[0]["code"] == 404


def test_the_web_forms_limit_counts_per_partner_key(app, db, served):
    _record, key = issue_key(db, app.config["SECRET_KEY"], "Busy partner")
    _other, other_key = issue_key(db, app.config["SECRET_KEY"], "Quiet partner")
    db.commit()
    form = {"service_code": "other", "description": "办事处仍在运行。",
            "attribute[office]": "yanji-in-changchun"}  # fmt: skip
    statuses = [call(f"{served}/requests.json", {**form, "api_key": key})[0] for _ in range(3)]
    assert statuses == [201, 201, 201]
    status, headers, body = call(f"{served}/requests.json", {**form, "api_key": key})
    assert status == 429 and int(headers["Retry-After"]) > 0 and json.loads(body)[0]["code"] == 429
    assert call(f"{served}/requests.json", {**form, "api_key": other_key})[0] == 201
