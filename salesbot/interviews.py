"""HR case interviews: HR sets one up, the candidate plays its cases in exam mode (no scores,
no tips, no replays), HR gets the report.

The link is single-use: the first candidate who agrees claims it (atomically, in the
store); it expires at its deadline. In exam mode the candidate's other cases are closed and
/stop asks for confirmation. When the last case ends, or the candidate stops, HR gets a
one-screen summary, the full report as an HTML document and a CSV.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum

from . import reports
from .access import code_lockout, has_role, may_see_interview, refusal, wrong_code
from .accounts import language, language_of
from .dialogues import open_case
from .records import Interview, InterviewStatus, Mode, Role
from .replies import NOTHING, Button, Document, Message, Reply, row
from .services import Caller, Services

PREFIX = "iv_"  # of the interview's payload in https://t.me/<bot>?start=iv_...
CONSENT = "ivok:"  # the consent button's data: this and the interview's code
CODE_BYTES = 24  # 192 random bits
DEADLINE_DAYS = (1, 3, 7)  # HR's choices
LIMIT_MINUTES = (0, 2, 5)  # time per answer; 0: no limit
LISTED = 20  # interviews shown by /interviews
MAX_NAME = 100  # characters of a candidate's name


@dataclass
class Draft:
    """An interview being set up by HR (kept by the adapter between steps)."""

    cases: list[str] = field(default_factory=list)
    name: str = ""
    deadline: str = ""  # ISO 8601, UTC, to the minute


# ---------------------------------------------------------------------------- HR: set-up


class Stage(Enum):
    """What the set-up waits for next."""

    CASES = "cases"
    NAME = "name"
    DEADLINE = "deadline"
    LIMIT = "limit"
    DONE = "done"  # created, cancelled or refused: the set-up is over


@dataclass(frozen=True, slots=True)
class Step:
    reply: Reply
    next: Stage


def may_create(svc: Services, caller: Caller) -> bool:
    return has_role(svc, caller.id, Role.HR)


def _refused(svc: Services, caller: Caller) -> Step | None:
    """Every step re-checks the role: a revoked HR stops at the next button."""
    return None if may_create(svc, caller) else Step(refusal(svc, caller), Stage.DONE)


def case_picker(svc: Services, caller: Caller, draft: Draft, *, edit: bool = False) -> Reply:
    """The cases as buttons to toggle, chosen ones ticked, and "Next"."""
    lang = language(svc, caller)
    cases = sorted(svc.book.cases.values(), key=lambda c: (c.difficulty, c.id))
    keyboard = (
        *(
            (
                Button(
                    ("✅ " if c.id in draft.cases else "▫️ ") + c.text(c.title, lang),
                    f"ivcase:{c.id}",
                ),
            )
            for c in cases
        ),
        (Button(svc.label("iv_next", lang), "ivnext"),),
    )
    text = svc.text("iv_pick_cases", lang, count=len(draft.cases))
    return Reply((Message((text,), keyboard, edit=edit),))


def start_setup(svc: Services, caller: Caller, draft: Draft) -> Step:
    """/interview: HR only; the case picker for a new draft."""
    return _refused(svc, caller) or Step(case_picker(svc, caller, draft), Stage.CASES)


def toggle_case(svc: Services, caller: Caller, draft: Draft, case_id: str) -> Step:
    if refused := _refused(svc, caller):
        return refused
    if case_id not in svc.book.cases:  # a case removed by /reload, or forged data
        return Step(svc.say("iv_case_gone", language(svc, caller)), Stage.CASES)
    if case_id in draft.cases:
        draft.cases.remove(case_id)
    else:
        draft.cases.append(case_id)
    return Step(case_picker(svc, caller, draft, edit=True), Stage.CASES)


def cases_chosen(svc: Services, caller: Caller, draft: Draft) -> Step:
    """ "Next": at least one case, then the candidate's name is asked for."""
    if refused := _refused(svc, caller):
        return refused
    lang = language(svc, caller)
    if not draft.cases:
        return Step(svc.say("iv_need_case", lang), Stage.CASES)
    return Step(svc.say("iv_name", lang), Stage.NAME)


def name_given(svc: Services, caller: Caller, draft: Draft, text: str) -> Step:
    """The candidate's name (only HR sees it), then how long the link is valid."""
    if refused := _refused(svc, caller):
        return refused
    lang = language(svc, caller)
    draft.name = " ".join(text.split())[:MAX_NAME]
    if not draft.name:
        return Step(svc.say("iv_name", lang), Stage.NAME)
    return Step(_ask_deadline(svc, lang), Stage.DEADLINE)


