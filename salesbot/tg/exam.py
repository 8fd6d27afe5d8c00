"""Exam mode for HR case interviews: no feedback, cases in a row, HR told at the end."""

from __future__ import annotations

import logging

from telegram import InputFile
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from ..engine import start_dialogue
from ..records import Interview, InterviewStatus, Mode
from ..reports import interview_csv, interview_report_view
from .common import Services, ask, opening_texts
from .messages import send_texts

log = logging.getLogger(__name__)


def start_exam_case(
    svc: Services, user_id: int, interview_id: int, case_id: str, lang: str
) -> list[str]:
    """Open an exam attempt for the next case of an interview; returns its opening texts."""
    case = svc.book.cases[case_id]
    turn = start_dialogue(case, lang)
    svc.storage.start_attempt(
        user_id,
        case.id,
        case.version,
        turn.state.lang,
        turn.state.to_json(),
        mode=Mode.EXAM,
        interview_id=interview_id,
    )
    return opening_texts(svc, case, turn, "case_intro_exam")


def next_exam_case(svc: Services, interview: Interview) -> str | None:
    played = [a.case_id for a in svc.storage.interview_attempts(interview.id)]
    remaining = [c for c in interview.cases if c not in played and c in svc.book.cases]
    return remaining[0] if remaining else None


async def finish_interview(
    context: ContextTypes.DEFAULT_TYPE,
    svc: Services,
    interview_id: int,
    status: InterviewStatus = InterviewStatus.FINISHED,
) -> None:
    """Close the interview and send HR the summary, the HTML report and the CSV."""
    svc.storage.set_interview_status(interview_id, status)
    interview = svc.storage.interview(interview_id)
    hr_id = interview.hr_id
    hr = svc.storage.user(hr_id)
    lang = (hr and hr.lang) or svc.config.language
    view = interview_report_view(svc.storage, svc.book, svc.config, interview, lang)
    try:
        await context.bot.send_message(hr_id, svc.texts.render("hr_notify", lang, **view))
        await send_interview_documents(context, svc, hr_id, view, interview_id)
    except TelegramError as exc:
        log.warning("could not notify HR %s about interview %s: %r", hr_id, interview_id, exc)


async def send_interview_documents(
    context: ContextTypes.DEFAULT_TYPE, svc: Services, chat_id: int, view: dict, interview_id: int
) -> None:
    from ..render import interview_report

    html = interview_report(view).encode("utf-8")
    await context.bot.send_document(
        chat_id,
        InputFile(html, filename=f"interview-{interview_id}.html"),
        caption=svc.texts.render("report_caption", view["lang"]),
    )
    await context.bot.send_document(
        chat_id,
        InputFile(interview_csv(view).encode("utf-8"), filename=f"interview-{interview_id}.csv"),
    )


def reply_to_answer(svc: Services, case, turn, lang: str) -> list[str]:
    """In exam mode the candidate sees only the client's lines: no scores, no tips."""
    name = case.text(case.persona.name, lang)
    return [svc.texts.render("client", lang, name=name, line=line) for line in turn.lines]


async def after_case(
    context: ContextTypes.DEFAULT_TYPE, svc: Services, update, interview: Interview, lang: str
) -> None:
    """A case of the interview ended: open the next one, or thank the candidate and
    tell HR."""
    following = next_exam_case(svc, interview)
    if following is not None:
        await send_texts(
            update.effective_chat,
            start_exam_case(svc, update.effective_user.id, interview.id, following, lang),
        )
        return
    await send_texts(update.effective_chat, [svc.texts.render("iv_thanks", lang)])
    await finish_interview(context, svc, interview.id)


async def confirm_stop(update, svc: Services, lang: str) -> None:
    buttons = [
        (svc.texts.render("iv_stop_yes", lang), "ivstop:yes"),
        (svc.texts.render("iv_stop_no", lang), "ivstop:no"),
    ]
    await ask(update, svc, "iv_stop_confirm", lang, buttons)


async def stop_button(update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The candidate confirmed (or not) stopping the interview early."""
    svc: Services = context.application.bot_data["services"]
    query = update.callback_query
    await query.answer()
    user = svc.storage.user(update.effective_user.id)
    lang = (user and user.lang) or svc.config.language
    attempt = svc.storage.active_attempt(update.effective_user.id)
    if attempt is None or attempt.mode != Mode.EXAM:
        return
    if query.data != "ivstop:yes":
        await send_texts(update.effective_chat, [svc.texts.render("iv_continue", lang)])
        return
    svc.storage.stop_attempt(attempt.id)
    await send_texts(update.effective_chat, [svc.texts.render("iv_thanks", lang)])
    await finish_interview(context, svc, attempt.interview_id, status=InterviewStatus.STOPPED)
