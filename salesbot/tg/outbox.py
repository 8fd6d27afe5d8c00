"""The outbox: every reply is stored before it is sent, and a sender delivers it.

A handler does not talk to Telegram: `Outbox.put` turns a use case's `Reply` into one row
per Bot API call (a message, split past 4096 characters; an edit; a document), in the
transaction that records the update and its effect. The sender (`Outbox.run`) then
delivers the rows, each chat's in order, different chats side by side, so one user's flood
never holds up another user's reply:

- accepted: the row is marked sent with Telegram's message id (and a stored answer is
  marked replied);
- refused for good (400 Bad Request, 403 Forbidden): recorded with Telegram's words, never
  retried, and the chat's next rows go on;
- flood control (429): waited out, as long as Telegram asks;
- anything else (5xx, a refused connection): retried with back-off, without limit but
  within a day (then dropped as expired);
- fate unknown (a timeout, a connection dropped after the request went out, or a crash
  while sending): the row is marked "sending" before every try, and such a row is
  *checked* before it is sent again. The messages after the newest one known in the chat
  are looked up (`editMessageReplyMarkup` with the keyboard they would have, which changes
  nothing; "not modified" means the bot's message is there): only bot messages can be
  edited, and a chat's rows go out one at a time, so a bot message there is this row. It
  is sent again only if it is still missing SETTLE_SECONDS after its try began (Telegram
  may still take a request that timed out here). In a private chat Telegram numbers
  messages per user, across all their chats, so the look-up covers the next PROBE_WINDOW
  numbers: a message pushed further by the user's other chats is not found, and is sent
  again (logged).

Rows still pending after a restart are sent then, each once.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import time
from collections.abc import Iterable
from datetime import UTC, datetime

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from ..records import Delivery, OutboxItem, Outgoing
from ..replies import Document, Keyboard, Reply
from ..storage import Store, trouble
from .messages import compose

log = logging.getLogger(__name__)

BACKOFF_SECONDS = 0.5  # the first retry after a failure; doubled each time ...
MAX_BACKOFF_SECONDS = 60.0  # ... up to this
MAX_AGE_SECONDS = 24 * 3600  # a reply Telegram has not taken within a day is dropped
PROBE_WINDOW = 10  # message numbers looked at when checking whether a send arrived
SETTLE_SECONDS = 10.0  # after a try began, how long a missing message may still arrive
IN_FLIGHT = 16  # requests under way at once, all chats together (Telegram takes 30/s)
NOT_MODIFIED = "message is not modified"


def keyboard_json(keyboard: Keyboard) -> str:
    return json.dumps([[[b.label, b.data] for b in line] for line in keyboard]) if keyboard else ""


def markup(keyboard: str) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in line]
            for line in json.loads(keyboard)
        ]
    )


def outgoing(
    reply: Reply,
    chat_id: int | None,
    *,
    update_id: int | None = None,
    after_message_id: int | None = None,
    edit_message_id: int | None = None,
) -> list[Outgoing]:
    """The Bot API calls of a reply, in order. Items for the caller go to `chat_id` (none
    without a chat); an item `to` someone goes to that user's private chat."""
    rows: list[Outgoing] = []
    answer_id = reply.answer_id
    for item in reply.items:
        chat = item.to if item.to is not None else chat_id
        if chat is None:
            continue
        common = {"update_id": update_id, "after_message_id": after_message_id}
        if item.to is not None:
            common["after_message_id"] = None  # nothing known about that chat
        if isinstance(item, Document):
            rows.append(
                Outgoing(
                    chat,
                    "document",
                    filename=item.filename,
                    content=item.content,
                    caption=item.caption,
                    **common,
                )
            )
            continue
        keyboard = keyboard_json(item.keyboard)
        if item.edit and edit_message_id is not None and item.to is None:
            text = "\n\n".join(item.parts)
            rows.append(Outgoing(chat, "edit", text, keyboard, edit_message_id, **common))
            continue
        pieces = compose(list(item.parts))
        for number, piece in enumerate(pieces, start=1):
            last = number == len(pieces)
            mine = answer_id if item.to is None and number == 1 else None
            if mine is not None:
                answer_id = None  # the answer is replied once its first message is out
            rows.append(
                Outgoing(chat, "message", piece, keyboard if last else "", answer_id=mine, **common)
            )
    return rows


