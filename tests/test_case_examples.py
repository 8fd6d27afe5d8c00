"""The cases' own example answers: a model answer for every step, and every example scored
as its label says (they are the cases' unit tests; `salesbot validate` runs them too)."""

from __future__ import annotations

import pytest

from salesbot.engine.dialogue import dialogue_problems
from salesbot.validation import example_problems

CASES = [
    "bank-internet-fee",
    "chat-visitor",
    "courier-no-call",
    "importunate-client",
    "interview-provocation",
    "laptop-bulk-order",
    "price-objection",
    "reluctant-client",
    "rude-client",
    "support-line-wait",
    "wants-but-cannot",
]


def test_the_bundled_cases_are_these(book):
    assert sorted(book.cases) == CASES


@pytest.mark.parametrize("case_id", CASES)
def test_every_step_has_a_model_answer_in_each_language_scoring_70_or_more(book, case_id):
    case = book.case(case_id)
    for step in case.steps:
        for lang in case.languages:
            models = [
                x for x in step.examples
                if x.lang == lang and x.style == "situational" and (x.min_total or 0) >= 70
            ]  # fmt: skip
            assert models, (step.id, lang)
            for model in models:
                result = book.score(case, step.id, model.text, lang)
                assert result.style == "situational" and result.total >= 70, (step.id, model.text)


@pytest.mark.parametrize("case_id", CASES)
def test_every_step_has_a_poor_example(book, case_id):
    case = book.case(case_id)
    for step in case.steps:
        assert any(x.style != "situational" for x in step.examples), step.id


@pytest.mark.parametrize("case_id", CASES)
def test_every_example_scores_as_labelled(book, case_id):
    assert example_problems(book.scorer, book.case(case_id)) == []


@pytest.mark.parametrize("case_id", CASES)
def test_the_conversation_reaches_its_outcomes_and_poor_answers_miss_the_best(book, case_id):
    assert dialogue_problems(book.case(case_id), book.scorer, book.library.reactions) == []
