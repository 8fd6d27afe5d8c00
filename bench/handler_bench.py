"""The bot's own work per update, without the network: CPU per update of the handlers.

The real Application from salesbot.tg.app.build_application, each update handed to its
processor as Telegram sends it (read, recorded once, handled in one transaction with its
reply stored in the outbox, as the bot does); the outbox is not drained (no network), and
the few Bot API calls made on the way are answered from memory at once, on a SQLite file.
Trainees play laptop-bulk-order: /play, then three answers, over and over. No
HTTP and no other process, so the figure moves far less with the machine's load than
e2e_bench.py's; it leaves out what PTB and httpx cost per request.

Run: .venv/bin/python bench/handler_bench.py [--users 200] [--rounds 3] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram.ext import AIORateLimiter  # noqa: E402
from telegram.request import BaseRequest  # noqa: E402

ANSWERS = [
    "Да, успеваем: все 40 ноутбуков на складе, привезём в среду до обеда, в четверг наши "
    "инженеры всё настроят. Выставить счёт сегодня?",
    "Добрый день! У нас отличные ноутбуки, лучшие на рынке, и гарантия 3 года.",
    "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт и закреплю партию.",
    "Понимаю, сроки важны. Уточните, пожалуйста, адрес офиса и сколько рабочих мест.",
]


class InstantRequest(BaseRequest):
    """Every Bot API call answered at once with a plausible result."""

    def __init__(self) -> None:
        self.ids = itertools.count(1)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self, url: str, method: str, request_data: Any = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        result: Any = True
        if name == "getMe":
            result = {"id": 1, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
        elif name in ("sendMessage", "editMessageText", "sendDocument"):
            chat = {"id": int(request_data.parameters["chat_id"]), "type": "private"}
            result = {"message_id": next(self.ids), "date": 0, "chat": chat, "text": "ok"}
        return 200, json.dumps({"ok": True, "result": result}).encode()


async def measure(users: int, rounds: int, repeat: int) -> list[float]:
    from salesbot.config import Config
    from salesbot.dialogues import load_book
    from salesbot.paths import bundled_scenarios
    from salesbot.storage import SqliteStore
    from salesbot.tg.app import build_application

    ids = itertools.count(1)
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "bench.db")
        config = Config(telegram={"token": "1:BENCH"})
        app = build_application(
            config, load_book(bundled_scenarios()), store, request=InstantRequest()
        )
        app.bot._rate_limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0)

        processor = app.bot_data["processor"]

        def update(user: int, text: str) -> dict[str, Any]:
            message: dict[str, Any] = {
                "message_id": next(ids),
                "date": 0,
                "chat": {"id": user, "type": "private"},
                "from": {"id": user, "is_bot": False, "first_name": "T", "language_code": "ru"},
                "text": text,
            }
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": 5}]
            return {"update_id": next(ids), "message": message}

        async def play(first_user: int, count: int, rounds: int) -> int:
            handled = 0
            for r in range(rounds):
                for user in range(first_user, first_user + count):
                    # As the bot handles an update: read, recorded once, the reply stored.
                    await processor.handle(update(user, "/play laptop-bulk-order"))
                    for k in range(3):
                        await processor.handle(update(user, ANSWERS[(r + k) % len(ANSWERS)]))
                    handled += 4
            return handled

        results = []
        async with app:
            await play(1, 20, 2)  # warm-up: caches, templates
            for i in range(repeat):
                started = time.process_time()
                handled = await play(1000 * (i + 2), users, rounds)
                results.append(1000 * (time.process_time() - started) / handled)
        store.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = asyncio.run(measure(args.users, args.rounds, args.repeat))
    print("CPU per update (ms): " + ", ".join(f"{r:.3f}" for r in results))
    updates = args.users * args.rounds * 4
    print(f"median {statistics.median(results):.3f} ms over {updates} updates a run")


if __name__ == "__main__":
    main()
