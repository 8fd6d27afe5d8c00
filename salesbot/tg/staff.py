"""Roles, teams, HR case interviews, reports, overrides and erasure.

Every privileged command checks the caller's role on every call, and a refusal says the
same thing whatever the reason, so it reveals nothing about other people's data.
"""

from __future__ import annotations

import functools
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes, ConversationHandler

from ..engine import CaseFileError, load_casebook
from ..records import InterviewStatus, Mode, Role, Team, User
from ..reports import (
    interview_report_view,
    member_view,
    team_csv,
    team_report_view,
)
from .common import Services, ask, reply, services, user_language
from .exam import send_interview_documents, start_exam_case
from .messages import send_texts

log = logging.getLogger(__name__)

ROLES = ("admin", "hr", "lead", "trainee")
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]
INTERVIEW_PREFIX = "iv_"
TEAM_PREFIX = "team_"
BAD_CODE_LIMIT = 5  # wrong invite codes a user may try per BAD_CODE_WINDOW
BAD_CODE_WINDOW = 600.0
# /interview conversation states
PICK_CASES, NAME, DEADLINE, LIMIT = range(4)


def has_role(svc: Services, user_id: int, role: str) -> bool:
    if role == "admin" and user_id in svc.config.admins:
        return True
    return role in svc.storage.roles(user_id)


async def refuse(update: Update, svc: Services) -> None:
    await reply(update, svc, "not_allowed", user_language(svc, update))


def requires(role: str) -> Callable[[Handler], Handler]:
    """Run the handler only for callers who hold `role` now; refuse everyone else alike."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def checked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            svc = services(context)
            if not has_role(svc, update.effective_user.id, role):
                await refuse(update, svc)
                return
            await handler(update, context)

        return checked

    return wrap


def _link(context: ContextTypes.DEFAULT_TYPE, payload: str) -> str:
    return f"https://t.me/{context.bot.username}?start={payload}"


# ---------------------------------------------------------------------------- admin


@requires("admin")
async def grant_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/grant USER ROLE (admins only)."""
    await _change_role(update, context, grant=True)


@requires("admin")
async def revoke_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/revoke USER ROLE (admins only)."""
    await _change_role(update, context, grant=False)


async def _change_role(update: Update, context: ContextTypes.DEFAULT_TYPE, grant: bool) -> None:
    svc = services(context)
    caller = update.effective_user.id
    lang = user_language(svc, update)
    args = context.args or []
    if len(args) != 2 or args[1].lower() not in ROLES[:3]:
        await reply(update, svc, "grant_usage", lang)
        return
    user = svc.storage.find_user(args[0])
    if user is None:
        await reply(update, svc, "user_not_found", lang, who=args[0][:64])
        return
    role = Role(args[1].lower())
    changed = (svc.storage.grant if grant else svc.storage.revoke)(user.id, role, caller)
    key = (
        ("granted" if changed else "already_has")
        if grant
        else ("revoked" if changed else "not_had")
    )
    await reply(update, svc, key, lang, name=user.first_name or user.id, role=role)


@requires("admin")
async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reload (admins): re-read the cases; on any problem keep the cases already loaded."""
    svc = services(context)
    lang = user_language(svc, update)
    try:
        book = load_casebook(svc.config.scenarios)
    except CaseFileError as exc:
        problems = [str(p) for p in exc.problems]
        await reply(
            update,
            svc,
            "reload_failed",
            lang,
            problems=problems[:15],
            more=max(0, len(problems) - 15),
        )
        return
    svc.book = book
    await reply(update, svc, "reloaded", lang, count=len(book.cases))


# ---------------------------------------------------------------------------- deep links


