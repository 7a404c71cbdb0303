"""The query language a person types: words, "phrases", -excluded words, OR between two parts,
`bai*` for the Latin words beginning with "bai".

A credit code typed in groups (`9144 0100 MA7A RCWR5W`) is joined into one word first
(`search.codes`). Parsing never raises on odd input it can repair (an unbalanced quote is closed, a lone
operator is dropped, each with a note for the page); it raises QueryError, with a message a
person can act on, only when nothing searchable is left or the query is too long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from portal.errors import BadQuery
from search.analysis import is_latin, phrase_terms, query_terms
from search.codes import join_codes

MAX_QUERY_LENGTH = 200
MAX_CLAUSES = 12
MIN_PREFIX = 3
"""A prefix (`bai*`) needs at least this many letters: `b*` would expand to every word."""
MAX_EXPANSIONS = 50
"""A prefix expands to at most this many indexed words (the most common ones); the page says
so when there were more."""

_PIECE = re.compile(r'(-?)"([^"]*)"|(\S+)')


class QueryError(BadQuery):
    """A query text that cannot be searched (a 400 on the `q` field); the message says why."""


@dataclass
class Clause:
    """Terms that must all match; in order and adjacent when `phrase`."""

    terms: list[str]
    phrase: bool = False
    words: list[str] = field(default_factory=list)
    """For a phrase: its words as typed (to highlight), where `terms` are its finest units."""
    prefix: bool = False
    """`terms` is one Latin prefix (lower case, not stemmed): it matches the words it begins."""


@dataclass
class ParsedQuery:
    """All groups must match (a group matches if one of its clauses does); none of `exclude`."""

    groups: list[list[Clause]] = field(default_factory=list)
    exclude: list[Clause] = field(default_factory=list)
    notes: list = field(default_factory=list)

    def highlight_terms(self) -> set[str]:
        """Terms to mark in snippets."""
        return {
            term
            for group in self.groups
            for clause in group
            if not clause.prefix
            for term in (clause.words or clause.terms)
        }

    def highlight_prefixes(self) -> set[str]:
        """Prefixes whose words to mark in snippets."""
        return {clause.terms[0] for group in self.groups for clause in group if clause.prefix}


def _prefix_clause(word: str, notes: list) -> Clause | None:
    """A clause for `word*`; a prefix too short or not Latin is searched as a whole word."""
    stem = word.rstrip("*")
    lowered = stem.lower()
    if not lowered or not is_latin(lowered):
        if stem:
            notes.append(
                _l(
                    "A * works after Latin letters and digits only: we searched for “%(word)s” as it is.",
                    word=stem,
                )
            )
        return None
    if len(lowered) < MIN_PREFIX:
        notes.append(
            _l(
                "A word ending in * needs at least %(min)d letters before the *: we searched for “%(word)s” as a whole word.",
                min=MIN_PREFIX,
                word=stem,
            )
        )
        return None
    return Clause([lowered], prefix=True)


def parse_query(raw: str) -> ParsedQuery:
    """Parse what a person typed.

    Raises:
        QueryError: the query is longer than MAX_QUERY_LENGTH, or has nothing to search for.
    """
    text = (raw or "").replace("\u201c", '"').replace("\u201d", '"').replace("\u3000", " ")
    text = join_codes(text.strip())
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            _l(
                "Your search is too long: please use at most %(max)d characters.",
                max=MAX_QUERY_LENGTH,
            ),
            field="q",
        )
    parsed = ParsedQuery()
    if text.count('"') % 2:
        text = text + '"'
        parsed.notes.append(_l("A closing quotation mark was missing; we added it."))
    pending_or = False
    dropped_operator = False
    negate_next = False
    for match in _PIECE.finditer(text):
        negative, quoted, word = match.group(1), match.group(2), match.group(3)
        if word in ("AND", "&&", "+"):
            continue
        if word in ("OR", "||", "|"):
            if parsed.groups and not pending_or:
                pending_or = True
            else:
                dropped_operator = True
            continue
        if word in ("NOT", "-"):
            negate_next = True
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negative, word = "-", word[1:]
        prefixed = None
        if word is not None and word.endswith("*") and len(word) > 1:
            prefixed = _prefix_clause(word, parsed.notes)
        if prefixed is not None:
            terms, clause = prefixed.terms, prefixed
        elif quoted is not None:
            terms = phrase_terms(quoted)
            clause = Clause(terms, phrase=len(terms) > 1)
            if len(terms) > 1:
                clause.words = query_terms(quoted)
        else:
            terms = query_terms(word)
            clause = Clause(terms)
        if not terms:
            continue
        if negative or negate_next:
            parsed.exclude.append(clause)
            negate_next = False
        elif pending_or:
            parsed.groups[-1].append(clause)
            pending_or = False
        else:
            parsed.groups.append([clause])
    if pending_or or negate_next:
        dropped_operator = True
    if dropped_operator:
        parsed.notes.append(_l("An operator (OR, NOT, -) had nothing to apply to; we ignored it."))
    if not parsed.groups:
        raise QueryError(
            _l("Please enter at least one word to search for (operators alone find nothing)."),
            field="q",
        )
    if len(parsed.groups) + len(parsed.exclude) > MAX_CLAUSES:
        raise QueryError(
            _l("Your search has too many parts: please use at most %(max)d.", max=MAX_CLAUSES),
            field="q",
        )
    return parsed
