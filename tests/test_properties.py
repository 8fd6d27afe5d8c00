"""Whatever the text, the scorer answers with a well-formed result."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesbot.engine import STYLES

CASES = ["laptop-bulk-order", "rude-client", "price-objection"]
words = st.sampled_from(
    [
        "понимаю",
        "не",
        "но",
        "вы",
        "должны",
        "доставим",
        "завтра",
        "30%",
        "?",
        "sorry",
        "not",
        "I'll",
        "call",
        "12:00",
        "скидка",
        "извините",
        "ё",
        "—",
        ",",
        ".",
        "\u200b",
        "<b>",
        "&",
    ]
)


def check(result):
    assert result.style in STYLES
    assert 0 <= result.total <= 100
    assert all(0 <= v <= 100 for v in result.scores.values())
    assert len(result.feedback) <= 2
    result.to_dict()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=400), case=st.sampled_from(CASES))
def test_arbitrary_unicode_never_crashes(score, text, case):
    check(score(case, text))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=st.lists(words, max_size=40), case=st.sampled_from(CASES))
def test_arbitrary_mixes_of_pattern_words_never_crash(score, parts, case):
    check(score(case, " ".join(parts)))
