"""The real Application against the fake Bot API server over HTTP: trainees play cases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from salesbot.storage import SqliteStore
from tests.botkit import running_bot, say

ANNA = 501
BORIS = 502
GOOD_1 = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
GOOD_2 = "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт."


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "salesbot.db"


@pytest.fixture
async def bot(api, db_path, book) -> AsyncIterator[SqliteStore]:
    async with running_bot(api, db_path, book) as storage:
        yield storage


# ---------------------------------------------------------------------------- menu, start


async def test_the_command_menu_is_registered_in_russian_and_english(api, bot):
    await api.await_calls("setMyCommands", 3)
    ru = {c["command"] for c in api.commands(language_code="ru")}
    en = api.commands(language_code="en")
    assert {"start", "cases", "play", "stop", "progress", "lang", "help"} <= ru
    assert any(c["description"] == "My progress" for c in en)


async def test_start_greets_and_says_what_to_do(api, bot):
    [reply] = await say(api, ANNA, "/start", first_name="Анна")
    assert "Анна" in reply["plain_text"] and "/cases" in reply["plain_text"]


async def test_language_follows_telegram_and_lang_switches_it(api, bot):
    [reply] = await say(api, ANNA, "/start", language_code="en")
    assert "Choose a case" in reply["plain_text"]
    await say(api, ANNA, "/lang ru", language_code="en")
    [reply] = await say(api, ANNA, "/help", language_code="en")
    assert "Как это работает" in reply["plain_text"]


async def test_lang_offers_buttons(api, bot):
    [menu] = await say(api, ANNA, "/lang")
    assert menu["plain_text"] == "Выберите язык / Choose the language:"
    api.press_button(ANNA, "lang:en", menu["message_id"])
    sent = await api.await_messages(ANNA, 2)
    assert sent[-1]["plain_text"] == "Language: English."


# ---------------------------------------------------------------------------- playing


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
    last = await say(api, ANNA, GOOD_2)
    summary = last[-1]["plain_text"]
    assert "Кейс завершён: сделка" in summary and "/10" in summary
    attempt = bot.db.execute("select status, outcome, rating from attempts").fetchone()
    assert attempt[0] == "finished" and attempt[1] == "deal" and attempt[2] >= 8
    assert bot.db["answers"].count == 2


async def test_feedback_only_at_the_end_when_configured(api, db_path, book):
    async with running_bot(api, db_path, book, feedback="end"):
        await say(api, ANNA, "/play laptop-bulk-order")
        [client] = await say(api, ANNA, GOOD_1)
        assert client["plain_text"].startswith("Андрей:")


async def test_progress_shows_totals_trend_styles_and_nps(api, bot):
    [empty] = await say(api, ANNA, "/progress")
    assert "/cases" in empty["plain_text"]
    for _ in range(2):
        await say(api, ANNA, "/play laptop-bulk-order")
        await say(api, ANNA, GOOD_1)
        await say(api, ANNA, GOOD_2)
    [progress] = await say(api, ANNA, "/progress")
    text = progress["plain_text"]
    assert "Оптовый заказ ноутбуков: попыток 2, лучший" in text
    assert "▰" in text and "NPS ваших клиентов: 100" in text


async def test_stop_ends_the_case_and_keeps_the_answers(api, bot):
    await say(api, ANNA, "/play rude-client")
    await say(api, ANNA, "Извините! Назовите номер заказа, я проверю.")
    [stopped] = await say(api, ANNA, "/stop")
    assert "прерван" in stopped["plain_text"]
    [idle] = await say(api, ANNA, "Алло?")
    assert "/cases" in idle["plain_text"]
    assert bot.db["answers"].count == 1


async def test_commands_work_in_the_middle_of_a_case(api, bot):
    await say(api, ANNA, "/play rude-client")
    [menu] = await say(api, ANNA, "/cases")
    assert menu["reply_markup"]
    switched = await say(api, ANNA, "/play price-objection")
    assert "прерван" in switched[0]["plain_text"]
    assert "15%" in switched[-1]["plain_text"]


async def test_unknown_case_and_missing_argument(api, bot):
    [reply] = await say(api, ANNA, "/play nope")
    assert "nope" in reply["plain_text"] and "/cases" in reply["plain_text"]
    [reply] = await say(api, ANNA, "/play")
    assert "/play rude-client" in reply["plain_text"]


# ---------------------------------------------------------------------------- restarts


async def test_a_new_application_continues_at_the_same_step(api, db_path, book):
    async with running_bot(api, db_path, book):
        await say(api, ANNA, "/play laptop-bulk-order")
        await say(api, ANNA, GOOD_1)
    async with running_bot(api, db_path, book) as storage:
        last = await say(api, ANNA, GOOD_2)
        assert "сделка" in last[-1]["plain_text"]
        assert storage.db["answers"].count == 2


async def test_a_redelivered_update_is_not_scored_twice(api, db_path, book):
    async with running_bot(api, db_path, book):
        await say(api, ANNA, "/play laptop-bulk-order")
        await say(api, ANNA, GOOD_1)
        await api.await_updates_consumed()
    api.redeliver_last_batch()  # as if the bot died before confirming the offset
    async with running_bot(api, db_path, book) as storage:
        await api.await_updates_consumed()
        last = await say(api, ANNA, GOOD_2)
        assert "сделка" in last[-1]["plain_text"]
        assert storage.db["answers"].count == 2
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


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("send", ["send_sticker", "send_photo", "send_voice", "send_document"])
async def test_non_text_during_a_case_gets_a_hint_and_changes_nothing(api, bot, send):
    await say(api, ANNA, "/play laptop-bulk-order")
    getattr(api, send)(ANNA)
    [hint] = (await api.await_messages(ANNA, 2))[1:]
    assert "текстом" in hint["plain_text"]
    first = await say(api, ANNA, GOOD_1)
    assert "Что нужно от нас" in first[0]["plain_text"]  # still at the first step


@pytest.mark.parametrize(
    "text",
    [
        "<b>жирный</b> & <script>alert(1)</script> &amp; <a href='x'>",
        "👍🔥 Доставим в среду 🚚, настроим в четверг ✅",
        "Доста\u200bвим в сре\u200dду\u2060",
        "שלום, נשלח ביום רביעי \u202eоборот\u202c",
        "*_[]()~`>#+-=|{}.! markdown \\ чушь",
    ],
)
async def test_any_text_gets_a_reply_telegram_accepts(api, bot, text):
    await say(api, ANNA, "/play laptop-bulk-order")
    replies = await say(api, ANNA, text)
    assert all(r["plain_text"] for r in replies)
    assert all(c["status"] == 200 for c in api.calls("sendMessage"))


async def test_a_very_long_answer_is_scored_on_its_beginning(api, bot):
    await say(api, ANNA, "/play laptop-bulk-order")
    long_text = "Доставим в среду, настроим в четверг. " * 400  # ~15,000 characters
    replies = await say(api, ANNA, long_text)
    assert "первые 2000 символов" in replies[0]["plain_text"]
    assert all(len(r["plain_text"]) <= 4096 for r in api.sent_messages(ANNA))


async def test_edited_messages_are_not_rescored(api, bot):
    await say(api, ANNA, "/play laptop-bulk-order")
    sent = api.send_text(ANNA, GOOD_1)
    await api.await_messages(ANNA, 2)
    api.send_edited_text(ANNA, sent["message"]["message_id"], "Мы лидеры рынка!")
    [hint] = (await api.await_messages(ANNA, 3))[2:]
    assert "не переоцениваю" in hint["plain_text"]
    assert bot.db["answers"].count == 1


async def test_in_a_group_the_bot_asks_for_a_private_chat(api, bot):
    api.send_text(ANNA, "/start", chat_type="group", chat_id=-100)
    [reply] = await api.await_messages(-100, 1)
    assert "личных сообщениях" in reply["plain_text"]
    api.send_text(ANNA, "обычное сообщение в группе", chat_type="group", chat_id=-100)
    await api.await_updates_consumed()
    assert len(api.sent_messages(-100)) == 1


async def test_a_user_who_blocked_the_bot_does_not_stop_it(api, bot):
    api.block_user(BORIS)
    api.send_text(BORIS, "/start")
    await api.await_updates_consumed()
    [reply] = await say(api, ANNA, "/start")
    assert reply["plain_text"]
    assert any(c["status"] == 403 for c in api.calls("sendMessage"))


async def test_a_button_that_was_never_sent_is_answered(api, bot):
    api.press_button(ANNA, "something-else", message_id=1)
    await api.await_calls("answerCallbackQuery", 1)
    await api.await_messages(ANNA, 1)


async def test_unknown_command(api, bot):
    [reply] = await say(api, ANNA, "/frobnicate")
    assert "/help" in reply["plain_text"]


# ---------------------------------------------------------------------------- flood control


async def test_a_retry_after_from_telegram_is_waited_out(api, bot):
    api.fail_next("sendMessage", 429, retry_after=1)
    [reply] = await say(api, ANNA, "/start")
    assert "/cases" in reply["plain_text"]
    assert any(c["status"] == 429 for c in api.calls("sendMessage"))
