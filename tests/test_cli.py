"""The salesbot command line, run through click's runner on the bundled cases."""

import json
import re
import shutil

import pytest

from salesbot.cli import main
from salesbot.paths import bundled_scenarios
from tests.clikit import ENGLISH_LOCALE, run

pytestmark = pytest.mark.usefixtures("in_empty_folder")
CYRILLIC = re.compile("[А-Яа-яЁё]")
# A problem line of `salesbot validate`: "file:line: field: message".
PROBLEM = re.compile(r"^(?P<file>[^:]+\.yaml):(?P<line>\d+): (?P<field>[^ :]+): (?P<message>.+)$")
# The one path style: persona.mood, steps[2].expects[1].value, outcomes.
PATH_STYLE = re.compile(r"^[a-z_]+(\[\d+\])*(\.[a-z_]+(\[\d+\])*)*$")


def broken_copy(tmp_path, case_id: str, *replacements: tuple[str, str]):
    """A copy of a bundled case (with the library) where each `old` becomes `new`."""
    shutil.copy(bundled_scenarios() / "library.yaml", tmp_path)
    text = (bundled_scenarios() / f"{case_id}.yaml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / f"{case_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- one language per run


def test_lang_chooses_the_language_of_the_run():
    result = run("score", "nope", "text", "--lang", "en")
    assert result.exit_code == 2
    assert "There is no case 'nope'" in result.output and not CYRILLIC.search(result.output)


def test_without_lang_the_config_file_chooses(in_empty_folder):
    (in_empty_folder / "config.yaml").write_text("language: en\n", encoding="utf-8")
    assert "There is no case 'nope'" in run("score", "nope", "text").output


def test_without_lang_or_config_the_locale_chooses():
    assert "There is no case 'nope'" in run("score", "nope", "text", env=ENGLISH_LOCALE).output
    assert "Кейса «nope» нет" in run("score", "nope", "text").output


def test_lc_all_wins_over_lang_as_posix_reads_them():
    env = {**ENGLISH_LOCALE, "LC_ALL": "ru_RU.UTF-8"}
    assert "Кейса «nope» нет" in run("score", "nope", "text", env=env).output


def test_a_locale_without_texts_falls_back_to_russian():
    env = {**ENGLISH_LOCALE, "LANG": "C.UTF-8"}
    assert "Кейса «nope» нет" in run("score", "nope", "text", env=env).output


def test_a_config_without_a_language_leaves_it_to_the_locale(in_empty_folder):
    (in_empty_folder / "config.yaml").write_text("feedback: end\n", encoding="utf-8")
    assert "There is no case 'nope'" in run("score", "nope", "text", env=ENGLISH_LOCALE).output


@pytest.mark.parametrize(
    "args",
    [
        ("score", "nope", "text"),
        ("score", "rude-client", "Sorry, checking now", "--step", "nope"),
        ("score", "rude-client", "   "),
        ("score",),
        ("play", "nope"),
        ("validate", "no-such-file.yaml"),
        ("export", "--config", "missing.yaml"),
    ],
)
def test_every_error_of_an_english_run_is_in_english(args):
    result = run(*args, env=ENGLISH_LOCALE)
    assert result.exit_code != 0
    assert not CYRILLIC.search(result.output), result.output


def test_an_answer_in_russian_gets_feedback_in_the_runs_language():
    answer = "Игорь, простите за задержку! Назовите номер заказа, я проверю его и напишу вам."
    result = run("score", "rude-client", answer, "--lang", "en")
    assert result.exit_code == 0
    assert "Style:" in result.output and "Tip:" in result.output


# ---------------------------------------------------------------- cases


def test_cases_prints_aligned_columns_id_title_difficulty_languages():
    result = run("cases", "--lang", "en")
    assert result.exit_code == 0
    header, _rule, *rows = result.output.splitlines()
    assert header.split() == ["id", "title", "difficulty", "languages"]
    starts = [header.index(name) for name in ("title", "difficulty", "languages")]
    assert len(rows) == len(list(bundled_scenarios().glob("*.yaml"))) - 1  # not the library
    for row in rows:
        for start in starts:  # each cell begins exactly under its column's name
            assert row[start - 1] == " " and row[start] != " ", (row, start)
    laptop = next(r for r in rows if r.startswith("laptop-bulk-order "))
    assert "A bulk order of laptops" in laptop and "★" in laptop and "ru, en" in laptop


def test_cases_are_titled_in_the_runs_language():
    assert "Оптовый заказ ноутбуков" in run("cases").output


# ---------------------------------------------------------------- validate


def test_validate_passes_on_the_bundled_cases():
    result = run("validate", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK")


def test_validate_reports_every_problem_of_a_file_in_one_run(tmp_path):
    path = broken_copy(
        tmp_path,
        "rude-client",
        ("difficulty: 2", "difficulty: 9"),
        ("mood: angry", "mood: [angry]"),
        ("goto: escalate", "goto: escalat"),
        ("need: 1\n    rejects", "need: x\n    rejects"),
        ("value: time\n        alone: true\n        required: true", "value: tiem\n"
         "        alone: true\n        required: true"),
    )  # fmt: skip
    result = run("validate", str(path), "--lang", "en")
    assert result.exit_code == 1
    fields = {PROBLEM.match(line)["field"] for line in result.stdout.splitlines()}
    assert {
        "difficulty",
        "persona.mood",
        "steps[1].branches[1].goto",
        "steps[2].need",
        "steps[1].expects[1].value",
    } <= fields
    assert "5 problems in 1 file." in result.stderr


def test_every_problem_names_its_line_and_one_style_of_path(tmp_path):
    path = broken_copy(
        tmp_path,
        "laptop-bulk-order",
        ("    examples:\n", '    examples:\n      - {lang: ru, style: product, text: "Доставим '
         'в среду, настроим в четверг."}\n'),
        ("    end: deal\n", "    end: deal_hesitant\n"),
        ("difficulty: 1", "difficulty: 7"),
    )  # fmt: skip
    for target in (path, tmp_path):  # the broken file; then, fixed, its examples and outcomes
        result = run("validate", str(target), "--lang", "en")
        assert result.exit_code == 1
        lines = result.stdout.splitlines()
        assert lines and all(PROBLEM.match(line) for line in lines), lines
        for line in lines:
            match = PROBLEM.match(line)
            assert PATH_STYLE.match(match["field"]), line
            assert int(match["line"]) > 0, line
        text = path.read_text(encoding="utf-8").replace("difficulty: 7", "difficulty: 1")
        path.write_text(text, encoding="utf-8")
    assert "steps[1].examples[1]: expected style product, got situational" in result.output
    assert "outcomes: no step ends in the best outcome 'deal'" in result.output


def test_a_step_typo_is_reported_with_the_other_problems_of_the_file(tmp_path):
    path = broken_copy(
        tmp_path,
        "laptop-bulk-order",
        ("next: details", "next: detials"),
        ("difficulty: 1", "difficulty: 7"),
        ("mood: businesslike", "mood: [businesslike]"),
    )
    output = run("validate", str(path), "--lang", "en").output
    assert "'detials' is not a step" in output
    assert "difficulty" in output and "persona.mood" in output


def test_an_unknown_pattern_is_reported_with_the_other_problems_of_the_file(tmp_path):
    path = broken_copy(
        tmp_path,
        "rude-client",
        (
            "patterns: [late.find_order, late.own_fault]",
            "patterns: [late.find_ordr, late.own_fault]",
        ),
        ("difficulty: 2", "difficulty: 9"),
    )
    output = run("validate", str(path), "--lang", "en").output
    assert "difficulty" in output and "'late.find_ordr' is not a pattern" in output


def test_validate_reports_an_example_the_scorer_disagrees_with(tmp_path):
    broken_copy(
        tmp_path,
        "laptop-bulk-order",
        ("    examples:\n", '    examples:\n      - {lang: ru, style: product, text: "Доставим '
         'в среду, настроим в четверг."}\n'),
    )  # fmt: skip
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "expected style product, got situational" in result.output


def test_validate_walks_the_conversation_to_every_outcome(tmp_path):
    # The last step now ends in the hesitant deal: nothing leads to the best outcome.
    broken_copy(tmp_path, "laptop-bulk-order", ("    end: deal\n", "    end: deal_hesitant\n"))
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "no step ends in the best outcome 'deal'" in result.output


# ---------------------------------------------------------------- score


def test_score_prints_feedback_in_the_runs_language():
    result = run("score", "rude-client", "I'm sorry! I'll check your order and call you by 3 pm.")
    assert result.exit_code == 0
    assert "Стиль:" in result.output


def test_score_json_has_every_field():
    result = run("score", "laptop-bulk-order", "Доставим в среду, настроим в четверг.", "--json")
    data = json.loads(result.output)
    assert {
        "scores",
        "style",
        "total",
        "matched",
        "violations",
        "feedback",
        "scorer_version",
        "case_version",
    } <= set(data)


def test_score_reads_stdin_and_a_step():
    result = run(
        "score",
        "laptop-bulk-order",
        "-",
        "--step",
        "details",
        "--json",
        input="Пришлите реквизиты, счёт выставлю сегодня до 17:00.",
    )
    assert json.loads(result.output)["step_id"] == "details"


def test_score_explains_an_unknown_case_or_step():
    result = run("score", "nope", "text")
    assert result.exit_code == 2 and "salesbot cases" in result.output
    result = run("score", "rude-client", "text", "--step", "nope", "--lang", "en")
    assert result.exit_code == 2 and "vent" in result.output


def test_score_names_what_the_answer_left_out():
    result = run("score", "laptop-bulk-order", "Доставим в среду.")
    assert result.exit_code == 0
    assert "Не прозвучало: сроки настройки" in result.output


def test_score_says_when_a_person_should_check_the_score():
    text = "Доставим все 40 ноутбуков в среду, настроим в четверг. А тон свой оставьте при себе."
    result = run("score", "laptop-bulk-order", text)
    assert "Оценку стоит проверить человеку: грубое нарушение рядом с полным ответом" in (
        result.output
    )


@pytest.mark.parametrize(
    ("lang", "answer"),
    [
        (
            "ru",
            "Игорь, приношу извинения, три дня задержки — это недопустимо. Подскажите номер "
            "заказа: я сразу проверю, где он, и в течение 10 минут напишу точную дату доставки.",
        ),
        (
            "ru",
            "Извините нас, пожалуйста! Назовите номер заказа — я сейчас же проверю, где он, и "
            "в течение 10 минут сообщу точную дату доставки.",
        ),
        (
            "en",
            "I'm sorry, Igor, a three-day delay is unacceptable. Could you give me the order "
            "number? I'll check where it is right now and get back to you within 10 minutes "
            "with the delivery date.",
        ),
    ],
)
def test_a_tip_never_asks_a_top_answer_to_do_what_it_did(lang, answer):
    """An answer that opens with an apology and scores 95-100 is not told to acknowledge
    the client's feelings (or to apologise)."""
    result = json.loads(run("score", "rude-client", answer, "--json", "--lang", lang).output)
    assert result["total"] >= 95
    upset = re.compile(r"признани|признайте|извинитесь|чувств|acknowledg|apologis|feeling", re.I)
    assert result["feedback"] and not [tip for tip in result["feedback"] if upset.search(tip)]


# ---------------------------------------------------------------- score --batch


def write_lines(tmp_path, *lines: str, encoding: str = "utf-8"):
    path = tmp_path / "answers.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def test_batch_scores_every_line_in_order_and_reports_bad_ones(tmp_path):
    path = write_lines(
        tmp_path,
        json.dumps({"case": "rude-client", "text": "Извините! Проверю заказ и перезвоню."}),
        "{not json",
        json.dumps({"case": "unknown", "text": "x"}),
        json.dumps({"case": "price-objection", "text": "Fine, 30% off", "lang": "en"}),
        json.dumps({"case": "rude-client", "text": "x", "step": "nope"}),
        json.dumps(["a list"]),
    )
    result = run("score", "--batch", str(path))
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5, 6]
    assert "style" in out[0] and "style" in out[3]
    assert all("error" in out[i] for i in (1, 2, 4, 5))


def test_batch_exits_non_zero_when_a_line_failed_but_writes_every_line(tmp_path):
    good = json.dumps({"case": "rude-client", "text": "Извините! Проверю заказ и перезвоню."})
    path = write_lines(tmp_path, good, "{oops", good)
    result = run("score", "--batch", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert [json.loads(line)["line"] for line in result.stdout.splitlines()] == [1, 2, 3]
    assert "1 line of 3 failed" in result.stderr


def test_batch_of_good_lines_exits_zero(tmp_path):
    good = json.dumps({"case": "rude-client", "text": "Извините! Проверю заказ и перезвоню."})
    assert run("score", "--batch", str(write_lines(tmp_path, good, good))).exit_code == 0


def test_batch_json_errors_point_at_the_column_in_the_line(tmp_path):
    unclosed = '{"case": "rude-client", "text": "x"'  # the closing brace is missing
    no_comma = '{"case": "rude-client" "text": "x"}'
    path = write_lines(tmp_path, unclosed, no_comma)
    out = [json.loads(line) for line in run("score", "--batch", str(path)).stdout.splitlines()]
    assert out[0]["error"].endswith(f"(столбец {len(unclosed) + 1})")
    second_field = no_comma.index('"text"') + 1  # where the comma was expected
    assert out[1]["error"].endswith(f"(столбец {second_field})")
    assert "не JSON: ожидалась запятая" in out[1]["error"]


def test_batch_reads_windows_files_with_a_byte_order_mark_and_crlf(tmp_path):
    good = json.dumps({"case": "rude-client", "text": "Извините! Проверю заказ и перезвоню."})
    path = tmp_path / "answers.jsonl"
    path.write_bytes(("\r\n".join([good, good]) + "\r\n").encode("utf-8-sig"))
    result = run("score", "--batch", str(path))
    assert result.exit_code == 0
    assert all("style" in json.loads(line) for line in result.stdout.splitlines())


def test_a_batch_line_without_a_case_says_so(tmp_path):
    path = write_lines(tmp_path, json.dumps({"text": "Извините!"}))
    [line] = run("score", "--batch", str(path), "--lang", "en").stdout.splitlines()
    error = json.loads(line)["error"]
    assert 'no "case"' in error and "None" not in error


def test_batch_feedback_is_in_the_lines_language_else_the_runs(tmp_path):
    answer = "Извините! Проверю заказ и перезвоню сегодня до 17:00."
    path = write_lines(
        tmp_path,
        json.dumps({"case": "rude-client", "text": answer}),
        json.dumps({"case": "rude-client", "text": answer, "lang": "ru"}),
    )
    first, second = (
        json.loads(line) for line in run("score", "--batch", str(path), "--lang", "en").stdout
        .splitlines()
    )  # fmt: skip
    assert first["lang"] == "en" and second["lang"] == "ru"


# ---------------------------------------------------------------- the commands themselves


def test_every_command_has_an_example_in_its_help():
    for name, command in main.commands.items():
        assert "Example" in (command.help or ""), name


def test_forget_on_the_command_line(tmp_path):
    from salesbot.storage import SqliteStore

    storage = SqliteStore(tmp_path / "bot.db")
    storage.upsert_user(42, "Анна")
    storage.grant(42, "lead", 1)
    storage.create_team("T", 42, "code")
    storage.close()
    config = tmp_path / "config.yaml"
    config.write_text(f"storage:\n  path: {tmp_path / 'bot.db'}\n")
    result = run("forget", "42", "--yes", "--config", str(config), "--lang", "en")
    assert result.exit_code == 0 and "users: 1" in result.output
    storage = SqliteStore(tmp_path / "bot.db")
    for table in ("users", "roles", "teams"):
        assert storage.db[table].count == 0, table
    [change] = storage.role_changes()  # the log stays, without the person
    assert change.user_id < 0 and change.by_user == 1
    storage.close()
    nothing = run("forget", "42", "--yes", "--config", str(config), "--lang", "en")
    assert nothing.output.strip() == "There are no records of user 42."


def test_forget_asks_first_and_a_no_erases_nothing(tmp_path):
    from salesbot.storage import SqliteStore

    storage = SqliteStore(tmp_path / "bot.db")
    storage.upsert_user(42, "Анна")
    storage.close()
    config = tmp_path / "config.yaml"
    config.write_text(f"storage:\n  path: {tmp_path / 'bot.db'}\n")
    result = run("forget", "42", "--config", str(config), input="n\n")
    assert result.exit_code == 1
    assert "Стереть все записи пользователя 42?" in result.output
    assert "Ничего не стёрто." in result.output
    storage = SqliteStore(tmp_path / "bot.db")
    assert storage.user(42) is not None
    storage.close()
