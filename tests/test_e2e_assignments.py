"""Assignments end to end over HTTP against the fake Bot API, with the JobQueue running: a
lead assigns a track, two trainees play (one passes, one does not), the bot restarts, the
clock moves past the reminder and the due date (no real waiting: an injected clock and a
sweep every 0.1 s), the lead gets the summary, and the certificate's code passes `salesbot
verify` while a tampered one is refused."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from salesbot.cli import main
from salesbot.dialogues import state_of
from salesbot.records import moment
from tests.botkit import delivered, running_bot, say
from tests.trainees import answer_for

ADMIN, LEAD, ANNA, BORIS = 1, 3, 501, 502
SECRET = "e2e-certificate-secret"
COMPLAINTS = ["rude-client", "courier-no-call", "bank-internet-fee", "support-line-wait"]
SETTINGS = {
    "admins": (ADMIN,),
    "timezone": "Europe/Moscow",
    "certificates": {"secret": SECRET},
}


def buttons(message: dict) -> list[str]:
    markup = message.get("reply_markup") or {"inline_keyboard": []}
    return [b["callback_data"] for row in markup["inline_keyboard"] for b in row]


async def act(api, storage, user: int, text: str | None = None, press: str = "", message_id=None):
    """A message or a button press from the user, handled to the end and its replies
    delivered; the bot's new messages to them."""
    before = len(api.sent_messages(user))
    if press:
        api.press_button(user, press, message_id)
    else:
        api.send_text(user, text)
    await api.await_updates_consumed(timeout=15)
    await delivered(storage)
    return api.sent_messages(user)[before:]


async def play(api, storage, book, user: int, case_id: str, *, good: bool, start: str) -> None:
    """Open the case with the assignment's start button (or /play) and answer to the end."""
    if start:
        await act(api, storage, user, press=start)
    else:
        await act(api, storage, user, f"/play {case_id}")
    case = book.cases[case_id]
    while (attempt := storage.active_attempt(user)) is not None:
        assert attempt.case_id == case_id
        state = state_of(attempt)
        visit = state.visits.get(state.step_id, 1)
        await act(api, storage, user, answer_for(case, state.step_id, visit, good=good))


def verify(code: str, db_path: Path, tmp_path: Path):
    config = tmp_path / "config.yaml"
    config.write_text(
        f"storage:\n  path: {db_path}\ncertificates:\n  secret: {SECRET}\n", encoding="utf-8"
    )
    return CliRunner().invoke(main, ["verify", code, "--config", str(config), "--lang", "ru"])


async def test_a_track_assigned_played_reminded_summarised_and_certified(
    api, book, clock, tmp_path
):
    db_path = tmp_path / "salesbot.db"
    options = {"clock": clock, "sweep_every": 0.1}
    async with running_bot(api, db_path, book, app_options=options, **SETTINGS) as storage:
        await api.await_calls("setMyCommands", 3)
        assert "certificates" in {c["command"] for c in api.commands(language_code="ru")}
        for user, name in ((LEAD, "Лена"), (ANNA, "Анна"), (BORIS, "Борис")):
            await say(api, user, "/help", first_name=name)
        await say(api, ADMIN, f"/grant {LEAD} lead")
        [created] = await say(api, LEAD, "/newteam Продажи")
        invite = re.search(r"start=(team_[\w-]+)", created["plain_text"]).group(1)
        for member in (ANNA, BORIS):
            await say(api, member, f"/start {invite}")

        # The lead assigns the complaints track to the whole team, due in three days.
        [who] = await act(api, storage, LEAD, "/assign")
        [what] = await act(api, storage, LEAD, press="asg:everyone", message_id=who["message_id"])
        [when] = await act(
            api, storage, LEAD, press="asg:track:complaints", message_id=what["message_id"]
        )
        await act(api, storage, LEAD, press="asg:due:3", message_id=when["message_id"])
        assert "Назначено: Жалобы и претензии" in api.edits(LEAD)[-1]["plain_text"]
        [notice] = api.sent_messages(ANNA)[-1:]
        [start] = buttons(notice)
        assert start.startswith("asgo:") and "Жалобы и претензии" in notice["plain_text"]
        assert buttons(api.sent_messages(BORIS)[-1]) == [start]

        # Anna passes every case; Boris plays the first one poorly and stops there.
        for case_id in COMPLAINTS:
            await play(api, storage, book, ANNA, case_id, good=True, start=start)
        await play(api, storage, book, BORIS, COMPLAINTS[0], good=False, start=start)

        anna_text = "\n".join(m["plain_text"] for m in api.sent_messages(ANNA))
        assert "сдано 3 из 4" in anna_text and "Задание «Жалобы и претензии» выполнено" in anna_text
        code = re.search(r"Код проверки: ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){4})", anna_text).group(1)
        [page] = api.documents(ANNA)
        assert page["filename"] == f"certificate-{code}.html"
        html = page["content"].decode()
        assert "Анна" in html and "Жалобы и претензии" in html and code in html
        [menu] = await act(api, storage, BORIS, "/cases")
        assert "Назначено вам" in menu["plain_text"] and "сдано 0 из 4" in menu["plain_text"]
        assignment = storage.open_assignments()[0]

    # A restart: reminders and the summary come from the database.
    async with running_bot(api, db_path, book, app_options=options, **SETTINGS) as storage:
        before = {user: len(api.sent_messages(user)) for user in (LEAD, ANNA, BORIS)}
        clock.move_to(moment(assignment.due) - timedelta(hours=23))  # the day before
        [reminder] = (await api.await_messages(BORIS, before[BORIS] + 1, timeout=10))[-1:]
        assert (
            "Напоминаю: срок задания" in reminder["plain_text"]
            and "Сдано 0 из 4" in reminder["plain_text"]
        )
        assert buttons(reminder) == [start]
        clock.move_to(moment(assignment.due) + timedelta(minutes=1))  # past the due time
        [summary] = (await api.await_messages(LEAD, before[LEAD] + 1, timeout=10))[-1:]
        text = summary["plain_text"]
        assert "Итог задания «Жалобы и претензии»" in text
        assert "Выполнили 1 из 2, сдали 1" in text
        assert "Сдали: Анна" in text and "Начали, но не закончили: Борис" in text
        assert len(api.sent_messages(ANNA)) == before[ANNA]  # passed: no reminder
        assert len(api.sent_messages(BORIS)) == before[BORIS] + 1  # once

        [listing] = await act(api, storage, LEAD, "/assignments")
        assert "(закрыто): выполнили 1/2, сдали 1" in listing["plain_text"]
        await act(api, storage, LEAD, "/report")
        grid = next(d for d in api.documents(LEAD) if d["filename"].endswith("assignments.csv"))
        rows = grid["content"].decode().splitlines()
        assert len(rows) == 1 + 2 * 4 and any("Анна" in r and ",passed," in r for r in rows)
        [listed] = await act(api, storage, ANNA, "/certificates")
        assert code in listed["plain_text"]
        assert storage.certificate_by_code(code).name == "Анна"

    genuine = verify(code, db_path, tmp_path)
    assert genuine.exit_code == 0, genuine.output
    assert "Анна" in genuine.output and "Жалобы и претензии" in genuine.output
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    refused = verify(tampered, db_path, tmp_path)
    assert refused.exit_code == 1 and "не подтверждён" in refused.output
