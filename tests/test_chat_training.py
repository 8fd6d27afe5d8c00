"""Trainees play cases: the real Application fed Update objects (the fast layer, no HTTP)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.chatkit import ChatBot, chat_bot

ANNA = 501
BORIS = 502
GOOD_1 = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
GOOD_2 = "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт."
GOOD_3 = "Да, устроит: оплата через 14 дней после поставки, пропишем это в договоре."


@pytest.fixture
async def bot(book) -> AsyncIterator[ChatBot]:
    async with chat_bot(book) as bot:
        yield bot
        assert bot.refused_calls() == []  # nothing Telegram would refuse (HTML, length)


def texts(messages: list[dict]) -> str:
    return "\n".join(m["plain_text"] for m in messages)


# ---------------------------------------------------------------------------- menu, start


async def test_the_command_menu_is_registered_in_russian_and_english(bot):
    await bot.app.post_init(bot.app)
    ru = {c["command"] for c in bot.request.commands["ru"]}
    en = bot.request.commands["en"]
    assert {"start", "cases", "play", "stop", "progress", "lang", "help"} <= ru
    assert any(c["description"] == "My progress" for c in en)
    assert bot.request.commands[""]  # the default, in the configured language


async def test_start_greets_and_says_what_to_do(bot):
    [reply] = await bot.say(ANNA, "/start", first_name="Анна")
    assert "Анна" in reply["plain_text"] and "/cases" in reply["plain_text"]


async def test_language_follows_telegram_and_lang_switches_it(bot):
    [reply] = await bot.say(ANNA, "/start", language_code="en")
    assert "Choose a case" in reply["plain_text"]
    await bot.say(ANNA, "/lang ru", language_code="en")
    [reply] = await bot.say(ANNA, "/help", language_code="en")
    assert "Как это работает" in reply["plain_text"]


async def test_lang_offers_buttons(bot):
    [menu] = await bot.say(ANNA, "/lang")
    assert menu["plain_text"] == "Выберите язык / Choose the language:"
    [done] = await bot.press(ANNA, "lang:en", menu["message_id"])
    assert done["plain_text"] == "Language: English."
    assert await bot.press(ANNA, "lang:xx", menu["message_id"]) == []


# ---------------------------------------------------------------------------- playing


async def test_cases_are_buttons_that_start_a_case(bot):
    [menu] = await bot.say(ANNA, "/cases")
    buttons = [b[0] for b in menu["reply_markup"]["inline_keyboard"]]
    assert any(b["callback_data"] == "play:rude-client" for b in buttons)
    assert any("★" in b["text"] for b in buttons)
    [intro] = await bot.press(ANNA, "play:rude-client", menu["message_id"])
    assert "Бездельники" in intro["plain_text"]
    assert bot.request.callback_answers


async def test_a_whole_case_with_feedback_and_a_summary(bot):
    await bot.say(ANNA, "/play laptop-bulk-order")
    first = await bot.say(ANNA, GOOD_1)
    assert len(first) == 1  # feedback and client: one message
    assert "Ситуационный" in first[0]["plain_text"]
    assert "доставка" in first[0]["plain_text"]  # the evidence: the trainee's own words
    assert "Что нужно от нас" in first[0]["plain_text"]
    second = await bot.say(ANNA, GOOD_2)
    assert "14 дней" in second[0]["plain_text"]  # the client's next question: payment terms
    last = await bot.say(ANNA, GOOD_3)
    summary = last[-1]["plain_text"]
    assert "Кейс завершён: сделка" in summary and "/10" in summary
    attempt = bot.store.db.execute("select status, outcome, rating from attempts").fetchone()
    assert attempt[0] == "finished" and attempt[1] == "deal" and attempt[2] >= 8
    assert bot.store.db["answers"].count == 3
    replied = bot.store.db.execute("select count(*) from answers where replied_at is not null")
    assert replied.fetchone()[0] == 3


async def test_feedback_only_at_the_end_when_configured(book):
    async with chat_bot(book, feedback="end") as bot:
        await bot.say(ANNA, "/play laptop-bulk-order")
        [client] = await bot.say(ANNA, GOOD_1)
        assert client["plain_text"].startswith("Андрей:")
        await bot.say(ANNA, GOOD_2)
        [last] = await bot.say(ANNA, GOOD_3)
        assert "Кейс завершён" in last["plain_text"]


async def test_progress_shows_totals_trend_styles_and_nps(bot):
    [empty] = await bot.say(ANNA, "/progress")
    assert "/cases" in empty["plain_text"]
    for _ in range(2):
        await bot.say(ANNA, "/play laptop-bulk-order")
        await bot.say(ANNA, GOOD_1)
        await bot.say(ANNA, GOOD_2)
        await bot.say(ANNA, GOOD_3)
    [progress] = await bot.say(ANNA, "/progress")
    text = progress["plain_text"]
    assert "Оптовый заказ ноутбуков: попыток 2, лучший" in text
    assert "▰" in text and "NPS ваших клиентов: 100" in text
    assert "✅" in text  # passed: the best total reaches the pass mark


async def test_stop_ends_the_case_and_keeps_the_answers(bot):
    await bot.say(ANNA, "/play rude-client")
    await bot.say(ANNA, "Извините! Назовите номер заказа, я проверю.")
    [stopped] = await bot.say(ANNA, "/stop")
    assert "прерван" in stopped["plain_text"]
    [idle] = await bot.say(ANNA, "Алло?")
    assert "/cases" in idle["plain_text"]
    [nothing] = await bot.say(ANNA, "/stop")
    assert "/cases" in nothing["plain_text"]
    assert bot.store.db["answers"].count == 1


async def test_commands_work_in_the_middle_of_a_case(bot):
    await bot.say(ANNA, "/play rude-client")
    [menu] = await bot.say(ANNA, "/cases")
    assert menu["reply_markup"]
    [switched] = await bot.say(ANNA, "/play price-objection")
    assert "прерван" in switched["plain_text"]  # one message: the notice, intro, client
    assert "15%" in switched["plain_text"]


async def test_unknown_case_and_missing_argument(bot):
    [reply] = await bot.say(ANNA, "/play nope")
    assert "nope" in reply["plain_text"] and "/cases" in reply["plain_text"]
    [reply] = await bot.say(ANNA, "/play")
    assert "/play rude-client" in reply["plain_text"]


async def test_a_case_changed_under_the_trainee_is_restarted(bot):
    await bot.say(ANNA, "/play laptop-bulk-order")
    bot.store.db.execute("update attempts set state = json_set(state, '$.step_id', 'gone')")
    [changed] = await bot.say(ANNA, GOOD_1)
    assert "/play laptop-bulk-order" in changed["plain_text"]
    assert bot.store.active_attempt(ANNA) is None


# ---------------------------------------------------------------------------- once only


async def test_the_same_update_twice_gives_one_answer(bot):
    await bot.say(ANNA, "/play rude-client")
    text = {"text": "Извините! Назовите номер заказа, я проверю."}
    first = await bot.send(ANNA, text, update_id=777)
    again = await bot.send(ANNA, text, update_id=777)
    assert len(first) == 1 and again == []
    assert bot.store.db["answers"].count == 1


async def test_a_redelivered_update_whose_reply_never_went_out_gets_it_once_unscored(bot):
    await bot.say(ANNA, "/play laptop-bulk-order")
    [reply] = await bot.send(ANNA, {"text": GOOD_1}, update_id=900)
    # As if killed after the commit, before the reply went out: it waits in the outbox.
    bot.store.db.execute("update outbox set status = 'pending' where update_id = 900")
    [resent] = await bot.send(ANNA, {"text": GOOD_1}, update_id=900)
    assert resent["text"] == reply["text"]
    assert bot.store.db["answers"].count == 1
    assert await bot.send(ANNA, {"text": GOOD_1}, update_id=900) == []


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "fields",
    [
        {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "s",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "👍",
            }
        },
        {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 90, "height": 90}]},
        {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}},
        {"document": {"file_id": "d", "file_unique_id": "d", "file_name": "a.pdf"}},
    ],
    ids=["sticker", "photo", "voice", "document"],
)
async def test_non_text_during_a_case_gets_a_hint_and_changes_nothing(bot, fields):
    [idle] = await bot.send(ANNA, fields)
    assert "/cases" in idle["plain_text"]
    await bot.say(ANNA, "/play laptop-bulk-order")
    [hint] = await bot.send(ANNA, fields)
    assert "текстом" in hint["plain_text"]
    first = await bot.say(ANNA, GOOD_1)
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
async def test_any_text_gets_a_reply_telegram_accepts(bot, text):
    await bot.say(ANNA, "/play laptop-bulk-order")
    replies = await bot.say(ANNA, text)
    assert replies and all(r["plain_text"] for r in replies)
    assert all(c["status"] == 200 for c in bot.request.calls)


async def test_a_very_long_answer_is_scored_on_its_beginning(bot):
    await bot.say(ANNA, "/play laptop-bulk-order")
    long_text = "Доставим в среду, настроим в четверг. " * 400  # ~15,000 characters
    replies = await bot.say(ANNA, long_text)
    assert "первые 2000 символов" in replies[0]["plain_text"]
    assert all(len(r["plain_text"]) <= 4096 for r in bot.sent(ANNA))


async def test_edited_messages_are_not_rescored(bot):
    await bot.say(ANNA, "/play laptop-bulk-order")
    await bot.say(ANNA, GOOD_1)
    [hint] = await bot.edit(ANNA, 2, "Мы лидеры рынка!")
    assert "не переоцениваю" in hint["plain_text"]
    assert bot.store.db["answers"].count == 1


async def test_in_a_group_the_bot_asks_for_a_private_chat(bot):
    [reply] = await bot.say(ANNA, "/start", chat_id=-100)
    assert "личных сообщениях" in reply["plain_text"]
    assert await bot.say(ANNA, "обычное сообщение в группе", chat_id=-100) == []


async def test_a_user_who_blocked_the_bot_does_not_stop_it(bot):
    bot.request.blocked.add(BORIS)
    assert await bot.say(BORIS, "/start") == []
    [reply] = await bot.say(ANNA, "/start")
    assert reply["plain_text"]
    assert any(c["status"] == 403 for c in bot.request.calls)


async def test_a_button_that_was_never_sent_is_answered(bot):
    [reply] = await bot.press(ANNA, "something-else", message_id=1)
    assert bot.request.callback_answers
    assert "больше не работает" in reply["plain_text"] and "/help" in reply["plain_text"]


async def test_unknown_command(bot):
    [reply] = await bot.say(ANNA, "/frobnicate")
    assert "/help" in reply["plain_text"]


async def test_a_locked_database_makes_the_answer_wait_and_says_so_truthfully(book, tmp_path):
    import asyncio
    import sqlite3

    from salesbot.storage import SqliteStore

    store = SqliteStore(tmp_path / "bot.db", lock_timeout=0.1)
    async with chat_bot(book, store=store) as bot:
        bot.app.bot_data["processor"].trouble_seconds = 0.05
        await bot.say(ANNA, "/play laptop-bulk-order")
        other = sqlite3.connect(tmp_path / "bot.db")
        other.execute("BEGIN IMMEDIATE")
        before = len(bot.sent(ANNA))
        answering = asyncio.create_task(bot.say(ANNA, GOOD_1))
        while len(bot.sent(ANNA)) == before:
            await asyncio.sleep(0.01)
        [notice] = bot.sent(ANNA)[before:]
        assert "пока не записано" in notice["plain_text"]
        assert "отправлять заново не нужно" in notice["plain_text"]
        assert store.db["answers"].count == 0  # true: nothing was recorded yet
        other.rollback()
        other.close()
        replies = await answering
        assert "Что нужно от нас" in replies[-1]["plain_text"]  # handled once free
        assert store.db["answers"].count == 1
