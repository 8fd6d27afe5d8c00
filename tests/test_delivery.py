"""Every update applied once, every reply delivered once, and nothing that stops the bot:
the bot over HTTP against the fake Bot API, with redeliveries, refusals, faults past every
retry budget, unreadable updates, a flood, and each error message checked against the
state it claims."""

from __future__ import annotations

import asyncio
import sqlite3
import time

import pytest

from salesbot.storage import SqliteStore
from tests.botkit import running_bot, say
from tests.fakebotapi import QUERY_ID_INVALID

ANNA, BORIS, ADMIN = 1101, 1102, 1103
GOOD_1 = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
GOOD_2 = "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт."
NEXT_LINE = "Что нужно от нас"  # the client's line after GOOD_1


def count(api, user: int, fragment: str) -> int:
    return sum(fragment in m["plain_text"] for m in api.sent_messages(user))


def rows(db, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "bot.db"


@pytest.fixture
def quick(monkeypatch):
    """Short back-offs, so that tests go past every retry budget in seconds."""
    from salesbot.tg import outbox, processing

    monkeypatch.setattr(outbox, "BACKOFF_SECONDS", 0.05)
    monkeypatch.setattr(outbox, "MAX_BACKOFF_SECONDS", 0.4)
    monkeypatch.setattr(processing, "RETRY_SECONDS", 0.01)
    monkeypatch.setattr(processing, "TROUBLE_SECONDS", 0.05)


# ---------------------------------------------------------------------------- exactly once


async def test_a_redelivered_play_and_answer_are_not_applied_again(api, db, book):
    async with running_bot(api, db, book):
        play = api.send_text(ANNA, "/play laptop-bulk-order")
        [intro] = await api.await_messages(ANNA, 1)
        api.send_text(ANNA, GOOD_1)
        await api.await_messages(ANNA, 2)
        await api.await_updates_consumed()
    assert len(api.redeliver_last_batch()) == 1  # as if killed before confirming it
    api.send_raw(play)  # and the /play
    async with running_bot(api, db, book):
        await api.await_updates_consumed()
        replies = await say(api, ANNA, GOOD_2)
    assert count(api, ANNA, intro["plain_text"]) == 1  # the intro was not sent twice
    assert count(api, ANNA, NEXT_LINE) == 1
    assert rows(db, "select count(*) from attempts") == [(1,)]  # /play not applied again
    steps = [r[0] for r in rows(db, "select step_id from answers order by id")]
    assert steps == ["ask", "details"]  # the second answer at the second step
    assert replies


async def test_a_redelivered_button_or_staff_command_is_not_applied_again(api, db, book):
    async with running_bot(api, db, book, admins=(ADMIN,)):
        [menu] = await say(api, ANNA, "/cases")
        press = api.press_button(ANNA, "play:rude-client", menu["message_id"])
        await api.await_messages(ANNA, 2)
        grant = api.send_text(ADMIN, f"/grant {ANNA} lead")
        [granted] = await api.await_messages(ADMIN, 1)
        await api.await_updates_consumed()
        api.send_raw(press)  # the same updates again, as after a crash
        api.send_raw(grant)
        await api.await_updates_consumed()
        await say(api, BORIS, "/start")
    assert "lead" in granted["plain_text"]
    assert len(api.sent_messages(ANNA)) == 2 and len(api.sent_messages(ADMIN)) == 1
    assert rows(db, "select count(*) from attempts") == [(1,)]
    assert rows(db, "select count(*) from role_changes") == [(1,)]


async def test_pending_replies_are_sent_after_a_restart_once_each(api, db, book, quick):
    async with running_bot(api, db, book):
        api.fail_next("sendMessage", 502, times=1000)  # Telegram down for sends
        api.send_text(ANNA, "/play laptop-bulk-order")
        api.send_text(BORIS, "/help")
        await api.await_updates_consumed()
        await api.await_calls("sendMessage", 4)
    api.clear_faults()
    assert api.sent_messages() == []
    async with running_bot(api, db, book):
        await api.await_messages(ANNA, 1)
        await api.await_messages(BORIS, 1)
        await asyncio.sleep(0.5)  # time for a second copy, if any were to come
    assert len(api.sent_messages(ANNA)) == 1 and len(api.sent_messages(BORIS)) == 1
    assert rows(db, "select distinct status from outbox") == [("sent",)]


# ---------------------------------------------------------------------------- refusals


async def test_a_bad_request_is_recorded_not_retried_and_the_chat_goes_on(api, db, book):
    refusal = "Bad Request: can't parse entities: unsupported start tag"
    async with running_bot(api, db, book):
        api.fail_next("sendMessage", 400, refusal)
        api.send_text(ANNA, "/help")
        await api.await_calls("sendMessage", 1)
        [reply] = await say(api, ANNA, "/start")  # the next reply still goes out
    assert "/cases" in reply["plain_text"]
    assert len(api.calls("sendMessage")) == 2  # the refused one was not retried
    [(error,)] = rows(db, "select error from outbox where status = 'refused'")
    assert "parse entities: unsupported start tag" in error


async def test_a_blocked_user_is_recorded_not_retried(api, db, book):
    async with running_bot(api, db, book):
        api.block_user(BORIS)
        api.send_text(BORIS, "/start")
        await api.await_updates_consumed()
        await say(api, ANNA, "/start")
    assert sum(c["args"]["chat_id"] == str(BORIS) for c in api.calls("sendMessage")) == 1
    [(status, error)] = rows(db, "select status, error from outbox where chat_id = ?", BORIS)
    assert status == "refused" and "blocked" in error


# ---------------------------------------------------------------------------- past the budgets


@pytest.mark.parametrize(("status", "times"), [(500, 6), (502, 8)])
async def test_server_errors_past_every_retry_budget_still_deliver_once(
    api, db, book, quick, status, times
):
    async with running_bot(api, db, book):
        await say(api, ANNA, "/play laptop-bulk-order")
        api.fail_next("sendMessage", status, times=times)
        api.send_text(ANNA, GOOD_1)
        await api.await_messages(ANNA, 2, timeout=30)
    assert count(api, ANNA, NEXT_LINE) == 1
    assert sum(c["status"] == status for c in api.calls("sendMessage")) == times
    assert rows(db, "select count(*) from answers where replied_at is not null") == [(1,)]


async def test_flood_control_past_the_limiters_retries_still_delivers_once(api, db, book):
    async with running_bot(api, db, book):
        await say(api, ANNA, "/play laptop-bulk-order")
        api.fail_next("sendMessage", 429, retry_after=1, times=7)  # the limiter retries 5
        api.send_text(ANNA, GOOD_1)
        await api.await_messages(ANNA, 2, timeout=40)
    assert count(api, ANNA, NEXT_LINE) == 1


async def test_a_send_that_timed_out_and_arrived_is_checked_not_sent_again(api, db, book):
    async with running_bot(api, db, book):
        await say(api, ANNA, "/play laptop-bulk-order")
        api.delay_next("sendMessage", 7)  # PTB gives up after 5 s; Telegram takes it
        api.send_text(ANNA, GOOD_1)
        await api.await_messages(ANNA, 2, timeout=20)
        await api.await_calls("editMessageReplyMarkup", 1, timeout=20)  # the check
        await say(api, ANNA, GOOD_2)
    assert count(api, ANNA, NEXT_LINE) == 1
    [(status, message_id)] = rows(db, "select status, message_id from outbox where answer_id = 1")
    assert status == "sent" and message_id == api.sent_messages(ANNA)[1]["message_id"]


async def test_a_send_whose_connection_dropped_and_did_not_arrive_is_sent_again(
    api, db, book, quick
):
    async with running_bot(api, db, book):
        await say(api, ANNA, "/play laptop-bulk-order")
        api.disconnect_next("sendMessage")  # the request is lost: fate unknown to the bot
        api.send_text(ANNA, GOOD_1)
        await api.await_messages(ANNA, 2, timeout=20)
    assert count(api, ANNA, NEXT_LINE) == 1
    assert api.calls("editMessageReplyMarkup")  # it was looked for before sending again


# ---------------------------------------------------------------------------- buttons


@pytest.mark.parametrize(
    ("status", "description"), [(500, "Internal Server Error"), (400, QUERY_ID_INVALID)]
)
async def test_a_button_acts_when_the_acknowledgement_fails(api, db, book, status, description):
    async with running_bot(api, db, book):
        [menu] = await say(api, ANNA, "/cases")
        api.fail_next("answerCallbackQuery", status, description)
        api.press_button(ANNA, "play:rude-client", menu["message_id"])
        [intro] = (await api.await_messages(ANNA, 2))[1:]
    assert "Бездельники" in intro["plain_text"]
    assert rows(db, "select case_id from attempts") == [("rude-client",)]


# ---------------------------------------------------------------------------- start-up, polling


async def test_a_bad_gateway_from_get_me_at_start_up_is_waited_out(api, db, book):
    api.fail_next("getMe", 502, times=2)
    async with running_bot(api, db, book):
        [reply] = await say(api, ANNA, "/start")
    assert "/cases" in reply["plain_text"]
    assert [c["status"] for c in api.calls("getMe")][:3] == [502, 502, 200]


@pytest.mark.parametrize("status", [403, 409])
async def test_get_updates_refusals_do_not_stop_the_bot(api, db, book, status):
    async with running_bot(api, db, book):
        api.fail_next("getUpdates", status, times=2)
        [reply] = await say(api, ANNA, "/start")
    assert "/cases" in reply["plain_text"]


def test_a_missing_database_folder_is_created(tmp_path, book):
    path = tmp_path / "data" / "bot" / "salesbot.db"
    store = SqliteStore(path)
    assert path.exists() and store.created_folder == tmp_path / "data" / "bot"
    store.close()


# ---------------------------------------------------------------------------- poison


def message(**fields) -> dict:
    base = {
        "message_id": 50,
        "date": int(time.time()),
        "chat": {"id": ANNA, "type": "private", "first_name": "Анна"},
        "from": {"id": ANNA, "is_bot": False, "first_name": "Анна"},
        "text": "/help",
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


UNREADABLE = {
    "no date": message(date=None),
    "no message_id": message(message_id=None),
    "date as text": message(date="yesterday"),
    "from without first_name": message(**{"from": {"id": ANNA, "is_bot": False}}),
}


async def test_unreadable_updates_become_dead_letters_and_the_bot_goes_on(api, db, book):
    async with running_bot(api, db, book, admins=(ADMIN,)):
        for update in UNREADABLE.values():
            api.send_raw({"message": update})
        [reply] = await say(api, BORIS, "/start")
        await api.await_updates_consumed()
        [listing] = await say(api, ADMIN, "/deadletters")
    assert "/cases" in reply["plain_text"]
    assert len(rows(db, "select * from failed_updates where dead = 1")) == len(UNREADABLE)
    assert "попыток" in listing["plain_text"]
    assert "KeyError" in listing["plain_text"] or "TypeError" in listing["plain_text"]


async def test_malformed_updates_inside_the_handlers_never_stop_the_bot(api, db, book):
    shapes = [
        {"message": message(**{"from": None})},  # no sender
        {
            "callback_query": {
                "id": "1",
                "from": {"id": ANNA, "is_bot": False, "first_name": "Анна"},
                "chat_instance": "1",
                "data": "play:rude-client",
            }
        },  # no message
        {"message": message(text="Ответ \ud800 с обломком", entities=None)},  # lone surrogate
        {"message": message(**{"from": {"id": ANNA, "is_bot": False, "first_name": "\udc00Анна"}})},
        {"message": message(text=12345, entities=None)},  # text as a number
        {
            "message": message(
                **{"from": {"id": 77, "is_bot": True, "first_name": "Bot"}},
                text="/play rude-client",
                entities=[{"type": "bot_command", "offset": 0, "length": 5}],
            )
        },
        {
            "message": message(**{"from": {"id": str(ANNA), "is_bot": False, "first_name": "Анна"}})
        },  # id as text
    ]
    async with running_bot(api, db, book):
        for shape in shapes:
            api.send_raw(shape)
        await api.await_updates_consumed(timeout=30)
        [reply] = await say(api, BORIS, "/start")
    assert "/cases" in reply["plain_text"]
    assert rows(db, "select count(*) from users where id = 77") == [(0,)]  # bots ignored
    handled = {r[0] for r in rows(db, "select update_id from updates")}
    assert len(handled) == len(shapes) + 1  # each one confirmed and recorded


async def test_an_update_that_keeps_failing_is_a_dead_letter_and_the_user_is_told(
    api, db, book, quick
):
    async with running_bot(api, db, book, admins=(ADMIN,)) as store:
        await say(api, ANNA, "/play laptop-bulk-order")
        real = store.record_answer

        def broken(**kwargs):
            if kwargs["text"] == "сломанный ответ":
                raise ValueError("a bug in scoring this answer")
            return real(**kwargs)

        store.record_answer = broken
        [apology] = await say(api, ANNA, "сломанный ответ")
        store.record_answer = real
        replies = await say(api, ANNA, GOOD_1)
    assert "ничего из него не сохранено" in apology["plain_text"]
    assert rows(db, "select count(*) from answers") == [(1,)]  # true: nothing was saved
    [(failures, error)] = rows(db, "select failures, error from failed_updates where dead = 1")
    assert failures == 3 and "a bug in scoring" in error
    assert NEXT_LINE in replies[-1]["plain_text"]


# ---------------------------------------------------------------------------- true messages


async def test_a_full_disk_is_said_truthfully_and_the_message_waits(api, db, book, quick):
    async with running_bot(api, db, book) as store:
        await say(api, ANNA, "/play laptop-bulk-order")
        pages = store.db.execute("pragma page_count").fetchone()[0]
        store.db.execute(f"pragma max_page_count = {pages}")  # SQLite: "database or disk is full"
        [notice] = await say(api, ANNA, GOOD_1 + " " + "подробно " * 3000)
        assert "закончилось место на диске" in notice["plain_text"]
        assert store.db.execute("select count(*) from answers").fetchone()[0] == 0
        store.db.execute("pragma max_page_count = 1073741823")  # space again
        sent = await api.await_messages(ANNA, 3, timeout=20)
    assert "Ситуационный" in sent[-1]["plain_text"] or NEXT_LINE in sent[-1]["plain_text"]
    assert rows(db, "select count(*) from answers") == [(1,)]


async def test_a_database_become_read_only_is_said_truthfully_and_the_message_waits(
    api, db, book, quick
):
    async with running_bot(api, db, book) as store:
        await say(api, ANNA, "/play laptop-bulk-order")
        store.db.execute("pragma query_only = on")  # SQLite: "attempt to write a readonly database"
        [notice] = await say(api, ANNA, GOOD_1)
        assert "доступна только для чтения" in notice["plain_text"]
        assert store.db.execute("select count(*) from answers").fetchone()[0] == 0
        store.db.execute("pragma query_only = off")
        sent = await api.await_messages(ANNA, 3, timeout=20)
    assert NEXT_LINE in sent[-1]["plain_text"]
    assert rows(db, "select count(*) from answers") == [(1,)]


# ---------------------------------------------------------------------------- fairness


async def test_one_users_flood_does_not_delay_another_users_help(api, db, book):
    api.latency = 0.1  # Telegram's round trip
    async with running_bot(api, db, book):
        for number in range(134):
            api.send_text(ANNA, f"сообщение {number}")
        await api.await_messages(ANNA, 1, timeout=20)
        started = time.monotonic()
        [reply] = await say(api, BORIS, "/help")
        waited = time.monotonic() - started
        flood_done = len(api.sent_messages(ANNA))
    print(f"\n/help answered in {waited:.2f} s during a flood of 134 messages")
    assert "/play" in reply["plain_text"]
    assert flood_done < 134  # the flood was still being answered ...
    assert waited < 2.0  # ... and /help did not wait for it (14 s one after another)
