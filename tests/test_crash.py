"""kill -9 at random moments, under load, with Telegram's round trip (0.1 s): `salesbot
run` in its own process against the fake Bot API, killed KILLS times while USERS trainees
play, then left to finish. Per user: every message answered exactly once, in order, with
the very text a run without crashes gives; every answer stored once, at the right step;
no /play applied twice."""

from __future__ import annotations

import random
import signal
import threading
import time

from salesbot.storage import SqliteStore
from tests.chatkit import chat_bot
from tests.fakebotapi import FakeBotAPI
from tests.test_process import start_bot, write_config

USERS = list(range(7101, 7121))
ROUNDS = 4  # whole plays of the case per user: /play and three answers each
KILLS = 10
RTT = 0.1
ANSWERS = (
    "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?",
    "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт.",
    "Да, устроит: оплата через 14 дней после поставки, пропишем это в договоре.",
)
SCRIPT = [text for _ in range(ROUNDS) for text in ("/play laptop-bulk-order", *ANSWERS)]


async def reference_replies(book) -> tuple[list[str], list[str]]:
    """The replies a user gets for SCRIPT when nothing goes wrong."""
    async with chat_bot(book) as bot:
        replies = []
        for text in SCRIPT:
            [reply] = await bot.say(1, text)
            replies.append(reply["plain_text"])
        steps = [r[0] for r in bot.store.db.execute("select step_id from answers order by id")]
    return replies, steps


def play(api: FakeBotAPI, user: int, lost: list[int]) -> None:
    """A trainee: each message only once the reply to the previous one arrived."""
    for text in SCRIPT:
        before = len(api.sent_messages(user))
        api.send_text(user, text, first_name=f"Trainee{user}")
        try:
            api.wait_for_messages(user, before + 1, timeout=120)
        except TimeoutError:
            lost.append(user)
            return


async def test_kill_9_at_random_moments_under_load_loses_and_doubles_nothing(tmp_path, book):
    expected, steps = await reference_replies(book)
    chance = random.Random(20261201)
    lost: list[int] = []
    with FakeBotAPI(latency=RTT) as api:
        config, log = write_config(tmp_path, api), tmp_path / "bot.log"
        trainees = [threading.Thread(target=play, args=(api, u, lost)) for u in USERS]
        process = start_bot(config, api, log)
        api.wait_for_calls("getUpdates", 1, timeout=60)
        for trainee in trainees:
            trainee.start()
        kills = 0
        try:
            while kills < KILLS and any(t.is_alive() for t in trainees):
                time.sleep(chance.uniform(0.2, 1.5))
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
                kills += 1
                polls = len(api.calls("getUpdates"))
                process = start_bot(config, api, log)
                api.wait_for_calls("getUpdates", polls + 1, timeout=60)
            for trainee in trainees:
                trainee.join(timeout=180)
            time.sleep(1.0)  # time for a late second copy of a reply, if any were to come
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        sent = {user: [m["plain_text"] for m in api.sent_messages(user)] for user in USERS}
        checks = len(api.calls("editMessageReplyMarkup"))
        assert api.errors == []
    store = SqliteStore(tmp_path / "bot.db")
    answers = store.db.execute("select count(*) from answers").fetchone()[0]
    doubled = store.db.execute(
        "select count(*) from (select update_id from answers group by update_id "
        "having count(*) > 1)"
    ).fetchone()[0]
    attempts = dict(
        store.db.execute("select user_id, count(*) from attempts group by user_id").fetchall()
    )
    unfinished = store.db.execute(
        "select count(*) from attempts where status != 'finished'"
    ).fetchone()[0]
    wrong_steps = [
        user
        for user in USERS
        if [
            r[0]
            for r in store.db.execute(
                "select step_id from answers where user_id = ? order by id", [user]
            )
        ]
        != steps
    ]
    store.close()
    duplicates = sum(max(0, len(sent[u]) - len(expected)) for u in USERS)
    losses = sum(max(0, len(expected) - len(sent[u])) for u in USERS)
    print(
        f"\ncrash test: {kills} kills, {len(USERS)} users, {len(SCRIPT) * len(USERS)} "
        f"messages, {answers} answers stored; {duplicates} duplicate and {losses} lost "
        f"replies, {doubled} answers stored twice, {len(wrong_steps)} users with an answer "
        f"at the wrong step; {checks} look-ups of replies whose sending was interrupted, "
        f"{log.read_text().count('not sent again')} found already delivered"
    )
    assert kills == KILLS
    assert lost == [], log.read_text()[-3000:]
    assert all(sent[user] == expected for user in USERS)  # exactly once, in order, same text
    assert answers == len(USERS) * ROUNDS * len(ANSWERS) and doubled == 0
    assert wrong_steps == []
    assert attempts == {user: ROUNDS for user in USERS} and unfinished == 0
