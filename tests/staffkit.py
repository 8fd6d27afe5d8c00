"""Staff steps through the real bot (tests/chatkit.py), shared by the access and messages
tests: granting a role, setting up an interview with its buttons, agreeing to it, a team
with a member, and what HR receives at the end of an interview."""

from __future__ import annotations

import re

from tests.chatkit import ChatBot

NASTY_NAME = "<script>alert(1)</script> Иванов & Co"  # a candidate's name as HR may type it


async def grant(bot: ChatBot, admin: int, user: int, role: str) -> None:
    [reply] = await bot.say(admin, f"/grant {user} {role}")
    assert role in reply["plain_text"], reply["plain_text"]


async def create_interview(bot: ChatBot, hr: int, name: str, case: str = "rude-client") -> str:
    """HR sets up an interview through the buttons; returns the link's /start payload."""
    [picker] = await bot.say(hr, "/interview")
    await bot.press(hr, f"ivcase:{case}", picker["message_id"])
    await bot.press(hr, "ivnext", picker["message_id"])
    [deadline] = await bot.say(hr, name)
    [limit] = await bot.press(hr, "ivdays:3", deadline["message_id"])
    [link] = await bot.press(hr, "ivlimit:0", limit["message_id"])
    return re.search(r"start=(iv_[\w-]+)", link["plain_text"]).group(1)


async def consent_button(bot: ChatBot, user: int, payload: str) -> str:
    """The user opens an interview link; returns the data of its "I agree" button."""
    [consent] = await bot.say(user, f"/start {payload}")
    return consent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]


async def agree(bot: ChatBot, user: int, payload: str) -> list[dict]:
    """The user opens an interview link and agrees; returns the opening messages."""
    return await bot.press(user, await consent_button(bot, user, payload))


async def join_team(bot: ChatBot, lead: int, name: str, member: int) -> list[dict]:
    """The lead creates a team, the member joins it; returns what each was told."""
    [created] = await bot.say(lead, f"/newteam {name}")
    payload = re.search(r"start=(team_[\w-]+)", created["plain_text"]).group(1)
    return [created, *await bot.say(member, f"/start {payload}")]


def check_interview_report(messages: list[dict], documents: list[dict]) -> None:
    """HR's summary of the laptop + rude-client interview of a candidate called NASTY_NAME,
    with its HTML report and CSV, everything escaped (the fast and the HTTP layer alike)."""
    summary = next(m for m in messages if "кейс-интервью" in m["plain_text"])
    assert NASTY_NAME in summary["plain_text"]  # escaped for Telegram, shown as text
    assert {d["filename"].rsplit(".", 1)[1] for d in documents} == {"html", "csv"}
    html = next(d for d in documents if d["filename"].endswith(".html"))["content"].decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "Доставка" in html or "доставка" in html
    csv_text = next(d for d in documents if d["filename"].endswith(".csv"))["content"].decode()
    assert "rude-client" in csv_text and "laptop-bulk-order" in csv_text
