"""Score JSON Lines in bulk: one result per input line, in order; a bad line is reported
in place (what is wrong, as a message key and its values) and the rest go on."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .dialogues import score_answer
from .engine import CaseBook, ScoreResult

MAX_LINE_CHARS = 200_000
# The json module's messages, by the start of their text, as message keys.
JSON_PROBLEMS = {
    "Expecting value": "expecting_value",
    "Expecting ',' delimiter": "expecting_comma",
    "Expecting ':' delimiter": "expecting_colon",
    "Expecting property name": "expecting_name",
    "Unterminated string": "unterminated_string",
    "Invalid control character": "control_character",
    "Invalid \\escape": "bad_escape",
    "Invalid \\uXXXX escape": "bad_escape",
    "Extra data": "extra_data",
    "Unexpected UTF-8 BOM": "bom",
}


@dataclass(frozen=True, slots=True)
class Line:
    """One input line: its result, or the key of what is wrong with it and the values."""

    number: int
    result: ScoreResult | None = None
    error: str = ""
    values: dict[str, Any] = field(default_factory=dict)


def json_problem(message: str) -> str:
    """The key of a json error message (json.JSONDecodeError.msg), or "" if unknown."""
    return next((key for start, key in JSON_PROBLEMS.items() if message.startswith(start)), "")


def score_lines(book: CaseBook, lines: Iterable[str], lang: str) -> Iterator[Line]:
    """One Line per non-empty input line; `lang` is the feedback's language where a line
    names none."""
    for number, raw in enumerate(lines, start=1):
        # Without its line break: a JSON error at the very end is then at this line's
        # last column, not at column 1 of a line that does not exist.
        text = raw.rstrip("\r\n")
        if not text.strip():
            continue
        yield _score_line(book, number, text, lang)


def _score_line(book: CaseBook, number: int, text: str, lang: str) -> Line:
    if len(text) > MAX_LINE_CHARS:
        return Line(number, error="too_long", values={"limit": MAX_LINE_CHARS})
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = {"problem_key": json_problem(exc.msg), "problem": exc.msg}
        return Line(number, error="bad_json", values={**problem, "column": exc.pos + 1})
    if not isinstance(item, dict):
        return Line(number, error="not_object")
    case_id, answer = item.get("case"), item.get("text")
    if case_id is None:
        return Line(number, error="no_case")
    if not isinstance(case_id, str):
        return Line(number, error="case_not_text")
    if case_id not in book.cases:
        return Line(
            number, error="unknown_case", values={"case": case_id, "known": list(book.cases)}
        )
    if not isinstance(answer, str):
        return Line(number, error="no_text")
    case = book.cases[case_id]
    step_ids = [s.id for s in case.steps]
    step_id = item.get("step") or case.first_step.id
    if step_id not in step_ids:
        values = {"case": case_id, "step": step_id, "known": step_ids}
        return Line(number, error="unknown_step", values=values)
    line_lang = item.get("lang")
    if line_lang not in (None, *case.languages):
        return Line(number, error="bad_lang", values={"known": case.languages})
    return Line(number, score_answer(book, case, step_id, answer, line_lang or lang))
