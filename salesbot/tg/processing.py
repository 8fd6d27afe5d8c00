"""Handling updates: each applied exactly once, each in isolation, users side by side.

`Processor.handle` takes one update as Telegram sent it (JSON) and

1. parses it on its own (an update PTB cannot read is a dead letter at once; it never
   takes the others down with it); lone surrogates in its texts become U+FFFD;
2. skips it if it was handled before (checked in the transaction below): its reply is in
   the outbox, stored with it, and goes out once (a redelivery re-sends nothing else);
3. acknowledges a button press in the background, best-effort: the button acts even when
   Telegram refuses the acknowledgement (too old after a restart, a 500);
4. runs the handlers (python-telegram-bot's `process_update`) inside one database
   transaction that also records the update id and stores the replies in the outbox: the
   effect, the reply and "handled" are committed together, or nothing is;
5. when the database cannot write for a reason of the machine (locked by another program,
   disk full, read-only), tells the user so, once, directly, and waits and tries again:
   nothing is lost and the user need not resend;
6. when a handler fails, counts the failure (kept across restarts); after MAX_FAILURES
   failures with the same error the update becomes a dead letter (`salesbot dead-letters`,
   /deadletters), the user is told that it could not be handled and that nothing of it was
   saved, and it is confirmed.

One update is handled at a time (one SQLite connection; the handlers never wait on the
network, since replies go to the outbox), under `lock`, which the outbox's writes share.
The polling loop (polling.py) hands a batch over by user: each user's updates in order,
different users taking turns at the lock, so a flood from one user does not hold up
another's /help; their replies go out side by side (outbox.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application

from .. import accounts, training
from ..services import Caller, Services
from ..storage import trouble
from .outbox import Outbox, outgoing

log = logging.getLogger(__name__)

MAX_FAILURES = 3  # the same error this many times in a row: a dead letter
MAX_TRIES = 9  # failures with differing errors: a dead letter too
RETRY_SECONDS = 0.2  # before trying a failed update again; doubled each time
TROUBLE_SECONDS = 1.0  # before writing again to a database that could not write ...
MAX_TROUBLE_SECONDS = 30.0  # ... doubled up to this
ACK_TIMEOUT = 10.0  # seconds an acknowledgement of a button may take

_SURROGATE = re.compile("[\ud800-\udfff]")


class Outcome(StrEnum):
    HANDLED = "handled"
    DUPLICATE = "duplicate"  # handled before: nothing done again
    IGNORED = "ignored"  # nothing for the bot (no user, a bot, no id): recorded, skipped
    DEAD = "dead"  # given up: a dead letter
    DEFERRED = "deferred"  # the database could not write within the caller's patience


class Processor:
    def __init__(self, app: Application, svc: Services, outbox: Outbox, lock: asyncio.Lock):
        self.app = app
        self.svc = svc
        self.outbox = outbox
        self.lock = lock
        self.retry_seconds = RETRY_SECONDS
        self.trouble_seconds = TROUBLE_SECONDS
        self._running: set[int] = set()  # update ids whose handlers run now
        self._errors: dict[int, BaseException] = {}  # what their handlers raised
        self._acks: set[asyncio.Task] = set()

    # ------------------------------------------------------------------ one update

    async def handle(self, data: Any, *, patience: float | None = None) -> Outcome:
        """Handle one update (JSON); never raises but on cancellation. With `patience`
        (seconds), a database that cannot write is waited for that long at most."""
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            log.error("an update without a numeric update_id is skipped: %.300r", data)
            return Outcome.IGNORED
        data = _clean(data)
        try:
            update = Update.de_json(data, self.app.bot)
            user, chat = update.effective_user, update.effective_chat
            _check_ids(user, chat)
        except Exception as exc:
            return await self._unreadable(update_id, data, exc, patience)
        if update.callback_query is not None:
            self._acknowledge(update.callback_query.id)
        if user is None or user.is_bot:
            # Channel posts, polls, a bot's message: nothing the bot answers.
            chat_id = chat.id if chat else None

            def ignore() -> Outcome:
                if self.svc.store.update_handled(update_id):
                    return Outcome.DUPLICATE
                self.svc.store.record_update(update_id, None, chat_id)
                return Outcome.IGNORED

            return await self._commit(ignore)
        return await self._run(update, data, patience)

    async def _run(self, update: Update, data: dict, patience: float | None) -> Outcome:
        store = self.svc.store
        user_id = update.effective_user.id if update.effective_user else None
        chat_id = update.effective_chat.id if update.effective_chat else None
        started = time.monotonic()
        told = False
        waits = tries = 0
        while True:
            try:
                async with self.lock:
                    with store.transaction():
                        if store.update_handled(update.update_id):
                            log.info("update %s was handled before", update.update_id)
                            return Outcome.DUPLICATE  # its reply is in the outbox already
                        # Recorded first, in the same transaction: a handler's failure rolls
                        # it back, and a /forget in this update also erases whose it was.
                        store.record_update(update.update_id, user_id, chat_id)
                        error = await self._dispatch(update)
                        if error is not None:
                            raise error
                self.outbox.wake()
                return Outcome.HANDLED
            except Exception as exc:
                kind = trouble(exc)
                if kind is None:
                    tries += 1
                    failures, kind = await self._failed(
                        update.update_id, user_id, chat_id, data, exc
                    )
                    if kind is None:
                        if failures >= MAX_FAILURES or tries >= MAX_TRIES:
                            return await self._bury(update, data, exc, failures)
                        await asyncio.sleep(self.retry_seconds * 2 ** (tries - 1))
                        continue
                if not told:
                    await self._tell(update, kind)
                    told = True
                if patience is not None and time.monotonic() - started > patience:
                    return Outcome.DEFERRED
                waits += 1
                delay = min(MAX_TROUBLE_SECONDS, self.trouble_seconds * 2 ** (waits - 1))
                log.warning(
                    "update %s waits %.1f s: the database cannot write (%s: %s)",
                    update.update_id,
                    delay,
                    kind,
                    exc,
                )
                await asyncio.sleep(delay)

    async def _dispatch(self, update: Update) -> BaseException | None:
        """python-telegram-bot's handlers; what they raised, caught by `capture`."""
        self._running.add(update.update_id)
        try:
            await self.app.process_update(update)
        finally:
            self._running.discard(update.update_id)
        return self._errors.pop(update.update_id, None)

    def capture(self, update: object, error: BaseException) -> bool:
        """Called by the error handler: keeps a handler's error of an update being handled
        here (its transaction is then rolled back); False for anything else."""
        if isinstance(update, Update) and update.update_id in self._running:
            self._errors[update.update_id] = error
            return True
        return False

    # ------------------------------------------------------------------ failures

    async def _failed(
        self, update_id: int, user_id: int | None, chat_id: int | None, data: dict, exc: Exception
    ) -> tuple[int, str | None]:
        """Count the failure: how many in a row, or why the database could not write it."""
        log.warning("handling update %s failed: %r", update_id, exc)
        payload = json.dumps(data, ensure_ascii=False, default=str)
        try:
            failures = await self._commit(
                lambda: self.svc.store.record_failure(
                    update_id, user_id, chat_id, payload, _describe(exc)
                )
            )
        except Exception as again:
            if (kind := trouble(again)) is None:
                raise
            return 0, kind
        return failures, None

    async def _unreadable(
        self, update_id: int, data: dict, exc: Exception, patience: float | None
    ) -> Outcome:
        """An update PTB cannot read: reading it again would fail again."""
        log.error("update %s cannot be read: %r", update_id, exc)
        payload = json.dumps(data, ensure_ascii=False, default=str)
        started = time.monotonic()
        waits = 0
        while True:
            try:
                async with self.lock:
                    with self.svc.store.transaction():
                        failures = self.svc.store.record_failure(
                            update_id, None, None, payload, _describe(exc)
                        )
                        self.svc.store.bury(update_id, None, None)
                log.error("update %s is a dead letter (%d failure(s))", update_id, failures)
                return Outcome.DEAD
            except Exception as again:
                if trouble(again) is None or (
                    patience is not None and time.monotonic() - started > patience
                ):
                    log.exception("update %s could not even be recorded as dead", update_id)
                    return Outcome.DEFERRED
                waits += 1
                await asyncio.sleep(min(MAX_TROUBLE_SECONDS, self.trouble_seconds * 2**waits))

    async def _bury(self, update: Update, data: dict, exc: Exception, failures: int) -> Outcome:
        """Give the update up: a dead letter; the user learns that nothing was saved."""
        user = update.effective_user
        chat = update.effective_chat
        user_id, chat_id = (user.id if user else None), (chat.id if chat else None)
        log.error(
            "update %s is a dead letter after %d failure(s)",
            update.update_id,
            failures,
            exc_info=exc,
        )
        rows = []
        if user is not None and chat is not None and chat.type == ChatType.PRIVATE:
            try:
                reply = training.hint(self.svc, _caller(update), "error")
                rows = outgoing(reply, chat.id, update_id=update.update_id)
            except Exception as again:
                log.warning(
                    "could not compose the apology for update %s: %r", update.update_id, again
                )

        def bury() -> None:
            self.svc.store.bury(update.update_id, user_id, chat_id)
            self.outbox.put(rows)

        try:
            await self._commit(bury)
        except Exception:
            log.exception("update %s could not be recorded as dead", update.update_id)
            return Outcome.DEFERRED
        self.outbox.wake()
        return Outcome.DEAD

    async def _tell(self, update: Update, kind: str) -> None:
        """Say why the message waits, directly (the database cannot store the reply)."""
        chat = update.effective_chat
        if chat is None or chat.type != ChatType.PRIVATE or update.effective_user is None:
            return
        try:
            try:
                lang = accounts.language(self.svc, _caller(update))
            except Exception:
                lang = self.svc.config.language
            text = self.svc.text(f"trouble_{kind}", lang)
            await self.app.bot.send_message(chat.id, text)
        except Exception as exc:
            log.warning("could not tell chat %s that the database is %s: %r", chat.id, kind, exc)

    # ------------------------------------------------------------------ helpers

    async def _commit(self, write):
        async with self.lock:
            with self.svc.store.transaction():
                return write()

    def _acknowledge(self, query_id: str) -> None:
        task = asyncio.create_task(self._ack(query_id))
        self._acks.add(task)
        task.add_done_callback(self._acks.discard)

    async def _ack(self, query_id: str) -> None:
        try:
            await asyncio.wait_for(
                self.app.bot.answer_callback_query(query_id), timeout=ACK_TIMEOUT
            )
        except (TelegramError, TimeoutError) as exc:
            log.info("a button press was not acknowledged (%s); it is handled anyway", exc)

    async def settle(self) -> None:
        """Wait for the acknowledgements under way (tests, shutdown)."""
        if self._acks:
            await asyncio.wait(list(self._acks), timeout=ACK_TIMEOUT)

    # ------------------------------------------------------------------ batches

    async def handle_batch(self, updates: list[Any]) -> None:
        """Handle updates fetched together: each user's in order, users side by side."""
        lanes: dict[object, list[Any]] = {}
        for data in updates:
            lanes.setdefault(_lane(data), []).append(data)
        await asyncio.gather(*(self._lane(lane) for lane in lanes.values()))

    async def _lane(self, updates: list[Any]) -> None:
        for data in updates:
            try:
                await self.handle(data)
            except Exception:  # a fault of this module: never one update's end of the bot
                log.exception("update %.100r could not be handled", data)


def _caller(update: Update) -> Caller:
    user = update.effective_user
    assert user is not None
    return Caller(user.id, user.language_code, user.first_name or "", user.username)


def _check_ids(*entities: Any) -> None:
    """Telegram's ids are integers; anything else would reach the database as is."""
    for entity in entities:
        if entity is not None and (not isinstance(entity.id, int) or isinstance(entity.id, bool)):
            raise TypeError(f"{type(entity).__name__}.id is {entity.id!r}, not a number")


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


def _clean(value: Any) -> Any:
    """The update with every lone surrogate (invalid UTF-16 in Telegram's JSON) replaced by
    U+FFFD: SQLite and the Bot API accept only valid Unicode."""
    if isinstance(value, str):
        if _SURROGATE.search(value) is None:
            return value
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _lane(data: Any) -> object:
    """Whose update it is (its sender, else its chat), for keeping their order."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "update_id" or not isinstance(value, dict):
                continue
            for holder in (value, value.get("message"), value.get("chat")):
                if isinstance(holder, dict):
                    sender = holder.get("from") or holder.get("chat")
                    if isinstance(sender, dict) and isinstance(sender.get("id"), int):
                        return sender["id"]
        return ("update", data.get("update_id"))
    return ("update", id(data))
