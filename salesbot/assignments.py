"""Assignments: a team lead sets practice (one case or a track) for the team or some of its
members with a due date; assignees see it first in /cases; the bot reminds them a day
before and tells the lead at the due time who finished, who passed and who did not start.

An assignee's progress (`records.standing`) comes from their practice attempts since the
assignment was made: a case is passed by an attempt finished by the due moment whose total
reaches its pass mark, and replays until then count. The assignment closes at its due
moment (the config's `assignments.due_time` on the chosen day, in the config's time zone),
or earlier once everyone passed: the standings are frozen in the store and the lead gets
the summary. Reminders and summaries come from the database (`sweep`, which the adapter runs
every minute), not from memory, so they survive restarts; each goes out at most once.

Every press of an /assign button is checked again (`access.may_assign`): callback data can
be forged, so no id in it is trusted. An assignee sees only their own assignments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import certificates, reports
from .access import has_role, may_assign, refusal
from .accounts import language, language_of
from .arguments import button_number
from .records import (
    AssigneeStatus,
    Assignment,
    CaseState,
    Role,
    Standing,
    moment,
    stamp,
    standing,
)
from .replies import NOTHING, Button, Keyboard, Message, Reply, row
from .services import Caller, Services
from .views import case_title

PREFIX = "asg:"  # of the set-up's buttons
START = "asgo:"  # of an assignee's start button
DUE_DAYS = (1, 3, 7, 14)  # the lead's choices of due date, days from today
REMIND_BEFORE = timedelta(days=1)
LISTED = 20  # assignments shown by /assignments
FINISHED = (AssigneeStatus.PASSED, AssigneeStatus.FINISHED)
# The lead's summary lists who passed first, who did not start last.
SUMMARY_ORDER = (
    AssigneeStatus.PASSED,
    AssigneeStatus.FINISHED,
    AssigneeStatus.IN_PROGRESS,
    AssigneeStatus.NOT_STARTED,
)


@dataclass
class Draft:
    """An assignment being set up by a lead (kept by the adapter between presses)."""

    team_id: int | None = None
    everyone: bool = False  # the whole team, whoever is in it when it is created
    members: list[int] = field(default_factory=list)  # else the members ticked
    kind: str = ""  # case or track
    target: str = ""


# ---------------------------------------------------------------------------- the lead: /assign


def start_setup(svc: Services, caller: Caller) -> tuple[Reply, Draft | None]:
    """/assign: a lead picks the team (if they lead several), then who, what and when."""
    if not has_role(svc, caller.id, Role.LEAD):
        return refusal(svc, caller), None
    lang = language(svc, caller)
    teams = svc.store.teams_of_lead(caller.id)
    if not teams:
        return svc.say("team_none", lang), None
    draft = Draft()
    if len(teams) == 1:
        draft.team_id = teams[0].id
        return _who(svc, caller, draft), draft
    keyboard = tuple(
        (Button(svc.label("asg_team_button", lang, name=t.name), f"{PREFIX}team:{t.id}"),)
        for t in teams
    )
    return svc.say("asg_pick_team", lang, keyboard=(*keyboard, _cancel(svc, lang))), draft


def press(svc: Services, caller: Caller, draft: Draft | None, data: str) -> tuple[Reply, bool]:
    """A button of /assign; returns the reply and whether the set-up is over (drop the
    draft). The caller's right to assign to the draft's team is checked on every press."""
    lang = language(svc, caller)
    if draft is None:  # the bot restarted, or an old keyboard
        return svc.say("asg_expired", lang), True
    action, _, value = data.removeprefix(PREFIX).partition(":")
    if action == "cancel":
        return svc.say("asg_cancelled", lang), True
    if action == "team":
        draft.team_id = button_number(value)
        draft.members = []
    if not may_assign(svc, caller.id, draft.team_id):
        return refusal(svc, caller), True
    members = {u.id for u in svc.store.team_members(draft.team_id or 0)}
    if action == "team":
        return _who(svc, caller, draft), False
    if action == "member":
        chosen = button_number(value)
        if chosen in members:
            if chosen in draft.members:
                draft.members.remove(chosen)
            else:
                draft.members.append(chosen)
        return _who(svc, caller, draft, edit=True), False
    if action in ("everyone", "chosen"):
        draft.everyone = action == "everyone"
        if not draft.everyone and not [m for m in draft.members if m in members]:
            return svc.say("asg_need_member", lang), False
        return _what(svc, caller), False
    if action in ("track", "case"):
        known = svc.tracks if action == "track" else svc.book.cases
        if value not in known:
            return _what(svc, caller), False
        draft.kind, draft.target = action, value
        return _when(svc, caller), False
    if action == "due" and button_number(value) in DUE_DAYS and draft.target:
        return create(svc, caller, draft, int(value)), True
    return svc.say("asg_expired", lang), True


def _cancel(svc: Services, lang: str) -> tuple[Button, ...]:
    return (Button(svc.label("asg_cancel", lang), f"{PREFIX}cancel"),)


def _who(svc: Services, caller: Caller, draft: Draft, *, edit: bool = False) -> Reply:
    """The whole team, or members to tick, then "Next"."""
    lang = language(svc, caller)
    team_id = draft.team_id or 0
    team = next(t for t in svc.store.teams_of_lead(caller.id) if t.id == team_id)
    members = svc.store.team_members(team_id)
    if not members:
        return svc.say("asg_no_members", lang, team=team.name)
    keyboard: Keyboard = (
        (Button(svc.label("asg_everyone", lang, count=len(members)), f"{PREFIX}everyone"),),
        *(
            (
                Button(
                    svc.label("asg_member_button", lang, name=m.name, chosen=m.id in draft.members),
                    f"{PREFIX}member:{m.id}",
                ),
            )
            for m in members
        ),
        (Button(svc.label("asg_next", lang), f"{PREFIX}chosen"),),
        _cancel(svc, lang),
    )
    text = svc.text("asg_pick_who", lang, team=team.name, count=len(draft.members))
    return Reply((Message((text,), keyboard, edit=edit),))


def _what(svc: Services, caller: Caller) -> Reply:
    """The tracks, then the cases."""
    lang = language(svc, caller)
    tracks = tuple(
        (
            Button(
                svc.label("asg_track_button", lang, title=t.text(lang), count=len(t.cases)),
                f"{PREFIX}track:{t.id}",
            ),
        )
        for t in sorted(svc.tracks.values(), key=lambda t: t.id)
    )
    cases = tuple(
        (
            Button(
                svc.label(
                    "case_button", lang, title=c.text(c.title, lang), difficulty=c.difficulty
                ),
                f"{PREFIX}case:{c.id}",
            ),
        )
        for c in sorted(svc.book.cases.values(), key=lambda c: (c.difficulty, c.id))
    )
    return svc.say("asg_pick_what", lang, keyboard=(*tracks, *cases, _cancel(svc, lang)))


def due_moment(svc: Services, days: int, now: datetime) -> datetime:
    """The due time (`assignments.due_time`) `days` after today, in the config's zone."""
    zone = svc.config.zone
    day = now.astimezone(zone).date() + timedelta(days=days)
    return datetime.combine(day, svc.config.assignments.due_clock, tzinfo=zone)


