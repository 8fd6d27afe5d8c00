"""Splitting replies to Telegram's 4096-character limit without breaking HTML."""

from salesbot.tg.messages import split_message
from tests.telegram_html import parse_html, utf16_len


def test_a_short_text_is_one_message():
    assert split_message("<b>Hi</b>") == ["<b>Hi</b>"]


def test_long_text_is_cut_at_line_breaks_into_valid_html_pieces():
    text = "\n".join(f"<b>Строка {i}</b> — «<i>&lt;ответ&gt;</i>» 🚚" for i in range(400))
    pieces = split_message(text)
    assert len(pieces) > 1
    for piece in pieces:
        assert utf16_len(piece) <= 4096
        parse_html(piece)  # raises if a tag or an entity was cut
    assert "\n".join(pieces) == text


def test_a_single_huge_line_is_cut_at_spaces_not_inside_entities():
    text = " ".join(["слово&amp;"] * 2000)
    pieces = split_message(text)
    assert all(utf16_len(p) <= 4096 for p in pieces)
    for piece in pieces:
        parse_html(piece)


def test_emoji_count_as_two_units():
    text = "😀" * 3000  # 6000 UTF-16 units
    pieces = split_message(text)
    assert len(pieces) == 2 and all(utf16_len(p) <= 4096 for p in pieces)
