"""Text tables: the layout made without tabulate is tabulate's own, character for character."""

from __future__ import annotations

import tabulate
import wcwidth
from hypothesis import given
from hypothesis import strategies as st

from gkrules.output_cells import WIDTHS, _simple_table, display_width, text_table


def tabulated(rows, headers) -> str:
    tabulate.WIDE_CHARS_MODE = True
    return tabulate.tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)


def test_every_listed_character_has_wcwidths_width():
    for first, last, width in WIDTHS:
        for code in range(first, last + 1):
            assert wcwidth.wcwidth(chr(code)) == width, hex(code)


def test_width_of_text_outside_the_list_is_unknown():
    assert display_width("文号〔2020〕3号") == 15
    assert display_width("“实为”") == 6  # the curly quotation marks are narrow, as wcwidth counts them
    assert display_width("a\u0301") is None  # a combining accent
    assert display_width("😀") is None
    assert display_width("\t") is None
    assert display_width("a\nb") is None


# characters of every listed range, blanks that a cell loses at its ends, digits and words
_chars = st.one_of(
    st.sampled_from([chr(c) for first, last, _ in WIDTHS for c in (first, (first + last) // 2, last)]),
    st.sampled_from(list(" 　0123456789TrueFalse-")),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
)
_cell = st.text(_chars, max_size=12)


@given(
    st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            st.lists(_cell, min_size=n, max_size=n),
            st.lists(st.lists(_cell, min_size=n, max_size=n), min_size=1, max_size=6),
        )
    )
)
def test_table_is_tabulates(table):
    headers, rows = table
    assert _simple_table(rows, headers) is not None
    assert text_table(rows, headers) == tabulated(rows, headers)


def test_a_table_the_layout_does_not_know_is_left_to_tabulate():
    cases = [
        ([["a\nb", "c"]], ["x", "y"]),  # a cell of two lines
        ([["😀", "c"]], ["x", "y"]),  # a character of unknown width
        ([[1, "c"]], ["x", "y"]),  # a number
        ([["a", "b", "c"]], ["x", "y"]),  # more cells than headers
        ([], ["x", "y"]),  # no rows
    ]
    for rows, headers in cases:
        assert _simple_table(rows, headers) is None
        assert text_table(rows, headers) == tabulated(rows, headers)


def test_table_by_hand():
    # the column is as wide as its header plus two, or its widest cell; rows lose their trailing blanks
    assert text_table([["GK-L-005", "错误"], ["x", " 提示 "]], ["编号", "级别"]) == (
        "编号      级别\n--------  ------\nGK-L-005  错误\nx         提示"
    )
