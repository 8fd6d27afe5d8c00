"""What every use case works with: the settings, the case book, the store and the voice.

The use cases (`training`, `interviews`, `teams`, `access`, `accounts`) are plain functions
that take a `Services` and a `Caller` and return a `Reply`; the Telegram handlers and the
terminal build one `Services` each and call them. Text comes through `Texts` (a channel's
messages: Telegram HTML, terminal text) and `Pages` (the HTML reports), so the use cases
never touch Jinja or Telegram.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from .config import Config
from .engine import CaseBook
from .engine.tracks import Track
from .replies import Keyboard, Reply, message
from .storage import Store


class Texts(Protocol):
    """A channel's messages, rendered in a language (`salesbot.render.Texts`)."""

    def render(self, key: str, lang: str, /, **context: object) -> str: ...
    def label(self, key: str, lang: str, /, **context: object) -> str: ...


class Pages(Protocol):
    """The HTML reports (the `salesbot.render` module)."""

    def interview_report(self, view: Mapping[str, Any]) -> str: ...
    def team_report(self, view: Mapping[str, Any]) -> str: ...
    def certificate(self, view: Mapping[str, Any]) -> str: ...


@dataclass(frozen=True, slots=True)
class Caller:
    """Who asks: a user id, and what their Telegram profile says about them."""

    id: int
    language_code: str | None = None  # Telegram's language, a first guess at theirs
    first_name: str = ""
    username: str | None = None


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    config: Config
    book: CaseBook  # replaced as a whole by /reload
    store: Store
    texts: Texts
    pages: Pages
    tracks: Mapping[str, Track] = field(default_factory=dict)  # replaced with the book
    # What time it is, for due dates and reminders (the tests move it on instead of waiting).
    clock: Callable[[], datetime] = utc_now

    def text(self, key: str, lang: str, /, **context: object) -> str:
        return self.texts.render(key, lang, **context)

    def label(self, key: str, lang: str, /, **context: object) -> str:
        """A button's label (plain text: Telegram does not parse HTML in buttons)."""
        return self.texts.label(key, lang, **context)

    def say(self, key: str, lang: str, /, keyboard: Keyboard = (), **context: object) -> Reply:
        """A reply of one message: the text `key`, with an optional keyboard."""
        return message(self.texts.render(key, lang, **context), keyboard=keyboard)
