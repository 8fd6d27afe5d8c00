"""A fake Telegram Bot API server for tests.

The real python-telegram-bot ``Application`` talks to this server over real HTTP on
127.0.0.1, exactly as it would talk to api.telegram.org::

    with FakeBotAPI() as api:
        app = api.application_builder().build()   # or ApplicationBuilder().token(api.token)
        ...                                        #    .base_url(api.base_url)
        api.send_text(42, "/start")                #    .base_file_url(api.base_file_url)
        msgs = await api.await_messages(42, 1)

Only the standard library is used: a ``ThreadingHTTPServer`` runs in a background thread,
so the server is independent of the bot's asyncio loop (long polls block a server thread,
never the loop).

Fidelity notes
--------------
* Text formatting (HTML, MarkdownV2, legacy Markdown) is parsed by ports of tdlib's own
  parsers (``td/telegram/MessageEntity.cpp``), so the accepted syntax, the resulting
  entities (UTF-16 offsets) and the error texts ("can't parse entities: Unsupported start
  tag "x" at byte offset N", ...) match Telegram.  One deliberate deviation: with
  ``strict_html=True`` (the default) an ``&`` that does not start a supported entity
  (``&lt; &gt; &amp; &quot;`` or numeric) is rejected; real Telegram keeps it literally.
  Strictness catches a missing ``html.escape()`` with any user text, not only with ``<``.
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
import mimetypes
import random
import re
import socket
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

__all__ = [
    "ApiError",
    "EntityParseError",
    "FakeBotAPI",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "utf16_len",
]

JSON = dict[str, Any]
MethodHandler = Callable[[dict[str, str], dict[str, JSON]], Any]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Update types that Telegram only sends when explicitly listed in allowed_updates.
_OPT_IN_UPDATE_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_COMMAND_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_INLINE_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
# Parameters whose values are JSON-serialized objects/arrays.
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "allowed_updates",
        "reply_parameters",
        "link_preview_options",
        "media",
        "results",
        "options",
        "permissions",
    }
)
_TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_API_PATH_RE = re.compile(r"/bot([^/]*)/([^/]*)/?")
_BOT_COMMAND_RE = re.compile(
    r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}+(?:@[A-Za-z0-9_]{3,32}+(?![\w/<>])|(?![\w/<>@]))"
)
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


class EntityParseError(ValueError):
    """Raised by the formatting parsers; the message is tdlib's text."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------------------
# Formatting parsers: ports of tdlib's parse_html / parse_markdown_v2 / parse_markdown.
# They work on UTF-8 bytes so that error offsets are byte offsets, like Telegram's.
# --------------------------------------------------------------------------------------

_SPACE_BYTES = frozenset(b" \t\r\n\x00\x0b\x0c")
_ENTITY_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
_MDV2_TYPE_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "pre_code": "PreCode",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
    "blockquote": "BlockQuote",
}


def _is_space(b: int) -> bool:
    return b in _SPACE_BYTES


def _u16_step(b: int) -> int:
    """UTF-16 units contributed by a UTF-8 byte (0 for continuation bytes)."""
    if b & 0xC0 == 0x80:
        return 0
    return 2 if b >= 0xF0 else 1


def _checked_link(url: str) -> str:
    """Approximation of tdlib's LinkManager::get_checked_link: '' when invalid."""
    url = url.strip()
    if not url or any(ch.isspace() for ch in url):
        return ""
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    if m and (url[m.end() : m.end() + 2] == "//" or m.group(1).lower() in ("tg", "mailto")):
        scheme = m.group(1).lower()
        return url if scheme in ("http", "https", "tg", "ton", "tonsite", "mailto") else ""
    if re.fullmatch(r"[\w-]+(\.[\w-]+)+(:\d+)?([/?#].*)?", url):
        return "http://" + url
    return ""


def _link_user_id(url: str) -> int | None:
    m = re.fullmatch(r"tg://user\?id=(\d+)", url.strip(), re.IGNORECASE)
    return int(m.group(1)) if m and int(m.group(1)) > 0 else None


def _link_entity(offset: int, length: int, url: str) -> tuple | None:
    user_id = _link_user_id(url)
    if user_id is not None:
        user = {"id": user_id, "is_bot": False, "first_name": ""}
        return ("text_mention", offset, length, {"user": user})
    checked = _checked_link(url)
    if not checked:
        return None
    return ("text_link", offset, length, {"url": checked})


def _finish_entities(raw: list[tuple]) -> list[JSON]:
    raw.sort(key=lambda e: (e[1], -e[2], _ENTITY_PRIORITY.get(e[0], 50)))
    return [{"type": t, "offset": off, "length": ln, **extra} for t, off, ln, extra in raw]


def _decode_result(out: bytearray) -> str:
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise EntityParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        ) from None


def _decode_html_entity(data: bytes, pos: int) -> tuple[int, int]:
    """Returns (code point, position after the entity); code point 0 when not an entity."""

    def at(k: int) -> int:
        return data[k] if k < len(data) else 0

    end = pos + 1
    res = 0
    if at(pos + 1) == ord("#"):
        end += 1
        if at(pos + 2) == ord("x"):
            end += 1
            while chr(at(end)) in "0123456789abcdefABCDEF":
                res = res * 16 + int(chr(at(end)), 16)
                end += 1
        else:
            while ord("0") <= at(end) <= ord("9"):
                res = res * 10 + at(end) - ord("0")
                end += 1
        if res == 0 or res >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while chr(at(end)).isascii() and chr(at(end)).isalpha():
            end += 1
        name = data[pos + 1 : end]
        res = {b"lt": 0x3C, b"gt": 0x3E, b"amp": 0x26, b"quot": 0x22}.get(name, 0)
        if not res:
            return 0, pos
    if at(end) == ord(";"):
        end += 1
    return res, end


