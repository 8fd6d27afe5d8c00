"""The case model: patterns, steps, transitions, outcomes. Plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DIMENSIONS = ("customer", "product", "situational")
STYLES = (*DIMENSIONS, "none")
LANGUAGES = ("ru", "en")
# The four client types of seed 003: wants/can buy.
CLIENT_TYPES = ("wants_and_can", "wants_but_cannot", "can_but_does_not_want", "neither")
# A pattern is a marker of one dimension, a signal the scorer reads (a date, a question,
# the subject of the client's concern), or an anti-pattern (a violation).
PATTERN_KINDS = ("customer", "product", "situational", "signal", "anti")
SEVERITIES = ("severe", "major", "minor")

Text = dict[str, str]  # language -> text


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
    source: str = ""


@dataclass(frozen=True, slots=True)
class Condition:
    """When a transition applies; every given field must hold, an empty one always holds."""

    styles: tuple[str, ...] = ()
    min_total: int | None = None
    max_total: int | None = None
    matched: tuple[str, ...] = ()  # every one of these patterns matched
    matched_any: tuple[str, ...] = ()  # at least one matched
    missing: tuple[str, ...] = ()  # none of these matched
    violation: bool | None = None  # any violation (True) / none (False)
    violations: tuple[str, ...] = ()  # at least one of these violations
    severe: bool | None = None  # a severe violation (rudeness, blaming, refusal)

    @property
    def is_default(self) -> bool:
        return self == Condition()


@dataclass(frozen=True, slots=True)
class Transition:
    when: Condition
    goto: str | None = None  # next step id
    end: str | None = None  # outcome id
    say: Text = field(default_factory=dict)  # the client's reaction before the next line
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
    client: Text
    ideal: str
    expects: tuple[str, ...]  # pattern ids the moment asks for; "a|b" accepts either
    topic: dict[str, tuple[str, ...]]
    hint: Text
    transitions: tuple[Transition, ...]
    examples: tuple[Example, ...] = ()
    line: int = 0


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    client: Text
    rating: tuple[int, int]  # the simulated 1-10 "would you recommend us", worst to best
    result: str  # deal, lost or neutral
    line: int = 0


@dataclass(frozen=True, slots=True)
class Persona:
    name: Text
    role: Text
    mood: str


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

    @property
    def first_step(self) -> Step:
        return self.steps[0]

    def text(self, value: Text, lang: str) -> str:
        """Pick the text in lang, falling back to the case's first language."""
        return value.get(lang) or value.get(self.languages[0], "")
