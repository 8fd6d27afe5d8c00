"""Running `salesbot` in tests: click's runner with a known locale (and, with the
`in_empty_folder` fixture of conftest.py, no config.yaml around)."""

from __future__ import annotations

from click.testing import CliRunner, Result

from salesbot.cli import main

# A Russian locale and nothing else that could choose the language.
RUSSIAN_LOCALE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "ru_RU.UTF-8"}
ENGLISH_LOCALE = {**RUSSIAN_LOCALE, "LANG": "en_US.UTF-8"}


def run(*args: str, input: str | None = None, env: dict | None = None) -> Result:
    """`salesbot ARGS` with stdin `input`; a Russian locale unless `env` says otherwise."""
    return CliRunner().invoke(main, list(args), input=input, env={**RUSSIAN_LOCALE, **(env or {})})
