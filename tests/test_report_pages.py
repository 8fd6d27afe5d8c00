"""The HTML reports: escaping, both languages, empty data, charts; and a headless Chromium run.

The browser tests need Debian's `chromium` (`apt-get install chromium`). Without it they are
skipped with the reason shown in pytest's summary; in CI (the CI environment variable set, as
.ci/run does after installing it) they fail instead, so a missing browser is never mistaken
for a pass there.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup, escape

from salesbot.render import certificate as render_certificate
from salesbot.render import charts
from salesbot.render import interview_report as render_interview_report
from salesbot.render import team_report as render_team_report
from salesbot.render.pages import highlight_answer

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
CHROMIUM_TIMEOUT = 60  # seconds per run

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_ANSWER = "Доставим в среду <img src=x onerror=alert(1)> & настроим в четверг"
HOSTILE_TEAM = '"><svg onload=alert(1)>'


# ---- sample views ------------------------------------------------------------------------


def _turn(client, answer, spans, *, style, total, scores, seconds, over=False, override=None):
    return {
        "client": client,
        "answer": answer,
        "marks": spans,
        "style": style,
        "total": total,
        "scores": scores,
        "matched": [
            {"title": "конкретный срок", "words": "в среду", "dimension": "situational"},
            {"title": "суть вопроса клиента", "words": "доставим", "dimension": "signal"},
            {"title": "эмпатия <b>", "words": "понимаю & <i>", "dimension": "customer"},
        ]
        if total > 40
        else [],
        "violations": [
            {"title": "«но» после признания", "words": "но", "severity": "minor"},
            {"title": "<script>x</script> общие слова", "words": "лучшие", "severity": "major"},
        ]
        if total < 60
        else [],
        "seconds": seconds,
        "over_limit": over,
        "override": override,
    }


def interview_view(lang: str = "ru") -> dict:
    start = HOSTILE_ANSWER.index("среду")
    turns = [
        _turn(
            "Сможете доставить и настроить всю партию на этой неделе?",
            HOSTILE_ANSWER,
            [
                (0, 8, "situational"),
                (start, start + 5, "situational"),
                (0, 8, "signal"),
                (HOSTILE_ANSWER.index("&"), HOSTILE_ANSWER.index("&") + 1, "violation"),
            ],
            style="situational",
            total=82,
            scores={"customer": 35, "product": 10, "situational": 82},
            seconds=48.2,
        ),
        _turn(
            "А почему у вас так дорого? <b>Конкуренты</b> дешевле & быстрее.",
            "Понимаю вас, но наши ноутбуки лучшие на рынке!\nПоверьте.",
            [(0, 7, "customer"), (13, 15, "violation"), (21, 29, "product")],
            style="product",
            total=35,
            scores={"customer": 40, "product": 71, "situational": 20},
            seconds=312,
            over=True,
            override={
                "total": 55,
                "note": "Клиент сам спросил о качестве </p><script>alert(2)</script>",
                "by": "Ирина <HR> & Co",
                "at": "2026-11-21T09:15:00+00:00",
            },
        ),
        _turn(
            "Хорошо. Что дальше?",
            "",
            [],
            style="none",
            total=0,
            scores={"customer": 0, "product": 0, "situational": 0},
            seconds=None,
        ),
    ]
    return {
        "lang": lang,
        "candidate": HOSTILE_NAME,
        "hr": "Анна Смирнова",
        "created_at": "2026-11-20T10:00:00+00:00",
        "finished_at": "2026-11-20T11:42:10+00:00",
        "deadline": "2026-11-22T23:59:00+00:00",
        "status": "finished",
        "time_limit": 180,
        "recommendation": {"level": "consider", "total": 61.5},
        "overall": {
            "total": 61.5,
            "scores": {"customer": 38, "product": 40.5, "situational": 58},
            "styles": {"situational": 3, "product": 2, "none": 1},
        },
        "cases": [
            {
                "id": "laptop-bulk-order",
                "title": "Оптовый заказ ноутбуков <i>&</i>",
                "total": 72,
                "pass_mark": 60,
                "passed": True,
                "outcome": "deal",
                "result": "deal",
                "rating": 9,
                "turns": turns[:2],
            },
            {
                "id": "price-objection",
                "title": "Возражение по цене",
                "total": 41,
                "pass_mark": 60,
                "passed": False,
                "outcome": "left",
                "result": "lost",
                "rating": 3,
                "status": "stopped",
                "turns": turns[1:],
            },
        ],
    }


def team_view(lang: str = "ru") -> dict:
    weeks = ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44", "2026-W45"]
    totals = [48, 52, None, 61, 58, 67]

    def member(name, total, scores, nps, passed, member_totals):
        return {
            "name": name,
            "attempts": 7,
            "answers": 23,
            "total": total,
            "scores": scores,
            "nps": nps,
            "passed": passed,
            "weeks": [{"week": w, "total": t} for w, t in zip(weeks, member_totals, strict=True)],
        }

    return {
        "lang": lang,
        "team": HOSTILE_TEAM,
        "lead": "Пётр <b>Иванов</b>",
        "generated_at": "2026-11-24T08:00:00+00:00",
        "nps": 20,
        "scores": {"customer": 55, "product": 42, "situational": 63},
        "total": 58.4,
        "weeks": [{"week": w, "total": t} for w, t in zip(weeks, totals, strict=True)],
        "members": [
            member(
                HOSTILE_NAME,
                71,
                {"customer": 60, "product": 35, "situational": 74},
                40,
                ["Оптовый заказ ноутбуков", "Грубый клиент <b>"],
                [50, 55, None, 66, 70, 74],
            ),
            member(
                "Мария Кузнецова-Длиннофамильная Константинопольская",
                55,
                {"customer": 70, "product": 30, "situational": 48},
                -25,
                [],
                [None, None, None, 50, 52, 55],
            ),
            member(
                "Oleg & <Sons>",
                39.5,
                {"customer": 25, "product": 80, "situational": 31},
                None,
                ["Возражение по цене"],
                [None] * 6,
            ),
        ],
        "missed": [
            {"title": "конкретная дата доставки", "count": 12},
            {"title": "«вы должны» <img src=x onerror=alert(1)>", "count": 3},
            {"title": "имя клиента", "count": 1},
        ],
        "assignments": [assignment_view()],
    }


def assignment_view() -> dict:
    def cell(state, best=None):
        return {"state": state, "best": best, "attempts": 0 if state == "not_started" else 2}

    return {
        "id": 7,
        "title": "Жалобы и претензии <i>",
        "kind": "track",
        "due": "14.11.2026 18:00",
        "timezone": "Europe/Moscow",
        "closed": True,
        "need": 3,
        "cases": [
            {"id": "rude-client", "title": "Грубый клиент", "pass_mark": 70},
            {"id": "courier-no-call", "title": "Курьер <b>без звонка</b>", "pass_mark": 75},
            {"id": "bank-internet-fee", "title": "Плата за интернет-банк", "pass_mark": 70},
            {"id": "support-line-wait", "title": "Полчаса на линии", "pass_mark": 70},
        ],
        "rows": [
            {
                "name": HOSTILE_NAME,
                "status": "passed",
                "overdue": False,
                "passed": 3,
                "cells": [
                    cell("passed", 91),
                    cell("passed", 80),
                    cell("passed", 77),
                    cell("tried", 52),
                ],
            },
            {
                "name": "Oleg & <Sons>",
                "status": "in_progress",
                "overdue": True,
                "passed": 1,
                "cells": [
                    cell("passed", 70),
                    cell("tried", None),
                    cell("not_started"),
                    cell("not_started"),
                ],
            },
        ],
        "total": 2,
        "done": 1,
        "passed": 1,
        "not_started": 0,
    }


def certificate_view(lang: str = "ru") -> dict:
    return {
        "lang": lang,
        "name": HOSTILE_NAME,
        "track": "Жалобы и претензии <b>",
        "cases": [
            {"title": "Грубый клиент: заказ опаздывает", "best": 92},
            {"title": "Курьер приехал без звонка и уехал", "best": 86},
            {"title": "Банк берёт плату за интернет-банк", "best": 91},
            {"title": "Полчаса на линии поддержки", "best": None},
        ],
        "issued_on": "2026-11-14",
        "code": "ABCD-EFGH-JKLM-NPQR-STUV",
    }


# ---- checking the HTML -------------------------------------------------------------------


class _Collector(HTMLParser):
    """Tags, attributes and text as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def assert_no_live_markup(html: str) -> None:
    """No script element, no event-handler attribute, no javascript: URL."""
    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]*\son\w+\s*=", html, re.I), "an event handler leaked"
    doc = parse(html)
    for tag, attrs in doc.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed"), tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert "javascript:" not in (value or "").lower()


