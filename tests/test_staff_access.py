"""Access and integrity, probed from the outside: every kind of button the bot sends pressed
by someone else and with tampered data, grants by exact username, the wrong-code lock-out
kept in SQLite, odd command arguments, and what /forget erases for each role. The real
Application on a real SQLite store (tests/chatkit.py), the restart over HTTP against the
fake Bot API (tests/fakebotapi.py)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.ext import CallbackQueryHandler, ConversationHandler

from salesbot import access
from salesbot.storage import SqliteStore
from tests import staffkit
from tests.botkit import running_bot, say
from tests.chatkit import ChatBot, chat_bot
from tests.staffkit import consent_button, create_interview, join_team
from tests.trainees import answer_for

ADMIN, HR, OTHER_HR, LEAD, OTHER_LEAD, TRAINEE, CANDIDATE, STRANGER = 1, 2, 3, 4, 5, 6, 7, 8
NAMES = {
    ADMIN: "Админ",
    HR: "Ольга",
    OTHER_HR: "Ирина",
    LEAD: "Лена",
    OTHER_LEAD: "Пётр",
    TRAINEE: "Анна",
    CANDIDATE: "Кандидат",
    STRANGER: "Гость",
}
GOOD = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
REFUSED = "Эта команда вам недоступна."
ERROR_TEXT = "Что-то пошло не так"


@pytest.fixture
async def bot(book) -> AsyncIterator[ChatBot]:
    async with chat_bot(book, admins=(ADMIN,), certificates={"secret": "s" * 32}) as bot:
        for user, name in NAMES.items():
            await bot.say(user, "/help", first_name=name)
        yield bot
        assert bot.refused_calls() == []  # nothing Telegram would refuse, ever
        assert not [m for m in bot.sent() if ERROR_TEXT in m["plain_text"]]


async def grant(bot: ChatBot, user: int, role: str) -> None:
    await staffkit.grant(bot, ADMIN, user, role)


def interview_row(bot: ChatBot, interview_id: int) -> tuple:
    return bot.store.db.execute(
        "select candidate_user_id, status from interviews where id = ?", [interview_id]
    ).fetchone()


# ---------------------------------------------------------------------------- buttons


def callback_patterns(app) -> set[str]:
    """The data patterns of every button handler the application has, conversations too."""
    found: set[str] = set()

    def walk(handler) -> None:
        if isinstance(handler, CallbackQueryHandler) and handler.pattern is not None:
            found.add(handler.pattern.pattern)
        if isinstance(handler, ConversationHandler):
            for inner in (*handler.entry_points, *handler.fallbacks):
                walk(inner)
            for handlers in handler.states.values():
                for inner in handlers:
                    walk(inner)

    for handlers in app.handlers.values():
        for handler in handlers:
            walk(handler)
    return found


def buttons_sent(bot: ChatBot, per_kind: int = 2) -> list[tuple[int, str]]:
    """(chat, callback data) of the buttons of the messages the bot sent or edited: every
    kind, and at most `per_kind` of each per chat (the replies are rate-limited, as in
    production, so each press costs time)."""
    found: dict[tuple[int, str], None] = {}
    kinds: dict[tuple[int, str], int] = {}
    for message in [*bot.request.sent, *bot.request.edits]:
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                chat, data = message["chat_id"], button["callback_data"]
                kind = (chat, data.split(":")[0])
                if (chat, data) not in found and kinds.get(kind, 0) < per_kind:
                    found[(chat, data)] = None
                    kinds[kind] = kinds.get(kind, 0) + 1
    return list(found)


def tampered(data: str) -> list[str]:
    """Forged variants of a button's data: other ids and codes, overflow, junk (at most
    64 bytes, as Telegram allows)."""
    prefix, colon, rest = data.partition(":")
    if not colon:
        return [data + "x", data + ":1"]
    others = ["", "1", "2", "99999999999999999999999", "²", "-1", rest + "x", rest[:-1]]
    variants = [f"{prefix}:{o}" for o in others if o != rest]
    return [v.encode()[:64].decode(errors="ignore") for v in variants]


def snapshot(bot: ChatBot, pressers: set[int]) -> dict[str, list]:
    """Everything that belongs to someone other than the pressers."""
    db = bot.store.db
    tables = ("interviews", "answers", "overrides", "roles", "role_changes", "teams")
    state = {t: db.execute(f"select * from {t} order by 1").fetchall() for t in tables}
    state["team_members"] = db.execute("select * from team_members order by 1, 2").fetchall()
    marks = ",".join("?" for _ in pressers)
    state["attempts"] = db.execute(
        f"select * from attempts where user_id not in ({marks}) order by id", sorted(pressers)
    ).fetchall()
    return state


@pytest.fixture
async def staffed(bot, book):
    """Every kind of button sent at least once: cases, language, forget, an interview set
    up (picker, deadline, limit), consented to and asked to stop, HR's listing; another
    HR's interview; a lead's team with a member who practised."""
    await grant(bot, HR, "hr")
    await grant(bot, OTHER_HR, "hr")
    await grant(bot, LEAD, "lead")
    await grant(bot, OTHER_LEAD, "lead")
    await join_team(bot, LEAD, "Продажи", TRAINEE)
    [menu] = await bot.say(TRAINEE, "/cases")
    await bot.press(TRAINEE, "play:laptop-bulk-order", menu["message_id"])
    await bot.say(TRAINEE, GOOD)
    await bot.say(TRAINEE, "/lang")
    await bot.say(TRAINEE, "/forget")
    mine = await create_interview(bot, HR, "Кандидат Первый")
    theirs = await create_interview(bot, OTHER_HR, "Кандидат Второй")
    agree = await consent_button(bot, CANDIDATE, mine)
    await bot.press(CANDIDATE, agree)
    await bot.say(CANDIDATE, "/stop")
    await bot.say(CANDIDATE, "Извините, сейчас всё проверю и перезвоню до 15:00.")
    other_candidate = 9
    await bot.press(other_candidate, await consent_button(bot, other_candidate, theirs))
    await bot.say(HR, "/interviews")
    await bot.say(OTHER_HR, "/interviews")
    await assign_and_pass_a_track(bot, book)
    return bot


async def assign_and_pass_a_track(bot: ChatBot, book) -> None:
    """The lead assigns the complaints track; the trainee starts it from the button, plays
    each case with its model answers and gets a certificate."""
    from salesbot.dialogues import state_of

    [who] = await bot.say(LEAD, "/assign")
    [what] = await bot.press(LEAD, "asg:everyone", who["message_id"])
    [when] = await bot.press(LEAD, "asg:track:complaints", what["message_id"])
    await bot.press(LEAD, "asg:due:3", when["message_id"])
    start = bot.sent(TRAINEE)[-1]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await bot.press(TRAINEE, start)
    for case_id in ("rude-client", "courier-no-call", "bank-internet-fee", "support-line-wait"):
        if (attempt := bot.store.active_attempt(TRAINEE)) is None or attempt.case_id != case_id:
            await bot.say(TRAINEE, f"/play {case_id}")
        case = book.cases[case_id]
        while (attempt := bot.store.active_attempt(TRAINEE)) is not None:
            state = state_of(attempt)
            visit = state.visits.get(state.step_id, 1)
            await bot.say(TRAINEE, answer_for(case, state.step_id, visit, good=True))
    await bot.say(TRAINEE, "/certificates")


async def test_every_kind_of_button_is_replayed_here(staffed):
    """The replay below covers every button handler of the application: a new kind of
    button makes this fail until it is replayed too."""
    patterns = callback_patterns(staffed.app)
    sent = [data for _, data in buttons_sent(staffed)]
    unmatched = {p for p in patterns if not any(re.search(p, d) for d in sent)}
    assert unmatched == set()
    assert len(patterns) >= 10


@pytest.mark.parametrize("presser", [STRANGER, OTHER_HR, TRAINEE])
async def test_other_people_pressing_anyone_s_buttons_change_nothing_of_others(
    staffed, presser, caplog
):
    bot = staffed
    caplog.set_level(logging.ERROR)
    # Except "forget:yes": whoever presses it erases their own data, which is theirs to do.
    buttons = [data for owner, data in buttons_sent(bot) if owner != presser]
    presses = [d for d in buttons + [v for d in buttons for v in tampered(d)] if d != "forget:yes"]
    before = snapshot(bot, {presser})
    answered = len(bot.request.callback_answers)
    others_before = {u: len(bot.sent(u)) for u in NAMES if u != presser}
    documents_before = len(bot.documents())
    for data in presses:
        await bot.press(presser, data)
    assert snapshot(bot, {presser}) == before
    assert len(bot.request.callback_answers) == answered + len(presses)  # all answered
    assert {u: len(bot.sent(u)) for u in others_before} == others_before  # nobody told
    new_documents = bot.documents()[documents_before:]
    assert all(d["chat_id"] == presser for d in new_documents)
    if presser != OTHER_HR:  # OTHER_HR's own report button is among the replayed ones
        assert new_documents == []
    assert caplog.records == []


async def test_tampered_buttons_of_one_s_own_change_nothing_of_others(staffed, caplog):
    bot = staffed
    caplog.set_level(logging.ERROR)
    for owner in (HR, CANDIDATE, TRAINEE, LEAD):
        before = snapshot(bot, {owner})
        own = [data for chat, data in buttons_sent(bot) if chat == owner]
        for data in own:
            for forged in tampered(data):
                if not forged.startswith(("forget:", "ivstop:")):  # those are one's own
                    await bot.press(owner, forged)
        assert snapshot(bot, {owner}) == before, owner
    assert not [d for d in bot.documents(HR) if "interview-2" in d["filename"]]
    assert caplog.records == []


async def test_a_forged_consent_button_starts_no_interview(bot):
    """The reported bug: `ivok:<id>` of an interview whose code the presser never had."""
    await grant(bot, HR, "hr")
    payload = await create_interview(bot, HR, "Настоящий кандидат")
    [forged] = await bot.press(STRANGER, "ivok:1")
    assert "не относится ни к одной действующей ссылке" in forged["plain_text"]
    assert interview_row(bot, 1) == (None, "created")
    [started] = await bot.press(CANDIDATE, await consent_button(bot, CANDIDATE, payload))
    assert "Начинаем" in started["plain_text"]
    assert interview_row(bot, 1) == (CANDIDATE, "in_progress")


async def test_a_consent_button_starts_only_its_own_interview(bot):
    await grant(bot, HR, "hr")
    first = await create_interview(bot, HR, "Первый")
    second = await create_interview(bot, HR, "Второй")
    agree_first = await consent_button(bot, CANDIDATE, first)
    assert agree_first == f"ivok:{first.removeprefix('iv_')}"
    await bot.press(CANDIDATE, agree_first)
    assert interview_row(bot, 1)[0] == CANDIDATE and interview_row(bot, 2) == (None, "created")
    await consent_button(bot, STRANGER, second)  # the link is opened, not agreed to
    assert interview_row(bot, 2) == (None, "created")


async def test_a_revoked_hr_is_stopped_at_the_next_button(bot):
    await grant(bot, HR, "hr")
    [picker] = await bot.say(HR, "/interview")
    await bot.say(ADMIN, f"/revoke {HR} hr")
    [refused] = await bot.press(HR, "ivcase:rude-client", picker["message_id"])
    assert refused["plain_text"] == REFUSED
    [stale] = await bot.press(HR, "ivnext", picker["message_id"])  # the set-up is over
    assert "больше не работает" in stale["plain_text"]
    assert bot.store.db.execute("select count(*) from interviews").fetchone()[0] == 0


async def test_tampered_set_up_buttons_ask_again(bot):
    await grant(bot, HR, "hr")
    [picker] = await bot.say(HR, "/interview")
    [gone] = await bot.press(HR, "ivcase:no-such-case", picker["message_id"])
    assert "Этого кейса больше нет" in gone["plain_text"]
    await bot.press(HR, "ivcase:rude-client", picker["message_id"])
    await bot.press(HR, "ivnext", picker["message_id"])
    await bot.say(HR, "Иван")
    for forged in ("ivdays:99", "ivdays:0", "ivdays:²", "ivdays:"):
        [again] = await bot.press(HR, forged)
        assert "До какого срока" in again["plain_text"]
    await bot.press(HR, "ivdays:7")
    for forged in ("ivlimit:7", "ivlimit:99999999999999999999999", "ivlimit:x"):
        [again] = await bot.press(HR, forged)
        assert "Ограничить время" in again["plain_text"]
    assert bot.store.db.execute("select count(*) from interviews").fetchone()[0] == 0
    [link] = await bot.press(HR, "ivlimit:300")
    assert "start=iv_" in link["plain_text"] and bot.store.interview(1).time_limit == 300


async def test_hr_rescores_their_own_candidate_with_the_id_from_the_report(bot):
    await grant(bot, HR, "hr")
    await grant(bot, OTHER_HR, "hr")
    payload = await create_interview(bot, HR, "Кандидат")
    await bot.press(CANDIDATE, await consent_button(bot, CANDIDATE, payload))
    await bot.say(CANDIDATE, "Сами вы бездельник, нечего тут орать!")
    csv_doc = next(d for d in bot.documents(HR) if d["filename"].endswith(".csv"))
    answer_id = csv_doc["content"].decode().splitlines()[1].split(",")[0]
    [refused] = await bot.say(OTHER_HR, f"/override {answer_id} 40 пересмотрено")
    assert "не найден" in refused["plain_text"]
    [done] = await bot.say(HR, f"/override {answer_id} 40 пересмотрено")
    assert "→ 40" in done["plain_text"]


# ---------------------------------------------------------------------------- grants


async def test_a_first_name_never_receives_a_role(bot):
    await bot.say(STRANGER, "/help", first_name="boss_hr")  # no username at all
    [reply] = await bot.say(ADMIN, "/grant @boss_hr hr")
    assert "@boss_hr не найден" in reply["plain_text"] and "/grant ID hr" in reply["plain_text"]
    assert bot.store.roles(STRANGER) == set()


async def test_a_grant_by_username_is_exact_and_names_who_got_it(bot):
    await bot.say(STRANGER, "/help", first_name="boss_hr")
    await bot.say(HR, "/help", username="Boss_HR")
    [reply] = await bot.say(ADMIN, "/grant @boss_hr hr")  # Telegram ignores letter case
    assert "@Boss_HR" in reply["plain_text"] and f"ID {HR}" in reply["plain_text"]
    assert bot.store.roles(HR) == {"hr"} and bot.store.roles(STRANGER) == set()
    [partial] = await bot.say(ADMIN, "/grant @boss_h lead")
    assert "не найден" in partial["plain_text"] and bot.store.roles(HR) == {"hr"}


async def test_a_username_that_changed_hands_reaches_its_new_holder(bot):
    await bot.say(TRAINEE, "/help", username="sales_lead")
    await bot.say(LEAD, "/help", username="sales_lead")  # Анна gave it up; Лена took it
    [reply] = await bot.say(ADMIN, "/grant @sales_lead lead")
    assert "Лена" in reply["plain_text"] and bot.store.roles(LEAD) == {"lead"}
    assert bot.store.roles(TRAINEE) == set()


async def test_a_user_must_be_named_by_id_or_username(bot):
    for who in ("Лена", "²", "@Лена", "1.5", "-5"):
        [reply] = await bot.say(ADMIN, f"/grant {who} hr")
        assert "не числовой ID и не @username" in reply["plain_text"], who
        assert "/grant ID роль" in reply["plain_text"]


async def test_a_lead_finds_a_member_by_name_whatever_the_letter_case(bot):
    await grant(bot, LEAD, "lead")
    await join_team(bot, LEAD, "Продажи", TRAINEE)
    [found] = await bot.say(LEAD, "/trainee АННА")  # Cyrillic folds too
    assert found["plain_text"].startswith("Анна") and "Последние ответы" in found["plain_text"]


# ---------------------------------------------------------------------------- lock-out


async def test_wrong_codes_lock_out_and_say_for_how_long(bot):
    for i in range(access.CODE_TRIES):
        [wrong] = await bot.say(STRANGER, f"/start iv_guess{i}")
        assert "недействительна" in wrong["plain_text"]
    [locked] = await bot.say(STRANGER, "/start team_guess")
    assert re.search(r"Попробуйте через (9|10) мин", locked["plain_text"])
    [other] = await bot.say(TRAINEE, "/start team_guess")
    assert "недействительна" in other["plain_text"]  # another user is not locked


async def test_forged_consent_codes_count_as_wrong_codes(bot):
    await grant(bot, HR, "hr")
    payload = await create_interview(bot, HR, "Кандидат")
    for i in range(access.CODE_TRIES):
        await bot.press(STRANGER, f"ivok:guess{i}")
    [locked] = await bot.say(STRANGER, f"/start {payload}")  # even a real link, for now
    assert "Слишком много неверных кодов" in locked["plain_text"]
    assert interview_row(bot, 1) == (None, "created")


async def test_many_fresh_accounts_do_not_get_fresh_tries(bot):
    await grant(bot, LEAD, "lead")
    [created] = await bot.say(LEAD, "/newteam Продажи")
    payload = re.search(r"start=(team_[\w-]+)", created["plain_text"]).group(1)
    for i in range(access.CODE_TRIES_ALL):
        await bot.say(100_000 + i, f"/start iv_guess{i}")
    [paused] = await bot.say(200_000, f"/start {payload}")
    assert "приостановлена для всех" in paused["plain_text"]
    assert bot.store.db.execute("select count(*) from team_members").fetchone()[0] == 0


async def test_failures_older_than_the_window_no_longer_count(bot):
    long_ago = time.time() - access.CODE_WINDOW - 1
    for _ in range(access.CODE_TRIES_ALL):
        bot.store.record_code_failure(STRANGER, long_ago, keep_since=0)
    [wrong] = await bot.say(STRANGER, "/start iv_guess")
    assert "недействительна" in wrong["plain_text"]
    assert len(bot.store.code_failures(0)) == 1  # the old ones were cleared


async def test_the_lock_out_survives_a_restart(book, tmp_path):
    path = tmp_path / "bot.db"
    async with chat_bot(book, SqliteStore(path)) as bot:
        for i in range(access.CODE_TRIES):
            await bot.say(STRANGER, f"/start iv_guess{i}")
    async with chat_bot(book, SqliteStore(path)) as bot:
        [locked] = await bot.say(STRANGER, "/start iv_guess")
        assert "Слишком много неверных кодов" in locked["plain_text"]


async def test_the_lock_out_survives_a_restart_over_http(api, tmp_path, book):
    path = tmp_path / "bot.db"
    async with running_bot(api, path, book):
        for i in range(access.CODE_TRIES):
            [wrong] = await say(api, STRANGER, f"/start iv_guess{i}")
            assert "недействительна" in wrong["plain_text"]
    async with running_bot(api, path, book):
        [locked] = await say(api, STRANGER, "/start iv_guess")
        assert "Слишком много неверных кодов" in locked["plain_text"]


# ---------------------------------------------------------------------------- arguments


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/override 99999999999999999999999 50 x", "слишком большое число"),
        ("/override ² 50 x", "«²» — не число"),
        ("/override 1 ¹⁰ x", "«¹⁰» — не число"),
        ("/override ٣ 50 x", "«٣» — не число"),
        ("/override 1 101 x", "от 0 до 100"),
        ("/override 0 50 x", "«0» не подходит: ID ответа — от 1."),
        ("/override 1 50", "Не хватает: комментарий"),
        ("/override", "Не хватает: ID ответа"),
    ],
)
async def test_odd_override_arguments_get_the_usage_line(bot, command, expected):
    await grant(bot, LEAD, "lead")
    [reply] = await bot.say(LEAD, command)
    assert expected in reply["plain_text"]
    assert "/override ID_ответа балл комментарий" in reply["plain_text"]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/grant 5", "Не хватает: роль"),
        ("/grant 5 boss", "«boss» не подходит: роль — одно из: admin, hr, lead"),
        ("/grant 5 hr extra", "Лишнее в команде: «extra»"),
        ("/revoke 99999999999999999999999 hr", "слишком большое число"),
    ],
)
async def test_odd_grant_arguments_get_the_usage_line(bot, command, expected):
    [reply] = await bot.say(ADMIN, command)
    assert expected in reply["plain_text"] and "роль — hr, lead или admin" in reply["plain_text"]


async def test_a_team_name_too_long_is_refused_with_its_limit(bot):
    await grant(bot, LEAD, "lead")
    [reply] = await bot.say(LEAD, "/newteam " + "Я" * 81)
    assert "не больше 80 символов" in reply["plain_text"]
    assert bot.store.teams_of_lead(LEAD) == []


STAFF = {
    ADMIN: ["/grant", "/revoke"],
    HR: ["/override"],
    LEAD: ["/override", "/trainee", "/newteam"],
}
words = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(["²", "¹⁰", "٣", "-1", "0", "99999999999999999999999", "@", "@x", "hr"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    who=st.sampled_from(sorted(STAFF)),
    pick=st.integers(0, 2),
    args=st.lists(words, max_size=5),
)
async def test_any_arguments_to_a_staff_command_get_one_clear_answer(
    staffed, caplog, who, pick, args
):
    caplog.set_level(logging.ERROR)
    command = STAFF[who][pick % len(STAFF[who])]
    replies = await staffed.say(who, " ".join([command, *args]))
    assert len(replies) == 1 and replies[0]["plain_text"]
    assert ERROR_TEXT not in replies[0]["plain_text"]
    assert staffed.refused_calls() == []
    assert caplog.records == []


# ---------------------------------------------------------------------------- forget


def orphans(store: SqliteStore) -> dict[str, int]:
    """Rows that point at rows that are gone."""
    checks = {
        "answers without attempt": "select count(*) from answers "
        "where attempt_id not in (select id from attempts)",
        "attempts without user": "select count(*) from attempts "
        "where user_id not in (select id from users)",
        "exam attempts without interview": "select count(*) from attempts "
        "where interview_id is not null and interview_id not in (select id from interviews)",
        "overrides without answer": "select count(*) from overrides "
        "where answer_id not in (select id from answers)",
        "members without team": "select count(*) from team_members "
        "where team_id not in (select id from teams)",
    }
    found = {name: store.db.execute(sql).fetchone()[0] for name, sql in checks.items()}
    return {name: n for name, n in found.items() if n}


async def forget(bot: ChatBot, user: int) -> str:
    [confirm] = await bot.say(user, "/forget")
    [done] = await bot.press(user, "forget:yes", confirm["message_id"])
    assert "удалены" in done["plain_text"]
    return confirm["plain_text"]


async def test_an_admin_s_forget_keeps_the_role_log_under_a_pseudonym(book):
    async with chat_bot(book, admins=(ADMIN, OTHER_HR)) as bot:
        for user, name in NAMES.items():
            await bot.say(user, "/help", first_name=name)
        await bot.say(OTHER_HR, f"/grant {ADMIN} lead")  # the admin holds a granted role
        await grant(bot, HR, "hr")
        await bot.say(ADMIN, f"/revoke {TRAINEE} hr")
        await grant(bot, TRAINEE, "lead")
        question = await forget(bot, ADMIN)
        assert "роли, выданные вами другим" in question
        log = bot.store.role_changes()
        assert [(c.user_id, c.role, c.action) for c in log] == [
            (log[0].user_id, "lead", "grant"),
            (HR, "hr", "grant"),
            (TRAINEE, "lead", "grant"),
        ]
        pseudonym = log[1].by_user
        assert pseudonym < 0 and log[0].user_id == pseudonym and log[2].by_user == pseudonym
        assert bot.store.roles(HR) == {"hr"} and bot.store.roles(TRAINEE) == {"lead"}
        assert bot.store.user(ADMIN) is None and bot.store.roles(ADMIN) == set()


async def test_an_hr_s_forget_takes_their_candidates_answers_along(bot):
    await grant(bot, HR, "hr")
    await grant(bot, OTHER_HR, "hr")
    mine = await create_interview(bot, HR, "Кандидат")
    theirs = await create_interview(bot, OTHER_HR, "Кандидат 2")
    await bot.press(CANDIDATE, await consent_button(bot, CANDIDATE, mine))
    await bot.say(CANDIDATE, "Извините, сейчас всё проверю и перезвоню до 15:00.")
    await bot.press(STRANGER, await consent_button(bot, STRANGER, theirs))
    await bot.say(STRANGER, "Извините, сейчас всё проверю и перезвоню до 15:00.")
    await bot.say(CANDIDATE, "/play laptop-bulk-order")  # blocked: in the interview
    question = await forget(bot, HR)
    assert "созданные вами собеседования вместе со всеми ответами кандидатов" in question
    assert orphans(bot.store) == {}
    answers = bot.store.db.execute("select user_id from answers").fetchall()
    assert answers == [(STRANGER,)]  # the other HR's candidate keeps theirs
    assert bot.store.user(CANDIDATE) is not None  # the candidate is not erased as a person
    assert bot.store.active_attempt(CANDIDATE) is None


async def test_a_lead_s_forget_removes_their_teams_but_not_their_people(bot):
    await grant(bot, LEAD, "lead")
    await join_team(bot, LEAD, "Продажи", TRAINEE)
    await bot.say(TRAINEE, "/play laptop-bulk-order")
    await bot.say(TRAINEE, GOOD)
    answer_id = bot.store.db.execute("select id from answers").fetchone()[0]
    await bot.say(LEAD, f"/override {answer_id} 40 коротко")
    question = await forget(bot, LEAD)
    assert "команды, которыми вы руководите" in question
    assert orphans(bot.store) == {}
    assert bot.store.db.execute("select count(*) from teams").fetchone()[0] == 0
    assert len(bot.store.practice_answers(TRAINEE)) == 1
    override = bot.store.override_for(answer_id)
    assert override.total == 40 and override.by_user < 0  # kept, without the lead


async def test_a_candidate_s_forget_removes_their_interview(bot):
    await grant(bot, HR, "hr")
    payload = await create_interview(bot, HR, "Кандидат")
    await bot.press(CANDIDATE, await consent_button(bot, CANDIDATE, payload))
    await bot.say(CANDIDATE, "Извините, сейчас всё проверю и перезвоню до 15:00.")
    await forget(bot, CANDIDATE)
    assert orphans(bot.store) == {}
    assert bot.store.interviews_of(HR) == []
    [listing] = await bot.say(HR, "/interviews")
    assert "Собеседований пока нет" in listing["plain_text"]


async def test_a_trainee_s_question_lists_only_what_they_have(bot):
    question = await forget(bot, TRAINEE)
    assert "команды, которыми вы руководите" not in question
    assert "созданные вами собеседования" not in question
    assert "журнал выдачи ролей" in question


async def test_a_former_lead_is_told_their_teams_go_too(bot):
    await grant(bot, LEAD, "lead")
    await join_team(bot, LEAD, "Продажи", TRAINEE)
    await bot.say(ADMIN, f"/revoke {LEAD} lead")  # the teams stay theirs
    [confirm] = await bot.say(LEAD, "/forget")
    assert "команды, которыми вы руководите" in confirm["plain_text"]