def _ask_deadline(svc: Services, lang: str) -> Reply:
    buttons = row(*((svc.label("iv_days", lang, days=d), f"ivdays:{d}") for d in DEADLINE_DAYS))
    return svc.say("iv_deadline", lang, keyboard=buttons)


def deadline_chosen(svc: Services, caller: Caller, draft: Draft, days: int | None) -> Step:
    """The link's deadline (one of the offered ones), then the time limit per answer."""
    if refused := _refused(svc, caller):
        return refused
    lang = language(svc, caller)
    if days not in DEADLINE_DAYS:  # forged or stale button data: ask again
        return Step(_ask_deadline(svc, lang), Stage.DEADLINE)
    draft.deadline = (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="minutes")
    return Step(_ask_limit(svc, lang), Stage.LIMIT)


def _ask_limit(svc: Services, lang: str) -> Reply:
    buttons = row(
        *(
            (svc.label("iv_limit_button", lang, minutes=m), f"ivlimit:{m * 60}")
            for m in LIMIT_MINUTES
        )
    )
    return svc.say("iv_limit", lang, keyboard=buttons)


def create(
    svc: Services, caller: Caller, draft: Draft, limit_seconds: int | None, bot_username: str
) -> Step:
    """Create the interview (a time limit among the offered ones) and give HR the
    single-use link."""
    if refused := _refused(svc, caller):
        return refused
    lang = language(svc, caller)
    if limit_seconds not in {m * 60 for m in LIMIT_MINUTES}:
        return Step(_ask_limit(svc, lang), Stage.LIMIT)
    cases = [c for c in draft.cases if c in svc.book.cases]
    if not cases or not draft.name or not draft.deadline:  # cases removed by /reload
        draft.cases = cases
        return Step(case_picker(svc, caller, draft), Stage.CASES)
    code = secrets.token_urlsafe(CODE_BYTES)
    svc.store.create_interview(
        code=code,
        hr_id=caller.id,
        candidate_name=draft.name,
        cases=cases,
        deadline=draft.deadline,
        time_limit=limit_seconds or None,
    )
    reply = svc.say(
        "iv_created",
        lang,
        link=f"https://t.me/{bot_username}?start={PREFIX}{code}",
        name=draft.name,
        deadline=draft.deadline[:16].replace("T", " "),
    )
    return Step(reply, Stage.DONE)


def cancelled(svc: Services, caller: Caller) -> Reply:
    return svc.say("iv_cancelled", language(svc, caller))


# ---------------------------------------------------------------------------- HR: results


def listing(svc: Services, caller: Caller) -> Reply:
    """/interviews: HR's own interviews with their status, a report button for each."""
    if not has_role(svc, caller.id, Role.HR):
        return refusal(svc, caller)
    lang = language(svc, caller)
    items = svc.store.interviews_of(caller.id)[:LISTED]
    if not items:
        return svc.say("interviews_none", lang)
    keyboard = tuple(
        (
            Button(
                svc.label("interview_button", lang, name=i.candidate_name, id=i.id),
                f"ivreport:{i.id}",
            ),
        )
        for i in items
        if i.status != InterviewStatus.CREATED
    )
    return svc.say("interviews", lang, keyboard=keyboard, items=items)


def report(svc: Services, caller: Caller, interview_id: int | None) -> Reply:
    """The report of one of the caller's own interviews, as documents."""
    interview = svc.store.interview(interview_id) if interview_id is not None else None
    if interview is None or not may_see_interview(svc, caller.id, interview):
        return refusal(svc, caller)
    lang = language(svc, caller)
    view = reports.interview_report_view(svc.store, svc.book, svc.config, interview, lang)
    return Reply(documents(svc, interview, view))


def documents(
    svc: Services, interview: Interview, view: dict, to: int | None = None
) -> tuple[Document, Document]:
    """The report as an HTML page and a CSV."""
    return (
        Document(
            f"interview-{interview.id}.html",
            svc.pages.interview_report(view).encode("utf-8"),
            svc.text("report_caption", view["lang"]),
            to,
        ),
        Document(
            f"interview-{interview.id}.csv", reports.interview_csv(view).encode("utf-8"), "", to
        ),
    )


# ---------------------------------------------------------------------------- the candidate


def open_link(svc: Services, caller: Caller, code: str) -> Reply | None:
    """/start iv_CODE: the consent note, or why the link cannot be used; None for a code
    that does not exist."""
    interview = svc.store.interview_by_code(code)
    if interview is None:
        return None
    lang = language(svc, caller)
    if interview.candidate_user_id not in (None, caller.id) or interview.over:
        return svc.say("iv_used", lang)
    if interview.candidate_user_id == caller.id:
        return svc.say("iv_in_progress", lang)
    if interview.expired():
        return svc.say("iv_expired", lang)
    # The button carries the code itself, not the interview's id: pressing it proves the
    # presser holds the link, whatever else a forged button might say.
    buttons = row(
        (svc.label("iv_agree", lang), f"{CONSENT}{interview.code}"),
        (svc.label("iv_decline", lang), "ivno"),
    )
    return svc.say(
        "iv_consent", lang, keyboard=buttons, cases=len(interview.cases), limit=interview.time_limit
    )


