"""HTML and CSV reports for HR (case interviews) and team leads.

The data builders here turn stored records into plain view models (data only: no HTML);
`salesbot.render.interview_report` and `team_report` turn them into pages. The view models:

Interview report (`interview_report_view`):
    lang, candidate, hr, created_at, finished_at, deadline, status, time_limit (seconds or
    None), recommendation {level: "recommend"|"consider"|"reject", total},
    overall {total, scores {customer, product, situational}, styles {style: count}},
    cases [{id, title, total, pass_mark, passed, outcome, result, rating,
            turns [{id (the answer's, for /override), client (str), answer (str),
                    marks [(start, end, kind)] (where the evidence stands in the answer;
                    kind is a dimension, "signal" or "violation"), style, total, scores,
                    matched [{title, words, dimension}], violations [{title, words,
                    severity}], seconds (float|None), over_limit (bool),
                    override None|{total, note, by, at},
                    missing [names of what the answer left out], review (bool),
                    review_reason (a code, see ScoreResult)}]}],
    review [{case, turn, anchor, id, answer, total, reason}] (answers the scorer is
            unsure of, listed first for a human look)

Team report (`team_report_view`):
    lang, team, lead, generated_at, nps (int|None), scores {...}, total,
    weeks [{week (e.g. "2026-W47"), total (int|None)}] (the last weeks, oldest first),
    members [{name, attempts, answers, total, scores, nps, passed [titles],
              weeks [{week, total}]}],
    missed [{title, count}] (what the team's answers leave out or get wrong most often),
    review [{id, member, case, answer, total, reason, created_at}] (the scorer is unsure
            of these practice answers: the newest first, for a human look),
    answers [{id, member, case, case_id, step, text, style, total, scores, created_at,
              override None|{total, note, by, at}}] (every practice answer, newest first),
    overrides [the answers above that a lead or HR rescored],
    assignments [assignment view, below] (the newest first)

Assignment (`assignment_view`, also the lead's /assignments):
    id, title, kind ("case"|"track"), due (local time, text), timezone, closed (bool),
    need (cases to pass), cases [{id, title, pass_mark}],
    rows [{name, status ("not_started"|"in_progress"|"finished"|"passed"), overdue (closed
           without passing), passed (count),
           cells [{state ("not_started"|"tried"|"passed"), best (int|None), attempts}]}]
           (one per assignee, one cell per case, in the cases' order),
    total, done (finished or passed), passed, not_started (counts of assignees)

Answer ids are in every report and CSV, so /override needs no `salesbot export`. CSV
cells go through `csv_cell`: a spreadsheet never runs one as a formula.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from .config import Config
from .engine import DIMENSIONS, CaseBook, ScoreResult, Step
from .records import (
    Answer,
    AssigneeStatus,
    Assignment,
    Attempt,
    Interview,
    Override,
    Standing,
    Status,
    Team,
    User,
    moment,
    nps,
    standing,
)
from .storage import Store
from .views import case_title, forgotten_person, pattern_title

WEEKS = 6  # how many weeks a trend covers
PRIVATE = ("rows", "overrides")  # of a member view: records, not for the page
REVIEW_LIMIT = 20  # flagged answers listed in a team report
ASSIGNMENTS_SHOWN = 20  # the newest assignments in a team report
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).


def _step(book: CaseBook, case_id: str, step_id: str) -> Step | None:
    case = book.cases.get(case_id)
    try:
        return case.step(step_id) if case else None
    except KeyError:  # the case was edited since
        return None


def missing_names(book: CaseBook, row: Answer, result: ScoreResult, lang: str) -> list[str]:
    """What the answer left out of the step's expectations, as the client would name it."""
    step = _step(book, row.case_id, row.step_id)
    case = book.cases.get(row.case_id)
    if step is None or case is None:
        return []
    wanted = set(result.missing)
    return [case.text(e.name, lang) or e.id for e in step.expects if e.id in wanted]


def recommendation(total: int, severe: int) -> str:
    """recommend, consider or reject, from the average total and severe violations."""
    if severe == 0 and total >= 70:
        return "recommend"
    if severe <= 1 and total >= 50:
        return "consider"
    return "reject"


def marks(result: ScoreResult) -> list[tuple[int, int, str]]:
    """Where the evidence stands in the answer: (start, end, dimension or "violation")."""
    found = [(start, end, e.dimension) for e in result.matched for start, end in e.spans]
    found += [(start, end, "violation") for v in result.violations for start, end in v.spans]
    return found


