"""Score JSON Lines in bulk: one result per input line, in order; a bad line is reported
in place and the rest go on."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from .dialogues import score_answer
from .engine import CaseBook
from .engine.text import detect_language

MAX_LINE_CHARS = 200_000


def _error(number: int, message: str) -> str:
    return json.dumps({"line": number, "error": message}, ensure_ascii=False)


def score_lines(book: CaseBook, lines: Iterable[str]) -> Iterator[str]:
    """Yield one JSON result (or error) per non-empty input line."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_CHARS:
            yield _error(number, f"the line is longer than {MAX_LINE_CHARS} characters")
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield _error(number, f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(item, dict):
            yield _error(number, 'expected an object like {"case": ..., "text": ...}')
            continue
        case_id, text = item.get("case"), item.get("text")
        if not isinstance(case_id, str) or case_id not in book.cases:
            yield _error(number, f"unknown case {case_id!r}; known: {', '.join(book.cases)}")
            continue
        if not isinstance(text, str):
            yield _error(number, '"text" must be a string')
            continue
        case = book.cases[case_id]
        step_id = item.get("step") or case.first_step.id
        if step_id not in {s.id for s in case.steps}:
            yield _error(number, f"case {case_id!r} has no step {step_id!r}")
            continue
        lang = item.get("lang")
        if lang not in (None, *case.languages):
            yield _error(number, f'"lang" must be one of {", ".join(case.languages)}')
            continue
        result = score_answer(book, case, step_id, text, lang or detect_language(text))
        yield json.dumps({"line": number, **result.to_dict()}, ensure_ascii=False)
