"""Telegram handlers for everyone: each reads the update, calls a use case, sends its reply."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from .. import accounts, certificates, interviews, training
from ..arguments import button_number
from ..training import Incoming
from .common import caller, send, services

log = logging.getLogger(__name__)


def _arg(context: ContextTypes.DEFAULT_TYPE) -> str:
    return context.args[0] if context.args else ""


async def track_user(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Records who wrote (runs before every other handler)."""
    user = update.effective_user
    if user is not None and not user.is_bot:
        accounts.seen(services(context), caller(update))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greets, or opens an interview or team invite link (/start iv_… or team_…)."""
    await send(update, context, training.start(services(context), caller(update), _arg(context)))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explains the commands and the three strategies."""
    await send(update, context, training.guide(services(context), caller(update)))


async def list_cases(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the cases as buttons, easiest first."""
    await send(update, context, training.case_menu(services(context), caller(update)))


async def play_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Starts the case named in /play CASE_ID."""
    case_id = _arg(context).strip().lower() or None
    await send(update, context, training.start_case(services(context), caller(update), case_id))


async def case_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Starts the case whose button was pressed."""
    case_id = (update.callback_query.data or "").removeprefix("play:")
    await send(update, context, training.start_case(services(context), caller(update), case_id))


async def assigned_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An assignment's start button: its first case not passed yet (the assignee's own)."""
    query = update.callback_query
    assignment_id = button_number(query.data, "asgo:")
    reply = training.start_assigned(services(context), caller(update), assignment_id)
    await send(update, context, reply)


async def certificates_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/certificates: the caller's certificates, a button for each page."""
    await send(update, context, certificates.listing(services(context), caller(update)))


async def certificate_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends one of the caller's own certificates as a page."""
    query = update.callback_query
    certificate_id = button_number(query.data, "cert:")
    reply = certificates.send_page(services(context), caller(update), certificate_id)
    await send(update, context, reply)


async def stop_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stops the active case (in an interview, asks first); answers given so far stay."""
    await send(update, context, training.stop(services(context), caller(update)))


async def interview_consent(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The candidate agreed to the interview (or declined)."""
    query = update.callback_query
    data = query.data or ""
    code = data.removeprefix(interviews.CONSENT) if data.startswith(interviews.CONSENT) else None
    await send(update, context, interviews.consent(services(context), caller(update), code))


async def stop_interview_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The candidate confirmed (or not) stopping the interview early."""
    query = update.callback_query
    confirmed = query.data == "ivstop:yes"
    await send(update, context, interviews.stop(services(context), caller(update), confirmed))


async def progress_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows attempts, best and latest totals, the trend, the styles and the clients' NPS."""
    await send(update, context, training.progress(services(context), caller(update)))


async def lang_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sets the language from /lang ru|en, or offers buttons."""
    choice = _arg(context).lower()[:2]
    await send(update, context, accounts.choose_language(services(context), caller(update), choice))


async def lang_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sets the language chosen with a button."""
    query = update.callback_query
    choice = (query.data or "").removeprefix("lang:")
    reply = accounts.choose_language(services(context), caller(update), choice, menu=False)
    await send(update, context, reply)


async def forget_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Asks for confirmation before erasing the caller's data."""
    await send(update, context, accounts.confirm_forget(services(context), caller(update)))


async def forget_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Erases the caller's data, or not."""
    query = update.callback_query
    confirmed = query.data == "forget:yes"
    await send(update, context, accounts.forget(services(context), caller(update), confirmed))


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Scores a text answer and replies as the client."""
    message = update.effective_message
    incoming = Incoming(update.update_id, message.chat_id, message.message_id, message.text)
    await send(update, context, training.answer(services(context), caller(update), incoming))


async def _hint(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
    await send(update, context, training.hint(services(context), caller(update), key))


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers a button press that matches nothing (an old keyboard, forged data)."""
    await _hint(update, context, "stale_button")


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Points to /help."""
    await _hint(update, context, "unknown_command")


async def non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice, files: a hint; nothing changes."""
    await send(update, context, training.not_text(services(context), caller(update)))


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Edits are not re-scored; asks for a new message."""
    await _hint(update, context, "edited")


async def group_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group, says the bot works in private chats only."""
    await _hint(update, context, "private_only")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A handler's error: the processor rolls its update back and decides what the user is
    told (salesbot/tg/processing.py); any other error (a scheduled job) is logged."""
    processor = context.application.bot_data.get("processor")
    if processor is not None and processor.capture(update, context.error):
        raise ApplicationHandlerStop  # the update's other handlers do not run
    log.error("error outside an update: %r", context.error, exc_info=context.error)
