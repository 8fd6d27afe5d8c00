"""Invalid case files: every problem names the file, the line and the field, in one path
style, and every problem of a file is reported in one run."""

import shutil
from pathlib import Path

import pytest

from salesbot.engine.loader import CaseFileError, load_case, load_folder, load_library
from salesbot.paths import bundled_scenarios

SOURCE = bundled_scenarios() / "laptop-bulk-order.yaml"


@pytest.fixture
def folder(tmp_path) -> Path:
    shutil.copy(bundled_scenarios() / "library.yaml", tmp_path / "library.yaml")
    return tmp_path


@pytest.fixture
def library(folder):
    return load_library(folder / "library.yaml")


def write_case(folder: Path, text: str, name: str = "laptop-bulk-order") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def mutated(old: str, new: str, text: str | None = None) -> str:
    text = text if text is not None else SOURCE.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def problems(folder, library, text) -> list:
    with pytest.raises(CaseFileError) as caught:
        load_case(write_case(folder, text), library)
    return caught.value.problems


def test_the_bundled_cases_load():
    _, cases = load_folder(bundled_scenarios())
    assert len(cases) == 11


def test_yaml_syntax_error_names_the_line(folder, library):
    text = mutated("difficulty: 1", "difficulty: [1")
    [problem] = problems(folder, library, text)
    assert problem.file.endswith("laptop-bulk-order.yaml")
    assert problem.line >= line_of(text, "difficulty: [1")
    assert "YAML syntax error" in problem.message


def test_missing_required_field(folder, library):
    text = mutated('title:\n  ru: "Оптовый заказ ноутбуков"\n  en: "A bulk order of laptops"\n', "")
    [problem] = problems(folder, library, text)
    assert problem.field == "title"
    assert "required" in problem.message


def test_misspelt_field_is_named_with_the_expected_ones(folder, library):
    text = mutated('    hint:\n      ru: "Клиент спросил', '    hnit:\n      ru: "Клиент спросил')
    found = problems(folder, library, text)
    typo = next(p for p in found if p.field.endswith("hnit"))
    assert typo.line == line_of(text, "hnit")
    assert "expected one of" in typo.message and "hint" in typo.message
    assert typo.field == "steps[1].hnit"


def test_wrong_choice_lists_the_allowed_values(folder, library):
    text = mutated("client_type: wants_and_can", "client_type: rich")
    [problem] = problems(folder, library, text)
    assert (problem.field, problem.line) == ("client_type", line_of(text, "client_type: rich"))
    assert "wants_but_cannot" in problem.message


def test_missing_language_version(folder, library):
    text = mutated('  en: "A bulk order of laptops"\n', "")
    [problem] = problems(folder, library, text)
    assert problem.field == "title"
    assert "'en' is missing" in problem.message


def test_next_to_an_unknown_step(folder, library):
    text = mutated("    next: details\n", "    next: detials\n")
    [problem] = problems(folder, library, text)
    assert "'detials' is not a step" in problem.message and "details" in problem.message
    assert problem.line == line_of(text, "next: detials")


def test_a_typo_is_reported_together_with_other_problems(folder, library):
    text = mutated("    next: details\n", "    next: detials\n")
    text = mutated("difficulty: 1", "difficulty: 7", text)
    text = mutated("client_type: wants_and_can", "client_type: rich", text)
    text = mutated("rating: [8, 10]", "rating: [8, 11]", text)
    found = problems(folder, library, text)
    fields = {p.field for p in found}
    assert {"difficulty", "client_type", "outcomes[1].rating[2]"} <= fields
    assert any("'detials' is not a step" in p.message for p in found)


def test_one_path_style_everywhere(folder, library):
    text = mutated("    next: details\n", "    next: detials\n")
    text = mutated("      - id: delivery\n", "      - id: Delivery!\n", text)
    for problem in problems(folder, library, text):
        assert "." not in problem.field.split("[")[0] or problem.field.startswith("steps[")
        assert "steps." not in problem.field  # never steps.ask.…, always steps[1].…


def test_a_step_nothing_leads_to(folder, library):
    text = mutated("        goto: doubt\n", "        end: left\n")
    found = problems(folder, library, text)
    assert any("no step leads to 'doubt'" in p.message for p in found)


def test_expectation_of_an_unknown_pattern(folder, library):
    text = mutated(
        "patterns: [situational.close, situational.next_step]", "patterns: [situational.clsoe]"
    )
    found = problems(folder, library, text)
    assert any("situational.clsoe" in p.message for p in found)


def test_an_expectation_needs_a_subject_or_patterns(folder, library):
    text = mutated("        patterns: [situational.close, situational.next_step]\n", "")
    found = problems(folder, library, text)
    assert any("give 'about'" in p.message for p in found)


def test_an_expectation_names_at_least_as_many_items_as_it_needs(folder, library):
    text = mutated(
        "        inventory: true\n",
        "        inventory: true\n"
        '        items: {ru: ["реквизиты", "адрес"], en: ["details", "address"]}\n',
    )
    found = problems(folder, library, text)
    assert any("2 items, fewer than min_items (3)" in p.message for p in found)


def test_fewer_than_three_steps(folder, library):
    text = SOURCE.read_text(encoding="utf-8")
    start, end = text.index("  - id: repeat"), text.index("\noutcomes:")
    found = problems(folder, library, text[:start] + text[end:])
    assert any(p.field == "steps" and "at least 3 entries, found 1" in p.message for p in found)


