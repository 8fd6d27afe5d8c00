"""Reports and messages that always arrive: every staff view with hostile names, answers,
team names and candidate names (hypothesis) over the real bot, in the fast layer
(tests/chatkit.py) and over HTTP against the fake Bot API (tests/fakebotapi.py); long
messages cut between entities; plain button labels; CSVs no spreadsheet runs; HR and
leads written to in their own language; overrides and answer ids in the reports."""

from __future__ import annotations

import csv
import io
import re
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesbot.cli import main
from salesbot.storage import SqliteStore
from salesbot.tg import staff
from tests.botkit import running_bot, say
from tests.chatkit import ChatBot, chat_bot
from tests.fakebotapi import FakeBotAPI
from tests.staffkit import agree, create_interview, join_team

ADMIN, HR, LEAD, TRAINEE, CANDIDATE = 1, 2, 3, 4, 5
FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]
NASTY = [
    "<b>",
    "</i>",
    "&",
    "&amp;",
    "&lt;i&gt;",
    "<i>x</i>",
    "a & b\n<c>",
    "<a href='tg://user?id=1'>",
    "&#0;",
    "\u202e",
    "😀",
    "\n&\n",
    '"',
    "'",
    *FORMULAS[:4],
]
unicode_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
)
fragment = st.one_of(st.sampled_from(NASTY), unicode_text)


def names(max_parts: int) -> st.SearchStrategy[str]:
    """Hostile names as Telegram has them: on one line, no blanks around."""
    return hostile(max_parts).map(lambda s: " ".join(s.split())).filter(bool)


def hostile(max_parts: int) -> st.SearchStrategy[str]:
    """Text built of HTML-like pieces, entities, formulas, line breaks and any Unicode;
    never blank (Telegram has no blank names or messages)."""
    return (
        st.lists(fragment, min_size=1, max_size=max_parts)
        .map("".join)
        .filter(lambda s: s.strip() and not s.lstrip().startswith("/"))
    )


def one_line(text: str) -> str:
    """As a command's argument or a set-up answer arrives: words joined by single spaces."""
    return " ".join(text.split())


def shown(messages: list[dict]) -> str:
    return "\n".join(m["plain_text"] for m in messages)


async def introduce(bot: ChatBot, names: dict[int, str]) -> None:
    for user, name in names.items():
        await bot.say(user, "/help", first_name=name)


async def staff_views(
    bot: ChatBot, *, lead: str, member: str, team: str, answer: str, candidate: str
) -> dict[str, list[dict]]:
    """Every staff view, in order: grants, a team with a member who answered, /team,
    /trainee, /override, /report, the digest, an interview with HR's summary, /interviews
    and its report button. Returns what each view sent."""
    views: dict[str, list[dict]] = {}
    await introduce(bot, {ADMIN: "Админ", HR: "Ольга", LEAD: lead, TRAINEE: member})
    await bot.say(CANDIDATE, "/help", first_name="Кандидат")
    views["grant"] = await bot.say(ADMIN, f"/grant {LEAD} lead")
    await bot.say(ADMIN, f"/grant {HR} hr")
    created, joined = await join_team(bot, LEAD, team, TRAINEE)
    views["newteam"], views["joined"] = [created], [joined]
    await bot.say(TRAINEE, "/play laptop-bulk-order")
    await bot.say(TRAINEE, answer)
    views["team"] = await bot.say(LEAD, "/team")
    views["trainee"] = await bot.say(LEAD, f"/trainee {TRAINEE}")
    answer_id = bot.store.db.execute("select max(id) from answers").fetchone()[0]
    views["override"] = await bot.say(LEAD, f"/override {answer_id} 55 {answer}")
    views["report"] = await bot.say(LEAD, "/report")
    before = len(bot.sent(LEAD))
    await staff.weekly_digest(SimpleNamespace(application=bot.app, bot=bot.app.bot))
    await bot.deliver()
    views["digest"] = bot.sent(LEAD)[before:]

    payload = await create_interview(bot, HR, candidate)
    views["link"] = bot.sent(HR)[-1:]
    await agree(bot, CANDIDATE, payload)
    before = len(bot.sent(HR))
    await bot.say(CANDIDATE, answer)
    await bot.say(CANDIDATE, "/stop")
    await bot.press(CANDIDATE, "ivstop:yes")
    views["summary"] = bot.sent(HR)[before:]
    views["interviews"] = await bot.say(HR, "/interviews")
    return views


