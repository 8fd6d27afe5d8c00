"""HR interviews, team leads, roles and privacy: the real Application fed Update objects
(the fast layer, no HTTP)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from salesbot.tg import staff
from tests.chatkit import ChatBot, chat_bot
from tests.staffkit import NASTY_NAME, check_interview_report

ADMIN, HR, LEAD, OTHER_LEAD, TRAINEE, CANDIDATE, STRANGER = 1, 2, 3, 4, 5, 6, 7
GOOD_1 = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
GOOD_2 = "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт."
GOOD_3 = "Да, устроит: оплата через 14 дней после поставки, пропишем это в договоре."
RUDE = "Сами вы бездельник, нечего тут орать!"
REFUSED = "Эта команда вам недоступна."


@pytest.fixture
async def bot(book) -> AsyncIterator[ChatBot]:
    async with chat_bot(book, admins=(ADMIN,)) as bot:
        for user, name in (
            (ADMIN, "Админ"),
            (HR, "Ольга"),
            (LEAD, "Лена"),
            (OTHER_LEAD, "Пётр"),
            (TRAINEE, "Анна"),
            (CANDIDATE, "Кандидат"),
            (STRANGER, "Гость"),
        ):
            await bot.say(user, "/help", first_name=name)
        yield bot
        assert bot.refused_calls() == []


async def grant(bot: ChatBot, user: int, role: str) -> None:
    [reply] = await bot.say(ADMIN, f"/grant {user} {role}")
    assert role in reply["plain_text"]


async def create_interview(bot: ChatBot, cases: list[str], name: str = NASTY_NAME) -> str:
    [picker] = await bot.say(HR, "/interview")
    assert "Выберите кейсы" in picker["plain_text"]
    for case in cases:
        await bot.press(HR, f"ivcase:{case}", picker["message_id"])
    assert len(bot.edits(HR)) >= len(cases)
    assert "✅" in bot.edits(HR)[-1]["reply_markup"]["inline_keyboard"][0][0]["text"] or cases
    [ask_name] = await bot.press(HR, "ivnext", picker["message_id"])
    assert "зовут кандидата" in ask_name["plain_text"]
    [deadline] = await bot.say(HR, name)
    [limit] = await bot.press(HR, "ivdays:3", deadline["message_id"])
    [link] = await bot.press(HR, "ivlimit:0", limit["message_id"])
    found = re.search(r"https://t\.me/salesbot_test_bot\?start=(iv_[\w-]+)", link["plain_text"])
    assert found, link["plain_text"]
    return found.group(1)


async def accept_interview(bot: ChatBot, code: str) -> list[dict]:
    """The candidate opens the link and agrees; returns the opening messages."""
    [consent] = await bot.say(CANDIDATE, f"/start {code}")
    data = consent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    return await bot.press(CANDIDATE, data, consent["message_id"])


# ---------------------------------------------------------------------------- roles


async def test_admins_grant_and_revoke_roles_and_changes_are_logged(bot):
    await grant(bot, HR, "hr")
    [picker] = await bot.say(HR, "/interview")
    assert picker["reply_markup"]
    [cancelled] = await bot.say(HR, "/cancel")
    assert cancelled["plain_text"]
    [revoked] = await bot.say(ADMIN, f"/revoke {HR} hr")
    assert "снята" in revoked["plain_text"]
    [refused] = await bot.say(HR, "/interview")
    assert "недоступна" in refused["plain_text"]
    log = bot.store.role_changes()
    assert [(c.user_id, c.role, c.action, c.by_user) for c in log] == [
        (HR, "hr", "grant", ADMIN),
        (HR, "hr", "revoke", ADMIN),
    ]
    assert all(c.at for c in log)


async def test_grant_explains_its_format_and_unknown_users(bot):
    [usage] = await bot.say(ADMIN, "/grant 2 boss")
    assert "/grant ID" in usage["plain_text"]
    [unknown] = await bot.say(ADMIN, "/grant 999 hr")
    assert "ещё не писал боту" in unknown["plain_text"]
    await bot.say(LEAD, "/help", username="lena_sales")
    [by_name] = await bot.say(ADMIN, "/grant @lena_sales lead")
    assert "lead" in by_name["plain_text"] and "Лена" in by_name["plain_text"]
    [again] = await bot.say(ADMIN, f"/grant {LEAD} lead")
    assert "уже" in again["plain_text"]
    [not_had] = await bot.say(ADMIN, f"/revoke {LEAD} hr")
    assert "нет роли" in not_had["plain_text"]


# ---------------------------------------------------------------------------- interviews


async def test_a_whole_case_interview(bot):
    await grant(bot, HR, "hr")
    code = await create_interview(bot, ["laptop-bulk-order", "rude-client"])
    [consent] = await bot.say(CANDIDATE, f"/start {code}")
    assert "Что записывается" in consent["plain_text"]
    agree = consent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    [opening] = await bot.press(CANDIDATE, agree, consent["message_id"])
    assert "Андрей:" in opening["plain_text"]
    [client] = await bot.say(CANDIDATE, GOOD_1)
    assert client["plain_text"].startswith("Андрей:")  # no scores, no tips
    await bot.say(CANDIDATE, GOOD_2)
    after_first = await bot.say(CANDIDATE, GOOD_3)
    assert len(after_first) == 2
    assert "Игорь:" in after_first[-1]["plain_text"]  # the next case started by itself
    finish = await bot.say(CANDIDATE, RUDE)
    assert "Спасибо! Собеседование завершено" in finish[-1]["plain_text"]
    candidate_text = " ".join(m["plain_text"] for m in bot.sent(CANDIDATE))
    assert "/100" not in candidate_text and "Ситуация" not in candidate_text

    check_interview_report(bot.sent(HR), bot.documents(HR))
    assert bot.store.db.execute("select status from interviews").fetchone()[0] == "finished"
    seconds = [r[0] for r in bot.store.db.execute("select response_seconds from answers")]
    assert len(seconds) == 4 and all(s is not None and s >= 0 for s in seconds)

    [listing] = await bot.say(HR, "/interviews")
    assert "завершено" in listing["plain_text"]
    before = len(bot.documents(HR))
    button = listing["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await bot.press(HR, button, listing["message_id"])
    assert len(bot.documents(HR)) == before + 2


async def test_an_interview_link_is_single_use(bot):
    await grant(bot, HR, "hr")
    code = await create_interview(bot, ["rude-client"], name="Пётр")
    [consent] = await bot.say(CANDIDATE, f"/start {code}")
    agree = consent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await bot.press(CANDIDATE, agree, consent["message_id"])
    [used] = await bot.say(STRANGER, f"/start {code}")
    assert "уже использована" in used["plain_text"]
    [running] = await bot.say(CANDIDATE, f"/start {code}")
    assert "уже идёт" in running["plain_text"]
    [late] = await bot.press(STRANGER, agree)  # a copied consent button
    assert "уже использована" in late["plain_text"]


async def test_wrong_and_expired_codes_get_clear_messages(bot):
    [wrong] = await bot.say(STRANGER, "/start iv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert "недействительна" in wrong["plain_text"]
    [wrong_team] = await bot.say(STRANGER, "/start team_nope")
    assert wrong_team["plain_text"]
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="minutes")
    bot.store.create_interview(
        code="old-code",
        hr_id=HR,
        candidate_name="X",
        cases=["rude-client"],
        deadline=past,
        time_limit=None,
    )
    [expired] = await bot.say(STRANGER, "/start iv_old-code")
    assert "истёк" in expired["plain_text"]
    [expired_on_consent] = await bot.press(STRANGER, "ivok:old-code")
    assert "истёк" in expired_on_consent["plain_text"]
    assert bot.store.interview(1).status == "stopped"


async def test_declining_leaves_the_link_usable(bot):
    await grant(bot, HR, "hr")
    code = await create_interview(bot, ["rude-client"], name="Ира")
    [consent] = await bot.say(CANDIDATE, f"/start {code}")
    [declined] = await bot.press(CANDIDATE, "ivno", consent["message_id"])
    assert "не начато" in declined["plain_text"]
    assert len(await accept_interview(bot, code)) == 1


async def test_guessing_codes_is_rate_limited(bot):
    for i in range(5):
        await bot.say(STRANGER, f"/start iv_guess{i}")
    [limited] = await bot.say(STRANGER, "/start iv_guess5")
    assert "Слишком много" in limited["plain_text"]


async def test_stopping_an_interview_asks_for_confirmation(bot):
    await grant(bot, HR, "hr")
    code = await create_interview(bot, ["rude-client"], name="Ира")
    await accept_interview(bot, code)
    [busy] = await bot.say(CANDIDATE, "/play price-objection")
    assert "идёт собеседование" in busy["plain_text"]
    [busy] = await bot.say(CANDIDATE, "/cases")
    assert "идёт собеседование" in busy["plain_text"]
    [confirm] = await bot.say(CANDIDATE, "/stop")
    [keep] = await bot.press(CANDIDATE, "ivstop:no", confirm["message_id"])
    assert "Продолжаем" in keep["plain_text"]
    [confirm] = await bot.say(CANDIDATE, "/stop")
    [thanks] = await bot.press(CANDIDATE, "ivstop:yes", confirm["message_id"])
    assert "Спасибо" in thanks["plain_text"]
    assert bot.store.db.execute("select status from interviews").fetchone()[0] == "stopped"
    assert len(bot.documents(HR)) == 2  # HR still gets the report
    assert await bot.press(CANDIDATE, "ivstop:yes", confirm["message_id"]) == []


async def test_the_set_up_needs_a_case_and_a_name(bot):
    await grant(bot, HR, "hr")
    [picker] = await bot.say(HR, "/interview")
    [need] = await bot.press(HR, "ivnext", picker["message_id"])
    assert need["plain_text"] == "Выберите хотя бы один кейс."
    await bot.press(HR, "ivcase:rude-client", picker["message_id"])
    await bot.press(HR, "ivcase:rude-client", picker["message_id"])  # untick
    assert "▫️" in bot.edits(HR)[-1]["reply_markup"]["inline_keyboard"][-2][0]["text"]
    await bot.press(HR, "ivcase:rude-client", picker["message_id"])
    await bot.press(HR, "ivnext", picker["message_id"])
    [again] = await bot.say(HR, "   ")
    assert "зовут кандидата" in again["plain_text"]


# ---------------------------------------------------------------------------- teams


async def join_team(bot: ChatBot, lead: int, name: str, member: int) -> None:
    [created] = await bot.say(lead, f"/newteam {name}")
    payload = re.search(r"start=(team_[\w-]+)", created["plain_text"]).group(1)
    [joined] = await bot.say(member, f"/start {payload}")
    assert "Вы в команде" in joined["plain_text"]
    [again] = await bot.say(member, f"/start {payload}")
    assert "уже" in again["plain_text"]


async def test_a_lead_invites_a_trainee_and_sees_their_progress(bot):
    await grant(bot, LEAD, "lead")
    [usage] = await bot.say(LEAD, "/newteam")
    assert "/newteam" in usage["plain_text"]
    [none] = await bot.say(LEAD, "/team")
    assert "/newteam" in none["plain_text"]
    await join_team(bot, LEAD, "Продажи", TRAINEE)
    await bot.say(TRAINEE, "/play laptop-bulk-order")
    await bot.say(TRAINEE, GOOD_1)
    await bot.say(TRAINEE, GOOD_2)
    await bot.say(TRAINEE, GOOD_3)
    [team] = await bot.say(LEAD, "/team")
    assert "Продажи" in team["plain_text"] and "Анна" in team["plain_text"]
    assert "сдано: Оптовый заказ ноутбуков" in team["plain_text"]
    [trainee] = await bot.say(LEAD, "/trainee Анна")
    assert "Последние ответы" in trainee["plain_text"] and "Да, успеем" in trainee["plain_text"]
    answer_id = bot.store.db.execute("select min(id) from answers").fetchone()[0]
    [done] = await bot.say(LEAD, f"/override {answer_id} 55 слишком коротко")
    assert "→ 55" in done["plain_text"]
    [trainee] = await bot.say(LEAD, f"/trainee {TRAINEE}")
    assert "→ 55" in trainee["plain_text"]
    await bot.say(LEAD, "/report")
    html = next(d for d in bot.documents(LEAD) if d["filename"].endswith(".html"))
    assert "Анна" in html["content"].decode()
    assert any(d["filename"].endswith(".csv") for d in bot.documents(LEAD))
    [progress] = await bot.say(TRAINEE, "/progress")
    assert "✅" in progress["plain_text"]


async def test_the_weekly_digest_reaches_each_lead(bot):
    await grant(bot, LEAD, "lead")
    await join_team(bot, LEAD, "Продажи", TRAINEE)
    await grant(bot, OTHER_LEAD, "lead")
    await bot.say(OTHER_LEAD, "/newteam Поддержка")
    bot.request.blocked.add(OTHER_LEAD)  # one lead blocked the bot: the others still get it
    before = len(bot.sent(LEAD))
    job = SimpleNamespace(application=bot.app, bot=bot.app.bot)  # what the JobQueue passes
    await staff.weekly_digest(job)
    await bot.deliver()  # from the outbox
    [digest] = bot.sent(LEAD)[before:]
    assert "Продажи" in digest["plain_text"] and "Анна" in digest["plain_text"]
    assert any(c["status"] == 403 for c in bot.request.calls)


def test_the_weekly_digest_is_scheduled_only_when_enabled(book):
    from salesbot.config import Config
    from salesbot.storage import SqliteStore
    from salesbot.tg.app import build_application

    store = SqliteStore(":memory:")
    token = {"token": "1:A"}
    off = build_application(Config(telegram=token), book, store)
    on = build_application(
        Config(telegram=token, digest={"enabled": True, "weekday": 4}), book, store
    )
    assert [j.name for j in off.job_queue.jobs()] == ["assignments"]  # always: reminders
    assert [j.name for j in on.job_queue.jobs()] == ["weekly-digest", "assignments"]
    store.close()


# ---------------------------------------------------------------------------- refusals

PRIVILEGED = [
    "/grant 5 hr",
    "/revoke 5 hr",
    "/reload",
    "/interview",
    "/interviews",
    "/newteam X",
    "/team",
    "/trainee Анна",
    "/report",
    "/override 1 50 note",
    "/assign",
    "/assignments",
]


@pytest.mark.parametrize("command", PRIVILEGED)
async def test_a_trainee_is_refused_every_privileged_command(bot, command):
    [refused] = await bot.say(TRAINEE, command)
    assert refused["plain_text"] == REFUSED


@pytest.mark.parametrize("command", PRIVILEGED)
async def test_a_candidate_is_refused_every_privileged_command(bot, command):
    await grant(bot, HR, "hr")
    code = await create_interview(bot, ["rude-client"], name="Кандидат")
    await accept_interview(bot, code)
    [refused] = await bot.say(CANDIDATE, command)
    assert refused["plain_text"] == REFUSED


async def test_a_lead_of_another_team_sees_nothing_of_it(bot):
    await grant(bot, LEAD, "lead")
    await grant(bot, OTHER_LEAD, "lead")
    await join_team(bot, LEAD, "Продажи", TRAINEE)
    await bot.say(TRAINEE, "/play laptop-bulk-order")
    await bot.say(TRAINEE, GOOD_1)
    [team] = await bot.say(OTHER_LEAD, "/team")
    assert "Анна" not in team["plain_text"]
    [trainee] = await bot.say(OTHER_LEAD, "/trainee Анна")
    [nobody] = await bot.say(OTHER_LEAD, "/trainee Никто")
    for reply in (trainee, nobody):
        assert "нет среди участников ваших команд" in reply["plain_text"]
    answer_id = bot.store.db.execute("select min(id) from answers").fetchone()[0]
    [override] = await bot.say(OTHER_LEAD, f"/override {answer_id} 10 x")
    [missing] = await bot.say(OTHER_LEAD, "/override 99999 10 x")
    assert override["plain_text"] == missing["plain_text"]
    await bot.say(OTHER_LEAD, "/report")
    assert not bot.documents(OTHER_LEAD)


async def test_a_forged_report_button_is_refused(bot):
    await grant(bot, HR, "hr")
    await create_interview(bot, ["rude-client"], name="Кто-то")
    for data in ("ivreport:1", "ivreport:abc"):
        [refused] = await bot.press(TRAINEE, data)
        assert refused["plain_text"] == REFUSED
    assert not bot.documents(TRAINEE)


# ---------------------------------------------------------------------------- privacy


async def test_forget_erases_a_users_data_from_every_table(bot):
    await grant(bot, LEAD, "lead")
    await join_team(bot, LEAD, "Продажи", TRAINEE)
    await grant(bot, TRAINEE, "hr")
    await bot.say(TRAINEE, "/play laptop-bulk-order")
    await bot.say(TRAINEE, GOOD_1)
    [confirm] = await bot.say(TRAINEE, "/forget")
    [cancelled] = await bot.press(TRAINEE, "forget:no", confirm["message_id"])
    assert bot.store.db.execute("select count(*) from answers").fetchone()[0] == 1
    [confirm] = await bot.say(TRAINEE, "/forget")
    [done] = await bot.press(TRAINEE, "forget:yes", confirm["message_id"])
    assert "удалены" in done["plain_text"] and cancelled
    for table in ("answers", "attempts", "team_members", "roles", "overrides"):
        column = "user_id" if table != "overrides" else "by_user"
        count = bot.store.db.execute(
            f"select count(*) from {table} where {column} = ?", [TRAINEE]
        ).fetchone()[0]
        assert count == 0, table
    users = bot.store.db.execute("select count(*) from users where id = ?", [TRAINEE])
    assert users.fetchone()[0] == 0
    # What the bot still had to send them goes too (only the farewell is there), and the
    # ids of their handled updates stay without whose they were.
    assert [item.message.text for item in bot.store.outbox(TRAINEE)] == [done["text"]]
    mine = bot.store.db.execute("select count(*) from updates where user_id = ?", [TRAINEE])
    assert mine.fetchone()[0] == 0
    anonymous = bot.store.db.execute("select count(*) from updates where user_id is null")
    assert anonymous.fetchone()[0] >= 6
