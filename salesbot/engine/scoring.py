"""Score one answer: how customer-, product- and situationally oriented it is.

The scorer reads patterns (lemma phrases from the library and the case) and a few signals
(a date or time, a number, a question, the subject of the client's concern), then applies
the methodology of ../shared/DOMAIN.md:

- customer orientation is empathy, apology, questions about needs, warmth;
- product orientation is facts and praise of the product and the company;
- situational orientation answers what the moment asks for, concretely, and keeps the
  company's interest. An acknowledgement counts only with substance (LAER: listen,
  acknowledge, explore, respond): the reply names the subject of the concern and offers a
  fact, an option or a question; a next step counts only with a date or an owner.

Every score is traceable: `matched` lists each pattern with the words that carried it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple

from .matcher import Hit, Matcher
from .model import Case, Library, Pattern, Step
from .text import NUMBER, PRONOUNS, Token, language_of, tokenize

SCORER_VERSION = "1.0.0"
MAX_CHARS = 2000  # longer answers are scored on their first MAX_CHARS characters
MAX_TIPS = 2

_CLOCK_OR_DATE = re.compile(r"\d{1,2}[:.]\d{2}$|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?$")
# Families checked sentence by sentence: a next step counts with a date or an owner in its
# own sentence.
_EVERY_SENTENCE = ("time", "owner", "next_step")
_ACK_FAMILIES = frozenset({"acknowledge", "apology"})
_BUT_KEYS = frozenset({"но", "but"})
_SEVERITY_RANK = {"severe": 0, "major": 1, "minor": 2}
_PENALTY = {"severe": 60, "major": 20, "minor": 8}

# Violations the scorer derives from the whole answer rather than from one phrase.
BUT_AFTER_ACK = "speech.but_after_ack"
EVASIVE_PRAISE = "evasive_praise"
KEYWORD_STUFFING = "keyword_stuffing"
_DERIVED_SEVERITY = {BUT_AFTER_ACK: "minor", EVASIVE_PRAISE: "major", KEYWORD_STUFFING: "major"}


class Evidence(NamedTuple):
    """A pattern found in the answer and the answer's own words that carried it."""

    pattern: str
    dimension: str  # customer, product, situational or signal
    family: str
    words: str
    spans: tuple[tuple[int, int], ...]


