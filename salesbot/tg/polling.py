"""Long polling that confirms an update only after it has been handled.

python-telegram-bot's Updater asks for the next batch while the previous one is still
being handled, which confirms it to Telegram: a crash then loses every update fetched but
not yet handled. Here the next getUpdates (whose offset is the confirmation) is sent only
once the whole batch has been handled, so after a kill -9 Telegram delivers the
unhandled updates again, and the answers table's unique update id keeps that idempotent.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application

log = logging.getLogger(__name__)
POLL_TIMEOUT = 25  # seconds a getUpdates call waits for news
BATCH = 100
MAX_BACKOFF = 30.0


async def poll_updates(app: Application, timeout: int = POLL_TIMEOUT) -> None:
    """Fetch and handle updates until cancelled; network trouble is waited out."""
    offset: int | None = None
    backoff = 0.0
    while True:
        try:
            updates = await app.bot.get_updates(
                offset=offset, timeout=timeout, limit=BATCH, allowed_updates=Update.ALL_TYPES
            )
            backoff = 0.0
        except InvalidToken:
            raise
        except RetryAfter as exc:
            await asyncio.sleep(_seconds(exc.retry_after))
            continue
        except (NetworkError, Conflict) as exc:
            backoff = min(MAX_BACKOFF, backoff * 2 or 0.5)
            log.warning("getUpdates failed (%r); retrying in %.1f s", exc, backoff)
            await asyncio.sleep(backoff)
            continue
        for update in updates:
            await app.process_update(update)  # handler errors go to the error handler
            offset = update.update_id + 1


def _seconds(value) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


async def run_polling(app: Application, stop: asyncio.Event, timeout: int = POLL_TIMEOUT) -> None:
    """Initialise, poll until `stop` is set, then shut down cleanly."""
    async with app:
        if app.post_init:
            await app.post_init(app)
        await app.bot.delete_webhook()
        await app.start()
        poller = asyncio.create_task(poll_updates(app, timeout))
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({poller, stopper}, return_when=asyncio.FIRST_COMPLETED)
        poller.cancel()
        stopper.cancel()
        await asyncio.gather(poller, stopper, return_exceptions=True)
        if poller in done and poller.exception() is not None:
            await app.stop()
            raise poller.exception()
        await app.stop()