def assert_self_contained(html: str) -> None:
    """No external asset: no src, no link element, no url() or @import in the CSS."""
    doc = parse(html)
    for tag, attrs in doc.tags:
        assert tag != "link", attrs
        for name, value in attrs:
            assert name not in ("src", "href", "srcset", "xlink:href"), (tag, name, value)
    assert "url(" not in html and "@import" not in html


def visible_text(html: str) -> str:
    return "".join(parse(html).text)


# ---- unit tests --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_interview_report_escapes_every_user_string(lang):
    html = render_interview_report(interview_view(lang))
    assert html.startswith("<!doctype html>")
    assert f'<html lang="{lang}">' in html
    assert '<meta charset="utf-8">' in html
    assert_no_live_markup(html)
    assert_self_contained(html)
    assert "onerror=" not in html.replace("onerror=alert(1)&gt;", "")
    text = visible_text(html)
    assert HOSTILE_NAME in text
    assert "<img src=x onerror=alert(1)> & настроим" in text
    assert "Клиент сам спросил о качестве </p><script>alert(2)</script>" in text
    assert "Ирина <HR> & Co" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for section in ('id="summary"', 'id="scores"', 'id="cases"'):
        assert section in html
    assert html.count('class="case"') == 2


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_team_report_escapes_every_user_string(lang):
    html = render_team_report(team_view(lang))
    assert html.startswith("<!doctype html>")
    assert f'<html lang="{lang}">' in html
    assert_no_live_markup(html)
    assert_self_contained(html)
    assert "<svg onload" not in html
    text = visible_text(html)
    assert HOSTILE_TEAM in text
    assert "Oleg & <Sons>" in text
    assert "Пётр <b>Иванов</b>" in text
    for section in ('id="summary"', 'id="members"', 'id="trend"', 'id="missed"'):
        assert section in html


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_assignment_grid_shows_each_member_and_case_escaped(lang):
    html = render_team_report(team_view(lang))
    section = html[html.index('id="assignments"') : html.index('id="missed"')]
    assert_no_live_markup(section)
    text = visible_text(section)
    assert "Жалобы и претензии <i>" in text and "Курьер <b>без звонка</b>" in text
    assert HOSTILE_NAME in text and "Oleg & <Sons>" in text
    grid = section[section.index("<table") :]
    assert grid.count('class="cell passed"') == 4 and grid.count('class="cell tried"') == 2
    assert grid.count('class="cell not_started"') == 2
    assert "14.11.2026 18:00 (Europe/Moscow)" in text
    assert ("нужно сдать 3 из 4" if lang == "ru" else "3 of 4 to pass") in text
    assert text.count("срок вышел" if lang == "ru" else "overdue") == 1


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_certificate_escapes_the_name_and_shows_the_code(lang):
    html = render_certificate(certificate_view(lang))
    assert html.startswith("<!doctype html>") and f'<html lang="{lang}">' in html
    assert_no_live_markup(html)
    assert_self_contained(html)
    text = visible_text(html)
    assert HOSTILE_NAME in text and "Жалобы и претензии <b>" in text
    assert "ABCD-EFGH-JKLM-NPQR-STUV" in text and "salesbot verify" in text
    assert ("Сертификат" if lang == "ru" else "Certificate") in text
    assert "@page { size: A4 landscape" in html  # one printable page


