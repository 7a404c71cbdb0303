"""Our own text analysis: jieba segmentation with a user dictionary, consecutive positions.

One analysis serves both engines and both languages: jieba keeps runs of Latin letters and
digits whole, so an English word or a credit code is one token, which we lowercase (and stem,
for words of letters only). Chinese text is cut in jieba's *default* mode, never its search
mode (whose overlapping fragments such as 民政 match nearly everything). A long word such as
江西省人民政府 is also "tiled" into the dictionary words that make it up (江西省 | 人民政府, then
江西 | 省 and 人民 | 政府): the tiles are stacked at the word's own position, so a search for
人民政府 finds 江西省人民政府 while 民政, which straddles two tiles, does not. Positions are
consecutive (one per top-level word), so phrase queries work.

Only jieba's core is imported (never `jieba.analyse`, about 100 MB per process for nothing).
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

with warnings.catch_warnings():
    # jieba 0.42 tries `import pkg_resources`, which warns on recent setuptools.
    warnings.simplefilter("ignore")
    import jieba
    from whoosh.lang.porter import stem as _porter_stem

jieba.setLogLevel(logging.WARNING)

NAME_FREQ = 200_000
"""Frequency given to dictionary names: high enough that a name is never cut across."""

GENERIC_WORDS = (
    "人民政府",
    "办事处",
    "联络处",
    "驻京办",
    "驻省办",
    "自治州",
    "自治县",
    "自治区",
    "自治旗",
    "联络办",
    "接待费",
    "住宿费",
    "餐饮费",
    "公务接待",
    "信用代码",
)
"""Words of the domain that jieba's own dictionary lacks or cuts badly."""

_LATIN = re.compile(r"^[0-9a-z]+$")
_LETTERS = re.compile(r"^[a-z]+$")
_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
_HAN = re.compile(r"[\u3400-\u9fff]")


class Token(NamedTuple):
    """One indexed term: its text, its position, and its character span in the source."""

    text: str
    position: int
    start: int
    end: int


_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_words: set[str] = set()


