"""Play a case: the client's next line follows from what the answer did and did not do.

After each scored answer the client
- moves on when the step's expectations are met (over this and earlier answers to it);
- asks for the missing piece by name ("А когда именно?") when part is missing;
- reacts to rudeness, a giveaway discount, an unbelievable promise, a sales pitch or an
  evasive answer, and loses patience; when it runs out, the client leaves.
A case may add step-specific branches, checked first. The best outcome must be earned: a
path with an average below 88, a severe violation or a keyword string ends in a fair one.
The 1-10 rating follows from the path: scores, violations and turns needed.

The state is a small value that serialises to JSON, so the bot can store it after every
answer and continue after a restart at the same step.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from dataclasses import asdict, dataclass, field

from .model import DIMENSIONS, Branch, Case, Condition, Outcome, Step
from .scoring import KEYWORD_STUFFING, ScoreResult

MAX_VISITS = 3  # answers to one step before the client gives up on it
BEST_AVERAGE = 88  # the best outcome needs at least this average total (an excellent path)
# How much patience each reaction costs. Rudeness costs the most; a giveaway costs none
# (the client is glad to take it) but rules out the best outcome.
STRIKES = {
    "rude": 2.0,
    "false_promise": 1.0,
    "evasive": 1.0,
    "product": 1.0,
    "empathy_only": 1.0,
    "partial": 0.5,
    "capitulate": 0.0,
}


@dataclass(frozen=True, slots=True)
class DialogueState:
    case_id: str
    case_version: int
    lang: str
    step_id: str | None  # None once the dialogue has ended
    visits: dict[str, int] = field(default_factory=dict)
    totals: tuple[int, ...] = ()
    outcome_id: str | None = None
    seed: int = 0  # picks the phrasing of each client line, the same on every replay
    met: dict[str, tuple[str, ...]] = field(default_factory=dict)  # step -> expectations met
    strikes: float = 0.0  # patience used up
    severe: int = 0  # answers with a severe violation
    violations: int = 0  # other violations
    stuffing: bool = False  # a keyword string was sent

    @property
    def finished(self) -> bool:
        return self.step_id is None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> DialogueState:
        data = json.loads(text)
        known = set(cls.__dataclass_fields__)
        data = {k: v for k, v in data.items() if k in known}
        data["totals"] = tuple(data.get("totals", ()))
        data["met"] = {k: tuple(v) for k, v in (data.get("met") or {}).items()}
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Turn:
    """What happens after an answer: the client's lines and the new state."""

    state: DialogueState
    lines: tuple[str, ...]
    outcome: Outcome | None = None
    rating: int | None = None


def _pick(seed: int, *parts: object) -> int:
    """A stable choice of phrasing per attempt (Python's hash() changes between runs)."""
    return zlib.crc32(":".join(str(p) for p in (seed, *parts)).encode())


def start_dialogue(case: Case, lang: str, seed: int = 0) -> Turn:
    """Open a case: the first step's client line."""
    if lang not in case.languages:
        lang = case.languages[0]
    step = case.first_step
    state = DialogueState(case.id, case.version, lang, step.id, {step.id: 1}, seed=seed)
    return Turn(state, (case.text(step.client, lang, _pick(seed, step.id, 1)),))


def condition_holds(condition: Condition, result: ScoreResult, met: frozenset[str]) -> bool:
    """Whether every field given in a branch's `when` holds for this result; `met` is what
    the step has got so far, this answer included."""
    matched = result.matched_ids()
    violations = result.violation_ids()
    checks = (
        not condition.styles or result.style in condition.styles,
        condition.min_total is None or result.total >= condition.min_total,
        condition.max_total is None or result.total <= condition.max_total,
        all(p in matched or p in violations for p in condition.matched),
        not condition.matched_any or any(p in matched for p in condition.matched_any),
        not any(p in matched for p in condition.missing),
        all(e in met for e in condition.met),
        not condition.unmet or any(e not in met for e in condition.unmet),
        condition.violation is None or bool(violations) == condition.violation,
        not condition.violations or any(v in violations for v in condition.violations),
        condition.severe is None or result.severe == condition.severe,
        not condition.reaction or result.reaction in condition.reaction,
    )
    return all(checks)


def _reaction_line(
    case: Case, step: Step, kind: str, library_reactions: dict, ask: str, pick: int, lang: str
) -> str:
    variants = step.reactions.get(kind) or library_reactions.get(kind) or {}
    line = case.text(variants, lang, pick) if variants else "{ask}"
    return " ".join(line.replace("{ask}", ask).split())


def _ask_for(case: Case, step: Step, met: frozenset[str], lang: str, pick: int) -> str:
    """The client's follow-up for the first piece still missing (or the step's line)."""
    for expectation in step.expects:
        if expectation.id not in met:
            return case.text(expectation.ask, lang, pick)
    return case.text(step.client, lang, pick)


