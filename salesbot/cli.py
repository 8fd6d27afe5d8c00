"""The `salesbot` command line: each command is a few lines over the use cases.

One language per run: `--lang`, else `language:` of the config file, else the locale
(LC_ALL, LC_MESSAGES, LANG), else Russian. Everything a command says is in the locale
files (`cli.*`), in that language.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import urlparse

import click

from . import compiled, locales
from .dialogues import load_book, score_answer
from .engine import CaseBook, CaseFileError
from .engine.model import LANGUAGES
from .paths import bundled_scenarios, example_config
from .render import Texts
from .views import result_view

if TYPE_CHECKING:
    from .config import Config
    from .engine import Case
    from .engine.tracks import Track
    from .storage import SqliteStore

plain = Texts("cli", html=False)
CONFIG_FILE = Path("config.yaml")  # read when no --config is given


def say(key: str, lang: str, /, **values: object) -> None:
    """Print the message `cli.{key}` on stderr."""
    click.echo(plain.render(key, lang, **values), err=True)


def fail(key: str, lang: str, /, code: int = 2, **values: object) -> NoReturn:
    """Print the message `cli.{key}` on stderr and exit with `code`."""
    say(key, lang, **values)
    raise SystemExit(code)


def begin(option: str | None, config_path: Path | None = None) -> str:
    """Every command starts here: this run's language, and a warning when compiled modules
    are older than their sources (an edit would silently not run)."""
    lang = option or _configured_language(config_path) or locales.of_locale(os.environ)
    lang = locales.language(lang)
    stale = compiled.stale()
    if stale:
        say("stale_compiled", lang, modules=stale)
    return lang


def _config_file(config_path: Path | None) -> Path | None:
    """--config, else config.yaml in the current folder if there is one."""
    return config_path or (CONFIG_FILE if CONFIG_FILE.exists() else None)


def _configured_language(config_path: Path | None) -> str | None:
    """`language:` as written in the config file, if it is there and readable; the
    commands that need the whole file report its problems themselves."""
    from .config import ConfigError, load_config

    path = _config_file(config_path)
    if path is None:
        return None
    try:
        config = load_config(path)
    except ConfigError:
        return None
    return config.language if "language" in config.model_fields_set else None


def _config_or_exit(config_path: Path | None, lang: str) -> Config:
    from .config import ConfigError, load_config

    try:
        return load_config(_config_file(config_path))
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        fail("bad_config", lang)


def _book(scenarios: Path | None, lang: str) -> CaseBook:
    try:
        return load_book(scenarios or bundled_scenarios())
    except CaseFileError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        fail("bad_cases", lang)


def _case_or_exit(book: CaseBook, case_id: str, lang: str) -> Case:
    if case_id not in book.cases:
        fail("unknown_case", lang, case=case_id, known=list(book.cases))
    return book.cases[case_id]


def _store_or_exit(config: Config, lang: str) -> SqliteStore:
    """The database the bot wrote, for the commands that read it."""
    if not Path(config.storage.path).exists():
        fail("no_database", lang, 1, path=config.storage.path)
    return _open_store(config.storage.path, lang)


def _open_store(path: str | Path, lang: str) -> SqliteStore:
    """The database (created if missing), or one line saying why it cannot be used."""
    from .storage import SqliteStore, StoreUnavailable

    try:
        return SqliteStore(path)
    except StoreUnavailable as exc:
        fail(f"store_{exc.reason}", lang, 2, path=exc.path, detail=exc.detail)


scenarios_option = click.option(
    "--scenarios",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder with library.yaml and case files (default: the bundled cases).",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="The language of this run (default: the config's language:, then your locale).",
)
config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="config.yaml (salesbot init writes one); default: config.yaml if present.",
)


@click.group()
@click.version_option(package_name="salesbot")
def main() -> None:
    """salesbot: practise sales and service conversations on YAML cases.

    Example: salesbot play laptop-bulk-order --lang ru
    """


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), default=CONFIG_FILE)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@lang_option
def init(path: Path, force: bool, lang: str | None) -> None:
    """Write a config.yaml with every key explained, and say what to do next.

    Example: salesbot init
    """
    lang = begin(lang)
    if path.exists() and not force:
        fail("init_exists", lang, 1, path=path)
    text = example_config().read_text(encoding="utf-8")
    # The bot's language for users who read neither Russian nor English: this run's.
    text = text.replace("\nlanguage: ru\n", f"\nlanguage: {lang}\n")
    path.write_text(text, encoding="utf-8")
    click.echo(plain.render("init_done", lang, path=path))


@main.command()
@scenarios_option
@lang_option
def cases(scenarios: Path | None, lang: str | None) -> None:
    """List the cases: id, title, difficulty, languages.

    Example: salesbot cases --lang en
    """
    from tabulate import tabulate

    from . import terminal

    lang = begin(lang)
    rows = [
        (c.id, c.text(c.title, lang), "★" * c.difficulty, ", ".join(c.languages))
        for c in terminal.ordered(_book(scenarios, lang))
    ]
    columns = ("id", "title", "difficulty", "languages")
    headers = [plain.render(f"column.{c}", lang) for c in columns]
    click.echo(tabulate(rows, headers, tablefmt="simple", disable_numparse=True))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@lang_option
def validate(paths: tuple[Path, ...], lang: str | None) -> None:
    """Check case files (or folders of them) and run their example answers.

    Prints every problem with file, line and field; exits 1 if there is any.

    Example: salesbot validate scenarios/my-case.yaml
    """
    from .validation import validate_paths

    lang = begin(lang)
    problems, checked = validate_paths(list(paths) or [bundled_scenarios()])
    for problem in problems:
        click.echo(problem)
    if problems:
        fail("validate_failed", lang, 1, problems=len(problems), files=checked)
    click.echo(plain.render("validate_ok", lang, files=checked))


@main.command()
@config_option
@lang_option
def run(config_path: Path | None, lang: str | None) -> None:
    """Run the Telegram bot (long polling, or a webhook when configured).

    Without a token it explains how to get one, then offers the terminal practice. When
    Telegram cannot be reached it says so and tries again, waiting longer each time.

    Example: SALESBOT_TOKEN=123:ABC salesbot run --config config.yaml
    """
    from . import terminal

    lang = begin(lang, config_path)
    config = _config_or_exit(config_path, lang)
    book = _book(config.scenarios, lang)
    tracks = _tracks_or_exit(book, lang)
    if not config.token:
        say("no_token", lang)
        if not sys.stdin.isatty():
            fail("no_token_no_terminal", lang)
        say("practise_meanwhile", lang)
        case_id = terminal.pick_case(book, lang)
        if case_id is not None:
            terminal.play(book, case_id, lang)
        return
    storage = _open_store(config.storage.path, lang)
    try:
        _run_bot(config, book, tracks, storage, lang)
    finally:
        storage.close()


def _tracks_or_exit(book: CaseBook, lang: str) -> dict[str, Track]:
    """The tracks; a broken track file stops start-up with every problem, like a broken
    case."""
    from .dialogues import load_tracks

    try:
        return load_tracks(book)
    except CaseFileError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        fail("bad_cases", lang)


def _run_bot(
    config: Config, book: CaseBook, tracks: dict[str, Track], storage: SqliteStore, lang: str
) -> None:
    """Run the bot. While Telegram cannot be reached at start-up the bot waits, trying again
    twice as late each time; each wait is said here in one line."""
    import logging

    from telegram.error import InvalidToken, TelegramError

    from .logsafe import MASK
    from .tg.app import run as run_bot

    logging.basicConfig(
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO
    )
    if storage.created_folder is not None:
        say("created_folder", lang, folder=storage.created_folder)
    host = urlparse(config.telegram.base_url).netloc

    def unreachable(error: Exception, seconds: float) -> None:
        reason = str(getattr(error, "message", error)).replace(config.token, MASK)
        say("unreachable", lang, host=host, reason=reason, seconds=f"{seconds:g}")

    try:
        run_bot(config, book, storage, tracks=tracks, on_unreachable=unreachable)
    except InvalidToken:
        fail("bad_token", lang)
    except TelegramError as exc:  # a request Telegram refuses for good (transient ones wait)
        fail("refused", lang, reason=exc.message.replace(config.token, MASK))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv")
@click.option("--user", "user_id", type=int, default=None, help="Only this Telegram user id.")
@config_option
@lang_option
def export(fmt: str, user_id: int | None, config_path: Path | None, lang: str | None) -> None:
    """Write every stored answer with its scores to stdout (CSV or JSON Lines).

    In JSON Lines, matched, violations and feedback are arrays, as in `salesbot score
    --json`; a CSV always starts with its header, even with no answers.

    Example: salesbot export --format csv > answers.csv
    """
    import csv

    from .reports import csv_cell
    from .storage import EXPORT_COLUMNS
    from .views import export_row

    lang = begin(lang, config_path)
    storage = _store_or_exit(_config_or_exit(config_path, lang), lang)
    try:
        rows = (export_row(r, nested=fmt == "jsonl") for r in storage.export_answers(user_id))
        if fmt == "jsonl":
            for row in rows:
                click.echo(json.dumps(row, ensure_ascii=False))
            return
        writer = csv.DictWriter(sys.stdout, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        # Never a live formula in a spreadsheet (see reports.csv_cell).
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    finally:
        storage.close()


@main.command()
@click.argument("user_id", type=int)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@config_option
@lang_option
def forget(user_id: int, yes: bool, config_path: Path | None, lang: str | None) -> None:
    """Erase a user's data as /forget does (README, "Privacy"); logs others need keep a
    pseudonym instead of the user's id.

    Example: salesbot forget 123456789 --config config.yaml
    """
    lang = begin(lang, config_path)
    config = _config_or_exit(config_path, lang)
    storage = _store_or_exit(config, lang)
    try:
        if not yes and not click.confirm(plain.render("forget_confirm", lang, user=user_id)):
            fail("forget_cancelled", lang, 1)
        removed = [(table, n) for table, n in storage.forget_user(user_id).items() if n]
    finally:
        storage.close()
    if removed:
        click.echo(plain.render("forget_done", lang, removed=removed))
    else:
        click.echo(plain.render("forget_nothing", lang, user=user_id))


@main.command("dead-letters")
@click.option("--limit", type=click.IntRange(1), default=50, help="How many, newest first.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line, with the update.")
@config_option
@lang_option
def dead_letters(limit: int, as_json: bool, config_path: Path | None, lang: str | None) -> None:
    """List the updates the bot gave up on (dead letters), with their errors.

    An update that failed the same way several times is kept here and confirmed to
    Telegram, so that it never stops the bot; admins see the same with /deadletters.

    Example: salesbot dead-letters --config config.yaml
    """
    import dataclasses

    lang = begin(lang, config_path)
    storage = _store_or_exit(_config_or_exit(config_path, lang), lang)
    try:
        items = storage.dead_letters(limit)
    finally:
        storage.close()
    for item in items:
        if as_json:
            click.echo(json.dumps(dataclasses.asdict(item), ensure_ascii=False))
        else:
            click.echo(plain.render("dead_letter", lang, item=item, payload=item.payload[:500]))
    if not items and not as_json:
        click.echo(plain.render("dead_letters_none", lang))


@main.command()
@click.argument("code")
@config_option
@lang_option
def verify(code: str, config_path: Path | None, lang: str | None) -> None:
    """Tell whether a certificate's code is genuine: exit 0 and what it certifies, or 1.

    Example: salesbot verify ABCD-EFGH-JKLM-NPQR-STUV --config config.yaml
    """
    from .certificates import verify as check
    from .certificates import view

    lang = begin(lang, config_path)
    config = _config_or_exit(config_path, lang)
    if not config.certificates.key:
        fail("verify_no_secret", lang)
    storage = _store_or_exit(config, lang)
    try:
        found = check(storage, config.certificates.key, code)
    finally:
        storage.close()
    if found is None:
        click.echo(plain.render("verify_refused", lang, code=code.strip()[:40]))
        raise SystemExit(1)
    click.echo(plain.render("verify_genuine", lang, **view(found, lang)))


@main.command()
@click.argument("case_id")
@lang_option
@scenarios_option
@click.option(
    "--db",
    "database",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Record the answers in this database (the bot's storage.path) as user 0.",
)
def play(case_id: str, lang: str | None, scenarios: Path | None, database: Path | None) -> None:
    """Play a case in the terminal: the client speaks, you answer; /stop or Ctrl+D ends it.

    Example: salesbot play rude-client --lang ru --db salesbot.db
    """
    from . import terminal

    lang = begin(lang)
    book = _book(scenarios, lang)
    _case_or_exit(book, case_id, lang)
    terminal.play(book, case_id, lang, database)


@main.command()
@click.argument("case_id", required=False)
@click.argument("text", required=False)
@click.option("--step", "step_id", default=None, help="Step id (default: the first step).")
@lang_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--batch",
    type=click.File("r", encoding="utf-8-sig"),
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

    The feedback is in this run's language, whatever the answer's. A batch goes on past
    bad lines and exits 1 if there was any.

    Examples:
      salesbot score rude-client "Извините, проверяю заказ, отвечу за 10 минут"
      echo "I'm sorry..." | salesbot score rude-client - --json
      salesbot score --batch answers.jsonl > scores.jsonl
    """
    lang = begin(lang)
    book = _book(scenarios, lang)
    if batch is not None:
        _score_batch(book, batch, lang)
        return
    if case_id is None:
        fail("score_usage", lang)
    if text is None or text == "-":
        text = sys.stdin.read()
    if not text.strip():
        fail("empty_text", lang)
    case = _case_or_exit(book, case_id, lang)
    step_ids = [s.id for s in case.steps]
    if step_id is not None and step_id not in step_ids:
        fail("unknown_step", lang, case=case_id, step=step_id, known=step_ids)
    result = score_answer(book, case, step_id or case.first_step.id, text, lang)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        click.echo(plain.render("feedback", lang, **result_view(book, result, lang)))


def _score_batch(book: CaseBook, lines, lang: str) -> None:
    """One JSON line out per line in; a bad line gets its error in place."""
    from .batch import score_lines

    total = failed = 0
    for line in score_lines(book, lines, lang):
        total += 1
        if line.result is not None:
            out = {"line": line.number, **line.result.to_dict()}
        else:
            failed += 1
            out = {"line": line.number, "error": _batch_error(line.error, line.values, lang)}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    if failed:
        fail("batch_failed", lang, 1, failed=failed, total=total)


def _batch_error(key: str, values: dict, lang: str) -> str:
    if key == "bad_json" and values["problem_key"]:
        values = {**values, "problem": plain.render(f"json.{values['problem_key']}", lang)}
    return plain.render(f"batch.{key}", lang, **values)
