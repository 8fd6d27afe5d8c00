"""Assemble the python-telegram-bot Application: handlers, rate limiter, commands menu.

Where a new command goes: a use case in salesbot/training.py (or interviews, teams,
access, accounts) returning a Reply, its texts in salesbot/locales (ru and en), a ~5-line
handler in handlers.py or staff.py, and one line in add_handlers below.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
import signal
import warnings
from collections.abc import Callable

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from .. import render
from ..config import Config
from ..dialogues import load_tracks
from ..engine import CaseBook
from ..engine.tracks import Track
from ..locales import LOCALES
from ..logsafe import redact_token_in_logs
from ..services import Services, utc_now
from ..storage import Store
from . import handlers as h
from . import staff
from .outbox import Outbox
from .polling import run_polling
from .processing import Processor
from .webhook import run_webhook

COMMANDS = (
    "start",
    "cases",
    "play",
    "stop",
    "progress",
    "certificates",
    "lang",
    "help",
    "forget",
)
RETRIES = 5  # a RetryAfter from Telegram is waited out this many times before giving up
SWEEP_SECONDS = 60.0  # how often the database is read for reminders and summaries due


def build_application(
    config: Config,
    book: CaseBook,
    store: Store,
    *,
    request: BaseRequest | None = None,
    clock: Callable[[], datetime.datetime] = utc_now,
    sweep_every: float = SWEEP_SECONDS,
    tracks: dict[str, Track] | None = None,
) -> Application:
    """The bot, wired to the use cases; not started. With `request`, the Bot API calls go
    through it and there is no updater (the tests feed updates with process_update).
    `clock` tells the time for assignments (tests move it on); `sweep_every` is how often,
    in seconds, the bot looks for reminders and summaries that are due; `tracks`, when the
    caller has read them already, are not read again.

    Raises CaseFileError if a track next to the cases is broken."""
    redact_token_in_logs(config.token)
    builder = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(config.telegram.base_url)
        .base_file_url(config.telegram.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .rate_limiter(AIORateLimiter(max_retries=RETRIES))
        .post_init(_register_commands)
    )
    if request is not None:
        builder = builder.request(request).updater(None)
    app = builder.build()
    if tracks is None:
        tracks = load_tracks(book)
    svc = Services(config, book, store, render.Texts("tg"), render, tracks=tracks, clock=clock)
    app.bot_data["services"] = svc
    # One update's handling, and each write of the outbox, at a time (processing.py).
    lock = asyncio.Lock()
    outbox = Outbox(app.bot, store, lock)
    app.bot_data["outbox"] = outbox
    app.bot_data["processor"] = Processor(app, svc, outbox, lock)
    add_handlers(app)
    schedule_digest(app, config)
    schedule_assignments(app, sweep_every)
    return app


def add_handlers(app: Application) -> None:
    private = filters.ChatType.PRIVATE
    new_message = filters.UpdateType.MESSAGE
    app.add_handler(TypeHandler(Update, h.track_user), group=-1)
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.COMMAND, h.group_chat))
    app.add_handler(CommandHandler("start", h.start, filters=private & new_message))
    app.add_handler(interview_conversation())
    staff_commands = {
        "grant": staff.grant_command,
        "revoke": staff.revoke_command,
        "newteam": staff.newteam_command,
        "team": staff.team_command,
        "trainee": staff.trainee_command,
        "report": staff.report_command,
        "override": staff.override_command,
        "interviews": staff.interviews_command,
        "reload": staff.reload_command,
        "assign": staff.assign_command,
        "assignments": staff.assignments_command,
        "deadletters": staff.dead_letters_command,
    }
    for name, callback in staff_commands.items():
        app.add_handler(CommandHandler(name, callback, filters=private & new_message))
    for pattern, callback in (
        (r"^ivok:|^ivno$", h.interview_consent),
        (r"^ivstop:", h.stop_interview_button),
        (r"^ivreport:", staff.interview_report_button),
        (r"^forget:", h.forget_button),
        (r"^asg:", staff.assign_button),
        (r"^asgo:", h.assigned_button),
        (r"^cert:", h.certificate_button),
    ):
        app.add_handler(CallbackQueryHandler(callback, pattern=pattern))
    commands = {
        "help": h.help_command,
        "cases": h.list_cases,
        "play": h.play_command,
        "stop": h.stop_command,
        "progress": h.progress_command,
        "lang": h.lang_command,
        "forget": h.forget_command,
        "certificates": h.certificates_command,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback, filters=private & new_message))
    app.add_handler(CallbackQueryHandler(h.case_button, pattern=r"^play:"))
    app.add_handler(CallbackQueryHandler(h.lang_button, pattern=r"^lang:"))
    app.add_handler(CallbackQueryHandler(h.unknown_button))
    app.add_handler(MessageHandler(private & new_message & filters.COMMAND, h.unknown_command))
    app.add_handler(MessageHandler(private & new_message & filters.TEXT, h.answer))
    app.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, h.edited))
    app.add_handler(MessageHandler(private & new_message, h.non_text))
    app.add_error_handler(h.on_error)


def interview_conversation() -> ConversationHandler:
    """HR's /interview: cases (buttons), the candidate's name, a deadline, a time limit."""
    # Callback buttons are tracked per chat, not per message, on purpose: the picker edits
    # its own message. PTB warns about that setting; the warning is expected here.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="If 'per_message=False'")
        return _conversation()


def _conversation() -> ConversationHandler:
    private_messages = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    return ConversationHandler(
        entry_points=[
            CommandHandler("interview", staff.interview_command, filters=private_messages)
        ],
        states={
            staff.PICK_CASES: [
                CallbackQueryHandler(staff.interview_toggle_case, pattern=r"^ivcase:"),
                CallbackQueryHandler(staff.interview_cases_done, pattern=r"^ivnext$"),
            ],
            staff.NAME: [
                MessageHandler(
                    private_messages & filters.TEXT & ~filters.COMMAND, staff.interview_name
                )
            ],
            staff.DEADLINE: [CallbackQueryHandler(staff.interview_deadline, pattern=r"^ivdays:")],
            staff.LIMIT: [CallbackQueryHandler(staff.interview_limit, pattern=r"^ivlimit:")],
        },
        fallbacks=[CommandHandler("cancel", staff.interview_cancel)],
        allow_reentry=True,
    )


def schedule_digest(app: Application, config: Config) -> None:
    """The weekly team digest to leads, when enabled in the config."""
    if not config.digest.enabled or app.job_queue is None:
        return
    hour, minute = (int(x) for x in config.digest.time.split(":"))
    app.job_queue.run_daily(
        staff.weekly_digest,
        time=datetime.time(hour, minute, tzinfo=datetime.UTC),
        days=((config.digest.weekday + 1) % 7,),  # PTB counts days from Sunday = 0
        name="weekly-digest",
    )


def schedule_assignments(app: Application, every: float) -> None:
    """Reminders and leads' summaries: the database is read every `every` seconds for what
    is due, so nothing is lost across restarts (the first look is right after start-up)."""
    if app.job_queue is None:
        return
    app.job_queue.run_repeating(
        staff.assignment_sweep, interval=every, first=min(every, 1.0), name="assignments"
    )


async def _register_commands(app: Application) -> None:
    """Registers the command menu with Telegram in Russian and English (best-effort: the
    start-up logs a failure and goes on)."""
    svc: Services = app.bot_data["services"]
    for lang in LOCALES:
        commands = [BotCommand(c, svc.text(f"command.{c}", lang)) for c in COMMANDS]
        await app.bot.set_my_commands(commands, language_code=lang)
    default = svc.config.language
    await app.bot.set_my_commands(
        [BotCommand(c, svc.text(f"command.{c}", default)) for c in COMMANDS]
    )


def run(
    config: Config,
    book: CaseBook,
    store: Store,
    *,
    tracks: dict[str, Track] | None = None,
    on_unreachable: Callable[[Exception, float], None] | None = None,
) -> None:
    """Run until SIGINT or SIGTERM: long polling, or a webhook server when configured.
    While Telegram cannot be reached at start-up, `on_unreachable(error, seconds)` hears
    of each wait before the next try."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request otherwise
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line per job run otherwise
    app = build_application(config, book, store, tracks=tracks)
    asyncio.run(_run_until_signalled(app, config, on_unreachable))


async def _run_until_signalled(
    app: Application, config: Config, on_unreachable: Callable[[Exception, float], None] | None
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if config.telegram.mode == "webhook":
        await run_webhook(app, config, stop, on_unreachable)
    else:
        await run_polling(app, stop, config.telegram.poll_timeout, on_unreachable)
