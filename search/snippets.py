"""Highlighted snippets, the same for every engine: a window of the stored text, terms marked."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from search.analysis import is_latin, normalise_latin

_LATIN_WORD = re.compile(r"[0-9A-Za-z]+")


def _spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    spans = []
    han = [t for t in terms if not is_latin(t)]
    latin = {t for t in terms if is_latin(t)}
    lowered = text.lower()
    for term in han:
        start = lowered.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = lowered.find(term, start + len(term))
    if latin:
        for match in _LATIN_WORD.finditer(text):
            if normalise_latin(match.group()) in latin:
                spans.append(match.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def make_snippet(text: str, terms: set[str], width: int = 160) -> Markup:
    """A window of `text` around the first match, with every matched term in <mark>."""
    text = " ".join(text.split())
    spans = _spans(text, terms)
    begin = max(spans[0][0] - width // 4, 0) if spans else 0
    end = min(begin + width, len(text))
    parts = [Markup("… ") if begin > 0 else Markup("")]
    cursor = begin
    for start, stop in spans:
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
