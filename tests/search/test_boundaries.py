"""The query language's two limits, below, at and above: its length and its number of parts.

search/query_language.py: a query is refused "only when nothing searchable is left or the query is
too long"; at most MAX_QUERY_LENGTH characters and MAX_CLAUSES parts are searched. The limit
itself is allowed ("at most"), one more is refused with a message on the `q` field.
"""

from __future__ import annotations

import pytest

from search.query_language import MAX_CLAUSES, MAX_QUERY_LENGTH, MIN_PREFIX, QueryError, parse_query


@pytest.mark.parametrize(
    ("length", "refused"),
    [(MAX_QUERY_LENGTH - 1, False), (MAX_QUERY_LENGTH, False), (MAX_QUERY_LENGTH + 1, True)],
    ids=["below", "at the limit", "above"],
)
def test_a_query_of_at_most_the_maximum_length_is_searched(length, refused):
    """The message says "please use at most 200 characters": 200 are searched, 201 are refused with that number;
    spaces around the query do not count (they are stripped first)."""
    text = "  " + "a" * length + "\u3000 "
    if refused:
        with pytest.raises(QueryError) as raised:
            parse_query(text)
        assert raised.value.field == "q"
        assert str(raised.value.message) == (
            "Your search is too long: please use at most 200 characters."
        )
    else:
        assert [clause.terms for group in parse_query(text).groups for clause in group] == [
            ["a" * length]
        ]


@pytest.mark.parametrize(
    ("words", "excluded", "refused"),
    [
        (MAX_CLAUSES - 1, 0, False),
        (MAX_CLAUSES, 0, False),
        (MAX_CLAUSES + 1, 0, True),
        (MAX_CLAUSES - 1, 1, False),
        (MAX_CLAUSES, 1, True),
    ],
    ids=["below", "at the limit", "above", "at the limit with an exclusion", "above with one"],
)
def test_a_query_of_at_most_the_maximum_number_of_parts_is_searched(words, excluded, refused):
    """The message says "please use at most 12 [parts]": words and excluded words count alike."""
    text = " ".join([f"w{n}" for n in range(words)] + [f"-x{n}" for n in range(excluded)])
    if refused:
        with pytest.raises(QueryError) as raised:
            parse_query(text)
        assert raised.value.field == "q"
        assert str(raised.value.message) == (
            "Your search has too many parts: please use at most 12."
        )
    else:
        parsed = parse_query(text)
        assert (len(parsed.groups), len(parsed.exclude)) == (words, excluded)


@pytest.mark.parametrize(
    ("typed", "prefix"),
    [("ba*", False), ("bai*", True), ("baid*", True)],
    ids=["below", "at the limit", "above"],
)
def test_a_prefix_needs_at_least_three_letters(typed, prefix):
    """search/query_language.py: "a prefix needs at least this many letters: `b*` would expand
    to every word". Three letters are a prefix; two are searched as a whole word, with a note."""
    parsed = parse_query(typed)
    ((clause,),) = parsed.groups
    assert (clause.terms, clause.prefix) == ([typed.rstrip("*")], prefix)
    notes = [str(note) for note in parsed.notes]
    if prefix:
        assert notes == [] and parsed.highlight_prefixes() == {typed.rstrip("*")}
    else:
        assert notes == [
            f"A word ending in * needs at least {MIN_PREFIX} letters before the *: we searched "
            "for “ba” as a whole word."
        ]
