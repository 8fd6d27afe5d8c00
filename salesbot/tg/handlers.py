"""Telegram handlers: each builds an input, calls the engine or storage, sends templates."""

from __future__ import annotations

import logging
import sqlite3

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import ContextTypes

from ..engine import DialogueState, advance, start_dialogue, summarize
from ..engine.dialogue import Turn
from ..engine.scoring import MAX_CHARS
from ..records import Mode
from ..views import result_view
from . import exam
from .common import Services, ask, opening_texts, reply, services, user_language
from .messages import send_texts

log = logging.getLogger(__name__)
SPARK = "▁▂▃▄▅▆▇█"


# ---------------------------------------------------------------------------- tracking


async def track_user(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Record who wrote (runs before every other handler)."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    services(context).storage.upsert_user(
        user.id, user.first_name or "", user.username, user.language_code
    )


# ---------------------------------------------------------------------------- commands


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greets and says what to do."""
    svc = services(context)
    lang = user_language(svc, update)
    await reply(update, svc, "start", lang, name=update.effective_user.first_name)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explains the commands and the three strategies."""
    svc = services(context)
    await reply(update, svc, "help", user_language(svc, update))


async def list_cases(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the cases as buttons, easiest first."""
    svc = services(context)
    if await in_exam(update, svc):
        return
    lang = user_language(svc, update)
    cases = sorted(svc.book.cases.values(), key=lambda c: (c.difficulty, c.id))
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    svc.texts.render(
                        "case_button",
                        lang,
                        title=c.text(c.title, lang),
                        difficulty=c.difficulty,
                    ),
                    callback_data=f"play:{c.id}",
                )
            ]
            for c in cases
        ]
    )
    await update.effective_chat.send_message(svc.texts.render("cases", lang), reply_markup=keyboard)


async def in_exam(update: Update, svc: Services) -> bool:
    """During a case interview other cases are closed; says so and returns True."""
    attempt = svc.storage.active_attempt(update.effective_user.id)
    if attempt is not None and attempt.mode == Mode.EXAM:
        await reply(update, svc, "iv_busy", user_language(svc, update))
        return True
    return False


async def play_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Starts the case named in /play CASE_ID."""
    svc = services(context)
    if await in_exam(update, svc):
        return
    lang = user_language(svc, update)
    if not context.args:
        await reply(update, svc, "play_usage", lang)
        return
    await begin_case(update, svc, context.args[0].strip().lower(), lang)


async def case_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Starts the case whose button was pressed."""
    svc = services(context)
    query = update.callback_query
    await query.answer()
    if await in_exam(update, svc):
        return
    lang = user_language(svc, update)
    await begin_case(update, svc, (query.data or "").removeprefix("play:"), lang)


async def begin_case(update: Update, svc: Services, case_id: str, lang: str) -> None:
    case = svc.book.cases.get(case_id)
    if case is None:
        await reply(update, svc, "unknown_case", lang, case=case_id[:64])
        return
    user_id = update.effective_user.id
    messages = []
    if svc.storage.active_attempt(user_id) is not None:
        messages.append(svc.texts.render("switched", lang))
    turn = start_dialogue(case, lang)
    svc.storage.start_attempt(user_id, case.id, case.version, turn.state.lang, turn.state.to_json())
    messages += opening_texts(svc, case, turn, "case_intro")
    await send_texts(update.effective_chat, messages)


async def stop_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stops the active case; answers given so far stay saved."""
    svc = services(context)
    lang = user_language(svc, update)
    attempt = svc.storage.active_attempt(update.effective_user.id)
    if attempt is None:
        await reply(update, svc, "nothing_to_stop", lang)
        return
    if attempt.mode == Mode.EXAM:
        await exam.confirm_stop(update, svc, lang)
        return
    svc.storage.stop_attempt(attempt.id)
    case = svc.book.cases.get(attempt.case_id)
    title = case.text(case.title, lang) if case else attempt.case_id
    await reply(update, svc, "stopped", lang, title=title)


async def progress_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows attempts, best and latest totals, the trend, the styles and the clients' NPS."""
    svc = services(context)
    lang = user_language(svc, update)
    data = svc.storage.progress(update.effective_user.id)
    if not data.cases:
        await reply(update, svc, "progress_empty", lang)
        return
    cases = []
    for case_id, entry in data.cases.items():
        case = svc.book.cases.get(case_id)
        cases.append(
            {
                "title": case.text(case.title, lang) if case else case_id,
                "attempts": entry.attempts,
                "best": entry.best,
                "latest": entry.latest,
                "trend": "".join(SPARK[min(7, t * 8 // 101)] for t in entry.totals[-8:]),
                "passed": entry.best is not None
                and entry.best >= svc.config.pass_mark_for(case_id),
            }
        )
    await reply(
        update,
        svc,
        "progress",
        lang,
        cases=cases,
        answers=data.answers,
        scores=data.scores,
        nps=data.nps,
        ratings=data.ratings,
    )


async def lang_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sets the language from /lang ru|en, or offers buttons."""
    svc = services(context)
    choice = (context.args[0].lower() if context.args else "")[:2]
    if choice in ("ru", "en"):
        svc.storage.set_language(update.effective_user.id, choice)
        await reply(update, svc, "lang_set", choice)
        return
    await ask(
        update,
        svc,
        "lang_choose",
        user_language(svc, update),
        [("Русский", "lang:ru"), ("English", "lang:en")],
    )


async def lang_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sets the language chosen with a button."""
    svc = services(context)
    query = update.callback_query
    await query.answer()
    choice = (query.data or "").removeprefix("lang:")
    if choice in ("ru", "en"):
        svc.storage.set_language(update.effective_user.id, choice)
        await reply(update, svc, "lang_set", choice)


async def unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers a button press that matches nothing (an old keyboard, forged data)."""
    await update.callback_query.answer()
    svc = services(context)
    await reply(update, svc, "no_case", user_language(svc, update))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Points to /help."""
    svc = services(context)
    await reply(update, svc, "unknown_command", user_language(svc, update))


# ---------------------------------------------------------------------------- answers


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Scores a text answer, stores it with the new state, then replies as the client."""
    svc = services(context)
    message = update.effective_message
    user_id = update.effective_user.id
    stored = svc.storage.answer_for_update(update.update_id)
    if stored is not None:
        # Telegram redelivered an update we already scored (a crash before the offset was
        # confirmed): resend its reply if it never went out, never score it again.
        if not stored.replied_at:
            await send_texts(update.effective_chat, list(stored.reply))
            svc.storage.mark_replied(stored.id)
        return
    lang = user_language(svc, update)
    attempt = svc.storage.active_attempt(user_id)
    case = svc.book.cases.get(attempt.case_id) if attempt else None
    if attempt is None or case is None:
        await reply(update, svc, "no_case", lang)
        return
    state = DialogueState.from_json(attempt.state)
    lang = state.lang
    if state.step_id not in {s.id for s in case.steps}:
        # The case was edited and reloaded under the trainee's feet: start it afresh.
        svc.storage.stop_attempt(attempt.id)
        await reply(update, svc, "case_changed", lang, case=case.id)
        return
    result = svc.book.scorer.score_answer(case, state.step_id, message.text, lang)
    turn = advance(case, state, result)
    exam_mode = attempt.mode == Mode.EXAM
    interview = svc.storage.interview(attempt.interview_id) if exam_mode else None
    if exam_mode:
        messages = exam.reply_to_answer(svc, case, turn, lang)
    else:
        messages = _reply_to_answer(svc, case, attempt, result, turn, lang)
    finished = None
    if turn.state.finished:
        finished = {
            "outcome": turn.outcome.id,
            "result": turn.outcome.result,
            "rating": turn.rating,
        }
    answer_id = svc.storage.record_answer(
        attempt_id=attempt.id,
        user_id=user_id,
        update_id=update.update_id,
        chat_id=message.chat_id,
        message_id=message.message_id,
        text=message.text,
        result=result,
        state=turn.state.to_json(),
        reply=messages,
        finished=finished,
        time_limit=interview.time_limit if interview else None,
    )
    await send_texts(update.effective_chat, messages)
    svc.storage.mark_replied(answer_id)
    if interview is not None and turn.state.finished:
        await exam.after_case(context, svc, update, interview, lang)


def _reply_to_answer(svc: Services, case, attempt, result, turn: Turn, lang: str) -> list[str]:
    texts = svc.texts
    messages = []
    if svc.config.feedback == "each":
        messages.append(texts.render("feedback", lang, **result_view(svc.book, result, lang)))
    elif result.truncated:
        messages.append(texts.render("truncated_only", lang, limit=MAX_CHARS))
    name = case.text(case.persona.name, lang)
    messages += [texts.render("client", lang, name=name, line=line) for line in turn.lines]
    if turn.state.finished:
        results = [*(a.result() for a in svc.storage.attempt_answers(attempt.id)), result]
        summary = summarize(results, turn.outcome, turn.rating)
        messages.append(
            texts.render(
                "summary",
                lang,
                scores=summary.scores,
                total=summary.total,
                answers=summary.answers,
                result=summary.result,
                rating=summary.rating,
                practise=summary.practise,
                tips=summary.tips,
            )
        )
    return messages


async def non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice, files: the client is waiting for text; nothing changes."""
    svc = services(context)
    lang = user_language(svc, update)
    in_case = svc.storage.active_attempt(update.effective_user.id) is not None
    await reply(update, svc, "non_text_in_case" if in_case else "non_text_idle", lang)


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Edits are not re-scored; asks for a new message."""
    svc = services(context)
    await reply(update, svc, "edited", user_language(svc, update))


async def group_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group, says the bot works in private chats only."""
    svc = services(context)
    await reply(update, svc, "private_only", user_language(svc, update))


# ---------------------------------------------------------------------------- errors


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs every error; tells the user politely when it makes sense. Never raises."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("user blocked the bot or left the chat: %s", error)
        return
    if isinstance(error, NetworkError):
        # Telegram unreachable or slow: the reply may well have arrived (a timeout), and
        # an apology would only add noise; the answer itself is already stored.
        log.warning("network trouble while handling update: %r", error)
        return
    if not isinstance(update, Update) or update.effective_chat is None:
        log.error("error outside an update: %r", error, exc_info=error)
        return
    if update.effective_chat.type != ChatType.PRIVATE:
        log.warning("error in a group chat: %r", error)
        return
    svc = services(context)
    busy = isinstance(error, sqlite3.OperationalError) and "locked" in str(error)
    if busy:
        log.warning("database locked while handling update %s", update.update_id)
    else:
        log.error("error handling update %s", update.update_id, exc_info=error)
    try:
        await reply(update, svc, "busy" if busy else "error", user_language(svc, update))
    except (TelegramError, sqlite3.Error) as exc:
        log.warning("could not tell the user about the error: %r", exc)
