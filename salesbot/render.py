"""The one place user-facing text comes from: locale files of Jinja2 templates (ru, en).

`Texts(html=True)` escapes every value put into a template (Telegram's HTML parse mode and
reports); `Texts(html=False)` renders plain text for the terminal.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

LOCALES = ("ru", "en")
_LOCALE_DIR = Path(__file__).resolve().parent / "locales"


@cache
def _messages(lang: str) -> dict[str, str]:
    """Every message of a language: {lang}.yaml plus any {area}.{lang}.yaml beside it."""
    messages: dict[str, str] = {}
    for path in sorted(_LOCALE_DIR.glob(f"*{lang}.yaml")):
        if path.name == f"{lang}.yaml" or path.name.endswith(f".{lang}.yaml"):
            with open(path, encoding="utf-8") as handle:
                messages.update(yaml.safe_load(handle) or {})
    return messages


def bar(value: float, width: int = 10) -> str:
    """A text bar for a 0-100 value: ▰▰▰▰▱▱▱▱▱▱."""
    filled = max(0, min(width, round(value * width / 100)))
    return "▰" * filled + "▱" * (width - filled)


class Texts:
    def __init__(self, html: bool):
        self.env = Environment(
            autoescape=html,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.filters["bar"] = bar
        self._compiled: dict[tuple[str, str], Template] = {}

    def has(self, key: str, lang: str) -> bool:
        return key in _messages(lang if lang in LOCALES else "ru")

    def render(self, key: str, lang: str, /, **context: object) -> str:
        """Render the message `key` in `lang` (falls back to Russian)."""
        lang = lang if lang in LOCALES else "ru"
        template = self._compiled.get((key, lang))
        if template is None:
            messages = _messages(lang)
            source = messages.get(key, _messages("ru").get(key))
            if source is None:
                raise KeyError(f"no message {key!r} in the locale files")
            template = self.env.from_string(source)
            # A nested message is already rendered (and escaped): mark it safe, never twice.
            wrap = Markup if self.env.autoescape else str
            template.globals["t"] = lambda k, **kw: wrap(self.render(k, lang, **kw))
            self._compiled[(key, lang)] = template
        return template.render({**context, "lang": lang}).strip()
