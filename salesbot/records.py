"""The records the store keeps, as frozen values: users, attempts, answers, interviews, teams,
assignments and certificates.

Every row the store returns is one of these, never a bare dict; the string columns with a
fixed set of values (mode, status, role) are `StrEnum`s, so they compare with plain strings
and print as their values in templates and CSV.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from .engine import DIMENSIONS, ScoreResult


class Mode(StrEnum):
    PRACTICE = "practice"  # a trainee's own case: feedback after each answer
    EXAM = "exam"  # a case of an HR interview: no scores, no tips, no replays


class Status(StrEnum):
    """Of an attempt."""

    ACTIVE = "active"
    FINISHED = "finished"
    STOPPED = "stopped"


class InterviewStatus(StrEnum):
    CREATED = "created"  # the link is not used yet
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    STOPPED = "stopped"


class Role(StrEnum):
    ADMIN = "admin"
    HR = "hr"
    LEAD = "lead"
    TRAINEE = "trainee"  # everyone; never stored


GRANTABLE = (Role.ADMIN, Role.HR, Role.LEAD)


def now() -> str:
    """The current moment as stored: ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class User:
    id: int
    first_name: str = ""
    username: str | None = None
    telegram_language: str | None = None
    lang: str | None = None  # chosen with /lang
    created_at: str = ""
    updated_at: str = ""

    @property
    def name(self) -> str:
        """How reports and messages call the user: first name, else @username, else the id."""
        return self.first_name or self.username or str(self.id)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> User:
        return cls(
            row["id"],
            row["first_name"] or "",
            row["username"],
            row["telegram_language"],
            row["lang"],
            row["created_at"] or "",
            row["updated_at"] or "",
        )


@dataclass(frozen=True, slots=True)
class Attempt:
    """One play of a case, practice or exam, with the dialogue state as JSON."""

    id: int
    user_id: int
    case_id: str
    case_version: int
    lang: str
    mode: Mode
    status: Status
    state: str
    outcome: str | None = None
    result: str | None = None  # deal, lost, neutral
    rating: int | None = None  # the simulated client's 1-10
    total: int | None = None  # the average total of the answers, once finished
    started_at: str = ""
    finished_at: str | None = None
    interview_id: int | None = None
    prompt_at: str | None = None  # when the client's current line was sent

    @property
    def exam(self) -> bool:
        return self.mode is Mode.EXAM

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Attempt:
        return cls(
            row["id"],
            row["user_id"],
            row["case_id"],
            row["case_version"],
            row["lang"],
            Mode(row["mode"]),
            Status(row["status"]),
            row["state"],
            row["outcome"],
            row["result"],
            row["rating"],
            row["total"],
            row["started_at"] or "",
            row["finished_at"],
            row["interview_id"],
            row["prompt_at"],
        )


