"""The locale files: the same messages in every language, real plural forms, and the
language of a user's locale."""

from __future__ import annotations

import pytest
from jinja2 import nodes

from salesbot import locales
from salesbot.render import environment, message
from salesbot.render.plurals import category


def test_every_language_has_the_same_messages():
    ru, en = (set(locales.messages(lang)) for lang in locales.LOCALES)
    assert ru - en == set() and en - ru == set()


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (1, "1 ответ"),
        (2, "2 ответа"),
        (4, "4 ответа"),
        (5, "5 ответов"),
        (11, "11 ответов"),
        (12, "12 ответов"),
        (21, "21 ответ"),
        (22, "22 ответа"),
        (111, "111 ответов"),
        (0, "0 ответов"),
    ],
)
def test_russian_counts_take_their_plural_form(count, words):
    assert message("report.answers_count", "ru", count=count) == words


@pytest.mark.parametrize(("count", "words"), [(1, "1 answer"), (2, "2 answers"), (0, "0 answers")])
def test_english_counts_take_their_plural_form(count, words):
    assert message("report.answers_count", "en", count=count) == words


def test_the_terminal_summary_has_no_made_up_plurals():
    values = {
        "title": "T",
        "scores": {"customer": 1, "product": 2, "situational": 3},
        "total": 70,
        "result": "deal",
        "outcome_title": "",
        "rating": None,
        "tips": [],
    }
    assert "за 2 ответа: 70/100" in message("cli.summary", "ru", "text", answers=2, **values)
    assert "over 1 answer: 70/100" in message("cli.summary", "en", "text", answers=1, **values)
    for lang in locales.LOCALES:
        for count in (1, 2, 5):
            text = message("cli.summary", lang, "text", answers=count, **values)
            assert "(" not in text.split("\n")[4], text  # no "ответ(ам)", "answer(s)"


def plural_calls() -> list[tuple[str, str, set[str]]]:
    """(language, message key, the forms named) of every `plural` in the locale files."""
    env = environment()
    found = []
    for lang in locales.LOCALES:
        for key, source in locales.messages(lang).items():
            for node in env.parse(source).find_all(nodes.Filter):
                if node.name == "plural":
                    found.append((lang, key, {kw.key for kw in node.kwargs}))
    return found


def test_the_messages_use_plural_forms():
    keys = {key for _, key, _ in plural_calls()}
    assert {"cli.summary", "tg.summary", "tg.progress", "report.answers_count"} <= keys


@pytest.mark.parametrize(("lang", "key", "forms"), plural_calls())
def test_every_plural_names_the_forms_its_language_needs(lang, key, forms):
    needed = {category(lang)(n) for n in range(0, 1000)}
    assert needed <= forms, f"{lang}: {key} lacks {needed - forms}"
    assert forms <= {"zero", "one", "two", "few", "many", "other"}, key


def test_a_missing_form_is_an_error_not_a_wrong_word():
    template = environment().from_string("{{ n | plural(one='ответ', few='ответа') }}")
    with pytest.raises(KeyError, match="many"):
        template.render(n=5, lang="ru")


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "en_GB"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LANG": "ru_RU.UTF-8", "LC_ALL": ""}, "ru"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_language_of_a_locale(environ, lang):
    assert locales.of_locale(environ) == lang