class Violation(NamedTuple):
    id: str
    severity: str
    words: str = ""
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class ScoreResult:
    case_id: str
    case_version: int
    step_id: str
    lang: str
    scores: dict[str, int]
    style: str
    total: int
    matched: tuple[Evidence, ...]
    violations: tuple[Violation, ...]
    feedback: tuple[str, ...]
    truncated: bool = False
    scorer_version: str = SCORER_VERSION
    library_version: int = 0
    facts: dict[str, bool] = field(default_factory=dict)  # the signals behind the verdict

    def matched_ids(self) -> frozenset[str]:
        return frozenset(e.pattern for e in self.matched)

    def violation_ids(self) -> frozenset[str]:
        return frozenset(v.id for v in self.violations)

    @property
    def severe(self) -> bool:
        return any(v.severity == "severe" for v in self.violations)

    def to_dict(self) -> dict:
        """Plain JSON-ready values, for storage and `salesbot score --json`."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["scores"] = dict(self.scores)
        data["facts"] = dict(self.facts)
        data["feedback"] = list(self.feedback)
        data["matched"] = [
            {**e._asdict(), "spans": [list(s) for s in e.spans]} for e in self.matched
        ]
        data["violations"] = [
            {**v._asdict(), "spans": [list(s) for s in v.spans]} for v in self.violations
        ]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoreResult:
        """The inverse of `to_dict`. Keys a stored answer may lack (an evidence's family or
        spans from before they were stored, the language, the facts) take their defaults."""
        return cls(
            case_id=data["case_id"],
            case_version=data["case_version"],
            step_id=data["step_id"],
            lang=data.get("lang", ""),
            scores=dict(data["scores"]),
            style=data["style"],
            total=data["total"],
            matched=tuple(
                Evidence(
                    e["pattern"],
                    e["dimension"],
                    e.get("family", ""),
                    e.get("words", ""),
                    tuple((s[0], s[1]) for s in e.get("spans", ())),
                )
                for e in data["matched"]
            ),
            violations=tuple(
                Violation(
                    v["id"],
                    v["severity"],
                    v.get("words", ""),
                    tuple((s[0], s[1]) for s in v.get("spans", ())),
                )
                for v in data["violations"]
            ),
            feedback=tuple(data["feedback"]),
            truncated=bool(data.get("truncated", False)),
            scorer_version=data.get("scorer_version", SCORER_VERSION),
            library_version=data.get("library_version", 0),
            facts=dict(data.get("facts", {})),
        )


def _saturate(x: float) -> float:
    """0 -> 0, 1 -> 0.63, 2 -> 0.86: more markers help, with diminishing returns."""
    return 1.0 - math.exp(-x)


def _evidence(hit: Hit, tokens: list[Token]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The answer's words that carried a hit, and where they stand in the text."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for p in hit.positions:
        token = tokens[p]
        span = (token.start, token.end)
        if span not in spans:  # "don't" yields two tokens on one span
            spans.append(span)
            words.append(token.surface)
    return " ".join(words), tuple(spans)


@dataclass(frozen=True, slots=True)
class _Compiled:
    """What the scorer prepares once per case: the matcher and lookups by pattern id."""

    matcher: Matcher
    patterns: dict[str, Pattern]
    expects: dict[str, tuple[tuple[str, ...], ...]]  # step id -> alternatives per entry


class Scorer:
    """Scores answers to the steps of cases; compiles each case's patterns once."""

    def __init__(self, library: Library, cases: Iterable[Case] = ()):
        self.library = library
        self._compiled: dict[tuple[str, int], _Compiled] = {}
        for case in cases:
            self.compiled(case)

    def compiled(self, case: Case) -> _Compiled:
        key = (case.id, case.version)
        compiled = self._compiled.get(key)
        if compiled is None:
            patterns = _case_patterns(self.library, case)
            compiled = _Compiled(
                Matcher(patterns, _EVERY_SENTENCE),
                {p.id: p for p in patterns},
                {s.id: tuple(tuple(e.split("|")) for e in s.expects) for s in case.steps},
            )
            self._compiled[key] = compiled
        return compiled

    def score_answer(
        self, case: Case, step: Step | str, text: str, lang: str | None = None
    ) -> ScoreResult:
        """Score one answer to one step of a case."""
        if isinstance(step, str):
            step = case.step(step)
        truncated = len(text) > MAX_CHARS
        text = text[:MAX_CHARS]
        tokens = tokenize(text)
        lang = lang or language_of(tokens, case.languages[0])
        compiled = self.compiled(case)
        hits = compiled.matcher.find(tokens)
        return _judge(self.library, compiled, case, step, text, lang, tokens, hits, truncated)


def _case_patterns(library: Library, case: Case) -> list[Pattern]:
    """Library and case patterns, plus signals for this case's topic and client name."""
    patterns = [*library.patterns, *case.patterns]
    if case.topic:
        patterns.append(Pattern("topic", "signal", "topic", case.topic))
    for step in case.steps:
        if step.topic:
            patterns.append(Pattern(f"topic@{step.id}", "signal", "topic", step.topic))
    names: dict[str, tuple[str, ...]] = {
        lang: (name,) for lang, name in case.persona.name.items() if name
    }
    if names:
        patterns.append(Pattern("client_name", "customer", "name", names, weight=0.5))
    return patterns


