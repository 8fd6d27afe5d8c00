"""Faults lose nothing: Bot API errors and timeouts, a locked database, a broken case."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
import time

import pytest

from salesbot.paths import bundled_scenarios
from tests.botkit import running_bot, say

ANNA, ADMIN = 801, 802
GOOD_1 = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
GOOD_2 = "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт."
NEXT_LINE = "Что нужно от нас"


def answers(db_path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select count(*) from answers").fetchone()[0]


def count_lines(api, user, fragment) -> int:
    return sum(fragment in m["plain_text"] for m in api.sent_messages(user))


# ---------------------------------------------------------------------------- Bot API faults


@pytest.mark.parametrize("status", [500, 502])
async def test_a_server_error_on_send_message_is_retried_once_it_clears(
    api, tmp_path, book, status
):
    async with running_bot(api, tmp_path / "bot.db", book):
        await say(api, ANNA, "/play laptop-bulk-order")
        api.fail_next("sendMessage", status, times=2)
        await say(api, ANNA, GOOD_1)
    assert count_lines(api, ANNA, NEXT_LINE) == 1
    assert answers(tmp_path / "bot.db") == 1
    assert sum(c["status"] == status for c in api.calls("sendMessage")) == 2


async def test_flood_control_on_send_message_is_waited_out(api, tmp_path, book):
    async with running_bot(api, tmp_path / "bot.db", book):
        await say(api, ANNA, "/play laptop-bulk-order")
        api.fail_next("sendMessage", 429, retry_after=1)
        await say(api, ANNA, GOOD_1)
    assert count_lines(api, ANNA, NEXT_LINE) == 1


@pytest.mark.parametrize(("status", "retry_after"), [(500, None), (502, None), (429, 1)])
async def test_get_updates_errors_do_not_stop_the_bot(api, tmp_path, book, status, retry_after):
    async with running_bot(api, tmp_path / "bot.db", book):
        await say(api, ANNA, "/play laptop-bulk-order")
        api.fail_next("getUpdates", status, retry_after=retry_after, times=2)
        await say(api, ANNA, GOOD_1)
        await say(api, ANNA, GOOD_2)
    assert answers(tmp_path / "bot.db") == 2
    assert count_lines(api, ANNA, NEXT_LINE) == 1


async def test_a_dropped_connection_on_send_message_is_retried(api, tmp_path, book):
    async with running_bot(api, tmp_path / "bot.db", book):
        await say(api, ANNA, "/play laptop-bulk-order")
        api.disconnect_next("sendMessage")  # the request may have arrived: checked first
        api.send_text(ANNA, GOOD_1)
        await api.await_messages(ANNA, 2, timeout=30)
    assert count_lines(api, ANNA, NEXT_LINE) == 1


async def test_a_send_message_timeout_is_not_sent_twice(api, tmp_path, book):
    async with running_bot(api, tmp_path / "bot.db", book):
        await say(api, ANNA, "/play laptop-bulk-order")
        api.delay_next("sendMessage", 6.5)  # longer than the 5 s read timeout
        before = len(api.sent_messages(ANNA))
        api.send_text(ANNA, GOOD_1)
        await api.await_messages(ANNA, before + 1, timeout=20)
        await say(api, ANNA, GOOD_2)  # the bot goes on
    assert count_lines(api, ANNA, NEXT_LINE) == 1
    assert count_lines(api, ANNA, "Что-то пошло не так") == 0
    assert answers(tmp_path / "bot.db") == 2


async def test_a_slow_get_updates_only_delays_replies(api, tmp_path, book):
    async with running_bot(api, tmp_path / "bot.db", book):
        await say(api, ANNA, "/play laptop-bulk-order")
        api.delay_next("getUpdates", 2)
        await say(api, ANNA, GOOD_1)
    assert count_lines(api, ANNA, NEXT_LINE) == 1


# ---------------------------------------------------------------------------- locked database


def hold_write_lock(db_path, seconds: float) -> threading.Thread:
    """Another writer takes the database's write lock for `seconds`."""
    ready = threading.Event()

    def run() -> None:
        conn = sqlite3.connect(db_path, timeout=10)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        conn.rollback()
        conn.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(5)
    return thread


