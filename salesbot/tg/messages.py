"""Sending rendered HTML texts, cut to Telegram's 4096-character limit (`splitting`)."""

from __future__ import annotations

import asyncio
import logging

from telegram import Chat, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut

from .splitting import split_message

log = logging.getLogger(__name__)

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