_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_HTML_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[JSON]]:
    """Parse Telegram HTML; returns (plain text, entities) or raises EntityParseError."""
    data = text.encode("utf-8", "surrogatepass")
    n = len(data)

    def at(k: int) -> int:
        return data[k] if k < n else 0

    out = bytearray()
    u16 = 0
    entities: list[tuple] = []
    # each: [tag_name, argument, entity_offset (utf16), begin position in out]
    stack: list[list[Any]] = []
    i = 0
    while i < n:
        c = data[i]
        if c == ord("&"):
            code, end = _decode_html_entity(data, i)
            if code:
                out += chr(code).encode("utf-8", "surrogatepass")
                u16 += 2 if code > 0xFFFF else 1
                i = end
                continue
            if strict:
                m = re.match(rb"&#?[A-Za-z0-9]+;?", data[i:])
                if m:
                    token = m.group().decode("utf-8", "replace")
                    raise EntityParseError(f'Unsupported HTML entity "{token}" at byte offset {i}')
                raise EntityParseError(
                    f'Character "&" must be escaped as "&amp;" at byte offset {i}'
                )
        if c != ord("<"):
            u16 += _u16_step(c)
            out.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != ord("/"):
            # start tag
            while not _is_space(at(i)) and at(i) != ord(">"):
                i += 1
            if at(i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            tag = data[begin + 1 : i].decode("utf-8", "replace").lower()
            if tag not in _HTML_TAGS:
                raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')
            argument = ""
            while at(i) != ord(">"):
                while at(i) != 0 and _is_space(at(i)):
                    i += 1
                if at(i) == ord(">"):
                    break
                attr_begin = i
                while not _is_space(at(i)) and at(i) not in (ord("="), ord(">")):
                    i += 1
                attr = data[attr_begin:i].decode("utf-8", "replace")
                if not attr:
                    raise EntityParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                    )
                while at(i) != 0 and _is_space(at(i)):
                    i += 1
                if at(i) != ord("="):
                    if tag == "blockquote" and attr.lower() == "expandable":
                        argument = "expandable"
                        continue
                    raise EntityParseError(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag}" at byte offset {begin}'
                    )
                i += 1
                while at(i) != 0 and _is_space(at(i)):
                    i += 1
                if at(i) == 0:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if at(i) not in (ord("'"), ord('"')):
                    token_begin = i
                    while chr(at(i)).isascii() and (chr(at(i)).isalnum() or at(i) in b".-"):
                        i += 1
                    value = data[token_begin:i].decode("ascii").lower()
                    if not _is_space(at(i)) and at(i) != ord(">"):
                        raise EntityParseError(
                            f"Unexpected end of name token at byte offset {token_begin}"
                        )
                else:
                    quote = at(i)
                    i += 1
                    raw_value = bytearray()
                    while at(i) != quote and at(i) != 0:
                        if at(i) == ord("&"):
                            code, end = _decode_html_entity(data, i)
                            if code:
                                raw_value += chr(code).encode("utf-8", "surrogatepass")
                                i = end
                                continue
                        raw_value.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = raw_value.decode("utf-8", "replace")
                if at(i) == 0:
                    raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
                if (tag == "a" and attr == "href") or (tag == "tg-emoji" and attr == "emoji-id"):
                    argument = value
                elif tag == "code" and attr == "class" and value.startswith("language-"):
                    argument = value[len("language-") :]
                elif tag == "span" and attr == "class" and value.startswith("tg-"):
                    argument = value[len("tg-") :]
            if tag == "span" and argument != "spoiler":
                raise EntityParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
                )
            stack.append([tag, argument, u16, len(out)])
            i += 1  # skip '>'
            continue

        # end tag
        if not stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        while not _is_space(at(i)) and at(i) != ord(">"):
            i += 1
        end_tag = data[begin + 2 : i].decode("utf-8", "replace").lower()
        while _is_space(at(i)) and at(i) != 0:
            i += 1
        if at(i) != ord(">"):
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        tag, argument, offset, begin_pos = stack[-1]
        if end_tag and end_tag != tag:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", '
                f'found "</{end_tag}>"'
            )
        if u16 > offset:
            length = u16 - offset
            if tag in _HTML_SIMPLE:
                entities.append((_HTML_SIMPLE[tag], offset, length, {}))
            elif tag == "tg-emoji":
                if not argument.isdigit() or int(argument) == 0:
                    raise EntityParseError("Invalid custom emoji identifier specified")
                entities.append(("custom_emoji", offset, length, {"custom_emoji_id": argument}))
            elif tag == "a":
                url = argument or out[begin_pos:].decode("utf-8", "replace")
                entity = _link_entity(offset, length, url)
                if entity:
                    entities.append(entity)
            elif tag == "pre":
                last = entities[-1] if entities else None
                if (
                    last
                    and last[0] == "code"
                    and last[1:3] == (offset, length)
                    and last[3].get("language")
                ):
                    entities[-1] = ("pre", offset, length, {"language": last[3]["language"]})
                else:
                    entities.append(("pre", offset, length, {}))
            elif tag == "code":
                last = entities[-1] if entities else None
                if last and last[0] == "pre" and last[1:3] == (offset, length) and argument:
                    entities[-1] = ("pre", offset, length, {"language": argument})
                else:
                    extra = {"language": argument} if argument else {}
                    entities.append(("code", offset, length, extra))
            elif tag == "blockquote":
                kind = "expandable_blockquote" if argument == "expandable" else "blockquote"
                entities.append((kind, offset, length, {}))
        stack.pop()
        i += 1  # skip '>'
    if stack:
        raise EntityParseError(f"Can't find end tag corresponding to start tag {stack[-1][0]}")
    entities = [(t, o, ln, {} if t == "code" else x) for t, o, ln, x in entities]
    return _decode_result(out), _finish_entities(entities)


