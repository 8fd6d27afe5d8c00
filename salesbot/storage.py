"""Progress in SQLite (sqlite-utils): users, attempts, answers, with migrations and WAL.

Every answer is committed, with the attempt's new dialogue state and the reply it earned,
in one transaction before the bot replies; the Telegram update id is unique, so an update
delivered twice is never scored twice.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .engine import DIMENSIONS, ScoreResult

LOCK_TIMEOUT_SECONDS = 5.0  # how long a write waits for another writer before giving up

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


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Storage:
    """The bot's database. One instance per process; calls are short and synchronous."""

    def __init__(self, path: str | Path, lock_timeout: float = LOCK_TIMEOUT_SECONDS):
        self.path = str(path)
        conn = sqlite3.connect(self.path, timeout=lock_timeout, check_same_thread=False)
        self.db = Database(conn)
        if self.path != ":memory:":
            self.db.enable_wal()
            # In WAL mode NORMAL survives an application crash (kill -9); only a power cut
            # may lose the last commits. FULL would add an fsync to every answer.
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    # The hot writes use plain SQL: sqlite-utils' insert and update read the table's schema
    # on every call, which profiling showed as the largest part of the storage time.
    def _insert(self, table: str, row: dict[str, Any]) -> int:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cursor = self.db.execute(
            f"insert into {table} ({columns}) values ({marks})", list(row.values())
        )
        return int(cursor.lastrowid)

    def _update(self, table: str, row_id: int, changes: dict[str, Any]) -> None:
        assignments = ", ".join(f"{column} = ?" for column in changes)
        self.db.execute(
            f"update {table} set {assignments} where id = ?", [*changes.values(), row_id]
        )

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """A write transaction that takes the write lock first (BEGIN IMMEDIATE).

        A plain BEGIN starts as a reader, and SQLite refuses to upgrade a reader while
        another connection writes, at once, without waiting; IMMEDIATE waits up to the
        lock timeout instead.
        """
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def schema_version(self) -> int:
        return len(migrations.applied(self.db))

    # ------------------------------------------------------------------ users

    def upsert_user(
        self,
        user_id: int,
        first_name: str = "",
        username: str | None = None,
        telegram_language: str | None = None,
    ) -> dict[str, Any]:
        """Create or refresh a user from Telegram's profile; returns the row."""
        stamp = now()
        existing = self.user(user_id)
        row = {
            "id": user_id,
            "first_name": first_name,
            "username": username,
            "telegram_language": telegram_language,
            "updated_at": stamp,
        }
        if existing is None:
            row |= {"created_at": stamp, "lang": None}
            with self.write():
                self._insert("users", row)
            return row
        if (existing["first_name"], existing["username"], existing["telegram_language"]) != (
            first_name,
            username,
            telegram_language,
        ):
            with self.write():
                self._update("users", user_id, row)
            return existing | row
        return existing

    def user(self, user_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from users where id = ?", [user_id]))
        return rows[0] if rows else None

    def set_language(self, user_id: int, lang: str) -> None:
        self.db["users"].update(user_id, {"lang": lang, "updated_at": now()})

    # ------------------------------------------------------------------ attempts

    def active_attempt(self, user_id: int) -> dict[str, Any] | None:
        rows = list(
            self.db.query(
                "select * from attempts where user_id = ? and status = 'active' "
                "order by id desc limit 1",
                [user_id],
            )
        )
        return rows[0] if rows else None

    def start_attempt(
        self,
        user_id: int,
        case_id: str,
        case_version: int,
        lang: str,
        state_json: str,
        mode: str = "practice",
        interview_id: int | None = None,
    ) -> int:
        """Stop any active attempt of the user and open a new one."""
        with self.write():
            self.db.execute(
                "update attempts set status = 'stopped', finished_at = ? "
                "where user_id = ? and status = 'active'",
                [now(), user_id],
            )
            table = self.db["attempts"].insert(
                {
                    "user_id": user_id,
                    "case_id": case_id,
                    "case_version": case_version,
                    "lang": lang,
                    "mode": mode,
                    "status": "active",
                    "state": state_json,
                    "started_at": now(),
                    "prompt_at": now(),
                    "interview_id": interview_id,
                }
            )
            return int(table.last_pk)

    def stop_attempt(self, attempt_id: int) -> None:
        self.db["attempts"].update(attempt_id, {"status": "stopped", "finished_at": now()})

    def attempt(self, attempt_id: int) -> dict[str, Any]:
        return self.db["attempts"].get(attempt_id)

    # ------------------------------------------------------------------ answers

    def answer_for_update(self, update_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from answers where update_id = ?", [update_id]))
        return rows[0] if rows else None

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
        state_json: str,
        reply: list[str],
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
        prompt_at = self.db.execute(
            "select prompt_at from attempts where id = ?", [attempt_id]
        ).fetchone()[0]
        seconds = (
            (moment - datetime.fromisoformat(prompt_at)).total_seconds() if prompt_at else None
        )
        evidence = result.to_dict()
        with self.write():
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
                    "update_id": update_id,
                    "chat_id": chat_id,
                    "message_id": message_id,
                    "reply": json.dumps(reply, ensure_ascii=False),
                    "created_at": stamp,
                    "response_seconds": seconds,
                    "over_limit": int(bool(time_limit and seconds and seconds > time_limit)),
                },
            )
            changes: dict[str, Any] = {"state": state_json, "prompt_at": stamp}
            if finished is not None:
                average = self.db.execute(
                    "select round(avg(total)) from answers where attempt_id = ?", [attempt_id]
                ).fetchone()[0]
                changes |= finished | {
                    "status": "finished",
                    "finished_at": stamp,
                    "total": int(average or 0),
                }
            self._update("attempts", attempt_id, changes)
            return answer_id

    def mark_replied(self, answer_id: int) -> None:
        with self.write():
            self.db.execute("update answers set replied_at = ? where id = ?", [now(), answer_id])

    def attempt_answers(self, attempt_id: int) -> list[dict[str, Any]]:
        return list(self.db["answers"].rows_where("attempt_id = ?", [attempt_id], order_by="id"))

    # ------------------------------------------------------------------ progress

    def progress(self, user_id: int) -> dict[str, Any]:
        """Attempts per case (best, latest, trend), style averages and the clients' NPS."""
        cases: dict[str, dict[str, Any]] = {}
        for row in self.db.query(
            "select case_id, status, total from attempts "
            "where user_id = ? and mode = 'practice' order by id",
            [user_id],
        ):
            entry = cases.setdefault(
                row["case_id"], {"attempts": 0, "totals": [], "best": None, "latest": None}
            )
            entry["attempts"] += 1
            if row["status"] == "finished" and row["total"] is not None:
                entry["totals"].append(row["total"])
                entry["best"] = max(entry["best"] or 0, row["total"])
                entry["latest"] = row["total"]
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
        return {
            "cases": cases,
            "answers": averages[0],
            "scores": {d: round(averages[i + 1] or 0) for i, d in enumerate(DIMENSIONS)},
            "total": round(averages[4] or 0),
            "nps": nps(ratings),
            "ratings": len(ratings),
        }

    def export_answers(self, user_id: int | None = None) -> Iterator[dict[str, Any]]:
        where, params = ("where answers.user_id = ?", [user_id]) if user_id else ("", [])
        yield from self.db.query(
            "select answers.id, answers.user_id, users.first_name, answers.case_id, "
            "answers.case_version, answers.step_id, attempts.mode, answers.text, "
            "answers.customer, answers.product, answers.situational, answers.style, "
            "answers.total, answers.matched, answers.violations, answers.feedback, "
            "answers.scorer_version, answers.update_id, answers.message_id, "
            "answers.created_at from answers "
            "join attempts on attempts.id = answers.attempt_id "
            f"left join users on users.id = answers.user_id {where} order by answers.id",
            params,
        )

    # ------------------------------------------------------------------ roles

    def roles(self, user_id: int) -> set[str]:
        return {r["role"] for r in self.db["roles"].rows_where("user_id = ?", [user_id])}

    def grant(self, user_id: int, role: str, by_user: int) -> bool:
        """Give a role; returns False if the user already had it. Every change is logged."""
        with self.write():
            if role in self.roles(user_id):
                return False
            self.db["roles"].insert(
                {"user_id": user_id, "role": role, "granted_by": by_user, "granted_at": now()}
            )
            self._log_role(user_id, role, "grant", by_user)
            return True

    def revoke(self, user_id: int, role: str, by_user: int) -> bool:
        with self.write():
            if role not in self.roles(user_id):
                return False
            self.db.execute("delete from roles where user_id = ? and role = ?", [user_id, role])
            self._log_role(user_id, role, "revoke", by_user)
            return True

    def _log_role(self, user_id: int, role: str, action: str, by_user: int) -> None:
        self.db["role_changes"].insert(
            {"user_id": user_id, "role": role, "action": action, "by_user": by_user, "at": now()}
        )

    def role_changes(self) -> list[dict[str, Any]]:
        return list(self.db["role_changes"].rows_where(order_by="id"))

    def find_user(self, reference: str) -> dict[str, Any] | None:
        """A user by id, @username or exact first name (case-insensitive)."""
        reference = reference.strip()
        if reference.lstrip("-").isdigit():
            return self.user(int(reference))
        name = reference.removeprefix("@").lower()
        rows = list(
            self.db.query(
                "select * from users where lower(username) = ? or lower(first_name) = ? "
                "order by id limit 2",
                [name, name],
            )
        )
        return rows[0] if len(rows) == 1 else None

    # ------------------------------------------------------------------ teams

    def create_team(self, name: str, lead_id: int, invite_code: str) -> int:
        table = self.db["teams"].insert(
            {"name": name, "lead_id": lead_id, "invite_code": invite_code, "created_at": now()}
        )
        return int(table.last_pk)

    def team_by_code(self, code: str) -> dict[str, Any] | None:
        rows = list(self.db["teams"].rows_where("invite_code = ?", [code]))
        return rows[0] if rows else None

    def teams_of_lead(self, lead_id: int) -> list[dict[str, Any]]:
        return list(self.db["teams"].rows_where("lead_id = ?", [lead_id], order_by="id"))

    def join_team(self, team_id: int, user_id: int) -> bool:
        """Add a member; returns False if they were already in the team."""
        if list(
            self.db["team_members"].rows_where("team_id = ? and user_id = ?", [team_id, user_id])
        ):
            return False
        self.db["team_members"].insert({"team_id": team_id, "user_id": user_id, "joined_at": now()})
        return True

    def team_members(self, team_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select users.* from team_members join users on users.id = team_members.user_id "
                "where team_id = ? order by users.first_name, users.id",
                [team_id],
            )
        )

    def leads_of(self, user_id: int) -> set[int]:
        """The leads of every team the user is a member of."""
        return {
            r[0]
            for r in self.db.execute(
                "select teams.lead_id from team_members join teams on teams.id = "
                "team_members.team_id where team_members.user_id = ?",
                [user_id],
            ).fetchall()
        }

    def practice_answers(self, user_id: int, limit: int | None = None) -> list[dict[str, Any]]:
        sql = (
            "select answers.*, attempts.mode from answers join attempts on attempts.id = "
            "answers.attempt_id where answers.user_id = ? and attempts.mode = 'practice' "
            "order by answers.id desc"
        )
        if limit:
            sql += f" limit {int(limit)}"
        return list(self.db.query(sql, [user_id]))

    def practice_attempts(self, user_id: int) -> list[dict[str, Any]]:
        return list(
            self.db["attempts"].rows_where(
                "user_id = ? and mode = 'practice'", [user_id], order_by="id"
            )
        )

    # ------------------------------------------------------------------ interviews

    def create_interview(
        self,
        *,
        code: str,
        hr_id: int,
        candidate_name: str,
        cases: list[str],
        deadline: str,
        time_limit: int | None,
    ) -> int:
        table = self.db["interviews"].insert(
            {
                "code": code,
                "hr_id": hr_id,
                "candidate_name": candidate_name,
                "cases": json.dumps(cases),
                "deadline": deadline,
                "time_limit": time_limit,
                "status": "created",
                "created_at": now(),
            }
        )
        return int(table.last_pk)

    def interview(self, interview_id: int) -> dict[str, Any] | None:
        rows = list(self.db["interviews"].rows_where("id = ?", [interview_id]))
        return rows[0] if rows else None

    def interview_by_code(self, code: str) -> dict[str, Any] | None:
        rows = list(self.db["interviews"].rows_where("code = ?", [code]))
        return rows[0] if rows else None

    def interviews_of(self, hr_id: int) -> list[dict[str, Any]]:
        return list(self.db["interviews"].rows_where("hr_id = ?", [hr_id], order_by="id desc"))

    def claim_interview(self, interview_id: int, user_id: int) -> bool:
        """Bind an unused interview to its candidate; False if someone already used it."""
        with self.write():
            cursor = self.db.execute(
                "update interviews set candidate_user_id = ?, used_at = ?, status = "
                "'in_progress' where id = ? and candidate_user_id is null",
                [user_id, now(), interview_id],
            )
            return cursor.rowcount == 1

    def set_interview_status(self, interview_id: int, status: str) -> None:
        changes: dict[str, Any] = {"status": status}
        if status in ("finished", "stopped"):
            changes["finished_at"] = now()
        self.db["interviews"].update(interview_id, changes)

    def interview_attempts(self, interview_id: int) -> list[dict[str, Any]]:
        return list(
            self.db["attempts"].rows_where("interview_id = ?", [interview_id], order_by="id")
        )

    def set_prompt_time(self, attempt_id: int) -> None:
        self.db["attempts"].update(attempt_id, {"prompt_at": now()})

    # ------------------------------------------------------------------ overrides

    def add_override(self, answer_id: int, total: int, note: str, by_user: int) -> None:
        self.db["overrides"].insert(
            {"answer_id": answer_id, "total": total, "note": note, "by_user": by_user, "at": now()}
        )

    def override_for(self, answer_id: int) -> dict[str, Any] | None:
        rows = list(
            self.db["overrides"].rows_where(
                "answer_id = ?", [answer_id], order_by="id desc", limit=1
            )
        )
        return rows[0] if rows else None

    def answer(self, answer_id: int) -> dict[str, Any] | None:
        rows = list(self.db["answers"].rows_where("id = ?", [answer_id]))
        return rows[0] if rows else None

    # ------------------------------------------------------------------ erasure

    def forget_user(self, user_id: int) -> dict[str, int]:
        """Erase everything about a user from every table; returns rows removed per table."""
        removed: dict[str, int] = {}

        def delete(table: str, where: str, params: list[Any]) -> None:
            cursor = self.db.execute(f"delete from {table} where {where}", params)
            removed[table] = removed.get(table, 0) + cursor.rowcount

        with self.write():
            own_answers = "select id from answers where user_id = ?"
            delete("overrides", f"answer_id in ({own_answers}) or by_user = ?", [user_id, user_id])
            delete("answers", "user_id = ?", [user_id])
            led = "select id from teams where lead_id = ?"
            delete("team_members", f"user_id = ? or team_id in ({led})", [user_id, user_id])
            delete("teams", "lead_id = ?", [user_id])
            self.db.execute(
                "update attempts set interview_id = null where interview_id in "
                "(select id from interviews where hr_id = ?)",
                [user_id],
            )
            delete("interviews", "hr_id = ? or candidate_user_id = ?", [user_id, user_id])
            delete("attempts", "user_id = ?", [user_id])
            delete("roles", "user_id = ? or granted_by = ?", [user_id, user_id])
            delete("role_changes", "user_id = ? or by_user = ?", [user_id, user_id])
            delete("users", "id = ?", [user_id])
        return removed


def nps(ratings: list[int]) -> int | None:
    """Net promoter score: % promoters (9-10) minus % detractors (1-6); None without data."""
    if not ratings:
        return None
    promoters = sum(1 for r in ratings if r >= 9)
    detractors = sum(1 for r in ratings if r <= 6)
    return round(100 * (promoters - detractors) / len(ratings))