def _rating(outcome: Outcome, state: DialogueState, case: Case) -> int:
    """The client's 1-10 "would you recommend us": the outcome's range, by how the
    conversation went: average total, violations and turns beyond the shortest path."""
    low, high = outcome.rating
    totals = state.totals
    average = sum(totals) / len(totals) if totals else 0
    steps_visited = sum(1 for v in state.visits.values() if v)
    extra_turns = max(0, len(totals) - steps_visited)
    quality = average / 100 - 0.25 * state.severe - 0.08 * state.violations - 0.05 * extra_turns
    quality = max(0.0, min(1.0, quality))
    return max(1, min(10, round(low + (high - low) * quality)))


def _finish(case: Case, state: DialogueState, outcome: Outcome, lines: list[str]) -> Turn:
    if outcome.kind == "best":
        average = sum(state.totals) / len(state.totals) if state.totals else 0
        if average < BEST_AVERAGE or state.severe or state.stuffing:
            outcome = next((o for o in case.outcomes if o.kind == "fair"), outcome)
    pick = _pick(state.seed, outcome.id)
    lines.append(case.text(outcome.client, state.lang, pick))
    final = DialogueState(
        state.case_id,
        state.case_version,
        state.lang,
        None,
        state.visits,
        state.totals,
        outcome.id,
        state.seed,
        state.met,
        state.strikes,
        state.severe,
        state.violations,
        state.stuffing,
    )
    return Turn(final, tuple(lines), outcome, _rating(outcome, final, case))


def advance(
    case: Case, state: DialogueState, result: ScoreResult, reactions: dict | None = None
) -> Turn:
    """Move the dialogue on after a scored answer to the current step.

    `reactions` are the library's default client reactions by kind (a step's own win)."""
    if state.step_id is None:
        raise ValueError("the dialogue has already ended")
    lang = state.lang
    step = case.step(state.step_id)
    reactions = reactions or {}
    met_before = frozenset(state.met.get(step.id, ()))
    met_now = met_before | frozenset(result.met)
    complete = (
        bool(step.expects)
        and len(met_now) >= step.need
        and all(e.id in met_now for e in step.expects if e.required)
    )
    severe = result.severe
    stuffing = KEYWORD_STUFFING in result.violation_ids()
    reaction = result.reaction
    if complete and not severe and reaction not in ("capitulate", "false_promise"):
        reaction = ""
    elif not reaction:
        reaction = "partial"
    strikes = state.strikes + STRIKES.get(reaction, 0.0)
    visits = dict(state.visits)
    met = dict(state.met)
    met[step.id] = tuple(sorted(met_now))
    progressed = DialogueState(
        case.id,
        case.version,
        lang,
        step.id,
        visits,
        (*state.totals, result.total),
        None,
        state.seed,
        met,
        strikes,
        state.severe + severe,
        state.violations + sum(1 for v in result.violations if v.severity != "severe"),
        state.stuffing or stuffing,
    )
    turn_no = len(progressed.totals)
    pick = _pick(state.seed, step.id, turn_no)
    lines: list[str] = []

    def go(target: str, say: dict | None) -> Turn:
        if say:
            lines.append(case.text(say, lang, pick))
        nxt = case.step(target)
        visits[nxt.id] = visits.get(nxt.id, 0) + 1
        lines.append(case.text(nxt.client, lang, _pick(state.seed, nxt.id, visits[nxt.id])))
        moved = DialogueState(
            case.id, case.version, lang, nxt.id, visits, progressed.totals, None, state.seed,
            met, strikes, progressed.severe, progressed.violations, progressed.stuffing,
        )  # fmt: skip
        return Turn(moved, tuple(lines))

    def leave() -> Turn:
        return _finish(case, progressed, case.outcome_of_kind("lost"), lines)

    # A step-specific branch wins over the default reactions.
    for branch in step.branches:
        if branch.goto is not None and visits.get(branch.goto, 0) >= MAX_VISITS - 1:
            continue
        if not condition_holds(branch.when, result, met_now):
            continue
        return _take(case, branch, progressed, go, lines, lang, pick, step)

    if turn_no >= case.max_turns:
        return _finish(case, progressed, case.outcome(case.fallback), lines)
    if not reaction:  # complete: the client moves on
        if step.next is not None:
            return go(step.next, step.say)
        if step.say:
            lines.append(case.text(step.say, lang, pick))
        assert step.end is not None
        return _finish(case, progressed, case.outcome(step.end), lines)
    if strikes >= case.patience or visits.get(step.id, 0) >= MAX_VISITS:
        return leave()
    ask = _ask_for(case, step, met_now, lang, pick)
    lines.append(_reaction_line(case, step, reaction, reactions, ask, pick, lang))
    visits[step.id] = visits.get(step.id, 0) + 1
    stayed = DialogueState(
        case.id, case.version, lang, step.id, visits, progressed.totals, None, state.seed, met,
        strikes, progressed.severe, progressed.violations, progressed.stuffing,
    )  # fmt: skip
    return Turn(stayed, tuple(lines))


