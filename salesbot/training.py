"""Practice: choose a case, answer the client, get feedback, see progress.

`answer` is the whole pipeline of one answer: an update already handled is never scored
again (its reply is resent if it never went out); otherwise the answer is scored, the
dialogue moves on, the reply is composed, and the answer, the attempt's new state, the
reply and, in an interview, what follows (the next case, or HR's report) are committed in
one transaction before anything is sent. The adapter sends the reply (the Telegram
adapter from its outbox, which marks the answer replied) or reports it sent with
`mark_sent`.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import access, assignments, dialogues, interviews, teams
from .accounts import language
from .engine import Case, ScoreResult, Summary
from .engine.scoring import MAX_CHARS
from .records import Attempt, Mode
from .replies import NOTHING, Button, Message, Reply
from .services import Caller, Services
from .views import result_view

SPARK = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Incoming:
    """A text message from the trainee: Telegram's ids make handling it idempotent."""

    update_id: int
    chat_id: int
    message_id: int
    text: str


# ---------------------------------------------------------------------------- start, help


def start(svc: Services, caller: Caller, payload: str = "") -> Reply:
    """/start: a greeting; /start iv_CODE or team_CODE: an interview or a team invite.

    Wrong codes are counted (`access.code_lockout`), so codes cannot be enumerated
    through the bot."""
    lang = language(svc, caller)
    if not payload.startswith((interviews.PREFIX, teams.PREFIX)):
        return svc.say("start", lang, name=caller.first_name)
    if locked := access.code_lockout(svc, caller):
        return locked
    if payload.startswith(teams.PREFIX):
        found = teams.join(svc, caller, payload.removeprefix(teams.PREFIX))
        wrong = "team_code_invalid"
    else:
        found = interviews.open_link(svc, caller, payload.removeprefix(interviews.PREFIX))
        wrong = "iv_invalid"
    if found is None:
        access.wrong_code(svc, caller)
        return svc.say(wrong, lang)
    return found


def guide(svc: Services, caller: Caller) -> Reply:
    """/help: the commands and the three strategies."""
    return svc.say("help", language(svc, caller), id=caller.id)


# ---------------------------------------------------------------------------- cases


def _in_exam(svc: Services, caller: Caller) -> bool:
    attempt = svc.store.active_attempt(caller.id)
    return attempt is not None and attempt.mode is Mode.EXAM


def case_menu(svc: Services, caller: Caller) -> Reply:
    """/cases: what a lead assigned to the caller first (due dates and progress, its cases
    not passed yet as the first buttons), then the other cases, easiest first."""
    if _in_exam(svc, caller):
        return interviews.busy(svc, caller)
    lang = language(svc, caller)
    assigned = assignments.mine(svc, caller.id, lang)
    first = list(
        dict.fromkeys(
            c["id"]
            for a in assigned
            for c in a["cases"]
            if c["state"] != "passed" and c["id"] in svc.book.cases
        )
    )
    rest = sorted(
        (c for c in svc.book.cases.values() if c.id not in first),
        key=lambda c: (c.difficulty, c.id),
    )
    keyboard = tuple(
        (
            Button(
                svc.label(
                    "case_button",
                    lang,
                    title=c.text(c.title, lang),
                    difficulty=c.difficulty,
                    assigned=c.id in first,
                ),
                f"play:{c.id}",
            ),
        )
        for c in [*(svc.book.cases[i] for i in first), *rest]
    )
    return svc.say("cases", lang, keyboard=keyboard, assigned=assigned)


def start_assigned(svc: Services, caller: Caller, assignment_id: int | None) -> Reply:
    """An assignment's start button: its first case not passed yet, for an assignee only."""
    case_id = assignments.next_case(svc, caller.id, assignment_id)
    if case_id is None:
        return svc.say("asg_nothing_to_start", language(svc, caller))
    return start_case(svc, caller, case_id)


def start_case(svc: Services, caller: Caller, case_id: str | None) -> Reply:
    """/play CASE_ID or a case button: open the case (stopping the one in progress)."""
    if _in_exam(svc, caller):
        return interviews.busy(svc, caller)
    lang = language(svc, caller)
    if case_id is None:
        return svc.say("play_usage", lang)
    case = svc.book.cases.get(case_id)
    if case is None:
        return svc.say("unknown_case", lang, case=case_id[:64])
    parts = []
    if svc.store.active_attempt(caller.id) is not None:
        parts.append(svc.text("switched", lang))
    parts += dialogues.open_case(svc, caller.id, case, lang)
    return Reply((Message(tuple(parts)),))


def active(svc: Services, caller: Caller) -> Attempt | None:
    """The caller's case in progress, if any."""
    return svc.store.active_attempt(caller.id)


def stop(svc: Services, caller: Caller) -> Reply:
    """/stop: stop the case in progress (its answers stay); in an interview, ask first."""
    lang = language(svc, caller)
    attempt = svc.store.active_attempt(caller.id)
    if attempt is None:
        return svc.say("nothing_to_stop", lang)
    if attempt.mode is Mode.EXAM:
        return interviews.confirm_stop(svc, caller)
    svc.store.stop_attempt(attempt.id)
    case = svc.book.cases.get(attempt.case_id)
    title = case.text(case.title, lang) if case else attempt.case_id
    results = [a.result() for a in svc.store.attempt_answers(attempt.id)]
    summary = _summary(dialogues.summary(results)) if results else None
    return svc.say("stopped", lang, title=title, summary=summary)