def assert_every_view_shows(
    views: dict[str, list[dict]], *, lead: str, member: str, team: str, answer: str, candidate: str
) -> None:
    """What Telegram shows is exactly the text people typed (escaped on the way, never
    cut inside, never shown as &lt;...&gt;)."""
    assert lead in shown(views["grant"])
    assert one_line(team) in shown(views["newteam"]) and one_line(team) in shown(views["joined"])
    assert member in shown(views["team"]) and one_line(team) in shown(views["team"])
    assert member in shown(views["trainee"]) and answer[:300] in shown(views["trainee"])
    assert "→ 55" in shown(views["override"])
    assert one_line(team) in shown(views["digest"]) and member in shown(views["digest"])
    assert one_line(candidate) in shown(views["link"])
    assert one_line(candidate) in shown(views["summary"])
    [listing] = views["interviews"]
    assert one_line(candidate) in listing["plain_text"]
    [[button]] = listing["reply_markup"]["inline_keyboard"]
    assert button["text"] == f"Отчёт: {one_line(candidate)} (#1)"  # plain, not escaped


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lead=names(3),
    member=names(3),
    team=hostile(4).filter(lambda s: len(one_line(s)) <= 80),
    answer=hostile(12),
    candidate=hostile(4).filter(lambda s: len(one_line(s)) <= 100),
)
async def test_every_staff_view_arrives_whatever_people_type(
    book, lead, member, team, answer, candidate
):
    people = {"lead": lead, "member": member, "team": team, "answer": answer}
    async with chat_bot(book, admins=(ADMIN,)) as bot:
        views = await staff_views(bot, **people, candidate=candidate)
        assert bot.refused_calls() == []  # Telegram would accept every message
        assert_every_view_shows(views, **people, candidate=candidate)


@pytest.fixture(scope="module")
def http_api():
    with FakeBotAPI() as server:
        yield server
        assert server.errors == []


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=hostile(4),
    answer=hostile(10),
    team=hostile(3).filter(lambda s: len(s) < 60),
)
async def test_staff_views_arrive_over_http(http_api, tmp_path_factory, book, name, answer, team):
    api = http_api
    calls_before = len(api.calls())
    db = tmp_path_factory.mktemp("hostile") / "bot.db"
    async with running_bot(api, db, book, admins=(ADMIN,)):
        await say(api, ADMIN, "/help", first_name="Админ")
        await say(api, LEAD, "/help", first_name=name)
        await say(api, TRAINEE, "/help", first_name=name)
        await say(api, ADMIN, f"/grant {LEAD} lead")
        [created] = await say(api, LEAD, f"/newteam {team}")
        payload = re.search(r"start=(team_[\w-]+)", created["plain_text"]).group(1)
        await say(api, TRAINEE, f"/start {payload}")
        await say(api, TRAINEE, "/play laptop-bulk-order")
        await say(api, TRAINEE, answer)
        team_view = await say(api, LEAD, "/team")
        trainee_view = await say(api, LEAD, f"/trainee {TRAINEE}")
        await api.await_updates_consumed()
    refused = [c for c in api.calls()[calls_before:] if c["status"] == 400]
    assert refused == []
    assert name in shown(team_view) and one_line(team) in shown(team_view)
    assert answer[:300] in shown(trainee_view)


# ---------------------------------------------------------------------------- long views