def _take(
    case: Case,
    branch: Branch,
    state: DialogueState,
    go,
    lines: list[str],
    lang: str,
    pick: int,
    step: Step,
) -> Turn:  # type: ignore[no-untyped-def]
    if branch.goto is not None:
        return go(branch.goto, branch.say)
    if branch.say:
        lines.append(case.text(branch.say, lang, pick))
    if branch.end is not None:
        return _finish(case, state, case.outcome(branch.end), lines)
    visits = dict(state.visits)
    visits[step.id] = visits.get(step.id, 0) + 1
    stayed = DialogueState(
        case.id, case.version, lang, step.id, visits, state.totals, None, state.seed, state.met,
        state.strikes, state.severe, state.violations, state.stuffing,
    )  # fmt: skip
    return Turn(stayed, tuple(lines))


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
    outcome_title: str = ""  # what happened, in the attempt's language


def summarize(
    results: list[ScoreResult],
    outcome: Outcome | None = None,
    rating: int | None = None,
    lang: str = "",
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
    title = ""
    if outcome is not None:
        title = outcome.title.get(lang) or next(iter(outcome.title.values()), "")
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
        title,
    )


# ---------------------------------------------------------------------------- checks

_POOR_FALLBACK = {
    "ru": "Ну, посмотрим, как получится.",
    "en": "Well, we'll see how it goes.",
}


def play_script(
    case: Case,
    scorer: object,
    answers: dict[str, list[str]] | object,
    lang: str,
    reactions: dict | None = None,
    seed: int = 0,
) -> tuple[Turn, list[ScoreResult], list[str]]:
    """Play a case with scripted answers: `answers` maps a step id to the answers given on
    each visit (the last one repeats), or is a callable (step, visit) -> answer. Returns
    the last turn, every scored answer and the whole transcript."""
    turn = start_dialogue(case, lang, seed)
    transcript = list(turn.lines)
    results: list[ScoreResult] = []
    while not turn.state.finished:
        step_id = turn.state.step_id
        assert step_id is not None
        visit = turn.state.visits.get(step_id, 1)
        if callable(answers):
            text = answers(step_id, visit)
        else:
            options = answers.get(step_id) or [_POOR_FALLBACK[lang]]
            text = options[min(visit, len(options)) - 1]
        transcript.append(f"> {text}")
        result = scorer.score_answer(case, step_id, text, lang)  # type: ignore[attr-defined]
        results.append(result)
        turn = advance(case, turn.state, result, reactions)
        transcript.extend(turn.lines)
    return turn, results, transcript


def dialogue_problems(case: Case, scorer: object, reactions: dict | None = None) -> list[str]:
    """What is wrong with a case's conversation graph: outcomes nobody can reach, and a best
    outcome that the case's own poor example answers reach."""
    problems: list[str] = []
    ends = {s.end for s in case.steps if s.end} | {
        b.end for s in case.steps for b in s.branches if b.end
    }
    best = [o for o in case.outcomes if o.kind == "best"]
    if best and best[0].id not in ends:
        problems.append(
            f"no step ends in the best outcome {best[0].id!r}; give a last step 'end: {best[0].id}'"
        )
    fair = [o for o in case.outcomes if o.kind == "fair"]
    reachable_fair = {fair[0].id} if fair and best and best[0].id in ends else set()
    reachable_fair.add(case.fallback)
    for outcome in fair:
        if outcome.id not in ends and outcome.id not in reachable_fair:
            problems.append(
                f"the outcome {outcome.id!r} is never reached; end a step or a branch in it"
            )
    lost = [o for o in case.outcomes if o.kind == "lost"]
    for outcome in lost[1:]:
        if outcome.id not in ends and outcome.id != case.fallback:
            problems.append(
                f"the outcome {outcome.id!r} is never reached; end a step or a branch in it"
            )
    for lang in case.languages:
        poor = {
            step.id: [x.text for x in step.examples if x.lang == lang and x.style != "situational"]
            for step in case.steps
        }
        if not any(poor.values()):
            continue
        turn, _, transcript = play_script(case, scorer, poor, lang, reactions)
        if turn.outcome is not None and turn.outcome.kind == "best":
            problems.append(
                f"the case's poor examples ({lang}) reach the best outcome "
                f"{turn.outcome.id!r}: {' | '.join(transcript)[:300]}"
            )
    return problems
