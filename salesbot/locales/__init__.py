"""Every user-facing word, per language: `{lang}.yaml` plus `{area}.{lang}.yaml` beside it.

Each value is the source of a Jinja2 template (`salesbot/render` compiles them); a few are
plain names that data views read directly, such as the titles of patterns.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

LOCALES = ("ru", "en")  # the first is the fallback for anything missing in another
_DIR = Path(__file__).resolve().parent


def language(lang: object) -> str:
    """`lang` if there are texts in it, else the fallback language."""
    return lang if isinstance(lang, str) and lang in LOCALES else LOCALES[0]


def of_locale(environ: Mapping[str, str]) -> str | None:
    """The language of the user's locale, if there are texts in it: the first of LC_ALL,
    LC_MESSAGES and LANG that is set decides, as POSIX reads them (`en_GB.UTF-8` -> en);
    None for C, POSIX or a language without texts."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            code = value.partition(".")[0].partition("@")[0].partition("_")[0].lower()
            return code if code in LOCALES else None
    return None


@cache
def messages(lang: str) -> dict[str, str]:
    """Every message of a language, as written in the files."""
    found: dict[str, str] = {}
    for path in sorted(_DIR.glob(f"*{lang}.yaml")):
        if path.name == f"{lang}.yaml" or path.name.endswith(f".{lang}.yaml"):
            with open(path, encoding="utf-8") as handle:
                found.update(yaml.safe_load(handle) or {})
    return found


def has(key: str, lang: str) -> bool:
    return key in messages(language(lang))


def source(key: str, lang: str) -> str:
    """The text of message `key` in `lang`, else in the fallback language."""
    text = messages(language(lang)).get(key)
    if text is None:
        text = messages(LOCALES[0]).get(key)
    if text is None:
        raise KeyError(f"no message {key!r} in the locale files")
    return text