@dataclass(frozen=True, slots=True)
class Answer:
    """A scored answer with its evidence and the reply it earned."""

    id: int
    attempt_id: int
    user_id: int
    case_id: str
    case_version: int
    step_id: str
    text: str
    scores: dict[str, int]
    style: str
    total: int
    matched: tuple[dict[str, Any], ...]  # ScoreResult.to_dict()["matched"]
    violations: tuple[dict[str, Any], ...]
    feedback: tuple[str, ...]
    truncated: bool = False
    scorer_version: str = ""
    library_version: int = 0
    update_id: int | None = None
    chat_id: int | None = None
    message_id: int | None = None
    reply: tuple[str, ...] = ()  # the parts of the reply, kept to resend after a crash
    replied_at: str | None = None
    created_at: str = ""
    response_seconds: float | None = None
    over_limit: bool = False
    lang: str = ""
    # Scorer 2 and later: signals, met, missing, reaction, and what the second opinion did
    # (empty for older answers).
    judgement: dict[str, Any] = field(default_factory=dict)
    review: bool = False  # the scorer's signals conflict: a person should look at it
    review_reason: str = ""

    def result(self, lang: str = "") -> ScoreResult:
        """The answer's score as the engine gave it."""
        return ScoreResult.from_dict(
            {
                **self.judgement,
                "review": self.review,
                "review_reason": self.review_reason,
                "case_id": self.case_id,
                "case_version": self.case_version,
                "step_id": self.step_id,
                "lang": lang or self.lang,
                "scores": self.scores,
                "style": self.style,
                "total": self.total,
                "matched": self.matched,
                "violations": self.violations,
                "feedback": self.feedback,
                "truncated": self.truncated,
                "scorer_version": self.scorer_version,
                "library_version": self.library_version,
            }
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Answer:
        return cls(
            id=row["id"],
            attempt_id=row["attempt_id"],
            user_id=row["user_id"],
            case_id=row["case_id"],
            case_version=row["case_version"],
            step_id=row["step_id"],
            text=row["text"],
            scores={d: row[d] for d in DIMENSIONS},
            style=row["style"],
            total=row["total"],
            matched=tuple(json.loads(row["matched"] or "[]")),
            violations=tuple(json.loads(row["violations"] or "[]")),
            feedback=tuple(json.loads(row["feedback"] or "[]")),
            truncated=bool(row["truncated"]),
            scorer_version=row["scorer_version"] or "",
            library_version=row["library_version"] or 0,
            update_id=row["update_id"],
            chat_id=row["chat_id"],
            message_id=row["message_id"],
            reply=tuple(json.loads(row["reply"] or "[]")),
            replied_at=row["replied_at"],
            created_at=row["created_at"] or "",
            response_seconds=row["response_seconds"],
            over_limit=bool(row["over_limit"]),
            lang=row.get("lang") or "",
            judgement=json.loads(row.get("judgement") or "{}"),
            review=bool(row.get("review")),
            review_reason=row.get("review_reason") or "",
        )


@dataclass(frozen=True, slots=True)
class Interview:
    """An HR case interview: a single-use link for one candidate and the cases to play."""

    id: int
    code: str
    hr_id: int
    candidate_name: str
    cases: tuple[str, ...]  # played in this order
    deadline: str  # ISO 8601, UTC
    time_limit: int | None  # seconds per answer
    status: InterviewStatus
    candidate_user_id: int | None = None
    created_at: str = ""
    used_at: str | None = None
    finished_at: str | None = None

    def expired(self, moment: datetime | None = None) -> bool:
        """Whether the link is past its deadline (stored in UTC)."""
        deadline = datetime.fromisoformat(self.deadline)
        if deadline.tzinfo is None:
            deadline = deadline.replace(tzinfo=UTC)
        return deadline < (moment or datetime.now(UTC))

    @property
    def over(self) -> bool:
        return self.status in (InterviewStatus.FINISHED, InterviewStatus.STOPPED)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Interview:
        return cls(
            row["id"],
            row["code"],
            row["hr_id"],
            row["candidate_name"],
            tuple(json.loads(row["cases"] or "[]")),
            row["deadline"],
            row["time_limit"],
            InterviewStatus(row["status"]),
            row["candidate_user_id"],
            row["created_at"] or "",
            row["used_at"],
            row["finished_at"],
        )


@dataclass(frozen=True, slots=True)
class Team:
    id: int
    name: str
    lead_id: int
    invite_code: str
    created_at: str = ""

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Team:
        return cls(row["id"], row["name"], row["lead_id"], row["invite_code"], row["created_at"])


@dataclass(frozen=True, slots=True)
class Override:
    """A lead's or HR's correction of an answer's total; reports show both."""

    id: int
    answer_id: int
    total: int
    note: str
    by_user: int
    at: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Override:
        return cls(
            row["id"], row["answer_id"], row["total"], row["note"], row["by_user"], row["at"]
        )


@dataclass(frozen=True, slots=True)
class RoleChange:
    id: int
    user_id: int
    role: Role
    action: str  # grant or revoke
    by_user: int
    at: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> RoleChange:
        return cls(
            row["id"], row["user_id"], Role(row["role"]), row["action"], row["by_user"], row["at"]
        )


@dataclass(frozen=True, slots=True)
class CaseProgress:
    attempts: int = 0
    totals: tuple[int, ...] = ()  # of the finished attempts, oldest first
    best: int | None = None
    latest: int | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    """A trainee's practice: attempts per case, style averages, the clients' NPS."""

    cases: dict[str, CaseProgress] = field(default_factory=dict)
    answers: int = 0
    scores: dict[str, int] = field(default_factory=dict)
    total: int = 0
    nps: int | None = None
    ratings: int = 0


def nps(ratings: list[int]) -> int | None:
    """Net promoter score: % promoters (9-10) minus % detractors (1-6); None without data."""
    if not ratings:
        return None
    promoters = sum(1 for r in ratings if r >= 9)
    detractors = sum(1 for r in ratings if r <= 6)
    return round(100 * (promoters - detractors) / len(ratings))


# ---------------------------------------------------------------------------- assignments


class CaseState(StrEnum):
    """How far an assignee got with one case of an assignment."""

    NOT_STARTED = "not_started"
    TRIED = "tried"  # played (perhaps not to the end), not passed yet
    PASSED = "passed"  # a finished attempt's total reached the pass mark


class AssigneeStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"  # every case played to the end, the rule not met
    PASSED = "passed"  # the rule met: all cases, or as many as the track asks


def stamp(moment: datetime) -> str:
    """A moment as stored (`now()`'s format): ISO 8601 in UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@lru_cache(maxsize=8192)  # the same attempts are looked at for every assignment
def moment(stored: str) -> datetime:
    """A stored stamp as an aware datetime (UTC when stored without a zone)."""
    value = datetime.fromisoformat(stored)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class AssignedCase:
    case_id: str
    pass_mark: int


@dataclass(frozen=True, slots=True)
class Assignment:
    """Practice a lead set for (some of) a team: one case or a track, with a due moment.

    What is assigned is copied in when it is created (titles, cases, pass marks, the rule):
    editing a track or the config later does not move the goalposts."""

    id: int
    team_id: int
    lead_id: int
    kind: str  # "case" or "track"
    target: str  # the case or track id
    title: dict[str, str]  # language -> title
    cases: tuple[AssignedCase, ...]
    need: int  # cases to pass
    due: str  # the moment it closes, stored in UTC
    created_at: str
    closed_at: str | None = None  # when the lead's summary went out

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or next(iter(self.title.values()), self.target)

    @property
    def case_ids(self) -> tuple[str, ...]:
        return tuple(c.case_id for c in self.cases)

    def open_at(self, at: datetime) -> bool:
        """Whether practice still counts: not closed and before the due moment."""
        return self.closed_at is None and at < moment(self.due)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Assignment:
        return cls(
            row["id"],
            row["team_id"],
            row["lead_id"],
            row["kind"],
            row["target"],
            json.loads(row["title"]),
            tuple(AssignedCase(c, m) for c, m in json.loads(row["cases"])),
            row["need"],
            row["due"],
            row["created_at"],
            row["closed_at"],
        )


@dataclass(frozen=True, slots=True)
class CaseStanding:
    case_id: str
    state: CaseState
    best: int | None = None  # the best total of a finished attempt in time
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class Standing:
    """An assignee's progress on an assignment."""

    cases: tuple[CaseStanding, ...]
    status: AssigneeStatus
    passed: int  # cases passed

    def to_json(self) -> str:
        return json.dumps(
            {
                "status": self.status,
                "cases": [[c.case_id, c.state, c.best, c.attempts] for c in self.cases],
            }
        )

    @classmethod
    def from_json(cls, text: str) -> Standing:
        data = json.loads(text)
        cases = tuple(CaseStanding(c, CaseState(s), b, n) for c, s, b, n in data["cases"])
        passed = sum(1 for c in cases if c.state is CaseState.PASSED)
        return cls(cases, AssigneeStatus(data["status"]), passed)


def standing(assignment: Assignment, attempts: Iterable[Attempt]) -> Standing:
    """Progress from the assignee's practice attempts started since the assignment was made:
    a case is passed by an attempt finished by the due moment whose total reaches its pass
    mark; replays until then count."""
    since, due = moment(assignment.created_at), moment(assignment.due)
    played: dict[str, list[Attempt]] = {}
    wanted = set(assignment.case_ids)
    for attempt in attempts:
        if (
            attempt.case_id in wanted
            and attempt.mode is Mode.PRACTICE
            and moment(attempt.started_at) >= since
        ):
            played.setdefault(attempt.case_id, []).append(attempt)
    cases = []
    for entry in assignment.cases:
        mine = played.get(entry.case_id, [])
        totals = [
            a.total
            for a in mine
            if a.status is Status.FINISHED
            and a.total is not None
            and a.finished_at
            and moment(a.finished_at) <= due
        ]
        best = max(totals) if totals else None
        if best is not None and best >= entry.pass_mark:
            state = CaseState.PASSED
        else:
            state = CaseState.TRIED if mine else CaseState.NOT_STARTED
        cases.append(CaseStanding(entry.case_id, state, best, len(mine)))
    passed = sum(1 for c in cases if c.state is CaseState.PASSED)
    every_case_played = all(c.best is not None for c in cases)
    if passed >= assignment.need:
        status = AssigneeStatus.PASSED
    elif every_case_played:
        status = AssigneeStatus.FINISHED
    elif any(c.attempts for c in cases):
        status = AssigneeStatus.IN_PROGRESS
    else:
        status = AssigneeStatus.NOT_STARTED
    return Standing(tuple(cases), status, passed)


@dataclass(frozen=True, slots=True)
class Assignee:
    assignment_id: int
    user_id: int
    reminded_at: str | None = None
    passed_at: str | None = None  # when they met the rule (a track's certificate follows)
    result: Standing | None = None  # frozen when the assignment closed

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Assignee:
        result = row["result"]
        return cls(
            row["assignment_id"],
            row["user_id"],
            row["reminded_at"],
            row["passed_at"],
            Standing.from_json(result) if result else None,
        )


@dataclass(frozen=True, slots=True)
class CertifiedCase:
    case_id: str
    title: dict[str, str]
    best: int | None  # None: not played (a track that asks for fewer than all its cases)


@dataclass(frozen=True, slots=True)
class Certificate:
    """A passed track, as certified: the code is an HMAC of `record()` (see certificates)."""

    id: int
    code: str
    user_id: int
    assignment_id: int
    track_id: str
    title: dict[str, str]
    name: str  # the trainee's name when it was issued
    cases: tuple[CertifiedCase, ...]
    issued_on: str  # the date, in the config's time zone

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or next(iter(self.title.values()), self.track_id)

    def record(self) -> dict[str, Any]:
        """What the code certifies, as plain values."""
        return {
            "user": self.user_id,
            "assignment": self.assignment_id,  # the same track passed twice: two codes
            "name": self.name,
            "track": self.track_id,
            "title": self.title,
            "cases": [[c.case_id, c.title, c.best] for c in self.cases],
            "issued_on": self.issued_on,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Certificate:
        return cls(
            row["id"],
            row["code"],
            row["user_id"],
            row["assignment_id"],
            row["track_id"],
            json.loads(row["title"]),
            row["name"],
            tuple(CertifiedCase(c, t, b) for c, t, b in json.loads(row["cases"])),
            row["issued_on"],
        )


# ---------------------------------------------------------------------------- the outbox


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One Bot API call of a reply, kept in the outbox until Telegram takes or refuses it.

    `kind` is "message" (text, HTML), "edit" (replaces the text of `edit_message_id`) or
    "document" (`filename`, `content`, `caption`). `keyboard` is JSON: rows of
    [label, callback data]. `after_message_id` is the newest message known in the chat when
    the reply was composed: a send whose fate is unknown is looked for after it."""

    chat_id: int
    kind: str = "message"
    text: str = ""
    keyboard: str = ""
    edit_message_id: int | None = None
    filename: str = ""
    content: bytes | None = None
    caption: str = ""
    update_id: int | None = None
    answer_id: int | None = None
    after_message_id: int | None = None


class Delivery(StrEnum):
    """Of an outbox row."""

    PENDING = "pending"  # not sent yet
    SENDING = "sending"  # handed to Telegram; whether it arrived is not known yet
    SENT = "sent"
    REFUSED = "refused"  # Telegram refused it for good (400, 403): never retried
    EXPIRED = "expired"  # still not accepted after a day: dropped


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    status: Delivery
    tries: int
    created_at: str
    message: Outgoing
    error: str = ""
    message_id: int | None = None
    next_at: float = 0.0  # Unix time of the next try
    tried_at: float = 0.0  # Unix time the last try began

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> OutboxItem:
        message = Outgoing(
            row["chat_id"],
            row["kind"],
            row["text"] or "",
            row["keyboard"] or "",
            row["edit_message_id"],
            row["filename"] or "",
            row["content"],
            row["caption"] or "",
            row["update_id"],
            row["answer_id"],
            row["after_message_id"],
        )
        return cls(
            row["id"],
            Delivery(row["status"]),
            row["tries"] or 0,
            row["created_at"] or "",
            message,
            row["error"] or "",
            row["message_id"],
            row["next_at"] or 0.0,
            row["tried_at"] or 0.0,
        )


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """An update that failed the same way too many times: kept with its error, confirmed,
    and never handled again."""

    update_id: int
    user_id: int | None
    chat_id: int | None
    error: str
    failures: int
    payload: str  # the update as Telegram sent it (JSON)
    first_at: str
    last_at: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DeadLetter:
        return cls(
            row["update_id"],
            row["user_id"],
            row["chat_id"],
            row["error"] or "",
            row["failures"] or 0,
            row["payload"] or "",
            row["first_at"] or "",
            row["last_at"] or "",
        )