def parse_markdown_v2(text: str) -> tuple[str, list[JSON]]:
    """Parse Telegram MarkdownV2; returns (plain text, entities) or raises EntityParseError."""
    data = text.encode("utf-8", "surrogatepass")
    n = len(data)

    def at(k: int) -> int:
        return data[k] if k < n else 0

    def reserved_error(ch: int) -> EntityParseError:
        return EntityParseError(
            f"Character '{chr(ch)}' is reserved and must be escaped with the preceding '\\'"
        )

    out = bytearray()
    u16 = 0
    entities: list[tuple] = []
    # each: [type, argument, entity_offset (utf16), byte offset, begin position in out]
    stack: list[list[Any]] = []
    have_blockquote = False
    i = 0
    while i < n:
        c = data[i]
        if c == ord("\\") and 0 < at(i + 1) <= 126:
            i += 1
            u16 += 1
            out.append(data[i])
            i += 1
            continue
        reserved = b"_*[]()~`>#+-=|{}.!\n"
        if stack and stack[-1][0] in ("code", "pre", "pre_code"):
            reserved = b"`"
        if c not in reserved:
            u16 += _u16_step(c)
            out.append(c)
            i += 1
            continue

        is_end = False
        if stack:
            top = stack[-1][0]
            if have_blockquote and c == ord("\n") and (i + 1 == n or at(i + 1) != ord(">")):
                is_end = True
            elif top == "bold":
                is_end = c == ord("*")
            elif top == "italic":
                is_end = c == ord("_") and at(i + 1) != ord("_")
            elif top == "code":
                is_end = c == ord("`")
            elif top in ("pre", "pre_code"):
                is_end = c == ord("`") and at(i + 1) == ord("`") and at(i + 2) == ord("`")
            elif top in ("text_link", "custom_emoji"):
                is_end = c == ord("]")
            elif top == "underline":
                is_end = c == ord("_") and at(i + 1) == ord("_")
            elif top == "strikethrough":
                is_end = c == ord("~")
            elif top == "spoiler":
                is_end = c == ord("|") and at(i + 1) == ord("|")

        if not is_end:
            kind: str | None
            argument = ""
            byte_offset = i
            if c == ord("_"):
                if at(i + 1) == ord("_"):
                    kind = "underline"
                    i += 1
                else:
                    kind = "italic"
            elif c == ord("*"):
                kind = "bold"
            elif c == ord("~"):
                kind = "strikethrough"
            elif c == ord("|"):
                if at(i + 1) != ord("|"):
                    raise reserved_error(c)
                i += 1
                kind = "spoiler"
            elif c == ord("["):
                kind = "text_link"
            elif c == ord("`"):
                if at(i + 1) == ord("`") and at(i + 2) == ord("`"):
                    i += 3
                    kind = "pre"
                    lang_end = i
                    while not _is_space(at(lang_end)) and at(lang_end) != ord("`"):
                        lang_end += 1
                    if i != lang_end and lang_end < n and at(lang_end) != ord("`"):
                        kind = "pre_code"
                        argument = data[i:lang_end].decode("utf-8", "replace")
                        i = lang_end
                    if at(i) in (ord("\n"), ord("\r")):
                        if at(i + 1) in (ord("\n"), ord("\r")) and at(i) != at(i + 1):
                            i += 2
                        else:
                            i += 1
                    i -= 1
                else:
                    kind = "code"
            elif c == ord("!"):
                if at(i + 1) != ord("["):
                    raise reserved_error(c)
                i += 1
                kind = "custom_emoji"
            elif c == ord("\n"):
                u16 += 1
                out.append(c)
                kind = None
                if i + 1 < n and at(i + 1) == ord(">"):
                    i += 1
                    if not have_blockquote:
                        kind = "blockquote"
                        have_blockquote = True
            elif c == ord(">"):
                if i != 0:
                    raise reserved_error(c)
                kind = "blockquote"
                have_blockquote = True
            else:
                raise reserved_error(c)
            if kind is not None:
                stack.append([kind, argument, u16, byte_offset, len(out)])
            i += 1
            continue

        # end of an entity
        kind, argument, offset, byte_offset, begin_pos = stack[-1]
        if c == ord("\n") and kind != "blockquote":
            raise EntityParseError(
                f"Can't find end of {_MDV2_TYPE_NAMES[kind]} entity at byte offset {byte_offset}"
            )
        skip = u16 == offset
        entity: tuple | None = None
        if kind in ("underline", "spoiler"):
            i += 1
        elif kind in ("pre", "pre_code"):
            i += 2
        elif kind in ("text_link", "custom_emoji"):
            if at(i + 1) != ord("("):
                if kind == "custom_emoji":
                    raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
                url = out[begin_pos:].decode("utf-8", "replace")
            else:
                i += 2
                url_begin = i
                raw_url = bytearray()
                while i < n and at(i) != ord(")"):
                    if at(i) == ord("\\") and 0 < at(i + 1) <= 126:
                        raw_url.append(at(i + 1))
                        i += 2
                        continue
                    raw_url.append(at(i))
                    i += 1
                if at(i) != ord(")"):
                    what = "a custom emoji URL" if kind == "custom_emoji" else "a URL"
                    raise EntityParseError(f"Can't find end of {what} at byte offset {url_begin}")
                url = raw_url.decode("utf-8", "replace")
            if kind == "custom_emoji":
                m = re.fullmatch(r"tg://emoji\?id=(\d+)", url, re.IGNORECASE)
                if not m or int(m.group(1)) == 0:
                    raise EntityParseError("Invalid custom emoji URL specified")
                entity = ("custom_emoji", offset, u16 - offset, {"custom_emoji_id": m.group(1)})
            else:
                entity = _link_entity(offset, u16 - offset, url)
                skip = skip or entity is None
        elif kind == "blockquote":
            have_blockquote = False
            out.append(c)
            u16 += 1
        if not skip:
            length = u16 - offset
            if entity is None:
                if kind == "pre_code":
                    entity = ("pre", offset, length, {"language": argument})
                else:
                    entity = (kind, offset, length, {})
            entities.append(entity)
        stack.pop()
        i += 1
    if have_blockquote and stack and stack[-1][0] == "blockquote":
        offset = stack[-1][2]
        if u16 != offset:
            entities.append(("blockquote", offset, u16 - offset, {}))
        stack.pop()
    if stack:
        kind, _arg, _offset, byte_offset, _begin = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_MDV2_TYPE_NAMES[kind]} entity at byte offset {byte_offset}"
        )
    return _decode_result(out), _finish_entities(entities)


