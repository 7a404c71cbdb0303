"""The search's parameters and query language called directly: no engine, no page, no database."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from portal.errors import BadQuery, PortalError
from search.engine import Filters
from search.parameters import MAX_PAGE, parse_request
from search.query_language import QueryError, parse_query


def test_every_parameter_is_read_into_the_request():
    args = MultiDict(
        {"q": " 涞水县 ", "kind": "office", "province": "130000", "origin": "220000",
         "year": "2023", "page": "3"}
    )  # fmt: skip
    request = parse_request(args)
    assert request.q == "涞水县" and request.page == 3
    assert request.filters == Filters(kind="office", host="130000", est="220000", year="2023")
    assert request.args(page=4) == {
        "q": "涞水县", "kind": "office", "province": "130000", "origin": "220000",
        "year": "2023", "page": 4,
    }  # fmt: skip


def test_an_empty_query_string_is_page_one_without_filters():
    request = parse_request(MultiDict())
    assert (request.q, request.page, request.filters) == ("", 1, Filters())
    assert request.args() == {"q": ""}


@pytest.mark.parametrize(
    "page", ["0", str(MAX_PAGE + 1), "-1", "1.5", "２", "99999999999", "9" * 40, "page"]
)
def test_a_page_out_of_range_or_not_ascii_digits_is_a_bad_query_on_page(page):
    with pytest.raises(BadQuery) as caught:
        parse_request(MultiDict({"q": "x", "page": page}))
    assert caught.value.field == "page"


def test_the_last_page_is_allowed():
    assert parse_request(MultiDict({"q": "x", "page": str(MAX_PAGE)})).page == MAX_PAGE


@pytest.mark.parametrize(
    ("args", "field"),
    [({"kind": "complaint"}, "kind"), ({"origin": "130001"}, "origin"), ({"year": "1899"}, "year")],
)
def test_a_malformed_filter_names_its_parameter(args, field):
    with pytest.raises(BadQuery) as caught:
        parse_request(MultiDict({"q": "x", **args}))
    assert caught.value.field == field


@pytest.mark.parametrize("text", ["OR", "x" * 201, " ".join(f"w{n}" for n in range(13))])
def test_a_query_that_cannot_be_searched_is_a_bad_query_on_q(text):
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert isinstance(caught.value, BadQuery) and isinstance(caught.value, PortalError)
    assert caught.value.field == "q"


def test_no_import_cycle_in_the_search_package():
    """Not even through an import inside a function (issue 12): a cycle means a missing layer."""
    root = Path(__file__).resolve().parents[2] / "search"
    modules = {
        ".".join(("search", *path.relative_to(root).with_suffix("").parts)).removesuffix(
            ".__init__"
        ): path
        for path in root.rglob("*.py")
    }
    imports: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    found.add(target if target in modules else node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        imports[name] = {target for target in found if target in modules and target != name}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for target in imports[start] - seen:
            seen.add(target)
            if target == goal or reaches(target, goal, seen):
                return True
        return False

    assert [name for name in modules if reaches(name, name, set())] == []