def test_languages_differ_and_labels_are_localized():
    ru, en = (
        render_interview_report(interview_view("ru")),
        render_interview_report(interview_view("en")),
    )
    assert "Можно рассмотреть" in ru and "Worth considering" in en
    assert "Кейсы" in ru and "Cases" in en
    assert "дольше лимита" in ru and "over the limit" in en
    assert "прервано" in ru and "stopped" in en  # a case's own status
    team_ru, team_en = render_team_report(team_view("ru")), render_team_report(team_view("en"))
    assert "Динамика по неделям" in team_ru and "Weekly trend" in team_en
    assert "12 раз" in team_ru and "3 раза" in team_ru and "12 times" in team_en


def test_an_unknown_language_falls_back_to_russian():
    html = render_interview_report(interview_view("de"))
    assert '<html lang="ru">' in html and "Кейсы" in html


def test_the_override_shows_both_totals_the_note_and_who():
    html = render_interview_report(interview_view("en"))
    override = html[html.index('class="override"') :]
    override = override[: override.index("</div>")]
    text = visible_text(override)
    assert "Score overridden" in text
    assert re.search(r"was\s+35\s*,\s*now\s+55\s*/100", text), text
    assert "Ирина <HR> & Co" in text and "2026-11-21 09:15 UTC" in text