def _when(svc: Services, caller: Caller) -> Reply:
    lang = language(svc, caller)
    now = svc.clock()
    buttons = row(
        *(
            (
                svc.label(
                    "asg_due_button", lang, date=due_moment(svc, d, now).strftime("%d.%m"), days=d
                ),
                f"{PREFIX}due:{d}",
            )
            for d in DUE_DAYS
        )
    )
    return svc.say(
        "asg_pick_due",
        lang,
        keyboard=(*buttons, _cancel(svc, lang)),
        time=svc.config.assignments.due_time,
        zone=svc.config.timezone,
    )


def create(svc: Services, caller: Caller, draft: Draft, days: int) -> Reply:
    """Store the assignment; tell the lead, and each assignee with a button to start."""
    if not may_assign(svc, caller.id, draft.team_id) or draft.team_id is None:
        return refusal(svc, caller)
    lang = language(svc, caller)
    members = {u.id: u for u in svc.store.team_members(draft.team_id)}
    chosen = list(members) if draft.everyone else [m for m in draft.members if m in members]
    what = _what_is_assigned(svc, draft)
    if not chosen:
        return svc.say("asg_nobody", lang)
    if what is None:
        return svc.say("asg_expired", lang)
    kind, title, cases, need = what
    now = svc.clock()
    due = stamp(due_moment(svc, days, now))
    assignment_id = svc.store.create_assignment(
        team_id=draft.team_id,
        lead_id=caller.id,
        kind=kind,
        target=draft.target,
        title=title,
        cases=cases,
        need=need,
        due=due,
        created_at=stamp(now),
        assignees=chosen,
    )
    assignment = svc.store.assignment(assignment_id)
    assert assignment is not None
    done = svc.text(
        "asg_created",
        lang,
        title=assignment.title_in(lang),
        due=_due(svc, assignment),
        names=[members[m].name for m in chosen],
    )
    notices = tuple(_notice(svc, assignment, user_id, caller) for user_id in chosen)
    return Reply((Message((done,), edit=True), *notices))


