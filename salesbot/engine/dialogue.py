"""Play a case: pick the client's next line from the scored answer, end with an outcome.

The state is a small value (step, visits, totals) that serialises to JSON, so the bot can
store it after every answer and continue after a restart at the same step.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from .model import DIMENSIONS, Case, Condition, Outcome, Transition
from .scoring import ScoreResult

MAX_VISITS = 2  # a step is played at most twice; then the dialogue moves on or ends


@dataclass(frozen=True, slots=True)
class DialogueState:
    case_id: str
    case_version: int
    lang: str
    step_id: str | None  # None once the dialogue has ended
    visits: dict[str, int] = field(default_factory=dict)
    totals: tuple[int, ...] = ()
    outcome_id: str | None = None

    @property
    def finished(self) -> bool:
        return self.step_id is None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> DialogueState:
        data = json.loads(text)
        data["totals"] = tuple(data.get("totals", ()))
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Turn:
    """What happens after an answer: the client's lines and the new state."""

    state: DialogueState
    lines: tuple[str, ...]
    outcome: Outcome | None = None
    rating: int | None = None


def start_dialogue(case: Case, lang: str) -> Turn:
    """Open a case: the first step's client line."""
    if lang not in case.languages:
        lang = case.languages[0]
    step = case.first_step
    state = DialogueState(case.id, case.version, lang, step.id, {step.id: 1})
    return Turn(state, (case.text(step.client, lang),))


def condition_holds(condition: Condition, result: ScoreResult) -> bool:
    """Whether every field given in a transition's `when` holds for this result."""
    matched = result.matched_ids()
    violations = result.violation_ids()
    checks = (
        not condition.styles or result.style in condition.styles,
        condition.min_total is None or result.total >= condition.min_total,
        condition.max_total is None or result.total <= condition.max_total,
        all(p in matched or p in violations for p in condition.matched),
        not condition.matched_any or any(p in matched for p in condition.matched_any),
        not any(p in matched for p in condition.missing),
        condition.violation is None or bool(violations) == condition.violation,
        not condition.violations or any(v in violations for v in condition.violations),
        condition.severe is None or result.severe == condition.severe,
    )
    return all(checks)


def choose_transition(
    case: Case, step_id: str, result: ScoreResult, visits: dict[str, int]
) -> Transition | None:
    """The first transition whose condition holds and whose step may still be visited."""
    for transition in case.step(step_id).transitions:
        if transition.goto is not None and visits.get(transition.goto, 0) >= MAX_VISITS:
            continue
        if condition_holds(transition.when, result):
            return transition
    return None


def simulated_rating(outcome: Outcome, totals: tuple[int, ...]) -> int:
    """The client's 1-10 "would you recommend us": the outcome's range, by average total."""
    low, high = outcome.rating
    average = sum(totals) / len(totals) if totals else 0
    return max(1, min(10, round(low + (high - low) * average / 100)))


def advance(case: Case, state: DialogueState, result: ScoreResult) -> Turn:
    """Move the dialogue on after a scored answer to the current step."""
    if state.step_id is None:
        raise ValueError("the dialogue has already ended")
    lang = state.lang
    totals = (*state.totals, result.total)
    visits = dict(state.visits)
    transition = choose_transition(case, state.step_id, result, visits)
    lines: list[str] = []
    if transition is not None and transition.say:
        lines.append(case.text(transition.say, lang))
    if transition is not None and transition.goto is not None and len(totals) < case.max_turns:
        step = case.step(transition.goto)
        visits[step.id] = visits.get(step.id, 0) + 1
        lines.append(case.text(step.client, lang))
        new_state = DialogueState(case.id, case.version, lang, step.id, visits, totals)
        return Turn(new_state, tuple(lines))
    outcome_id = transition.end if transition is not None and transition.end else case.fallback
    outcome = case.outcome(outcome_id)
    lines.append(case.text(outcome.client, lang))
    rating = simulated_rating(outcome, totals)
    new_state = DialogueState(case.id, case.version, lang, None, visits, totals, outcome.id)
    return Turn(new_state, tuple(lines), outcome, rating)


@dataclass(frozen=True, slots=True)
class Summary:
    """The end of a case: averages, the simulated client's rating, what to practise."""

    scores: dict[str, int]
    total: int
    answers: int
    outcome: str | None
    result: str | None
    rating: int | None
    practise: tuple[str, ...]  # dimensions to work on, weakest first
    violations: tuple[tuple[str, int], ...]  # most frequent violations with counts
    tips: tuple[str, ...]


def summarize(
    results: list[ScoreResult], outcome: Outcome | None = None, rating: int | None = None
) -> Summary:
    """Summarise a played case from its scored answers."""
    n = len(results)
    scores = {d: round(sum(r.scores[d] for r in results) / n) if n else 0 for d in DIMENSIONS}
    total = round(sum(r.total for r in results) / n) if n else 0
    counts = Counter(v.id for r in results for v in r.violations)
    practise: list[str] = []
    if scores["situational"] < 60:
        practise.append("situational")
    if scores["customer"] < 30:
        practise.append("customer")
    # What to practise comes from the weaker answers; praise of good ones is no advice.
    tips = Counter(t for r in results if r.total < 70 for t in r.feedback)
    return Summary(
        scores,
        total,
        n,
        outcome.id if outcome else None,
        outcome.result if outcome else None,
        rating,
        tuple(practise),
        tuple(counts.most_common(3)),
        tuple(t for t, _ in tips.most_common(2)),
    )