def test_the_highlighted_answer_is_rendered_as_marks():
    html = render_interview_report(interview_view("ru"))
    assert '<mark class="situational">Доставим</mark>' in html
    assert '<mark class="violation">&amp;</mark>' in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_highlight_answer_escapes_and_resolves_overlaps():
    text = "<b>a</b> & но да"
    marked = highlight_answer(text, [(0, 8, "customer"), (11, 13, "violation"), (11, 13, "x")])
    assert isinstance(marked, Markup)
    assert marked == (
        '<mark class="customer">&lt;b&gt;a&lt;/b&gt;</mark> &amp; '
        '<mark class="violation">но</mark> да'
    )
    assert highlight_answer("", [(0, 5, "product")]) == ""
    assert highlight_answer("ab", [(1, 99, "product")]) == 'a<mark class="product">b</mark>'


def test_empty_data_renders():
    view = interview_view("en")
    view.update(
        cases=[],
        time_limit=None,
        finished_at=None,
        deadline=None,
        status="someday",
        recommendation={"level": "reject", "total": None},
        overall={"total": None, "scores": {}, "styles": {}},
    )
    html = render_interview_report(view)
    assert 'id="cases"' in html and 'class="case"' not in html
    assert "has not completed any case" in html and "no limit" in html
    assert "someday" in html  # an unknown status is shown as is
    view["cases"] = [{**interview_view()["cases"][0], "turns": [], "passed": None}]
    assert "No answers in this case." in render_interview_report(view)

    team = team_view("en")
    team.update(members=[], missed=[], nps=None, total=None, scores={})
    team["weeks"] = [{"week": w["week"], "total": None} for w in team["weeks"]]
    html = render_team_report(team)
    assert "No team member has answered yet." in html
    assert "no data" in html
    team["weeks"] = []
    assert 'id="trend"' in render_team_report(team)


def test_rendering_is_deterministic():
    assert render_team_report(team_view()) == render_team_report(team_view())
    assert render_interview_report(interview_view()) == render_interview_report(interview_view())


def test_the_view_carries_no_html_and_hostile_marks_are_harmless():
    view = interview_view()
    turn = view["cases"][0]["turns"][0]
    turn["highlighted"] = Markup(HOSTILE_ANSWER)  # views are data: pre-rendered HTML is ignored
    turn["marks"] = [(0, 99, '"><script>alert(1)</script>'), (-5, 3, "customer"), (7, 2, "x")]
    html = render_interview_report(view)
    assert_no_live_markup(html)
    assert '<mark class="customer">Дос</mark>' in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# ---- charts ------------------------------------------------------------------------------


def test_charts_escape_labels_and_titles():
    evil = '"><script>alert(1)</script>'
    svgs = [
        charts.bar_chart([(evil, 50), ("ok", None)], title=evil, marker=60),
        charts.grouped_bars(
            [(evil, {"customer": 10, "product": None})], title=evil, labels={"customer": evil}
        ),
        charts.line_chart([(evil, 10), ("b", None), ("c", 30), ("d", 40)], title=evil),
        charts.sparkline([(evil, 10), ("b", 20)], title=evil),
    ]
    for svg in svgs:
        assert isinstance(svg, Markup)
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert "<script" not in svg
        assert str(escape("<script>")) in svg
        assert "<title" in svg
        doc = parse(str(svg))
        assert all(not name.startswith("on") for _, attrs in doc.tags for name, _ in attrs)


def test_a_markup_label_is_used_as_plain_text():
    svg = charts.bar_chart([(Markup("A &amp; B"), 10)], title=Markup("<b>T</b>"))
    assert "A &amp; B" in svg and "&amp;amp;" not in svg
    assert "<b>" not in svg


def test_charts_are_deterministic_and_use_the_series_colours():
    groups = [("a", {"customer": 10, "product": 20, "situational": 30})]
    one = charts.grouped_bars(groups, title="t")
    assert one == charts.grouped_bars(copy.deepcopy(groups), title="t")
    for key in charts.SERIES:
        assert charts.COLORS[key] in one
    bars = charts.bar_chart([("x", 150), ("y", 5)], title="t", colors=["customer", "#123"])
    assert charts.COLORS["customer"] in bars and "#123" in bars
    assert 'fill="javascript' not in charts.bar_chart([("x", 1)], color="javascript:x")


def test_line_chart_breaks_at_gaps_and_handles_no_data():
    svg = charts.line_chart([("w1", 10), ("w2", 20), ("w3", None), ("w4", 30)], title="t")
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 3
    empty = charts.line_chart([("w1", None), ("w2", None)], title="t", empty_text="no data")
    assert "<polyline" not in empty and "no data" in empty
    assert "no data" in charts.line_chart([], title="t", empty_text="no data")
    assert "<svg" in charts.bar_chart([], title="t") and "<svg" in charts.grouped_bars([])
    assert "<svg" in charts.sparkline([], title="t")