def _effective_total(storage: Store, answer: Answer) -> tuple[int, Override | None]:
    override = storage.override_for(answer.id)
    return (override.total if override else answer.total), override


def person_name(storage: Store, user_id: int, lang: str) -> str:
    """How a report names a user: their name, else their id; someone who erased their data
    (a negative pseudonym in the logs kept) by their pseudonym."""
    if user_id < 0:
        return forgotten_person(-user_id, lang)
    user = storage.user(user_id)
    return user.name if user else str(user_id)


def _override_view(storage: Store, override: Override | None, lang: str) -> dict | None:
    if override is None:
        return None
    return {
        "total": override.total,
        "note": override.note,
        "by": person_name(storage, override.by_user, lang),
        "at": override.at,
    }


def _answer_view(storage: Store, book: CaseBook, row: Answer, lang: str, client: str) -> dict:
    result = row.result()
    total, override = _effective_total(storage, row)
    return {
        "id": row.id,
        "client": client,
        "answer": row.text,
        "marks": marks(result),
        "style": row.style,
        "total": row.total,
        "effective_total": total,
        "scores": dict(row.scores),
        "matched": [
            {
                "title": pattern_title(book, row.case_id, m.pattern, lang),
                "words": m.words,
                "dimension": m.dimension,
            }
            for m in result.matched
            if m.dimension != "signal" or m.pattern.startswith("topic")
        ],
        "violations": [
            {
                "title": pattern_title(book, row.case_id, v.id, lang),
                "words": v.words,
                "severity": v.severity,
            }
            for v in result.violations
        ],
        "seconds": row.response_seconds,
        "over_limit": row.over_limit,
        "override": _override_view(storage, override, lang),
        "missing": missing_names(book, row, result, lang),
        "review": row.review,
        "review_reason": row.review_reason,
    }


def _client_lines(book: CaseBook, case_id: str, lang: str, rows: list[Answer]) -> list[str]:
    """The client's line each answer replied to (the step's line)."""
    case = book.cases.get(case_id)
    lines = []
    for row in rows:
        try:
            lines.append(case.text(case.step(row.step_id).client, lang) if case else "")
        except KeyError:
            lines.append("")
    return lines


