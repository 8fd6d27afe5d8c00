"""Running the real bot against the fake Bot API server, for the end-to-end tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from salesbot.config import Config
from salesbot.storage import SqliteStore
from salesbot.tg.app import build_application
from salesbot.tg.polling import run_polling
from tests.fakebotapi import FakeBotAPI


@contextlib.asynccontextmanager
async def running_bot(
    api: FakeBotAPI,
    db_path: Path,
    book,
    lock_timeout: float = 5.0,
    app_options: dict | None = None,
    **settings,
) -> AsyncIterator:
    """The bot polling the fake Bot API; `settings` are Config fields, `app_options` go to
    build_application (a clock, how often to look for reminders)."""
    config = Config(
        telegram={"token": api.token, "base_url": api.base_url, "base_file_url": api.base_file_url},
        storage={"path": str(db_path)},
        **settings,
    )
    storage = SqliteStore(db_path, lock_timeout=lock_timeout)
    app = build_application(config, book, storage, **(app_options or {}))
    stop = asyncio.Event()
    runner = asyncio.create_task(run_polling(app, stop, timeout=1))
    try:
        await api.await_calls("getUpdates", len(api.calls("getUpdates")) + 1)
        yield storage
    finally:
        stop.set()
        try:
            await runner
        finally:
            storage.close()


async def say(api: FakeBotAPI, user: int, text: str, expect: int = 1, **kwargs) -> list[dict]:
    """Send a text as the user and return the bot's new messages to them."""
    before = len(api.sent_messages(user))
    api.send_text(user, text, **kwargs)
    sent = await api.await_messages(user, before + expect, timeout=10)
    return sent[before:]


async def delivered(storage: SqliteStore, timeout: float = 15.0) -> None:
    """Wait until the outbox holds no reply still to be sent."""
    deadline = asyncio.get_running_loop().time() + timeout
    while storage.due_outbox():
        assert asyncio.get_running_loop().time() < deadline, "replies still waiting to go out"
        await asyncio.sleep(0.01)


def texts(messages: list[dict]) -> str:
    return "\n".join(m["plain_text"] for m in messages)
