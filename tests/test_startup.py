"""Start-up as an operator meets it: `salesbot run` in its own process with a database it
cannot use says so in one line; a folder that is missing is created; webhook mode commits
an update before Telegram hears 200; `salesbot dead-letters` lists what was given up."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from salesbot.cli import main
from salesbot.config import Config
from salesbot.storage import SqliteStore
from salesbot.tg.app import build_application
from tests.test_process import free_port, write_config

ANNA = 1201


def run_bot(config, api, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "salesbot", "run", "--config", str(config), "--lang", "en"],
        env={**os.environ, "SALESBOT_TOKEN": api.token},
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def read_only(path):
    """The file made read-only for the bot: immutable for root (who writes anything
    else), plain permissions for anyone else."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("this file system cannot make a file immutable")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        yield


def test_a_read_only_database_stops_start_up_with_one_clear_line(api, tmp_path):
    config = write_config(tmp_path, api)
    db = tmp_path / "bot.db"
    SqliteStore(db).close()
    with read_only(db):
        result = run_bot(config, api)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line == (
        f"salesbot: the database {db} is read-only: the bot must be able to write it and its "
        "folder (check the file's owner and permissions)"
    )
    assert api.calls("getUpdates") == []  # it did not start answering and failing


def test_a_database_folder_that_cannot_be_created_is_named_in_one_line(api, tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    config = write_config(tmp_path, api)
    config.write_text(config.read_text().replace(str(tmp_path / "bot.db"), str(blocker / "x.db")))
    result = run_bot(config, api)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"salesbot: cannot create the database folder {blocker}: ")


async def test_a_missing_database_folder_is_created_and_the_bot_answers(api, tmp_path, book):
    from tests.botkit import running_bot, say

    async with running_bot(api, tmp_path / "new" / "folder" / "bot.db", book):
        [reply] = await say(api, ANNA, "/start")
    assert "/cases" in reply["plain_text"]


# ---------------------------------------------------------------------------- webhook


def post(port: int, update: dict, secret: str = "s3cret") -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/salesbot",
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    for _ in range(100):  # the server may still be starting
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            time.sleep(0.1)
    raise TimeoutError("the webhook server did not answer")


def start_update(update_id: int, text: str = "/start") -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": ANNA, "type": "private", "first_name": "Анна"},
            "from": {"id": ANNA, "is_bot": False, "first_name": "Анна"},
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_webhook_mode_commits_each_update_before_answering_telegram(
    api, tmp_path, book, monkeypatch
):
    from salesbot.tg import webhook

    monkeypatch.setattr(webhook, "WEBHOOK_PATIENCE", 0.3)
    port = free_port()
    config = Config(
        telegram={
            "token": api.token,
            "base_url": api.base_url,
            "base_file_url": api.base_file_url,
            "mode": "webhook",
            "webhook": {
                "listen": "127.0.0.1",
                "port": port,
                "url": "https://bot.example.com/salesbot",
                "secret_token": "s3cret",
            },
        },
        storage={"path": str(tmp_path / "bot.db")},
    )
    store = SqliteStore(tmp_path / "bot.db", lock_timeout=0.1)
    app = build_application(config, book, store)
    app.bot_data["processor"].trouble_seconds = 0.05
    stop = asyncio.Event()
    server = asyncio.create_task(webhook.run_webhook(app, config, stop))
    try:
        await api.await_calls("setWebhook", 1, timeout=30)
        assert await asyncio.to_thread(post, port, start_update(1), "wrong") == 403
        assert await asyncio.to_thread(post, port, start_update(1)) == 200
        # By the time Telegram hears 200 the update is committed with its reply.
        assert store.db.execute("select count(*) from updates").fetchone()[0] == 1
        assert store.db.execute("select count(*) from outbox").fetchone()[0] == 1
        assert await asyncio.to_thread(post, port, start_update(1)) == 200  # redelivered
        await api.await_messages(ANNA, 1)

        other = sqlite3.connect(tmp_path / "bot.db")
        other.execute("BEGIN IMMEDIATE")  # another program holds the database
        assert await asyncio.to_thread(post, port, start_update(2, "/help")) == 503
        other.rollback()
        other.close()
        assert await asyncio.to_thread(post, port, start_update(2, "/help")) == 200
        await api.await_messages(ANNA, 3)  # the notice, then the answer to /help
    finally:
        stop.set()
        await server
        store.close()
    texts = [m["plain_text"] for m in api.sent_messages(ANNA)]
    assert len(texts) == 3 and "пока не записано" in texts[1] and "/play" in texts[2]
    assert texts.count(texts[0]) == 1  # the redelivered /start was answered once


# ---------------------------------------------------------------------------- dead letters


def test_dead_letters_are_listed_on_the_command_line(tmp_path):
    store = SqliteStore(tmp_path / "bot.db")
    store.record_failure(41, 7, 7, '{"update_id": 41}', "KeyError: 'date'")
    store.bury(41, 7, 7)
    store.record_failure(42, 8, 8, '{"update_id": 42}', "ValueError: once")  # not given up
    store.close()
    config = tmp_path / "config.yaml"
    config.write_text(f"storage:\n  path: {tmp_path / 'bot.db'}\n")
    result = CliRunner().invoke(main, ["dead-letters", "--config", str(config), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "update 41" in result.output and "KeyError: 'date'" in result.output
    assert "update 42" not in result.output
    result = CliRunner().invoke(main, ["dead-letters", "--json", "--config", str(config)])
    [line] = result.output.splitlines()
    assert json.loads(line)["update_id"] == 41


def test_a_database_that_cannot_be_used_is_named_in_the_run_language(tmp_path, monkeypatch):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    config = tmp_path / "config.yaml"
    config.write_text(f"storage:\n  path: {blocker / 'x.db'}\n", encoding="utf-8")
    monkeypatch.setenv("SALESBOT_TOKEN", "123:ABC")
    result = CliRunner().invoke(main, ["run", "--config", str(config), "--lang", "ru"])
    assert result.exit_code == 2
    assert f"не получается создать папку для базы данных {blocker}" in result.stderr