def _what_is_assigned(
    svc: Services, draft: Draft
) -> tuple[str, dict[str, str], list[tuple[str, int]], int] | None:
    """Kind, title, cases with their pass marks and how many to pass, from the draft."""
    if draft.kind == "track" and draft.target in svc.tracks:
        track = svc.tracks[draft.target]
        cases = [
            (
                c.case_id,
                c.pass_mark if c.pass_mark is not None else svc.config.pass_mark_for(c.case_id),
            )
            for c in track.cases
        ]
        return "track", dict(track.title), cases, track.need
    if draft.kind == "case" and draft.target in svc.book.cases:
        case = svc.book.cases[draft.target]
        return "case", dict(case.title), [(case.id, svc.config.pass_mark_for(case.id))], 1
    return None


def _start_button(svc: Services, assignment: Assignment, lang: str) -> Keyboard:
    return row((svc.label("asg_start", lang), f"{START}{assignment.id}"))


def _case_titles(svc: Services, assignment: Assignment, lang: str) -> list[str]:
    return [case_title(svc.book, case_id, lang) for case_id in assignment.case_ids]


def _due(svc: Services, assignment: Assignment) -> str:
    return reports.local_time(assignment.due, svc.config.zone)


def _notice(svc: Services, assignment: Assignment, user_id: int, lead: Caller) -> Message:
    lang = language_of(svc, user_id)
    text = svc.text(
        "asg_new",
        lang,
        lead=lead.first_name or lead.username or "",
        kind=assignment.kind,
        title=assignment.title_in(lang),
        cases=_case_titles(svc, assignment, lang),
        need=assignment.need,
        due=_due(svc, assignment),
    )
    return Message((text,), _start_button(svc, assignment, lang), to=user_id)


# ---------------------------------------------------------------------------- the lead: progress


def listing(svc: Services, caller: Caller) -> Reply:
    """/assignments: the lead's teams' assignments, open ones first, with completion."""
    if not has_role(svc, caller.id, Role.LEAD):
        return refusal(svc, caller)
    lang = language(svc, caller)
    now = svc.clock()
    found = [
        (team, assignment, assignment.open_at(now))
        for team in svc.store.teams_of_lead(caller.id)
        for assignment in svc.store.team_assignments(team.id)
    ]
    if not found:
        return svc.say("assignments_none", lang)
    found.sort(key=lambda item: (not item[2], -item[1].id))  # open first, the newest first
    people = reports.People(svc.store)
    items = [
        {
            "id": assignment.id,
            "title": assignment.title_in(lang),
            "team": team.name,
            "due": _due(svc, assignment),
            "open": is_open,
            **reports.tally(reports.standings(svc.store, assignment, people)),
        }
        for team, assignment, is_open in found[:LISTED]
    ]
    return svc.say("assignments", lang, items=items, more=max(0, len(found) - LISTED))


# ---------------------------------------------------------------------------- the assignee


def mine(svc: Services, user_id: int, lang: str) -> list[dict]:
    """The user's open assignments with their progress, the soonest due first (/cases)."""
    now = svc.clock()
    found = []
    people = reports.People(svc.store)
    for assignment in svc.store.assignments_of(user_id):
        if not assignment.open_at(now):
            continue
        result = standing(assignment, people.attempts(user_id))
        titles = _case_titles(svc, assignment, lang)
        found.append(
            {
                "id": assignment.id,
                "title": assignment.title_in(lang),
                "due": _due(svc, assignment),
                "status": result.status,
                "passed": result.passed,
                "need": assignment.need,
                "cases": [
                    {"id": c.case_id, "title": title, "state": c.state, "best": c.best}
                    for c, title in zip(result.cases, titles, strict=True)
                ],
            }
        )
    return found


