"""Where progress is kept: the `Store` protocol and its SQLite implementation.

The use cases see only `Store`: typed records out (`salesbot/records.py`), never rows.
`SqliteStore` keeps them in one SQLite file with sqlite-utils migrations and WAL; a store
shared by several bot processes (PostgreSQL, say) would be another implementation of the
protocol, not a rewrite of its callers.

Every write goes through `transaction()`: one `BEGIN IMMEDIATE ... COMMIT` that takes the
write lock first. A write method opens its own transaction or joins the one its caller
opened, so a use case can make several writes one commit:

    with store.transaction():
        store.record_answer(...)
        store.start_attempt(...)

An answer is committed, with the attempt's new dialogue state and the reply it earned,
before the bot replies; the Telegram update id is unique, so an update delivered twice is
never scored twice.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .engine import DIMENSIONS, ScoreResult
from .records import (
    Answer,
    Assignee,
    Assignment,
    Attempt,
    CaseProgress,
    Certificate,
    DeadLetter,
    Delivery,
    Interview,
    InterviewStatus,
    Mode,
    OutboxItem,
    Outgoing,
    Override,
    Progress,
    Role,
    RoleChange,
    Standing,
    Status,
    Team,
    User,
    now,
    nps,
)

LOCK_TIMEOUT_SECONDS = 5.0  # how long a write waits for another writer before giving up
KEEP_DAYS = 3  # handled update ids and delivered replies are kept this long (Telegram
# redelivers an unconfirmed update for 24 hours at most)

# The parts of a result kept as JSON beside the columns: the verdict's signals and what the
# learned second opinion did (rules_style, opinion_reasons, opinion_confidence).
_JUDGEMENT = (
    "signals", "met", "missing", "reaction", "rules_style", "opinion_reasons",
    "opinion_confidence",
)  # fmt: skip


class StoreUnavailable(Exception):
    """The database cannot be used at all (a read-only file, a folder that cannot be
    created): the message says which file and why, in one line. `reason` ("read_only",
    "full", "busy", "folder", "other") with `path` and `detail` let a caller say it in the
    user's language."""

    def __init__(self, message: str, reason: str, path: str | Path, detail: str = ""):
        super().__init__(message)
        self.reason, self.path, self.detail = reason, str(path), detail


def trouble(error: BaseException) -> str | None:
    """What keeps the database from writing, when it is the machine's state and not the
    data: "busy" (another program holds the lock), "full" (no space left), "read_only";
    None for any other error. Such a write may succeed later, unchanged."""
    if not isinstance(error, sqlite3.OperationalError):
        return None
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "busy"
    if name == "SQLITE_FULL" or "disk is full" in text:
        return "full"
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return "read_only"
    return None


class Store(Protocol):
    """What the use cases keep and read. Reads return records; every write commits (or
    joins the transaction its caller opened with `transaction()`)."""

    def transaction(self) -> contextlib.AbstractContextManager[None]: ...
    def close(self) -> None: ...

    # ---- users
    def upsert_user(
        self,
        user_id: int,
        first_name: str = "",
        username: str | None = None,
        telegram_language: str | None = None,
    ) -> User: ...
    def user(self, user_id: int) -> User | None: ...
    def users_by_username(self, username: str) -> list[User]: ...
    def set_language(self, user_id: int, lang: str) -> None: ...

    # ---- attempts and answers
    def active_attempt(self, user_id: int) -> Attempt | None: ...
    def attempt(self, attempt_id: int) -> Attempt | None: ...
    def start_attempt(
        self,
        user_id: int,
        case_id: str,
        case_version: int,
        lang: str,
        state: str,
        mode: Mode = Mode.PRACTICE,
        interview_id: int | None = None,
    ) -> int: ...
    def stop_attempt(self, attempt_id: int) -> None: ...
    def attempt_count(self, user_id: int, case_id: str) -> int: ...
    def answer_for_update(self, update_id: int) -> Answer | None: ...
    def record_answer(
        self,
        *,
        attempt_id: int,
        user_id: int,
        update_id: int,
        chat_id: int,
        message_id: int,
        text: str,
        result: ScoreResult,
        state: str,
        reply: Sequence[str],
        finished: dict[str, Any] | None = None,
        time_limit: int | None = None,
    ) -> int: ...
    def mark_replied(self, answer_id: int) -> None: ...
    def answer(self, answer_id: int) -> Answer | None: ...
    def attempt_answers(self, attempt_id: int) -> list[Answer]: ...
    def practice_answers(self, user_id: int, limit: int | None = None) -> list[Answer]: ...
    def practice_attempts(self, user_id: int) -> list[Attempt]: ...
    def progress(self, user_id: int) -> Progress: ...
    def export_answers(self, user_id: int | None = None) -> Iterator[dict[str, Any]]: ...

    # ---- roles
    def roles(self, user_id: int) -> set[Role]: ...
    def grant(self, user_id: int, role: Role, by_user: int) -> bool: ...
    def revoke(self, user_id: int, role: Role, by_user: int) -> bool: ...
    def role_changes(self) -> list[RoleChange]: ...

    # ---- teams
    def create_team(self, name: str, lead_id: int, invite_code: str) -> int: ...
    def team_by_code(self, code: str) -> Team | None: ...
    def teams_of_lead(self, lead_id: int) -> list[Team]: ...
    def leads(self) -> list[int]: ...
    def join_team(self, team_id: int, user_id: int) -> bool: ...
    def team_members(self, team_id: int) -> list[User]: ...

    # ---- interviews
    def create_interview(
        self,
        *,
        code: str,
        hr_id: int,
        candidate_name: str,
        cases: Sequence[str],
        deadline: str,
        time_limit: int | None,
    ) -> int: ...
    def interview(self, interview_id: int) -> Interview | None: ...
    def interview_by_code(self, code: str) -> Interview | None: ...
    def interviews_of(self, hr_id: int) -> list[Interview]: ...
    def claim_interview(self, interview_id: int, user_id: int) -> bool: ...
    def set_interview_status(self, interview_id: int, status: InterviewStatus) -> None: ...
    def interview_attempts(self, interview_id: int) -> list[Attempt]: ...

    # ---- updates: handled once, failures, dead letters
    def update_handled(self, update_id: int) -> bool: ...
    def record_update(self, update_id: int, user_id: int | None, chat_id: int | None) -> None: ...
    def record_failure(
        self, update_id: int, user_id: int | None, chat_id: int | None, payload: str, error: str
    ) -> int: ...
    def bury(self, update_id: int, user_id: int | None, chat_id: int | None) -> None: ...
    def dead_letters(self, limit: int = 20) -> list[DeadLetter]: ...

    # ---- the outbox: every reply, stored before it is sent
    def enqueue(self, messages: Sequence[Outgoing]) -> None: ...
    def due_outbox(self) -> list[tuple[int, float]]: ...
    def next_outbox(self, chat_id: int) -> OutboxItem | None: ...
    def outbox_sending(self, item_id: int, at: float) -> None: ...
    def outbox_retry(self, item_id: int, error: str, next_at: float, status: Delivery) -> None: ...
    def outbox_done(
        self, item_id: int, status: Delivery, message_id: int | None = None, error: str = ""
    ) -> None: ...
    def last_sent_message_id(self, chat_id: int) -> int | None: ...
    def outbox(self, chat_id: int | None = None) -> list[OutboxItem]: ...
    def prune(self, days: int = KEEP_DAYS) -> None: ...

    # ---- overrides and erasure
    def add_override(self, answer_id: int, total: int, note: str, by_user: int) -> None: ...
    def override_for(self, answer_id: int) -> Override | None: ...
    def forget_user(self, user_id: int) -> dict[str, int]: ...

    # ---- wrong invite codes (the lock-out)
    def record_code_failure(self, user_id: int, at: float, keep_since: float) -> None: ...
    def code_failures(self, since: float, user_id: int | None = None) -> list[float]: ...
    # ---- assignments and certificates
    def create_assignment(
        self,
        *,
        team_id: int,
        lead_id: int,
        kind: str,
        target: str,
        title: dict[str, str],
        cases: Sequence[tuple[str, int]],
        need: int,
        due: str,
        created_at: str,
        assignees: Sequence[int],
    ) -> int: ...
    def assignment(self, assignment_id: int) -> Assignment | None: ...
    def team_assignments(self, team_id: int) -> list[Assignment]: ...
    def open_assignments(self) -> list[Assignment]: ...
    def assignees(self, assignment_id: int) -> list[Assignee]: ...
    def assignee(self, assignment_id: int, user_id: int) -> Assignee | None: ...
    def assignments_of(self, user_id: int) -> list[Assignment]: ...
    def mark_reminded(self, assignment_id: int, user_id: int, at: str) -> None: ...
    def mark_passed(self, assignment_id: int, user_id: int, at: str) -> bool: ...
    def close_assignment(
        self, assignment_id: int, at: str, results: dict[int, Standing]
    ) -> bool: ...
    def add_certificate(
        self,
        *,
        code: str,
        user_id: int,
        assignment_id: int,
        track_id: str,
        title: dict[str, str],
        name: str,
        cases: Sequence[tuple[str, dict[str, str], int | None]],
        issued_on: str,
    ) -> int: ...
    def certificate(self, certificate_id: int) -> Certificate | None: ...
    def certificate_by_code(self, code: str) -> Certificate | None: ...
    def certificates_of(self, user_id: int) -> list[Certificate]: ...


