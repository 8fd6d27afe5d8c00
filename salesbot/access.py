"""Who may do what: roles, their grants, and every permission rule of the bot.

Every privileged use case asks here, on every call (a revoked role stops working at once);
a refusal says the same thing whatever the reason, so it reveals nothing about other
people's data. Button data is untrusted input like any text: a use case a button leads to
checks the presser again (`may_see_interview`, `may_override`, the invite code itself).

- admin: the ids in config `admins`, and whoever an admin granted the role;
- hr: creates case interviews and sees, and rescores, only their own candidates;
- lead: creates teams and sees, and rescores, only the practice of their members; assigns
  practice only to their own teams and sees only those assignments;
- trainee: everyone.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from . import arguments
from .accounts import language
from .dialogues import load_book, load_tracks
from .engine import CaseFileError
from .records import GRANTABLE, Answer, Interview, Mode, Role, User
from .replies import Reply
from .services import Caller, Services

MAX_PROBLEMS_SHOWN = 15
CODE_TRIES = 5  # wrong invite codes one user may try per CODE_WINDOW
CODE_TRIES_ALL = 60  # wrong invite codes everyone together may try per CODE_WINDOW
CODE_WINDOW = 600.0  # seconds
DEAD_LETTERS_SHOWN = 10


def has_role(svc: Services, user_id: int, role: Role) -> bool:
    if role is Role.TRAINEE:
        return True
    if role is Role.ADMIN and user_id in svc.config.admins:
        return True
    return role in svc.store.roles(user_id)


def refusal(svc: Services, caller: Caller) -> Reply:
    return svc.say("not_allowed", language(svc, caller))


def members_led_by(svc: Services, lead_id: int) -> dict[int, User]:
    """Everyone in the teams a lead leads, by id."""
    return {
        member.id: member
        for team in svc.store.teams_of_lead(lead_id)
        for member in svc.store.team_members(team.id)
    }


def may_see_interview(svc: Services, user_id: int, interview: Interview | None) -> bool:
    """HR see the interviews they created, while they hold the role."""
    return interview is not None and interview.hr_id == user_id and has_role(svc, user_id, Role.HR)


def may_override(svc: Services, user_id: int, answer: Answer | None) -> bool:
    """A lead may rescore their members' practice answers; HR their own candidates'."""
    if answer is None:
        return False
    attempt = svc.store.attempt(answer.attempt_id)
    if attempt is None:
        return False
    if attempt.mode is Mode.EXAM:
        interview = svc.store.interview(attempt.interview_id) if attempt.interview_id else None
        return may_see_interview(svc, user_id, interview)
    return has_role(svc, user_id, Role.LEAD) and answer.user_id in members_led_by(svc, user_id)


def may_assign(svc: Services, user_id: int, team_id: int | None) -> bool:
    """A lead assigns practice only to a team they lead, while they hold the role."""
    return (
        team_id is not None
        and has_role(svc, user_id, Role.LEAD)
        and any(team.id == team_id for team in svc.store.teams_of_lead(user_id))
    )


# ---------------------------------------------------------------------------- invite codes


def code_lockout(svc: Services, caller: Caller, now: float | None = None) -> Reply | None:
    """Why the caller may not try an invite code now, or None.

    Wrong codes are counted in the store (a restart does not reset them) per user and for
    everyone together: fresh accounts do not get fresh tries."""
    now = time.time() if now is None else now
    since = now - CODE_WINDOW
    mine = svc.store.code_failures(since, caller.id)
    if len(mine) >= CODE_TRIES:
        return _locked(svc, caller, "code_rate_limited", mine[-CODE_TRIES], now)
    everyone = svc.store.code_failures(since)
    if len(everyone) >= CODE_TRIES_ALL:
        return _locked(svc, caller, "code_rate_limited_all", everyone[-CODE_TRIES_ALL], now)
    return None


def _locked(svc: Services, caller: Caller, key: str, oldest: float, now: float) -> Reply:
    """The lock-out lifts when `oldest`, the oldest failure that counts, leaves the window."""
    minutes = max(1, math.ceil((oldest + CODE_WINDOW - now) / 60))
    return svc.say(key, language(svc, caller), minutes=minutes)


def wrong_code(svc: Services, caller: Caller, now: float | None = None) -> None:
    """Count a wrong invite code (an interview's or a team's) against the caller."""
    now = time.time() if now is None else now
    svc.store.record_code_failure(caller.id, now, keep_since=now - CODE_WINDOW)


# ---------------------------------------------------------------------------- admins


def change_role(svc: Services, caller: Caller, args: Sequence[str], *, grant: bool) -> Reply:
    """/grant USER ROLE and /revoke USER ROLE (admins), USER a numeric id or an exact
    @username; every change is logged."""
    if not has_role(svc, caller.id, Role.ADMIN):
        return refusal(svc, caller)
    lang = language(svc, caller)
    command = "grant" if grant else "revoke"
    found = arguments.parse(args, arguments.User(), arguments.Choice("role", GRANTABLE))
    if isinstance(found, arguments.BadArguments):
        return arguments.usage(svc, lang, command, found)
    ref: arguments.UserRef = found["user"]
    role = Role(found["role"])
    if ref.id is not None:
        user = svc.store.user(ref.id)
        if user is None:
            return svc.say("user_id_unknown", lang, id=ref.id)
    else:
        matches = svc.store.users_by_username(ref.username or "")
        if len(matches) != 1:
            key = "username_unknown" if not matches else "username_ambiguous"
            return svc.say(key, lang, username=ref.username, command=command, role=role)
        user = matches[0]
    if grant:
        key = "granted" if svc.store.grant(user.id, role, caller.id) else "already_has"
    else:
        key = "revoked" if svc.store.revoke(user.id, role, caller.id) else "not_had"
    return svc.say(key, lang, role=role, **person(user))


def person(user: User) -> dict[str, object]:
    """How a message names someone unambiguously: name, @username and id."""
    return {"name": user.first_name, "username": user.username, "id": user.id}


def reload_cases(svc: Services, caller: Caller) -> Reply:
    """/reload (admins): re-read the cases and tracks; on any problem keep those already
    loaded."""
    if not has_role(svc, caller.id, Role.ADMIN):
        return refusal(svc, caller)
    lang = language(svc, caller)
    try:
        book = load_book(svc.config.scenarios)
        tracks = load_tracks(book)
    except CaseFileError as exc:
        problems = [str(p) for p in exc.problems]
        return svc.say(
            "reload_failed",
            lang,
            problems=problems[:MAX_PROBLEMS_SHOWN],
            more=max(0, len(problems) - MAX_PROBLEMS_SHOWN),
        )
    svc.book, svc.tracks = book, tracks
    return svc.say("reloaded", lang, count=len(book.cases))


def dead_letters(svc: Services, caller: Caller) -> Reply:
    """/deadletters (admins): the updates the bot gave up on, with their errors."""
    if not has_role(svc, caller.id, Role.ADMIN):
        return refusal(svc, caller)
    lang = language(svc, caller)
    items = svc.store.dead_letters(DEAD_LETTERS_SHOWN)
    if not items:
        return svc.say("dead_letters_none", lang)
    return svc.say("dead_letters", lang, items=items)
