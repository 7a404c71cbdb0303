"""The query language, piece by piece: what each way of typing a query is read as.

Words are all required, "phrases" keep their order, -word and NOT word exclude, OR joins two
parts; typed quotes and the ideographic space are read like plain ones. An operator with nothing
to apply to is dropped with a note, an unbalanced quote is closed with a note.
"""

from __future__ import annotations

import pytest

from search.query_language import QueryError, parse_query

DROPPED = "An operator (OR, NOT, -) had nothing to apply to; we ignored it."
CLOSED = "A closing quotation mark was missing; we added it."


def shape(text: str):
    parsed = parse_query(text)
    groups = [[(c.terms, c.phrase, c.words) for c in group] for group in parsed.groups]
    exclude = [(c.terms, c.phrase) for c in parsed.exclude]
    return groups, exclude, [str(note) for note in parsed.notes]


@pytest.mark.parametrize(
    ("text", "groups", "exclude", "notes"),
    [
        ("BAI*", [["bai"]], [], []),
        ("TAX*", [["tax"]], [], []),
        ("bai**", [["bai"]], [], []),
        ("hotel -bai*", [[]], ["bai"], []),
        ("x bai* OR 涞水县", [[], ["bai"]], [], []),
        ('"bai*"', [[]], [], []),
        ("a **", [[]], [], []),
        ("涞水*", [[]], [], ["A * works after Latin letters and digits only: we searched for “涞水” as it is."]),
        ("a*", [[]], [], ["A word ending in * needs at least 3 letters before the *: we searched for “a” as a whole word."]),
    ],
)  # fmt: skip
def test_a_word_ending_in_a_star_is_a_prefix_of_latin_letters(text, groups, exclude, notes):
    """`bai*` finds the words that begin with "bai" (lower case); in quotes, after Chinese
    characters or alone the star is no prefix."""
    parsed = parse_query(text)
    assert [[c.terms[0] for c in group if c.prefix] for group in parsed.groups] == groups
    assert [c.terms[0] for c in parsed.exclude if c.prefix] == exclude
    assert [str(note) for note in parsed.notes] == notes
    assert parsed.highlight_prefixes() == {term for group in groups for term in group}
    assert not parsed.highlight_terms() & parsed.highlight_prefixes()


def words(*terms: str):
    return [[([term], False, [])] for term in terms]


@pytest.mark.parametrize(
    ("text", "groups", "exclude", "notes"),
    [
        ("hotel", words("hotel"), [], []),
        ("a AND b && c + d", words("a", "b", "c", "d"), [], []),
        ("a\u3000b", words("a", "b"), [], []),
        ("a OR b", [[(["a"], False, []), (["b"], False, [])]], [], []),
        ("a || b | c", [[(["a"], False, []), (["b"], False, []), (["c"], False, [])]], [], []),
        ("OR a", words("a"), [], [DROPPED]),
        ("a OR", words("a"), [], [DROPPED]),
        ("a OR OR b", [[(["a"], False, []), (["b"], False, [])]], [], [DROPPED]),
        ("a -b", words("a"), [(["b"], False)], []),
        ("a NOT b", words("a"), [(["b"], False)], []),
        ("a - b", words("a"), [(["b"], False)], []),
        ("NOT a b", words("b"), [(["a"], False)], []),
        ("a NOT", words("a"), [], [DROPPED]),
        ('"grand hotel"', [[(["grand", "hotel"], True, ["grand", "hotel"])]], [], []),
        ("\u201cgrand hotel\u201d", [[(["grand", "hotel"], True, ["grand", "hotel"])]], [], []),
        ('"hotel"', words("hotel"), [], []),
        ('"grand hotel', [[(["grand", "hotel"], True, ["grand", "hotel"])]], [], [CLOSED]),
        ('"" a', words("a"), [], []),
        ('a -"grand hotel"', words("a"), [(["grand", "hotel"], True)], []),
        ('"涞水县办事处"', [[(["涞水", "县", "办事", "处"], True, ["涞水县", "办事处"])]], [], []),
    ],
)
def test_each_way_of_typing_is_read_as_a_person_means_it(text, groups, exclude, notes):
    assert shape(text) == (groups, exclude, notes)


def test_a_query_of_operators_only_is_refused_on_q():
    for text in (None, "", "-", "OR", "NOT", "AND", '""', "   ", "*", "***"):
        with pytest.raises(QueryError) as refused:
            parse_query(text)
        assert refused.value.field == "q"
        assert str(refused.value.message) == (
            "Please enter at least one word to search for (operators alone find nothing)."
        )


def test_snippets_mark_a_phrase_by_its_words_and_leave_exclusions_unmarked():
    """A phrase is highlighted by the words as typed (涞水县, 办事处), not by its finer units."""
    parsed = parse_query('"涞水县办事处" OR hotel -guesthouse')
    assert parsed.highlight_terms() == {"涞水县", "办事处", "hotel"}