# The columns of `salesbot export`, in order; all are the answer's but these two.
EXPORT_COLUMNS = (
    "id", "user_id", "first_name", "case_id", "case_version", "step_id", "mode", "text",
    "customer", "product", "situational", "style", "total", "matched", "violations",
    "feedback", "scorer_version", "update_id", "message_id", "created_at",
)  # fmt: skip
_EXPORT_FROM = {"first_name": "users.first_name", "mode": "attempts.mode"}

migrations = Migrations("salesbot")


@migrations()
def m001_initial(db: Database) -> None:
    db["users"].create(
        {
            "id": int,
            "first_name": str,
            "username": str,
            "telegram_language": str,
            "lang": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
    )
    db["attempts"].create(
        {
            "id": int,
            "user_id": int,
            "case_id": str,
            "case_version": int,
            "lang": str,
            "mode": str,  # practice or exam
            "status": str,  # active, finished, stopped
            "state": str,  # the dialogue state as JSON
            "outcome": str,
            "result": str,  # deal, lost, neutral
            "rating": int,  # the simulated client's 1-10
            "total": int,  # average total of the answers
            "started_at": str,
            "finished_at": str,
        },
        pk="id",
        foreign_keys=[("user_id", "users", "id")],
    )
    db["attempts"].create_index(["user_id", "status"])
    db["answers"].create(
        {
            "id": int,
            "attempt_id": int,
            "user_id": int,
            "case_id": str,
            "case_version": int,
            "step_id": str,
            "text": str,
            "truncated": int,
            "customer": int,
            "product": int,
            "situational": int,
            "style": str,
            "total": int,
            "matched": str,  # JSON: pattern, dimension, words
            "violations": str,  # JSON
            "feedback": str,  # JSON: the tips shown
            "scorer_version": str,
            "library_version": int,
            "update_id": int,
            "chat_id": int,
            "message_id": int,
            "reply": str,  # JSON: the messages the answer earned, to resend after a crash
            "replied_at": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("attempt_id", "attempts", "id"), ("user_id", "users", "id")],
    )
    db["answers"].create_index(["update_id"], unique=True)
    db["answers"].create_index(["user_id", "case_id"])
    db["answers"].create_index(["attempt_id"])


@migrations()
def m002_roles_teams_interviews(db: Database) -> None:
    db["roles"].create(
        {"user_id": int, "role": str, "granted_by": int, "granted_at": str},
        pk=("user_id", "role"),
    )
    db["role_changes"].create(
        {"id": int, "user_id": int, "role": str, "action": str, "by_user": int, "at": str},
        pk="id",
    )
    db["teams"].create(
        {"id": int, "name": str, "lead_id": int, "invite_code": str, "created_at": str},
        pk="id",
    )
    db["teams"].create_index(["invite_code"], unique=True)
    db["team_members"].create(
        {"team_id": int, "user_id": int, "joined_at": str}, pk=("team_id", "user_id")
    )
    db["interviews"].create(
        {
            "id": int,
            "code": str,
            "hr_id": int,
            "candidate_name": str,
            "cases": str,  # JSON list of case ids, played in order
            "deadline": str,
            "time_limit": int,  # seconds per answer, or null
            "status": str,  # created, in_progress, finished, stopped
            "candidate_user_id": int,
            "created_at": str,
            "used_at": str,
            "finished_at": str,
        },
        pk="id",
    )
    db["interviews"].create_index(["code"], unique=True)
    db["overrides"].create(
        {"id": int, "answer_id": int, "total": int, "note": str, "by_user": int, "at": str},
        pk="id",
    )
    db["attempts"].add_column("interview_id", int)
    db["attempts"].add_column("prompt_at", str)  # when the client's current line was sent
    db["answers"].add_column("response_seconds", float)
    db["answers"].add_column("over_limit", int)


@migrations()
def m003_answer_judgement(db: Database) -> None:
    # Scorer 2: what the answer met and missed, the signals behind the verdict, the
    # client's reaction and whether a person should look at it (older rows keep nulls).
    db["answers"].add_column("lang", str)
    db["answers"].add_column("judgement", str)  # JSON: signals, met, missing, reaction
    db["answers"].add_column("review", int)
    db["answers"].add_column("review_reason", str)


@migrations()
def m005_access_guards(db: Database) -> None:
    # Wrong invite codes, per user and in all, for the lock-out (kept for its window only).
    db["code_failures"].create({"id": int, "user_id": int, "at": float}, pk="id")
    db["code_failures"].create_index(["at"])
    db["code_failures"].create_index(["user_id", "at"])
    # Who erased their data: their ids in the role log and in overrides become -pseudonym.
    db["forgotten"].create({"pseudonym": int, "at": str}, pk="pseudonym")
    # Grants go by exact username: Telegram's usernames are ASCII and case-insensitive.
    db.execute("create index idx_users_username_nocase on users (username collate nocase)")


@migrations()
def m006_assignments(db: Database) -> None:
    # Practice a lead assigns to (members of) a team, each assignee's progress once it
    # closes, and the certificates of passed tracks.
    db["assignments"].create(
        {
            "id": int,
            "team_id": int,
            "lead_id": int,
            "kind": str,  # case or track
            "target": str,  # the case or track id
            "title": str,  # JSON: language -> title, as when assigned
            "cases": str,  # JSON: [[case id, pass mark]], in order
            "need": int,  # how many cases must be passed
            "due": str,  # when it closes (UTC)
            "created_at": str,
            "closed_at": str,  # when the lead's summary went out
        },
        pk="id",
    )
    db["assignments"].create_index(["team_id"])
    db["assignments"].create_index(["closed_at"])
    db["assignees"].create(
        {
            "assignment_id": int,
            "user_id": int,
            "reminded_at": str,
            "passed_at": str,
            "result": str,  # JSON: the standing frozen when the assignment closed
        },
        pk=("assignment_id", "user_id"),
    )
    db["assignees"].create_index(["user_id"])
    db["certificates"].create(
        {
            "id": int,
            "code": str,  # the HMAC of the record (salesbot/certificates.py)
            "user_id": int,
            "assignment_id": int,
            "track_id": str,
            "title": str,  # JSON: language -> the track's title
            "name": str,  # the trainee's name when issued
            "cases": str,  # JSON: [[case id, {language: title}, best total]]
            "issued_on": str,  # the date in the config's time zone
            "created_at": str,
        },
        pk="id",
    )
    db["certificates"].create_index(["code"], unique=True)
    db["certificates"].create_index(["user_id"])
    db["certificates"].create_index(["assignment_id", "user_id"], unique=True)


@migrations()
def m007_updates_outbox(db: Database) -> None:
    # Every update handled, recorded in the transaction of its effect: a redelivered
    # update is recognised and never applied twice.
    db["updates"].create(
        {"update_id": int, "user_id": int, "chat_id": int, "status": str, "at": str},
        pk="update_id",
    )
    db["updates"].create_index(["at"])
    # Updates whose handling failed: the latest error and how many times in a row it was
    # the same; `dead` once given up (the dead letters).
    db["failed_updates"].create(
        {
            "update_id": int,
            "user_id": int,
            "chat_id": int,
            "payload": str,
            "error": str,
            "failures": int,
            "dead": int,
            "first_at": str,
            "last_at": str,
        },
        pk="update_id",
    )
    # Every reply, one row per Bot API call, stored before it is sent (see Outgoing).
    db["outbox"].create(
        {
            "id": int,
            "update_id": int,
            "chat_id": int,
            "kind": str,
            "text": str,
            "keyboard": str,
            "edit_message_id": int,
            "filename": str,
            "content": bytes,
            "caption": str,
            "answer_id": int,
            "after_message_id": int,
            "status": str,
            "tries": int,
            "next_at": float,  # Unix time of the next try
            "tried_at": float,  # Unix time the last try began
            "error": str,
            "message_id": int,  # Telegram's, once sent
            "created_at": str,
            "sent_at": str,
        },
        pk="id",
    )
    db.execute(
        "create index outbox_due on outbox (status, id) where status in ('pending', 'sending')"
    )
    db.execute(
        "create index outbox_chat_due on outbox (chat_id, id) "
        "where status in ('pending', 'sending')"
    )
    db["outbox"].create_index(["chat_id", "message_id"])
    db["outbox"].create_index(["created_at"])


class SqliteStore:
    """The `Store` in one SQLite file (or ":memory:"). One instance per process; calls are
    short and synchronous."""

    def __init__(self, path: str | Path, lock_timeout: float = LOCK_TIMEOUT_SECONDS):
        """Open (or create) the database; raises StoreUnavailable, naming the file, when it
        cannot be written at all."""
        self.path = str(path)
        self.created_folder: Path | None = None  # a missing folder this call created
        if self.path != ":memory:":
            self._make_folder(Path(self.path))
        try:
            conn = sqlite3.connect(self.path, timeout=lock_timeout, check_same_thread=False)
            # Transactions are begun and ended by `transaction()` alone, never implicitly.
            conn.isolation_level = None
            self.db = Database(conn)
            self._depth = 0  # nesting of transaction(): only the outermost commits
            if self.path != ":memory:":
                self.db.enable_wal()
                # In WAL mode NORMAL survives an application crash (kill -9); only a power
                # cut may lose the last commits. FULL would add an fsync to every answer.
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            migrations.apply(self.db)
            try:
                self._check_writable()
            except sqlite3.OperationalError as exc:
                if trouble(exc) != "busy":  # a lock held now says nothing about later
                    raise
        except sqlite3.Error as exc:
            reason = trouble(exc) or "other"
            raise StoreUnavailable(self._why(exc), reason, self.path, str(exc)) from exc

    def _make_folder(self, path: Path) -> None:
        folder = path.parent
        if folder.is_dir():
            return
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            detail = str(exc.strerror or exc)
            raise StoreUnavailable(
                f"cannot create the database folder {folder}: {detail}", "folder", folder, detail
            ) from exc
        self.created_folder = folder

    def _check_writable(self) -> None:
        """A read-only database opens and reads as usual; only a write tells (rolled back:
        nothing changes)."""
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA user_version = {int(version)}")
        finally:
            conn.execute("ROLLBACK")

    def _why(self, error: sqlite3.Error) -> str:
        kind = trouble(error)
        if kind == "read_only":
            return (
                f"the database {self.path} is read-only: the bot must be able to write it "
                "and its folder (check the file's owner and permissions)"
            )
        if kind == "full":
            return f"the database {self.path} cannot grow: the disk is full"
        if kind == "busy":
            return f"the database {self.path} is locked by another program"
        return f"cannot open the database {self.path}: {error}"

    def close(self) -> None:
        self.db.close()

    def schema_version(self) -> int:
        return len(migrations.applied(self.db))

    # ------------------------------------------------------------------ the write path

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction that takes the write lock first (BEGIN IMMEDIATE).

        A plain BEGIN starts as a reader, and SQLite refuses to upgrade a reader while
        another connection writes, at once, without waiting; IMMEDIATE waits up to the
        lock timeout instead. Inside an open transaction this joins it.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            # A failed COMMIT (disk full, a lock) may leave the transaction open: end it,
            # so that nothing of it is kept and the next one can begin.
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    # Plain SQL rather than sqlite-utils' insert and update, which read the table's schema
    # on every call (profiling showed that as the largest part of the storage time).
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self.transaction():
            return self.db.execute(sql, list(params))

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self._execute(f"insert into {table} ({columns}) values ({marks})", row.values())
        return int(cursor.lastrowid or 0)

    def _update(self, table: str, row_id: int, changes: dict[str, Any]) -> None:
        assignments = ", ".join(f"{column} = ?" for column in changes)
        self._execute(f"update {table} set {assignments} where id = ?", [*changes.values(), row_id])

    # ------------------------------------------------------------------ reads

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        return self.db.query(sql, list(params))

    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        return next(iter(self._rows(sql, params)), None)

    def _record(self, record: Any, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first row as a record (`record.from_row`), or None."""
        row = self._one(sql, params)
        return record.from_row(row) if row else None

    def _records(self, record: Any, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return [record.from_row(row) for row in self._rows(sql, params)]

    # ------------------------------------------------------------------ users

    def upsert_user(
        self,
        user_id: int,
        first_name: str = "",
        username: str | None = None,
        telegram_language: str | None = None,
    ) -> User:
        """Create or refresh a user from Telegram's profile; returns the record."""
        existing = self.user(user_id)
        if existing is not None and (
            existing.first_name,
            existing.username,
            existing.telegram_language,
        ) == (first_name, username, telegram_language):
            return existing
        stamp = now()
        row = {
            "id": user_id,
            "first_name": first_name,
            "username": username,
            "telegram_language": telegram_language,
            "updated_at": stamp,
        }
        with self.transaction():
            if username:
                # A Telegram username belongs to one account at a time: whoever had it
                # before has changed theirs, so a grant by username cannot reach them.
                self._execute(
                    "update users set username = null "
                    "where username = ? collate nocase and id != ?",
                    [username, user_id],
                )
            if existing is None:
                row |= {"created_at": stamp, "lang": None}
                self._insert("users", row)
            else:
                self._update("users", user_id, row)
                row |= {"created_at": existing.created_at, "lang": existing.lang}
        return User.from_row(row)

    def user(self, user_id: int) -> User | None:
        return self._record(User, "select * from users where id = ?", [user_id])

    def users_by_username(self, username: str) -> list[User]:
        """The users whose Telegram username is exactly `username` (letter case aside, as
        Telegram compares them); more than one only if a username changed hands."""
        return self._records(
            User,
            "select * from users where username = ? collate nocase order by updated_at desc",
            [username.removeprefix("@")],
        )

    def set_language(self, user_id: int, lang: str) -> None:
        self._execute(
            "update users set lang = ?, updated_at = ? where id = ?", [lang, now(), user_id]
        )

    # ------------------------------------------------------------------ attempts

    def active_attempt(self, user_id: int) -> Attempt | None:
        return self._record(
            Attempt,
            "select * from attempts where user_id = ? and status = 'active' "
            "order by id desc limit 1",
            [user_id],
        )

    def attempt(self, attempt_id: int) -> Attempt | None:
        return self._record(Attempt, "select * from attempts where id = ?", [attempt_id])

    def start_attempt(
        self,
        user_id: int,
        case_id: str,
        case_version: int,
        lang: str,
        state: str,
        mode: Mode = Mode.PRACTICE,
        interview_id: int | None = None,
    ) -> int:
        """Stop any active attempt of the user and open a new one."""
        stamp = now()
        with self.transaction():
            self._execute(
                "update attempts set status = 'stopped', finished_at = ? "
                "where user_id = ? and status = 'active'",
                [stamp, user_id],
            )
            return self._insert(
                "attempts",
                {
                    "user_id": user_id,
                    "case_id": case_id,
                    "case_version": case_version,
                    "lang": lang,
                    "mode": mode,
                    "status": Status.ACTIVE,
                    "state": state,
                    "started_at": stamp,
                    "prompt_at": stamp,
                    "interview_id": interview_id,
                },
            )

    def attempt_count(self, user_id: int, case_id: str) -> int:
        """How many attempts the user has opened at a case, in any mode."""
        row = self._one(
            "select count(*) as n from attempts where user_id = ? and case_id = ?",
            [user_id, case_id],
        )
        return int(row["n"]) if row else 0

    def stop_attempt(self, attempt_id: int) -> None:
        self._update("attempts", attempt_id, {"status": Status.STOPPED, "finished_at": now()})

    def practice_attempts(self, user_id: int) -> list[Attempt]:
        return self._records(
            Attempt,
            "select * from attempts where user_id = ? and mode = 'practice' order by id",
            [user_id],
        )

    def interview_attempts(self, interview_id: int) -> list[Attempt]:
        return self._records(
            Attempt, "select * from attempts where interview_id = ? order by id", [interview_id]
        )

    # ------------------------------------------------------------------ answers

    def answer_for_update(self, update_id: int) -> Answer | None:
        return self._record(Answer, "select * from answers where update_id = ?", [update_id])

    def answer(self, answer_id: int) -> Answer | None:
        return self._record(Answer, "select * from answers where id = ?", [answer_id])

    def record_answer(
        self,
        *,
        attempt_id: int,
        user_id: int,
        update_id: int,
        chat_id: int,
        message_id: int,
        text: str,
        result: ScoreResult,
        state: str,
        reply: Sequence[str],
        finished: dict[str, Any] | None = None,
        time_limit: int | None = None,
    ) -> int:
        """Store a scored answer and the attempt's new state in one transaction.

        The time to answer is counted from when the client's line was sent; with a
        `time_limit` (seconds) a slower answer is flagged. `finished` (outcome, result,
        rating) closes the attempt. Returns the answer id.
        """
        moment = datetime.now(UTC)
        stamp = moment.isoformat(timespec="seconds")
        evidence = result.to_dict()
        with self.transaction():
            prompt_at = self.db.execute(
                "select prompt_at from attempts where id = ?", [attempt_id]
            ).fetchone()[0]
            seconds = (
                (moment - datetime.fromisoformat(prompt_at)).total_seconds() if prompt_at else None
            )
            answer_id = self._insert(
                "answers",
                {
                    "attempt_id": attempt_id,
                    "user_id": user_id,
                    "case_id": result.case_id,
                    "case_version": result.case_version,
                    "step_id": result.step_id,
                    "text": text,
                    "truncated": int(result.truncated),
                    **{d: result.scores[d] for d in DIMENSIONS},
                    "style": result.style,
                    "total": result.total,
                    # The result's own JSON form: pattern, dimension, words and spans.
                    "matched": json.dumps(evidence["matched"], ensure_ascii=False),
                    "violations": json.dumps(evidence["violations"], ensure_ascii=False),
                    "feedback": json.dumps(list(result.feedback), ensure_ascii=False),
                    "scorer_version": result.scorer_version,
                    "library_version": result.library_version,
                    "lang": result.lang,
                    "judgement": json.dumps(
                        {k: evidence[k] for k in _JUDGEMENT},
                        ensure_ascii=False,
                    ),
                    "review": int(result.review),
                    "review_reason": result.review_reason,
                    "update_id": update_id,
                    "chat_id": chat_id,
                    "message_id": message_id,
                    "reply": json.dumps(list(reply), ensure_ascii=False),
                    "created_at": stamp,
                    "response_seconds": seconds,
                    "over_limit": int(bool(time_limit and seconds and seconds > time_limit)),
                },
            )
            changes: dict[str, Any] = {"state": state, "prompt_at": stamp}
            if finished is not None:
                average = self.db.execute(
                    "select round(avg(total)) from answers where attempt_id = ?", [attempt_id]
                ).fetchone()[0]
                changes |= finished | {
                    "status": Status.FINISHED,
                    "finished_at": stamp,
                    "total": int(average or 0),
                }
            self._update("attempts", attempt_id, changes)
            return answer_id

    def mark_replied(self, answer_id: int) -> None:
        self._execute("update answers set replied_at = ? where id = ?", [now(), answer_id])

    def attempt_answers(self, attempt_id: int) -> list[Answer]:
        return self._records(
            Answer, "select * from answers where attempt_id = ? order by id", [attempt_id]
        )

    def practice_answers(self, user_id: int, limit: int | None = None) -> list[Answer]:
        """A trainee's practice answers, newest first."""
        sql = (
            "select answers.* from answers join attempts on attempts.id = answers.attempt_id "
            "where answers.user_id = ? and attempts.mode = 'practice' order by answers.id desc"
        )
        if limit:
            sql += f" limit {int(limit)}"
        return self._records(Answer, sql, [user_id])

    # ------------------------------------------------------------------ progress

    def progress(self, user_id: int) -> Progress:
        """Attempts per case (best, latest, trend), style averages and the clients' NPS."""
        cases: dict[str, CaseProgress] = {}
        for row in self._rows(
            "select case_id, status, total from attempts "
            "where user_id = ? and mode = 'practice' order by id",
            [user_id],
        ):
            entry = cases.get(row["case_id"], CaseProgress())
            if row["status"] == Status.FINISHED and row["total"] is not None:
                entry = CaseProgress(
                    entry.attempts + 1,
                    (*entry.totals, row["total"]),
                    max(entry.best or 0, row["total"]),
                    row["total"],
                )
            else:
                entry = CaseProgress(entry.attempts + 1, entry.totals, entry.best, entry.latest)
            cases[row["case_id"]] = entry
        averages = self.db.execute(
            "select count(*), avg(answers.customer), avg(answers.product), "
            "avg(answers.situational), avg(answers.total) "
            "from answers join attempts on attempts.id = answers.attempt_id "
            "where answers.user_id = ? and attempts.mode = 'practice'",
            [user_id],
        ).fetchone()
        ratings = [
            r[0]
            for r in self.db.execute(
                "select rating from attempts where user_id = ? and mode = 'practice' "
                "and status = 'finished' and rating is not null",
                [user_id],
            ).fetchall()
        ]
        return Progress(
            cases=cases,
            answers=averages[0],
            scores={d: round(averages[i + 1] or 0) for i, d in enumerate(DIMENSIONS)},
            total=round(averages[4] or 0),
            nps=nps(ratings),
            ratings=len(ratings),
        )

    def export_answers(self, user_id: int | None = None) -> Iterator[dict[str, Any]]:
        """Every answer with its scores and who gave it, as flat rows for CSV and JSON Lines
        (the keys are EXPORT_COLUMNS)."""
        # user 0 is the terminal's player (salesbot play --db): 0 is a user, not "everyone"
        where, params = (
            ("where answers.user_id = ?", [user_id]) if user_id is not None else ("", [])
        )
        columns = ", ".join(f"{_EXPORT_FROM.get(c, 'answers.' + c)} as {c}" for c in EXPORT_COLUMNS)
        yield from self._rows(
            f"select {columns} from answers "
            "join attempts on attempts.id = answers.attempt_id "
            f"left join users on users.id = answers.user_id {where} order by answers.id",
            params,
        )

    # ------------------------------------------------------------------ roles

    def roles(self, user_id: int) -> set[Role]:
        return {
            Role(r["role"])
            for r in self._rows("select role from roles where user_id = ?", [user_id])
        }

    def grant(self, user_id: int, role: Role, by_user: int) -> bool:
        """Give a role; returns False if the user already had it. Every change is logged."""
        with self.transaction():
            if role in self.roles(user_id):
                return False
            self._insert(
                "roles",
                {"user_id": user_id, "role": role, "granted_by": by_user, "granted_at": now()},
            )
            self._log_role(user_id, role, "grant", by_user)
            return True

    def revoke(self, user_id: int, role: Role, by_user: int) -> bool:
        with self.transaction():
            if role not in self.roles(user_id):
                return False
            self._execute("delete from roles where user_id = ? and role = ?", [user_id, role])
            self._log_role(user_id, role, "revoke", by_user)
            return True

    def _log_role(self, user_id: int, role: Role, action: str, by_user: int) -> None:
        self._insert(
            "role_changes",
            {"user_id": user_id, "role": role, "action": action, "by_user": by_user, "at": now()},
        )

    def role_changes(self) -> list[RoleChange]:
        return self._records(RoleChange, "select * from role_changes order by id")

    # ------------------------------------------------------------------ teams

    def create_team(self, name: str, lead_id: int, invite_code: str) -> int:
        return self._insert(
            "teams",
            {"name": name, "lead_id": lead_id, "invite_code": invite_code, "created_at": now()},
        )

    def team_by_code(self, code: str) -> Team | None:
        return self._record(Team, "select * from teams where invite_code = ?", [code])

    def teams_of_lead(self, lead_id: int) -> list[Team]:
        return self._records(Team, "select * from teams where lead_id = ? order by id", [lead_id])

    def leads(self) -> list[int]:
        """Everyone who leads a team."""
        return [r["lead_id"] for r in self._rows("select distinct lead_id from teams order by 1")]

    def join_team(self, team_id: int, user_id: int) -> bool:
        """Add a member; returns False if they were already in the team."""
        cursor = self._execute(
            "insert or ignore into team_members (team_id, user_id, joined_at) values (?, ?, ?)",
            [team_id, user_id, now()],
        )
        return cursor.rowcount == 1

    def team_members(self, team_id: int) -> list[User]:
        return self._records(
            User,
            "select users.* from team_members join users on users.id = team_members.user_id "
            "where team_id = ? order by users.first_name, users.id",
            [team_id],
        )

    # ------------------------------------------------------------------ interviews

    def create_interview(
        self,
        *,
        code: str,
        hr_id: int,
        candidate_name: str,
        cases: Sequence[str],
        deadline: str,
        time_limit: int | None,
    ) -> int:
        return self._insert(
            "interviews",
            {
                "code": code,
                "hr_id": hr_id,
                "candidate_name": candidate_name,
                "cases": json.dumps(list(cases)),
                "deadline": deadline,
                "time_limit": time_limit,
                "status": InterviewStatus.CREATED,
                "created_at": now(),
            },
        )

    def interview(self, interview_id: int) -> Interview | None:
        return self._record(Interview, "select * from interviews where id = ?", [interview_id])

    def interview_by_code(self, code: str) -> Interview | None:
        return self._record(Interview, "select * from interviews where code = ?", [code])

    def interviews_of(self, hr_id: int) -> list[Interview]:
        return self._records(
            Interview, "select * from interviews where hr_id = ? order by id desc", [hr_id]
        )

    def claim_interview(self, interview_id: int, user_id: int) -> bool:
        """Bind an unused interview to its candidate; False if someone already used it."""
        cursor = self._execute(
            "update interviews set candidate_user_id = ?, used_at = ?, status = ? "
            "where id = ? and candidate_user_id is null",
            [user_id, now(), InterviewStatus.IN_PROGRESS, interview_id],
        )
        return cursor.rowcount == 1

    def set_interview_status(self, interview_id: int, status: InterviewStatus) -> None:
        changes: dict[str, Any] = {"status": status}
        if status in (InterviewStatus.FINISHED, InterviewStatus.STOPPED):
            changes["finished_at"] = now()
        self._update("interviews", interview_id, changes)

    # ------------------------------------------------------------------ updates

    def update_handled(self, update_id: int) -> bool:
        """Whether the update was handled (or given up as a dead letter) before."""
        row = self.db.execute("select 1 from updates where update_id = ?", [update_id]).fetchone()
        return row is not None

    def record_update(self, update_id: int, user_id: int | None, chat_id: int | None) -> None:
        """The update is handled: call it in the transaction of its effect."""
        self._execute(
            "insert into updates (update_id, user_id, chat_id, status, at) "
            "values (?, ?, ?, 'handled', ?)",
            [update_id, user_id, chat_id, now()],
        )

    def record_failure(
        self, update_id: int, user_id: int | None, chat_id: int | None, payload: str, error: str
    ) -> int:
        """Count a failed handling; returns how many times in a row it failed with this
        very error (a different error starts the count again)."""
        stamp = now()
        with self.transaction():
            row = self.db.execute(
                "select error, failures from failed_updates where update_id = ?", [update_id]
            ).fetchone()
            failures = row[1] + 1 if row and row[0] == error else 1
            self.db.execute(
                "insert into failed_updates (update_id, user_id, chat_id, payload, error, "
                "failures, dead, first_at, last_at) values (?, ?, ?, ?, ?, ?, 0, ?, ?) "
                "on conflict (update_id) do update set error = excluded.error, "
                "failures = excluded.failures, last_at = excluded.last_at",
                [update_id, user_id, chat_id, payload, error, failures, stamp, stamp],
            )
        return failures

    def bury(self, update_id: int, user_id: int | None, chat_id: int | None) -> None:
        """Give up a failed update: a dead letter, and handled (never tried again)."""
        with self.transaction():
            self._execute("update failed_updates set dead = 1 where update_id = ?", [update_id])
            self._execute(
                "insert or replace into updates (update_id, user_id, chat_id, status, at) "
                "values (?, ?, ?, 'dead', ?)",
                [update_id, user_id, chat_id, now()],
            )

    def dead_letters(self, limit: int = 20) -> list[DeadLetter]:
        """The updates given up, newest first."""
        return self._records(
            DeadLetter,
            "select * from failed_updates where dead = 1 order by last_at desc, "
            "update_id desc limit ?",
            [limit],
        )

    # ------------------------------------------------------------------ the outbox

    def enqueue(self, messages: Sequence[Outgoing]) -> None:
        """Store replies to send, in order (call it in the transaction of their cause)."""
        stamp = now()
        with self.transaction():
            self.db.conn.executemany(
                "insert into outbox (update_id, chat_id, kind, text, keyboard, "
                "edit_message_id, filename, content, caption, answer_id, after_message_id, "
                "status, tries, next_at, created_at) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?)",
                [
                    (
                        m.update_id,
                        m.chat_id,
                        m.kind,
                        m.text,
                        m.keyboard,
                        m.edit_message_id,
                        m.filename,
                        m.content,
                        m.caption,
                        m.answer_id,
                        m.after_message_id,
                        stamp,
                    )
                    for m in messages
                ],
            )

    def due_outbox(self) -> list[tuple[int, float]]:
        """(chat id, next try as Unix time) of each chat's oldest reply not delivered yet
        (a chat's replies go in order: its oldest decides), oldest first."""
        return [
            (r[0], r[1] or 0.0)
            for r in self.db.execute(
                "select chat_id, next_at from outbox where id in (select min(id) from outbox "
                "where status in ('pending', 'sending') group by chat_id) order by id"
            ).fetchall()
        ]

    def next_outbox(self, chat_id: int) -> OutboxItem | None:
        """The chat's oldest reply not delivered yet (a chat's replies go in order)."""
        return self._record(
            OutboxItem,
            "select * from outbox where chat_id = ? and status in ('pending', 'sending') "
            "order by id limit 1",
            [chat_id],
        )

    def outbox(self, chat_id: int | None = None) -> list[OutboxItem]:
        where, params = ("where chat_id = ?", [chat_id]) if chat_id is not None else ("", [])
        return self._records(OutboxItem, f"select * from outbox {where} order by id", params)

    def outbox_sending(self, item_id: int, at: float) -> None:
        """The reply is being handed to Telegram: from now on, until Telegram answers,
        whether it arrived is unknown (a crash here means: check before resending)."""
        self._execute(
            "update outbox set status = 'sending', tries = tries + 1, tried_at = ? where id = ?",
            [at, item_id],
        )

    def outbox_retry(self, item_id: int, error: str, next_at: float, status: Delivery) -> None:
        self._execute(
            "update outbox set status = ?, error = ?, next_at = ? where id = ?",
            [status, error[:500], next_at, item_id],
        )

    def outbox_done(
        self, item_id: int, status: Delivery, message_id: int | None = None, error: str = ""
    ) -> None:
        """Delivered (with Telegram's message id), refused or expired: never sent again.
        A delivered reply to a stored answer marks the answer replied."""
        with self.transaction():
            self._execute(
                "update outbox set status = ?, message_id = ?, error = ?, sent_at = ?, "
                "content = null where id = ?",
                [status, message_id, error[:500], now(), item_id],
            )
            if status is Delivery.SENT:
                self._execute(
                    "update answers set replied_at = ? where replied_at is null and id = "
                    "(select answer_id from outbox where id = ?)",
                    [now(), item_id],
                )

    def last_sent_message_id(self, chat_id: int) -> int | None:
        row = self.db.execute(
            "select max(message_id) from outbox where chat_id = ? and status = 'sent'",
            [chat_id],
        ).fetchone()
        return row[0] if row else None

    def prune(self, days: int = KEEP_DAYS) -> None:
        """Forget handled update ids and delivered replies older than `days`."""
        before = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
        with self.transaction():
            self._execute("delete from updates where at < ?", [before])
            self._execute(
                "delete from outbox where status not in ('pending', 'sending') and created_at < ?",
                [before],
            )

    # ------------------------------------------------------------------ overrides

    def add_override(self, answer_id: int, total: int, note: str, by_user: int) -> None:
        self._insert(
            "overrides",
            {"answer_id": answer_id, "total": total, "note": note, "by_user": by_user, "at": now()},
        )

    def override_for(self, answer_id: int) -> Override | None:
        """The latest override of an answer."""
        return self._record(
            Override,
            "select * from overrides where answer_id = ? order by id desc limit 1",
            [answer_id],
        )

    # ------------------------------------------------------------------ erasure

    def forget_user(self, user_id: int) -> dict[str, int]:
        """Erase a person, as the README's "Privacy" section promises: their profile, their
        attempts and answers (and corrections of them), team memberships and roles; the
        teams they lead; the interviews they created, with everything candidates answered
        in them; the interviews they were invited to. What others need stays without the
        person: the role log, roles they granted and corrections they made to other
        people's answers name a pseudonym (a negative id) instead.

        Returns the rows removed per table, and "<table> (pseudonymised)" counts."""
        counts: dict[str, int] = {}

        def change(key: str, sql: str, params: list[Any]) -> None:
            rows = self._execute(sql, params).rowcount
            if rows:
                counts[key] = counts.get(key, 0) + rows

        def delete(table: str, where: str, params: list[Any]) -> None:
            change(table, f"delete from {table} where {where}", params)

        me = user_id
        interviews = "select id from interviews where hr_id = ? or candidate_user_id = ?"
        attempts = f"select id from attempts where user_id = ? or interview_id in ({interviews})"
        answers = f"select id from answers where user_id = ? or attempt_id in ({attempts})"
        with self.transaction():
            delete("overrides", f"answer_id in ({answers})", [me, me, me, me])
            delete("answers", f"id in ({answers})", [me, me, me, me])
            delete("attempts", f"id in ({attempts})", [me, me, me])
            delete("interviews", "hr_id = ? or candidate_user_id = ?", [me, me])
            assigned = "select id from assignments where lead_id = ?"
            delete("assignees", f"user_id = ? or assignment_id in ({assigned})", [me, me])
            delete("assignments", "lead_id = ?", [me])
            delete("certificates", "user_id = ?", [me])
            led = "select id from teams where lead_id = ?"
            delete("team_members", f"user_id = ? or team_id in ({led})", [me, me])
            delete("teams", "lead_id = ?", [me])
            delete("roles", "user_id = ?", [me])
            kept = (
                ("role_changes", "user_id"),
                ("role_changes", "by_user"),
                ("roles", "granted_by"),
                ("overrides", "by_user"),
            )
            if any(self._one(f"select 1 from {t} where {c} = ?", [me]) for t, c in kept):
                pseudonym = -self._insert("forgotten", {"at": now()})
                for table, column in kept:
                    change(
                        f"{table} (pseudonymised)",
                        f"update {table} set {column} = ? where {column} = ?",
                        [pseudonym, me],
                    )
            delete("outbox", "chat_id = ?", [me])
            delete("failed_updates", "user_id = ?", [me])
            # The update ids stay (a redelivered update must still be recognised), not whose.
            self._execute(
                "update updates set user_id = null, chat_id = null where user_id = ?", [me]
            )
            delete("users", "id = ?", [me])
        return counts

    # ------------------------------------------------------------------ wrong codes

    def record_code_failure(self, user_id: int, at: float, keep_since: float) -> None:
        """Count a wrong invite code (`at`: Unix time); failures before `keep_since` go."""
        with self.transaction():
            self._execute("delete from code_failures where at < ?", [keep_since])
            self._insert("code_failures", {"user_id": user_id, "at": at})

    def code_failures(self, since: float, user_id: int | None = None) -> list[float]:
        """When wrong codes were tried since `since`, by one user or by anyone; oldest first."""
        where, params = (
            ("and user_id = ?", [since, user_id]) if user_id is not None else ("", [since])
        )
        return [
            r["at"]
            for r in self._rows(
                f"select at from code_failures where at >= ? {where} order by at", params
            )
        ]

    # ------------------------------------------------------------------ assignments

    def create_assignment(
        self,
        *,
        team_id: int,
        lead_id: int,
        kind: str,
        target: str,
        title: dict[str, str],
        cases: Sequence[tuple[str, int]],
        need: int,
        due: str,
        created_at: str,
        assignees: Sequence[int],
    ) -> int:
        """An assignment and its assignees, in one transaction."""
        with self.transaction():
            assignment_id = self._insert(
                "assignments",
                {
                    "team_id": team_id,
                    "lead_id": lead_id,
                    "kind": kind,
                    "target": target,
                    "title": json.dumps(title, ensure_ascii=False),
                    "cases": json.dumps([list(c) for c in cases]),
                    "need": need,
                    "due": due,
                    "created_at": created_at,
                },
            )
            for user_id in dict.fromkeys(assignees):
                self._insert("assignees", {"assignment_id": assignment_id, "user_id": user_id})
            return assignment_id

    def assignment(self, assignment_id: int) -> Assignment | None:
        return self._record(Assignment, "select * from assignments where id = ?", [assignment_id])

    def team_assignments(self, team_id: int) -> list[Assignment]:
        """A team's assignments, the newest first."""
        sql = "select * from assignments where team_id = ? order by id desc"
        return self._records(Assignment, sql, [team_id])

    def open_assignments(self) -> list[Assignment]:
        """Every assignment whose summary has not gone out yet."""
        sql = "select * from assignments where closed_at is null order by id"
        return self._records(Assignment, sql)

    def assignees(self, assignment_id: int) -> list[Assignee]:
        sql = "select * from assignees where assignment_id = ? order by user_id"
        return self._records(Assignee, sql, [assignment_id])

    def assignee(self, assignment_id: int, user_id: int) -> Assignee | None:
        sql = "select * from assignees where assignment_id = ? and user_id = ?"
        return self._record(Assignee, sql, [assignment_id, user_id])

    def assignments_of(self, user_id: int) -> list[Assignment]:
        """What was assigned to a user, the soonest due first."""
        sql = (
            "select assignments.* from assignments join assignees "
            "on assignees.assignment_id = assignments.id "
            "where assignees.user_id = ? order by assignments.due, assignments.id"
        )
        return self._records(Assignment, sql, [user_id])

    def mark_reminded(self, assignment_id: int, user_id: int, at: str) -> None:
        self._execute(
            "update assignees set reminded_at = ? where assignment_id = ? and user_id = ?",
            [at, assignment_id, user_id],
        )

    def mark_passed(self, assignment_id: int, user_id: int, at: str) -> bool:
        """Record that an assignee met the rule; False if that was recorded before."""
        cursor = self._execute(
            "update assignees set passed_at = ? "
            "where assignment_id = ? and user_id = ? and passed_at is null",
            [at, assignment_id, user_id],
        )
        return cursor.rowcount == 1

    def close_assignment(self, assignment_id: int, at: str, results: dict[int, Standing]) -> bool:
        """Close an assignment and freeze each assignee's standing; False if it was closed."""
        with self.transaction():
            cursor = self._execute(
                "update assignments set closed_at = ? where id = ? and closed_at is null",
                [at, assignment_id],
            )
            if cursor.rowcount != 1:
                return False
            for user_id, result in results.items():
                self._execute(
                    "update assignees set result = ? where assignment_id = ? and user_id = ?",
                    [result.to_json(), assignment_id, user_id],
                )
            return True

    # ------------------------------------------------------------------ certificates

    def add_certificate(
        self,
        *,
        code: str,
        user_id: int,
        assignment_id: int,
        track_id: str,
        title: dict[str, str],
        name: str,
        cases: Sequence[tuple[str, dict[str, str], int | None]],
        issued_on: str,
    ) -> int:
        return self._insert(
            "certificates",
            {
                "code": code,
                "user_id": user_id,
                "assignment_id": assignment_id,
                "track_id": track_id,
                "title": json.dumps(title, ensure_ascii=False),
                "name": name,
                "cases": json.dumps([list(c) for c in cases], ensure_ascii=False),
                "issued_on": issued_on,
                "created_at": now(),
            },
        )

    def certificate(self, certificate_id: int) -> Certificate | None:
        sql = "select * from certificates where id = ?"
        return self._record(Certificate, sql, [certificate_id])

    def certificate_by_code(self, code: str) -> Certificate | None:
        return self._record(Certificate, "select * from certificates where code = ?", [code])

    def certificates_of(self, user_id: int) -> list[Certificate]:
        sql = "select * from certificates where user_id = ? order by id desc"
        return self._records(Certificate, sql, [user_id])