# ---- the browser -------------------------------------------------------------------------


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _chromium() -> str:
    if not Path(CHROMIUM).exists():
        reason = (
            "no Chromium: the HTML reports are not checked in a browser. Install Debian's "
            "chromium package (`sudo apt-get install chromium`) to run these tests."
        )
        if in_ci():
            pytest.fail(f"{reason} In CI they must run (.ci/run installs it).", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


def test_a_missing_chromium_skips_with_the_reason_outside_ci(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        _chromium()


@pytest.mark.parametrize("value", ["1", "true"])
def test_a_missing_chromium_fails_in_ci(monkeypatch, value):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match=r"\.ci/run installs it"):
        _chromium()


def _run_chromium(tmp_path: Path, page: Path, *mode: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{page.stem}-{mode[0].lstrip('-').split('=')[0]}"
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *mode,
        page.as_uri(),
    ]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT, cwd=tmp_path
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"chromium did not finish in {CHROMIUM_TIMEOUT} s: {error.stderr!r}")
    assert result.returncode == 0, f"chromium failed ({result.returncode}): {result.stderr}"
    return result


def _console_errors(stderr: str) -> list[str]:
    """The page's console messages in Chromium's log.

    Chromium logs every console message as `INFO:CONSOLE` (console.error too) and uncaught
    exceptions as "Uncaught ..."; the reports run no JavaScript, so any of them is a failure.
    Chromium's own ERROR lines (no D-Bus in a container) are not about the page.
    """
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def test_the_console_check_sees_console_errors(tmp_path):
    """Guards the check itself: a page that logs an error and throws is caught."""
    page = tmp_path / "noisy.html"
    page.write_text(
        '<!doctype html><html><body><script>console.error("boom"); missingFn();</script>'
        "</body></html>",
        encoding="utf-8",
    )
    errors = _console_errors(_run_chromium(tmp_path, page, "--dump-dom").stderr)
    assert any("boom" in line for line in errors), errors
    assert any("Uncaught" in line for line in errors), errors


@pytest.fixture
def rendered_pages(tmp_path: Path) -> dict[str, Path]:
    pages = {
        "interview": render_interview_report(interview_view("ru")),
        "interview-en": render_interview_report(interview_view("en")),
        "team": render_team_report(team_view("ru")),
        "certificate": render_certificate(certificate_view("ru")),
    }
    paths = {}
    for name, html in pages.items():
        path = tmp_path / f"report-{name}.html"
        path.write_text(html, encoding="utf-8")
        paths[name] = path
    return paths


@pytest.mark.parametrize(
    ("name", "sections", "marker"),
    [
        ("interview", ["summary", "scores", "cases"], HOSTILE_NAME),
        ("interview-en", ["summary", "scores", "cases"], HOSTILE_NAME),
        ("team", ["summary", "members", "assignments", "trend", "missed"], HOSTILE_TEAM),
        ("certificate", ["certificate", "cases", "code"], HOSTILE_NAME),
    ],
)
def test_reports_render_in_headless_chromium(tmp_path, rendered_pages, name, sections, marker):
    page = rendered_pages[name]
    png = tmp_path / f"{page.stem}.png"
    shot = _run_chromium(tmp_path, page, f"--screenshot={png}", "--window-size=1280,2400")
    assert png.exists(), f"no screenshot: {shot.stderr}"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 30_000, f"suspiciously small screenshot: {len(data)} bytes"
    assert not _console_errors(shot.stderr), _console_errors(shot.stderr)

    dom = _run_chromium(tmp_path, page, "--dump-dom")
    assert not _console_errors(dom.stderr), _console_errors(dom.stderr)
    html = dom.stdout
    assert html.lstrip().lower().startswith("<!doctype html>"), html[:200]
    assert "</body></html>" in html, html[-200:]
    for section in sections:
        assert f'id="{section}"' in html
    if name.startswith("interview"):
        assert html.count('class="case"') == 2
        assert "<mark" in html
    if name == "team":  # the assignment grid: a row per member, a cell per case
        assert html.count('<td class="cell ') == 8
    # The browser built no element from the hostile strings, and shows them as text.
    doc = parse(html)
    assert not [tag for tag, _ in doc.tags if tag in ("script", "img")]
    assert not [n for _, attrs in doc.tags for n, _ in attrs if n.startswith("on")]
    assert marker in "".join(doc.text)


def test_the_certificate_prints_to_a_one_page_pdf(tmp_path, rendered_pages):
    pdf = tmp_path / "certificate.pdf"
    printed = _run_chromium(
        tmp_path, rendered_pages["certificate"], f"--print-to-pdf={pdf}", "--no-pdf-header-footer"
    )
    assert pdf.exists(), printed.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1, "the certificate should fit one page"
