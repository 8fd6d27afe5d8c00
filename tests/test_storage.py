"""The SQLite layer: schema, migrations, idempotent answers, progress, export."""

import json
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner

from salesbot.cli import main
from salesbot.storage import Storage, migrations, nps


@pytest.fixture
def storage(tmp_path):
    store = Storage(tmp_path / "bot.db")
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
        state_json=nxt.state.to_json(),
        reply=["ok"],
    )


def test_a_new_database_gets_every_migration_and_wal(storage):
    assert storage.schema_version() == len(migrations.pending(sqlite_utils.Database(memory=True)))
    assert storage.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert {"users", "attempts", "answers"} <= set(storage.db.table_names())


def test_reopening_applies_nothing_twice(tmp_path):
    Storage(tmp_path / "bot.db").close()
    again = Storage(tmp_path / "bot.db")
    assert again.schema_version() == len(migrations._migrations)
    again.close()


def test_an_update_id_is_stored_once(storage, book):
    play_one(storage, book, update_id=5)
    with pytest.raises(sqlite3.IntegrityError):
        play_one(storage, book, update_id=5)
    assert storage.db["answers"].count == 1
    assert storage.answer_for_update(5)["style"] == "situational"


def test_an_answer_keeps_scores_evidence_and_versions(storage, book):
    answer_id = play_one(storage, book)
    row = storage.db["answers"].get(answer_id)
    assert row["situational"] > row["product"]
    assert any(m["words"] for m in json.loads(row["matched"]))
    assert row["scorer_version"] and row["case_version"] == 1


def test_starting_a_case_stops_the_previous_one(storage, book):
    storage.upsert_user(7, "Анна")
    first = storage.start_attempt(7, "rude-client", 1, "ru", "{}")
    second = storage.start_attempt(7, "price-objection", 1, "ru", "{}")
    assert storage.attempt(first)["status"] == "stopped"
    assert storage.active_attempt(7)["id"] == second


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