class Outbox:
    """Stores replies (`put`) and delivers them (`run` in the background, or `drain`)."""

    def __init__(self, bot: Bot, store: Store, lock: asyncio.Lock) -> None:
        self.bot = bot
        self.store = store
        self.lock = lock  # every write of the bot's event loop: see processing.py
        self.backoff = BACKOFF_SECONDS
        self.max_backoff = MAX_BACKOFF_SECONDS
        self._wake = asyncio.Event()
        self._busy: dict[int, asyncio.Task] = {}  # chat id -> its sender
        self._slots = asyncio.Semaphore(IN_FLIGHT)

    # ------------------------------------------------------------------ storing

    def put(self, rows: Iterable[Outgoing]) -> None:
        """Store rows to send (joins the caller's transaction); `wake` once committed."""
        rows = list(rows)
        if rows:
            self.store.enqueue(rows)

    def wake(self) -> None:
        self._wake.set()

    # ------------------------------------------------------------------ delivering

    async def run(self) -> None:
        """Deliver until cancelled: every chat's due rows, chats side by side."""
        try:
            while True:
                self._wake.clear()
                delay = await self._start_due()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), delay)
        finally:
            senders = list(self._busy.values())
            for task in senders:
                task.cancel()
            await asyncio.gather(*senders, return_exceptions=True)

    async def drain(self, timeout: float = 30.0) -> None:
        """Deliver everything due now and wait for it (for tests and shutdown)."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            delay = await self._start_due()
            if self._busy:
                await asyncio.wait(list(self._busy.values()), timeout=left)
            elif delay is None or delay > left:
                return
            else:
                await asyncio.sleep(delay)

    async def _start_due(self) -> float | None:
        """Start a sender for each chat with a row due; seconds until the next retry."""
        now = time.time()
        waits: list[float] = []
        async with self.lock:  # never read a transaction that is still open
            due = self.store.due_outbox()
        for chat_id, next_at in due:
            if chat_id in self._busy:
                continue
            if next_at > now:
                waits.append(next_at - now)
                continue
            self._busy[chat_id] = asyncio.create_task(self._send_chat(chat_id))
        return min(waits, default=None)

    async def _send_chat(self, chat_id: int) -> None:
        try:
            while True:
                async with self.lock:
                    item = self.store.next_outbox(chat_id)
                if item is None or item.next_at > time.time():
                    return
                if not await self._deliver(item):
                    return  # retried later, in order
        except Exception as exc:
            if trouble(exc) is None:
                log.exception("the sender of chat %s failed; it starts again shortly", chat_id)
            else:  # a row already sent stays "sending": it is checked, not sent twice
                log.warning("the outbox cannot write (%s); sending again shortly", exc)
            await asyncio.sleep(self.backoff)
        finally:
            self._busy.pop(chat_id, None)
            self._wake.set()

    async def _deliver(self, item: OutboxItem) -> bool:
        """Send one row; True when it is settled (sent, refused, expired)."""
        message = item.message
        age = (datetime.now(UTC) - datetime.fromisoformat(item.created_at)).total_seconds()
        if age > MAX_AGE_SECONDS:
            log.warning("dropping a reply to chat %s not accepted for a day", message.chat_id)
            await self._settle(item, Delivery.EXPIRED, error=item.error)
            return True
        if item.status is Delivery.SENDING and message.kind != "edit":
            found = await self._find(item)
            if found is None:
                await self._retry(item, "could not check whether the reply arrived", unknown=True)
                return False
            if found:
                log.info("a reply to chat %s had arrived; not sent again", message.chat_id)
                await self._settle(item, Delivery.SENT, message_id=found)
                return True
            if time.time() < item.tried_at + SETTLE_SECONDS:  # it may still be on its way
                await self._retry(item, "not arrived yet", unknown=True)
                return False
            log.warning(
                "a reply to chat %s whose sending was interrupted is not there; sending it again",
                message.chat_id,
            )
        item = dataclasses.replace(item, tried_at=time.time())
        async with self.lock:
            self.store.outbox_sending(item.id, item.tried_at)
        try:
            async with self._slots:
                message_id = await self._call(message)
        except RetryAfter as exc:
            await self._retry(item, str(exc), wait=_seconds(exc.retry_after))
            return False
        except BadRequest as exc:
            if message.kind == "edit" and NOT_MODIFIED in exc.message.lower():
                await self._settle(item, Delivery.SENT)
                return True
            return await self._refused(item, exc)
        except Forbidden as exc:
            return await self._refused(item, exc)
        except (NetworkError, TelegramError) as exc:
            await self._retry(item, f"{type(exc).__name__}: {exc}", unknown=_fate_unknown(exc))
            return False
        await self._settle(item, Delivery.SENT, message_id=message_id)
        return True

    async def _call(self, message: Outgoing) -> int | None:
        keyboard = markup(message.keyboard)
        if message.kind == "document":
            sent = await self.bot.send_document(
                message.chat_id,
                InputFile(message.content or b"", filename=message.filename),
                caption=message.caption or None,
            )
            return sent.message_id
        if message.kind == "edit":
            await self.bot.edit_message_text(
                message.text,
                chat_id=message.chat_id,
                message_id=message.edit_message_id,
                reply_markup=keyboard,
            )
            return message.edit_message_id
        sent = await self.bot.send_message(message.chat_id, message.text, reply_markup=keyboard)
        return sent.message_id

    async def _find(self, item: OutboxItem) -> int | bool | None:
        """Whether a send of unknown fate arrived: its message id, False if it did not,
        None if Telegram could not be asked now."""
        message = item.message
        async with self.lock:
            last_sent = self.store.last_sent_message_id(message.chat_id)
        known = max(message.after_message_id or 0, last_sent or 0)
        if not known:
            log.warning(
                "cannot check a reply to chat %s (no message known); sending it", message.chat_id
            )
            return False
        keyboard = markup(message.keyboard)

        async def look(candidate: int) -> bool:
            try:
                await self.bot.edit_message_reply_markup(
                    chat_id=message.chat_id, message_id=candidate, reply_markup=keyboard
                )
                return True  # a bot message, now with the same keyboard
            except BadRequest as exc:
                return NOT_MODIFIED in exc.message.lower()

        candidates = range(known + 1, known + 1 + PROBE_WINDOW)
        try:  # all at once: one round trip, not PROBE_WINDOW of them
            async with self._slots:
                found = await asyncio.gather(*(look(c) for c in candidates))
        except TelegramError as exc:
            log.info("checking a reply to chat %s failed: %r", message.chat_id, exc)
            return None
        for candidate, there in zip(candidates, found, strict=True):
            if there:
                return candidate
        return False

    async def _refused(self, item: OutboxItem, exc: TelegramError) -> bool:
        log.warning("Telegram refused a reply to chat %s: %s", item.message.chat_id, exc.message)
        await self._settle(item, Delivery.REFUSED, error=exc.message)
        return True

    async def _settle(
        self, item: OutboxItem, status: Delivery, message_id: int | None = None, error: str = ""
    ) -> None:
        async with self.lock:
            self.store.outbox_done(item.id, status, message_id, error)

    async def _retry(
        self, item: OutboxItem, error: str, *, wait: float | None = None, unknown: bool = False
    ) -> None:
        if wait is None:
            wait = min(self.max_backoff, self.backoff * 2 ** max(0, item.tries))
        if unknown:  # Telegram may still take a request that timed out here: look later
            wait = max(wait, item.tried_at + SETTLE_SECONDS - time.time())
        log.warning(
            "sending to chat %s failed (%s); retrying in %.1f s", item.message.chat_id, error, wait
        )
        status = Delivery.SENDING if unknown else Delivery.PENDING
        async with self.lock:
            self.store.outbox_retry(item.id, error, time.time() + wait, status)


def _seconds(value: object) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)  # type: ignore[arg-type]


def _fate_unknown(error: TelegramError) -> bool:
    """Whether Telegram may have taken the request despite the error: a read or write
    timeout, a connection dropped after sending; not a refused connection, a pool timeout
    or an HTTP error status (Telegram answered)."""
    cause = error.__cause__
    if isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return False
    if isinstance(error, TimedOut):
        return "pool timeout" not in str(error).lower()
    return isinstance(cause, httpx.TransportError)
