"""bench/blind_round.py: the brief blind writers get, and the check of what they hand back."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from blind_round import brief, check


def writer_file(tmp_path, rows) -> Path:
    path = tmp_path / "out.jsonl"
    lines = [json.dumps({**row, "id": f"A-{i:04d}"}, ensure_ascii=False) for i, row in
             enumerate(rows, 1)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_brief_has_every_step_and_what_the_employee_knows(book):
    text = brief(book)
    for case in book.cases.values():
        assert case.description["ru"].strip() in text
        for step in case.steps:
            assert f"## step `{step.id}`" in text
            assert step.client["ru"][0].strip() in text


def test_the_brief_shows_no_hint_and_no_example_answer(book):
    text = brief(book)
    for case in book.cases.values():
        for step in case.steps:
            assert all(hint.strip() not in text for hint in step.hint.values())
            assert all(example.text not in text for example in step.examples)


def test_a_writers_file_in_the_guides_format_passes(book, tmp_path):
    dev = Path(__file__).parent / "data" / "blind" / "dev.jsonl"
    rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines()]
    one_writer = [row for row in rows if row["id"].startswith("LO-")]
    assert check(book, writer_file(tmp_path, one_writer)) == []


def test_a_grade_the_guide_does_not_allow_and_the_steps_left_out_are_named(book, tmp_path):
    row = {"case": "laptop-bulk-order", "step": "ask", "lang": "ru", "text": "Сроки уточню.",
           "style": "customer", "grade": 3, "tricky": None, "note": "Empathy only."}  # fmt: skip
    problems = check(book, writer_file(tmp_path, [row]))
    assert "line 1: grades 2-3 are situational answers only (§3)" in problems
    assert any(p.startswith("steps with no answer: ") for p in problems)
