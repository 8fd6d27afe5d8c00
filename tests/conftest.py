"""Shared fixtures: the bundled cases, compiled once per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from salesbot.engine import CaseBook, ScoreResult, load_casebook
from salesbot.paths import bundled_scenarios

os.environ.setdefault("PTB_TIMEDELTA", "1")  # PTB 22's future behaviour; silences its notice
# SALESBOT_TOKEN overrides every Config's token: a developer's own must not reach the tests
# (the tests that start `salesbot run` set it for the child process).
os.environ.pop("SALESBOT_TOKEN", None)


@pytest.fixture(scope="session")
def book() -> CaseBook:
    return load_casebook(bundled_scenarios())


@pytest.fixture(scope="session")
def score(book):
    """score(case_id, text, step=None, lang=None) -> ScoreResult"""

    def _score(
        case_id: str, text: str, step: str | None = None, lang: str | None = None
    ) -> ScoreResult:
        case = book.case(case_id)
        return book.scorer.score_answer(case, step or case.first_step.id, text, lang)

    return _score


@pytest.fixture
def svc(book) -> Iterator:
    """The use cases' Services on an in-memory store, speaking Telegram HTML; user 1 is an
    admin by the config."""
    from salesbot import render
    from salesbot.config import Config
    from salesbot.services import Services
    from salesbot.storage import SqliteStore

    store = SqliteStore(":memory:")
    yield Services(Config(admins=(1,)), book, store, render.Texts("tg"), render)
    store.close()


@pytest.fixture
def api() -> Iterator:
    """A fake Telegram Bot API server on 127.0.0.1 (see tests/fakebotapi.py)."""
    from tests.fakebotapi import FakeBotAPI

    with FakeBotAPI() as server:
        yield server
        assert server.errors == []  # the fake itself never crashed


class MovableClock:
    """The real time plus an offset the test moves on: nothing waits for a day to pass.

    The store stamps attempts with the real time, so a test plays before it moves the
    clock on (an assignment made after a move would not see earlier-stamped play)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)

    def move_to(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def in_empty_folder(tmp_path, monkeypatch):
    """The current folder is an empty one: no config.yaml of the developer's is read."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