def parse_markdown(text: str) -> tuple[str, list[JSON]]:
    """Parse legacy Telegram Markdown; returns (plain text, entities)."""
    data = text.encode("utf-8", "surrogatepass")
    n = len(data)

    def at(k: int) -> int:
        return data[k] if k < n else 0

    out = bytearray()
    u16 = 0
    entities: list[tuple] = []
    i = 0
    while i < n:
        c = data[i]
        if c == ord("\\") and at(i + 1) in b"_*`[" and at(i + 1):
            i += 1
            out.append(data[i])
            u16 += 1
            i += 1
            continue
        if c not in b"_*`[":
            u16 += _u16_step(c)
            out.append(c)
            i += 1
            continue
        begin = i
        end_char = ord("]") if c == ord("[") else c
        is_pre = False
        language = ""
        i += 1
        if c == ord("`") and at(i) == ord("`") and at(i + 1) == ord("`"):
            i += 2
            is_pre = True
            lang_end = i
            while not _is_space(at(lang_end)) and at(lang_end) != ord("`"):
                lang_end += 1
            if i != lang_end and lang_end < n and at(lang_end) != ord("`"):
                language = data[i:lang_end].decode("utf-8", "replace")
                i = lang_end
            if at(i) in (ord("\n"), ord("\r")):
                if at(i + 1) in (ord("\n"), ord("\r")) and at(i) != at(i + 1):
                    i += 2
                else:
                    i += 1
        offset = u16
        while i < n and (
            at(i) != end_char or (is_pre and not (at(i + 1) == ord("`") and at(i + 2) == ord("`")))
        ):
            u16 += _u16_step(at(i))
            out.append(at(i))
            i += 1
        if i == n:
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {begin}")
        if offset != u16:
            length = u16 - offset
            if c == ord("_"):
                entities.append(("italic", offset, length, {}))
            elif c == ord("*"):
                entities.append(("bold", offset, length, {}))
            elif c == ord("["):
                if at(i + 1) != ord("("):
                    url = data[begin + 1 : i].decode("utf-8", "replace")
                else:
                    i += 2
                    url_start = i
                    while i < n and at(i) != ord(")"):
                        i += 1
                    url = data[url_start:i].decode("utf-8", "replace")
                entity = _link_entity(offset, length, url)
                if entity:
                    entities.append(entity)
            elif is_pre:
                entities.append(("pre", offset, length, {"language": language} if language else {}))
            else:
                entities.append(("code", offset, length, {}))
        if is_pre:
            i += 2
        i += 1
    return _decode_result(out), _finish_entities(entities)