def _judge(
    library: Library,
    compiled: _Compiled,
    case: Case,
    step: Step,
    text: str,
    lang: str,
    tokens: list[Token],
    hits: list[Hit],
    truncated: bool,
) -> ScoreResult:
    """Turn the patterns found into scores, a style, a total and tips."""
    # One pass over the hits: what families are present, the weight per dimension, and
    # the sentences that carry a date or an owner.
    step_topic = f"topic@{step.id}"
    relevant: list[Hit] = []
    families: set[str] = set()
    by_id: dict[str, Hit] = {}
    weight = {"customer": 0.0, "product": 0.0, "situational": 0.0}
    time_sentences: set[int] = set()
    owner_sentences: set[int] = set()
    next_steps: list[Hit] = []
    for hit in hits:
        pattern = hit.pattern
        family = pattern.family
        if family == "topic" and pattern.id != "topic" and pattern.id != step_topic:
            continue
        relevant.append(hit)
        families.add(family)
        by_id[pattern.id] = hit
        if pattern.kind in weight:
            weight[pattern.kind] += pattern.weight
        if family == "time":
            time_sentences |= hit.sentences
        elif family == "owner":
            owner_sentences |= hit.sentences
        elif family == "next_step":
            next_steps.append(hit)

    # Signals.
    number_sentences = set()
    for t in tokens:
        if t.key[0] == NUMBER:
            number_sentences.add(t.sentence)
            if _CLOCK_OR_DATE.match(t.surface):
                time_sentences.add(t.sentence)
    has_time = bool(time_sentences)
    has_number = bool(number_sentences)
    has_question = _asks(text) or bool(families & {"question", "need_question"})
    has_option = "option" in families
    has_fact = bool(families & {"feature", "answer", "fact"}) or has_number
    topic_named = "topic" in families
    acknowledged = bool(families & _ACK_FAMILIES)

    anchored = time_sentences | owner_sentences | number_sentences
    next_step_ok = any(h.sentences & anchored for h in next_steps)
    if next_steps and not next_step_ok:
        # "We'll be in touch" with no date and no owner is not a next step, and does not
        # meet a step that expects one.
        for h in next_steps:
            weight["situational"] -= h.pattern.weight
            del by_id[h.pattern.id]

    # What the step asks for. A bare date or number is no answer: signal expectations count
    # only once a real one (a commitment, a fact) is met.
    expected = compiled.expects[step.id]
    patterns = compiled.patterns
    real = [alts for alts in expected if any(patterns[a].kind != "signal" for a in alts)]
    real_met = [alts for alts in real if any(a in by_id for a in alts)]
    met = [
        alts for alts in expected if any(a in by_id for a in alts) and (real_met or alts in real)
    ]
    coverage = len(met) / len(expected) if expected else None
    answered = coverage == 1.0 or (bool(real) and len(real_met) == len(real) and topic_named)
    substance = (
        answered
        or (topic_named and (has_fact or has_time or has_option or has_question))
        or next_step_ok
        or ("compensation" in families and (topic_named or acknowledged))
    )

    # Violations: anti-patterns found, then those derived from the whole answer.
    violations: list[Violation] = []
    for hit in relevant:
        if hit.pattern.kind == "anti":
            if hit.pattern.family == "capitulate" and "need_question" in families:
                continue  # a discount offered after asking about the need is a negotiation
            words, spans = _evidence(hit, tokens)
            violations.append(
                Violation(hit.pattern.id, hit.pattern.severity or "minor", words, spans)
            )
    ack_hits = [h for h in relevant if h.pattern.family in _ACK_FAMILIES]
    but = _but_after_ack(tokens, ack_hits)
    if but is not None:
        violations.append(Violation(BUT_AFTER_ACK, "minor", but.surface, ((but.start, but.end),)))
    if "praise" in families and expected and not answered:
        praise = next(h for h in relevant if h.pattern.family == "praise")
        words, spans = _evidence(praise, tokens)
        violations.append(Violation(EVASIVE_PRAISE, "major", words, spans))
    stuffing = _is_stuffing(tokens, relevant, substance)
    if stuffing:
        violations.append(Violation(KEYWORD_STUFFING, "major"))
    violations.sort(key=lambda v: _SEVERITY_RANK[v.severity])
    severe = any(v.severity == "severe" for v in violations)
    found = {v.id for v in violations}
    impossible = any(h.pattern.family == "impossible" and h.pattern.id in found for h in relevant)
    gave_up = any(
        h.pattern.family in {"capitulate", "dismiss"} and h.pattern.id in found for h in relevant
    )
    empty_promise = impossible or (gave_up and not answered)

    content = [t for t in tokens if not t.stop]
    ack_only = acknowledged and not substance and not has_question and len(content) <= 8

    # Scores per dimension, 0-100.
    customer = _saturate(max(weight["customer"], 0.0) * 0.9)
    if acknowledged and not substance:
        customer = min(customer, 0.45 if not ack_only else 0.35)
    product = _saturate(max(weight["product"], 0.0) * 0.9)
    core = coverage if coverage is not None else float(substance)
    situational = (
        0.45 * core
        + 0.25 * substance
        + 0.15 * min(1.0, max(weight["situational"], 0.0) / 1.5)
        + 0.15 * (acknowledged or has_question or weight["customer"] > 0)
    )
    if not substance:
        situational = min(situational, 0.3)
    if product > situational and not answered:
        situational *= 0.6  # pushing the product instead of answering
    scale = 0.3 if severe else 0.4 if stuffing else 1.0
    scores = {
        "customer": round(100 * customer * scale),
        "product": round(100 * product * scale),
        "situational": round(100 * min(1.0, situational) * scale),
    }

    style = _style(content, severe, stuffing, empty_promise, substance, answered, weight, scores)
    total = _total(step.ideal, scores, violations, style, content, severe, stuffing, ack_only)

    facts = {
        "topic_named": topic_named,
        "answered": answered,
        "substance": substance,
        "acknowledged": acknowledged,
        "question": has_question,
        "time": has_time,
        "number": has_number,
        "option": has_option,
        "next_step": next_step_ok,
        "ack_only": ack_only,
    }
    matched = tuple(
        Evidence(h.pattern.id, h.pattern.kind, h.pattern.family, *_evidence(h, tokens))
        for h in relevant
        if h.pattern.kind != "anti"
    )
    feedback = _tips(
        library, patterns, case, step, lang, violations, facts, bool(next_steps), style, relevant
    )
    return ScoreResult(
        case.id,
        case.version,
        step.id,
        lang,
        scores,
        style,
        total,
        matched,
        tuple(violations),
        feedback,
        truncated,
        SCORER_VERSION,
        library.version,
        facts,
    )


