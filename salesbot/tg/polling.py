"""Start-up, long polling and stopping, for the bot's own loop.

python-telegram-bot's Updater asks for the next batch while the previous one is still
being handled, which confirms it to Telegram: a crash then loses every update fetched but
not yet handled. Here the next getUpdates (whose offset is the confirmation) goes out once
the batch is handled; handling is quick (replies wait in the outbox, not in the handlers)
and batches are small, so a crash leaves little to redeliver, and what is redelivered is
recognised by its update id (processing.py). Updates are fetched as JSON and read one by
one, so one that python-telegram-bot cannot read never takes the batch down.

Start-up waits out Telegram's trouble (a 502 from getMe, a refused connection) with
back-off; only a token Telegram rejects stops it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.error import BadRequest, InvalidToken, RetryAfter, TelegramError
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from .outbox import Outbox
from .processing import Processor

log = logging.getLogger(__name__)
POLL_TIMEOUT = 25  # seconds a getUpdates call waits for news
BATCH = 20  # updates per getUpdates: confirmed together once all are handled
READ_MARGIN = 10.0  # seconds a long poll may take beyond its timeout
START_BACKOFF = 1.0
MAX_BACKOFF = 30.0
DRAIN_SECONDS = 5.0  # on a clean stop, replies still going out get this long
STOP_GRACE = 5.0  # on a clean stop, updates being handled get this long

# getUpdates is called through do_api_request to get the updates as JSON (see above).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.get_updates'", category=PTBUserWarning)


class Stopped(Exception):
    """Asked to stop while still starting."""


Trouble = Callable[[Exception, float], None]  # told of each wait: the error, the seconds


async def with_retries(
    what: str,
    call: Callable[[], Awaitable[Any]],
    stop: asyncio.Event,
    on_retry: Trouble | None = None,
) -> Any:
    """Call until Telegram answers; a rejected token or request is raised at once, and
    `Stopped` if `stop` is set meanwhile. Each wait is logged, or told to `on_retry`."""
    delay = START_BACKOFF
    while True:
        try:
            return await call()
        except (InvalidToken, BadRequest):
            raise
        except RetryAfter as exc:
            wait = _seconds(exc.retry_after)
        except TelegramError as exc:
            wait = delay
            delay = min(MAX_BACKOFF, delay * 2)
            if on_retry is not None:
                on_retry(exc, wait)
            else:
                log.warning("%s failed (%s); trying again in %.0f s", what, exc, wait)
        await _sleep_unless(stop, wait)
        if stop.is_set():
            raise Stopped


async def start_up(app: Application, stop: asyncio.Event, on_retry: Trouble | None = None) -> None:
    """Initialise (getMe) and register the command menu, waiting out Telegram's trouble."""
    await with_retries("getMe", app.initialize, stop, on_retry)
    if app.post_init:
        try:
            await app.post_init(app)
        except TelegramError as exc:  # the menu is a convenience, not a reason to stop
            log.warning("could not register the command menu: %s", exc)


def machinery(app: Application) -> tuple[Processor, Outbox]:
    return app.bot_data["processor"], app.bot_data["outbox"]


async def poll_updates(app: Application, stop: asyncio.Event, timeout: int = POLL_TIMEOUT) -> None:
    """Fetch and handle updates until `stop`; Telegram's errors are waited out."""
    processor, _ = machinery(app)
    offset: int | None = None
    backoff = 0.0
    while not stop.is_set():
        fetch = asyncio.create_task(_get_updates(app, offset, timeout))
        stopper = asyncio.create_task(stop.wait())
        await asyncio.wait({fetch, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        if not fetch.done():
            fetch.cancel()
            await asyncio.gather(fetch, return_exceptions=True)
            break
        try:
            updates = fetch.result()
            backoff = 0.0
        except InvalidToken:
            raise
        except RetryAfter as exc:
            await _sleep_unless(stop, _seconds(exc.retry_after))
            continue
        except Exception as exc:  # 5xx, 403, 409, timeouts, garbage: never the end
            backoff = min(MAX_BACKOFF, backoff * 2 or 0.5)
            log.warning("getUpdates failed (%r); retrying in %.1f s", exc, backoff)
            await _sleep_unless(stop, backoff)
            continue
        if not await _handle_or_stop(processor, updates, stop):
            break  # not confirmed: Telegram delivers the batch again at the next start
        ids = [u["update_id"] for u in updates if isinstance(u.get("update_id"), int)]
        if ids:
            offset = max(ids) + 1
    if offset is not None:  # confirm the last batch, as python-telegram-bot does on stop
        try:
            await _get_updates(app, offset, 0, limit=1)
        except Exception as exc:
            log.info("could not confirm the last updates (%r); they will be skipped", exc)


async def _handle_or_stop(processor: Processor, updates: list[dict], stop: asyncio.Event) -> bool:
    """Handle a batch; asked to stop meanwhile (an update may be waiting for a locked
    database), give it STOP_GRACE seconds, then drop what is left. True if all was handled."""
    work = asyncio.create_task(processor.handle_batch(updates))
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait({work, stopper}, return_when=asyncio.FIRST_COMPLETED)
    stopper.cancel()
    if not work.done():
        await asyncio.wait({work}, timeout=STOP_GRACE)
    if work.done():  # (its lanes catch every error of an update)
        return True
    work.cancel()  # each update's transaction is rolled back
    await asyncio.gather(work, return_exceptions=True)
    return False


async def _get_updates(
    app: Application, offset: int | None, timeout: int, limit: int = BATCH
) -> list[dict]:
    result = await app.bot.do_api_request(
        "get_updates",
        api_kwargs={
            "offset": offset,
            "timeout": timeout,
            "limit": limit,
            "allowed_updates": list(Update.ALL_TYPES),
        },
        read_timeout=timeout + READ_MARGIN,
    )
    if not isinstance(result, list):
        raise TypeError(f"getUpdates answered {type(result).__name__}, not a list")
    return [u for u in result if isinstance(u, dict)]


def _seconds(value: object) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)  # type: ignore[arg-type]


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def run_polling(
    app: Application,
    stop: asyncio.Event,
    timeout: int = POLL_TIMEOUT,
    on_retry: Trouble | None = None,
) -> None:
    """Start, poll until `stop` is set, then stop cleanly: the updates being handled are
    finished, replies under way get DRAIN_SECONDS."""
    try:
        await start_up(app, stop, on_retry)
        await with_retries("deleteWebhook", app.bot.delete_webhook, stop, on_retry)
        await app.start()
        await serve(app, stop, poll_updates(app, stop, timeout))
    except Stopped:
        log.info("stopped while starting")
    finally:
        if app.running:
            await app.stop()
        await app.shutdown()


async def serve(app: Application, stop: asyncio.Event, work: Awaitable[None]) -> None:
    """Run `work` (polling, or waiting for a webhook server to be stopped) with the outbox
    sending; when it ends, give replies under way a moment, then stop the sender."""
    processor, outbox = machinery(app)
    app.bot_data["services"].store.prune()
    sender = asyncio.create_task(outbox.run())
    try:
        await work
    finally:
        await processor.settle()
        try:
            await asyncio.wait_for(outbox.drain(DRAIN_SECONDS), DRAIN_SECONDS + 1)
        except TimeoutError:
            log.info("replies still pending at stop are sent at the next start")
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)