# ---------------------------------------------------------------------------- answers


def answer(svc: Services, caller: Caller, incoming: Incoming) -> Reply:
    """Score a text answer, store it with the attempt's new state, reply as the client."""
    stored = svc.store.answer_for_update(incoming.update_id)
    if stored is not None:
        # Telegram redelivered an update already scored (a crash before the offset was
        # confirmed): resend its reply if it never went out, never score it again.
        return NOTHING if stored.replied_at else Reply((Message(stored.reply),), stored.id)
    own_lang = language(svc, caller)  # the user's; the case is played in its own
    attempt = svc.store.active_attempt(caller.id)
    case = svc.book.cases.get(attempt.case_id) if attempt else None
    if attempt is None or case is None:
        return svc.say("no_case", own_lang)
    state = dialogues.state_of(attempt)
    lang = state.lang
    if state.step_id not in {s.id for s in case.steps}:
        # The case was edited and reloaded under the trainee's feet: start it afresh.
        svc.store.stop_attempt(attempt.id)
        return svc.say("case_changed", lang, case=case.id)
    played = dialogues.play(svc.book, case, state, incoming.text)
    exam = attempt.mode is Mode.EXAM
    interview = (
        svc.store.interview(attempt.interview_id)
        if exam and attempt.interview_id is not None
        else None
    )
    if exam:  # an interview: the candidate sees only the client, no scores, no tips
        parts = dialogues.client_lines(svc, case, played.turn, lang)
    else:
        parts = _practice_reply(svc, case, attempt, played, lang)
    with svc.store.transaction():
        answer_id = svc.store.record_answer(
            attempt_id=attempt.id,
            user_id=caller.id,
            update_id=incoming.update_id,
            chat_id=incoming.chat_id,
            message_id=incoming.message_id,
            text=incoming.text,
            result=played.result,
            state=played.turn.state.to_json(),
            reply=parts,
            finished=played.ending(),
            time_limit=interview.time_limit if interview else None,
        )
        if not played.finished:
            follows = NOTHING
        elif interview is not None:
            follows = interviews.case_over(svc, caller, interview, lang)
        elif not exam:  # practice that may count for an assignment
            follows = assignments.case_finished(svc, caller, case.id, own_lang)
        else:
            follows = NOTHING
    return Reply((Message(tuple(parts)),), answer_id) + follows


def mark_sent(svc: Services, answer_id: int) -> None:
    """The reply to a stored answer went out (a redelivered update will not resend it)."""
    svc.store.mark_replied(answer_id)


def _practice_reply(
    svc: Services, case: Case, attempt: Attempt, played: dialogues.Played, lang: str
) -> list[str]:
    """Feedback (after each answer, or only a note when configured for the end), the
    client's next lines, and the summary when the case is over."""
    parts = []
    if svc.config.feedback == "each":
        parts.append(svc.text("feedback", lang, **result_view(svc.book, played.result, lang)))
    elif played.result.truncated:
        parts.append(svc.text("truncated_only", lang, limit=MAX_CHARS))
    parts += dialogues.client_lines(svc, case, played.turn, lang)
    if played.finished:
        results: list[ScoreResult] = [
            *(a.result() for a in svc.store.attempt_answers(attempt.id)),
            played.result,
        ]
        summary = _summary(dialogues.summary(results, played.turn))
        parts.append(svc.text("summary", lang, title=case.text(case.title, lang), **summary))
    return parts


def _summary(summary: Summary) -> dict[str, object]:
    return {
        "scores": summary.scores,
        "total": summary.total,
        "answers": summary.answers,
        "result": summary.result,
        "outcome_title": summary.outcome_title,
        "rating": summary.rating,
        "practise": summary.practise,
        "tips": summary.tips,
    }


# ---------------------------------------------------------------------------- progress


def progress(svc: Services, caller: Caller) -> Reply:
    """/progress: attempts, best and latest totals, the trend, the styles, the clients' NPS."""
    lang = language(svc, caller)
    data = svc.store.progress(caller.id)
    if not data.cases:
        return svc.say("progress_empty", lang)
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
    return svc.say(
        "progress",
        lang,
        cases=cases,
        answers=data.answers,
        scores=data.scores,
        nps=data.nps,
        ratings=data.ratings,
    )


# ---------------------------------------------------------------------------- the rest


def not_text(svc: Services, caller: Caller) -> Reply:
    """Stickers, photos, voice, files: the client is waiting for text; nothing changes."""
    in_case = svc.store.active_attempt(caller.id) is not None
    return svc.say("non_text_in_case" if in_case else "non_text_idle", language(svc, caller))


def hint(svc: Services, caller: Caller, key: str) -> Reply:
    """A fixed hint in the caller's language: edited, private_only, unknown_command, no_case,
    error (a message that could not be handled)."""
    return svc.say(key, language(svc, caller))
