"""HR interviews, team leads, roles and privacy, end to end against the fake Bot API."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from salesbot.cli import main
from salesbot.storage import SqliteStore
from tests.botkit import running_bot, say

ADMIN, HR, LEAD, OTHER_LEAD, TRAINEE, CANDIDATE, STRANGER = 1, 2, 3, 4, 5, 6, 7
GOOD_1 = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
GOOD_2 = "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт."
RUDE = "Сами вы бездельник, нечего тут орать!"
NASTY_NAME = "<script>alert(1)</script> Иванов & Co"


@pytest.fixture
async def bot(api, tmp_path, book) -> AsyncIterator[SqliteStore]:
    async with running_bot(api, tmp_path / "bot.db", book, admins=(ADMIN,)) as storage:
        for user, name in (
            (ADMIN, "Админ"),
            (HR, "Ольга"),
            (LEAD, "Лена"),
            (OTHER_LEAD, "Пётр"),
            (TRAINEE, "Анна"),
            (CANDIDATE, "Кандидат"),
            (STRANGER, "Гость"),
        ):
            await say(api, user, "/help", first_name=name)
        yield storage


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


async def accept_interview(api, code: str) -> list[dict]:
    """The candidate opens the link and agrees; returns the opening messages."""
    [consent] = await say(api, CANDIDATE, f"/start {code}")
    data = consent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    return await press(api, CANDIDATE, data, consent, expect=1)


# ---------------------------------------------------------------------------- roles


async def test_admins_grant_and_revoke_roles_and_changes_are_logged(api, bot):
    await grant(api, HR, "hr")
    [picker] = await say(api, HR, "/interview")
    assert picker["reply_markup"]
    await say(api, HR, "/cancel")
    [revoked] = await say(api, ADMIN, f"/revoke {HR} hr")
    assert "снята" in revoked["plain_text"]
    [refused] = await say(api, HR, "/interview")
    assert "недоступна" in refused["plain_text"]
    log = bot.role_changes()
    assert [(c.user_id, c.role, c.action, c.by_user) for c in log] == [
        (HR, "hr", "grant", ADMIN),
        (HR, "hr", "revoke", ADMIN),
    ]
    assert all(c.at for c in log)


async def test_grant_explains_its_format_and_unknown_users(api, bot):
    [usage] = await say(api, ADMIN, "/grant 2 boss")
    assert "/grant ID" in usage["plain_text"]
    [unknown] = await say(api, ADMIN, "/grant 999 hr")
    assert "не найден" in unknown["plain_text"]


# ---------------------------------------------------------------------------- interviews


async def test_a_whole_case_interview(api, bot):
    await grant(api, HR, "hr")
    code = await create_interview(api, ["laptop-bulk-order", "rude-client"])
    [consent] = await say(api, CANDIDATE, f"/start {code}")
    assert "Что записывается" in consent["plain_text"]
    interview_id = consent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    opening = await press(api, CANDIDATE, interview_id, consent, expect=1)
    assert "Андрей:" in opening[-1]["plain_text"]
    [client] = await say(api, CANDIDATE, GOOD_1)
    assert client["plain_text"].startswith("Андрей:")  # no scores, no tips
    after_first = await say(api, CANDIDATE, GOOD_2, expect=2)
    assert "Игорь:" in after_first[-1]["plain_text"]  # the next case started by itself
    finish = await say(api, CANDIDATE, RUDE, expect=2)
    assert "Спасибо! Собеседование завершено" in finish[-1]["plain_text"]
    candidate_text = " ".join(m["plain_text"] for m in api.sent_messages(CANDIDATE))
    assert "/100" not in candidate_text and "Ситуация" not in candidate_text

    await api.await_calls("sendDocument", 2)
    notice = api.sent_messages(HR)
    summary = next(m for m in notice if "кейс-интервью" in m["plain_text"])
    assert NASTY_NAME in summary["plain_text"]  # escaped for Telegram, shown as text
    docs = api.documents(HR)
    assert {d["filename"].rsplit(".", 1)[1] for d in docs} == {"html", "csv"}
    html = next(d for d in docs if d["filename"].endswith(".html"))["content"].decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "Доставка" in html or "доставка" in html
    csv_text = next(d for d in docs if d["filename"].endswith(".csv"))["content"].decode()
    assert "rude-client" in csv_text and "laptop-bulk-order" in csv_text
    row = bot.db.execute("select status from interviews").fetchone()
    assert row[0] == "finished"
    seconds = [r[0] for r in bot.db.execute("select response_seconds from answers")]
    assert len(seconds) == 3 and all(s is not None and s >= 0 for s in seconds)

    [listing] = await say(api, HR, "/interviews")
    assert "завершено" in listing["plain_text"]
    before = len(api.documents(HR))
    api.press_button(
        HR, listing["reply_markup"]["inline_keyboard"][0][0]["callback_data"], listing["message_id"]
    )
    await api.await_calls("sendDocument", before + 2)


async def test_an_interview_link_is_single_use(api, bot):
    await grant(api, HR, "hr")
    code = await create_interview(api, ["rude-client"], name="Пётр")
    await accept_interview(api, code)
    [used] = await say(api, STRANGER, f"/start {code}")
    assert "уже использована" in used["plain_text"]


async def test_wrong_and_expired_codes_get_clear_messages(api, bot):
    [wrong] = await say(api, STRANGER, "/start iv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert "недействительна" in wrong["plain_text"]
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="minutes")
    bot.create_interview(
        code="old-code",
        hr_id=HR,
        candidate_name="X",
        cases=["rude-client"],
        deadline=past,
        time_limit=None,
    )
    [expired] = await say(api, STRANGER, "/start iv_old-code")
    assert "истёк" in expired["plain_text"]


async def test_guessing_codes_is_rate_limited(api, bot):
    for i in range(5):
        await say(api, STRANGER, f"/start iv_guess{i}")
    [limited] = await say(api, STRANGER, "/start iv_guess5")
    assert "Слишком много" in limited["plain_text"]


async def test_stopping_an_interview_asks_for_confirmation(api, bot):
    await grant(api, HR, "hr")
    code = await create_interview(api, ["rude-client"], name="Ира")
    await accept_interview(api, code)
    [busy] = await say(api, CANDIDATE, "/play price-objection")
    assert "идёт собеседование" in busy["plain_text"]
    [confirm] = await say(api, CANDIDATE, "/stop")
    [keep] = await press(api, CANDIDATE, "ivstop:no", confirm, expect=1)
    assert "Продолжаем" in keep["plain_text"]
    [confirm] = await say(api, CANDIDATE, "/stop")
    [thanks] = await press(api, CANDIDATE, "ivstop:yes", confirm, expect=1)
    assert "Спасибо" in thanks["plain_text"]
    assert bot.db.execute("select status from interviews").fetchone()[0] == "stopped"
    await api.await_calls("sendDocument", 2)  # HR still gets the report


# ---------------------------------------------------------------------------- teams


async def join_team(api, lead: int, name: str, member: int) -> None:
    [created] = await say(api, lead, f"/newteam {name}")
    payload = re.search(r"start=(team_[\w-]+)", created["plain_text"]).group(1)
    [joined] = await say(api, member, f"/start {payload}")
    assert "Вы в команде" in joined["plain_text"]


async def test_a_lead_invites_a_trainee_and_sees_their_progress(api, bot):
    await grant(api, LEAD, "lead")
    await join_team(api, LEAD, "Продажи", TRAINEE)
    await say(api, TRAINEE, "/play laptop-bulk-order")
    await say(api, TRAINEE, GOOD_1)
    await say(api, TRAINEE, GOOD_2)
    [team] = await say(api, LEAD, "/team")
    assert "Продажи" in team["plain_text"] and "Анна" in team["plain_text"]
    assert "сдано: Оптовый заказ ноутбуков" in team["plain_text"]
    [trainee] = await say(api, LEAD, "/trainee Анна")
    assert "Последние ответы" in trainee["plain_text"] and "Да, успеем" in trainee["plain_text"]
    answer_id = bot.db.execute("select min(id) from answers").fetchone()[0]
    [done] = await say(api, LEAD, f"/override {answer_id} 55 слишком коротко")
    assert "→ 55" in done["plain_text"]
    await say(api, LEAD, "/report", expect=0)
    await api.await_calls("sendDocument", 2)
    html = next(d for d in api.documents(LEAD) if d["filename"].endswith(".html"))
    assert "Анна" in html["content"].decode()
    [progress] = await say(api, TRAINEE, "/progress")
    assert "✅" in progress["plain_text"]


def test_the_weekly_digest_is_scheduled_only_when_enabled(book, tmp_path):
    from salesbot.config import Config
    from salesbot.tg.app import build_application

    storage = SqliteStore(tmp_path / "bot.db")
    token = {"token": "1:A"}
    off = build_application(Config(telegram=token), book, storage)
    on = build_application(
        Config(telegram=token, digest={"enabled": True, "weekday": 4}), book, storage
    )
    assert off.job_queue.jobs() == ()
    assert [j.name for j in on.job_queue.jobs()] == ["weekly-digest"]
    storage.close()


# ---------------------------------------------------------------------------- refusals

PRIVILEGED = [
    "/grant 5 hr",
    "/revoke 5 hr",
    "/interview",
    "/interviews",
    "/newteam X",
    "/team",
    "/trainee Анна",
    "/report",
    "/override 1 50 note",
]


@pytest.mark.parametrize("command", PRIVILEGED)
async def test_a_trainee_is_refused_every_privileged_command(api, bot, command):
    [refused] = await say(api, TRAINEE, command)
    assert refused["plain_text"] == "Эта команда вам недоступна."


@pytest.mark.parametrize("command", PRIVILEGED)
async def test_a_candidate_is_refused_every_privileged_command(api, bot, command):
    await grant(api, HR, "hr")
    code = await create_interview(api, ["rude-client"], name="Кандидат")
    await accept_interview(api, code)
    [refused] = await say(api, CANDIDATE, command)
    assert refused["plain_text"] == "Эта команда вам недоступна."


async def test_a_lead_of_another_team_sees_nothing_of_it(api, bot):
    await grant(api, LEAD, "lead")
    await grant(api, OTHER_LEAD, "lead")
    await join_team(api, LEAD, "Продажи", TRAINEE)
    await say(api, TRAINEE, "/play laptop-bulk-order")
    await say(api, TRAINEE, GOOD_1)
    [team] = await say(api, OTHER_LEAD, "/team")
    assert "Анна" not in team["plain_text"]
    [trainee] = await say(api, OTHER_LEAD, "/trainee Анна")
    [nobody] = await say(api, OTHER_LEAD, "/trainee Никто")
    for reply in (trainee, nobody):
        assert "нет среди участников ваших команд" in reply["plain_text"]
    answer_id = bot.db.execute("select min(id) from answers").fetchone()[0]
    [override] = await say(api, OTHER_LEAD, f"/override {answer_id} 10 x")
    [missing] = await say(api, OTHER_LEAD, "/override 99999 10 x")
    assert override["plain_text"] == missing["plain_text"]
    await say(api, OTHER_LEAD, "/report")
    assert not api.documents(OTHER_LEAD)


async def test_a_forged_report_button_is_refused(api, bot):
    await grant(api, HR, "hr")
    await create_interview(api, ["rude-client"], name="Кто-то")
    before = len(api.sent_messages(TRAINEE))
    api.press_button(TRAINEE, "ivreport:1", message_id=1)
    sent = await api.await_messages(TRAINEE, before + 1)
    assert sent[-1]["plain_text"] == "Эта команда вам недоступна."
    assert not api.documents(TRAINEE)


# ---------------------------------------------------------------------------- privacy


async def test_forget_erases_a_users_data_from_every_table(api, bot):
    await grant(api, LEAD, "lead")
    await join_team(api, LEAD, "Продажи", TRAINEE)
    await grant(api, TRAINEE, "hr")
    await say(api, TRAINEE, "/play laptop-bulk-order")
    await say(api, TRAINEE, GOOD_1)
    [confirm] = await say(api, TRAINEE, "/forget")
    [cancelled] = await press(api, TRAINEE, "forget:no", confirm, expect=1)
    assert bot.db.execute("select count(*) from answers").fetchone()[0] == 1
    [confirm] = await say(api, TRAINEE, "/forget")
    [done] = await press(api, TRAINEE, "forget:yes", confirm, expect=1)
    assert "удалены" in done["plain_text"] and cancelled
    for table in ("answers", "attempts", "team_members", "roles", "overrides"):
        column = "user_id" if table != "overrides" else "by_user"
        count = bot.db.execute(
            f"select count(*) from {table} where {column} = ?", [TRAINEE]
        ).fetchone()[0]
        assert count == 0, table
    assert bot.db.execute("select count(*) from users where id = ?", [TRAINEE]).fetchone()[0] == 0


def test_forget_on_the_command_line(tmp_path, book):
    storage = SqliteStore(tmp_path / "bot.db")
    storage.upsert_user(42, "Анна")
    storage.grant(42, "lead", 1)
    storage.create_team("T", 42, "code")
    storage.close()
    config = tmp_path / "config.yaml"
    config.write_text(f"storage:\n  path: {tmp_path / 'bot.db'}\n")
    result = CliRunner().invoke(main, ["forget", "42", "--yes", "--config", str(config)])
    assert result.exit_code == 0 and "users: 1" in result.output
    storage = SqliteStore(tmp_path / "bot.db")
    for table in ("users", "roles", "teams", "role_changes"):
        assert storage.db[table].count == 0, table
    storage.close()
