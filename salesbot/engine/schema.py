"""The schemas of the YAML files: the pattern library and a case (format 2), in pydantic.

They check the shape of each value (types, allowed words, ranges); `loader.py` then checks
what spans the whole file (every `goto` names a step, every pattern id exists, each text is
in every language of the case) and builds the model's dataclasses.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .matcher import parse_phrase
from .model import (
    CLIENT_TYPES,
    OUTCOME_KINDS,
    PATTERN_KINDS,
    REACTION_KINDS,
    SEVERITIES,
    STYLES,
    TERM_KINDS,
    VALUE_KINDS,
)

FORMAT_VERSION = 2

Lang = Literal["ru", "en"]
Style = Literal[STYLES]  # type: ignore[valid-type]
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_PATTERN_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_DURATION = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(minutes?|min|hours?|h|days?|d|weeks?|months?|years?|минут[аы]?"
    r"|час(?:а|ов)?|дн(?:я|ей)|день|недел[ьия]|месяц(?:а|ев)?|год(?:а)?|лет)\s*$"
)
_MINUTES = {
    "min": 1, "мин": 1, "h": 60, "hou": 60, "час": 60, "d": 1440, "day": 1440, "дн": 1440,
    "ден": 1440, "w": 10080, "wee": 10080, "нед": 10080, "mon": 43200, "мес": 43200,
    "y": 525600, "год": 525600, "лет": 525600,
}  # fmt: skip


def _nonempty(value: str) -> str:
    if not value.strip():
        raise ValueError("the text is empty")
    return value.strip()


def _as_list(value: object) -> object:
    """One phrasing may be written as plain text instead of a list of one."""
    return [value] if isinstance(value, str) else value


def _id_check(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(
            f"{value!r} is not a valid id; use lower-case latin letters, digits, - and _"
        )
    return value


def _pattern_id_check(value: str) -> str:
    if not _PATTERN_ID.match(value):
        raise ValueError(
            f"{value!r} is not a valid pattern id; use lower-case latin letters, digits, '.', "
            "'-' and '_'"
        )
    return value


def _phrase_check(value: str) -> str:
    try:
        parse_phrase(value)
    except ValueError as exc:
        raise ValueError(f"{value!r}: {exc}") from None
    return value


NonEmpty = Annotated[str, BeforeValidator(lambda v: v), Field(min_length=1)]
Id = Annotated[str, Field(min_length=1), BeforeValidator(lambda v: v)]
Phrase = Annotated[str, Field(min_length=1)]
Text = dict[Lang, Annotated[str, Field(min_length=1)]]
Variants = dict[
    Lang,
    Annotated[
        list[Annotated[str, Field(min_length=1)]], BeforeValidator(_as_list), Field(min_length=1)
    ],
]
Phrases = dict[Lang, Annotated[list[Phrase], Field(min_length=1)]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _check_phrases(value: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
    if value:
        for phrases in value.values():
            for phrase in phrases:
                _phrase_check(phrase)
    return value


class PatternSchema(_Strict):
    id: str
    kind: Literal[PATTERN_KINDS]  # type: ignore[valid-type]
    family: str = "general"
    weight: float = Field(1.0, gt=0, le=5)
    severity: Literal[SEVERITIES] | None = None  # type: ignore[valid-type]
    phrases: Phrases
    tip: Text | None = None
    title: Text | None = None

    _id = field_validator("id")(_pattern_id_check)
    _family = field_validator("family")(_id_check)
    _phrases = field_validator("phrases")(_check_phrases)

    @field_validator("severity")
    @classmethod
    def _severity(cls, value: str | None, info) -> str | None:  # type: ignore[no-untyped-def]
        if info.data.get("kind") == "anti" and value is None:
            raise ValueError(f"an anti-pattern needs a severity: one of {', '.join(SEVERITIES)}")
        return value


class LibrarySchema(_Strict):
    format: Literal[2]
    kind: Literal["library"]
    version: int = Field(ge=1, le=10_000)
    patterns: list[PatternSchema] = Field(min_length=1)
    tips: dict[str, Text] = {}
    reactions: dict[Literal[REACTION_KINDS], Variants] = {}  # type: ignore[valid-type]


class PersonaSchema(_Strict):
    name: Text
    role: Text
    mood: str


class ExpectationSchema(_Strict):
    id: str
    name: Text
    about: Phrases | None = None
    value: Literal[VALUE_KINDS] | None = None  # type: ignore[valid-type]
    patterns: list[str] = []
    ask: Variants
    required: bool = False
    alone: bool = False
    inventory: bool = False
    items: Phrases | None = None
    min_items: int = Field(3, ge=2, le=12)

    _id = field_validator("id")(_id_check)
    _about = field_validator("about")(_check_phrases)
    _items = field_validator("items")(_check_phrases)

    @field_validator("patterns", mode="before")
    @classmethod
    def _patterns(cls, value: object) -> object:
        return _as_list(value)


class ConditionSchema(_Strict):
    style: Annotated[list[Style], BeforeValidator(_as_list)] = []
    min_total: int | None = Field(None, ge=0, le=100)
    max_total: int | None = Field(None, ge=0, le=100)
    matched: Annotated[list[str], BeforeValidator(_as_list)] = []
    matched_any: Annotated[list[str], BeforeValidator(_as_list)] = []
    missing: Annotated[list[str], BeforeValidator(_as_list)] = []
    met: Annotated[list[str], BeforeValidator(_as_list)] = []
    unmet: Annotated[list[str], BeforeValidator(_as_list)] = []
    violation: bool | None = None
    violations: Annotated[list[str], BeforeValidator(_as_list)] = []
    severe: bool | None = None
    reaction: Annotated[list[Literal[REACTION_KINDS]], BeforeValidator(_as_list)] = []  # type: ignore[valid-type]


class BranchSchema(_Strict):
    when: ConditionSchema = ConditionSchema()
    goto: str | None = None
    end: str | None = None
    stay: bool = False
    say: Variants | None = None


class ExampleSchema(_Strict):
    lang: Lang
    text: Annotated[str, Field(min_length=1)]
    style: Style
    min_total: int | None = Field(None, ge=0, le=100)
    max_total: int | None = Field(None, ge=0, le=100)


class StepSchema(_Strict):
    id: str
    client: Variants
    ideal: Literal["customer", "product", "situational"] = "situational"
    expects: list[ExpectationSchema] = Field(min_length=1)
    need: int | None = Field(None, ge=1)
    hint: Text
    next: str | None = None
    end: str | None = None
    say: Variants | None = None
    branches: list[BranchSchema] = []
    reactions: dict[Literal[REACTION_KINDS], Variants] = {}  # type: ignore[valid-type]
    topic: Phrases | None = None
    examples: list[ExampleSchema] = []
    rejects: list[Literal["customer", "product"]] = []

    _id = field_validator("id")(_id_check)
    _topic = field_validator("topic")(_check_phrases)


class OutcomeSchema(_Strict):
    id: str
    kind: Literal[OUTCOME_KINDS]  # type: ignore[valid-type]
    title: Text
    client: Variants
    rating: Annotated[list[Annotated[int, Field(ge=1, le=10)]], Field(min_length=2, max_length=2)]

    _id = field_validator("id")(_id_check)

    @field_validator("rating")
    @classmethod
    def _ordered(cls, value: list[int]) -> list[int]:
        if value[0] > value[1]:
            raise ValueError("write the rating range worst first, e.g. [6, 8]")
        return value


def parse_duration(text: str) -> int:
    """ "2 hours", "1 day", "30 minutes", "2 часа" -> minutes."""
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(
            f"{text!r} is not a duration; write a number and a unit, e.g. '2 hours', '1 day', "
            "'30 minutes'"
        )
    number, unit = float(match.group(1)), match.group(2)
    for prefix, minutes in sorted(_MINUTES.items(), key=lambda kv: -len(kv[0])):
        if unit.startswith(prefix):
            return round(number * minutes)
    raise ValueError(f"unknown unit in {text!r}")


class DurationSchema(_Strict):
    about: Phrases
    at_least: str

    _about = field_validator("about")(_check_phrases)

    @field_validator("at_least")
    @classmethod
    def _duration(cls, value: str) -> str:
        parse_duration(value)
        return value


class EarliestSchema(_Strict):
    day: Literal["today", "tomorrow", "day after tomorrow"]
    about: Phrases
    steps: list[str] = []  # steps whose client asks when: there the subject goes unsaid

    _about = field_validator("about")(_check_phrases)


_CLOCK = re.compile(r"^([01]?\d|2[0-4])[:.]([0-5]\d)$")


def parse_clock(text: str) -> int:
    """ "9:00" -> 540 minutes from midnight."""
    match = _CLOCK.match(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a time of day; write it like 9:00 or 22:00")
    return int(match.group(1)) * 60 + int(match.group(2))


class HoursSchema(_Strict):
    about: Phrases
    from_: str = Field(alias="from")
    to: str
    # The slots on offer ("10:00-14:00"): any other range stated for `about` is invented.
    windows: list[str] = []
    # Whether a part of a window is on offer too ("с 10 до 13" in 9:00-13:00, an arrival
    # time); false where the slots are booked whole ("20:00-21:00" in 19:00-22:00 is made up).
    parts: bool = True
    steps: list[str] = []  # steps whose client asks when: there the subject goes unsaid

    _about = field_validator("about")(_check_phrases)

    @field_validator("from_", "to")
    @classmethod
    def _clock(cls, value: str) -> str:
        parse_clock(value)
        return value

    @field_validator("windows")
    @classmethod
    def _windows(cls, value: list[str]) -> list[str]:
        for window in value:
            parse_window(window)
        return value


def parse_window(text: str) -> tuple[int, int]:
    """ "10:00-14:00" -> (600, 840)."""
    start, dash, end = str(text).replace("–", "-").partition("-")
    if not dash:
        raise ValueError(f"{text!r} is not a time slot; write it like 10:00-14:00")
    return parse_clock(start), parse_clock(end)


class ValueSchema(_Strict):
    """The values a term may take ("instalments: 6 or 12 months", "deferral: at most 14
    days"); any other value stated next to its subject is invented."""

    about: Phrases
    kind: Literal[TERM_KINDS]  # type: ignore[valid-type]
    # An empty list where the brief states no figure at all: any value is then invented
    # ("the system pays for itself in two weeks").
    allowed: list[str | float] | None = None
    at_most: str | float | None = None
    # The steps whose client asks about this term: there a value of its kind needs no
    # subject beside it ("Can you work with 14 days after delivery?" - "We can even do 30").
    steps: list[str] = []

    _about = field_validator("about")(_check_phrases)

    @model_validator(mode="after")
    def _values(self) -> ValueSchema:
        if self.allowed is None and self.at_most is None:
            raise ValueError(
                "give 'allowed' values (an empty list [] when the brief states none),"
                " 'at_most', or both"
            )
        for value in [*(self.allowed or []), *([] if self.at_most is None else [self.at_most])]:
            parse_value(self.kind, value)
        return self


def parse_value(kind: str, value: str | float) -> float:
    """A bound's value in the facts' units: minutes for a duration, minutes from 0:00 for a
    clock time, else the number."""
    if kind == "duration":
        return float(parse_duration(str(value)))
    if kind == "clock":
        return float(parse_clock(str(value)))
    try:
        number = float(str(value).replace(" ", "").replace(",", ".").rstrip("%"))
    except ValueError:
        raise ValueError(f"{value!r} is not a number; write it like 390 or 10") from None
    if kind == "date" and not (1 <= number <= 31 and number == int(number)):
        raise ValueError(f"{value!r} is not a day of the month; write a number from 1 to 31")
    return number


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Weekday = Literal[WEEKDAYS]  # type: ignore[valid-type]


class DaysSchema(_Strict):
    """The days of the week on which something can happen ("delivery: Wednesday, the first
    day that still lets the setup end by Friday"); any other day stated for it is invented."""

    about: Phrases
    allowed: list[Weekday] = Field(min_length=1)

    _about = field_validator("about")(_check_phrases)


class BoundsSchema(_Strict):
    max_discount: int | None = Field(None, ge=0, le=100)
    # The case's day of the week: "tomorrow" or "послезавтра" in an answer then names a day
    # that `days` can check.
    today: Weekday | None = None
    earliest: EarliestSchema | None = None
    days: list[DaysSchema] = []
    durations: list[DurationSchema] = []
    hours: list[HoursSchema] = []
    values: list[ValueSchema] = []


class CaseSchema(_Strict):
    """A whole case. The loader validates its steps, outcomes and patterns one by one (see
    CaseHeadSchema), so that one broken step does not hide the problems of the others."""

    format: Literal[2]
    id: str
    version: int = Field(ge=1, le=10_000)
    title: Text
    description: Text
    difficulty: int = Field(ge=1, le=3)
    client_type: Literal[CLIENT_TYPES]  # type: ignore[valid-type]
    languages: Annotated[list[Lang], Field(min_length=1)]
    persona: PersonaSchema
    topic: Phrases | None = None
    patience: int | None = Field(None, ge=1, le=10)
    max_turns: int | None = Field(None, ge=3, le=100)
    bounds: BoundsSchema = BoundsSchema()
    patterns: list[PatternSchema] = []
    steps: list[StepSchema] = Field(min_length=3)
    outcomes: list[OutcomeSchema] = Field(min_length=2)
    fallback: str | None = None

    _id = field_validator("id")(_id_check)
    _topic = field_validator("topic")(_check_phrases)

    @field_validator("languages")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a language is listed twice")
        return value


class CaseHeadSchema(CaseSchema):
    """A case whose lists are checked item by item afterwards."""

    patterns: list[Any] = []  # type: ignore[assignment]
    steps: list[Any] = Field(min_length=3)  # type: ignore[assignment]
    outcomes: list[Any] = Field(min_length=2)  # type: ignore[assignment]


__all__ = [
    "FORMAT_VERSION",
    "CaseHeadSchema",
    "CaseSchema",
    "LibrarySchema",
    "OutcomeSchema",
    "PatternSchema",
    "StepSchema",
    "parse_clock",
    "parse_duration",
]
