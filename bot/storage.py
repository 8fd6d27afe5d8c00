"""Progress in SQLite (sqlite-utils): users, attempts, answers, with migrations and WAL.

Every answer is committed, with the attempt's new dialogue state and the reply it earned,
in one transaction before the bot replies; the Telegram update id is unique, so an update
delivered twice is never scored twice.
"""

from __future__ import annotations

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


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Storage:
    """The bot's database. One instance per process; calls are short and synchronous."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        conn = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_SECONDS, check_same_thread=False)
        self.db = Database(conn)
        if self.path != ":memory:":
            self.db.enable_wal()
        self.db.execute("PRAGMA foreign_keys=ON")
        migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

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
            self.db["users"].insert(row)
        elif (existing["first_name"], existing["username"], existing["telegram_language"]) != (
            first_name,
            username,
            telegram_language,
        ):
            self.db["users"].update(user_id, row)
        return self.user(user_id) or row

    def user(self, user_id: int) -> dict[str, Any] | None:
        rows = list(self.db["users"].rows_where("id = ?", [user_id]))
        return rows[0] if rows else None

    def set_language(self, user_id: int, lang: str) -> None:
        self.db["users"].update(user_id, {"lang": lang, "updated_at": now()})

    # ------------------------------------------------------------------ attempts

    def active_attempt(self, user_id: int) -> dict[str, Any] | None:
        rows = list(
            self.db["attempts"].rows_where(
                "user_id = ? and status = 'active'", [user_id], order_by="id desc", limit=1
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
    ) -> int:
        """Stop any active attempt of the user and open a new one."""
        with self.db.atomic():
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
                }
            )
            return int(table.last_pk)

    def stop_attempt(self, attempt_id: int) -> None:
        self.db["attempts"].update(attempt_id, {"status": "stopped", "finished_at": now()})

    def attempt(self, attempt_id: int) -> dict[str, Any]:
        return self.db["attempts"].get(attempt_id)

    # ------------------------------------------------------------------ answers

    def answer_for_update(self, update_id: int) -> dict[str, Any] | None:
        rows = list(self.db["answers"].rows_where("update_id = ?", [update_id]))
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
    ) -> int:
        """Store a scored answer and the attempt's new state in one transaction.

        `finished` (outcome, result, rating) closes the attempt. Returns the answer id.
        """
        stamp = now()
        with self.db.atomic():
            answer = self.db["answers"].insert(
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
                    "matched": json.dumps(
                        [
                            {"pattern": m.pattern, "dimension": m.dimension, "words": m.words}
                            for m in result.matched
                        ],
                        ensure_ascii=False,
                    ),
                    "violations": json.dumps(
                        [
                            {"id": v.id, "severity": v.severity, "words": v.words}
                            for v in result.violations
                        ],
                        ensure_ascii=False,
                    ),
                    "feedback": json.dumps(list(result.feedback), ensure_ascii=False),
                    "scorer_version": result.scorer_version,
                    "library_version": result.library_version,
                    "update_id": update_id,
                    "chat_id": chat_id,
                    "message_id": message_id,
                    "reply": json.dumps(reply, ensure_ascii=False),
                    "created_at": stamp,
                }
            )
            changes: dict[str, Any] = {"state": state_json}
            if finished is not None:
                average = self.db.execute(
                    "select round(avg(total)) from answers where attempt_id = ?", [attempt_id]
                ).fetchone()[0]
                changes |= finished | {
                    "status": "finished",
                    "finished_at": stamp,
                    "total": int(average or 0),
                }
            self.db["attempts"].update(attempt_id, changes)
            return int(answer.last_pk)

    def mark_replied(self, answer_id: int) -> None:
        self.db["answers"].update(answer_id, {"replied_at": now()})

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


def nps(ratings: list[int]) -> int | None:
    """Net promoter score: % promoters (9-10) minus % detractors (1-6); None without data."""
    if not ratings:
        return None
    promoters = sum(1 for r in ratings if r >= 9)
    detractors = sum(1 for r in ratings if r <= 6)
    return round(100 * (promoters - detractors) / len(ratings))
