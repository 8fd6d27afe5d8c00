"""The bot as an operator runs it: `salesbot run` in its own process, killed and restarted."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from salesbot.storage import SqliteStore
from tests.fakebotapi import FakeBotAPI

ANNA = 601
GOOD_1 = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
GOOD_2 = "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт."
GOOD_3 = "Да, устроит: оплата через 14 дней после поставки, пропишем это в договоре."


def write_config(tmp_path: Path, api: FakeBotAPI, **telegram) -> Path:
    lines = [
        "telegram:",
        f"  base_url: {api.base_url}",
        f"  base_file_url: {api.base_file_url}",
        "  poll_timeout: 1",
        *(f"  {k}: {v}" for k, v in telegram.items()),
        "storage:",
        f"  path: {tmp_path / 'bot.db'}",
    ]
    path = tmp_path / "config.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def start_bot(config: Path, api: FakeBotAPI, log: Path) -> subprocess.Popen:
    env = {**os.environ, "SALESBOT_TOKEN": api.token}
    return subprocess.Popen(
        [sys.executable, "-m", "salesbot", "run", "--config", str(config)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def wait_polling(api: FakeBotAPI, calls_before: int) -> None:
    api.wait_for_calls("getUpdates", calls_before + 1, timeout=60)


def test_kill_9_in_the_middle_of_a_case_loses_nothing(api, tmp_path):
    config, log = write_config(tmp_path, api), tmp_path / "bot.log"
    process = start_bot(config, api, log)
    try:
        wait_polling(api, 0)
        api.send_text(ANNA, "/play laptop-bulk-order")
        api.wait_for_messages(ANNA, 1, timeout=30)
        api.send_text(ANNA, GOOD_1)
        api.wait_for_messages(ANNA, 2, timeout=30)
        polled = len(api.calls("getUpdates"))
        api.wait_for_calls("getUpdates", polled + 1, timeout=30)  # the bot is idle again
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    polls = len(api.calls("getUpdates"))
    process = start_bot(config, api, log)
    try:
        wait_polling(api, polls)
        api.send_text(ANNA, GOOD_2)
        api.wait_for_messages(ANNA, 3, timeout=30)
        api.send_text(ANNA, GOOD_3)
        sent = api.wait_for_messages(ANNA, 4, timeout=30)
        assert "Кейс завершён: сделка" in sent[-1]["plain_text"], log.read_text()
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    storage = SqliteStore(tmp_path / "bot.db")
    rows = storage.db.execute("select update_id, count(*) from answers group by update_id")
    assert [count for _, count in rows.fetchall()] == [1, 1, 1]
    assert storage.db.execute("select status from attempts").fetchone()[0] == "finished"
    replies = [m for m in api.sent_messages(ANNA) if "Что нужно от нас" in m["plain_text"]]
    assert len(replies) == 1  # the killed process's reply was not sent a second time
    storage.close()


def test_a_broken_config_stops_start_up_naming_file_line_and_field(api, tmp_path):
    config = write_config(tmp_path, api, mode="sometimes")
    result = subprocess.run(
        [sys.executable, "-m", "salesbot", "run", "--config", str(config)],
        env={**os.environ, "SALESBOT_TOKEN": api.token},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert f"{config}:5: telegram.mode: expected polling or webhook" in result.stderr


def test_without_a_token_it_explains_botfather_and_why_it_stops(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SALESBOT_TOKEN"}
    env |= {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    result = subprocess.run(
        [sys.executable, "-m", "salesbot", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,  # as `make run < /dev/null`
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "BotFather" in result.stderr and "SALESBOT_TOKEN" in result.stderr
    assert result.stderr.strip().endswith("because the input is not a terminal.")
    assert "Meanwhile you can practise" not in result.stderr


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_webhook_mode_receives_updates_with_the_secret_token(api, tmp_path):
    port = free_port()
    config = write_config(tmp_path, api, mode="webhook")
    config.write_text(
        config.read_text() + f"  webhook:\n    listen: 127.0.0.1\n    port: {port}\n"
        "    url: https://bot.example.com/salesbot\n    secret_token: s3cret\n"
    )
    # the webhook block belongs under telegram: move storage after it
    text = (
        config.read_text().replace("storage:\n", "").replace(f"  path: {tmp_path / 'bot.db'}\n", "")
        + f"storage:\n  path: {tmp_path / 'bot.db'}\n"
    )
    config.write_text(text)
    process = start_bot(config, api, tmp_path / "bot.log")
    try:
        api.wait_for_calls("setWebhook", 1, timeout=60)
        hook = api.calls("setWebhook")[0]["args"]
        assert hook["url"] == "https://bot.example.com/salesbot"
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "text": "/start",
                "chat": {"id": ANNA, "type": "private", "first_name": "Анна"},
                "from": {"id": ANNA, "is_bot": False, "first_name": "Анна"},
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/salesbot",
            data=json.dumps(update).encode(),
            headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": "s3cret",
            },
        )
        for _ in range(100):  # the server may still be starting
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    assert response.status == 200
                break
            except OSError:
                time.sleep(0.1)
        [reply] = api.wait_for_messages(ANNA, 1, timeout=30)
        assert "/cases" in reply["plain_text"]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_kill_9_under_load_keeps_every_replied_answer_exactly_once(api, tmp_path):
    """Twenty trainees mid-case; the bot is killed while answers are in flight."""
    users = list(range(7001, 7021))
    config, log = write_config(tmp_path, api), tmp_path / "bot.log"
    process = start_bot(config, api, log)
    try:
        wait_polling(api, 0)
        for user in users:
            api.send_text(user, "/play laptop-bulk-order")
        for user in users:
            api.wait_for_messages(user, 1, timeout=60)
        for user in users:  # a burst of answers; the kill lands in the middle of it
            api.send_text(user, GOOD_1)
        api.wait_for_messages(users[0], 2, timeout=60)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    replied = {
        user
        for user in users
        if any("Что нужно от нас" in m["plain_text"] for m in api.sent_messages(user))
    }
    polls = len(api.calls("getUpdates"))
    process = start_bot(config, api, log)
    try:
        wait_polling(api, polls)
        for user in users:  # the unconfirmed batch is redelivered; every user gets a reply
            api.wait_for_messages(user, 2, timeout=60)
        for user in users:
            api.send_text(user, GOOD_2)
        for user in users:
            api.wait_for_messages(user, 3, timeout=60)
        for user in users:
            api.send_text(user, GOOD_3)
        deadline = time.monotonic() + 60
        for user in users:
            while not any(
                "Кейс завершён: сделка" in m["plain_text"] for m in api.sent_messages(user)
            ):
                assert time.monotonic() < deadline, (user, log.read_text())
                time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    storage = SqliteStore(tmp_path / "bot.db")
    per_user = dict(
        storage.db.execute("select user_id, count(*) from answers group by user_id").fetchall()
    )
    duplicates = storage.db.execute(
        "select count(*) from (select update_id from answers group by update_id "
        "having count(*) > 1)"
    ).fetchone()[0]
    storage.close()
    assert duplicates == 0
    assert all(per_user.get(user) == 3 for user in users), per_user
    # A reply that went out before the kill is sent again only if the kill fell between
    # sending it and recording that it was sent: at most the one answer in flight.
    resent = [
        user
        for user in replied
        if sum("Что нужно от нас" in m["plain_text"] for m in api.sent_messages(user)) > 1
    ]
    assert len(resent) <= 1, resent


UNREACHABLE = re.compile(
    r"^Telegram cannot be reached \(127\.0\.0\.1:\d+: .+\)\. Trying again in (\d+) s; "
    r"Ctrl\+C stops\.$",
    re.M,
)


def test_telegram_out_of_reach_is_one_line_a_try_and_the_bot_starts_once_it_answers(tmp_path):
    port = free_port()  # nothing listens there yet
    api = FakeBotAPI(port=port)
    config, log = tmp_path / "config.yaml", tmp_path / "bot.log"
    config.write_text(
        f"telegram:\n  base_url: http://127.0.0.1:{port}/bot\n"
        f"  base_file_url: http://127.0.0.1:{port}/file/bot\n  poll_timeout: 1\n"
        f"storage:\n  path: {tmp_path / 'bot.db'}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "SALESBOT_TOKEN": api.token}
    process = subprocess.Popen(
        [sys.executable, "-m", "salesbot", "run", "--config", str(config), "--lang", "en"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while len(UNREACHABLE.findall(log.read_text())) < 2:
            assert time.monotonic() < deadline and process.poll() is None, log.read_text()
            time.sleep(0.1)
        with api:  # Telegram is back
            wait_polling(api, 0)
            api.send_text(ANNA, "/start")
            [reply] = api.wait_for_messages(ANNA, 1, timeout=30)
            assert "/cases" in reply["plain_text"]
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    lines = log.read_text().splitlines()
    tries = [UNREACHABLE.match(line) for line in lines if "cannot be reached" in line]
    assert all(tries) and len(tries) >= 2, lines
    waits = [int(match[1]) for match in tries]
    assert waits[:2] == [1, 2]  # each wait twice the one before
    assert not [line for line in lines if "Traceback" in line]