def tokenizer() -> jieba.Tokenizer:
    """The process's one jieba tokenizer (its prefix dictionary is loaded once, ~0.7 s)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                candidate = jieba.Tokenizer()
                candidate.initialize()
                for word in GENERIC_WORDS:
                    candidate.add_word(word, NAME_FREQ)
                    _words.add(word)
                _tokenizer = candidate
    return _tokenizer


def add_words(words: Iterable[str]) -> int:
    """Add names (places, governments, offices, providers) to the user dictionary.

    Returns how many were new. Words are only ever added: an index built with a word in the
    dictionary stays searchable by a process that has not loaded it yet, through the tiles.
    """
    tok = tokenizer()
    added = 0
    with _lock:
        for word in words:
            word = (word or "").strip()
            if len(word) < 2 or word in _words or not _HAN.search(word) or " " in word:
                continue
            tok.add_word(word, NAME_FREQ)
            _words.add(word)
            added += 1
    if added:
        _structure.cache_clear()
        _block_words.cache_clear()
        _block_tokens.cache_clear()
    return added


def dictionary_words() -> list[str]:
    """Every word added to the user dictionary so far (to store beside an index)."""
    tokenizer()
    return sorted(_words)


@lru_cache(maxsize=65536)
def normalise_latin(word: str) -> str:
    """Lowercase a Latin token and stem it (Porter) when it is letters only."""
    lowered = word.lower()
    if _LETTERS.match(lowered) and len(lowered) > 2:
        return _porter_stem(lowered)
    return lowered


def _route(word: str, exclude_whole: bool) -> list[str]:
    tok = tokenizer()
    dag = tok.get_DAG(word)
    if exclude_whole:
        ends = [end for end in dag[0] if end != len(word) - 1]
        dag[0] = ends or [0]
    route: dict[int, tuple[float, int]] = {}
    tok.calc(word, dag, route)
    parts, start = [], 0
    while start < len(word):
        end = route[start][1] + 1
        parts.append(word[start:end])
        start = end
    return parts


@lru_cache(maxsize=65536)
def _structure(word: str) -> tuple[tuple[tuple[str, int, int, int], ...], int]:
    """The tokens of one top-level word and how many finest units it has.

    Each token is (text, unit offset, start char, end char): the word itself at offset 0,
    then the dictionary words that tile it, recursively, each at the offset of its first unit.
    """
    parts = _route(word, exclude_whole=True) if len(word) >= 3 and _HAN.search(word) else []
    if len(parts) < 2:
        return ((word, 0, 0, len(word)),), 1
    tokens = [(word, 0, 0, len(word))]
    units = chars = 0
    for part in parts:
        sub, count = _structure(part)
        tokens.extend((t, u + units, s + chars, e + chars) for t, u, s, e in sub)
        units += count
        chars += len(part)
    return tuple(tokens), units


@lru_cache(maxsize=131072)
def _block_words(block: str) -> tuple[tuple[str, int, int], ...]:
    """The word-like pieces of one of jieba's blocks with their offsets in it.

    jieba's `cut` splits a text into blocks (runs of Han, letters and digits, and the rest) and
    cuts each on its own, so a block is always cut the same way whatever surrounds it. The texts
    of a rebuild repeat the same names and labels in hundreds of thousands of documents: cutting
    each distinct block once took about half of a rebuild's CPU off (bench/README.md).
    """
    words, start = [], 0
    for word in tokenizer().cut(block, HMM=False):
        end = start + len(word)
        if _WORDLIKE.search(word):
            words.append((word, start, end))
        start = end
    return tuple(words)


def _words_of(text: str) -> Iterable[tuple[str, int, int]]:
    """What `tokenizer().tokenize(text, HMM=False)` gives, word-like pieces only, block by block."""
    offset = 0
    for block in jieba.re_han_default.split(text):
        for word, start, end in _block_words(block) if block else ():
            yield word, offset + start, offset + end
        offset += len(block)


@lru_cache(maxsize=131072)
def _block_tokens(block: str) -> tuple[tuple[tuple[str, int, int, int], ...], int]:
    """The tokens of one of jieba's blocks, positions and spans relative to the block, and how
    many positions the block takes (each distinct block is worked out once: see _block_words)."""
    tokens: list[tuple[str, int, int, int]] = []
    position = 0
    for word, start, end in _block_words(block):
        if _HAN.search(word):
            structure, units = _structure(word)
            for tile, unit, tile_start, tile_end in structure:
                tokens.append((tile, position + unit, start + tile_start, start + tile_end))
            position += units
        else:
            tokens.append((normalise_latin(word), position, start, end))
            position += 1
    return tuple(tokens), position


def token_tuples(text: str) -> list[tuple[str, int, int, int]]:
    """`index_tokens` as plain (text, position, start, end) tuples: what a rebuild makes, sends
    and adds (a named tuple costs a Python call each, some fifty a document)."""
    tokens: list[tuple[str, int, int, int]] = []
    position = offset = 0
    for block in jieba.re_han_default.split(text):
        if block:
            block_tokens, units = _block_tokens(block)
            tokens += [
                (tile, position + unit, offset + start, offset + end)
                for tile, unit, start, end in block_tokens
            ]
            position += units
            offset += len(block)
    return tokens


@lru_cache(maxsize=4)
def index_tokens(text: str) -> tuple[Token, ...]:
    """The tokens to index for `text`.

    Positions count the finest units (the smallest dictionary words), consecutively; a
    longer word (江西省人民政府) and its intermediate tiles (江西省, 人民政府) are stacked on
    the position of their first unit. A phrase query on finest units therefore matches
    whatever words the text was cut into, and a single word matches as one token.
    """
    return tuple(map(Token._make, token_tuples(text)))


PAIR = "_"


def pair_terms(units: list[str]) -> list[str]:
    """Adjacent finest units joined (a_b): a phrase of two units is one term lookup."""
    return [f"{a}{PAIR}{b}" for a, b in zip(units, units[1:], strict=False)]


def index_pairs(text: str, tokens: Iterable[tuple[str, int, int, int]] | None = None) -> list[str]:
    """The pair terms of a text (its finest unit at each position, with the next one); from
    `tokens` (Tokens or plain tuples) when the text was already segmented."""
    finest: dict[int, str] = {}
    for word, position, _start, _end in index_tokens(text) if tokens is None else tokens:
        finest[position] = word  # the last token at a position is the finest
    units = [finest[p] for p in sorted(finest)]
    return sorted(set(pair_terms(units)))


def query_terms(text: str) -> list[str]:
    """The words of a piece of a query, in order (each matches as one indexed token)."""
    return [
        word if _HAN.search(word) else normalise_latin(word) for word, _s, _e in _words_of(text)
    ]


def phrase_terms(text: str) -> list[str]:
    """The finest units of a quoted phrase, in order (they sit at consecutive positions)."""
    terms: list[str] = []
    for word, _start, _end in _words_of(text):
        if _HAN.search(word):
            structure, _units = _structure(word)
            fine: dict[int, str] = {}
            for tile, unit, _s, _e in structure:
                fine[unit] = tile  # the last token at an offset is the finest one
            terms.extend(fine[unit] for unit in sorted(fine))
        else:
            terms.append(normalise_latin(word))
    return terms


def is_latin(term: str) -> bool:
    """Whether a term came from Latin letters or digits (stemmed) rather than Chinese."""
    return bool(_LATIN.match(term))