async def test_a_long_team_view_is_cut_between_entities(book):
    name = "&<b>Иванова\u202e & Co</b>" * 3
    async with chat_bot(book, admins=(ADMIN,)) as bot:
        await introduce(bot, {ADMIN: "Админ", LEAD: "Лена"})
        await bot.say(ADMIN, f"/grant {LEAD} lead")
        [created] = await bot.say(LEAD, "/newteam Продажи & <Север>")
        payload = re.search(r"start=(team_[\w-]+)", created["plain_text"]).group(1)
        for i in range(80):
            await bot.say(100 + i, f"/start {payload}", first_name=f"{name}{i}")
        pieces = await bot.say(LEAD, "/team")
        assert len(pieces) > 1 and bot.refused_calls() == []
        text = shown(pieces)
        assert all(f"{name}{i}" in text for i in range(80))


async def test_long_answers_with_line_breaks_and_ampersands_reach_the_lead(book):
    answer = ("Понимаю & <b>ценю</b>\n& поэтому: среда, 15:00 &amp; четверг\n" * 20)[:900]
    async with chat_bot(book, admins=(ADMIN,)) as bot:
        await introduce(bot, {ADMIN: "Админ", LEAD: "Лена", TRAINEE: "Анна"})
        await bot.say(ADMIN, f"/grant {LEAD} lead")
        await join_team(bot, LEAD, "Продажи", TRAINEE)
        for _ in range(4):
            await bot.say(TRAINEE, "/play rude-client")
            for _ in range(3):
                await bot.say(TRAINEE, answer)
        pieces = await bot.say(LEAD, f"/trainee {TRAINEE}")
        assert bot.refused_calls() == []
        assert answer[:300] in shown(pieces)


# ---------------------------------------------------------------------------- buttons


async def test_button_labels_are_plain_text(book):
    async with chat_bot(book, admins=(ADMIN,)) as bot:
        await introduce(bot, {ADMIN: "Админ", HR: "Ольга"})
        await bot.say(ADMIN, f"/grant {HR} hr")
        await create_interview(bot, HR, "<i>Иван</i> & Co")
        labels = [
            b["text"]
            for m in [*bot.sent(HR), *bot.edits(HR)]
            for row in (m["reply_markup"] or {}).get("inline_keyboard", [])
            for b in row
        ]
        assert labels and not [label for label in labels if "&" in label and ";" in label]
        [listing] = await bot.say(HR, "/interviews")
        assert "<i>Иван</i> & Co" in listing["plain_text"]
        assert bot.refused_calls() == []


# ---------------------------------------------------------------------------- CSV


def rows_of(document: dict) -> list[list[str]]:
    return list(csv.reader(io.StringIO(document["content"].decode("utf-8"))))


def assert_no_live_formula(rows: list[list[str]]) -> None:
    """No cell a spreadsheet would run; a negative number (an NPS) is just a number."""
    for row in rows:
        for cell in row:
            if not re.fullmatch(r"-[0-9]+(\.[0-9]+)?", cell):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


async def test_no_csv_cell_is_a_formula(book, tmp_path):
    db = tmp_path / "bot.db"
    async with chat_bot(book, SqliteStore(db), admins=(ADMIN,)) as bot:
        await introduce(bot, {ADMIN: "Админ", HR: "Ольга", LEAD: "Лена", TRAINEE: FORMULAS[0]})
        await bot.say(ADMIN, f"/grant {LEAD} lead")
        await bot.say(ADMIN, f"/grant {HR} hr")
        await join_team(bot, LEAD, FORMULAS[3], TRAINEE)
        for formula in FORMULAS:
            await bot.say(TRAINEE, "/play rude-client")
            await bot.say(TRAINEE, formula)
        answer_id = bot.store.db.execute("select min(id) from answers").fetchone()[0]
        await bot.say(LEAD, f"/override {answer_id} 10 {FORMULAS[2]}")
        await bot.say(LEAD, "/report")
        await agree(bot, CANDIDATE, await create_interview(bot, HR, FORMULAS[1]))
        await bot.say(CANDIDATE, FORMULAS[0])
        await bot.say(CANDIDATE, "/stop")
        await bot.press(CANDIDATE, "ivstop:yes")
        documents = [d for d in bot.documents() if d["filename"].endswith(".csv")]
        stored = [a.text for a in bot.store.practice_answers(TRAINEE)]
    assert {d["filename"] for d in documents} == {
        "team-1.csv",
        "team-1-answers.csv",
        "interview-1.csv",
    }
    for document in documents:
        rows = rows_of(document)
        assert_no_live_formula(rows)
    answers = rows_of(next(d for d in documents if d["filename"] == "team-1-answers.csv"))
    texts = [row[answers[0].index("answer")] for row in answers[1:]]
    assert sorted(stored) == sorted(FORMULAS)
    assert sorted(texts) == sorted("'" + f for f in FORMULAS)  # each kept, as text
    config = tmp_path / "config.yaml"
    config.write_text(f"storage:\n  path: {db}\n")
    exported = CliRunner().invoke(main, ["export", "--config", str(config)])
    assert exported.exit_code == 0
    rows = list(csv.reader(io.StringIO(exported.output)))
    assert len(rows) == 1 + len(FORMULAS) + 1
    assert_no_live_formula(rows)