_SENTENCE_END = re.compile(r"(?<=[.!?\n])")
_TAG_QUESTION = re.compile(
    r"(правда|верно|да|не так ли|согласитесь|согласны|right|isn't it|don't you think|agree|"
    r"deal|ok|okay|ладно|хорошо|договорились)\s*\?+\s*$",
    re.IGNORECASE,
)


def _asks(text: str) -> bool:
    """Whether the answer asks the client a real question (not a tag like "правда?")."""
    if "?" not in text:
        return False
    for part in _SENTENCE_END.split(text):
        part = part.strip()
        if part.endswith("?") and not _TAG_QUESTION.search(part) and len(part.split()) >= 2:
            return True
    return False


def _but_after_ack(tokens: list[Token], ack_hits: list[Hit]) -> Token | None:
    """The "но"/"but" that follows an acknowledgement and so takes it back, if any."""
    for hit in ack_hits:
        last = max(hit.positions)
        sentence = tokens[last].sentence
        for token in tokens[last + 1 :]:
            if token.sentence > sentence + 1:
                break
            if token.key in _BUT_KEYS:
                return token
            if token.sentence == sentence + 1 and not token.stop:
                break  # the next sentence started with something else
    return None


def _is_stuffing(tokens: list[Token], hits: list[Hit], substance: bool) -> bool:
    """A string of pattern words with no sentence around them ("magic words").

    Real sentences carry function words (prepositions, conjunctions, articles); a list of
    keywords does not. A terse list is still an answer when it has substance (dates,
    facts), unless most of it is pattern words.
    """
    if len(tokens) < 5 or not hits:
        return False
    function_words = sum(1 for t in tokens if t.stop or t.key in PRONOUNS)
    if function_words / len(tokens) >= 0.12:
        return False
    # Terse notes ("Доставка четверг, установка пятница.") still have punctuation between
    # their parts; a keyword list runs on in one clause.
    one_clause = len({t.clause for t in tokens}) == 1
    return not substance or (one_clause and len(tokens) >= 6)


