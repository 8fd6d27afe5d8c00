"""The case model: patterns, steps and what they expect, reactions, outcomes.

Plain frozen dataclasses, built by the loader from validated YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

DIMENSIONS: Final = ("customer", "product", "situational")
STYLES: Final = (*DIMENSIONS, "none")
LANGUAGES: Final = ("ru", "en")
# The four client types of the method: does the client want to buy, and can they?
CLIENT_TYPES: Final = ("wants_and_can", "wants_but_cannot", "can_but_does_not_want", "neither")
# A pattern is a marker of one dimension, a signal the scorer reads (a date, a question,
# the subject of the client's concern), or an anti-pattern (a violation).
PATTERN_KINDS: Final = ("customer", "product", "situational", "signal", "anti")
SEVERITIES: Final = ("severe", "major", "minor")
# What must stand next to an expectation's subject for it to count: "доставка" alone is
# not an answer, "доставка в среду" is.
VALUE_KINDS: Final = (
    "time",
    "number",
    "money",
    "percent",
    "option",
    "question",
    "owner",
    "contact",
)
# What a case's term (bounds.values) is stated as: its allowed values are of this kind.
TERM_KINDS: Final = ("duration", "money", "percent", "date", "count", "clock")
# How an outcome ranks: the best one must be earned, a fair one is reached by a path that
# did not earn it, a lost one when the client gives up.
OUTCOME_KINDS: Final = ("best", "fair", "lost")
# What the client reacts to when an answer does not simply move the conversation on.
REACTION_KINDS: Final = (
    "rude",  # rudeness, blame, sarcasm, orders, passing the buck
    "capitulate",  # a discount or concession the company cannot afford
    "false_promise",  # an impossible, invented or guaranteed-forever promise
    "evasive",  # nothing that answers: off-topic, a keyword list, a copy of the client's line
    "product",  # praise or product facts instead of the answer
    "empathy_only",  # acknowledgement without the answer
    "partial",  # part of the answer; the missing piece is asked for
    "leave",  # the client's patience has run out
)

Text = dict[str, str]  # language -> text
Variants = dict[str, tuple[str, ...]]  # language -> phrasings of one line


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    kind: str  # one of PATTERN_KINDS
    family: str  # what the scorer knows it as: acknowledge, time, next_step, rude, ...
    phrases: dict[str, tuple[str, ...]]  # language -> phrases
    weight: float = 1.0
    severity: str | None = None  # anti-patterns only
    tip: Text = field(default_factory=dict)
    title: Text = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Library:
    """The shared pattern library that every case reuses and may extend."""

    version: int
    patterns: tuple[Pattern, ...]
    tips: dict[str, Text]  # generic tips by id: ack_without_substance, well_done, ...
    reactions: dict[str, Variants] = field(default_factory=dict)  # default client reactions
    source: str = ""


@dataclass(frozen=True, slots=True)
class Expectation:
    """One piece of a complete answer to a step, e.g. "the delivery day".

    It is met when the answer states its subject (`about`) with a value of the given kind
    (`with`: a day or time, a number, an option, ...) in one clause that is asserted, not
    negated or hedged; or when one of `patterns` is found in such a clause.
    """

    id: str
    name: Text  # how the client would name it: "the delivery day"
    about: dict[str, tuple[str, ...]]  # language -> phrases naming the subject
    value: str | None  # one of VALUE_KINDS, or None: naming the subject in a claim suffices
    patterns: tuple[str, ...]  # pattern ids that meet it on their own
    ask: Variants  # the client's follow-up when it is missing
    required: bool = False  # the step is not answered without it, however many others are met
    alone: bool = False  # the value alone answers ("Tomorrow, 10-14" to "when?")
    # the answer is a list of things ("Реквизиты, адрес, контакт на месте, список ПО"): a
    # verbless list that names them answers, some items one word long
    inventory: bool = False
    # the things a complete answer names, one phrase each ("доставка", "монтаж", "гарантия"):
    # naming `min_items` of them in asserted statements meets it, as a list or as sentences
    items: dict[str, tuple[str, ...]] = field(default_factory=dict)
    min_items: int = 3
    line: int = 0


@dataclass(frozen=True, slots=True)
class Condition:
    """When a branch applies; every given field must hold, an empty one always holds."""

    styles: tuple[str, ...] = ()
    min_total: int | None = None
    max_total: int | None = None
    matched: tuple[str, ...] = ()  # every one of these patterns matched
    matched_any: tuple[str, ...] = ()  # at least one matched
    missing: tuple[str, ...] = ()  # none of these patterns matched
    met: tuple[str, ...] = ()  # every one of these expectations met
    unmet: tuple[str, ...] = ()  # at least one of these expectations not met
    violation: bool | None = None  # any violation (True) / none (False)
    violations: tuple[str, ...] = ()  # at least one of these violations
    severe: bool | None = None  # a severe violation (rudeness, blaming, refusal)
    reaction: tuple[str, ...] = ()  # the client's default reaction is one of these


@dataclass(frozen=True, slots=True)
class Branch:
    """A step-specific turn of the conversation, checked before the default reactions."""

    when: Condition
    goto: str | None = None  # next step id
    end: str | None = None  # outcome id
    stay: bool = False  # the client says `say` and waits for another answer to this step
    say: Variants = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True, slots=True)
class Example:
    lang: str
    text: str
    style: str
    min_total: int | None = None
    max_total: int | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    client: Variants  # the client's line, in several phrasings
    ideal: str
    expects: tuple[Expectation, ...]
    need: int  # how many expectations make a complete answer
    hint: Text
    next: str | None = None  # where a complete answer leads: a step ...
    end: str | None = None  # ... or an outcome
    say: Variants = field(default_factory=dict)  # the client's reply to a complete answer
    branches: tuple[Branch, ...] = ()
    reactions: dict[str, Variants] = field(default_factory=dict)  # step-specific reactions
    topic: dict[str, tuple[str, ...]] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    rejects: tuple[str, ...] = ()  # styles the client has just turned down ("I need dates")
    line: int = 0

    def expectation(self, expectation_id: str) -> Expectation | None:
        return next((e for e in self.expects if e.id == expectation_id), None)


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    kind: str  # one of OUTCOME_KINDS
    title: Text  # what happened, for the summary: "the complaint is resolved"
    client: Variants
    rating: tuple[int, int]  # the simulated 1-10 "would you recommend us", worst to best
    line: int = 0

    @property
    def result(self) -> str:
        """deal / neutral / lost, the coarse result the reports count."""
        return {"best": "deal", "fair": "neutral", "lost": "lost"}[self.kind]


@dataclass(frozen=True, slots=True)
class Persona:
    name: Text
    role: Text
    mood: str


@dataclass(frozen=True, slots=True)
class Duration:
    """A realistic lower bound: `about` (e.g. setting up 40 laptops) takes at least `minutes`."""

    about: dict[str, tuple[str, ...]]
    minutes: int
    line: int = 0


@dataclass(frozen=True, slots=True)
class Value:
    """The values a term may take, next to `about`: `allowed` ones, or up to `at_most`
    (minutes for a duration, roubles for money, per cent)."""

    about: dict[str, tuple[str, ...]]
    kind: str  # one of TERM_KINDS; a date is a day of the month
    allowed: tuple[float, ...]
    at_most: float | None = None
    steps: tuple[str, ...] = ()  # where the client asks about it: the subject goes unsaid


@dataclass(frozen=True, slots=True)
class Hours:
    """The hours within which `about` (e.g. a delivery) can happen, in minutes from 0:00."""

    about: dict[str, tuple[str, ...]]
    start: int
    end: int
    windows: tuple[tuple[int, int], ...] = ()  # the slots on offer, when only those are
    steps: tuple[str, ...] = ()  # where the client asks when: the subject goes unsaid
    parts: bool = True  # a part of a window is on offer too


@dataclass(frozen=True, slots=True)
class Days:
    """The days of the week (0 Monday … 6 Sunday) on which `about` can happen."""

    about: dict[str, tuple[str, ...]]
    allowed: frozenset[int]


@dataclass(frozen=True, slots=True)
class Bounds:
    """What is realistic in a case; a stated fact beyond these is invented, not evidence."""

    max_discount: int | None = None  # per cent the employee may give
    earliest_day: int | None = None  # 0 today, 1 tomorrow: the first day things can happen
    earliest_about: dict[str, tuple[str, ...]] = field(default_factory=dict)
    durations: tuple[Duration, ...] = ()
    hours: tuple[Hours, ...] = ()
    values: tuple[Value, ...] = ()
    earliest_steps: tuple[str, ...] = ()  # where the client asks when: the subject goes unsaid
    days: tuple[Days, ...] = ()
    today: int | None = None  # the case's day of the week, 0 Monday … 6 Sunday


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    version: int
    title: Text
    description: Text
    difficulty: int
    client_type: str
    languages: tuple[str, ...]
    persona: Persona
    topic: dict[str, tuple[str, ...]]
    patterns: tuple[Pattern, ...]
    steps: tuple[Step, ...]
    outcomes: tuple[Outcome, ...]
    fallback: str  # outcome when the dialogue runs too long
    max_turns: int
    patience: int  # answers that do not move things on before the client gives up
    bounds: Bounds = field(default_factory=Bounds)
    source: Path | None = None

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"case {self.id!r} has no step {step_id!r}")

    def outcome(self, outcome_id: str) -> Outcome:
        for outcome in self.outcomes:
            if outcome.id == outcome_id:
                return outcome
        raise KeyError(f"case {self.id!r} has no outcome {outcome_id!r}")

    def outcome_of_kind(self, kind: str) -> Outcome:
        return next(o for o in self.outcomes if o.kind == kind)

    @property
    def first_step(self) -> Step:
        return self.steps[0]

    def text(self, value: Text | Variants, lang: str, pick: int = 0) -> str:
        """The text in lang (falling back to the case's first language); for a line with
        several phrasings, phrasing number `pick` (modulo their count)."""
        found = value.get(lang) or value.get(self.languages[0]) or ""
        if isinstance(found, tuple):
            return found[pick % len(found)] if found else ""
        return found
