"""Telegram handlers for admins, HR and team leads; the permission rules are the use cases'
(`salesbot/access.py`), checked on every call."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from .. import access, assignments, interviews, teams
from ..arguments import button_number
from ..interviews import Draft, Stage
from .common import caller, run_job, send, services

# /interview conversation states
PICK_CASES, NAME, DEADLINE, LIMIT = range(4)
STATES = {Stage.CASES: PICK_CASES, Stage.NAME: NAME, Stage.DEADLINE: DEADLINE, Stage.LIMIT: LIMIT}
DRAFT = "interview"  # the draft's key in user_data
ASSIGNMENT_DRAFT = "assignment"


def _args(context: ContextTypes.DEFAULT_TYPE) -> list[str]:
    return list(context.args or [])


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


async def _step(update: Update, context: ContextTypes.DEFAULT_TYPE, step: interviews.Step) -> int:
    """Send a set-up step's reply; the conversation's next state (END once it is over)."""
    await send(update, context, step.reply)
    if step.next is Stage.DONE:
        context.user_data.pop(DRAFT, None)
        return ConversationHandler.END
    return STATES[step.next]


def _draft(context: ContextTypes.DEFAULT_TYPE) -> Draft:
    draft = context.user_data.get(DRAFT)
    if draft is None:
        draft = context.user_data[DRAFT] = Draft()
    return draft


async def interview_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """/interview: HR picks cases, then the candidate's name, deadline and time limit."""
    draft = context.user_data[DRAFT] = Draft()
    return await _step(
        update, context, interviews.start_setup(services(context), caller(update), draft)
    )


async def interview_toggle_case(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Ticks or unticks a case in the picker."""
    query = update.callback_query
    case_id = (query.data or "").removeprefix("ivcase:")
    step = interviews.toggle_case(services(context), caller(update), _draft(context), case_id)
    return await _step(update, context, step)


async def interview_cases_done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """ "Next" in the picker: asks for the candidate's name."""
    step = interviews.cases_chosen(services(context), caller(update), _draft(context))
    return await _step(update, context, step)


async def interview_name(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Takes the candidate's name; asks how long the link is valid."""
    text = update.effective_message.text or ""
    step = interviews.name_given(services(context), caller(update), _draft(context), text)
    return await _step(update, context, step)


async def interview_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Takes the deadline; asks for the time limit per answer."""
    query = update.callback_query
    days = button_number(query.data, "ivdays:")
    step = interviews.deadline_chosen(services(context), caller(update), _draft(context), days)
    return await _step(update, context, step)


async def interview_limit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Creates the interview and gives HR the single-use link."""
    query = update.callback_query
    seconds = button_number(query.data, "ivlimit:")
    step = interviews.create(
        services(context), caller(update), _draft(context), seconds, context.bot.username
    )
    return await _step(update, context, step)


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
    interview_id = button_number(query.data, "ivreport:")
    await send(update, context, interviews.report(services(context), caller(update), interview_id))


# ---------------------------------------------------------------------------- leads


async def newteam_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/newteam NAME: a lead creates a team and gets its invite link."""
    reply = teams.create(services(context), caller(update), _args(context), context.bot.username)
    await send(update, context, reply)


async def team_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/team: the lead's teams, members' scores, trend, NPS and most missed patterns."""
    await send(update, context, teams.overview(services(context), caller(update)))


async def trainee_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/trainee NAME: one member's history and answers (members of the lead's teams only)."""
    await send(update, context, teams.trainee(services(context), caller(update), _args(context)))


async def report_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/report: the team report as an HTML document with charts, and a CSV."""
    await send(update, context, teams.report(services(context), caller(update)))


async def override_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/override ANSWER_ID TOTAL NOTE: a lead (own team's practice) or HR (own interview)."""
    reply = teams.override(services(context), caller(update), _args(context))
    await send(update, context, reply)


async def weekly_digest(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: each lead gets a short summary of each of their teams."""
    await run_job(context, teams.digest)


async def assign_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/assign: a lead picks who (team or members), what (a case or a track) and a due date."""
    reply, draft = assignments.start_setup(services(context), caller(update))
    context.user_data.pop(ASSIGNMENT_DRAFT, None)
    if draft is not None:
        context.user_data[ASSIGNMENT_DRAFT] = draft
    await send(update, context, reply)


async def assign_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button of /assign; the use case checks the presser's right on every press."""
    query = update.callback_query
    draft = context.user_data.get(ASSIGNMENT_DRAFT)
    reply, over = assignments.press(services(context), caller(update), draft, query.data or "")
    if over:
        context.user_data.pop(ASSIGNMENT_DRAFT, None)
    await send(update, context, reply)


async def assignments_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/assignments: the lead's assignments, open ones first, with completion."""
    await send(update, context, assignments.listing(services(context), caller(update)))


async def assignment_sweep(context: ContextTypes.DEFAULT_TYPE) -> None:
    """JobQueue: reminders and the leads' summaries that are due, read from the database."""
    await run_job(context, assignments.sweep)