def consent(svc: Services, caller: Caller, code: str | None) -> Reply:
    """The candidate agreed (the button's code) or declined (None): claim the link, start
    the first case. A code that is not an interview's counts as a wrong code."""
    lang = language(svc, caller)
    if code is None:
        return svc.say("iv_declined", lang)
    if locked := code_lockout(svc, caller):
        return locked
    interview = svc.store.interview_by_code(code)
    if interview is None:
        wrong_code(svc, caller)
        return svc.say("iv_button_invalid", lang)
    if interview.candidate_user_id == caller.id and not interview.over:
        return svc.say("iv_in_progress", lang)
    if interview.candidate_user_id is not None or interview.over:
        return svc.say("iv_used", lang)
    if interview.expired():
        svc.store.set_interview_status(interview.id, InterviewStatus.STOPPED)
        return svc.say("iv_expired", lang)
    if not svc.store.claim_interview(interview.id, caller.id):  # someone was faster
        return svc.say("iv_used", lang)
    started = svc.text("iv_started", lang)
    first = next_case(svc, interview)
    if first is None:  # every case of the interview was removed from the book
        return Reply((Message((started,)),)) + finish(svc, caller, interview.id, lang)
    return Reply((Message((started, *_open(svc, caller, interview, first, lang))),))


def busy(svc: Services, caller: Caller) -> Reply:
    """Other cases are closed during an interview."""
    return svc.say("iv_busy", language(svc, caller))


def confirm_stop(svc: Services, caller: Caller) -> Reply:
    lang = language(svc, caller)
    buttons = row(
        (svc.label("iv_stop_yes", lang), "ivstop:yes"),
        (svc.label("iv_stop_no", lang), "ivstop:no"),
    )
    return svc.say("iv_stop_confirm", lang, keyboard=buttons)


def stop(svc: Services, caller: Caller, confirmed: bool) -> Reply:
    """The candidate confirmed (or not) stopping the interview early; HR still gets the
    report."""
    attempt = svc.store.active_attempt(caller.id)
    if attempt is None or attempt.mode is not Mode.EXAM or attempt.interview_id is None:
        return NOTHING
    lang = language(svc, caller)
    if not confirmed:
        return svc.say("iv_continue", lang)
    with svc.store.transaction():
        svc.store.stop_attempt(attempt.id)
        return finish(svc, caller, attempt.interview_id, lang, InterviewStatus.STOPPED)


def case_over(svc: Services, caller: Caller, interview: Interview, lang: str) -> Reply:
    """A case of the interview ended: open the next one, or thank the candidate and tell HR."""
    following = next_case(svc, interview)
    if following is not None:
        return Reply((Message(tuple(_open(svc, caller, interview, following, lang))),))
    return finish(svc, caller, interview.id, lang)


def next_case(svc: Services, interview: Interview) -> str | None:
    """The first case of the interview not played yet (and still in the book)."""
    played = {a.case_id for a in svc.store.interview_attempts(interview.id)}
    remaining = [c for c in interview.cases if c not in played and c in svc.book.cases]
    return remaining[0] if remaining else None


def _open(
    svc: Services, caller: Caller, interview: Interview, case_id: str, lang: str
) -> list[str]:
    return open_case(
        svc,
        caller.id,
        svc.book.cases[case_id],
        lang,
        intro="case_intro_exam",
        mode=Mode.EXAM,
        interview_id=interview.id,
    )


def finish(
    svc: Services,
    caller: Caller,
    interview_id: int,
    lang: str,
    status: InterviewStatus = InterviewStatus.FINISHED,
) -> Reply:
    """Close the interview: thank the candidate; HR gets the summary, the page and the CSV."""
    svc.store.set_interview_status(interview_id, status)
    interview = svc.store.interview(interview_id)
    thanks = Reply((Message((svc.text("iv_thanks", lang),)),))
    if interview is None:
        return thanks
    hr_lang = language_of(svc, interview.hr_id)
    view = reports.interview_report_view(svc.store, svc.book, svc.config, interview, hr_lang)
    summary = Message((svc.text("hr_notify", hr_lang, **view),), to=interview.hr_id)
    return thanks + Reply((summary, *documents(svc, interview, view, to=interview.hr_id)))
