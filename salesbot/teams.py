"""Team leads review their people: teams and invite links, the team's progress, one
member's answers, reports, rescoring an answer, the weekly digest.

A lead sees only the members of the teams they lead; HR may rescore only their own
candidates' answers (`access.may_override`).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from . import arguments, reports
from .access import has_role, may_override, members_led_by, refusal
from .accounts import language, language_of
from .records import Role, Team
from .replies import Document, Message, Reply
from .services import Caller, Services

PREFIX = "team_"  # of the invite's payload in https://t.me/<bot>?start=team_...
CODE_BYTES = 16  # 128 random bits
RECENT = 10  # answers shown by /trainee
RECENT_CHARS = 300  # of each
MAX_NOTE = 500
MAX_TEAM_NAME = 80
MAX_QUERY = 64


def create(svc: Services, caller: Caller, args: Sequence[str], bot_username: str) -> Reply:
    """/newteam NAME: a lead creates a team and gets its invite link."""
    if not has_role(svc, caller.id, Role.LEAD):
        return refusal(svc, caller)
    lang = language(svc, caller)
    found = arguments.parse(args, arguments.Rest("team_name", MAX_TEAM_NAME))
    if isinstance(found, arguments.BadArguments):
        return arguments.usage(svc, lang, "newteam", found)
    name = found["team_name"]
    code = secrets.token_urlsafe(CODE_BYTES)
    svc.store.create_team(name, caller.id, code)
    link = f"https://t.me/{bot_username}?start={PREFIX}{code}"
    return svc.say("team_created", lang, team=name, link=link)


def join(svc: Services, caller: Caller, code: str) -> Reply | None:
    """/start team_CODE: join the team; None for a code that does not exist."""
    team = svc.store.team_by_code(code)
    if team is None:
        return None
    joined = svc.store.join_team(team.id, caller.id)
    return svc.say(
        "joined_team" if joined else "already_in_team", language(svc, caller), team=team.name
    )


def _views(
    svc: Services, caller: Caller, lang: str, *, with_assignments: bool
) -> list[tuple[Team, dict]]:
    return [
        (
            team,
            reports.team_report_view(
                svc.store, svc.book, svc.config, team, lang, with_assignments=with_assignments
            ),
        )
        for team in svc.store.teams_of_lead(caller.id)
    ]


def overview(svc: Services, caller: Caller) -> Reply:
    """/team: each team's members, scores, trend, NPS and most missed patterns."""
    if not has_role(svc, caller.id, Role.LEAD):
        return refusal(svc, caller)
    lang = language(svc, caller)
    views = _views(svc, caller, lang, with_assignments=False)
    if not views:
        return svc.say("team_none", lang)
    return Reply((Message(tuple(svc.text("team", lang, **view) for _, view in views)),))


def report(svc: Services, caller: Caller) -> Reply:
    """/report: each team's report as an HTML document with charts, a CSV of the members
    and a CSV of their answers (with the ids /override takes), and one of its assignments'
    member x case grids, when it has any."""
    if not has_role(svc, caller.id, Role.LEAD):
        return refusal(svc, caller)
    lang = language(svc, caller)
    views = _views(svc, caller, lang, with_assignments=True)
    if not views:
        return svc.say("team_none", lang)
    caption = svc.text("report_caption", lang)
    items: list[Document] = []
    for team, view in views:
        items.append(
            Document(f"team-{team.id}.html", svc.pages.team_report(view).encode("utf-8"), caption)
        )
        items.append(Document(f"team-{team.id}.csv", reports.team_csv(view).encode("utf-8")))
        items.append(
            Document(f"team-{team.id}-answers.csv", reports.team_answers_csv(view).encode("utf-8"))
        )
        if view["assignments"]:
            grid = reports.assignments_csv(view).encode("utf-8")
            items.append(Document(f"team-{team.id}-assignments.csv", grid))
    return Reply(tuple(items))


def trainee(svc: Services, caller: Caller, args: Sequence[str]) -> Reply:
    """/trainee NAME: one member's history and latest answers (the lead's members only);
    NAME is an id, an @username or a first name, matched only among the lead's members."""
    if not has_role(svc, caller.id, Role.LEAD):
        return refusal(svc, caller)
    lang = language(svc, caller)
    found = arguments.parse(args, arguments.Rest("member", MAX_QUERY))
    if isinstance(found, arguments.BadArguments):
        return arguments.usage(svc, lang, "trainee", found)
    wanted = found["member"].removeprefix("@").casefold()
    members = members_led_by(svc, caller.id).values()
    matches = [
        m
        for m in members
        if wanted in (str(m.id), (m.username or "").casefold(), m.first_name.casefold())
    ]
    if len(matches) != 1:
        return svc.say("trainee_not_found", lang, who=found["member"])
    view = reports.member_view(svc.store, svc.book, svc.config, matches[0], lang)
    recent = [
        {
            "id": a.id,
            "case": a.case_id,
            "total": a.total,
            "style": a.style,
            "text": a.text[:RECENT_CHARS],
            "override": view["overrides"].get(a.id),
        }
        for a in view["rows"][:RECENT]
    ]
    shown = {k: v for k, v in view.items() if k not in reports.PRIVATE}
    return svc.say("trainee", lang, **shown, recent=recent)


def override(svc: Services, caller: Caller, args: Sequence[str]) -> Reply:
    """/override ANSWER_ID TOTAL NOTE: a lead (own members' practice) or HR (own
    candidates) corrects a score; reports show both."""
    if not (has_role(svc, caller.id, Role.LEAD) or has_role(svc, caller.id, Role.HR)):
        return refusal(svc, caller)
    lang = language(svc, caller)
    found = arguments.parse(
        args,
        arguments.Number("answer_id"),
        arguments.Number("score", 0, 100),
        arguments.Rest("note", MAX_NOTE),
    )
    if isinstance(found, arguments.BadArguments):
        return arguments.usage(svc, lang, "override", found)
    answer = svc.store.answer(found["answer_id"])
    if answer is None or not may_override(svc, caller.id, answer):
        return svc.say("override_not_found", lang)
    total = found["score"]
    svc.store.add_override(answer.id, total, found["note"], caller.id)
    return svc.say("override_done", lang, id=answer.id, old=answer.total, new=total)


def digest(svc: Services) -> Reply:
    """The weekly digest: each lead gets a summary of each of their teams."""
    messages = []
    for lead_id in svc.store.leads():
        lang = language_of(svc, lead_id)
        for team in svc.store.teams_of_lead(lead_id):
            view = reports.team_report_view(
                svc.store, svc.book, svc.config, team, lang, with_assignments=False
            )
            messages.append(Message((svc.text("team", lang, **view),), to=lead_id))
    return Reply(tuple(messages))
