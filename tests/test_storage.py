"""The SQLite layer: schema, migrations, idempotent answers, progress, export."""

import json
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner

from salesbot.cli import main
from salesbot.records import nps
from salesbot.storage import SqliteStore, migrations


@pytest.fixture
def storage(tmp_path):
    store = SqliteStore(tmp_path / "bot.db")
    yield store
    store.close()


def play_one(storage, book, update_id=1, text="Доставим в среду, настроим в четверг."):
    from salesbot.engine import advance, start_dialogue

    case = book.case("laptop-bulk-order")
    storage.upsert_user(7, "Анна", "anna", "ru")
    turn = start_dialogue(case, "ru")
    attempt = storage.start_attempt(7, case.id, case.version, "ru", turn.state.to_json())
    result = book.scorer.score_answer(case, turn.state.step_id, text, "ru")
    nxt = advance(case, turn.state, result)
    return storage.record_answer(
        attempt_id=attempt,
        user_id=7,
        update_id=update_id,
        chat_id=7,
        message_id=10,
        text=text,
        result=result,
        state=nxt.state.to_json(),
        reply=["ok"],
    )


def test_a_new_database_gets_every_migration_and_wal(storage):
    assert storage.schema_version() == len(migrations.pending(sqlite_utils.Database(memory=True)))
    assert storage.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert {"users", "attempts", "answers"} <= set(storage.db.table_names())


def test_reopening_applies_nothing_twice(tmp_path):
    SqliteStore(tmp_path / "bot.db").close()
    again = SqliteStore(tmp_path / "bot.db")
    assert again.schema_version() == len(migrations._migrations)
    again.close()


def test_an_update_id_is_stored_once(storage, book):
    play_one(storage, book, update_id=5)
    with pytest.raises(sqlite3.IntegrityError):
        play_one(storage, book, update_id=5)
    assert storage.db["answers"].count == 1
    assert storage.answer_for_update(5).style == "situational"


def test_an_answer_keeps_scores_evidence_and_versions(storage, book):
    answer_id = play_one(storage, book)
    row = storage.db["answers"].get(answer_id)
    assert row["situational"] > row["product"]
    assert any(m["words"] for m in json.loads(row["matched"]))
    assert row["scorer_version"] and row["case_version"] == book.case("laptop-bulk-order").version


def test_an_answer_keeps_what_it_met_and_missed(storage, book):
    answer_id = play_one(storage, book, text="Доставим в среду.")
    result = storage.answer(answer_id).result()
    assert result.met and result.missing
    assert result == book.score(book.case("laptop-bulk-order"), "ask", "Доставим в среду.", "ru")


def test_starting_a_case_stops_the_previous_one(storage, book):
    storage.upsert_user(7, "Анна")
    first = storage.start_attempt(7, "rude-client", 1, "ru", "{}")
    second = storage.start_attempt(7, "price-objection", 1, "ru", "{}")
    assert storage.attempt(first).status == "stopped"
    assert storage.active_attempt(7).id == second


def test_nps_counts_promoters_minus_detractors():
    assert nps([10, 9, 8, 3]) == 25
    assert nps([]) is None


def test_export_writes_csv_and_jsonl(storage, book, tmp_path):
    play_one(storage, book)
    config = tmp_path / "config.yaml"
    config.write_text(f"storage:\n  path: {tmp_path / 'bot.db'}\n")
    runner = CliRunner()
    csv_out = runner.invoke(main, ["export", "--config", str(config)])
    assert csv_out.exit_code == 0
    header, row = csv_out.output.splitlines()[:2]
    assert "situational" in header and "Доставим" in row
    jsonl = runner.invoke(
        main, ["export", "--format", "jsonl", "--user", "7", "--config", str(config)]
    )
    assert json.loads(jsonl.output.splitlines()[0])["case_id"] == "laptop-bulk-order"
    nobody = runner.invoke(
        main, ["export", "--format", "jsonl", "--user", "8", "--config", str(config)]
    )
    assert nobody.output == ""


def test_writes_in_one_transaction_commit_or_roll_back_together(storage):
    storage.upsert_user(7, "Анна")
    with pytest.raises(RuntimeError), storage.transaction():
        storage.start_attempt(7, "rude-client", 1, "ru", "{}")
        storage.set_language(7, "en")
        raise RuntimeError("the second half of the work failed")
    assert storage.active_attempt(7) is None and storage.user(7).lang is None
    with storage.transaction():
        storage.start_attempt(7, "rude-client", 1, "ru", "{}")
        storage.set_language(7, "en")
    assert storage.active_attempt(7) is not None and storage.user(7).lang == "en"


def test_every_write_goes_through_the_transaction(storage, book, monkeypatch):
    """No statement that changes data runs outside `transaction()`."""
    outside = []
    execute = storage.db.execute

    def watched(sql, *args, **kwargs):
        verb = sql.lstrip().split(None, 1)[0].lower()
        if verb in ("insert", "update", "delete", "replace") and not storage._depth:
            outside.append(sql)
        return execute(sql, *args, **kwargs)

    monkeypatch.setattr(storage.db, "execute", watched)
    answer_id = play_one(storage, book)
    storage.mark_replied(answer_id)
    storage.set_language(7, "en")
    storage.grant(7, "lead", 1)
    team = storage.create_team("T", 7, "code")
    assert storage.join_team(team, 7) and not storage.join_team(team, 7)
    interview = storage.create_interview(
        code="c",
        hr_id=7,
        candidate_name="X",
        cases=["rude-client"],
        deadline="2030-01-01",
        time_limit=None,
    )
    storage.claim_interview(interview, 8)
    storage.set_interview_status(interview, "finished")
    storage.add_override(answer_id, 50, "note", 7)
    storage.revoke(7, "lead", 1)
    storage.forget_user(7)
    assert outside == []
