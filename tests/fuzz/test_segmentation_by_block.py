"""Segmenting block by block, each distinct block once, gives what jieba gives for the whole text.

`search.analysis` cuts a text's blocks separately and keeps each block's cut (a rebuild repeats
the same names hundreds of thousands of times). If that ever differed from jieba's own
`tokenize` — a word's offset one off, a block boundary misread, a cut kept after a word joined
the dictionary — search would find the wrong places or miss phrases. Compared here on generated
texts of Han, Latin letters, digits, jieba's block punctuation (+#&._%-), whitespace, CJK
extension A and other punctuation.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from search import analysis

PIECES = st.sampled_from(
    ["江西省", "人民政府", "驻", "北京", "办事处", "赣南脐橙", "接待", "住宿费", "省", "市"]
    + ["Office", "of", "HT-2015-001", "91440100MA7ARCWR5W", "3.5", "100%", "C#", "A&B"]
    + [" ", "  ", "\r\n", "\t", "，", "。", "、", "(", ")", "/", "㐀", "鿿", "é", "-", "_"]
)


def jieba_words(text: str) -> list[tuple[str, int, int]]:
    return [
        (word, start, end)
        for word, start, end in analysis.tokenizer().tokenize(text, HMM=False)
        if analysis._WORDLIKE.search(word)
    ]


@given(st.lists(PIECES, max_size=24).map("".join))
@example("江西省人民政府驻北京办事处 HT-2015-001，住宿费3.5元/人")
@example("")
def test_words_block_by_block_are_jiebas_words_of_the_whole_text(text):
    assert list(analysis._words_of(text)) == jieba_words(text)
    assert list(analysis._words_of(text)) == jieba_words(text)  # the second time from the cache


def test_a_word_added_to_the_dictionary_changes_the_cut_of_a_block_already_seen():
    text = "甲乙丙丁戊己庚辛特约店"
    before = [word for word, _s, _e in analysis._words_of(text)]
    analysis.add_words(["甲乙丙丁戊己庚辛特约店"])
    after = [word for word, _s, _e in analysis._words_of(text)]
    assert after == ["甲乙丙丁戊己庚辛特约店"] != before
    assert list(analysis._words_of(text)) == jieba_words(text)


def tokens_word_by_word(text: str) -> list[analysis.Token]:
    """index_tokens as it was written before blocks were kept: word by word over the text."""
    tokens, position = [], 0
    for word, start, end in jieba_words(text):
        if analysis._HAN.search(word):
            structure, units = analysis._structure(word)
            for tile, unit, tile_start, tile_end in structure:
                tokens.append(
                    analysis.Token(tile, position + unit, start + tile_start, start + tile_end)
                )
            position += units
        else:
            tokens.append(analysis.Token(analysis.normalise_latin(word), position, start, end))
            position += 1
    return tokens


@given(st.lists(PIECES, max_size=24).map("".join))
@example("江西省人民政府驻北京办事处 HT-2015-001，住宿费3.5元/人 Offices")
def test_index_tokens_block_by_block_are_those_of_the_whole_text(text):
    assert list(analysis.index_tokens(text)) == tokens_word_by_word(text)
