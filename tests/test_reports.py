"""Every report built from a real store (answers given through the use cases) and
rendered: interview and team views, CSVs, HTML pages, the chat summaries, the digest."""

from __future__ import annotations

import csv
import io

import pytest

from salesbot import interviews, render, reports, teams, training
from salesbot.interviews import Draft
from salesbot.records import Role
from salesbot.services import Caller
from tests.telegram_html import parse_html
from tests.test_report_pages import assert_no_live_markup, assert_self_contained, visible_text

ADMIN, HR, LEAD, ANNA, BORIS, CANDIDATE = 1, 2, 3, 10, 11, 12
HOSTILE = "<script>alert(1)</script> & Co"
ANSWERS = {
    ANNA: [
        ("laptop-bulk-order", "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"),
        ("laptop-bulk-order", "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт."),
        (
            "laptop-bulk-order",
            "Да, устроит: оплата через 14 дней после поставки, пропишем это в договоре.",
        ),
        ("rude-client", "Понимаю вас, но вы должны были проверить заказ <b>сами</b>!"),
    ],
    BORIS: [
        ("price-objection", "Fine, 30% off, just don't leave us."),
        # a complete answer with a severe violation: the scorer asks for a human look
        (
            "rude-client",
            "Извините за задержку! Заказ приедет завтра с 10 до 14, курьер позвонит за час. "
            "А орать на меня не надо.",
        ),
    ],
}


def who(user_id: int) -> Caller:
    return Caller(user_id, "ru", f"User{user_id}")


@pytest.fixture
def played(svc):
    """A team with two members who practised, an override, and a finished interview with a
    hostile candidate name."""
    for user, name in ((HR, "Ольга"), (LEAD, "Лена"), (ANNA, HOSTILE), (BORIS, "Борис")):
        svc.store.upsert_user(user, name)
    svc.store.upsert_user(CANDIDATE, "Кандидат")
    svc.store.grant(HR, Role.HR, ADMIN)
    svc.store.grant(LEAD, Role.LEAD, ADMIN)
    team_id = svc.store.create_team("Продажи <Север>", LEAD, "code")
    update = 0
    for user, answers in ANSWERS.items():
        svc.store.join_team(team_id, user)
        current = None
        for case_id, text in answers:
            if case_id != current:
                training.start_case(svc, who(user), case_id)
                current = case_id
            update += 1
            training.answer(svc, who(user), training.Incoming(update, user, update, text))
    first = svc.store.practice_answers(ANNA)[-1]
    teams.override(svc, who(LEAD), [str(first.id), "55", "слишком <коротко>"])
    draft = Draft(["laptop-bulk-order"], HOSTILE, "2999-01-01T00:00+00:00")
    interviews.create(svc, who(HR), draft, 120, "bot")
    interviews.consent(svc, who(CANDIDATE), svc.store.interview(1).code)
    for text in ANSWERS[ANNA][:3]:
        update += 1
        training.answer(svc, who(CANDIDATE), training.Incoming(update, CANDIDATE, update, text[1]))
    return svc.store.teams_of_lead(LEAD)[0], svc.store.interview(1)


def chat_html_ok(text: str) -> str:
    plain, _ = parse_html(text)  # raises on anything Telegram would refuse
    assert len(plain) <= 4096
    return plain


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_interview_report_from_the_store(svc, played, lang):
    _, interview = played
    view = reports.interview_report_view(svc.store, svc.book, svc.config, interview, lang)
    assert view["candidate"] == HOSTILE and view["status"] == "finished"
    [case] = view["cases"]
    assert case["id"] == "laptop-bulk-order" and case["result"] == "deal" and case["passed"]
    assert len(case["turns"]) == 3 and all(t["marks"] for t in case["turns"])
    assert view["review"] == []  # nothing the scorer is unsure of
    assert all(t["seconds"] is not None and not t["over_limit"] for t in case["turns"])
    assert view["recommendation"]["level"] == "recommend"

    page = render.interview_report(view)
    assert_no_live_markup(page)
    assert_self_contained(page)
    assert HOSTILE in visible_text(page) and "<mark class=" in page
    rows = list(csv.reader(io.StringIO(reports.interview_csv(view))))
    assert rows[0][:2] == ["answer_id", "candidate"] and len(rows) == 4
    assert rows[1][1] == HOSTILE and rows[1][0] == str(case["turns"][0]["id"])
    notice = chat_html_ok(svc.texts.render("hr_notify", lang, **view))
    assert HOSTILE in notice


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_team_report_from_the_store(svc, played, lang):
    team, _ = played
    view = reports.team_report_view(svc.store, svc.book, svc.config, team, lang)
    names = [m["name"] for m in view["members"]]
    assert sorted(names) == sorted([HOSTILE, "Борис"])
    anna = next(m for m in view["members"] if m["name"] == HOSTILE)
    assert anna["answers"] == 4 and anna["attempts"] == 2 and anna["passed"]
    assert anna["weeks"][-1]["total"] is not None  # this week
    assert view["missed"] and all(m["title"] and m["count"] for m in view["missed"])
    assert not any(m["title"].startswith(("expect.", "pattern.")) for m in view["missed"])
    [flagged] = view["review"]  # listed first, for a human look
    assert flagged["member"] == "Борис" and flagged["reason"] == "severe_with_complete_answer"

    page = render.team_report(view)
    assert_no_live_markup(page)
    assert_self_contained(page)
    text = visible_text(page)
    assert "Продажи <Север>" in text and HOSTILE in text
    assert "орать на меня" in text and page.index('id="review"') < page.index('id="summary"')
    rows = list(csv.reader(io.StringIO(reports.team_csv(view))))
    assert {r[1] for r in rows[1:]} == {HOSTILE, "Борис"}
    assert "Продажи <Север>" in chat_html_ok(svc.texts.render("team", lang, **view))


