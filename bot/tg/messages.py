"""Sending rendered HTML texts: split at line breaks to Telegram's 4096-character limit."""

from __future__ import annotations

from telegram import Chat

LIMIT = 4096


def _units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = LIMIT) -> list[str]:
    """Cut text into pieces of at most `limit` UTF-16 units, at line breaks where possible.

    Templates never open a tag on one line and close it on another, so cutting at a line
    break keeps the HTML valid; a single over-long line is cut at a space.
    """
    if _units(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if _units(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while _units(line) > limit:
            cut = _cut_point(line, limit)
            pieces.append(line[:cut])
            line = line[cut:].lstrip()
        current = line
    if current:
        pieces.append(current)
    return [p for p in pieces if p.strip()]


def _cut_point(line: str, limit: int) -> int:
    end = limit // 2  # surrogate pairs count twice: half the limit is always safe
    while end < len(line) and _units(line[: end + 1]) <= limit:
        end += 1
    space = line.rfind(" ", 0, end)
    cut = space if space > end // 2 else end
    amp = line.rfind("&", 0, cut)  # never cut inside an HTML entity such as &amp;
    if amp != -1 and ";" not in line[amp:cut]:
        cut = amp
    return cut


async def send_texts(chat: Chat, texts: list[str]) -> None:
    """Send each text (HTML) as one or more messages, in order."""
    for text in texts:
        for piece in split_message(text):
            await chat.send_message(piece)