def interview_report_view(
    storage: Store, book: CaseBook, config: Config, interview: Interview, lang: str
) -> dict[str, Any]:
    hr = storage.user(interview.hr_id)
    cases, all_totals, severe = [], [], 0
    styles: Counter[str] = Counter()
    dims = {d: [] for d in DIMENSIONS}
    for attempt in storage.interview_attempts(interview.id):
        rows = storage.attempt_answers(attempt.id)
        case = book.cases.get(attempt.case_id)
        lines = _client_lines(book, attempt.case_id, lang, rows)
        turns = [
            _answer_view(storage, book, r, lang, line) for r, line in zip(rows, lines, strict=True)
        ]
        totals = [t["effective_total"] for t in turns]
        for t in turns:
            styles[t["style"]] += 1
            severe += sum(1 for v in t["violations"] if v["severity"] == "severe")
            for d in DIMENSIONS:
                dims[d].append(t["scores"][d])
        all_totals += totals
        total = round(sum(totals) / len(totals)) if totals else 0
        mark = config.pass_mark_for(attempt.case_id)
        cases.append(
            {
                "id": attempt.case_id,
                "title": case.text(case.title, lang) if case else attempt.case_id,
                "total": total,
                "pass_mark": mark,
                "passed": bool(totals) and total >= mark,
                "outcome": attempt.outcome,
                "result": attempt.result,
                "rating": attempt.rating,
                "status": attempt.status,
                "turns": turns,
            }
        )
    overall = round(sum(all_totals) / len(all_totals)) if all_totals else 0
    review = [
        {
            "case": case["title"],
            "turn": n,
            "anchor": f"case-{c}-turn-{n}",
            "id": turn["id"],
            "answer": turn["answer"],
            "total": turn["effective_total"],
            "reason": turn["review_reason"],
        }
        for c, case in enumerate(cases, 1)
        for n, turn in enumerate(case["turns"], 1)
        if turn["review"]
    ]
    return {
        "lang": lang,
        "candidate": interview.candidate_name,
        "hr": (hr and hr.first_name) or str(interview.hr_id),
        "created_at": interview.created_at,
        "finished_at": interview.finished_at,
        "deadline": interview.deadline,
        "status": interview.status,
        "time_limit": interview.time_limit,
        "recommendation": {"level": recommendation(overall, severe), "total": overall},
        "overall": {
            "total": overall,
            "scores": {d: round(sum(v) / len(v)) if v else 0 for d, v in dims.items()},
            "styles": dict(styles),
        },
        "cases": cases,
        "review": review,
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A cell no spreadsheet will run: text that starts like a formula gets a leading
    apostrophe, as OWASP advises against CSV injection; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    """A CSV document whose every cell went through `csv_cell`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()


def interview_csv(view: dict[str, Any]) -> str:
    """One row per answer, with its id for /override."""
    header = (
        "answer_id candidate case client answer style total override override_note "
        "customer product situational seconds over_limit violations review"
    ).split()
    rows = (
        [
            t["id"],
            view["candidate"],
            case["id"],
            t["client"],
            t["answer"],
            t["style"],
            t["total"],
            t["override"]["total"] if t["override"] else "",
            t["override"]["note"] if t["override"] else "",
            *t["scores"].values(),
            round(t["seconds"], 1) if t["seconds"] is not None else "",
            int(t["over_limit"]),
            "; ".join(v["title"] for v in t["violations"]),
            t["review_reason"] if t["review"] else "",
        ]
        for case in view["cases"]
        for t in case["turns"]
    )
    return write_csv(header, rows)


def _week(stamp: str) -> str:
    year, week, _ = datetime.fromisoformat(stamp).isocalendar()
    return f"{year}-W{week:02d}"


def _recent_weeks(today: datetime | None = None) -> list[str]:
    today = today or datetime.now(UTC)
    return [_week((today - timedelta(weeks=i)).isoformat()) for i in range(WEEKS - 1, -1, -1)]


def member_view(
    storage: Store, book: CaseBook, config: Config, user: User, lang: str
) -> dict[str, Any]:
    """One trainee's practice: attempts, averages, weekly trend, NPS, passed cases; and,
    for the callers, not the pages (`PRIVATE`), the answers as records (`rows`, newest
    first) and their overrides by answer id."""
    answers = storage.practice_answers(user.id)
    attempts = storage.practice_attempts(user.id)
    effective = [_effective_total(storage, a) for a in answers]
    totals = [total for total, _ in effective]
    by_week: dict[str, list[int]] = {}
    for row, total in zip(answers, totals, strict=True):
        by_week.setdefault(_week(row.created_at), []).append(total)
    best: dict[str, int] = {}
    for attempt in attempts:
        if attempt.status == Status.FINISHED and attempt.total is not None:
            best[attempt.case_id] = max(best.get(attempt.case_id, 0), attempt.total)
    passed = [
        book.cases[c].text(book.cases[c].title, lang)
        for c, b in best.items()
        if c in book.cases and b >= config.pass_mark_for(c)
    ]
    ratings = [a.rating for a in attempts if a.status == Status.FINISHED and a.rating]
    return {
        "id": user.id,
        "name": user.name,
        "attempts": len(attempts),
        "answers": len(answers),
        "total": round(sum(totals) / len(totals)) if totals else 0,
        "scores": {
            d: round(sum(a.scores[d] for a in answers) / len(answers)) if answers else 0
            for d in DIMENSIONS
        },
        "nps": nps(ratings),
        "ratings": ratings,
        "passed": passed,
        "weeks": [
            {"week": w, "total": round(sum(by_week[w]) / len(by_week[w])) if w in by_week else None}
            for w in _recent_weeks()
        ],
        "rows": answers,
        "overrides": {a.id: o for a, (_, o) in zip(answers, effective, strict=True) if o},
    }


def missed_patterns(
    book: CaseBook, rows: list[Answer], lang: str, limit: int = 5
) -> list[dict[str, Any]]:
    """What answers left out of their steps and the violations they made, most frequent
    first. An expectation counts per case and step ("the delivery day" of one case)."""
    counts: Counter[tuple[str, ...]] = Counter()
    titles: dict[tuple[str, ...], str] = {}
    for row in rows:
        result = row.result()
        for v in result.violations:
            key = ("violation", v.id)
            counts[key] += 1
            titles.setdefault(key, pattern_title(book, row.case_id, v.id, lang))
        step = _step(book, row.case_id, row.step_id)
        case = book.cases.get(row.case_id)
        if step is None or case is None:
            continue
        for expectation in step.expects:
            if expectation.id in result.missing:
                key = ("expects", row.case_id, row.step_id, expectation.id)
                counts[key] += 1
                titles.setdefault(key, case.text(expectation.name, lang) or expectation.id)
    return [{"title": titles[key], "count": n} for key, n in counts.most_common(limit)]


def flagged_answers(
    book: CaseBook, members: list[dict[str, Any]], lang: str, limit: int = REVIEW_LIMIT
) -> list[dict[str, Any]]:
    """The members' answers the scorer flagged for a human look, the newest first."""
    flagged = [(m, row) for m in members for row in m["rows"] if row.review]
    flagged.sort(key=lambda pair: pair[1].created_at, reverse=True)
    out = []
    for member, row in flagged[:limit]:
        case = book.cases.get(row.case_id)
        out.append(
            {
                "id": row.id,
                "member": member["name"],
                "case": case.text(case.title, lang) if case else row.case_id,
                "answer": row.text,
                "total": row.total,
                "reason": row.review_reason,
                "created_at": row.created_at,
            }
        )
    return out


def answer_rows(
    storage: Store, book: CaseBook, members: list[dict[str, Any]], lang: str
) -> list[dict[str, Any]]:
    """Every practice answer of the members, newest first, with its id (for /override) and
    its override, if any: who changed the score, from what, to what, and why."""
    rows = [(m, row) for m in members for row in m["rows"]]
    overrides = {k: v for m in members for k, v in m["overrides"].items()}
    rows.sort(key=lambda pair: pair[1].id, reverse=True)
    out = []
    for member, row in rows:
        case = book.cases.get(row.case_id)
        out.append(
            {
                "id": row.id,
                "member": member["name"],
                "case": case.text(case.title, lang) if case else row.case_id,
                "case_id": row.case_id,
                "step": row.step_id,
                "text": row.text,
                "style": row.style,
                "total": row.total,
                "scores": dict(row.scores),
                "created_at": row.created_at,
                "override": _override_view(storage, overrides.get(row.id), lang),
            }
        )
    return out


def team_report_view(
    storage: Store,
    book: CaseBook,
    config: Config,
    team: Team,
    lang: str,
    *,
    with_assignments: bool = True,
) -> dict[str, Any]:
    """The team report (see the module docstring); the chat summaries leave the
    assignments out (`with_assignments=False`): they do not show them."""
    lead = storage.user(team.lead_id)
    people = People(storage)
    members = [member_view(storage, book, config, u, lang) for u in storage.team_members(team.id)]
    rows = [r for m in members for r in m["rows"]]
    totals = [m["total"] for m in members if m["answers"]]
    weeks = []
    for i, week in enumerate(_recent_weeks()):
        values = [m["weeks"][i]["total"] for m in members if m["weeks"][i]["total"] is not None]
        weeks.append({"week": week, "total": round(sum(values) / len(values)) if values else None})
    answers = answer_rows(storage, book, members, lang)
    return {
        "lang": lang,
        "team": team.name,
        "lead": (lead and lead.first_name) or str(team.lead_id),
        "generated_at": datetime.now(UTC).isoformat(timespec="minutes"),
        "nps": nps([r for m in members for r in m["ratings"]]),
        "total": round(sum(totals) / len(totals)) if totals else 0,
        "scores": {
            d: round(sum(r.scores[d] for r in rows) / len(rows)) if rows else 0 for d in DIMENSIONS
        },
        "weeks": weeks,
        "members": [{k: v for k, v in m.items() if k not in PRIVATE} for m in members],
        "missed": missed_patterns(book, rows, lang),
        "review": flagged_answers(book, members, lang),
        "overrides": [a for a in answers if a["override"]],
        "answers": answers,
        "assignments": [
            assignment_view(storage, book, config, a, lang, people)
            for a in storage.team_assignments(team.id)[:ASSIGNMENTS_SHOWN]
        ]
        if with_assignments
        else [],
    }


def team_csv(view: dict[str, Any]) -> str:
    """One row per member: their totals."""
    header = "team member attempts answers total customer product situational nps passed".split()
    rows = (
        [
            view["team"],
            m["name"],
            m["attempts"],
            m["answers"],
            m["total"],
            *m["scores"].values(),
            "" if m["nps"] is None else m["nps"],
            "; ".join(m["passed"]),
        ]
        for m in view["members"]
    )
    return write_csv(header, rows)


def team_answers_csv(view: dict[str, Any]) -> str:
    """One row per practice answer, with its id for /override and any override."""
    header = (
        "answer_id team member case step answer style total override override_note "
        "override_by customer product situational created_at"
    ).split()
    rows = (
        [
            a["id"],
            view["team"],
            a["member"],
            a["case_id"],
            a["step"],
            a["text"],
            a["style"],
            a["total"],
            *(
                (a["override"]["total"], a["override"]["note"], a["override"]["by"])
                if a["override"]
                else ("", "", "")
            ),
            *a["scores"].values(),
            a["created_at"],
        ]
        for a in view["answers"]
    )
    return write_csv(header, rows)


# ---------------------------------------------------------------------------- assignments


class People:
    """Users' practice attempts and names, each read once: a report or a sweep looks at the
    same people for every assignment."""

    def __init__(self, storage: Store) -> None:
        self.storage = storage
        self._attempts: dict[int, list[Attempt]] = {}
        self._names: dict[int, str] = {}

    def attempts(self, user_id: int) -> list[Attempt]:
        if user_id not in self._attempts:
            self._attempts[user_id] = self.storage.practice_attempts(user_id)
        return self._attempts[user_id]

    def name(self, user_id: int) -> str:
        if user_id not in self._names:
            user = self.storage.user(user_id)
            self._names[user_id] = user.name if user else str(user_id)
        return self._names[user_id]


def standings(
    storage: Store, assignment: Assignment, people: People | None = None
) -> dict[int, Standing]:
    """Each assignee's progress, by user id: as frozen when the assignment closed, else from
    their practice attempts."""
    people = people or People(storage)
    return {
        a.user_id: a.result or standing(assignment, people.attempts(a.user_id))
        for a in storage.assignees(assignment.id)
    }


def local_time(stored: str, zone: tzinfo) -> str:
    """A stored moment as the config's time zone reads it: 14.11.2026 18:00."""
    return moment(stored).astimezone(zone).strftime("%d.%m.%Y %H:%M")


def tally(results: dict[int, Standing]) -> dict[str, int]:
    """How many assignees there are, finished (or passed), passed and not started."""
    statuses = [s.status for s in results.values()]
    passed = statuses.count(AssigneeStatus.PASSED)
    return {
        "total": len(statuses),
        "done": passed + statuses.count(AssigneeStatus.FINISHED),
        "passed": passed,
        "not_started": statuses.count(AssigneeStatus.NOT_STARTED),
    }


def assignment_view(
    storage: Store,
    book: CaseBook,
    config: Config,
    assignment: Assignment,
    lang: str,
    people: People | None = None,
) -> dict[str, Any]:
    """One assignment as a member x case grid (see the module docstring)."""
    people = people or People(storage)
    results = standings(storage, assignment, people)
    names = {uid: people.name(uid) for uid in results}
    rows = [
        {
            "name": names[uid],
            "status": result.status,
            "overdue": assignment.closed_at is not None and result.status != "passed",
            "passed": result.passed,
            "cells": [
                {"state": c.state, "best": c.best, "attempts": c.attempts} for c in result.cases
            ],
        }
        for uid, result in sorted(results.items(), key=lambda item: names[item[0]].lower())
    ]
    cases = [
        {"id": c.case_id, "title": case_title(book, c.case_id, lang), "pass_mark": c.pass_mark}
        for c in assignment.cases
    ]
    return {
        "id": assignment.id,
        "title": assignment.title_in(lang),
        "kind": assignment.kind,
        "due": local_time(assignment.due, config.zone),
        "timezone": config.timezone,
        "closed": assignment.closed_at is not None,
        "need": assignment.need,
        "cases": cases,
        "rows": rows,
        **tally(results),
    }


ASSIGNMENT_COLUMNS = (
    "team", "assignment", "title", "due", "member", "status", "case", "pass_mark", "state",
    "best", "attempts",
)  # fmt: skip


def assignments_csv(view: dict[str, Any]) -> str:
    """A team's assignments, one row per assignee and case, every cell safe to open in a
    spreadsheet."""
    rows = []
    for a in view["assignments"]:
        for member in a["rows"]:
            for case, cell in zip(a["cases"], member["cells"], strict=True):
                best = "" if cell["best"] is None else cell["best"]
                row = [view["team"], a["id"], a["title"], a["due"], member["name"]]
                row += [member["status"], case["id"], case["pass_mark"], cell["state"], best]
                rows.append([*row, cell["attempts"]])
    return write_csv(list(ASSIGNMENT_COLUMNS), rows)
