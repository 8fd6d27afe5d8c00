"""Invalid case files: every problem names the file, the line and the field."""

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


def mutated(old: str, new: str) -> str:
    text = SOURCE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def problems(folder, library, text) -> list:
    with pytest.raises(CaseFileError) as caught:
        load_case(write_case(folder, text), library)
    return caught.value.problems


def test_the_bundled_cases_load(folder):
    _, cases = load_folder(bundled_scenarios())
    assert {"laptop-bulk-order", "rude-client", "price-objection"} <= set(cases)


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
    text = mutated(
        "    ideal: situational\n    expects: [laptop",
        "    idael: situational\n    expects: [laptop",
    )
    found = problems(folder, library, text)
    typo = next(p for p in found if p.field.endswith("idael"))
    assert typo.line == line_of(text, "idael")
    assert "expected one of" in typo.message and "ideal" in typo.message


def test_wrong_choice_lists_the_allowed_values(folder, library):
    text = mutated("client_type: wants_and_can", "client_type: rich")
    [problem] = problems(folder, library, text)
    assert (problem.field, problem.line) == ("client_type", line_of(text, "client_type: rich"))
    assert "wants_but_cannot" in problem.message


def test_missing_language_version(folder, library):
    text = mutated('  en: "A bulk order of laptops"\n', "")
    [problem] = problems(folder, library, text)
    assert problem.field == "title.en"


def test_transition_to_an_unknown_step(folder, library):
    text = mutated("        goto: details\n", "        goto: detials\n")
    found = problems(folder, library, text)
    wrong = next(p for p in found if "'detials' is not a step" in p.message)
    assert wrong.line > 0 and "details" in wrong.message


def test_a_step_nothing_leads_to(folder, library):
    text = mutated(
        "        goto: repeat\n      - goto: repeat", "        goto: details\n      - goto: details"
    )
    found = problems(folder, library, text)
    assert any(p.field == "steps.repeat" and "no transition leads" in p.message for p in found)


def test_expectation_of_an_unknown_pattern(folder, library):
    text = mutated(
        "expects: [laptop.delivery_commitment, signal.time]",
        "expects: [laptop.delivery_comitment, signal.time]",
    )
    found = problems(folder, library, text)
    assert any("laptop.delivery_comitment" in p.message for p in found)


def test_fewer_than_three_steps(folder, library):
    text = SOURCE.read_text(encoding="utf-8")
    start, end = text.index("  - id: repeat"), text.index("  - id: details")
    found = problems(folder, library, text[:start] + text[end:])
    assert any(p.field == "steps" and "at least 3" in p.message for p in found)


def test_last_transition_must_be_unconditional(folder, library):
    text = mutated(
        "      - end: left\n\n  - id: details",
        "      - when: {min_total: 10}\n        end: left\n\n  - id: details",
    )
    found = problems(folder, library, text)
    assert any("last transition" in p.message for p in found)


def test_rating_must_be_a_range_within_one_to_ten(folder, library):
    text = mutated("rating: [8, 10]", "rating: [8, 11]")
    [problem] = problems(folder, library, text)
    assert problem.line == line_of(text, "rating: [8, 11]")
    assert "1-10" in problem.message


def test_id_must_match_the_file_name(folder, library):
    text = mutated("id: laptop-bulk-order", "id: laptops")
    [problem] = problems(folder, library, text)
    assert "laptops.yaml" in problem.message


def test_duplicate_field(folder, library):
    text = mutated("difficulty: 1", "difficulty: 1\ndifficulty: 2")
    [problem] = problems(folder, library, text)
    assert "twice" in problem.message


def test_malformed_phrase(folder, library):
    text = mutated('"(batch|laptops|laptop|order)"', '"(batch|laptops"')
    found = problems(folder, library, text)
    assert any("brackets" in p.message for p in found)


def test_every_problem_of_a_file_is_listed(folder, library):
    text = mutated("difficulty: 1", "difficulty: 7").replace(
        "client_type: wants_and_can", "client_type: x"
    )
    found = problems(folder, library, text)
    assert {p.field for p in found} >= {"difficulty", "client_type"}


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
    write_case(folder, "format: 1\nid: broken\n", name="broken")
    with pytest.raises(CaseFileError) as caught:
        load_folder(folder)
    assert all(p.file.endswith("broken.yaml") for p in caught.value.problems)


def test_a_broken_library_is_reported(folder):
    (folder / "library.yaml").write_text("format: 1\nkind: library\npatterns: []\n")
    with pytest.raises(CaseFileError) as caught:
        load_library(folder / "library.yaml")
    assert any(p.field == "patterns" for p in caught.value.problems)
