"""The `salesbot` command line: each command is a few lines over the use cases."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .dialogues import load_book, score_answer
from .engine import CaseBook, CaseFileError
from .engine.model import LANGUAGES
from .engine.text import detect_language
from .paths import bundled_scenarios
from .render import Texts
from .views import result_view

plain = Texts("cli", html=False)


def _book(scenarios: Path | None) -> CaseBook:
    try:
        return load_book(scenarios or bundled_scenarios())
    except CaseFileError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise SystemExit(2) from exc


def _case_or_exit(book: CaseBook, case_id: str, lang: str):
    if case_id not in book.cases:
        raise click.UsageError(
            plain.render("unknown_case", lang, case=case_id, known=", ".join(book.cases))
        )
    return book.cases[case_id]


scenarios_option = click.option(
    "--scenarios",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder with library.yaml and case files (default: the bundled cases).",
)
lang_option = click.option("--lang", type=click.Choice(LANGUAGES), default=None)
config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="config.yaml (see config.example.yaml); default: config.yaml if present.",
)


@click.group()
@click.version_option(package_name="salesbot")
def main() -> None:
    """salesbot: practise sales and service conversations on YAML cases.

    Example: salesbot play laptop-bulk-order --lang ru
    """


@main.command()
@scenarios_option
@click.option("--lang", type=click.Choice(LANGUAGES), default="ru")
def cases(scenarios: Path | None, lang: str) -> None:
    """List the cases.

    Example: salesbot cases --lang en
    """
    book = _book(scenarios)
    click.echo(plain.render("cases_header", lang, count=len(book.cases)))
    for case in sorted(book.cases.values(), key=lambda c: (c.difficulty, c.id)):
        click.echo(
            plain.render(
                "case_line",
                lang,
                id=case.id,
                difficulty=case.difficulty,
                title=case.text(case.title, lang),
            )
        )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check case files (or folders of them) and run their example answers.

    Prints every problem with file, line and field; exits 1 if there is any.

    Example: salesbot validate scenarios/my-case.yaml
    """
    from .validation import validate_paths

    problems, checked = validate_paths(list(paths) or [bundled_scenarios()])
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {checked} file(s).", err=True)
        raise SystemExit(1)
    click.echo(f"OK: {checked} file(s), every example scored as labelled.")


@main.command()
@config_option
def run(config_path: Path | None) -> None:
    """Run the Telegram bot (long polling, or a webhook when configured).

    Without a token it explains how to get one, then offers the terminal practice.

    Example: SALESBOT_TOKEN=123:ABC salesbot run --config config.yaml
    """
    import logging

    config = _config_or_exit(config_path)
    book = _book(config.scenarios)
    if not config.token:
        click.echo(plain.render("no_token", config.language), err=True)
        if sys.stdin.isatty():
            _terminal_practice(book, config.language)
            return
        raise SystemExit(2)
    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    from telegram.error import InvalidToken, TelegramError

    from .tg.app import run as run_bot

    storage = _store_or_exit(config.storage.path)
    if storage.created_folder is not None:
        logging.getLogger(__name__).info("created the database folder %s", storage.created_folder)
    try:
        run_bot(config, book, storage)
    except InvalidToken as exc:
        click.echo(plain.render("bad_token", config.language), err=True)
        raise SystemExit(2) from exc
    except TelegramError as exc:  # a request Telegram refuses for good (transient ones wait)
        click.echo(f"Telegram refused to start the bot: {exc.message}", err=True)
        raise SystemExit(2) from exc
    finally:
        storage.close()


def _store_or_exit(path: str | Path):
    """The database, or one line saying why it cannot be used (exit status 2)."""
    from .storage import SqliteStore, StoreUnavailable

    try:
        return SqliteStore(path)
    except StoreUnavailable as exc:
        click.echo(f"salesbot: {exc}", err=True)
        raise SystemExit(2) from exc


def _terminal_practice(book: CaseBook, lang: str) -> None:
    """Pick a case by number and play it in the terminal."""
    ordered = sorted(book.cases.values(), key=lambda c: (c.difficulty, c.id))
    for number, case in enumerate(ordered, start=1):
        click.echo(f"{number}. {case.text(case.title, lang)} ({case.id})")
    choice = click.prompt(plain.render("pick_case", lang), type=click.IntRange(1, len(ordered)))
    _play(book, ordered[choice - 1].id, lang)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv")
@click.option("--user", "user_id", type=int, default=None, help="Only this Telegram user id.")
@config_option
def export(fmt: str, user_id: int | None, config_path: Path | None) -> None:
    """Write every stored answer with its scores to stdout (CSV or JSON Lines).

    Example: salesbot export --format csv > answers.csv
    """
    import csv

    from .storage import SqliteStore

    config = _config_or_exit(config_path)
    if not Path(config.storage.path).exists():
        raise click.UsageError(f"no database at {config.storage.path}; has the bot run yet?")
    storage = SqliteStore(config.storage.path)
    rows = storage.export_answers(user_id)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    writer = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
    storage.close()