def next_case(svc: Services, user_id: int, assignment_id: int | None) -> str | None:
    """The first case of one of the user's own open assignments not passed yet (and still
    in the book); None if it is not theirs, is over or is passed."""
    assignment = svc.store.assignment(assignment_id) if assignment_id is not None else None
    if assignment is None or svc.store.assignee(assignment.id, user_id) is None:
        return None
    if not assignment.open_at(svc.clock()):
        return None
    result = standing(assignment, svc.store.practice_attempts(user_id))
    if result.status is AssigneeStatus.PASSED:
        return None
    waiting = [
        c.case_id
        for c in result.cases
        if c.state is not CaseState.PASSED and c.case_id in svc.book.cases
    ]
    return waiting[0] if waiting else None


def case_finished(svc: Services, caller: Caller, case_id: str, lang: str) -> Reply:
    """A practice case ended: the progress of each open assignment it belongs to; an
    assignment just passed is congratulated, and a track earns its certificate. Runs in
    the answer's transaction, so the certificate is issued once."""
    now = svc.clock()
    reply = NOTHING
    people = reports.People(svc.store)
    for assignment in svc.store.assignments_of(caller.id):
        if case_id not in assignment.case_ids or not assignment.open_at(now):
            continue
        result = standing(assignment, people.attempts(caller.id))
        title = assignment.title_in(lang)
        if result.status is AssigneeStatus.PASSED and svc.store.mark_passed(
            assignment.id, caller.id, stamp(now)
        ):
            reply += svc.say("asg_passed", lang, title=title)
            if assignment.kind == "track":
                issued = certificates.issue(svc, caller.id, assignment, result, now)
                reply += certificates.earned(svc, caller, issued, lang)
            continue
        reply += svc.say(
            "asg_progress",
            lang,
            title=title,
            passed=result.passed,
            need=assignment.need,
            due=_due(svc, assignment),
        )
    return reply


# ---------------------------------------------------------------------------- the job


def sweep(svc: Services) -> Reply:
    """What is due now, from the database: each open assignment past its due moment (or
    passed by everyone) is closed and its lead gets the summary; a day before the due
    moment, each assignee who has not finished, is still in the team and still known to
    the bot gets a reminder. Each is recorded before it is sent: at most once."""
    now = svc.clock()
    reply = NOTHING
    people = reports.People(svc.store)
    for assignment in svc.store.open_assignments():
        results = reports.standings(svc.store, assignment, people)
        due = moment(assignment.due)
        everyone_passed = bool(results) and all(
            r.status is AssigneeStatus.PASSED for r in results.values()
        )
        if now >= due or everyone_passed:
            if svc.store.close_assignment(assignment.id, stamp(now), results):
                reply += _summary(svc, assignment, results)
            continue
        if now < due - REMIND_BEFORE or moment(assignment.created_at) >= due - REMIND_BEFORE:
            continue  # not yet, or assigned within the last day: the notice was enough
        members = {u.id for u in svc.store.team_members(assignment.team_id)}
        for assignee in svc.store.assignees(assignment.id):
            result = results[assignee.user_id]
            if assignee.reminded_at or assignee.user_id not in members or result.status in FINISHED:
                continue
            svc.store.mark_reminded(assignment.id, assignee.user_id, stamp(now))
            reply += _reminder(svc, assignment, assignee.user_id, result)
    return reply


def _reminder(svc: Services, assignment: Assignment, user_id: int, result: Standing) -> Reply:
    lang = language_of(svc, user_id)
    text = svc.text(
        "asg_reminder",
        lang,
        title=assignment.title_in(lang),
        due=_due(svc, assignment),
        passed=result.passed,
        need=assignment.need,
    )
    return Reply((Message((text,), _start_button(svc, assignment, lang), to=user_id),))


def _summary(svc: Services, assignment: Assignment, results: dict[int, Standing]) -> Reply:
    """The lead's note when an assignment closes: who passed, finished, started, did not."""
    lead = assignment.lead_id
    if not has_role(svc, lead, Role.LEAD):  # a lead who lost the role sees nothing more
        return NOTHING
    lang = language_of(svc, lead)
    team = next((t for t in svc.store.teams_of_lead(lead) if t.id == assignment.team_id), None)
    groups: dict[AssigneeStatus, list[str]] = {status: [] for status in SUMMARY_ORDER}
    for user_id, result in results.items():
        user = svc.store.user(user_id)
        groups[result.status].append(user.name if user else str(user_id))
    text = svc.text(
        "asg_summary",
        lang,
        title=assignment.title_in(lang),
        team=team.name if team else "",
        due=_due(svc, assignment),
        groups=[{"status": s, "names": sorted(names)} for s, names in groups.items() if names],
        **reports.tally(results),
    )
    return Reply((Message((text,), to=lead),))
