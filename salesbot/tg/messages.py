"""Sending rendered HTML texts: split at line breaks to Telegram's 4096-character limit."""

from __future__ import annotations

import asyncio
import logging

from telegram import Chat, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut

LIMIT = 4096
log = logging.getLogger(__name__)


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


SEND_ATTEMPTS = 4
BACKOFF_SECONDS = 0.5


async def send_texts(
    chat: Chat, texts: list[str], reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Send the parts of one reply (HTML) as a single message, split only past 4096; a
    keyboard goes with the last piece.

    One message per reply, not one per part: every message costs a Bot API round trip and
    a slot of the 30-per-second flood limit, and a reply's parts (feedback, the client's
    next line, the summary) belong together.

    A server error (500, 502) or a refused connection is retried with backoff: Telegram
    did not take the message. A timeout is not retried, and the next pieces still go: the
    message may have arrived, and a retry could send it twice. Flood control (429) is
    waited out by the rate limiter.
    """
    text = "\n\n".join(t for t in texts if t.strip())
    if text:
        pieces = split_message(text)
        for number, piece in enumerate(pieces, start=1):
            markup = reply_markup if number == len(pieces) else None
            for attempt in range(SEND_ATTEMPTS):
                try:
                    await chat.send_message(piece, reply_markup=markup)
                    break
                except TimedOut:
                    log.warning("sending timed out; not retried, it may have arrived")
                    break
                except NetworkError:
                    if attempt == SEND_ATTEMPTS - 1:
                        raise
                    await asyncio.sleep(BACKOFF_SECONDS * 2**attempt)
