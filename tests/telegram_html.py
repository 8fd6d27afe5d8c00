"""Telegram's HTML parse mode, as Telegram checks it: the parser both test layers use.

`parse_html(text)` returns the plain text and the entities Telegram would make of a message
in HTML parse mode, or raises `EntityParseError` with Telegram's own error text ("Can't
parse entities: Unsupported start tag ..."). One deliberate deviation: with `strict=True`
(the default) an `&` that does not start a supported entity (`&lt; &gt; &amp; &quot;` or
numeric) is rejected, where Telegram keeps it literally; strictness catches a missing
escape of any user text, not only of `<`.
"""

from __future__ import annotations

import re
from typing import Any

JSON = dict[str, Any]
MAX_TEXT_LENGTH = 4096  # UTF-16 units of a message's text, after parsing
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
BOT_COMMAND = re.compile(
    r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}+(?:@[A-Za-z0-9_]{3,32}+(?![\w/<>])|(?![\w/<>@]))"
)


class EntityParseError(ValueError):
    """Raised by the formatting parsers; the message is tdlib's text."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


# The parser is a port of tdlib's parse_html (td/telegram/MessageEntity.cpp); it works on
# UTF-8 bytes so that error offsets are byte offsets, like Telegram's.

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


def strip_formatted(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
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


def bot_command_entities(text: str) -> list[JSON]:
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: m.start()]),
            "length": utf16_len(m.group()),
        }
        for m in BOT_COMMAND.finditer(text)
    ]
