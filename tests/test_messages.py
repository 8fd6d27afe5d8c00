"""Cutting replies to Telegram's 4096-character limit without breaking HTML: Telegram
counts the text it shows (after parsing), and refuses HTML that does not parse."""

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from salesbot.tg.messages import split_message
from tests.telegram_html import parse_html, utf16_len


def shown(piece: str) -> str:
    """What Telegram shows of a piece; raises as Telegram refuses if the HTML is broken."""
    plain, _ = parse_html(piece)
    return plain


def assert_accepted(pieces: list[str]) -> None:
    for piece in pieces:
        text = shown(piece)
        assert 0 < utf16_len(text) <= 4096 and text.strip()


def test_a_short_text_is_one_message():
    assert split_message("<b>Hi</b>") == ["<b>Hi</b>"]


def test_long_text_is_cut_at_line_breaks_between_entities():
    text = "\n".join(f"<b>Строка {i}</b> — «<i>&lt;ответ&gt;</i>» 🚚" for i in range(400))
    pieces = split_message(text)
    assert len(pieces) > 1
    assert_accepted(pieces)
    assert "\n".join(pieces) == text  # every cut fell on a line break outside the tags


def test_a_single_huge_line_is_cut_at_spaces_not_inside_entities():
    text = " ".join(["слово&amp;"] * 2000)
    pieces = split_message(text)
    assert_accepted(pieces)
    assert " ".join(pieces) == text


def test_line_breaks_inside_a_formatted_answer_are_not_cut_points():
    answer = escape("Первая строка & вторая\n<b>третья</b>\n" * 40)
    text = "\n".join(f"#{i}: «<i>{answer}</i>»" for i in range(8))
    pieces = split_message(text)
    assert len(pieces) > 1
    assert_accepted(pieces)


def test_one_formatted_span_longer_than_a_message_is_closed_and_reopened():
    text = "<b>" + "длинный ответ " * 800 + "</b>"
    pieces = split_message(text)
    assert len(pieces) >= 3
    assert_accepted(pieces)
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in pieces)


def test_emoji_count_as_two_units():
    text = "😀" * 3000  # 6000 UTF-16 units
    pieces = split_message(text)
    assert len(pieces) == 2 and all(utf16_len(p) <= 4096 for p in pieces)


def test_a_text_of_only_blanks_is_no_message():
    assert split_message("  \n ") == []


user_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=400
)
lines = st.lists(
    st.tuples(st.sampled_from(["b", "i", "code", None]), user_text), min_size=1, max_size=60
)


@settings(max_examples=150, deadline=None)
@given(lines=lines, limit=st.sampled_from([64, 300, 4096]))
def test_any_message_of_escaped_parts_is_cut_into_pieces_telegram_accepts(lines, limit):
    text = "\n".join(f"<{tag}>{escape(t)}</{tag}>" if tag else str(escape(t)) for tag, t in lines)
    pieces = split_message(text, limit)
    for piece in pieces:
        assert utf16_len(shown(piece)) <= limit
    # Nothing is lost but the blanks a cut falls on (Telegram trims them anyway).
    squeezed = "".join(shown(text).split())
    assert "".join("".join(shown(p).split()) for p in pieces) == squeezed
