"""Engine results as plain values for templates: titles in the reader's language."""

from __future__ import annotations

import json
from typing import Any

from . import locales
from .engine import CaseBook, ScoreResult
from .engine.scoring import MAX_CHARS


def case_title(book: CaseBook, case_id: str, lang: str) -> str:
    """A case's title in the reader's language; its id if the case is gone from the book."""
    case = book.cases.get(case_id)
    return case.text(case.title, lang) if case else case_id


def pattern_title(book: CaseBook, case_id: str, pattern_id: str, lang: str) -> str:
    """A pattern's human title: from the locale files, else the library or the case."""
    key = pattern_id.split("@")[0]
    case = book.cases.get(case_id)
    if key.startswith("expect.") and case is not None:
        # What a step expects, as the client would name it: "the delivery day".
        wanted = key.removeprefix("expect.")
        for step in case.steps:
            for expectation in step.expects:
                if expectation.id == wanted:
                    return case.text(expectation.name, lang) or wanted
    for prefix in ("pattern", "violation"):
        if locales.has(f"{prefix}.{key}", lang):
            return locales.source(f"{prefix}.{key}", lang).strip()
    patterns = (*book.library.patterns, *(case.patterns if case else ()))
    for pattern in patterns:
        if pattern.id == key:
            return pattern.title.get(lang) or next(iter(pattern.title.values()), key)
    return key


def missing_titles(book: CaseBook, result: ScoreResult, lang: str) -> list[str]:
    """What the answer left out of the step, as the client would name it."""
    case = book.cases.get(result.case_id)
    try:
        step = case.step(result.step_id) if case else None
    except KeyError:  # the case was edited since
        return []
    if step is None or case is None:
        return []
    return [case.text(e.name, lang) or e.id for e in step.expects if e.id in result.missing]


def forgotten_person(pseudonym: int, lang: str) -> str:
    """How reports name someone who erased their data, where a log keeps their deeds."""
    return f"{locales.source('report.forgotten_user', lang).strip()} #{pseudonym}"


def result_view(book: CaseBook, result: ScoreResult, lang: str) -> dict[str, Any]:
    """Everything a feedback template shows about one scored answer."""
    return {
        "style": result.style,
        "total": result.total,
        "scores": result.scores,
        "matched": [
            {
                "title": pattern_title(book, result.case_id, m.pattern, lang),
                "words": m.words,
                "dimension": m.dimension,
            }
            for m in result.matched
            if m.dimension != "signal" or m.family == "topic"
        ],
        "violations": [
            {
                "title": pattern_title(book, result.case_id, v.id, lang),
                "words": v.words,
                "severity": v.severity,
            }
            for v in result.violations
        ],
        "missing": missing_titles(book, result, lang),
        "review": result.review_reason if result.review else "",
        "tips": list(result.feedback),
        "truncated": result.truncated,
        "limit": MAX_CHARS,
    }


EVIDENCE_COLUMNS = ("matched", "violations", "feedback")  # stored as the result's own JSON


def export_row(row: dict[str, Any], *, nested: bool) -> dict[str, Any]:
    """A stored answer for `salesbot export`: nested (JSON Lines), the evidence is arrays,
    the same as `ScoreResult.to_dict` gives (`salesbot score --json`); flat (CSV), it stays
    JSON text."""
    if not nested:
        return row
    return {**row, **{key: json.loads(row[key] or "[]") for key in EVIDENCE_COLUMNS}}
