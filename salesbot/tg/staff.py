"""Telegram handlers for admins, HR and team leads; the permission rules are the use cases'
(`salesbot/access.py`), checked on every call."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from .. import access, interviews, teams
from ..interviews import Draft
from .common import caller, send, services

# /interview conversation states
PICK_CASES, NAME, DEADLINE, LIMIT = range(4)
DRAFT = "interview"  # the draft's key in user_data


def _args(context: ContextTypes.DEFAULT_TYPE) -> list[str]:
    return list(context.args or [])


def _number(data: str | None, prefix: str) -> int | None:
    """The number after `prefix` in a button's data, if that is all there is."""
    rest = (data or "").removeprefix(prefix)
    return int(rest) if rest.isdigit() else None


# ---------------------------------------------------------------------------- admins


async def grant_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/grant USER ROLE (admins only)."""
    reply = access.change_role(services(context), caller(update), _args(context), grant=True)
    await send(update, context, reply)


async def revoke_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/revoke USER ROLE (admins only)."""
    reply = access.change_role(services(context), caller(update), _args(context), grant=False)
    await send(update, context, reply)


async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reload (admins): re-read the cases, keeping the last good ones on any problem."""
    await send(update, context, access.reload_cases(services(context), caller(update)))


async def dead_letters_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/deadletters (admins): the updates the bot gave up on, with their errors."""
    await send(update, context, access.dead_letters(services(context), caller(update)))


# ---------------------------------------------------------------------------- HR


async def interview_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/interview: HR picks cases, then the candidate's name, deadline and time limit."""
    reply, draft = interviews.start_setup(services(context), caller(update))
    await send(update, context, reply)
    if draft is None:
        return ConversationHandler.END
    context.user_data[DRAFT] = draft
    return PICK_CASES


async def interview_toggle_case(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Ticks or unticks a case in the picker."""
    query = update.callback_query
    case_id = (query.data or "").removeprefix("ivcase:")
    draft: Draft = context.user_data[DRAFT]
    reply = interviews.toggle_case(services(context), caller(update), draft, case_id)
    await send(update, context, reply)
    return PICK_CASES


async def interview_cases_done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """ "Next" in the picker: asks for the candidate's name."""
    draft: Draft = context.user_data[DRAFT]
    reply, ok = interviews.cases_chosen(services(context), caller(update), draft)
    await send(update, context, reply)
    return NAME if ok else PICK_CASES


async def interview_name(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Takes the candidate's name; asks how long the link is valid."""
    draft: Draft = context.user_data[DRAFT]
    text = update.effective_message.text or ""
    reply, ok = interviews.name_given(services(context), caller(update), draft, text)
    await send(update, context, reply)
    return DEADLINE if ok else NAME


async def interview_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Takes the deadline; asks for the time limit per answer."""
    query = update.callback_query
    days = _number(query.data, "ivdays:") or 1
    draft: Draft = context.user_data[DRAFT]
    await send(
        update, context, interviews.deadline_chosen(services(context), caller(update), draft, days)
    )
    return LIMIT


async def interview_limit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Creates the interview and gives HR the single-use link."""
    query = update.callback_query
    draft: Draft = context.user_data.pop(DRAFT)
    seconds = _number(query.data, "ivlimit:") or 0
    reply = interviews.create(
        services(context), caller(update), draft, seconds, context.bot.username
    )
    await send(update, context, reply)
    return ConversationHandler.END


async def interview_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/cancel during the set-up."""
    context.user_data.pop(DRAFT, None)
    await send(update, context, interviews.cancelled(services(context), caller(update)))
    return ConversationHandler.END


async def interviews_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/interviews: HR's own interviews with status, and a report button for each."""
    await send(update, context, interviews.listing(services(context), caller(update)))


async def interview_report_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends the report of one of the caller's own interviews."""
    query = update.callback_query
    interview_id = _number(query.data, "ivreport:")
    await send(update, context, interviews.report(services(context), caller(update), interview_id))


# ---------------------------------------------------------------------------- leads


async def newteam_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/newteam NAME: a lead creates a team and gets its invite link."""
    name = " ".join(_args(context))
    reply = teams.create(services(context), caller(update), name, context.bot.username)
    await send(update, context, reply)


async def team_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/team: the lead's teams, members' scores, trend, NPS and most missed patterns."""
    await send(update, context, teams.overview(services(context), caller(update)))


async def trainee_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/trainee NAME: one member's history and answers (members of the lead's teams only)."""
    query = " ".join(_args(context))
    await send(update, context, teams.trainee(services(context), caller(update), query))


async def report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report: the team report as an HTML document with charts, and a CSV."""
    await send(update, context, teams.report(services(context), caller(update)))


async def override_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/override ANSWER_ID TOTAL NOTE: a lead (own team's practice) or HR (own interview)."""
    reply = teams.override(services(context), caller(update), _args(context))
    await send(update, context, reply)


async def weekly_digest(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: each lead gets a short summary of each of their teams."""
    await send(None, context, teams.digest(services(context)))