def test_a_step_needs_a_way_on(folder, library):
    text = mutated("    end: deal\n", "")
    found = problems(folder, library, text)
    assert any("'next: <step>' or 'end: <outcome>'" in p.message for p in found)


def test_outcomes_need_exactly_one_best(folder, library):
    text = mutated("    kind: fair\n", "    kind: best\n")
    found = problems(folder, library, text)
    assert any("exactly one outcome with 'kind: best'" in p.message for p in found)


def test_rating_must_be_a_range_within_one_to_ten(folder, library):
    text = mutated("rating: [8, 10]", "rating: [8, 11]")
    [problem] = problems(folder, library, text)
    assert problem.line == line_of(text, "rating: [8, 11]")
    assert "at most 10" in problem.message


def test_bounds_are_checked(folder, library):
    text = mutated("      at_least: 2 days", "      at_least: soon")
    [problem] = problems(folder, library, text)
    assert "not a duration" in problem.message


def test_a_day_of_the_week_must_be_named_in_english(folder, library):
    text = mutated("      allowed: [wednesday]", "      allowed: [среда]")
    [problem] = problems(folder, library, text)
    assert problem.line == line_of(text, "allowed: [среда]")
    assert "wednesday" in problem.message


def test_a_term_needs_its_values_or_an_empty_list(folder, library):
    text = mutated("      kind: count\n      allowed: [20]\n", "      kind: count\n")
    [problem] = problems(folder, library, text)
    assert "an empty list [] when the brief states none" in problem.message
    load_case(write_case(folder, mutated("allowed: [20]", "allowed: []")), library)


def test_today_names_a_day_of_the_week(folder, library):
    text = mutated("  today: tuesday", "  today: yesterday")
    [problem] = problems(folder, library, text)
    assert "tuesday" in problem.message


def test_id_must_match_the_file_name(folder, library):
    text = mutated("id: laptop-bulk-order", "id: laptops")
    [problem] = problems(folder, library, text)
    assert "laptops.yaml" in problem.message


def test_old_format_is_named(folder, library):
    text = mutated("format: 2", "format: 1")
    found = problems(folder, library, text)
    assert any("format 1" in p.message and "docs/case-format.md" in p.message for p in found)


def test_duplicate_field(folder, library):
    text = mutated("difficulty: 1", "difficulty: 1\ndifficulty: 2")
    [problem] = problems(folder, library, text)
    assert "twice" in problem.message


def test_malformed_phrase(folder, library):
    text = mutated('"(batch|laptops|laptop|order)"', '"(batch|laptops"')
    found = problems(folder, library, text)
    assert any("brackets" in p.message for p in found)


def test_python_tags_are_refused_not_executed(folder, library):
    text = mutated("difficulty: 1", "difficulty: !!python/object/apply:os.system ['echo pwned']")
    [problem] = problems(folder, library, text)
    assert "tag" in problem.message


def test_alias_bomb_is_refused(folder, library):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    [problem] = problems(folder, library, bomb)
    assert "too many values" in problem.message


def test_huge_file_is_refused(folder, library):
    [problem] = problems(folder, library, "# " + "x" * 1_100_000)
    assert "larger than" in problem.message


def test_not_utf8(folder, library):
    path = folder / "laptop-bulk-order.yaml"
    path.write_bytes("title: Оптовый".encode("cp1251"))
    with pytest.raises(CaseFileError) as caught:
        load_case(path, library)
    assert "UTF-8" in caught.value.problems[0].message


def test_empty_file(folder, library):
    [problem] = problems(folder, library, "")
    assert "empty" in problem.message


def test_a_broken_case_in_a_folder_is_reported_with_the_others_loaded(folder):
    write_case(folder, SOURCE.read_text(encoding="utf-8"))
    write_case(folder, "format: 2\nid: broken\n", name="broken")
    with pytest.raises(CaseFileError) as caught:
        load_folder(folder)
    assert all(p.file.endswith("broken.yaml") for p in caught.value.problems)


def test_a_broken_library_is_reported(folder):
    (folder / "library.yaml").write_text("format: 2\nkind: library\nversion: 1\npatterns: []\n")
    with pytest.raises(CaseFileError) as caught:
        load_library(folder / "library.yaml")
    assert any(p.field == "patterns" for p in caught.value.problems)


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('      at_most: "14 days"', '      at_most: "two weeks"', "not a duration"),
        ('      at_most: "14 days"\n', "", "at_most"),
        ("      kind: percent\n      allowed: [100]", "      kind: date\n      allowed: [32]",
         "day of the month"),
    ],
)  # fmt: skip
def test_a_terms_values_are_checked(folder, library, old, new, reason):
    [problem] = problems(folder, library, mutated(old, new))
    assert reason in problem.message


def test_every_term_kind_a_case_may_name_is_one_the_scorer_reads():
    from salesbot.engine.model import TERM_KINDS
    from salesbot.engine.scoring import _TERM_FACTS

    assert set(_TERM_FACTS) == set(TERM_KINDS)


def test_a_terms_steps_must_be_steps(folder, library):
    text = mutated("      steps: [payment]\n", "      steps: [paymnet]\n")
    [problem] = problems(folder, library, text)
    assert "'paymnet' is not a step" in problem.message and "payment" in problem.message
    assert problem.field.startswith("bounds.values")


def test_an_expectation_may_ask_for_an_inventory(book):
    details = book.case("laptop-bulk-order").step("details")
    assert [e.inventory for e in details.expects] == [True, False]
