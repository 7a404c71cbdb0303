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


def test_every_range_and_order_is_read_into_the_request():
    request = parse_request(
        MultiDict({"q": "x", "sort": "amount", "from": "2023-01-01", "to": "2023-12-31",
                   "min": "1,000", "max": "2500.5", "rule": "r6", "over": "yes"})
    )  # fmt: skip
    assert request.sort == "amount"
    assert request.filters == Filters(
        rule="R6", over="yes", day_from=20230101, day_to=20231231,
        amount_min=100_000, amount_max=250_050,
    )  # fmt: skip
    assert request.args() == {
        "q": "x", "sort": "amount", "rule": "R6", "over": "yes", "from": "2023-01-01",
        "to": "2023-12-31", "min": "1000", "max": "2500.50",
    }  # fmt: skip
    # choosing a kind without amounts drops the amount order from a facet link
    assert "sort" not in request.args(kind="office")
    assert request.args(kind="budget")["sort"] == "amount"


def test_ranges_never_match_a_document_without_a_date_or_amount():
    assert Filters(day_to=20231231).ranges() == [("day", 1, 20231231)]
    assert Filters(amount_max=500).ranges() == [("amount", 0, 500)]
    assert Filters().ranges() == []


@pytest.mark.parametrize(
    "written",
    [
        "9144 0100 MA7A RCWR5W",
        "91440100-MA7ARCWR5W",
        "91440100 – MA7ARCWR5W",
        "9144-0100-ma7a-rcwr5w",
    ],
)
def test_a_credit_code_in_groups_is_one_word(written):
    from search.codes import join_codes

    assert join_codes(f"hotel {written} 2023").upper() == "HOTEL 91440100MA7ARCWR5W 2023"
    assert parse_query(written).groups[0][0].terms == ["91440100ma7arcwr5w"]


def test_words_that_only_add_up_to_eighteen_characters_stay_apart():
    from search.codes import join_codes

    assert join_codes("Yanzhao Grand Hotel 2023") == "Yanzhao Grand Hotel 2023"
    assert join_codes("LS-2023-01 -hotel") == "LS-2023-01 -hotel"


def test_the_likely_codes_are_one_typing_slip_away():
    from disclosures.uscc import is_valid_uscc
    from search.codes import likely_codes, mistyped_codes

    code = "91440100MA7ARCWR5W"
    assert mistyped_codes(code) == []
    wrong_check = code[:17] + "X"
    assert mistyped_codes(f"x {wrong_check.lower()}") == [wrong_check]
    assert likely_codes(wrong_check)[0] == code
    swapped = code[:10] + code[11] + code[10] + code[12:]
    assert code in likely_codes(swapped)
    assert likely_codes(code.replace("0", "O", 1))[0] == code  # O typed for 0
    assert all(is_valid_uscc(c) for c in likely_codes(wrong_check))