def _too_many_bad_codes(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> bool:
    """Wrong codes are counted per user, so codes cannot be enumerated through the bot."""
    now = time.monotonic()
    tries = context.application.bot_data.setdefault("bad_codes", {})
    recent = [t for t in tries.get(user_id, []) if now - t < BAD_CODE_WINDOW]
    tries[user_id] = recent
    return len(recent) >= BAD_CODE_LIMIT


def _count_bad_code(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> None:
    context.application.bot_data.setdefault("bad_codes", {}).setdefault(user_id, []).append(
        time.monotonic()
    )


async def start_with_code(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Handles /start iv_… and /start team_…; returns False for a plain /start."""
    payload = context.args[0] if context.args else ""
    if not payload.startswith((INTERVIEW_PREFIX, TEAM_PREFIX)):
        return False
    svc = services(context)
    lang = user_language(svc, update)
    user_id = update.effective_user.id
    if _too_many_bad_codes(context, user_id):
        await reply(update, svc, "code_rate_limited", lang)
        return True
    if payload.startswith(TEAM_PREFIX):
        team = svc.storage.team_by_code(payload.removeprefix(TEAM_PREFIX))
        if team is None:
            _count_bad_code(context, user_id)
            await reply(update, svc, "team_code_invalid", lang)
            return True
        joined = svc.storage.join_team(team.id, user_id)
        await reply(
            update,
            svc,
            "joined_team" if joined else "already_in_team",
            lang,
            team=team.name,
        )
        return True
    interview = svc.storage.interview_by_code(payload.removeprefix(INTERVIEW_PREFIX))
    if interview is None:
        _count_bad_code(context, user_id)
        await reply(update, svc, "iv_invalid", lang)
        return True
    if interview.candidate_user_id not in (None, user_id) or interview.over:
        await reply(update, svc, "iv_used", lang)
        return True
    if interview.candidate_user_id == user_id:
        await reply(update, svc, "iv_in_progress", lang)
        return True
    if interview.expired():
        await reply(update, svc, "iv_expired", lang)
        return True
    buttons = [
        (svc.texts.render("iv_agree", lang), f"ivok:{interview.id}"),
        (svc.texts.render("iv_decline", lang), "ivno"),
    ]
    await ask(
        update,
        svc,
        "iv_consent",
        lang,
        buttons,
        cases=len(interview.cases),
        limit=interview.time_limit,
    )
    return True


async def interview_consent(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The candidate agreed: bind the single-use code to them and start the first case."""
    svc = services(context)
    query = update.callback_query
    await query.answer()
    lang = user_language(svc, update)
    if query.data == "ivno":
        await reply(update, svc, "iv_declined", lang)
        return
    interview = svc.storage.interview(int(query.data.removeprefix("ivok:")))
    user_id = update.effective_user.id
    if interview is None or not svc.storage.claim_interview(interview.id, user_id):
        await reply(update, svc, "iv_used", lang)
        return
    if interview.expired():
        svc.storage.set_interview_status(interview.id, InterviewStatus.STOPPED)
        await reply(update, svc, "iv_expired", lang)
        return
    first = interview.cases[0]
    await send_texts(
        update.effective_chat,
        [
            svc.texts.render("iv_started", lang),
            *start_exam_case(svc, user_id, interview.id, first, lang),
        ],
    )


# ---------------------------------------------------------------------------- HR


async def interview_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/interview: HR picks cases, then the candidate's name, deadline and time limit."""
    svc = services(context)
    if not has_role(svc, update.effective_user.id, "hr"):
        await refuse(update, svc)
        return ConversationHandler.END
    context.user_data["interview"] = {"cases": []}
    await _show_case_picker(update, svc, context, new=True)
    return PICK_CASES


async def _show_case_picker(update: Update, svc: Services, context, new: bool) -> None:
    lang = user_language(svc, update)
    chosen = context.user_data["interview"]["cases"]
    rows = [
        [
            InlineKeyboardButton(
                ("✅ " if c.id in chosen else "▫️ ") + c.text(c.title, lang),
                callback_data=f"ivcase:{c.id}",
            )
        ]
        for c in sorted(svc.book.cases.values(), key=lambda c: (c.difficulty, c.id))
    ]
    rows.append([InlineKeyboardButton(svc.texts.render("iv_next", lang), callback_data="ivnext")])
    text = svc.texts.render("iv_pick_cases", lang, count=len(chosen))
    if new:
        await update.effective_chat.send_message(text, reply_markup=InlineKeyboardMarkup(rows))
    else:
        await update.callback_query.edit_message_text(text, reply_markup=InlineKeyboardMarkup(rows))


async def interview_toggle_case(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    svc = services(context)
    query = update.callback_query
    await query.answer()
    case_id = query.data.removeprefix("ivcase:")
    chosen = context.user_data["interview"]["cases"]
    if case_id in svc.book.cases:
        if case_id in chosen:
            chosen.remove(case_id)
        else:
            chosen.append(case_id)
    await _show_case_picker(update, svc, context, new=False)
    return PICK_CASES


async def interview_cases_done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    svc = services(context)
    await update.callback_query.answer()
    lang = user_language(svc, update)
    if not context.user_data["interview"]["cases"]:
        await reply(update, svc, "iv_need_case", lang)
        return PICK_CASES
    await reply(update, svc, "iv_name", lang)
    return NAME


async def interview_name(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    svc = services(context)
    lang = user_language(svc, update)
    name = " ".join(update.effective_message.text.split())[:100]
    if not name:
        await reply(update, svc, "iv_name", lang)
        return NAME
    context.user_data["interview"]["name"] = name
    buttons = [(svc.texts.render("iv_days", lang, days=d), f"ivdays:{d}") for d in (1, 3, 7)]
    await ask(update, svc, "iv_deadline", lang, buttons)
    return DEADLINE


async def interview_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    svc = services(context)
    query = update.callback_query
    await query.answer()
    lang = user_language(svc, update)
    days = int(query.data.removeprefix("ivdays:"))
    context.user_data["interview"]["deadline"] = (
        datetime.now(UTC) + timedelta(days=min(max(days, 1), 30))
    ).isoformat(timespec="minutes")
    buttons = [
        (svc.texts.render("iv_limit_button", lang, minutes=m), f"ivlimit:{m * 60}")
        for m in (0, 2, 5)
    ]
    await ask(update, svc, "iv_limit", lang, buttons)
    return LIMIT


async def interview_limit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Creates the interview and gives HR the single-use link."""
    svc = services(context)
    query = update.callback_query
    await query.answer()
    lang = user_language(svc, update)
    draft = context.user_data.pop("interview")
    limit = int(query.data.removeprefix("ivlimit:")) or None
    code = secrets.token_urlsafe(24)  # 192 random bits
    svc.storage.create_interview(
        code=code,
        hr_id=update.effective_user.id,
        candidate_name=draft["name"],
        cases=draft["cases"],
        deadline=draft["deadline"],
        time_limit=limit,
    )
    await reply(
        update,
        svc,
        "iv_created",
        lang,
        link=_link(context, INTERVIEW_PREFIX + code),
        name=draft["name"],
        deadline=draft["deadline"][:16].replace("T", " "),
    )
    return ConversationHandler.END


async def interview_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    svc = services(context)
    context.user_data.pop("interview", None)
    await reply(update, svc, "iv_cancelled", user_language(svc, update))
    return ConversationHandler.END


@requires("hr")
async def interviews_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/interviews: HR's own interviews with status, and a report button for each."""
    svc = services(context)
    user_id = update.effective_user.id
    lang = user_language(svc, update)
    items = svc.storage.interviews_of(user_id)[:20]
    if not items:
        await reply(update, svc, "interviews_none", lang)
        return
    rows = [
        [
            InlineKeyboardButton(
                svc.texts.render("interview_button", lang, name=i.candidate_name, id=i.id),
                callback_data=f"ivreport:{i.id}",
            )
        ]
        for i in items
        if i.status != InterviewStatus.CREATED
    ]
    text = svc.texts.render("interviews", lang, items=items)
    await update.effective_chat.send_message(
        text, reply_markup=InlineKeyboardMarkup(rows) if rows else None
    )


async def interview_report_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends the report of one of the caller's own interviews."""
    svc = services(context)
    query = update.callback_query
    await query.answer()
    user_id = update.effective_user.id
    raw = query.data.removeprefix("ivreport:")
    interview = svc.storage.interview(int(raw)) if raw.isdigit() else None
    if interview is None or interview.hr_id != user_id or not has_role(svc, user_id, "hr"):
        await refuse(update, svc)
        return
    lang = user_language(svc, update)
    view = interview_report_view(svc.storage, svc.book, svc.config, interview, lang)
    await send_interview_documents(context, svc, update.effective_chat.id, view, interview.id)


# ---------------------------------------------------------------------------- leads


@requires("lead")
async def newteam_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/newteam NAME: a lead creates a team and gets its invite link."""
    svc = services(context)
    user_id = update.effective_user.id
    lang = user_language(svc, update)
    name = " ".join(context.args or [])[:80]
    if not name:
        await reply(update, svc, "newteam_usage", lang)
        return
    code = secrets.token_urlsafe(16)  # 128 random bits
    svc.storage.create_team(name, user_id, code)
    await reply(
        update, svc, "team_created", lang, team=name, link=_link(context, TEAM_PREFIX + code)
    )


def _lead_members(svc: Services, lead_id: int) -> dict[int, User]:
    return {
        m.id: m
        for team in svc.storage.teams_of_lead(lead_id)
        for m in svc.storage.team_members(team.id)
    }


async def _team_views(update: Update, svc: Services) -> tuple[str, list[tuple[Team, dict]]]:
    """The caller's language and a (team, report view) pair per team they lead; says so
    when they lead none."""
    lang = user_language(svc, update)
    teams = svc.storage.teams_of_lead(update.effective_user.id)
    if not teams:
        await reply(update, svc, "team_none", lang)
    views = [(t, team_report_view(svc.storage, svc.book, svc.config, t, lang)) for t in teams]
    return lang, views


@requires("lead")
async def team_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/team: the lead's teams, members' scores, trend, NPS and most missed patterns."""
    svc = services(context)
    lang, views = await _team_views(update, svc)
    if views:
        await send_texts(
            update.effective_chat, [svc.texts.render("team", lang, **v) for _, v in views]
        )


@requires("lead")
async def trainee_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/trainee NAME: one member's history and answers (members of the lead's teams only)."""
    svc = services(context)
    user_id = update.effective_user.id
    lang = user_language(svc, update)
    if not context.args:
        await reply(update, svc, "trainee_usage", lang)
        return
    wanted = " ".join(context.args).removeprefix("@").lower()
    members = _lead_members(svc, user_id)
    found = [
        m
        for m in members.values()
        if wanted in (str(m.id), (m.username or "").lower(), (m.first_name or "").lower())
    ]
    if len(found) != 1:
        await reply(update, svc, "trainee_not_found", lang, who=wanted[:64])
        return
    view = member_view(svc.storage, svc.book, svc.config, found[0], lang)
    answers = [
        {
            "id": r.id,
            "case": r.case_id,
            "total": r.total,
            "style": r.style,
            "text": r.text[:300],
            "override": svc.storage.override_for(r.id),
        }
        for r in view["rows"][:10]
    ]
    await reply(
        update,
        svc,
        "trainee",
        lang,
        **{k: v for k, v in view.items() if k != "rows"},
        recent=answers,
    )


@requires("lead")
async def report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report: the team report as an HTML document with charts, and a CSV."""
    from ..render import team_report

    svc = services(context)
    lang, views = await _team_views(update, svc)
    for team, view in views:
        await context.bot.send_document(
            update.effective_chat.id,
            InputFile(team_report(view).encode("utf-8"), filename=f"team-{team.id}.html"),
            caption=svc.texts.render("report_caption", lang),
        )
        await context.bot.send_document(
            update.effective_chat.id,
            InputFile(team_csv(view).encode("utf-8"), filename=f"team-{team.id}.csv"),
        )


async def override_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/override ANSWER_ID TOTAL NOTE: a lead (own team's practice) or HR (own interview)."""
    svc = services(context)
    user_id = update.effective_user.id
    is_lead, is_hr = has_role(svc, user_id, "lead"), has_role(svc, user_id, "hr")
    if not (is_lead or is_hr):
        await refuse(update, svc)
        return
    lang = user_language(svc, update)
    args = context.args or []
    if len(args) < 3 or not args[0].isdigit() or not args[1].isdigit() or int(args[1]) > 100:
        await reply(update, svc, "override_usage", lang)
        return
    answer = svc.storage.answer(int(args[0]))
    allowed = False
    if answer is not None:
        attempt = svc.storage.attempt(answer.attempt_id)
        if attempt.mode == Mode.EXAM and is_hr:
            interview = svc.storage.interview(attempt.interview_id or 0)
            allowed = interview is not None and interview.hr_id == user_id
        elif attempt.mode == Mode.PRACTICE and is_lead:
            allowed = answer.user_id in _lead_members(svc, user_id)
    if not allowed:
        await reply(update, svc, "override_not_found", lang)
        return
    note = " ".join(args[2:])[:500]
    svc.storage.add_override(answer.id, int(args[1]), note, user_id)
    await reply(
        update,
        svc,
        "override_done",
        lang,
        id=answer.id,
        old=answer.total,
        new=int(args[1]),
    )


async def weekly_digest(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: each lead gets a short summary of each of their teams."""
    svc: Services = context.application.bot_data["services"]
    for lead_id in svc.storage.leads():
        lead = svc.storage.user(lead_id)
        lang = (lead and lead.lang) or svc.config.language
        for team in svc.storage.teams_of_lead(lead_id):
            view = team_report_view(svc.storage, svc.book, svc.config, team, lang)
            try:
                await context.bot.send_message(lead_id, svc.texts.render("team", lang, **view))
            except TelegramError as exc:
                log.warning("digest to lead %s failed: %r", lead_id, exc)


# ---------------------------------------------------------------------------- erasure


async def forget_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: asks for confirmation before erasing the caller's data."""
    svc = services(context)
    lang = user_language(svc, update)
    buttons = [
        (svc.texts.render("forget_yes", lang), "forget:yes"),
        (svc.texts.render("forget_no", lang), "forget:no"),
    ]
    await ask(update, svc, "forget_confirm", lang, buttons)


async def forget_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    query = update.callback_query
    await query.answer()
    lang = user_language(svc, update)
    if query.data != "forget:yes":
        await reply(update, svc, "forget_cancelled", lang)
        return
    svc.storage.forget_user(update.effective_user.id)
    await reply(update, svc, "forgotten", lang)
