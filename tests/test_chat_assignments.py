"""/assign, /assignments, /cases with assignments, the start button, /certificates: the real
Application fed Update objects (the fast layer, no HTTP)."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from types import SimpleNamespace

import pytest

from salesbot.replies import message
from salesbot.tg.common import run_job
from tests.chatkit import ChatBot, chat_bot

ADMIN, LEAD, OTHER_LEAD, ANNA, BORIS = 1, 3, 4, 5, 8
REFUSED = "Эта команда вам недоступна."


@pytest.fixture
async def bot(book, clock) -> AsyncIterator[ChatBot]:
    async with chat_bot(book, clock=clock, admins=(ADMIN,), timezone="Europe/Moscow") as bot:
        for user, name in ((ADMIN, "Админ"), (LEAD, "Лена"), (OTHER_LEAD, "Пётр")):
            await bot.say(user, "/help", first_name=name)
        for user, name in ((ANNA, "Анна"), (BORIS, "Борис")):
            await bot.say(user, "/help", first_name=name)
        for lead in (LEAD, OTHER_LEAD):
            await bot.say(ADMIN, f"/grant {lead} lead")
        [created] = await bot.say(LEAD, "/newteam Продажи")
        invite = re.search(r"start=(team_[\w-]+)", created["plain_text"]).group(1)
        for member in (ANNA, BORIS):
            await bot.say(member, f"/start {invite}")
        yield bot
        assert bot.refused_calls() == []  # every message and keyboard valid for Telegram


def buttons(message: dict) -> list[dict]:
    return [b for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def assign_complaints(bot: ChatBot) -> int:
    """The lead assigns the complaints track to the whole team, due in 3 days."""
    [who] = await bot.say(LEAD, "/assign")
    assert "назначить всем или отмеченным" in who["plain_text"]
    [what] = await bot.press(LEAD, "asg:everyone", who["message_id"])
    labels = [b["text"] for b in buttons(what)]
    assert labels[0].startswith("🎯 ") and any("Жалобы и претензии" in label for label in labels)
    [when] = await bot.press(LEAD, "asg:track:complaints", what["message_id"])
    assert "18:00 (Europe/Moscow)" in when["plain_text"]
    assert [b["callback_data"] for b in buttons(when)][:4] == [
        f"asg:due:{d}" for d in (1, 3, 7, 14)
    ]
    await bot.press(LEAD, "asg:due:3", when["message_id"])
    assert "Назначено: Жалобы и претензии" in bot.edits(LEAD)[-1]["plain_text"]
    return int(buttons(bot.sent(ANNA)[-1])[0]["callback_data"].removeprefix("asgo:"))


async def test_a_lead_assigns_a_track_with_buttons_and_the_team_is_told(bot):
    assignment = await assign_complaints(bot)
    for member in (ANNA, BORIS):
        notice = bot.sent(member)[-1]
        assert "Лена назначил(а) вам трек Жалобы и претензии" in notice["plain_text"]
        assert "Нужно сдать все" in notice["plain_text"]
        assert buttons(notice)[0] == {"text": "Начать", "callback_data": f"asgo:{assignment}"}


async def test_the_start_button_opens_the_first_case_of_the_track(bot):
    assignment = await assign_complaints(bot)
    [opening] = await bot.press(ANNA, f"asgo:{assignment}")
    assert "Грубый клиент" in opening["plain_text"] and "Игорь:" in opening["plain_text"]


async def test_cases_shows_the_assignment_first(bot):
    await assign_complaints(bot)
    [menu] = await bot.say(ANNA, "/cases")
    assert menu["plain_text"].startswith("📌 Назначено вам")
    assert "сдано 0 из 4" in menu["plain_text"]
    first = buttons(menu)[:4]
    assert all(b["text"].startswith("📌 ") for b in first)
    assert first[0]["callback_data"] == "play:rude-client"


async def test_the_lead_lists_assignments_and_a_trainee_is_refused(bot):
    await assign_complaints(bot)
    [listing] = await bot.say(LEAD, "/assignments")
    assert "Жалобы и претензии · Продажи" in listing["plain_text"]
    assert "выполнили 0/2, сдали 0, не начинали 2" in listing["plain_text"]
    [none] = await bot.say(OTHER_LEAD, "/assignments")
    assert "Заданий пока нет" in none["plain_text"]
    [refused] = await bot.say(ANNA, "/assignments")
    assert refused["plain_text"] == REFUSED


async def test_forged_assign_buttons_from_a_trainee_create_nothing(bot):
    [refused] = await bot.say(ANNA, "/assign")
    assert refused["plain_text"] == REFUSED
    for data in ("asg:team:1", "asg:everyone", "asg:track:complaints", "asg:due:3"):
        [reply] = await bot.press(ANNA, data)  # no set-up of hers to continue
        assert reply["plain_text"] == "Эта настройка устарела. Начните заново: /assign"
    assert bot.store.open_assignments() == []


async def test_another_lead_pressing_a_forged_team_button_is_refused(bot):
    [none] = await bot.say(OTHER_LEAD, "/assign")
    assert "/newteam" in none["plain_text"]
    await bot.say(OTHER_LEAD, "/newteam Своя")
    [who] = await bot.say(OTHER_LEAD, "/assign")
    [refused] = await bot.press(OTHER_LEAD, "asg:team:1", who["message_id"])  # Лена's team
    assert refused["plain_text"] == REFUSED
    assert bot.store.open_assignments() == []


async def test_a_start_button_of_someone_else_s_assignment_starts_nothing(bot):
    assignment = await assign_complaints(bot)
    await bot.say(ADMIN, "/help")
    [nothing] = await bot.press(ADMIN, f"asgo:{assignment}")
    assert "закрыто или уже выполнено" in nothing["plain_text"]
    [nothing] = await bot.press(ANNA, "asgo:999")
    assert "закрыто или уже выполнено" in nothing["plain_text"]


async def test_certificates_without_any_and_a_forged_certificate_button(bot):
    [none] = await bot.say(ANNA, "/certificates")
    assert "Сертификатов пока нет" in none["plain_text"]
    [refused] = await bot.press(ANNA, "cert:1")
    assert "нет" in refused["plain_text"] and bot.documents(ANNA) == []


async def test_button_labels_are_plain_text_not_html(bot):
    """Telegram shows a button's text as it is: nothing in it may be HTML-escaped."""
    await bot.say(BORIS, "/lang en", first_name="Oleg & <Sons>")
    [who] = await bot.say(LEAD, "/assign")
    assert "▫️ Oleg & <Sons>" in [b["text"] for b in buttons(who)]
    [menu] = await bot.say(BORIS, "/cases")
    assert "The 'too expensive' objection ★★" in [b["text"] for b in buttons(menu)]


async def test_a_scheduled_job_waits_for_the_update_being_handled_and_keeps_its_own_writes(
    bot,
):
    """A reminder sweep that fires while an update's transaction is open must neither write
    into that transaction nor be rolled back with it."""
    outbox = bot.app.bot_data["outbox"]

    def job(svc):
        svc.store.set_language(ANNA, "en")  # a write of the job's own
        return message("A note from a job", to=ANNA)

    context = SimpleNamespace(application=bot.app, bot=bot.app.bot)
    async with outbox.lock:  # what the processor holds while it handles an update
        with contextlib.suppress(RuntimeError), bot.store.transaction():
            bot.store.set_language(BORIS, "en")
            sweep = asyncio.create_task(run_job(context, job))
            await asyncio.sleep(0.05)
            assert not sweep.done()  # it waits for the update
            raise RuntimeError("the update's handler failed: its transaction rolls back")
    await sweep
    await bot.deliver()
    assert bot.store.user(ANNA).lang == "en"  # the job's write stayed
    assert bot.store.user(BORIS).lang != "en"  # the update's did not
    assert bot.sent(ANNA)[-1]["plain_text"] == "A note from a job"
