import pytest

from fazhi.lib.xlsxcells import escape_cell, unescape_cell


@pytest.mark.parametrize("text", ["=cmd|'/c calc'!A1", "+1", "-2", "@SUM(A1)", "'已经带撇号", "普通文字", "\t制表"])
def test_every_text_round_trips_and_none_is_left_as_a_formula(text):
    written = escape_cell(text)
    assert not written.startswith(("=", "+", "-", "@"))
    assert unescape_cell(written) == text


def test_control_characters_from_word_are_dropped_and_numbers_pass_through():
    assert escape_cell("任务\x0b内容") == "任务内容"
    assert escape_cell(12) == 12
