"""Rendered HTML texts as Telegram messages: joined, and split at line breaks to Telegram's
4096-character limit."""

from __future__ import annotations

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


def compose(parts: list[str]) -> list[str]:
    """The messages of one reply: its parts (HTML) joined with blank lines into a single
    message, split only past 4096 characters.

    One message per reply, not one per part: every message costs a Bot API round trip and
    a slot of the 30-per-second flood limit, and a reply's parts (feedback, the client's
    next line, the summary) belong together.
    """
    text = "\n\n".join(t for t in parts if t.strip())
    return split_message(text) if text else []
