"""Practice in the terminal (`salesbot play`, and `salesbot run` without a token)."""

from __future__ import annotations

import csv
import io
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from salesbot.storage import EXPORT_COLUMNS, SqliteStore
from tests.clikit import run
from tests.test_storage import play_one

pytestmark = pytest.mark.usefixtures("in_empty_folder")

GOOD_1 = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
GOOD_2 = "Пришлите реквизиты, я сегодня до 17:00 выставлю счёт."
GOOD_3 = "Да, устроит: оплата через 14 дней после поставки, пропишем это в договоре."


def test_play_runs_a_dialogue_to_the_end():
    result = run(
        "play", "laptop-bulk-order", "--lang", "ru", input=f"{GOOD_1}\n{GOOD_2}\n{GOOD_3}\n"
    )
    assert result.exit_code == 0
    assert "Андрей:" in result.output
    assert "сделка" in result.output and "/10" in result.output
    assert "Средний итог за 3 ответа" in result.output


def test_piped_answers_read_as_a_transcript_after_a_prompt_with_a_space():
    result = run("play", "laptop-bulk-order", "--lang", "ru", input=f"{GOOD_1}\n")
    assert f"Вы: {GOOD_1}\n→ Стиль: ситуационный" in result.output


def test_an_empty_line_does_not_end_the_case():
    result = run("play", "laptop-bulk-order", "--lang", "en", input=f"\n  \n{GOOD_1}\n/stop\n")
    assert result.exit_code == 0
    assert result.output.count("Type your answer to the client.") == 2
    assert "Style: situational" in result.output  # the answer after the empty lines counted
    assert "Average total over 1 answer:" in result.output


def test_stop_ends_the_case_with_a_summary():
    result = run("play", "rude-client", "--lang", "en", input="/stop\n")
    assert result.exit_code == 0 and "Case stopped" in result.output


def test_the_end_of_the_input_ends_the_case():
    result = run("play", "laptop-bulk-order", "--lang", "ru", input=f"{GOOD_1}\n{GOOD_2}\n")
    assert result.exit_code == 0
    assert "Кейс прерван" in result.output and "Средний итог за 2 ответа" in result.output


def test_without_a_token_and_a_terminal_run_says_why_it_exits():
    result = run("run", "--lang", "en", input="")
    assert result.exit_code == 2
    assert "BotFather" in result.stderr
    assert "the input is not a terminal" in result.stderr
    assert "Meanwhile you can practise" not in result.output


# ---------------------------------------------------------------- a real terminal


class Terminal:
    """A process on a pseudo-terminal, as a person at a keyboard would run it."""

    def __init__(self, *args: str, cwd: Path, env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "salesbot", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.screen = ""

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} not shown; the screen:\n{self.screen}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.screen += os.read(self.master, 65536).decode(errors="replace")
                except OSError:  # the process is gone
                    assert text in self.screen, self.screen
        return self.screen

    def close(self) -> int | None:
        """The exit code, once the process ends; a process that does not is killed (None)."""
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None
        finally:
            os.close(self.master)


def test_without_a_token_a_terminal_gets_a_case_menu_that_takes_ids(in_empty_folder):
    env = {k: v for k, v in os.environ.items() if k != "SALESBOT_TOKEN"}
    env |= {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    terminal = Terminal("run", cwd=in_empty_folder, env=env)
    try:
        terminal.wait_for("Case number or id: ")
        assert "Meanwhile you can practise in the terminal." in terminal.screen
        terminal.type("no-such-case\n")
        terminal.wait_for("There is no case 'no-such-case'")
        terminal.type("laptop-bulk-order\n")
        terminal.wait_for("Andrew: ")
        terminal.wait_for("You: ")
        terminal.type("\n")
        terminal.wait_for("Type your answer to the client.")
        terminal.type(f"{GOOD_1}\n")
        terminal.wait_for("Style: situational")
        terminal.type("\x04")  # Ctrl+D at the start of a line: the end of the input
        terminal.wait_for("Case stopped.")
    finally:
        code = terminal.close()
    assert code == 0


def test_a_case_can_be_picked_by_its_number(in_empty_folder):
    env = {k: v for k, v in os.environ.items() if k != "SALESBOT_TOKEN"}
    env |= {"LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    terminal = Terminal("run", cwd=in_empty_folder, env=env)
    try:
        menu = terminal.wait_for("Номер или id кейса: ")
        number = next(line.split(".")[0] for line in menu.splitlines() if "(rude-client)" in line)
        terminal.type(f"{number}\n")
        terminal.wait_for("Игорь: ")
        terminal.type("/stop\n")
        terminal.wait_for("Кейс прерван.")
    finally:
        assert terminal.close() == 0


# ---------------------------------------------------------------- recording to the database


def export(database: Path, *args: str) -> str:
    config = database.parent / "config.yaml"
    config.write_text(f"storage:\n  path: {database}\n", encoding="utf-8")
    result = run("export", "--config", str(config), *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_terminal_practice_records_to_the_bots_database(tmp_path, book):
    database = tmp_path / "bot.db"
    SqliteStore(database).close()  # the bot's database, as `salesbot run` left it
    for _ in range(2):
        answers = f"{GOOD_1}\n{GOOD_2}\n"
        result = run("play", "laptop-bulk-order", "--db", str(database), input=answers)
        assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(export(database))))
    assert [r["text"] for r in rows] == [GOOD_1, GOOD_2, GOOD_1, GOOD_2]
    assert {r["user_id"] for r in rows} == {"0"} and {r["mode"] for r in rows} == {"practice"}
    # Negative update ids: never one of Telegram's, and distinct across sessions.
    update_ids = [int(r["update_id"]) for r in rows]
    assert all(u < 0 for u in update_ids) and len(set(update_ids)) == 4
    store = SqliteStore(database)
    unsent = store.db.execute("select count(*) from answers where replied_at is null")
    assert unsent.fetchone()[0] == 0  # each reply was shown, and marked so
    play_one(store, book, update_id=7)  # someone on Telegram, user 7
    store.close()
    only_terminal = list(csv.DictReader(io.StringIO(export(database, "--user", "0"))))
    assert len(only_terminal) == 4 and {r["user_id"] for r in only_terminal} == {"0"}


def test_exported_json_lines_carry_the_same_arrays_as_score_json(tmp_path):
    database = tmp_path / "bot.db"
    run("play", "laptop-bulk-order", "--db", str(database), "--lang", "ru", input=f"{GOOD_1}\n")
    [line] = export(database, "--format", "jsonl").splitlines()
    exported = json.loads(line)
    scored = json.loads(run("score", "laptop-bulk-order", GOOD_1, "--json", "--lang", "ru").output)
    for key in ("matched", "violations", "feedback"):
        assert isinstance(exported[key], list), key
        assert exported[key] == scored[key], key
    assert exported["matched"], "the answer earned evidence"


def test_csv_of_an_empty_database_is_its_header(tmp_path):
    database = tmp_path / "bot.db"
    SqliteStore(database).close()
    assert export(database).splitlines() == [",".join(EXPORT_COLUMNS)]
    assert export(database, "--format", "jsonl") == ""
