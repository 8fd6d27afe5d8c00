"""The documentation and the command line agree (as sqlite-utils checks its own): every
command and option is documented in README.md or docs/, and every `salesbot ...` command the
README shows exists, with options it has."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from salesbot.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
# A command shown in code: `salesbot score ...`, `.venv/bin/salesbot play ...`.
SHOWN = re.compile(r"(?:^|[\s/`])salesbot (?P<command>[a-z][\w-]*)(?P<rest>[^\n`]*)")
COMMON = {"--help"}


def documentation() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in DOCS)


def code(text: str) -> list[str]:
    """The code in Markdown text: fenced blocks, then inline spans."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.M | re.S)
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.M | re.S)
    return blocks + re.findall(r"`([^`\n]+)`", prose)


def options(command: click.Command) -> set[str]:
    return {o for p in command.params if isinstance(p, click.Option) for o in p.opts}


def shown_in_readme() -> list[tuple[str, str]]:
    """(command, the rest of its line) for every `salesbot COMMAND` in the README's code."""
    found = []
    for snippet in code(README.read_text(encoding="utf-8")):
        found += [(m["command"], m["rest"]) for m in SHOWN.finditer(snippet)]
    return found


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_documented(name):
    assert re.search(rf"salesbot {name}\b", documentation()), f"salesbot {name} is not documented"


@pytest.mark.parametrize(
    ("name", "option"),
    sorted(
        (name, option)
        for name, command in main.commands.items()
        for option in options(command)
        if option.startswith("--")
    ),
)
def test_every_option_is_documented(name, option):
    assert re.search(rf"{re.escape(option)}\b", documentation()), (
        f"{option} of salesbot {name} is not in README.md or docs/"
    )


def test_the_readme_shows_commands():
    assert len({command for command, _ in shown_in_readme()}) >= 6


@pytest.mark.parametrize(("command", "rest"), shown_in_readme())
def test_every_command_the_readme_shows_exists_with_its_options(command, rest):
    assert command in main.commands, f"the README shows `salesbot {command}`, which does not exist"
    used = set(re.findall(r"(?<![\w-])--[a-z][\w-]*", rest))
    unknown = used - options(main.commands[command]) - COMMON
    assert not unknown, f"`salesbot {command}` has no {sorted(unknown)}"


def test_the_checks_catch_a_command_that_does_not_exist():
    text = "```\nsalesbot frobnicate --now\n```\nand `.venv/bin/salesbot cases --lang en`"
    found = [(m["command"], m["rest"]) for s in code(text) for m in SHOWN.finditer(s)]
    assert found == [("frobnicate", " --now"), ("cases", " --lang en")]
    assert "frobnicate" not in main.commands