def test_the_override_shows_in_every_report(svc, played):
    team, _ = played
    member = next(u for u in svc.store.team_members(team.id) if u.id == ANNA)
    view = reports.member_view(svc.store, svc.book, svc.config, member, "ru")
    overridden = svc.store.practice_answers(ANNA)[-1]
    effective = [55 if a.id == overridden.id else a.total for a in view["rows"]]
    assert overridden.total != 55 and view["total"] == round(sum(effective) / len(effective))
    trainee = teams.trainee(svc, who(LEAD), [str(ANNA)])
    assert "→ 55" in chat_html_ok(trainee.texts[0])


def test_the_lead_s_documents_and_the_digest(svc, played):
    report = teams.report(svc, who(LEAD))
    html, table, answers = report.items
    assert html.filename.endswith(".html") and table.filename.endswith(".csv")
    assert answers.filename.endswith("-answers.csv")
    assert HOSTILE in visible_text(html.content.decode())
    [digest] = teams.digest(svc).items
    assert digest.to == LEAD and "Продажи <Север>" in chat_html_ok(digest.parts[0])
    listing = interviews.listing(svc, who(HR))
    assert HOSTILE in chat_html_ok(listing.texts[0])
    assert listing.items[0].keyboard[0][0].data == "ivreport:1"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_finding_the_scorer_reports_has_a_human_title(book, lang):
    from salesbot.engine import scoring
    from salesbot.views import pattern_title

    for violation in scoring._DERIVED:  # found in the whole answer, not in one phrase
        assert pattern_title(book, "rude-client", violation, lang) != violation
    for case in book.cases.values():
        for step in case.steps:
            for expectation in step.expects:
                title = pattern_title(book, case.id, f"expect.{expectation.id}", lang)
                assert title and not title.startswith("expect.")
    for pattern in book.library.patterns:
        assert pattern_title(book, "rude-client", pattern.id, lang) != pattern.id, pattern.id


# ---------------------------------------------------------------------------- assignments


FORMULA_NAME = '=HYPERLINK("http://evil")'


@pytest.fixture
def assigned(svc, played, clock):
    """The team's lead assigned the complaints track to everyone; Anna passed rude-client,
    Boris played it poorly, and a member named like a spreadsheet formula did nothing."""
    from salesbot import assignments
    from salesbot.dialogues import load_tracks
    from tests.trainees import play_case

    svc.tracks, svc.clock = load_tracks(svc.book), clock
    team, _ = played
    svc.store.upsert_user(13, FORMULA_NAME)
    svc.store.join_team(team.id, 13)
    _, draft = assignments.start_setup(svc, who(LEAD))
    for data in ("asg:everyone", "asg:track:complaints", "asg:due:7"):
        assignments.press(svc, who(LEAD), draft, data)
    play_case(svc, who(ANNA), "rude-client")
    play_case(svc, who(BORIS), "rude-client", good=False)
    return team


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_team_report_has_a_member_by_case_grid_per_assignment(svc, assigned, lang):
    view = reports.team_report_view(svc.store, svc.book, svc.config, assigned, lang)
    [grid] = view["assignments"]
    assert [c["id"] for c in grid["cases"]] == [
        "rude-client", "courier-no-call", "bank-internet-fee", "support-line-wait"
    ]  # fmt: skip
    rows = {r["name"]: r for r in grid["rows"]}
    assert [c["state"] for c in rows[HOSTILE]["cells"]] == [
        "passed", "not_started", "not_started", "not_started"
    ]  # fmt: skip
    assert rows["Борис"]["cells"][0]["state"] == "tried"
    assert rows[FORMULA_NAME]["status"] == "not_started"
    assert (grid["total"], grid["done"], grid["passed"], grid["not_started"]) == (3, 0, 0, 1)
    assert not grid["closed"]

    page = render.team_report(view)
    assert_no_live_markup(page)
    assert_self_contained(page)
    section = page[page.index('id="assignments"') :]
    text = visible_text(section)
    assert HOSTILE in text and "<script>" not in section
    grid_html = section[section.index('<table class="grid"') :]
    assert grid_html.count('class="cell passed"') == 1 and grid_html.count('"cell tried"') == 1
    assert grid_html.count('class="cell not_started"') == 3 + 3 + 4


def test_the_assignment_csv_neutralises_cells_a_spreadsheet_would_run(svc, assigned):
    view = reports.team_report_view(svc.store, svc.book, svc.config, assigned, "en")
    rows = list(csv.reader(io.StringIO(reports.assignments_csv(view))))
    assert rows[0][:6] == ["team", "assignment", "title", "due", "member", "status"]
    assert len(rows) == 1 + 3 * 4  # a row per member and case
    members = {r[4] for r in rows[1:]}
    assert "'" + FORMULA_NAME in members and FORMULA_NAME not in members
    anna = [r for r in rows if r[4] == HOSTILE]
    assert anna[0][6:9] == ["rude-client", "70", "passed"] and int(anna[0][9]) >= 70
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert reports.csv_cell(value) == "'" + value
    assert reports.csv_cell("Анна") == "Анна" and reports.csv_cell(-5) == -5


def test_the_lead_gets_the_assignment_grid_as_a_last_document(svc, assigned):
    report = teams.report(svc, who(LEAD))
    names = [d.filename for d in report.items]
    assert names == [
        f"team-{assigned.id}.html",
        f"team-{assigned.id}.csv",
        f"team-{assigned.id}-answers.csv",
        f"team-{assigned.id}-assignments.csv",
    ]