def _strip_formatted(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """Trim surrounding whitespace like Telegram, shifting and clipping entities."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text) - utf16_len(text.lstrip())
    total = utf16_len(stripped)
    result = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def _bot_command_entities(text: str) -> list[JSON]:
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: m.start()]),
            "length": utf16_len(m.group()),
        }
        for m in _BOT_COMMAND_RE.finditer(text)
    ]


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


def _random_file_id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex + uuid.uuid4().hex[:12]


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
        strict_html: bool = True,
        strict_chats: bool = False,
    ) -> None:
        """
        Args:
            max_poll_timeout: upper bound for a long poll, whatever ``timeout`` the bot asks.
            strict_html: reject a bare ``&`` / unsupported named entity (Telegram keeps them).
            strict_chats: answer "chat not found" for chats that never wrote to the bot.
        """
        self.token = token
        self.host = host
        self.max_poll_timeout = max_poll_timeout
        self.strict_html = strict_html
        self.strict_chats = strict_chats
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
        self._messages: dict[tuple[int, int], JSON] = {}  # -> {"message", "from_bot", ...}
        self._last_message_id: dict[int, int] = {}
        self._callback_queries: dict[str, JSON] = {}
        self._files: dict[str, JSON] = {}
        self._forbidden: dict[int, str] = {}
        self._commands: dict[tuple[str, str], list[JSON]] = {}

        # fault injection: lower-case method name (or "*") -> deque of [spec, remaining]
        self._faults: dict[str, deque] = {}
        self._delays: dict[str, deque] = {}
        self._disconnects: dict[str, deque] = {}

        # recordings
        self._calls: list[JSON] = []
        self._sent: list[JSON] = []
        self._edits: list[JSON] = []
        self._deleted: list[JSON] = []
        self._documents: list[JSON] = []
        self._callback_answers: list[JSON] = []
        self._errors: list[str] = []

        self._methods: dict[str, tuple[str, MethodHandler]] = {}
        for name, handler in (
            ("getMe", self._m_get_me),
            ("logOut", self._m_true),
            ("close", self._m_true),
            ("getUpdates", self._m_get_updates),
            ("setWebhook", self._m_set_webhook),
            ("deleteWebhook", self._m_delete_webhook),
            ("getWebhookInfo", self._m_get_webhook_info),
            ("setMyCommands", self._m_set_my_commands),
            ("getMyCommands", self._m_get_my_commands),
            ("deleteMyCommands", self._m_delete_my_commands),
            ("sendMessage", self._m_send_message),
            ("editMessageText", self._m_edit_message_text),
            ("editMessageReplyMarkup", self._m_edit_message_reply_markup),
            ("deleteMessage", self._m_delete_message),
            ("answerCallbackQuery", self._m_answer_callback_query),
            ("sendDocument", self._m_send_document),
            ("sendChatAction", self._m_send_chat_action),
            ("getChat", self._m_get_chat),
            ("getFile", self._m_get_file),
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

    def application_builder(self) -> Any:
        """A PTB ``ApplicationBuilder`` with token and URLs pointing at this server."""
        from telegram.ext import ApplicationBuilder

        return (
            ApplicationBuilder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

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

    # ------------------------------------------------------------------ users, chats

    def register_user(
        self,
        user_id: int,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
    ) -> JSON:
        """Create or update a user (and their private chat); returns the User object."""
        with self._lock:
            user = dict(self._users.get(user_id) or {"id": user_id, "is_bot": False})
            user["first_name"] = first_name or user.get("first_name") or f"User{user_id}"
            for key, value in (
                ("last_name", last_name),
                ("username", username),
                ("language_code", language_code),
            ):
                if value is not None:
                    user[key] = value
            self._users[user_id] = user
            if user_id > 0:  # the private chat with a user has the user's id
                chat = {"id": user_id, "type": "private", "first_name": user["first_name"]}
                for key in ("last_name", "username"):
                    if key in user:
                        chat[key] = user[key]
                self._chats[user_id] = chat
            return copy.deepcopy(user)

    def block_user(
        self, user_id: int, description: str = "Forbidden: bot was blocked by the user"
    ) -> None:
        """Every send/edit/chat action to this chat answers 403 with ``description``."""
        with self._lock:
            self._forbidden[int(user_id)] = description

    def unblock_user(self, user_id: int) -> None:
        with self._lock:
            self._forbidden.pop(int(user_id), None)

    # ------------------------------------------------------------------ update helpers

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "ru",
        username: str | None = None,
        entities: list[JSON] | None = None,
        reply_to_message_id: int | None = None,
    ) -> JSON:
        """Queue a text message from a user; commands get ``bot_command`` entities."""
        fields: JSON = {"text": text}
        found = _bot_command_entities(text) if entities is None else entities
        if found:
            fields["entities"] = found
        return self._push_user_message(
            user_id,
            fields,
            chat_type=chat_type,
            chat_id=chat_id,
            first_name=first_name,
            last_name=last_name,
            language_code=language_code,
            username=username,
            reply_to_message_id=reply_to_message_id,
        )

    def send_sticker(
        self, user_id: int, emoji: str = "👍", *, set_name: str = "TestPack", **user_kwargs: Any
    ) -> JSON:
        file = self._add_file(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "stickers/sticker.webp", "CAACAgIA")
        sticker = {
            "file_id": file["file_id"],
            "file_unique_id": file["file_unique_id"],
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "set_name": set_name,
            "file_size": file["file_size"],
        }
        return self._push_user_message(user_id, {"sticker": sticker}, **user_kwargs)

    def send_photo(
        self,
        user_id: int,
        caption: str | None = None,
        *,
        content: bytes = b"\xff\xd8\xff\xe0fake-jpeg",
        **user_kwargs: Any,
    ) -> JSON:
        sizes = []
        for side in (90, 320, 800):
            file = self._add_file(content, f"photos/photo_{side}.jpg", "AgACAgIA")
            sizes.append(
                {
                    "file_id": file["file_id"],
                    "file_unique_id": file["file_unique_id"],
                    "width": side,
                    "height": side * 3 // 4,
                    "file_size": file["file_size"],
                }
            )
        fields: JSON = {"photo": sizes}
        if caption is not None:
            fields["caption"] = caption
        return self._push_user_message(user_id, fields, **user_kwargs)

    def send_voice(
        self,
        user_id: int,
        duration: int = 3,
        *,
        content: bytes = b"OggS\x00fake-voice",
        **user_kwargs: Any,
    ) -> JSON:
        file = self._add_file(content, "voice/file_0.oga", "AwACAgIA")
        voice = {
            "file_id": file["file_id"],
            "file_unique_id": file["file_unique_id"],
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": file["file_size"],
        }
        return self._push_user_message(user_id, {"voice": voice}, **user_kwargs)

    def send_document(
        self,
        user_id: int,
        file_name: str = "document.pdf",
        content: bytes = b"%PDF-1.4 fake",
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        **user_kwargs: Any,
    ) -> JSON:
        file = self._add_file(content, f"documents/{file_name}", "BQACAgIA")
        document = {
            "file_id": file["file_id"],
            "file_unique_id": file["file_unique_id"],
            "file_name": file_name,
            "mime_type": mime_type
            or mimetypes.guess_type(file_name)[0]
            or "application/octet-stream",
            "file_size": file["file_size"],
        }
        fields: JSON = {"document": document}
        if caption is not None:
            fields["caption"] = caption
        return self._push_user_message(user_id, fields, **user_kwargs)

    def send_edited_text(
        self, user_id: int, message_id: int, text: str, *, chat_id: int | None = None
    ) -> JSON:
        """Queue an ``edited_message`` update for a message the user sent earlier."""
        cid = user_id if chat_id is None else chat_id
        with self._lock:
            stored = self._messages.get((cid, message_id))
            if stored is not None:
                message = copy.deepcopy(stored["message"])
            else:
                user = self._users.get(user_id) or self.register_user(user_id)
                message = {
                    "message_id": message_id,
                    "from": copy.deepcopy(user),
                    "chat": self._chat_obj(cid),
                    "date": int(time.time()) - 60,
                }
            message["text"] = text
            message.pop("entities", None)
            found = _bot_command_entities(text)
            if found:
                message["entities"] = found
            message["edit_date"] = int(time.time())
            if stored is not None:
                stored["message"] = copy.deepcopy(message)
            return self._push({"edited_message": message})

    def press_button(
        self,
        user_id: int,
        callback_data: str,
        message_id: int | None = None,
        *,
        chat_id: int | None = None,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
    ) -> JSON:
        """Queue a ``callback_query`` as if the user pressed an inline button.

        Without ``message_id`` the newest bot message in the chat that has a button with
        this ``callback_data`` is used (else the newest bot message).
        """
        cid = user_id if chat_id is None else chat_id
        with self._lock:
            user = self._users.get(user_id)
            if user is None or first_name or username:
                user = self.register_user(
                    user_id,
                    first_name=first_name,
                    username=username,
                    language_code=language_code,
                )
            if message_id is None:
                message_id = self._find_button_message(cid, callback_data)
            stored = self._messages.get((cid, message_id))
            if stored is not None:
                message = copy.deepcopy(stored["message"])
            else:
                message = {
                    "message_id": message_id,
                    "from": copy.deepcopy(self.bot_user),
                    "chat": self._chat_obj(cid),
                    "date": int(time.time()) - 1,
                }
            query_id = str(random.getrandbits(63))
            self._callback_queries[query_id] = {"answered": False}
            query = {
                "id": query_id,
                "from": copy.deepcopy(user),
                "message": message,
                "chat_instance": str(abs(hash((self.bot_user["id"], cid)))),
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
        with self._lock:
            for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
                message = update.get(key)
                if isinstance(message, dict) and "chat" in message:
                    chat = message["chat"]
                    self._chats.setdefault(chat["id"], copy.deepcopy(chat))
                    sender = message.get("from")
                    if isinstance(sender, dict) and not sender.get("is_bot"):
                        self._users.setdefault(sender["id"], copy.deepcopy(sender))
                    if "message_id" in message:
                        key_ = (chat["id"], message["message_id"])
                        self._messages.setdefault(
                            key_,
                            {
                                "message": copy.deepcopy(message),
                                "from_bot": False,
                                "deleted": False,
                            },
                        )
                        self._last_message_id[chat["id"]] = max(
                            self._last_message_id.get(chat["id"], 0), message["message_id"]
                        )
            query = update.get("callback_query")
            if isinstance(query, dict) and "id" in query:
                self._callback_queries.setdefault(str(query["id"]), {"answered": False})
            return self._push(update)

    # ------------------------------------------------------------------ queue inspection

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

    def wait_for_updates_consumed(self, timeout: float = 5.0) -> None:
        """Block until every queued update has been confirmed by the bot."""
        self._wait(lambda: not self._queue, timeout, "updates to be confirmed", self._updates_cond)

    async def await_updates_consumed(
        self, timeout: float = 5.0, *, poll_interval: float = 0.01
    ) -> None:
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

    def disconnect_next(self, method: str, *, times: int = 1) -> None:
        """The next ``times`` calls drop the connection without any response."""
        self._add_fault(self._disconnects, method, True, times)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
            self._delays.clear()
            self._disconnects.clear()

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

    def last_message(self, chat_id: int | None = None) -> JSON | None:
        messages = self.sent_messages(chat_id)
        return messages[-1] if messages else None

    def edits(self, chat_id: int | None = None) -> list[JSON]:
        """Successful editMessageText / editMessageReplyMarkup calls."""
        with self._lock:
            return self._filter(self._edits, chat_id)

    def deleted_messages(self, chat_id: int | None = None) -> list[JSON]:
        with self._lock:
            return self._filter(self._deleted, chat_id)

    def documents(self, chat_id: int | None = None) -> list[JSON]:
        """Successful sendDocument calls: {"chat_id", "message_id", "filename", "content"
        (bytes or None when sent by file_id/URL), "caption", "parse_mode", "mime_type",
        "file_id", "reply_markup", "message"}."""
        with self._lock:
            return self._filter(self._documents, chat_id)

    def callback_answers(self) -> list[JSON]:
        with self._lock:
            return copy.deepcopy(self._callback_answers)

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """Commands stored by setMyCommands for this scope/language."""
        with self._lock:
            key = (self._scope_key(scope or {"type": "default"}), language_code)
            return copy.deepcopy(self._commands.get(key, []))

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        """Current state of a message (after edits), None if unknown or deleted."""
        with self._lock:
            stored = self._messages.get((chat_id, message_id))
            if stored is None or stored["deleted"]:
                return None
            return copy.deepcopy(stored["message"])

    @property
    def errors(self) -> list[str]:
        """Tracebacks of unexpected exceptions inside the fake (answered with 500)."""
        with self._lock:
            return list(self._errors)

    def reset_recorded(self) -> None:
        """Forget recorded calls/messages/edits/documents/answers (not the world state)."""
        with self._lock:
            for recording in (
                self._calls,
                self._sent,
                self._edits,
                self._deleted,
                self._documents,
                self._callback_answers,
                self._errors,
            ):
                recording.clear()

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
        route = unquote(parts.path)  # PTB percent-encodes file paths, ":" included
        if route.startswith("/file/bot"):
            return self._serve_file(route[len("/file/bot") :])
        m = _API_PATH_RE.fullmatch(route)
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
        return status, "application/json", json.dumps(payload, ensure_ascii=False).encode()

    def _serve_file(self, rest: str) -> tuple[int, str, bytes]:
        token, _, file_path = rest.partition("/")
        with self._lock:
            found = next((f for f in self._files.values() if f["file_path"] == file_path), None)
        if token != self.token or found is None:
            return self._json_response(404, ApiError(404, "Not Found").payload())
        ctype = mimetypes.guess_type(file_path)[0] or "application/octet-stream"
        return 200, ctype, found["content"]

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
        chat_title: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "ru",
        username: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> JSON:
        if chat_type not in ("private", "group", "supergroup"):
            raise ValueError(f"unsupported chat_type {chat_type!r}; use send_raw()")
        with self._lock:
            user = self.register_user(
                user_id,
                first_name=first_name,
                last_name=last_name,
                username=username,
                language_code=language_code,
            )
            if chat_type == "private":
                cid = user_id
            else:
                if chat_id is None:
                    supergroup = chat_type == "supergroup"
                    chat_id = -(1_000_000_000_000 + user_id) if supergroup else -user_id
                cid = chat_id
                if cid not in self._chats or chat_title:
                    self._chats[cid] = {
                        "id": cid,
                        "type": chat_type,
                        "title": chat_title or "Test group",
                    }
            message: JSON = {
                "message_id": self._next_message_id(cid),
                "from": user,
                "chat": copy.deepcopy(self._chats[cid]),
                "date": int(time.time()),
                **copy.deepcopy(fields),
            }
            if reply_to_message_id is not None:
                replied = self._messages.get((cid, reply_to_message_id))
                if replied is not None:
                    inner = copy.deepcopy(replied["message"])
                    inner.pop("reply_to_message", None)
                    message["reply_to_message"] = inner
            self._messages[(cid, message["message_id"])] = {
                "message": copy.deepcopy(message),
                "from_bot": False,
                "deleted": False,
            }
            return self._push({"message": message})

    def _add_file(self, content: bytes, file_path: str, prefix: str) -> JSON:
        with self._lock:
            file_id = _random_file_id(prefix)
            record = {
                "file_id": file_id,
                "file_unique_id": uuid.uuid4().hex[:16],
                "file_size": len(content),
                "file_path": f"{file_path.rsplit('.', 1)[0]}_{len(self._files)}"
                + (f".{file_path.rsplit('.', 1)[1]}" if "." in file_path else ""),
                "content": bytes(content),
            }
            self._files[file_id] = record
            return record

    def _find_button_message(self, chat_id: int, callback_data: str) -> int:
        bot_messages = sorted(
            (
                mid
                for (cid, mid), s in self._messages.items()
                if cid == chat_id and s["from_bot"] and not s["deleted"]
            ),
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
        if raw.startswith("@"):
            chat_id = next(
                (
                    cid
                    for cid, chat in self._chats.items()
                    if chat.get("username", "").lower() == raw[1:].lower()
                ),
                None,
            )
            if chat_id is None:
                raise ApiError(400, "Bad Request: chat not found")
        else:
            try:
                chat_id = int(raw)
            except ValueError:
                raise ApiError(400, "Bad Request: chat not found") from None
        if self.strict_chats and chat_id not in self._chats:
            raise ApiError(400, "Bad Request: chat not found")
        if check_forbidden and chat_id in self._forbidden:
            raise ApiError(403, self._forbidden[chat_id])
        return chat_id

    @staticmethod
    def _int_param(params: dict[str, str], name: str, error: str) -> int:
        try:
            return int(params.get(name, "").strip())
        except ValueError:
            raise ApiError(400, error) from None

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
        entities_key: str,
        *,
        limit: int,
        too_long: str,
        empty: str | None,
    ) -> tuple[str, list[JSON]]:
        text = params.get(text_key, "")
        raw_entities = self._json_param(
            params, entities_key, "Bad Request: can't parse entities JSON object"
        )
        parse_mode = (params.get("parse_mode") or "").strip().lower()
        if raw_entities:
            if not isinstance(raw_entities, list):
                raise ApiError(400, "Bad Request: can't parse entities JSON object")
            plain, entities = text, [e for e in raw_entities if isinstance(e, dict)]
        elif parse_mode == "":
            plain, entities = text, []
        else:
            parser = {
                "html": lambda t: parse_html(t, strict=self.strict_html),
                "markdownv2": parse_markdown_v2,
                "markdown": parse_markdown,
            }.get(parse_mode)
            if parser is None:
                raise ApiError(400, "Bad Request: unsupported parse_mode")
            try:
                plain, entities = parser(text)
            except EntityParseError as exc:
                raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        plain, entities = _strip_formatted(plain, entities)
        if not plain and empty is not None:
            raise ApiError(400, empty)
        if utf16_len(plain) > limit:
            raise ApiError(400, too_long)
        for entity in entities:
            if entity.get("type") == "text_mention":
                uid = entity["user"]["id"]
                entity["user"] = copy.deepcopy(self._users.get(uid, entity["user"]))
        return plain, entities

    def _reply_markup(self, params: dict[str, str]) -> tuple[JSON | None, JSON | None]:
        """Returns (parsed markup, inline keyboard for the Message or None)."""
        markup = self._json_param(
            params, "reply_markup", "Bad Request: can't parse reply keyboard markup JSON object"
        )
        if markup is None:
            return None, None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise ApiError(
                    400,
                    'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup '
                    "must be an Array of Arrays",
                )
            for row in rows:
                for button in row:
                    self._check_inline_button(button)
            return markup, {"inline_keyboard": copy.deepcopy(rows)}
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise ApiError(
                    400,
                    'Bad Request: field "keyboard" of the ReplyKeyboardMarkup must be an '
                    "Array of Arrays",
                )
            for row in rows:
                for button in row:
                    text = (
                        button
                        if isinstance(button, str)
                        else (button.get("text") if isinstance(button, dict) else None)
                    )
                    if not isinstance(text, str):
                        raise ApiError(
                            400,
                            'Bad Request: can\'t parse keyboard button: Field "text" must '
                            "be of type String",
                        )
            return markup, None
        if markup.get("remove_keyboard") or markup.get("force_reply"):
            return markup, None
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")

    @staticmethod
    def _check_inline_button(button: Any) -> None:
        prefix = "Bad Request: can't parse inline keyboard button: "
        if not isinstance(button, dict):
            raise ApiError(400, prefix + "InlineKeyboardButton must be an Object")
        if not isinstance(button.get("text"), str):
            raise ApiError(400, prefix + 'Field "text" must be of type String')
        actions = [key for key in _INLINE_BUTTON_ACTIONS if key in button]
        if not actions:
            raise ApiError(400, prefix + "Text buttons are unallowed in the inline keyboard")
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not (
                1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
            ):
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        if "url" in button and not _checked_link(str(button["url"])):
            raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")

    def _reply_to(self, chat_id: int, params: dict[str, str]) -> JSON | None:
        reply = self._json_param(
            params, "reply_parameters", "Bad Request: can't parse reply parameters JSON object"
        )
        if reply is None and params.get("reply_to_message_id"):
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": _as_bool(params.get("allow_sending_without_reply")),
            }
        if not reply:
            return None
        try:
            message_id = int(reply.get("message_id"))
            target = int(reply.get("chat_id", chat_id))
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: message to be replied not found") from None
        stored = self._messages.get((target, message_id))
        if stored is None or stored["deleted"]:
            if reply.get("allow_sending_without_reply"):
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        inner = copy.deepcopy(stored["message"])
        inner.pop("reply_to_message", None)
        return inner

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
            "deleted": False,
        }
        return message

    def _target_message(self, params: dict[str, str], verb: str) -> tuple[int, int] | None:
        """(chat_id, message_id) of an edit target; None for inline messages."""
        if params.get("inline_message_id"):
            return None
        chat_id = self._chat_id(params)
        if not params.get("message_id"):
            raise ApiError(400, "Bad Request: message identifier is not specified")
        message_id = self._int_param(
            params, "message_id", f"Bad Request: message to {verb} not found"
        )
        stored = self._messages.get((chat_id, message_id))
        if stored is None or stored["deleted"]:
            raise ApiError(400, f"Bad Request: message to {verb} not found")
        if verb == "edit" and not stored["from_bot"]:
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat_id, message_id

    @staticmethod
    def _scope_key(scope: JSON) -> str:
        normalized = dict(scope)
        if "chat_id" in normalized:
            with contextlib.suppress(TypeError, ValueError):
                normalized["chat_id"] = int(normalized["chat_id"])
        if "user_id" in normalized:
            with contextlib.suppress(TypeError, ValueError):
                normalized["user_id"] = int(normalized["user_id"])
        return json.dumps(normalized, sort_keys=True)

    def _commands_key(self, params: dict[str, str]) -> tuple[str, str]:
        scope = self._json_param(
            params, "scope", "Bad Request: can't parse BotCommandScope JSON object"
        ) or {"type": "default"}
        if not isinstance(scope, dict) or scope.get("type") not in _COMMAND_SCOPES:
            raise ApiError(400, "Bad Request: unsupported bot command scope type")
        if scope["type"] in ("chat", "chat_administrators", "chat_member") and not scope.get(
            "chat_id"
        ):
            raise ApiError(400, "Bad Request: chat_id is empty")
        language = params.get("language_code", "")
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise ApiError(400, "Bad Request: invalid language code specified")
        return self._scope_key(scope), language

    # ------------------------------------------------------------------ methods

    def _m_true(self, params: dict[str, str], files: dict[str, JSON]) -> bool:
        return True

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

    def _m_get_webhook_info(self, params: dict[str, str], files: dict[str, JSON]) -> JSON:
        info: JSON = {
            "url": self._webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if info["url"]:
            info["max_connections"] = 40
        return info

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
        key = self._commands_key(params)
        if stored:
            self._commands[key] = stored
        else:
            self._commands.pop(key, None)
        return True

    def _m_get_my_commands(self, params: dict[str, str], files: dict[str, JSON]) -> list[JSON]:
        return copy.deepcopy(self._commands.get(self._commands_key(params), []))

    def _m_delete_my_commands(self, params: dict[str, str], files: dict[str, JSON]) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _m_send_message(self, params: dict[str, str], files: dict[str, JSON]) -> JSON:
        self._chat_id(params, check_forbidden=False)  # "chat_id is empty" comes first
        plain, entities = self._format_text(
            params,
            "text",
            "entities",
            limit=MAX_TEXT_LENGTH,
            too_long="Bad Request: message is too long",
            empty="Bad Request: message text is empty",
        )
        markup, inline = self._reply_markup(params)
        chat_id = self._chat_id(params)
        reply = self._reply_to(chat_id, params)
        fields: JSON = {"text": plain}
        if entities:
            fields["entities"] = entities
        if inline:
            fields["reply_markup"] = inline
        if reply:
            fields["reply_to_message"] = reply
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
                "reply_to_message_id": reply["message_id"] if reply else None,
                "disable_notification": _as_bool(params.get("disable_notification")),
                "message": copy.deepcopy(message),
            }
        )
        return message

    def _m_edit_message_text(self, params: dict[str, str], files: dict[str, JSON]) -> JSON | bool:
        plain, entities = self._format_text(
            params,
            "text",
            "entities",
            limit=MAX_TEXT_LENGTH,
            too_long="Bad Request: message is too long",
            empty="Bad Request: message text is empty",
        )
        markup, inline = self._reply_markup(params)
        target = self._target_message(params, "edit")
        record = {
            "method": "editMessageText",
            "chat_id": target[0] if target else None,
            "message_id": target[1] if target else None,
            "inline_message_id": params.get("inline_message_id"),
            "text": params.get("text", ""),
            "plain_text": plain,
            "parse_mode": params.get("parse_mode"),
            "entities": copy.deepcopy(entities),
            "reply_markup": copy.deepcopy(markup),
        }
        if target is None:
            self._edits.append(record)
            return True
        stored = self._messages[target]
        current = stored["message"]
        if "text" not in current:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
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
        stored["message"] = updated
        record["message"] = copy.deepcopy(updated)
        self._edits.append(record)
        return copy.deepcopy(updated)

    def _m_edit_message_reply_markup(
        self, params: dict[str, str], files: dict[str, JSON]
    ) -> JSON | bool:
        markup, inline = self._reply_markup(params)
        target = self._target_message(params, "edit")
        record = {
            "method": "editMessageReplyMarkup",
            "chat_id": target[0] if target else None,
            "message_id": target[1] if target else None,
            "inline_message_id": params.get("inline_message_id"),
            "reply_markup": copy.deepcopy(markup),
        }
        if target is None:
            self._edits.append(record)
            return True
        stored = self._messages[target]
        if stored["message"].get("reply_markup") == inline:
            raise ApiError(400, MESSAGE_NOT_MODIFIED)
        updated = dict(stored["message"], edit_date=int(time.time()))
        updated.pop("reply_markup", None)
        if inline:
            updated["reply_markup"] = inline
        stored["message"] = updated
        record["message"] = copy.deepcopy(updated)
        self._edits.append(record)
        return copy.deepcopy(updated)

    def _m_delete_message(self, params: dict[str, str], files: dict[str, JSON]) -> bool:
        chat_id, message_id = self._target_message(params, "delete") or (0, 0)
        self._messages[(chat_id, message_id)]["deleted"] = True
        self._deleted.append({"chat_id": chat_id, "message_id": message_id})
        return True

    def _m_answer_callback_query(self, params: dict[str, str], files: dict[str, JSON]) -> bool:
        query_id = params.get("callback_query_id", "")
        query = self._callback_queries.get(query_id)
        if query is None or query["answered"]:
            raise ApiError(400, QUERY_ID_INVALID)
        text = params.get("text")
        if text is not None and utf16_len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query["answered"] = True
        self._callback_answers.append(
            {
                "callback_query_id": query_id,
                "text": text,
                "show_alert": _as_bool(params.get("show_alert")),
                "url": params.get("url"),
                "cache_time": int(params.get("cache_time") or 0),
            }
        )
        return True

    def _m_send_document(self, params: dict[str, str], files: dict[str, JSON]) -> JSON:
        self._chat_id(params, check_forbidden=False)
        raw = params.get("document", "")
        upload = files.get("document")
        if upload is None and raw.startswith("attach://"):
            upload = files.get(raw[len("attach://") :])
        caption, caption_entities = self._format_text(
            params,
            "caption",
            "caption_entities",
            limit=MAX_CAPTION_LENGTH,
            too_long="Bad Request: message caption is too long",
            empty=None,
        )
        markup, inline = self._reply_markup(params)
        if upload is not None:
            if not upload["content"]:
                raise ApiError(400, "Bad Request: file must be non-empty")
            filename = upload["filename"]
            mime_type = (
                mimetypes.guess_type(filename)[0]
                or upload.get("content_type")
                or "application/octet-stream"
            )
            file = self._add_file(upload["content"], f"documents/{filename}", "BQACAgIA")
            content: bytes | None = upload["content"]
        elif raw in self._files:
            file = self._files[raw]
            filename = file["file_path"].rsplit("/", 1)[-1]
            mime_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            content = None
        elif raw.lower().startswith(("http://", "https://")):
            filename = raw.rstrip("/").rsplit("/", 1)[-1] or "file"
            mime_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            file = self._add_file(
                b"downloaded:" + raw.encode(), f"documents/{filename}", "BQACAgIA"
            )
            content = None
        elif raw:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        else:
            raise ApiError(400, "Bad Request: there is no document in the request")
        chat_id = self._chat_id(params)
        reply = self._reply_to(chat_id, params)
        document = {
            "file_id": file["file_id"],
            "file_unique_id": file["file_unique_id"],
            "file_name": filename,
            "mime_type": mime_type,
            "file_size": file["file_size"],
        }
        fields: JSON = {"document": document}
        if caption:
            fields["caption"] = caption
        if caption_entities:
            fields["caption_entities"] = caption_entities
        if inline:
            fields["reply_markup"] = inline
        if reply:
            fields["reply_to_message"] = reply
        message = self._store_bot_message(chat_id, fields)
        self._documents.append(
            {
                "chat_id": chat_id,
                "message_id": message["message_id"],
                "filename": filename,
                "content": content,
                "caption": params.get("caption"),
                "parse_mode": params.get("parse_mode"),
                "mime_type": mime_type,
                "file_id": file["file_id"],
                "reply_markup": copy.deepcopy(markup),
                "message": copy.deepcopy(message),
            }
        )
        return message

    def _m_send_chat_action(self, params: dict[str, str], files: dict[str, JSON]) -> bool:
        self._chat_id(params, check_forbidden=False)
        if params.get("action") not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        self._chat_id(params)
        return True

    def _m_get_chat(self, params: dict[str, str], files: dict[str, JSON]) -> JSON:
        chat_id = self._chat_id(params, check_forbidden=False)
        chat = self._chat_obj(chat_id)
        chat.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        )
        return chat

    def _m_get_file(self, params: dict[str, str], files: dict[str, JSON]) -> JSON:
        file = self._files.get(params.get("file_id", ""))
        if file is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {key: file[key] for key in ("file_id", "file_unique_id", "file_size", "file_path")}
