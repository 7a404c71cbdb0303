"""Every route with parameters, walked as each role with hostile numbers: no server error.

The routes come from `app.url_map` (what `flask routes` lists). Each path parameter, and each
query or form parameter that the page actually reads, is given huge numbers, negative numbers,
digits that are not ASCII (², ٣, ２) and NUL bytes, signed in as each role (anonymous, office
editor, supervisor, national office, administrator), with GET and, where the route takes it,
POST. A refusal (400, 404, 422, a redirect…) is the right answer; a 5xx, or an exception that
escapes the view, is a finding.

Which parameters a page reads is learned, not listed: the request's parameter dictionaries
record every key a view asks for, so a parameter added tomorrow is walked too. To stay fast the
walk samples: each parameter gets the huge number, the negative one, the NUL byte and one of the
three non-ASCII digits (in turn), against one app per role with a small data set.
"""

from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import quote

import pytest
from werkzeug.datastructures import ImmutableMultiDict

from portal.database import database
from portal.models import Role
from tests import factories

HUGE = "99999999999999999999"
NEGATIVE = "-1"
NUL = "\x00"
NON_ASCII_DIGITS = ("²", "٣", "２")
SKIPPED = {"static", "portal.logout"}
"""Static files take no parameters of ours; signing out would end the walk's own session."""

PROBE = "walk_probe"
"""A form field no page knows: a form with one field is read, an empty one is not."""

_read: set[str] = set()


class RecordingParameters(ImmutableMultiDict):
    """request.args / request.form that remember which keys the view asked for."""

    def get(self, key, default=None, type=None):  # noqa: A002 - werkzeug's signature
        _read.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        _read.add(key)
        return super().getlist(key, type)

    def __getitem__(self, key):
        _read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _read.add(key)
        return super().__contains__(key)


ROTATION = (NEGATIVE, *NON_ASCII_DIGITS, "1" + NUL)


def sample(turn: int) -> tuple[str, str, str]:
    """The values one parameter gets: a huge number, a NUL byte, and one of the rest in turn."""
    return (HUGE, NUL, ROTATION[turn % len(ROTATION)])


@pytest.fixture
def world(app, db, registry):
    """A little of everything, so that pages with a valid address open and read their queries.

    Returns the valid value of each path parameter name used in the url map.
    """
    from complaints.models import Complaint, ComplaintAttachment
    from disclosures.models import DisclosureKind
    from disclosures.publication import publish_items
    from portal.oversight.approvals import submit_application
    from portal.oversight.inspections import InspectionDraft, publish_inspection, save_draft
    from portal.oversight.models import InspectionResult
    from search.indexer import rebuild
    from search.runtime import get_engine
    from tests.complaints.conftest import complaint_form, png_bytes
    from tests.disclosures.conftest import HOTEL_CODE, provider_item
    from tests.oversight.conftest import application_draft

    office = registry.laishui_office
    publish_items(
        db,
        office,
        DisclosureKind.PROVIDERS,
        2023,
        [(2, provider_item(HOTEL_CODE, "石家庄民营宾馆有限公司"))],
        None,
    )
    factories.make_round(db, 2015)
    officer = factories.make_account(db, Role.SUPERVISOR, government=office.host_province)
    application = submit_application(
        db, application_draft(registry.jilin), officer, date(2016, 3, 1)
    )
    inspection = save_draft(
        db,
        InspectionDraft(office.id, date(2024, 5, 6), "Findings.", InspectionResult("compliant")),
        officer,
        today=date(2030, 1, 1),
    )
    publish_inspection(db, inspection, officer)
    db.commit()
    citizen = app.test_client()
    form = complaint_form()
    form["attachments"] = [(io.BytesIO(png_bytes()), "photo.png")]
    posted = citizen.post("/complaints/new", data=form, content_type="multipart/form-data")
    assert posted.status_code < 400, posted.status_code
    complaint = db.query(Complaint).one()
    attachment = db.query(ComplaintAttachment).first()
    rebuild(db, get_engine(app))
    db.commit()
    return {
        ("portal.government", "code"): office.host_province.code,
        "slug": office.slug,
        "code": "2015",
        "province_code": office.host_province.code,
        "kind": "providers",
        "year": "2023",
        "fmt": "json",
        "uscc": HOTEL_CODE,
        "reference": complaint.reference,
        "attachment_id": str(attachment.id if attachment else 1),
        "application_id": str(application.id),
        "inspection_id": str(inspection.id),
        "action": "note",
    }