def _style(
    content: list[Token],
    severe: bool,
    stuffing: bool,
    empty_promise: bool,
    substance: bool,
    answered: bool,
    weight: dict[str, float],
    scores: dict[str, int],
) -> str:
    if not content or severe:
        return "none"
    if stuffing:
        return "none"
    if empty_promise:
        return "none"
    if answered:
        return "situational"
    if (
        substance
        and scores["situational"] >= 40
        and scores["situational"] >= scores["product"]
        and scores["situational"] >= scores["customer"]
    ):
        return "situational"
    if weight["product"] > 0 and scores["product"] >= scores["customer"]:
        return "product"
    if weight["customer"] > 0:
        return "customer"
    if substance:
        return "situational"
    return "none"


def _total(
    ideal: str,
    scores: dict[str, int],
    violations: list[Violation],
    style: str,
    content: list[Token],
    severe: bool,
    stuffing: bool,
    ack_only: bool,
) -> int:
    """How well the answer fits what the step asks for, 0-100."""
    if not content:
        return 0
    if ideal == "situational":
        base = float(scores["situational"])
    else:
        base = 0.6 * scores[ideal] + 0.4 * scores["situational"]
    if style == "none":
        base = min(base, 25)
    for v in violations[:4]:
        base -= _PENALTY[v.severity]
    if severe:
        base = min(base, 8)
    if stuffing:
        base = min(base, 20)
    if ack_only:
        base = min(base, 30)
    return max(0, min(100, round(base)))


def _tips(
    library: Library,
    by_id: dict[str, Pattern],
    case: Case,
    step: Step,
    lang: str,
    violations: list[Violation],
    facts: dict[str, bool],
    had_next_step: bool,
    style: str,
    hits: list[Hit],
) -> tuple[str, ...]:
    """At most MAX_TIPS short tips in the answer's language, the most important first."""
    tips: list[str] = []

    def add(text: str | None) -> None:
        if text and text not in tips:
            tips.append(text)

    def generic(key: str) -> str | None:
        value = library.tips.get(key)
        if not value:
            return None
        return value.get(lang) or next(iter(value.values()), None)

    for v in violations:
        pattern = by_id.get(v.id)
        if pattern is not None:
            add(pattern.tip.get(lang) or next(iter(pattern.tip.values()), None))
        else:
            add(generic(v.id))
    if not [t for t in tips]:
        if facts["ack_only"]:
            add(generic("ack_without_substance"))
        if not facts["answered"] and step.expects:
            add(step.hint.get(lang) or case.text(step.hint, lang))
        if had_next_step and not facts["next_step"]:
            add(generic("next_step_needs_date"))
        if not facts["acknowledged"] and case.persona.mood in {"angry", "upset"}:
            add(generic("acknowledge_feelings"))
        if not facts["substance"] and not facts["ack_only"]:
            add(generic("name_the_subject"))
        if style == "situational" and not tips:
            add(generic("well_done"))
    elif not facts["answered"] and step.expects:
        add(step.hint.get(lang) or case.text(step.hint, lang))
    if not tips and not any(h.pattern.kind != "signal" for h in hits):
        add(generic("off_topic"))
    return tuple(tips[:MAX_TIPS])
