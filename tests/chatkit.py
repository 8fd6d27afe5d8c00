"""The fast test layer: the real Application, fed updates the way it takes them from
Telegram (`Processor.handle`, then the outbox drained).

As python-telegram-bot's own tests do, only the network is replaced: `RecordingRequest` is
a `BaseRequest` that answers the Bot API calls the bot makes from memory, checks each the
way Telegram would (HTML that Telegram's parser accepts, message length, keyboards) and
records it. No server, no polling, no HTTP: a handler test takes milliseconds. The HTTP
layer (tests/fakebotapi.py) is for the end-to-end, crash and fault tests.

    async with chat_bot(book) as bot:
        [reply] = await bot.say(ANNA, "/start", first_name="Анна")
        assert "/cases" in reply["plain_text"]
"""

from __future__ import annotations

import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from telegram.request import BaseRequest, RequestData

from salesbot.config import Config
from salesbot.storage import SqliteStore
from salesbot.tg.app import build_application
from tests.telegram_html import (
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_TEXT_LENGTH,
    EntityParseError,
    bot_command_entities,
    parse_html,
    strip_formatted,
    utf16_len,
)

JSON = dict[str, Any]
BOT = {
    "id": 1000,
    "is_bot": True,
    "first_name": "SalesBot",
    "username": "salesbot_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


class Refused(Exception):
    """An error answer of the Bot API: (status, description)."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status


class RecordingRequest(BaseRequest):
    """The Bot API as the bot uses it, answered from memory and recorded."""

    def __init__(self) -> None:
        self.calls: list[JSON] = []  # {"method", "params", "status", "description"}
        self.sent: list[JSON] = []  # sendMessage: chat_id, message_id, text, plain_text, ...
        self.edits: list[JSON] = []
        self.documents: list[JSON] = []  # chat_id, filename, content, caption
        self.callback_answers: list[JSON] = []
        self.commands: dict[str, list[JSON]] = {}  # by language_code ("" = default)
        self.blocked: set[int] = set()
        self._ids = itertools.count(10_000)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = request_data.multipart_data if request_data else {}
        call = {"method": name, "params": params, "status": 200, "description": ""}
        self.calls.append(call)
        try:
            handler = getattr(self, f"_m_{name}", None)
            if handler is None:
                raise Refused(404, f"Not Found: method {name} is not expected from the bot")
            result = handler(params, files)
        except Refused as refused:
            call |= {"status": refused.status, "description": str(refused)}
            body = {"ok": False, "error_code": refused.status, "description": str(refused)}
            return refused.status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}, ensure_ascii=False).encode()

    # ---- what the bot calls

    def _m_getMe(self, params: JSON, files: JSON) -> JSON:
        return BOT

    def _m_deleteWebhook(self, params: JSON, files: JSON) -> bool:
        return True

    def _m_setMyCommands(self, params: JSON, files: JSON) -> bool:
        commands = params["commands"]
        assert all(1 <= len(c["description"]) <= 256 for c in commands)
        self.commands[params.get("language_code", "")] = commands
        return True

    def _m_editMessageReplyMarkup(self, params: JSON, files: JSON) -> JSON:
        raise Refused(400, "Bad Request: message to edit not found")

    def _m_answerCallbackQuery(self, params: JSON, files: JSON) -> bool:
        self.callback_answers.append(params)
        return True

    def _m_sendMessage(self, params: JSON, files: JSON) -> JSON:
        chat_id = self._chat(params)
        plain = self._text(params.get("text", ""), params.get("parse_mode"), MAX_TEXT_LENGTH)
        if not plain:
            raise Refused(400, "Bad Request: message text is empty")
        markup = self._keyboard(params.get("reply_markup"))
        message = self._message(chat_id, plain, markup)
        self.sent.append(
            {
                "chat_id": chat_id,
                "message_id": message["message_id"],
                "text": params["text"],
                "plain_text": plain,
                "reply_markup": markup,
            }
        )
        return message

    def _m_editMessageText(self, params: JSON, files: JSON) -> JSON:
        chat_id = self._chat(params)
        plain = self._text(params.get("text", ""), params.get("parse_mode"), MAX_TEXT_LENGTH)
        markup = self._keyboard(params.get("reply_markup"))
        self.edits.append(
            {
                "chat_id": chat_id,
                "message_id": params["message_id"],
                "plain_text": plain,
                "reply_markup": markup,
            }
        )
        return self._message(chat_id, plain, markup, params["message_id"])

    def _m_sendDocument(self, params: JSON, files: JSON) -> JSON:
        chat_id = self._chat(params)
        caption = params.get("caption")
        if caption is not None:
            self._text(caption, params.get("parse_mode"), MAX_CAPTION_LENGTH)
        [(filename, content, _mime)] = files.values()
        if not content:
            raise Refused(400, "Bad Request: file must be non-empty")
        self.documents.append(
            {"chat_id": chat_id, "filename": filename, "content": content, "caption": caption}
        )
        message = self._message(chat_id, None, None)
        message["document"] = {"file_id": "doc", "file_unique_id": "doc", "file_name": filename}
        return message

    # ---- Telegram's checks

    def _chat(self, params: JSON) -> int:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            raise Refused(403, "Forbidden: bot was blocked by the user")
        return chat_id

    @staticmethod
    def _text(text: str, parse_mode: str | None, limit: int) -> str:
        if parse_mode not in (None, "HTML"):
            raise Refused(400, f"Bad Request: unexpected parse_mode {parse_mode}")
        try:
            plain, entities = parse_html(text) if parse_mode else (text, [])
        except EntityParseError as exc:
            raise Refused(400, f"Bad Request: can't parse entities: {exc}") from None
        plain, _ = strip_formatted(plain, entities)
        if utf16_len(plain) > limit:
            raise Refused(400, "Bad Request: message is too long")
        return plain

    @staticmethod
    def _keyboard(markup: Any) -> JSON | None:
        if markup is None:
            return None
        rows = markup["inline_keyboard"]
        for row in rows:
            for button in row:
                data = button.get("callback_data", "")
                if not isinstance(button.get("text"), str) or not button["text"]:
                    raise Refused(400, "Bad Request: can't parse inline keyboard button")
                if not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
                    raise Refused(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    def _message(
        self, chat_id: int, text: str | None, markup: JSON | None, message_id: int | None = None
    ) -> JSON:
        message: JSON = {
            "message_id": message_id or next(self._ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT,
        }
        if text is not None:
            message["text"] = text
        if markup:
            message["reply_markup"] = markup
        return message


# Telegram numbers a bot's updates upwards for good: a bot restarted on the same database
# never sees an old number again (an old number is a redelivery, and is skipped).
_UPDATE_IDS = itertools.count(1)


class ChatBot:
    """Users writing to the bot: each call builds an Update and processes it to the end."""

    def __init__(self, app: Any, request: RecordingRequest, store: SqliteStore) -> None:
        self.app = app
        self.request = request
        self.store = store
        self._update_ids = _UPDATE_IDS
        self._message_ids = itertools.count(1)
        self._users: dict[int, JSON] = {}

    # ---- users act

    async def say(
        self, user: int, text: str, *, chat_id: int | None = None, **profile
    ) -> list[JSON]:
        """A text message from the user (commands get their entity); returns the bot's new
        messages to that chat."""
        fields: JSON = {"text": text}
        if entities := bot_command_entities(text):
            fields["entities"] = entities
        return await self.send(user, fields, chat_id=chat_id, **profile)

    async def send(
        self,
        user: int,
        fields: JSON,
        *,
        chat_id: int | None = None,
        update_id: int | None = None,
        **profile,
    ) -> list[JSON]:
        """Any message (a sticker, a photo) from the user, in their private chat unless
        `chat_id` names a group."""
        chat_id = user if chat_id is None else chat_id
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(user, chat_id),
            "from": self._user(user, **profile),
            **fields,
        }
        return await self.process({"message": message}, chat_id, update_id)

    async def edit(self, user: int, message_id: int, text: str) -> list[JSON]:
        """The user edits a message they sent."""
        message = {
            "message_id": message_id,
            "date": int(time.time()) - 60,
            "edit_date": int(time.time()),
            "chat": self._chat(user, user),
            "from": self._user(user),
            "text": text,
        }
        return await self.process({"edited_message": message}, user)

    async def press(self, user: int, data: str, message_id: int = 1, **profile) -> list[JSON]:
        """The user presses an inline button of a message from the bot."""
        query = {
            "id": str(next(self._update_ids) + 500_000),
            "from": self._user(user, **profile),
            "chat_instance": str(user),
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": self._chat(user, user),
                "from": BOT,
                "text": "…",
            },
        }
        return await self.process({"callback_query": query}, user)

    async def process(
        self, payload: JSON, chat_id: int, update_id: int | None = None
    ) -> list[JSON]:
        """Process one update (as JSON) to the end; the bot's new messages to `chat_id`."""
        before = len(self.sent(chat_id))
        await self.handle({"update_id": update_id or next(self._update_ids), **payload})
        return self.sent(chat_id)[before:]

    async def handle(self, update: JSON) -> None:
        """One update as the bot takes it from Telegram (salesbot/tg/processing.py), then
        its replies delivered from the outbox and its button acknowledged."""
        await self.app.bot_data["processor"].handle(update)
        await self.deliver()

    async def deliver(self) -> None:
        """Send what waits in the outbox (a scheduled job's messages, say)."""
        await self.app.bot_data["processor"].settle()
        await self.app.bot_data["outbox"].drain()

    # ---- what the bot did

    def sent(self, chat_id: int | None = None) -> list[JSON]:
        return [m for m in self.request.sent if chat_id is None or m["chat_id"] == chat_id]

    def documents(self, chat_id: int | None = None) -> list[JSON]:
        return [d for d in self.request.documents if chat_id is None or d["chat_id"] == chat_id]

    def edits(self, chat_id: int | None = None) -> list[JSON]:
        return [e for e in self.request.edits if chat_id is None or e["chat_id"] == chat_id]

    def refused_calls(self) -> list[JSON]:
        """Calls Telegram would have refused for the request itself (bad HTML, too long)."""
        return [c for c in self.request.calls if c["status"] == 400]

    # ---- helpers

    def _user(self, user: int, **profile) -> JSON:
        known = self._users.setdefault(
            user, {"id": user, "is_bot": False, "first_name": f"User{user}", "language_code": "ru"}
        )
        known.update({k: v for k, v in profile.items() if v is not None})
        return dict(known)

    def _chat(self, user: int, chat_id: int) -> JSON:
        if chat_id == user:
            return {"id": chat_id, "type": "private", "first_name": self._user(user)["first_name"]}
        return {"id": chat_id, "type": "group", "title": "Test group"}


@contextlib.asynccontextmanager
async def chat_bot(
    book: Any, store: SqliteStore | None = None, clock: Any = None, **settings: Any
) -> AsyncIterator[ChatBot]:
    """The bot as built for production, on an in-memory store (or `store`), with the Bot
    API answered by a RecordingRequest. `settings` are Config fields; `clock` tells the
    time for assignments."""
    request = RecordingRequest()
    store = store or SqliteStore(":memory:")
    config = Config(telegram={"token": "123:TEST"}, **settings)
    options = {"clock": clock} if clock is not None else {}
    app = build_application(config, book, store, request=request, **options)
    async with app:
        yield ChatBot(app, request, store)
    store.close()