@main.command()
@click.argument("user_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@config_option
def forget(user_id: int, yes: bool, config_path: Path | None) -> None:
    """Erase a user's data from every table (answers, attempts, teams, roles, interviews).

    Example: salesbot forget 123456789 --config config.yaml
    """
    from .storage import SqliteStore

    config = _config_or_exit(config_path)
    if not Path(config.storage.path).exists():
        raise click.UsageError(f"no database at {config.storage.path}")
    if not yes:
        click.confirm(f"Erase every record of user {user_id}?", abort=True)
    storage = SqliteStore(config.storage.path)
    removed = storage.forget_user(user_id)
    storage.close()
    click.echo(", ".join(f"{table}: {n}" for table, n in removed.items() if n) or "nothing found")


@main.command("dead-letters")
@click.option("--limit", type=click.IntRange(1), default=50, help="How many, newest first.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line, with the update.")
@config_option
def dead_letters(limit: int, as_json: bool, config_path: Path | None) -> None:
    """List the updates the bot gave up on (dead letters), with their errors.

    An update that failed the same way several times is kept here and confirmed to
    Telegram, so that it never stops the bot; admins see the same with /deadletters.

    Example: salesbot dead-letters --config config.yaml
    """
    import dataclasses

    config = _config_or_exit(config_path)
    if not Path(config.storage.path).exists():
        raise click.UsageError(f"no database at {config.storage.path}; has the bot run yet?")
    storage = _store_or_exit(config.storage.path)
    items = storage.dead_letters(limit)
    storage.close()
    for item in items:
        if as_json:
            click.echo(json.dumps(dataclasses.asdict(item), ensure_ascii=False))
        else:
            who = f"user {item.user_id}" if item.user_id is not None else "unknown user"
            click.echo(
                f"update {item.update_id}  {item.last_at}  {who}  tries: {item.failures}\n"
                f"  {item.error}\n  {item.payload[:500]}"
            )
    if not items and not as_json:
        click.echo("no dead letters")


def _config_or_exit(config_path: Path | None):
    from .config import ConfigError, load_config

    if config_path is None and Path("config.yaml").exists():
        config_path = Path("config.yaml")
    try:
        return load_config(config_path)
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise SystemExit(2) from exc


@main.command()
@click.argument("case_id")
@lang_option
@scenarios_option
def play(case_id: str, lang: str | None, scenarios: Path | None) -> None:
    """Play a case in the terminal: the client speaks, you answer.

    Example: salesbot play rude-client --lang ru
    """
    _play(_book(scenarios), case_id, lang or "ru")


TERMINAL_USER = 0  # the terminal's player, in a database of its own


def _play(book: CaseBook, case_id: str, lang: str) -> None:
    """The practice loop of the Telegram bot, in the terminal, on an in-memory store."""
    from . import accounts, render, training
    from .config import Config
    from .services import Caller, Services
    from .storage import SqliteStore

    _case_or_exit(book, case_id, lang)
    store = SqliteStore(":memory:")
    svc = Services(Config(), book, store, plain, render)
    player = Caller(TERMINAL_USER, language_code=lang)
    accounts.seen(svc, player)
    _echo(training.start_case(svc, player, case_id))
    update = 0
    while (attempt := training.active(svc, player)) is not None:
        try:
            text = input(plain.render("prompt", attempt.lang))
        except EOFError:
            text = ""
        if not text.strip():
            _echo(training.stop(svc, player))
            break
        update += 1
        _echo(training.answer(svc, player, training.Incoming(update, 0, update, text)))
    store.close()


def _echo(reply) -> None:
    for text in reply.texts:
        click.echo(text)


@main.command()
@click.argument("case_id", required=False)
@click.argument("text", required=False)
@click.option("--step", "step_id", default=None, help="Step id (default: the first step).")
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--batch",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help='JSON Lines: {"case": ..., "text": ..., "lang": ..., "step": ...} per line.',
)
@scenarios_option
def score(
    case_id: str | None,
    text: str | None,
    step_id: str | None,
    lang: str | None,
    as_json: bool,
    batch,
    scenarios: Path | None,
) -> None:
    """Score one answer, or a JSON Lines file of answers with --batch.

    Examples:
      salesbot score rude-client "Извините, проверяю заказ, отвечу за 10 минут"
      echo "I'm sorry..." | salesbot score rude-client - --json
      salesbot score --batch answers.jsonl > scores.jsonl
    """
    book = _book(scenarios)
    if batch is not None:
        from .batch import score_lines

        for line in score_lines(book, batch):
            sys.stdout.write(line + "\n")
        return
    if case_id is None:
        raise click.UsageError("give a CASE and a TEXT (or - for stdin), or --batch FILE")
    if text is None or text == "-":
        text = sys.stdin.read()
    if not text.strip():
        raise click.UsageError(plain.render("empty_text", lang or "ru"))
    lang = lang or detect_language(text)
    case = _case_or_exit(book, case_id, lang)
    step_ids = [s.id for s in case.steps]
    if step_id is not None and step_id not in step_ids:
        raise click.UsageError(
            plain.render(
                "unknown_step", lang, case=case_id, step=step_id, known=", ".join(step_ids)
            )
        )
    result = score_answer(book, case, step_id or case.first_step.id, text, lang)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        click.echo(plain.render("feedback", lang, **result_view(book, result, lang)))
