"""The one place text is made: one Jinja2 environment for chat messages, the terminal's
output and the HTML reports.

Templates are found by name, and the name decides the escaping:

- `html:{lang}:{key}` is the message `key` of `salesbot/locales` for Telegram's HTML parse
  mode: every value put into it is escaped;
- `text:{lang}:{key}` is the same message as plain text, for the terminal: nothing escaped;
- `report_*.html.j2` and `certificate.html.j2` are the HTML pages in `templates/`: escaped.

Filters and globals are registered once, in `environment()`. Inside any template,
`t('key', **values)` renders another message in the template's language and mode.

`Texts` is a channel's voice over the environment: `Texts("tg").render("feedback", lang,
...)` renders the message `tg.feedback` as HTML, `Texts("cli", html=False)` renders
`cli.feedback` as plain text, and `label()` renders any message as plain text for a
button. The use cases speak through it without knowing Jinja.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup

from .. import locales
from ..locales import language

TEMPLATES = Path(__file__).resolve().parent / "templates"
HTML, TEXT = "html", "text"  # the two modes of a message


class _Loader(BaseLoader):
    """Messages from the locale files by `mode:lang:key`; pages from `templates/`."""

    def __init__(self) -> None:
        self.files = FileSystemLoader(TEMPLATES)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool]]:
        mode, _, rest = template.partition(":")
        if mode in (HTML, TEXT) and rest:
            lang, _, key = rest.partition(":")
            return locales.source(key, lang), None, lambda: True
        return self.files.get_source(environment, template)


def _escaped(name: str | None) -> bool:
    """Autoescape by template name: everything but plain-text messages."""
    return not (name or "").startswith(f"{TEXT}:")


@cache
def environment() -> Environment:
    """The environment, built on first use with every filter and global."""
    from . import pages

    env = Environment(
        loader=_Loader(),
        autoescape=_escaped,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.globals["t"] = t
    pages.install(env)
    return env


_compiled: dict[tuple[str, str, str], Template] = {}


def message(key: str, lang: str, mode: str = HTML, /, **context: object) -> str:
    """Render the message `key` in `lang` (falls back to Russian), as HTML or plain text."""
    lang = language(lang)
    template = _compiled.get((mode, lang, key))
    if template is None:
        template = environment().get_template(f"{mode}:{lang}:{key}")
        _compiled[(mode, lang, key)] = template
    return template.render({**context, "lang": lang}).strip()


@pass_context
def t(context: Context, key: str, **values: object) -> str:
    """Another message in the calling template's language and mode; in HTML it is already
    escaped, so it is marked safe (never escaped twice)."""
    mode = TEXT if not _escaped(context.name) else HTML
    text = message(key, context["lang"], mode, **values)
    return Markup(text) if mode == HTML else text


class Texts:
    """A channel's messages: `render(key)` is the locale message `{namespace}.{key}`."""

    def __init__(self, namespace: str, *, html: bool = True):
        self.namespace = namespace
        self.mode = HTML if html else TEXT

    def render(self, key: str, lang: str, /, **context: object) -> str:
        return message(f"{self.namespace}.{key}", lang, self.mode, **context)

    def label(self, key: str, lang: str, /, **context: object) -> str:
        """The message `key` as plain text, for a button: Telegram shows a button's text as
        it is, so nothing may be escaped there (a title with an apostrophe stays one)."""
        return message(f"{self.namespace}.{key}", lang, TEXT, **context)

    def has(self, key: str, lang: str) -> bool:
        return locales.has(f"{self.namespace}.{key}", lang)


def page(template: str, view: Mapping[str, Any]) -> str:
    """A report page (`templates/{template}`) for its view model, as a full HTML document."""
    lang = language(view.get("lang"))
    return environment().get_template(template).render(report=view, lang=lang)


def interview_report(view: Mapping[str, Any]) -> str:
    """A case interview report (`reports.interview_report_view`) as a full HTML document."""
    return page("report_interview.html.j2", view)


def team_report(view: Mapping[str, Any]) -> str:
    """A team report (`reports.team_report_view`) as a full HTML document."""
    return page("report_team.html.j2", view)


def certificate(view: Mapping[str, Any]) -> str:
    """A certificate (`certificates.view`) as a printable HTML document."""
    return page("certificate.html.j2", view)
