"""Who may do what: roles, their grants, and every permission rule of the bot.

Every privileged use case asks here, on every call (a revoked role stops working at once);
a refusal says the same thing whatever the reason, so it reveals nothing about other
people's data.

- admin: the ids in config `admins`, and whoever an admin granted the role;
- hr: creates case interviews and sees, and rescores, only their own candidates;
- lead: creates teams and sees, and rescores, only the practice of their members;
- trainee: everyone.
"""

from __future__ import annotations

from collections.abc import Sequence

from .accounts import language
from .dialogues import load_book
from .engine import CaseFileError
from .records import GRANTABLE, Answer, Interview, Mode, Role, User
from .replies import Reply
from .services import Caller, Services

MAX_PROBLEMS_SHOWN = 15
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


# ---------------------------------------------------------------------------- admins


def change_role(svc: Services, caller: Caller, args: Sequence[str], *, grant: bool) -> Reply:
    """/grant USER ROLE and /revoke USER ROLE (admins); every change is logged."""
    if not has_role(svc, caller.id, Role.ADMIN):
        return refusal(svc, caller)
    lang = language(svc, caller)
    if len(args) != 2 or args[1].lower() not in GRANTABLE:
        return svc.say("grant_usage", lang)
    user = svc.store.find_user(args[0])
    if user is None:
        return svc.say("user_not_found", lang, who=args[0][:64])
    role = Role(args[1].lower())
    if grant:
        key = "granted" if svc.store.grant(user.id, role, caller.id) else "already_has"
    else:
        key = "revoked" if svc.store.revoke(user.id, role, caller.id) else "not_had"
    return svc.say(key, lang, name=user.first_name or user.id, role=role)


def reload_cases(svc: Services, caller: Caller) -> Reply:
    """/reload (admins): re-read the cases; on any problem keep the cases already loaded."""
    if not has_role(svc, caller.id, Role.ADMIN):
        return refusal(svc, caller)
    lang = language(svc, caller)
    try:
        book = load_book(svc.config.scenarios)
    except CaseFileError as exc:
        problems = [str(p) for p in exc.problems]
        return svc.say(
            "reload_failed",
            lang,
            problems=problems[:MAX_PROBLEMS_SHOWN],
            more=max(0, len(problems) - MAX_PROBLEMS_SHOWN),
        )
    svc.book = book
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
