"""Cutting a long Telegram HTML message into pieces Telegram accepts.

Telegram refuses a message over 4096 characters (counted in UTF-16 units of the text it
shows, after parsing the HTML) and one whose HTML does not parse. A cut must therefore
never fall inside a tag or an `&entity;`, and the tags open at a cut must be closed
before it and opened again after it. User text may hold line breaks inside a formatted
span (an answer in `<i>…</i>`), so a line break is not a safe place by itself.

Where a cut goes, best first: a line break outside any formatting (between entities), a
space outside any formatting, a line break or a space inside one (its tags closed and
reopened), between two entities or words, inside a long word. Only the second half of the
allowed length is searched, so no piece is needlessly short.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

LIMIT = 4096
CHUNK = 64  # characters of a word taken at once: a word longer than that may be cut
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^>]*>")
_TOKEN = re.compile(
    _TAG.pattern  # a tag
    + r"|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);"  # an entity
    + rf"|[^<&\n ]{{1,{CHUNK}}}"  # (a piece of) a word
    + r"|.",  # a line break, a space, a stray < or &
    re.S,
)


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    """Cut Telegram HTML into pieces of at most `limit` shown UTF-16 units, each valid HTML
    on its own; pieces that would show nothing are left out."""
    if units(text) <= limit:  # HTML is never shorter than what it shows
        return [text] if _shows_text(text) else []
    lines = text.split("\n")
    sizes = _line_sizes(lines, limit)
    if sizes is not None:
        return _by_lines(lines, sizes, limit)
    return _by_tokens(_tokens(text), limit)


class _Token(NamedTuple):
    text: str
    size: int  # UTF-16 units it shows (0 for a tag)
    tags: tuple[tuple[str, str], ...]  # the tags open after it: (name, opening tag)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    tags: tuple[tuple[str, str], ...] = ()
    for match in _TOKEN.finditer(text):
        piece, closing, name = match.group(0, 1, 2)
        if name is None:
            if piece[0] == "&" and piece[-1] == ";":  # an entity: one character
                size = 2 if html.unescape(piece) > "\uffff" else 1
            else:
                size = len(piece.encode("utf-16-le")) // 2
            tokens.append(_Token(piece, size, tags))
            continue
        name = name.lower()
        if closing:  # close up to its opening
            for depth in range(len(tags) - 1, -1, -1):
                if tags[depth][0] == name:
                    tags = tags[:depth]
                    break
        else:
            tags = (*tags, (name, piece))
        tokens.append(_Token(piece, 0, tags))
    return tokens


def _rank(token: _Token) -> int | None:
    """How good a cut at this token is (lower is better); the token itself is dropped
    when it is a line break or a space."""
    if token.size == 0:
        return None  # never cut at a tag: its entity would be left empty
    nested = bool(token.tags)
    if token.text == "\n":
        return 2 if nested else 0
    if token.text == " ":
        return 3 if nested else 1
    return 4


def _line_sizes(lines: list[str], limit: int) -> list[int] | None:
    """What each line shows, if every line closes the tags it opens and fits in a message
    (then every line break is between entities: the common case, and a quick one); else
    None."""
    sizes = []
    for line in lines:
        tags = _TAG.findall(line)
        if tags and not _balanced(tags):
            return None
        size = units(html.unescape(_TAG.sub("", line)))
        if size > limit:
            return None
        sizes.append(size)
    return sizes


def _balanced(tags: list[tuple[str, str]]) -> bool:
    open_tags: list[str] = []
    for closing, name in tags:
        if not closing:
            open_tags.append(name.lower())
        elif not open_tags or open_tags.pop() != name.lower():
            return False
    return not open_tags


def _by_lines(lines: list[str], sizes: list[int], limit: int) -> list[str]:
    """Whole lines per piece, as many as fit; the line break at a cut is dropped."""
    pieces: list[list[str]] = [[]]
    shown = 0
    for line, size in zip(lines, sizes, strict=True):
        extra = size + (1 if pieces[-1] else 0)
        if pieces[-1] and shown + extra > limit:
            pieces.append([])
            shown, extra = 0, size
        pieces[-1].append(line)
        shown += extra
    return [p for p in ("\n".join(piece) for piece in pieces) if _shows_text(p)]


def _by_tokens(tokens: list[_Token], limit: int) -> list[str]:
    """Any HTML, token by token, with the best cut found in each piece's second half."""
    pieces: list[str] = []
    start = 0
    while start < len(tokens):
        end, shown, half = start, 0, None
        while end < len(tokens) and shown + tokens[end].size <= limit:
            shown += tokens[end].size
            end += 1
            if half is None and shown >= limit // 2:
                half = end
        if end == len(tokens):
            cut, skip = end, 0
        else:
            cut, skip = _best_cut(tokens, half or start + 1, end)
        pieces.append(_piece(tokens, start, cut))
        start = cut + skip
    return [p for p in pieces if _shows_text(p)]


def _best_cut(tokens: list[_Token], low: int, high: int) -> tuple[int, int]:
    """Where to cut in tokens[low:high+1] (the piece ends before the cut), and how many
    tokens to drop there (a line break or a space)."""
    best, best_rank = high, 5
    for index in range(high, low - 1, -1):
        rank = _rank(tokens[index])
        if rank is not None and rank < best_rank:
            best, best_rank = index, rank
            if rank == 0:
                break
    return best, 1 if best_rank < 4 else 0


def _piece(tokens: list[_Token], start: int, end: int) -> str:
    """tokens[start:end] with the tags open at `start` reopened and those open at `end`
    closed."""
    before = tokens[start - 1].tags if start else ()
    after = tokens[end - 1].tags if end > start else before
    opening = "".join(tag for _, tag in before)
    closing = "".join(f"</{name}>" for name, _ in reversed(after))
    return opening + "".join(t.text for t in tokens[start:end]) + closing


def _shows_text(piece: str) -> bool:
    return bool(html.unescape(_TAG.sub("", piece)).strip())
