"""The salesbot command line, run through click's runner on the bundled cases."""

import json
import shutil

from click.testing import CliRunner

from salesbot.cli import main
from salesbot.paths import bundled_scenarios


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_cases_lists_the_bundled_cases():
    result = run("cases", "--lang", "en")
    assert result.exit_code == 0
    assert "laptop-bulk-order" in result.output and "A bulk order of laptops" in result.output


def test_validate_passes_on_the_bundled_cases():
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_validate_lists_every_problem_and_exits_non_zero(tmp_path):
    shutil.copy(bundled_scenarios() / "library.yaml", tmp_path)
    text = (bundled_scenarios() / "rude-client.yaml").read_text(encoding="utf-8")
    bad = text.replace("difficulty: 2", "difficulty: 9").replace("mood: angry", "mood: [angry]")
    (tmp_path / "rude-client.yaml").write_text(bad, encoding="utf-8")
    result = run("validate", str(tmp_path / "rude-client.yaml"))
    assert result.exit_code == 1
    assert "rude-client.yaml:" in result.output
    assert "difficulty" in result.output and "persona.mood" in result.output


def test_validate_reports_an_example_the_scorer_disagrees_with(tmp_path):
    shutil.copy(bundled_scenarios() / "library.yaml", tmp_path)
    text = (bundled_scenarios() / "laptop-bulk-order.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    examples:\n",
        '    examples:\n      - {lang: ru, style: product, text: "Доставим в среду, '
        'настроим в четверг."}\n',
        1,
    )
    (tmp_path / "laptop-bulk-order.yaml").write_text(text, encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "expected style product, got situational" in result.output


def test_validate_walks_the_conversation_to_every_outcome(tmp_path):
    shutil.copy(bundled_scenarios() / "library.yaml", tmp_path)
    text = (bundled_scenarios() / "laptop-bulk-order.yaml").read_text(encoding="utf-8")
    # The last step now ends in the hesitant deal: nothing leads to the best outcome.
    text = text.replace("    end: deal\n", "    end: deal_hesitant\n", 1)
    (tmp_path / "laptop-bulk-order.yaml").write_text(text, encoding="utf-8")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "no step ends in the best outcome 'deal'" in result.output


def test_score_prints_feedback_in_the_answers_language():
    result = run("score", "rude-client", "I'm sorry! I'll check your order and call you by 3 pm.")
    assert result.exit_code == 0
    assert "Style:" in result.output


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


def test_batch_scores_every_line_in_order_and_reports_bad_ones(tmp_path):
    lines = [
        json.dumps({"case": "rude-client", "text": "Извините! Проверю заказ и перезвоню."}),
        "{not json",
        json.dumps({"case": "unknown", "text": "x"}),
        json.dumps({"case": "price-objection", "text": "Fine, 30% off", "lang": "en"}),
        json.dumps({"case": "rude-client", "text": "x", "step": "nope"}),
        json.dumps(["a list"]),
    ]
    path = tmp_path / "answers.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("score", "--batch", str(path))
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5, 6]
    assert "style" in out[0] and "style" in out[3]
    assert all("error" in out[i] for i in (1, 2, 4, 5))


def test_play_runs_a_dialogue_to_the_end():
    answers = (
        "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?\n"
        "Пришлите реквизиты, я сегодня до 17:00 выставлю счёт.\n"
        "Да, устроит: оплата через 14 дней после поставки, пропишем это в договоре.\n"
    )
    result = run("play", "laptop-bulk-order", "--lang", "ru", input=answers)
    assert result.exit_code == 0
    assert "Андрей:" in result.output
    assert "сделка" in result.output and "/10" in result.output


def test_play_stops_on_an_empty_line():
    result = run("play", "rude-client", "--lang", "en", input="\n")
    assert result.exit_code == 0 and "Case stopped" in result.output


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
    result = run("forget", "42", "--yes", "--config", str(config))
    assert result.exit_code == 0 and "users: 1" in result.output
    storage = SqliteStore(tmp_path / "bot.db")
    for table in ("users", "roles", "teams"):
        assert storage.db[table].count == 0, table
    [change] = storage.role_changes()  # the log stays, without the person
    assert change.user_id < 0 and change.by_user == 1
    storage.close()
    nothing = run("forget", "42", "--yes", "--config", str(config))
    assert nothing.output.strip() == "nothing found"


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
