"""Staff commands' arguments, parsed in one place: each is checked against what it may be,
and anything else gets a clear answer with the command's usage line, never an exception.

    found = arguments.parse(args, Number("answer_id", 1), Number("score", 0, 100), Rest("note"))
    if isinstance(found, BadArguments):
        return arguments.usage(svc, lang, "override", found)

Numbers are ASCII digits only: `int()` would take "²" or "٣" and raise on some of them; a
number of any length is compared as text first, so it never overflows SQLite's integers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .replies import Reply
from .services import Services

DIGITS = re.compile(r"[0-9]+")
# Telegram usernames: Latin letters, digits and underscores, starting with a letter.
USERNAME = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{2,31})")
MAX_ID = 2**63 - 1  # SQLite's largest integer
SHOWN = 40  # characters of a wrong value quoted back to the user


def button_number(data: str | None, prefix: str = "") -> int | None:
    """The number after `prefix` in a button's data, if that is all there is: ASCII digits,
    no more than an id holds ("²", "٣" or an overflow are forged data, not a number)."""
    rest = (data or "").removeprefix(prefix)
    if not DIGITS.fullmatch(rest) or len(rest.lstrip("0")) > len(str(MAX_ID)):
        return None
    number = int(rest)
    return number if number <= MAX_ID else None


@dataclass(frozen=True, slots=True)
class BadArguments:
    """What is wrong, for the `tg.arg.<problem>` text: missing, extra, not_number, range,
    choice, user, too_long."""

    problem: str
    param: str = ""
    value: str = ""
    low: int = 0
    high: int = 0
    options: tuple[str, ...] = ()


class _Wrong(Exception):
    def __init__(self, bad: BadArguments) -> None:
        super().__init__(bad.problem)
        self.bad = bad


@dataclass(frozen=True, slots=True)
class UserRef:
    """A person named in a command: a Telegram id, or a username without the @."""

    id: int | None = None
    username: str | None = None


@dataclass(frozen=True, slots=True)
class Number:
    name: str
    low: int = 1
    high: int = MAX_ID

    def read(self, word: str) -> int:
        if not DIGITS.fullmatch(word):
            raise _Wrong(BadArguments("not_number", self.name, word[:SHOWN]))
        digits = word.lstrip("0") or "0"
        if len(digits) > len(str(self.high)) or not self.low <= int(digits) <= self.high:
            raise _Wrong(BadArguments("range", self.name, word[:SHOWN], self.low, self.high))
        return int(digits)


@dataclass(frozen=True, slots=True)
class Choice:
    name: str
    options: tuple[str, ...]

    def read(self, word: str) -> str:
        if word.lower() not in self.options:
            raise _Wrong(BadArguments("choice", self.name, word[:SHOWN], options=self.options))
        return word.lower()


@dataclass(frozen=True, slots=True)
class User:
    """A numeric Telegram id or an exact @username (never a first name: anyone may set
    their first name to someone else's username)."""

    name: str = "user"

    def read(self, word: str) -> UserRef:
        if DIGITS.fullmatch(word):
            return UserRef(id=Number(self.name).read(word))
        found = USERNAME.fullmatch(word)
        if found is None:
            raise _Wrong(BadArguments("user", self.name, word[:SHOWN]))
        return UserRef(username=found.group(1))


@dataclass(frozen=True, slots=True)
class Rest:
    """The rest of the line as one text, spaces normalised."""

    name: str
    max_chars: int = 500

    def read(self, words: Sequence[str]) -> str:
        text = " ".join(words)
        if len(text) > self.max_chars:
            raise _Wrong(BadArguments("too_long", self.name, high=self.max_chars))
        return text


Param = Number | Choice | User | Rest


def parse(args: Sequence[str], *params: Param) -> dict[str, Any] | BadArguments:
    """The arguments by name, or what is wrong with them (the first problem found)."""
    words = [w for w in args if w]
    found: dict[str, Any] = {}
    try:
        for index, param in enumerate(params):
            if isinstance(param, Rest):
                if index >= len(words):
                    raise _Wrong(BadArguments("missing", param.name))
                found[param.name] = param.read(words[index:])
                return found
            if index >= len(words):
                raise _Wrong(BadArguments("missing", param.name))
            found[param.name] = param.read(words[index])
        if len(words) > len(params):
            raise _Wrong(BadArguments("extra", value=" ".join(words[len(params) :])[:SHOWN]))
    except _Wrong as wrong:
        return wrong.bad
    return found


def usage(svc: Services, lang: str, command: str, bad: BadArguments) -> Reply:
    """What was wrong, and how the command is written (`tg.usage.<command>`)."""
    return svc.say(
        "bad_arguments",
        lang,
        problem=bad.problem,
        param=bad.param,
        value=bad.value,
        low=bad.low,
        high=bad.high,
        options=", ".join(bad.options),
        command=command,
    )
