"""A fake Telegram Bot API server for the end-to-end, crash and fault tests.

The real python-telegram-bot ``Application`` talks to this server over real HTTP on
127.0.0.1, exactly as it would talk to api.telegram.org::

    with FakeBotAPI() as api:
        app = ApplicationBuilder().token(api.token).base_url(api.base_url).build()
        ...
        api.send_text(42, "/start")
        msgs = await api.await_messages(42, 1)

It serves what salesbot uses and nothing more: getMe, getUpdates, setWebhook,
deleteWebhook, setMyCommands, sendMessage, editMessageText, editMessageReplyMarkup,
answerCallbackQuery and sendDocument, with HTML as the only parse mode. ``latency`` adds a
round trip to every request but getUpdates. Handler behaviour is tested faster without
HTTP (tests/chatkit.py); this server is for what only the wire shows: polling, redelivery
after a crash, Bot API errors, timeouts and dropped connections.

Only the standard library is used: a ``ThreadingHTTPServer`` runs in a background thread,
so the server is independent of the bot's asyncio loop (long polls block a server thread,
never the loop).

Fidelity notes
--------------
* HTML is parsed by the port of tdlib's parser in tests/telegram_html.py, so the accepted
  syntax, the entities (UTF-16 offsets) and the error texts match Telegram (with a strict
  ``&``: see there).
* Updates are confirmed like Telegram does it: by a later ``getUpdates`` whose ``offset``
  is above their ``update_id``.  Unconfirmed updates are delivered again, so a bot that
  "crashes" and reconnects with an old offset gets the same batch.  An update pushed with
  ``send_raw`` and an old ``update_id`` is delivered once before it can be confirmed
  (Telegram never produces such updates; this lets tests exercise de-duplication).
* Webhooks are only stored (``setWebhook`` makes ``getUpdates`` answer 409 as Telegram
  does); the server never POSTs updates anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import random
import re
import socket
import sys
import threading
import time
import traceback
import uuid
from collections import deque
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

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

__all__ = ["MAX_TEXT_LENGTH", "ApiError", "FakeBotAPI", "parse_html", "utf16_len"]

JSON = dict[str, Any]
MethodHandler = Callable[[dict[str, str], dict[str, JSON]], Any]

MAX_CALLBACK_ANSWER_LENGTH = 200
# Update types that Telegram only sends when explicitly listed in allowed_updates.
_OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Parameters whose values are JSON-serialized objects/arrays.
_JSON_PARAMS = frozenset({"reply_markup", "commands", "scope", "allowed_updates"})
_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_API_PATH_RE = re.compile(r"/bot([^/]*)/([^/]*)/?")
_COMMAND_NAME_RE = re.compile(r"[a-z0-9_]{1,32}")

MESSAGE_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_ID_INVALID = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)


class ApiError(Exception):
    """An error answer of the Bot API.  Raise it from a custom method handler."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


# --------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------


def _normalize_json_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _header_params(value: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for m in re.finditer(r';\s*([\w*.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', value):
        name, raw = m.group(1).lower(), m.group(2).strip()
        if raw.startswith('"'):
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1]).replace("%22", '"')
        if name.endswith("*"):  # RFC 5987: charset''percent-encoded
            name = name[:-1]
            _charset, _, raw = raw.partition("''")
            raw = unquote(raw)
        params[name] = raw
    return params


