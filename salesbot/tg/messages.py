"""Rendered HTML texts as Telegram messages: joined, and cut to Telegram's 4096-character
limit only between entities (`splitting`)."""

from __future__ import annotations

from .splitting import split_message


def compose(parts: list[str]) -> list[str]:
    """The messages of one reply: its parts (HTML) joined with blank lines into a single
    message, split only past 4096 characters.

    One message per reply, not one per part: every message costs a Bot API round trip and
    a slot of the 30-per-second flood limit, and a reply's parts (feedback, the client's
    next line, the summary) belong together.
    """
    text = "\n\n".join(t for t in parts if t.strip())
    return split_message(text) if text else []
