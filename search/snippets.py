"""Highlighted snippets, the same for every engine: the fields that matched, named, with the
matched words marked, in the page's language.

A document's `parts` are its fields in Chinese and English. A snippet shows the (at most two)
parts where a searched word occurs, the page's language first: "Procurement method: Single
source". When the word matched only the other language's value ("单一来源" on the English page),
the page's value comes first and the matching one follows in brackets, marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from search.analysis import is_latin, normalise_latin
from search.documents import HIDDEN, Part
from search.labels import FIELDS

_LATIN_WORD = re.compile(r"[0-9A-Za-z]+")
NOT_SHOWN = (HIDDEN, "kind")
"""Fields a snippet never quotes: hidden words, and the kind (each result already shows it)."""
PARTS_SHOWN = 2


def spans(text: str, terms: set[str], prefixes: Iterable[str] = ()) -> list[tuple[int, int]]:
    """The (start, end) of every occurrence of the terms (and of words beginning with a prefix)
    in `text`, merged where they overlap."""
    found = []
    han = [t for t in terms if not is_latin(t)]
    latin = {t for t in terms if is_latin(t)}
    prefixes = tuple(prefixes)
    lowered = text.lower()
    for term in han:
        start = lowered.find(term)
        while start != -1:
            found.append((start, start + len(term)))
            start = lowered.find(term, start + len(term))
    if latin or prefixes:
        for match in _LATIN_WORD.finditer(text):
            word = match.group().lower()
            if normalise_latin(word) in latin or (prefixes and word.startswith(prefixes)):
                found.append(match.span())
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, marks: list[tuple[int, int]], width: int = 160) -> Markup:
    """A window of `text` around its first mark, every mark in <mark>."""
    text = " ".join(text.split())
    begin = max(marks[0][0] - width // 4, 0) if marks else 0
    end = min(begin + width, len(text))
    parts = [Markup("… ") if begin > 0 else Markup("")]
    cursor = begin
    for start, stop in marks:
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        parts.append(escape(text[cursor:start]))
        parts.append(Markup("<mark>%s</mark>") % text[start:stop])
        cursor = stop
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append(Markup(" …"))
    return Markup("").join(parts)


def _render(
    part: Part, own: str, other: str, terms: set[str], prefixes: set[str], locale: str
) -> Markup:
    own_text = " ".join(own.split())
    other_text = " ".join(other.split())
    own_marks = spans(own_text, terms, prefixes)
    body = highlight(own_text, own_marks)
    if not own_marks and other_text and other_text != own_text:
        other_marks = spans(other_text, terms, prefixes)
        if other_marks:
            body = Markup("%s (%s)") % (body, highlight(other_text, other_marks, 80))
    label = FIELDS.get(part.field)
    if not (part.field and label):
        return body
    return Markup("%s%s%s") % (label, "：" if locale == "zh" else ": ", body)


def make_snippet(
    parts: Iterable[Part], terms: set[str], locale: str, prefixes: Iterable[str] = ()
) -> Markup:
    """The parts where a searched word occurs (the page's language first), named and marked;
    when none does (the match was in hidden words), the first parts a person would read."""
    prefixes = set(prefixes)
    shown = [part for part in parts if part.field not in NOT_SHOWN]
    scored = []
    for position, part in enumerate(shown):
        zh, en = part.zh, part.en or part.zh
        own, other = (en, zh) if locale == "en" else (zh, en)
        in_own = bool(spans(" ".join(own.split()), terms, prefixes))
        in_other = not in_own and bool(spans(" ".join(other.split()), terms, prefixes))
        if in_own or in_other:
            scored.append((0 if in_own else 1, position, part, own, other))
    if not scored:
        fallback = [part for part in shown if part.field not in ("name", "office")] or shown
        scored = [
            (2, n, p, *((p.en or p.zh, p.zh) if locale == "en" else (p.zh, p.en or p.zh)))
            for n, p in enumerate(fallback[:1])
        ]
    chosen = sorted(scored)[:PARTS_SHOWN]
    chosen.sort(key=lambda item: item[1])
    return Markup(" · ").join(
        _render(part, own, other, terms, prefixes, locale) for _rank, _n, part, own, other in chosen
    )
