"""The whole bot over HTTP against the fake Bot API: what the fast layer (test_chat_*.py)
cannot show. Polling and confirming updates, a restart and a redelivered batch, the
command menu at start-up, buttons, documents and errors on the wire."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from salesbot.storage import SqliteStore
from tests.botkit import running_bot, say
from tests.staffkit import NASTY_NAME, check_interview_report

ANNA = 501
BORIS = 502
ADMIN, HR, CANDIDATE = 1, 2, 6
GOOD_1 = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
GOOD_2 = "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт."
GOOD_3 = "Да, устроит: оплата через 14 дней после поставки, пропишем это в договоре."
RUDE = "Сами вы бездельник, нечего тут орать!"


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "salesbot.db"


@pytest.fixture
async def bot(api, db_path, book) -> AsyncIterator[SqliteStore]:
    async with running_bot(api, db_path, book, admins=(ADMIN,)) as storage:
        yield storage


# ---------------------------------------------------------------------------- trainees


async def test_the_command_menu_is_registered_in_russian_and_english(api, bot):
    await api.await_calls("setMyCommands", 3)
    ru = {c["command"] for c in api.commands(language_code="ru")}
    en = api.commands(language_code="en")
    assert {"start", "cases", "play", "stop", "progress", "lang", "help"} <= ru
    assert any(c["description"] == "My progress" for c in en)


async def test_cases_are_buttons_that_start_a_case(api, bot):
    [menu] = await say(api, ANNA, "/cases")
    buttons = [b[0] for b in menu["reply_markup"]["inline_keyboard"]]
    assert any(b["callback_data"] == "play:rude-client" for b in buttons)
    assert any("★" in b["text"] for b in buttons)
    api.press_button(ANNA, "play:rude-client", menu["message_id"])
    sent = await api.await_messages(ANNA, 2)
    assert "Бездельники" in sent[-1]["plain_text"]
    assert api.callback_answers()


async def test_a_whole_case_with_feedback_and_a_summary(api, bot):
    await say(api, ANNA, "/play laptop-bulk-order")
    first = await say(api, ANNA, GOOD_1)
    assert "Ситуационный" in first[0]["plain_text"]
    assert "доставка" in first[0]["plain_text"]  # the evidence: the trainee's own words
    assert "Что нужно от нас" in first[0]["plain_text"]  # feedback and client: one message
    await say(api, ANNA, GOOD_2)
    last = await say(api, ANNA, GOOD_3)
    summary = last[-1]["plain_text"]
    assert "Кейс завершён: сделка" in summary and "/10" in summary
    attempt = bot.db.execute("select status, outcome, rating from attempts").fetchone()
    assert attempt[0] == "finished" and attempt[1] == "deal" and attempt[2] >= 8
    assert bot.db["answers"].count == 3


async def test_a_new_application_continues_at_the_same_step(api, db_path, book):
    async with running_bot(api, db_path, book):
        await say(api, ANNA, "/play laptop-bulk-order")
        await say(api, ANNA, GOOD_1)
    async with running_bot(api, db_path, book) as storage:
        await say(api, ANNA, GOOD_2)
        last = await say(api, ANNA, GOOD_3)
        assert "сделка" in last[-1]["plain_text"]
        assert storage.db["answers"].count == 3


async def test_a_redelivered_update_is_not_scored_twice(api, db_path, book):
    async with running_bot(api, db_path, book):
        await say(api, ANNA, "/play laptop-bulk-order")
        await say(api, ANNA, GOOD_1)
        await api.await_updates_consumed()
    api.redeliver_last_batch()  # as if the bot died before confirming the offset
    async with running_bot(api, db_path, book) as storage:
        await api.await_updates_consumed()
        await say(api, ANNA, GOOD_2)
        last = await say(api, ANNA, GOOD_3)
        assert "сделка" in last[-1]["plain_text"]
        assert storage.db["answers"].count == 3
    assert len([m for m in api.sent_messages(ANNA) if "Что нужно от нас" in m["plain_text"]]) == 1


async def test_the_same_update_twice_gives_one_answer(api, bot):
    await say(api, ANNA, "/play rude-client")
    update = api.send_text(ANNA, "Извините! Назовите номер заказа, я проверю.")
    await api.await_messages(ANNA, 2)
    api.send_raw(update)
    await api.await_updates_consumed()
    [reply] = await say(api, ANNA, "/progress")
    assert bot.db["answers"].count == 1
    assert reply


async def test_a_user_who_blocked_the_bot_does_not_stop_it(api, bot):
    api.block_user(BORIS)
    api.send_text(BORIS, "/start")
    await api.await_updates_consumed()
    [reply] = await say(api, ANNA, "/start")
    assert reply["plain_text"]
    assert any(c["status"] == 403 for c in api.calls("sendMessage"))


async def test_a_retry_after_from_telegram_is_waited_out(api, bot):
    api.fail_next("sendMessage", 429, retry_after=1)
    [reply] = await say(api, ANNA, "/start")
    assert "/cases" in reply["plain_text"]
    assert any(c["status"] == 429 for c in api.calls("sendMessage"))


# ---------------------------------------------------------------------------- an interview


async def grant(api, user: int, role: str) -> None:
    [reply] = await say(api, ADMIN, f"/grant {user} {role}")
    assert role in reply["plain_text"]


async def press(api, user: int, data: str, message: dict, expect: int = 0) -> list[dict]:
    before = len(api.sent_messages(user))
    api.press_button(user, data, message["message_id"])
    await api.await_calls("answerCallbackQuery", len(api.callback_answers()) + 1)
    if expect:
        sent = await api.await_messages(user, before + expect, timeout=10)
        return sent[before:]
    return []


async def create_interview(api, cases: list[str], name: str = NASTY_NAME) -> str:
    [picker] = await say(api, HR, "/interview")
    assert "Выберите кейсы" in picker["plain_text"]
    edits = len(api.edits(HR))
    for case in cases:
        api.press_button(HR, f"ivcase:{case}", picker["message_id"])
        edits += 1
        await api.await_calls("editMessageText", edits)
    [ask_name] = await press(api, HR, "ivnext", picker, expect=1)
    assert "зовут кандидата" in ask_name["plain_text"]
    [deadline] = await say(api, HR, name)
    [limit] = await press(api, HR, "ivdays:3", deadline, expect=1)
    [link] = await press(api, HR, "ivlimit:0", limit, expect=1)
    found = re.search(r"https://t\.me/salesbot_test_bot\?start=(iv_[\w-]+)", link["plain_text"])
    assert found, link["plain_text"]
    return found.group(1)


async def test_a_whole_case_interview(api, bot):
    for user, name in ((ADMIN, "Админ"), (HR, "Ольга"), (CANDIDATE, "Кандидат")):
        await say(api, user, "/help", first_name=name)
    await grant(api, HR, "hr")
    code = await create_interview(api, ["laptop-bulk-order", "rude-client"])
    [consent] = await say(api, CANDIDATE, f"/start {code}")
    assert "Что записывается" in consent["plain_text"]
    interview_id = consent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    opening = await press(api, CANDIDATE, interview_id, consent, expect=1)
    assert "Андрей:" in opening[-1]["plain_text"]
    [client] = await say(api, CANDIDATE, GOOD_1)
    assert client["plain_text"].startswith("Андрей:")  # no scores, no tips
    await say(api, CANDIDATE, GOOD_2)
    after_first = await say(api, CANDIDATE, GOOD_3, expect=2)
    assert "Игорь:" in after_first[-1]["plain_text"]  # the next case started by itself
    finish = await say(api, CANDIDATE, RUDE, expect=2)
    assert "Спасибо! Собеседование завершено" in finish[-1]["plain_text"]
    candidate_text = " ".join(m["plain_text"] for m in api.sent_messages(CANDIDATE))
    assert "/100" not in candidate_text and "Ситуация" not in candidate_text

    await api.await_calls("sendDocument", 2)
    check_interview_report(api.sent_messages(HR), api.documents(HR))
    row = bot.db.execute("select status from interviews").fetchone()
    assert row[0] == "finished"
    seconds = [r[0] for r in bot.db.execute("select response_seconds from answers")]
    assert len(seconds) == 4 and all(s is not None and s >= 0 for s in seconds)

    [listing] = await say(api, HR, "/interviews")
    assert "завершено" in listing["plain_text"]
    before = len(api.documents(HR))
    api.press_button(
        HR, listing["reply_markup"]["inline_keyboard"][0][0]["callback_data"], listing["message_id"]
    )
    await api.await_calls("sendDocument", before + 2)
