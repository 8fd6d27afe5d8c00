"""Trainees who play a whole case through the use cases: a good one answers each step with
the case's own model example (`examples` with the highest `min_total`, which `salesbot
validate` holds to it), a poor one with the weakest labelled example."""

from __future__ import annotations

import itertools

from salesbot import training
from salesbot.dialogues import state_of
from salesbot.engine import Case
from salesbot.services import Caller, Services

_updates = itertools.count(1_000_000)


def answer_for(case: Case, step_id: str, visit: int, *, good: bool, lang: str = "ru") -> str:
    """The text a good (or poor) trainee sends on the `visit`-th visit to a step."""
    step = case.step(step_id)
    if good:
        examples = [e for e in step.examples if e.lang == lang and e.min_total is not None]
        examples.sort(key=lambda e: -(e.min_total or 0))
    else:
        examples = [e for e in step.examples if e.lang == lang and e.max_total is not None]
        examples.sort(key=lambda e: e.max_total or 0)
    return examples[min(visit, len(examples)) - 1].text


def play_case(svc: Services, caller: Caller, case_id: str, *, good: bool = True) -> list[str]:
    """Open the case and answer until it ends; returns every text the bot sent back."""
    texts = training.start_case(svc, caller, case_id).texts
    case = svc.book.cases[case_id]
    while (attempt := training.active(svc, caller)) is not None:
        state = state_of(attempt)
        assert state.step_id is not None
        text = answer_for(case, state.step_id, state.visits.get(state.step_id, 1), good=good)
        incoming = training.Incoming(next(_updates), caller.id, next(_updates), text)
        texts += training.answer(svc, caller, incoming).texts
    return texts