def _parse_multipart(body: bytes, boundary: str) -> tuple[dict[str, str], dict[str, JSON]]:
    params: dict[str, str] = {}
    files: dict[str, JSON] = {}
    for part in (b"\r\n" + body).split(b"\r\n--" + boundary.encode("latin-1"))[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.partition(b"\r\n\r\n")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, sep, val = line.partition(":")
            if sep:
                headers[key.strip().lower()] = val.strip()
        disposition = _header_params(headers.get("content-disposition", ""))
        name = disposition.get("name")
        if name is None:
            continue
        if "filename" in disposition:
            files[name] = {
                "filename": disposition["filename"],
                "content": content,
                "content_type": headers.get("content-type", "application/octet-stream"),
            }
        else:
            params[name] = content.decode("utf-8", "replace")
    return params, files


def _parse_body(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, JSON]]:
    if not body:
        return {}, {}
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype == "application/json":
        try:
            data = json.loads(body)
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON encoded request") from None
        if not isinstance(data, dict):
            return {}, {}
        params = {k: _normalize_json_value(v) for k, v in data.items()}
        return {k: v for k, v in params.items() if v is not None}, {}
    if ctype == "multipart/form-data":
        boundary = _header_params(content_type).get("boundary")
        if not boundary:
            raise ApiError(400, "Bad Request: multipart boundary is missing")
        return _parse_multipart(body, boundary)
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)), {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # never join handler threads (a long poll may be pending)

    def __init__(self, api: FakeBotAPI, address: tuple[str, int]) -> None:
        self.api = api
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (a bot killed mid-request) is no error of the fake."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = super().get_request()
        with self.sockets_lock:
            self.open_sockets.add(sock)
        return sock, addr

    def shutdown_request(self, request: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        with self.sockets_lock:
            sockets = list(self.open_sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeBotAPI/1.0"
    disable_nagle_algorithm = True
    timeout = 60  # idle keep-alive connections are dropped after this
    server: _Server

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self) -> None:
        try:
            body = self._read_body()
            status, ctype, content = self.server.api._handle_http(
                self.command, self.path, self.headers.get("Content-Type", ""), body
            )
        except Exception:
            self.server.api._errors.append(traceback.format_exc())
            status, ctype = 500, "application/json"
            content = json.dumps(ApiError(500, "Internal Server Error").payload()).encode()
        if status == 0:  # simulated network failure: drop the connection, no response
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
            self.wfile.flush()
        except OSError:  # the client went away (cancelled long poll, timeout)
            self.close_connection = True


# --------------------------------------------------------------------------------------
# The fake API
# --------------------------------------------------------------------------------------


def _as_bool(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1", "yes", "on")


class FakeBotAPI:
    """A Telegram Bot API server on 127.0.0.1 for the real PTB Application to talk to.

    Thread-safe: every public method may be called from the test (any thread) while the
    server threads serve the bot.  All recorded dicts are deep copies.
    """

    def __init__(
        self,
        token: str = "123:TEST",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_id: int = 1000,
        bot_username: str = "salesbot_test_bot",
        bot_first_name: str = "SalesBot",
        max_poll_timeout: float = 10.0,
        latency: float = 0.0,
    ) -> None:
        """``max_poll_timeout``: upper bound for a long poll, whatever ``timeout`` the bot
        asks for. ``latency``: seconds every request but getUpdates waits before it is
        handled (Telegram's round trip; also settable later as ``api.latency``)."""
        self.token = token
        self.latency = latency
        self.host = host
        self.max_poll_timeout = max_poll_timeout
        self.bot_user: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self._requested_port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stop_event = threading.Event()

        self._lock = threading.RLock()
        self._updates_cond = threading.Condition(self._lock)
        self._record_cond = threading.Condition(self._lock)

        # update queue
        self._queue: list[JSON] = []  # entries: {"update": dict, "delivered": bool}
        self._last_batch: list[JSON] = []
        self._next_update_id = 1
        self._poll_generation = 0
        self._allowed_updates: frozenset[str] | None = None
        self._webhook: JSON = {}

        # world state
        self._users: dict[int, JSON] = {}
        self._chats: dict[int, JSON] = {}
        self._messages: dict[tuple[int, int], JSON] = {}  # -> {"message", "from_bot"}
        self._last_message_id: dict[int, int] = {}
        self._callback_queries: dict[str, JSON] = {}
        self._forbidden: dict[int, str] = {}
        self._commands: dict[str, list[JSON]] = {}  # by language_code ("" = default)

        # fault injection: lower-case method name (or "*") -> deque of [spec, remaining]
        self._faults: dict[str, deque] = {}
        self._delays: dict[str, deque] = {}
        self._disconnects: dict[str, deque] = {}

        # recordings
        self._calls: list[JSON] = []
        self._sent: list[JSON] = []
        self._edits: list[JSON] = []
        self._documents: list[JSON] = []
        self._callback_answers: list[JSON] = []
        self._errors: list[str] = []

        self._methods: dict[str, tuple[str, MethodHandler]] = {}
        for name, handler in (
            ("getMe", self._m_get_me),
            ("getUpdates", self._m_get_updates),
            ("setWebhook", self._m_set_webhook),
            ("deleteWebhook", self._m_delete_webhook),
            ("setMyCommands", self._m_set_my_commands),
            ("sendMessage", self._m_send_message),
            ("editMessageText", self._m_edit_message_text),
            ("editMessageReplyMarkup", self._m_edit_message_reply_markup),
            ("answerCallbackQuery", self._m_answer_callback_query),
            ("sendDocument", self._m_send_document),
        ):
            self.register_method(name, handler)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeBotAPI:
        """Bind 127.0.0.1 (port 0 = any free port) and serve in a background thread."""
        if self._server is not None:
            return self
        self._stop_event.clear()
        self._server = _Server(self, (self.host, self._requested_port))
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeBotAPI:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake pending long polls and drop open connections."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stop_event.set()
        with self._lock:
            self._updates_cond.notify_all()
            self._record_cond.notify_all()
        server.shutdown()
        server.drop_connections()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    async def __aenter__(self) -> FakeBotAPI:
        return self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``: PTB appends ``{token}/{method}``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"<FakeBotAPI {where} token={self.token!r}>"

    # ------------------------------------------------------------------ extension

    def register_method(
        self, name: str, handler: MethodHandler | None = None, *, result: Any = True
    ) -> None:
        """Add (or replace) a Bot API method.

        ``handler(params, files)`` gets the string parameters and uploaded files, runs
        under the server lock, and returns the ``result`` or raises :class:`ApiError`.
        Without a handler the method just answers ``result``.
        """
        if handler is None:

            def constant(params: dict[str, str], files: dict[str, JSON]) -> Any:
                return copy.deepcopy(result)

            handler = constant
        self._methods[name.lower()] = (name, handler)

    # ------------------------------------------------------------------ users

    def block_user(
        self, user_id: int, description: str = "Forbidden: bot was blocked by the user"
    ) -> None:
        """Every send or edit to this chat answers 403 with ``description``."""
        with self._lock:
            self._forbidden[int(user_id)] = description

    # ------------------------------------------------------------------ update helpers

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
        first_name: str | None = None,
        language_code: str | None = "ru",
        username: str | None = None,
    ) -> JSON:
        """Queue a text message from a user; commands get ``bot_command`` entities."""
        fields: JSON = {"text": text}
        found = bot_command_entities(text)
        if found:
            fields["entities"] = found
        return self._push_user_message(
            user_id,
            fields,
            chat_type=chat_type,
            chat_id=chat_id,
            first_name=first_name,
            language_code=language_code,
            username=username,
        )

    def send_sticker(self, user_id: int, emoji: str = "👍") -> JSON:
        """Queue a sticker from a user (something the bot cannot score)."""
        sticker = {
            "file_id": "CAACAgIA" + uuid.uuid4().hex,
            "file_unique_id": uuid.uuid4().hex[:16],
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._push_user_message(user_id, {"sticker": sticker})

    def send_edited_text(self, user_id: int, message_id: int, text: str) -> JSON:
        """Queue an ``edited_message`` update for a message the user sent earlier."""
        with self._lock:
            stored = self._messages.get((user_id, message_id))
            if stored is not None:
                message = copy.deepcopy(stored["message"])
            else:
                message = {
                    "message_id": message_id,
                    "from": self._user(user_id),
                    "chat": self._chat_obj(user_id),
                    "date": int(time.time()) - 60,
                }
            message["text"] = text
            message.pop("entities", None)
            found = bot_command_entities(text)
            if found:
                message["entities"] = found
            message["edit_date"] = int(time.time())
            return self._push({"edited_message": message})

    def press_button(
        self,
        user_id: int,
        callback_data: str,
        message_id: int | None = None,
        *,
        language_code: str | None = "ru",
    ) -> JSON:
        """Queue a ``callback_query`` as if the user pressed an inline button.

        Without ``message_id`` the newest bot message in the chat that has a button with
        this ``callback_data`` is used (else the newest bot message).
        """
        with self._lock:
            user = self._user(user_id, language_code=language_code)
            if message_id is None:
                message_id = self._find_button_message(user_id, callback_data)
            stored = self._messages.get((user_id, message_id))
            if stored is not None:
                message = copy.deepcopy(stored["message"])
            else:
                message = {
                    "message_id": message_id,
                    "from": copy.deepcopy(self.bot_user),
                    "chat": self._chat_obj(user_id),
                    "date": int(time.time()) - 1,
                }
            query_id = str(random.getrandbits(63))
            self._callback_queries[query_id] = {"answered": False}
            query = {
                "id": query_id,
                "from": user,
                "message": message,
                "chat_instance": str(abs(hash((self.bot_user["id"], user_id)))),
                "data": callback_data,
            }
            return self._push({"callback_query": query})

    def send_raw(self, update: JSON, *, update_id: int | None = None) -> JSON:
        """Queue any update dict as-is.

        ``update_id`` (argument or key) may repeat or go back to simulate duplicates and
        out-of-order delivery; it is assigned automatically when absent.
        """
        update = copy.deepcopy(update)
        if update_id is not None:
            update["update_id"] = update_id
        return self._push(update)

    # ------------------------------------------------------------------ the queue

    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by the bot (delivered or not)."""
        with self._lock:
            return [copy.deepcopy(entry["update"]) for entry in self._queue]

    def clear_updates(self) -> None:
        with self._lock:
            self._queue.clear()

    def redeliver_last_batch(self) -> list[JSON]:
        """Crash simulation: un-confirm the last non-empty batch returned by getUpdates.

        PTB confirms its last batch when it stops cleanly; this puts that batch back at the
        head of the queue (same update_ids) as if the bot had died before confirming, so
        the next getUpdates (of this or a new Application) receives it again.
        """
        with self._lock:
            queued = {entry["update"]["update_id"] for entry in self._queue}
            again = [
                {"update": copy.deepcopy(update), "delivered": False}
                for update in self._last_batch
                if update["update_id"] not in queued
            ]
            self._queue[:0] = again
            self._updates_cond.notify_all()
            return [copy.deepcopy(entry["update"]) for entry in again]

    async def await_updates_consumed(
        self, timeout: float = 5.0, *, poll_interval: float = 0.01
    ) -> None:
        """Wait until every queued update has been confirmed by the bot."""
        await self._await(
            lambda: not self._queue, timeout, "updates to be confirmed", poll_interval
        )

    # ------------------------------------------------------------------ fault injection

    def fail_next(
        self,
        method: str,
        status: int,
        description: str | None = None,
        *,
        retry_after: int | None = None,
        times: int = 1,
        parameters: JSON | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` ("*" = any) answer this error.

        429 gets ``parameters.retry_after`` (default 1 s) so PTB raises ``RetryAfter``.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        params = dict(parameters or {})
        if retry_after is not None:
            params["retry_after"] = retry_after
        if description is None:
            description = {
                400: "Bad Request",
                401: "Unauthorized",
                403: "Forbidden",
                404: "Not Found",
                409: "Conflict",
                429: f"Too Many Requests: retry after {retry_after}",
            }.get(status)
            if description is None:
                try:
                    description = HTTPStatus(status).phrase
                except ValueError:
                    description = f"Error {status}"
        error = ApiError(status, description, params or None)
        self._add_fault(self._faults, method, error, times)

    def delay_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` hang ``seconds`` before being processed.

        The call still takes effect afterwards (a message is "sent" although the client
        may have timed out), which is exactly the hazard of a real timeout.
        """
        self._add_fault(self._delays, method, float(seconds), times)

    def clear_faults(self) -> None:
        """Forget every error, delay and disconnection still planned."""
        with self._lock:
            self._faults.clear()
            self._delays.clear()
            self._disconnects.clear()

    def disconnect_next(self, method: str, *, times: int = 1) -> None:
        """The next ``times`` calls drop the connection without any response."""
        self._add_fault(self._disconnects, method, True, times)

    # ------------------------------------------------------------------ inspection

    def calls(self, method: str | None = None) -> list[JSON]:
        """Every request: {"method", "params" (strings), "args" (JSON params decoded),
        "files", "status", "response", "time"}; ``method`` is case-insensitive."""
        with self._lock:
            return [
                copy.deepcopy(call)
                for call in self._calls
                if method is None or call["method"].lower() == method.lower()
            ]

    def sent_messages(self, chat_id: int | None = None) -> list[JSON]:
        """Successful sendMessage calls: {"chat_id", "message_id", "text" (as sent),
        "plain_text", "parse_mode", "entities", "reply_markup" (parsed), "message"}."""
        with self._lock:
            return self._filter(self._sent, chat_id)

    def edits(self, chat_id: int | None = None) -> list[JSON]:
        """Successful editMessageText calls."""
        with self._lock:
            return self._filter(self._edits, chat_id)

    def documents(self, chat_id: int | None = None) -> list[JSON]:
        """Successful sendDocument calls: {"chat_id", "message_id", "filename", "content",
        "caption", "parse_mode", "message"}."""
        with self._lock:
            return self._filter(self._documents, chat_id)

    def callback_answers(self) -> list[JSON]:
        with self._lock:
            return copy.deepcopy(self._callback_answers)

    def commands(self, language_code: str = "") -> list[JSON]:
        """Commands stored by setMyCommands for a language ("" = the default)."""
        with self._lock:
            return copy.deepcopy(self._commands.get(language_code, []))

    @property
    def errors(self) -> list[str]:
        """Tracebacks of unexpected exceptions inside the fake (answered with 500)."""
        with self._lock:
            return list(self._errors)

    # ------------------------------------------------------------------ waiters

    def wait_for_messages(
        self, chat_id: int | None = None, count: int = 1, timeout: float = 5.0
    ) -> list[JSON]:
        """Block until ``count`` messages were sent to ``chat_id`` (None = any chat);
        returns all of them.  Do not call from the event loop running the bot."""
        self._wait(
            lambda: len(self._filter(self._sent, chat_id, copy_=False)) >= count,
            timeout,
            lambda: self._describe_wait(chat_id, count),
            self._record_cond,
        )
        return self.sent_messages(chat_id)

    async def await_messages(
        self,
        chat_id: int | None = None,
        count: int = 1,
        timeout: float = 5.0,
        *,
        poll_interval: float = 0.01,
    ) -> list[JSON]:
        """Async twin of :meth:`wait_for_messages`, safe inside the bot's event loop."""
        await self._await(
            lambda: len(self._filter(self._sent, chat_id, copy_=False)) >= count,
            timeout,
            lambda: self._describe_wait(chat_id, count),
            poll_interval,
        )
        return self.sent_messages(chat_id)

    def wait_for_calls(self, method: str, count: int = 1, timeout: float = 5.0) -> list[JSON]:
        self._wait(
            lambda: self._count_calls(method) >= count,
            timeout,
            f"{count} {method} call(s)",
            self._record_cond,
        )
        return self.calls(method)

    async def await_calls(
        self, method: str, count: int = 1, timeout: float = 5.0, *, poll_interval: float = 0.01
    ) -> list[JSON]:
        await self._await(
            lambda: self._count_calls(method) >= count,
            timeout,
            f"{count} {method} call(s)",
            poll_interval,
        )
        return self.calls(method)

    # ================================================================== internals

    def _filter(
        self, records: list[JSON], chat_id: int | None, *, copy_: bool = True
    ) -> list[JSON]:
        selected = [r for r in records if chat_id is None or r["chat_id"] == chat_id]
        return copy.deepcopy(selected) if copy_ else selected

    def _count_calls(self, method: str) -> int:
        return sum(1 for call in self._calls if call["method"].lower() == method.lower())

    def _describe_wait(self, chat_id: int | None, count: int) -> str:
        got = [m["text"] for m in self._filter(self._sent, chat_id, copy_=False)]
        failed = [
            f"{c['method']} -> {c['status']} {c['response'].get('description', '')}"
            for c in self._calls
            if c["status"] != 200
        ]
        return (
            f"{count} message(s) to chat {chat_id}; got {len(got)}: {got!r}; "
            f"failed calls: {failed!r}; fake errors: {len(self._errors)}"
        )

    def _wait(
        self,
        predicate: Callable[[], bool],
        timeout: float,
        what: str | Callable[[], str],
        cond: threading.Condition,
    ) -> None:
        deadline = time.monotonic() + timeout
        with cond:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    text = what if isinstance(what, str) else what()
                    raise TimeoutError(f"timed out waiting for {text}")
                cond.wait(min(remaining, 0.1))

    async def _await(
        self,
        predicate: Callable[[], bool],
        timeout: float,
        what: str | Callable[[], str],
        poll_interval: float,
    ) -> None:
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if predicate():
                    return
                if time.monotonic() >= deadline:
                    text = what if isinstance(what, str) else what()
                    raise TimeoutError(f"timed out waiting for {text}")
            await asyncio.sleep(poll_interval)

    def _add_fault(self, table: dict[str, deque], method: str, spec: Any, times: int) -> None:
        if times < 1:
            raise ValueError("times must be >= 1")
        with self._lock:
            table.setdefault(method.lower(), deque()).append([spec, times])

    def _pop_fault(self, table: dict[str, deque], key: str) -> Any:
        with self._lock:
            for name in (key, "*"):
                pending = table.get(name)
                if pending:
                    entry = pending[0]
                    entry[1] -= 1
                    if entry[1] <= 0:
                        pending.popleft()
                    return entry[0]
        return None

    # ------------------------------------------------------------------ HTTP entry

    def _handle_http(
        self, http_method: str, path: str, content_type: str, body: bytes
    ) -> tuple[int, str, bytes]:
        parts = urlsplit(path)
        m = _API_PATH_RE.fullmatch(unquote(parts.path))
        if not m:
            return self._json_response(404, ApiError(404, "Not Found").payload())
        token, method = m.group(1), m.group(2)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        try:
            body_params, files = _parse_body(content_type, body)
        except ApiError as exc:
            return self._json_response(exc.code, exc.payload())
        params.update(body_params)
        status, payload = self._dispatch(token, method, params, files)
        if payload is None:
            return 0, "", b""
        return self._json_response(status, payload)

    @staticmethod
    def _json_response(status: int, payload: JSON) -> tuple[int, str, bytes]:
        try:
            body = json.dumps(payload, ensure_ascii=False).encode()
        except UnicodeEncodeError:  # a lone surrogate: escaped, as Telegram's JSON has it
            body = json.dumps(payload).encode()
        return status, "application/json", body

    def _dispatch(
        self, token: str, method: str, params: dict[str, str], files: dict[str, JSON]
    ) -> tuple[int, JSON | None]:
        key = method.lower()
        entry = self._methods.get(key)
        name = entry[0] if entry else method
        error: ApiError | None = None
        result: Any = None
        if token != self.token:
            if _TOKEN_RE.fullmatch(token):
                error = ApiError(401, "Unauthorized")
            else:
                error = ApiError(404, "Not Found")
        else:
            if self.latency and key != "getupdates":
                self._stop_event.wait(self.latency)
            delay = self._pop_fault(self._delays, key)
            if delay:
                self._stop_event.wait(delay)
            if self._pop_fault(self._disconnects, key):
                self._record(name, params, files, 0, None)
                return 0, None
            error = self._pop_fault(self._faults, key)
            if error is None and entry is None:
                error = ApiError(404, "Not Found: method not found")
            if error is None and entry is not None:
                try:
                    with self._lock:
                        result = entry[1](params, files)
                except ApiError as exc:
                    error = exc
                except Exception:
                    with self._lock:
                        self._errors.append(traceback.format_exc())
                    error = ApiError(500, "Internal Server Error: fake Bot API crashed")
        if error is not None:
            payload = error.payload()
            self._record(name, params, files, error.code, payload)
            return error.code, payload
        payload = {"ok": True, "result": result}
        self._record(name, params, files, 200, payload)
        return 200, payload

    def _record(
        self,
        method: str,
        params: dict[str, str],
        files: dict[str, JSON],
        status: int,
        payload: JSON | None,
    ) -> None:
        args: JSON = dict(params)
        for key in _JSON_PARAMS & params.keys():
            with contextlib.suppress(ValueError):
                args[key] = json.loads(params[key])
        with self._lock:
            self._calls.append(
                {
                    "method": method,
                    "params": dict(params),
                    "args": args,
                    "files": copy.deepcopy(files),
                    "status": status,
                    "response": copy.deepcopy(payload) if payload is not None else {},
                    "time": time.time(),
                }
            )
            self._record_cond.notify_all()

    # ------------------------------------------------------------------ world helpers

    def _push(self, update: JSON) -> JSON:
        with self._lock:
            if "update_id" not in update:
                update["update_id"] = self._next_update_id
            self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
            update = {"update_id": update.pop("update_id"), **update}
            self._queue.append({"update": copy.deepcopy(update), "delivered": False})
            self._updates_cond.notify_all()
            return copy.deepcopy(update)

    def _next_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _user(self, user_id: int, **profile: str | None) -> JSON:
        """The user (created on first use, refreshed with the given profile fields), and
        their private chat."""
        user = self._users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        )
        user.update({k: v for k, v in profile.items() if v is not None})
        self._chats[user_id] = {"id": user_id, "type": "private", "first_name": user["first_name"]}
        return copy.deepcopy(user)

    def _chat_obj(self, chat_id: int) -> JSON:
        chat = self._chats.get(chat_id)
        if chat is not None:
            return copy.deepcopy(chat)
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "type": kind, "title": f"Chat {chat_id}"}

    def _push_user_message(
        self,
        user_id: int,
        fields: JSON,
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
        first_name: str | None = None,
        language_code: str | None = "ru",
        username: str | None = None,
    ) -> JSON:
        if chat_type not in ("private", "group", "supergroup"):
            raise ValueError(f"unsupported chat_type {chat_type!r}; use send_raw()")
        with self._lock:
            user = self._user(
                user_id, first_name=first_name, username=username, language_code=language_code
            )
            cid = user_id
            if chat_type != "private":
                cid = chat_id if chat_id is not None else -user_id
                self._chats.setdefault(cid, {"id": cid, "type": chat_type, "title": "Test group"})
            message: JSON = {
                "message_id": self._next_message_id(cid),
                "from": user,
                "chat": copy.deepcopy(self._chats[cid]),
                "date": int(time.time()),
                **copy.deepcopy(fields),
            }
            self._messages[(cid, message["message_id"])] = {
                "message": copy.deepcopy(message),
                "from_bot": False,
            }
            return self._push({"message": message})

    def _find_button_message(self, chat_id: int, callback_data: str) -> int:
        bot_messages = sorted(
            (mid for (cid, mid), s in self._messages.items() if cid == chat_id and s["from_bot"]),
            reverse=True,
        )
        for mid in bot_messages:
            markup = self._messages[(chat_id, mid)]["message"].get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                if any(b.get("callback_data") == callback_data for b in row):
                    return mid
        if bot_messages:
            return bot_messages[0]
        raise LookupError(f"the bot has sent no message to chat {chat_id}; pass message_id")

    # ------------------------------------------------------------------ param helpers

    def _chat_id(self, params: dict[str, str], *, check_forbidden: bool = True) -> int:
        raw = params.get("chat_id", "").strip()
        if not raw:
            raise ApiError(400, "Bad Request: chat_id is empty")
        try:
            chat_id = int(raw)
        except ValueError:
            raise ApiError(400, "Bad Request: chat not found") from None
        if check_forbidden and chat_id in self._forbidden:
            raise ApiError(403, self._forbidden[chat_id])
        return chat_id

    @staticmethod
    def _json_param(params: dict[str, str], name: str, error: str) -> Any:
        raw = params.get(name)
        if raw is None or raw == "":
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise ApiError(400, error) from None

    def _format_text(
        self,
        params: dict[str, str],
        text_key: str,
        *,
        limit: int,
        too_long: str,
        empty: str | None,
    ) -> tuple[str, list[JSON]]:
        """The text as Telegram shows it: HTML parsed (the only parse mode the bot uses),
        surrounding spaces trimmed, length checked in UTF-16 units."""
        text = params.get(text_key, "")
        parse_mode = (params.get("parse_mode") or "").strip().lower()
        if parse_mode == "":
            plain, entities = text, []
        elif parse_mode == "html":
            try:
                plain, entities = parse_html(text)
            except EntityParseError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        else:
            raise ApiError(400, "Bad Request: unsupported parse_mode")
        plain, entities = strip_formatted(plain, entities)
        if not plain and empty is not None:
            raise ApiError(400, empty)
        if utf16_len(plain) > limit:
            raise ApiError(400, too_long)
        return plain, entities

    def _reply_markup(self, params: dict[str, str]) -> tuple[JSON | None, JSON | None]:
        """Returns (parsed markup, inline keyboard for the Message or None)."""
        markup = self._json_param(
            params, "reply_markup", "Bad Request: can't parse reply keyboard markup JSON object"
        )
        if markup is None:
            return None, None
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in rows:
            for button in row:
                self._check_inline_button(button)
        return markup, {"inline_keyboard": copy.deepcopy(rows)}

    @staticmethod
    def _check_inline_button(button: Any) -> None:
        prefix = "Bad Request: can't parse inline keyboard button: "
        if not isinstance(button, dict):
            raise ApiError(400, prefix + "InlineKeyboardButton must be an Object")
        if not isinstance(button.get("text"), str):
            raise ApiError(400, prefix + 'Field "text" must be of type String')
        data = button.get("callback_data")
        if (
            not isinstance(data, str)
            or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
        ):
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _store_bot_message(self, chat_id: int, fields: JSON) -> JSON:
        message = {
            "message_id": self._next_message_id(chat_id),
            "from": copy.deepcopy(self.bot_user),
            "chat": self._chat_obj(chat_id),
            "date": int(time.time()),
            **fields,
        }
        self._messages[(chat_id, message["message_id"])] = {
            "message": copy.deepcopy(message),
            "from_bot": True,
        }
        return message

    # ------------------------------------------------------------------ methods

    def _m_get_me(self, params: dict[str, str], files: dict[str, JSON]) -> JSON:
        return copy.deepcopy(self.bot_user)

    def _m_get_updates(self, params: dict[str, str], files: dict[str, JSON]) -> list[JSON]:
        if self._webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        try:
            offset = int(params.get("offset") or 0)
            limit = int(params.get("limit") or 100)
            timeout = float(params.get("timeout") or 0)
        except ValueError:
            raise ApiError(400, "Bad Request: wrong parameter in getUpdates request") from None
        limit = min(max(limit, 1), 100)
        timeout = min(max(timeout, 0.0), self.max_poll_timeout)
        if "allowed_updates" in params:
            allowed = self._json_param(
                params, "allowed_updates", "Bad Request: can't parse allowed updates"
            )
            self._allowed_updates = frozenset(allowed) if allowed else None

        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_cond.notify_all()  # a pending older long poll ends with 409

        # confirm: everything below offset that the bot has seen is forgotten
        if offset < 0:
            self._queue = self._queue[offset:]
            for entry in self._queue:
                entry["delivered"] = True
        elif offset > 0:
            self._queue = [
                e for e in self._queue if not (e["delivered"] and e["update"]["update_id"] < offset)
            ]
        deadline = time.monotonic() + timeout
        while True:
            if self._poll_generation != generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
            self._queue = [e for e in self._queue if self._is_allowed(e["update"])]
            batch = self._queue[:limit]
            if batch or self._stop_event.is_set():
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self._updates_cond.wait(remaining)
        for entry in batch:
            entry["delivered"] = True
        if batch:
            self._last_batch = [copy.deepcopy(entry["update"]) for entry in batch]
        return [copy.deepcopy(entry["update"]) for entry in batch]

    def _is_allowed(self, update: JSON) -> bool:
        kind = next((k for k in update if k != "update_id"), None)
        if self._allowed_updates is None:
            return kind not in _OPT_IN_UPDATE_TYPES
        return kind in self._allowed_updates

    def _m_set_webhook(self, params: dict[str, str], files: dict[str, JSON]) -> bool:
        url = params.get("url", "").strip()
        if url and not url.lower().startswith("https://"):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        if _as_bool(params.get("drop_pending_updates")):
            self._queue.clear()
        self._webhook = {"url": url} if url else {}
        if url:
            self._poll_generation += 1
            self._updates_cond.notify_all()
        return True

    def _m_delete_webhook(self, params: dict[str, str], files: dict[str, JSON]) -> bool:
        if _as_bool(params.get("drop_pending_updates")):
            self._queue.clear()
        self._webhook = {}
        return True

    def _m_set_my_commands(self, params: dict[str, str], files: dict[str, JSON]) -> bool:
        commands = self._json_param(
            params, "commands", "Bad Request: can't parse commands JSON object"
        )
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: commands must be an Array")
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands specified")
        stored = []
        for command in commands:
            if not isinstance(command, dict):
                raise ApiError(400, "Bad Request: BotCommand must be an Object")
            name = command.get("command")
            description = command.get("description")
            if not isinstance(name, str) or not _COMMAND_NAME_RE.fullmatch(name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
            stored.append({"command": name, "description": description})
        if params.get("scope"):
            raise ApiError(400, "Bad Request: the fake stores the default scope only")
        language = params.get("language_code", "")
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise ApiError(400, "Bad Request: invalid language code specified")
        self._commands[language] = stored
        return True

    def _message_text(self, params: dict[str, str]) -> tuple[str, list[JSON]]:
        """A message's text as Telegram reads it (sendMessage, editMessageText)."""
        return self._format_text(
            params,
            "text",
            limit=MAX_TEXT_LENGTH,
            too_long="Bad Request: message is too long",
            empty="Bad Request: message text is empty",
        )

    def _m_send_message(self, params: dict[str, str], files: dict[str, JSON]) -> JSON:
        self._chat_id(params, check_forbidden=False)  # "chat_id is empty" comes first
        plain, entities = self._message_text(params)
        markup, inline = self._reply_markup(params)
        chat_id = self._chat_id(params)
        fields: JSON = {"text": plain}
        if entities:
            fields["entities"] = entities
        if inline:
            fields["reply_markup"] = inline
        message = self._store_bot_message(chat_id, fields)
        self._sent.append(
            {
                "chat_id": chat_id,
                "message_id": message["message_id"],
                "text": params.get("text", ""),
                "plain_text": plain,
                "parse_mode": params.get("parse_mode"),
                "entities": copy.deepcopy(entities),
                "reply_markup": copy.deepcopy(markup),
                "message": copy.deepcopy(message),
            }
        )
        return message

    def _editable(self, params: dict[str, str]) -> tuple[int, int, JSON]:
        """The chat, message id and stored message a bot may edit, or Telegram's refusal."""
        chat_id = self._chat_id(params)
        try:
            message_id = int(params.get("message_id", ""))
        except ValueError:
            raise ApiError(400, "Bad Request: message identifier is not specified") from None
        stored = self._messages.get((chat_id, message_id))
        if stored is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not stored["from_bot"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat_id, message_id, stored

    def _m_edit_message_text(self, params: dict[str, str], files: dict[str, JSON]) -> JSON:
        plain, entities = self._message_text(params)
        markup, inline = self._reply_markup(params)
        chat_id, message_id, stored = self._editable(params)
        current = stored["message"]
        if (
            current.get("text") == plain
            and current.get("entities", []) == entities
            and current.get("reply_markup") == inline
        ):
            raise ApiError(400, MESSAGE_NOT_MODIFIED)
        updated = dict(current, text=plain, edit_date=int(time.time()))
        updated.pop("entities", None)
        updated.pop("reply_markup", None)  # omitting reply_markup removes the keyboard
        if entities:
            updated["entities"] = entities
        if inline:
            updated["reply_markup"] = inline
        text = params.get("text", "")
        return self._edited(chat_id, message_id, stored, updated, text, plain, markup)

    def _edited(
        self,
        chat_id: int,
        message_id: int,
        stored: JSON,
        updated: JSON,
        text: str,
        plain: str,
        markup: JSON,
    ) -> JSON:
        """Keep an edited message and record the edit (what tests read with `edits`)."""
        stored["message"] = updated
        self._edits.append(
            {
                "chat_id": chat_id,
                "message_id": message_id,
                "text": text,
                "plain_text": plain,
                "reply_markup": copy.deepcopy(markup),
                "message": copy.deepcopy(updated),
            }
        )
        return copy.deepcopy(updated)

    def _m_edit_message_reply_markup(self, params: dict[str, str], files: dict[str, JSON]) -> JSON:
        """Replaces the inline keyboard of a bot message (none: removes it); the same
        keyboard again is refused as "not modified", as Telegram does."""
        markup, inline = self._reply_markup(params)
        chat_id, message_id, stored = self._editable(params)
        current = stored["message"]
        if current.get("reply_markup") == inline:
            raise ApiError(400, MESSAGE_NOT_MODIFIED)
        updated = dict(current, edit_date=int(time.time()))
        updated.pop("reply_markup", None)
        if inline:
            updated["reply_markup"] = inline
        text = current.get("text", "")
        return self._edited(chat_id, message_id, stored, updated, text, text, markup)

    def _m_answer_callback_query(self, params: dict[str, str], files: dict[str, JSON]) -> bool:
        query_id = params.get("callback_query_id", "")
        query = self._callback_queries.get(query_id)
        if query is None or query["answered"]:
            raise ApiError(400, QUERY_ID_INVALID)
        text = params.get("text")
        if text is not None and utf16_len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query["answered"] = True
        self._callback_answers.append({"callback_query_id": query_id, "text": text})
        return True

    def _m_send_document(self, params: dict[str, str], files: dict[str, JSON]) -> JSON:
        """A document uploaded with the request (the bot sends its reports so)."""
        self._chat_id(params, check_forbidden=False)
        raw = params.get("document", "")
        upload = files.get("document")
        if upload is None and raw.startswith("attach://"):
            upload = files.get(raw[len("attach://") :])
        if upload is None:
            raise ApiError(400, "Bad Request: there is no document in the request")
        if not upload["content"]:
            raise ApiError(400, "Bad Request: file must be non-empty")
        caption, caption_entities = self._format_text(
            params,
            "caption",
            limit=MAX_CAPTION_LENGTH,
            too_long="Bad Request: message caption is too long",
            empty=None,
        )
        chat_id = self._chat_id(params)
        document = {
            "file_id": "BQACAgIA" + uuid.uuid4().hex,
            "file_unique_id": uuid.uuid4().hex[:16],
            "file_name": upload["filename"],
            "file_size": len(upload["content"]),
        }
        fields: JSON = {"document": document}
        if caption:
            fields["caption"] = caption
        if caption_entities:
            fields["caption_entities"] = caption_entities
        message = self._store_bot_message(chat_id, fields)
        self._documents.append(
            {
                "chat_id": chat_id,
                "message_id": message["message_id"],
                "filename": upload["filename"],
                "content": upload["content"],
                "caption": params.get("caption"),
                "parse_mode": params.get("parse_mode"),
                "message": copy.deepcopy(message),
            }
        )
        return message
