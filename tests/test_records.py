"""Typed records: a scored answer survives the trip through its stored form."""

from __future__ import annotations

import json

import pytest

from salesbot.engine import ScoreResult

ANSWERS = [
    ("laptop-bulk-order", "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"),
    ("rude-client", "Сами вы бездельник, нечего тут орать!"),
    ("price-objection", "Понимаю вас, но вы должны понять: у нас лучшие кондиционеры."),
    ("rude-client", "I'm sorry! I'll check your order and call you back by 3 pm today."),
]


@pytest.mark.parametrize(("case_id", "text"), ANSWERS)
def test_from_dict_inverts_to_dict(score, case_id, text):
    result = score(case_id, text)
    assert ScoreResult.from_dict(result.to_dict()) == result
    stored = json.loads(json.dumps(result.to_dict()))  # as the store keeps it
    assert ScoreResult.from_dict(stored) == result


def test_from_dict_fills_in_what_older_rows_lack(score):
    data = score(*ANSWERS[2]).to_dict()
    for key in (
        "lang",
        "signals",
        "met",
        "missing",
        "truncated",
        "scorer_version",
        "library_version",
    ):
        del data[key]
    for evidence in data["matched"]:
        del evidence["family"], evidence["spans"]
    for violation in data["violations"]:
        del violation["spans"]
    result = ScoreResult.from_dict(data)
    assert result.lang == "" and not result.truncated
    assert all(e.spans == () for e in result.matched)
    assert [v.id for v in result.violations] == [v["id"] for v in data["violations"]]