_PARAMETER = re.compile(r"<(?:[^<>]*:)?(\w+)>")


def path_of(rule, values: dict, **replaced: str) -> str:
    """The rule's path with each parameter's value, percent-encoded (a NUL becomes %00).

    A value is looked up by (endpoint, name), then by name alone; "1" when there is none.
    """

    def value(match: re.Match) -> str:
        name = match.group(1)
        known = values.get((rule.endpoint, name), values.get(name, "1"))
        return quote(replaced.get(name, known), safe="")

    return _PARAMETER.sub(value, rule.rule)


def call(client, method: str, path: str, *, query=None, form=None, failures: list) -> None:
    _read.clear()
    try:
        response = client.open(path, method=method, query_string=query, data=form)
    except Exception as error:  # an exception that escaped the view: a 500 in production
        failures.append(f"{method} {path} {query or form or ''} raised {error!r}")
        database.session.rollback()  # as the end of a real request would; the walk goes on
        return
    if response.status_code >= 500:
        failures.append(f"{method} {path} {query or form or ''} answered {response.status_code}")
    response.close()


def walk(app, client, values: dict, only: str | None = None) -> tuple[list[str], int]:
    """Walk the url map (or the endpoints whose names start with `only`); return the findings
    and the number of requests made."""
    failures: list[str] = []
    count = 0
    call(client, "GET", "/", failures=failures)
    everywhere = set(_read)  # read by every page (the language); walked on "/" only
    for key in sorted(everywhere):
        for bad in sample(0):
            call(client, "GET", "/", query={key: bad}, failures=failures)
            count += 1
    turn = 0
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in SKIPPED or (only and not rule.endpoint.startswith(only)):
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            path = path_of(rule, values)
            probe = {PROBE: "1"} if method == "POST" else None  # an empty form is not read
            call(client, method, path, form=probe, failures=failures)
            read = _read - everywhere - {"csrf_token", PROBE}
            count += 1
            for name in sorted(rule.arguments):
                for bad in sample(turn := turn + 1):
                    call(client, method, path_of(rule, values, **{name: bad}), failures=failures)
                    count += 1
            for key in sorted(read):
                for bad in sample(turn := turn + 1):
                    if method == "GET":
                        call(client, method, path, query={key: bad}, failures=failures)
                    else:
                        call(client, method, path, form={key: bad}, failures=failures)
                    count += 1
            if method == "POST" and read:
                for bad in sample(turn := turn + 1):
                    everything = dict.fromkeys(read, bad)
                    call(client, method, path, form=everything, failures=failures)
                    count += 1
    return failures, count


def record_parameters(app) -> None:
    app.request_class = type(
        "RecordingRequest", (app.request_class,), {"parameter_storage_class": RecordingParameters}
    )


def test_the_walk_finds_a_view_that_trusts_int(app, client):
    """The walk itself can fail: a view using a query parameter and a form field unchecked."""

    @app.route("/walk-self-test/<int:number>", methods=["GET", "POST"])
    def walk_self_test(number):
        from flask import request

        days = range(31)  # the huge number is no day of the month
        return str(days[int(request.args.get("n", "0"))] + days[int(request.form.get("m", "0"))])

    record_parameters(app)
    failures, count = walk(app, client, {}, only="walk_self_test")
    assert count >= 10
    assert any(f.startswith("GET") and "'n'" in f for f in failures), failures
    assert any(f.startswith("POST") and "'m'" in f for f in failures), failures


@pytest.mark.parametrize("role", ["anonymous", "office_editor", "supervisor", "national", "admin"])
def test_no_route_answers_a_server_error_to_hostile_numbers(
    app, client, login, registry, world, role
):
    record_parameters(app)
    if role == "office_editor":
        login(Role.OFFICE_EDITOR, office=registry.laishui_office)
    elif role == "supervisor":
        login(Role.SUPERVISOR, government=registry.hebei)
    elif role == "national":
        login(Role.NATIONAL, government=registry.national)
    elif role == "admin":
        login(Role.ADMIN)
    failures, count = walk(app, client, world)
    assert count > 500, "the walk reached the routes"
    assert failures == [], f"{len(failures)} of {count} requests failed:\n" + "\n".join(failures)