async def test_a_short_lock_makes_the_answer_wait(api, tmp_path, book):
    db = tmp_path / "bot.db"
    async with running_bot(api, db, book, lock_timeout=5.0):
        await say(api, ANNA, "/play laptop-bulk-order")
        thread = hold_write_lock(db, 1.0)
        replies = await say(api, ANNA, GOOD_1)
        thread.join()
    assert NEXT_LINE in replies[-1]["plain_text"]
    assert answers(db) == 1


async def test_a_long_lock_makes_the_answer_wait_says_so_truthfully_and_loses_nothing(
    api, tmp_path, book
):
    db = tmp_path / "bot.db"
    async with running_bot(api, db, book, lock_timeout=0.5):
        await say(api, ANNA, "/play laptop-bulk-order")
        thread = hold_write_lock(db, 3.0)
        [notice] = await say(api, ANNA, GOOD_1)
        assert "пока не записано" in notice["plain_text"]
        assert answers(db) == 0  # what the notice says: not recorded (yet)
        thread.join()
        sent = await api.await_messages(ANNA, 3, timeout=20)  # no need to send it again
    assert NEXT_LINE in sent[-1]["plain_text"]
    assert answers(db) == 1


# ---------------------------------------------------------------------------- /reload


async def test_reload_keeps_the_last_good_cases_and_names_the_problem(api, tmp_path, book):
    folder = tmp_path / "scenarios"
    shutil.copytree(bundled_scenarios(), folder)
    async with running_bot(api, tmp_path / "bot.db", book, admins=(ADMIN,), scenarios=folder):
        case = folder / "rude-client.yaml"
        case.write_text(case.read_text(encoding="utf-8").replace("difficulty: 2", "difficulty: 9"))
        [failed] = await say(api, ADMIN, "/reload")
        assert "rude-client.yaml:" in failed["plain_text"] and "difficulty" in failed["plain_text"]
        intro = await say(api, ANNA, "/play rude-client")
        assert "Бездельники" in intro[-1]["plain_text"]  # still served from the good version
        case.write_text(case.read_text(encoding="utf-8").replace("difficulty: 9", "difficulty: 2"))
        [done] = await say(api, ADMIN, "/reload")
        assert "перезагружены" in done["plain_text"]
        [refused] = await say(api, ANNA, "/reload")
        assert "недоступна" in refused["plain_text"]


# ---------------------------------------------------------------------------- the token


async def test_the_token_never_appears_in_logs(api, tmp_path, book, caplog):
    caplog.set_level(logging.DEBUG)
    async with running_bot(api, tmp_path / "bot.db", book):
        await say(api, ANNA, "/play laptop-bulk-order")
        api.block_user(ANNA + 1)
        api.send_text(ANNA + 1, "/start")
        api.fail_next("sendMessage", 500, times=1)
        await say(api, ANNA, GOOD_1)
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "getUpdates" in logged  # the HTTP requests were logged ...
    assert api.token not in logged  # ... with the token masked
    assert "<token>" in logged


def test_a_rejected_token_is_reported_without_the_token(api, tmp_path):
    import os
    import subprocess
    import sys

    config = tmp_path / "config.yaml"
    config.write_text(
        f"telegram:\n  base_url: {api.base_url}\n  base_file_url: "
        f"{api.base_file_url}\nstorage:\n  path: {tmp_path / 'bot.db'}\n"
    )
    wrong = "999999:WRONG-TOKEN-SECRET"
    result = subprocess.run(
        [sys.executable, "-m", "salesbot", "run", "--config", str(config)],
        env={**os.environ, "SALESBOT_TOKEN": wrong},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert "BotFather" in result.stderr
    assert wrong not in result.stderr + result.stdout


async def test_a_get_updates_timeout_is_retried(api, tmp_path, book):
    async with running_bot(api, tmp_path / "bot.db", book):
        await say(api, ANNA, "/play laptop-bulk-order")
        calls = len(api.calls("getUpdates"))
        api.delay_next("getUpdates", 8)  # past the 1 s poll + 5 s read timeout
        await api.await_calls("getUpdates", calls + 1, timeout=20)
        replies = await say(api, ANNA, GOOD_1)
    assert NEXT_LINE in replies[-1]["plain_text"]
    assert answers(tmp_path / "bot.db") == 1