# ---------------------------------------------------------------------------- language


async def test_hr_gets_the_summary_and_report_in_their_own_language(book):
    async with chat_bot(book, admins=(ADMIN,), language="ru") as bot:
        await bot.say(ADMIN, "/help", first_name="Admin")
        await bot.say(HR, "/help", first_name="Olga", language_code="en")
        await bot.say(ADMIN, f"/grant {HR} hr")
        payload = await create_interview(bot, HR, "Ivan")
        [opening] = await agree(bot, CANDIDATE, payload)
        assert "Начинаем" in opening["plain_text"]  # the candidate reads Russian
        before = len(bot.sent(HR))
        await bot.say(CANDIDATE, "Сами вы бездельник, нечего тут орать!")
        [summary] = bot.sent(HR)[before:]
        assert "case interview" in summary["plain_text"]
        page = next(d for d in bot.documents(HR) if d["filename"].endswith(".html"))
        assert '<html lang="en">' in page["content"].decode()


async def test_the_digest_is_in_each_lead_s_own_language(book):
    async with chat_bot(book, admins=(ADMIN,), language="ru") as bot:
        await bot.say(ADMIN, "/help", first_name="Admin")
        await bot.say(LEAD, "/help", first_name="Lena", language_code="en")
        await bot.say(ADMIN, f"/grant {LEAD} lead")
        await bot.say(LEAD, "/newteam Sales")
        before = len(bot.sent(LEAD))
        await staff.weekly_digest(SimpleNamespace(application=bot.app, bot=bot.app.bot))
        await bot.deliver()
        [digest] = bot.sent(LEAD)[before:]
        assert 'Team "Sales"' in digest["plain_text"]


# ---------------------------------------------------------------------------- overrides


async def test_the_team_report_shows_overrides_and_answer_ids(book):
    async with chat_bot(book, admins=(ADMIN,)) as bot:
        await introduce(bot, {ADMIN: "Админ", LEAD: "Лена", TRAINEE: "Анна"})
        await bot.say(ADMIN, f"/grant {LEAD} lead")
        await join_team(bot, LEAD, "Продажи", TRAINEE)
        await bot.say(TRAINEE, "/play laptop-bulk-order")
        await bot.say(TRAINEE, "Да, успеем: доставка в среду, настройка в четверг.")
        await bot.say(LEAD, "/report")
        answers = rows_of(next(d for d in bot.documents(LEAD) if "answers" in d["filename"]))
        answer_id = answers[1][0]  # the id /override takes, straight from the CSV
        original = answers[1][answers[0].index("total")]
        [done] = await bot.say(LEAD, f"/override {answer_id} 31 назвать время доставки")
        assert f"{original} → 31" in done["plain_text"]
        before = len(bot.documents(LEAD))
        await bot.say(LEAD, "/report")
        page, _, table = bot.documents(LEAD)[before:]
        html = page["content"].decode()
        section = html[html.index('id="overrides"') : html.index('id="trend"')]
        for shown_text in (answer_id, "Анна", original, "31", "назвать время доставки", "Лена"):
            assert shown_text in section, shown_text
        row = rows_of(table)[1]
        assert row[:1] == [answer_id] and row[8:11] == ["31", "назвать время доставки", "Лена"]
