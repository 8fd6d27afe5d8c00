"""Practice in the terminal: the Telegram bot's practice loop (`training`) over stdin and
stdout, on an in-memory store or on the bot's own database (`salesbot play --db`).

An empty line does not end the case (it is easy to press Enter twice); `/stop` or the end
of the input (Ctrl+D) does. Piped input is echoed after the prompt, so a transcript
reads as a dialogue.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import click

from . import accounts, render, training
from .config import Config
from .engine import Case, CaseBook
from .replies import Reply
from .services import Caller, Services
from .storage import SqliteStore

TERMINAL_USER = 0  # who practises in the terminal, in the database
STOP = "/stop"
texts = render.Texts("cli", html=False)


def ordered(book: CaseBook) -> list[Case]:
    """The cases as menus list them: easiest first."""
    return sorted(book.cases.values(), key=lambda c: (c.difficulty, c.id))


def read(prompt: str) -> str | None:
    """A line typed after `prompt`, or None at the end of the input (Ctrl+D) or on Ctrl+C."""
    try:
        line = input(f"{prompt} ")
    except (EOFError, KeyboardInterrupt):
        click.echo()
        return None
    if not sys.stdin.isatty():
        click.echo(line)  # what a terminal would have shown as it was typed
    return line


def pick_case(book: CaseBook, lang: str) -> str | None:
    """A case chosen from a numbered menu by its number or its id; None at the end of input."""
    cases = ordered(book)
    for number, case in enumerate(cases, start=1):
        click.echo(
            texts.render(
                "case_menu_line", lang, number=number, title=case.text(case.title, lang), id=case.id
            )
        )
    while (choice := read(texts.render("pick_case", lang))) is not None:
        choice = choice.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(cases):
            return cases[int(choice) - 1].id
        if choice in book.cases:
            return choice
        if choice:
            click.echo(texts.render("no_such_choice", lang, choice=choice, count=len(cases)))
    return None


def play(book: CaseBook, case_id: str, lang: str, database: Path | None = None) -> None:
    """Play a case to its end, to /stop or to the end of the input."""
    store = SqliteStore(database or ":memory:")
    try:
        svc = Services(Config(), book, store, texts, render)
        player = Caller(TERMINAL_USER, language_code=lang)
        accounts.seen(svc, player)
        _show(svc, training.start_case(svc, player, case_id))
        # Telegram's update ids are positive; the terminal's are negative and, taken from
        # the clock, distinct across sessions, so a shared database keeps them apart.
        first_update = -time.time_ns() // 1000
        answers = itertools.count(1)
        while (attempt := training.active(svc, player)) is not None:
            text = read(texts.render("prompt", attempt.lang))
            if text is None or text.strip().lower() == STOP:
                _show(svc, training.stop(svc, player))
                break
            if not text.strip():
                click.echo(texts.render("empty_answer", attempt.lang))
                continue
            number = next(answers)
            incoming = training.Incoming(first_update - number, 0, number, text)
            _show(svc, training.answer(svc, player, incoming))
    finally:
        store.close()


def _show(svc: Services, reply: Reply) -> None:
    for text in reply.texts:
        click.echo(text)
    if reply.answer_id is not None:
        training.mark_sent(svc, reply.answer_id)
