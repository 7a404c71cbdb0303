"""HTTP behaviour of the API: problems (RFC 9457), revalidation, caching, CORS, rate limits."""

from __future__ import annotations

PROBLEM = "application/problem+json"


def test_a_wrong_parameter_is_a_problem_naming_it_in_the_chosen_language(client, registry):
    response = client.get("/api/v1/offices?limit=0&status=asleep&lang=en")
    assert response.status_code == 400 and response.mimetype == PROBLEM
    problem = response.get_json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert problem["instance"] == "/api/v1/offices"
    named = {error["parameter"]: error["detail"] for error in problem["errors"]}
    assert named["limit"] == "“limit” must be a whole number from 1 to 100."
    assert "operating" in named["status"]
    chinese = client.get("/api/v1/offices?limit=0").get_json()
    assert chinese["errors"][0]["parameter"] == "limit"
    assert "limit" in chinese["detail"] and "must" not in chinese["detail"]


def test_a_province_the_registry_lacks_is_refused_by_the_directorys_own_parser(client, registry):
    problem = client.get("/api/v1/offices?host=990000&lang=en").get_json()
    assert problem["errors"] == [
        {"parameter": "host", "detail": "There is no province with the code “990000”."}
    ]


def test_unknown_addresses_and_methods_are_problems(client, registry):
    missing = client.get("/api/v1/no-such-list")
    assert missing.status_code == 404 and missing.mimetype == PROBLEM
    office = client.get("/api/v1/offices/no-such-office")
    assert office.status_code == 404 and office.mimetype == PROBLEM
    written = client.post("/api/v1/offices")
    assert written.status_code == 405 and written.mimetype == PROBLEM
    assert written.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert client.get("/api/v1/offices/bad%00slug").status_code == 404
    assert client.get("/api/v1/providers/91130100MA0H7TEL1%00").status_code == 404
    assert client.get("/api/v1/reports/2015%00/130000").status_code == 404


def test_an_unchanged_answer_revalidates_to_304(client, registry):
    first = client.get("/api/v1/offices/laishui-in-shijiazhuang")
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get("/api/v1/offices/laishui-in-shijiazhuang", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    other = client.get("/api/v1/offices/yanji-in-changchun", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_dated_lists_carry_last_modified_and_honour_if_modified_since(client, disclosed):
    first = client.get("/api/v1/contracts")
    assert first.headers["Last-Modified"] == "Fri, 01 Mar 2024 00:00:00 GMT"
    since = {"If-Modified-Since": "Sat, 02 Mar 2024 00:00:00 GMT"}
    assert client.get("/api/v1/contracts", headers=since).status_code == 304
    before = {"If-Modified-Since": "Thu, 29 Feb 2024 00:00:00 GMT"}
    assert client.get("/api/v1/contracts", headers=before).status_code == 200


def test_any_page_may_read_but_not_write(client, registry):
    response = client.get("/api/v1/rules", headers={"Origin": "https://news.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/rules",
        headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_the_api_sets_no_cookie_even_when_a_language_is_chosen(client, registry):
    response = client.get("/api/v1/rules?lang=en")
    assert "Set-Cookie" not in response.headers
