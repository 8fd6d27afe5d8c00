"""Hostile input: thousands of random updates through the real bot, and broken YAML."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesbot.engine.loader import CaseFileError, load_case, load_library, read_yaml
from salesbot.paths import bundled_scenarios
from tests.botkit import running_bot
from tests.fakebotapi import FakeBotAPI

USERS = [9001, 9002, 9003, 9004]
COMMANDS = [
    "/start",
    "/help",
    "/cases",
    "/play",
    "/stop",
    "/progress",
    "/lang",
    "/forget",
    "/grant",
    "/revoke",
    "/interview",
    "/interviews",
    "/team",
    "/trainee",
    "/report",
    "/override",
    "/newteam",
    "/reload",
    "/cancel",
    "/nope",
]
CASE_IDS = ["laptop-bulk-order", "rude-client", "price-objection", "x" * 70, "../etc", ""]
CALLBACKS = [
    "play:rude-client",
    "play:nope",
    "lang:en",
    "lang:xx",
    "ivok:1",
    "ivok:999999",
    "ivno",
    "ivstop:yes",
    "ivstop:no",
    "ivreport:1",
    "ivreport:abc",
    "forget:no",
    "ivcase:rude-client",
    "ivnext",
    "ivdays:3",
    "ivlimit:0",
    "garbage",
    "",
]

texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.sampled_from(
        [
            "<b>",
            "&",
            "&amp;",
            "<script>",
            "\u202e",
            "\u200b",
            "😀" * 50,
            "Понимаю, но вы должны",
            "Доставим в среду, настроим в четверг.",
        ]
    ),
    st.integers(min_value=90_000, max_value=110_000).map(lambda n: "я" * n),  # ~100 KB
)
commands = st.tuples(
    st.sampled_from(COMMANDS),
    st.one_of(st.just(""), st.sampled_from(CASE_IDS), st.text(max_size=40)),
)
actions = st.one_of(
    st.tuples(st.just("text"), st.sampled_from(USERS), texts),
    st.tuples(st.just("command"), st.sampled_from(USERS), commands.map(" ".join)),
    st.tuples(st.just("button"), st.sampled_from(USERS), st.sampled_from(CALLBACKS)),
    st.tuples(st.just("sticker"), st.sampled_from(USERS), st.just("")),
    st.tuples(st.just("stranger"), st.integers(1, 10**12), texts),
    st.tuples(st.just("group"), st.sampled_from(USERS), commands.map(" ".join)),
    st.tuples(st.just("edit"), st.sampled_from(USERS), texts),
)


@pytest.fixture(scope="module")
def api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as server:
        yield server


def push(api: FakeBotAPI, kind: str, user: int, value) -> None:
    if kind in ("text", "stranger"):
        api.send_text(user, value or "?")
    elif kind == "command":
        api.send_text(user, value.strip() or "/start")
    elif kind == "button":
        api.press_button(user, value or "x", message_id=1)
    elif kind == "sticker":
        api.send_sticker(user)
    elif kind == "group":
        api.send_text(user, value.strip() or "/start", chat_type="group", chat_id=-77)
    elif kind == "edit":
        api.send_edited_text(user, 1, value or "?")


class ErrorLog(logging.Handler):
    """Collects the errors the bot logs while handling updates."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(batch=st.lists(actions, min_size=40, max_size=80))
async def test_random_updates_never_break_the_bot(api, tmp_path_factory, book, batch):
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    calls_before = len(api.calls())
    db = tmp_path_factory.mktemp("fuzz") / "bot.db"
    try:
        async with running_bot(api, db, book, admins=(USERS[0],)):
            for kind, user, value in batch:
                push(api, kind, user, value)
            await api.await_updates_consumed(timeout=60)
    finally:
        logging.getLogger().removeHandler(errors)
    new_calls = api.calls()[calls_before:]
    rejected = [
        (c["method"], c["status"], c["response"].get("description"))
        for c in new_calls
        if c["status"] == 400
    ]
    assert rejected == []  # no reply Telegram would refuse (bad HTML, too long, ...)
    assert [r.getMessage() for r in errors.records] == []
    assert api.errors == []


def _message(user: int, text: str = "/play rude-client") -> dict:
    return {
        "message_id": 7,
        "date": int(time.time()),
        "chat": {"id": user, "type": "private", "first_name": "Анна"},
        "from": {"id": user, "is_bot": False, "first_name": "Анна", "language_code": "ru"},
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    }


TEMPLATES = [
    {"message": _message(USERS[1])},
    {"edited_message": dict(_message(USERS[1], "Доставим в среду"), edit_date=1)},
    {
        "callback_query": {
            "id": "42",
            "from": _message(USERS[1])["from"],
            "message": dict(
                _message(USERS[1], "Кейсы"),
                **{"from": {"id": 1000, "is_bot": True, "first_name": "Bot"}},
            ),
            "chat_instance": "1",
            "data": "play:rude-client",
        }
    },
]
DELETE = object()
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=12),
        st.sampled_from(["\ud800", "a\udfffb", "", "/start", "play:x"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value, prefix=()):
    """Every key path of a JSON object (what a mutation may delete or replace)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*prefix, key)
            yield from _paths(child, (*prefix, key))


def _mutate(update: dict, path: tuple, new) -> None:
    holder = update
    for key in path[:-1]:
        holder = holder.get(key) if isinstance(holder, dict) else None
    if not isinstance(holder, dict) or path[-1] not in holder:
        return  # an earlier mutation removed it
    if new is DELETE:
        del holder[path[-1]]
    else:
        holder[path[-1]] = new


@st.composite
def malformed_updates(draw) -> dict:
    """A real update's shape with fields missing and mistyped, anywhere in it."""
    import copy

    update = copy.deepcopy(draw(st.sampled_from(TEMPLATES)))
    paths = list(_paths(update))
    for path, new in draw(
        st.lists(
            st.tuples(st.sampled_from(paths), st.one_of(st.just(DELETE), json_values)),
            min_size=1,
            max_size=4,
        )
    ):
        _mutate(update, path, new)
    return update


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(malformed_updates(), min_size=5, max_size=15))
async def test_malformed_updates_never_stop_the_bot(
    api, tmp_path_factory, book, monkeypatch, batch
):
    from salesbot.tg import processing

    monkeypatch.setattr(processing, "RETRY_SECONDS", 0.01)  # failures are retried quickly
    db = tmp_path_factory.mktemp("malformed") / "bot.db"
    polls = len(api.calls("getUpdates"))
    async with running_bot(api, db, book) as storage:
        for update in batch:
            api.send_raw(update)
        api.send_text(USERS[2], "/help")
        await api.await_updates_consumed(timeout=60)
        before = len(api.sent_messages(USERS[3]))
        api.send_text(USERS[3], "/start")  # the bot still answers
        await api.await_messages(USERS[3], before + 1, timeout=30)
        recorded = {r[0] for r in storage.db.execute("select update_id from updates")}
    delivered = {
        update["update_id"]
        for call in api.calls("getUpdates")[polls:]
        for update in call["response"].get("result", [])
    }
    assert recorded == delivered  # each one confirmed and recorded: handled or dead
    assert len(delivered) >= 2 and api.errors == []


async def test_out_of_order_and_duplicate_updates(api, tmp_path, book):
    async with running_bot(api, tmp_path / "bot.db", book) as storage:
        api.send_text(USERS[1], "/play laptop-bulk-order")
        await api.await_updates_consumed()
        answer = api.send_text(USERS[1], "Доставим в среду, настроим в четверг.")
        await api.await_updates_consumed()
        api.send_raw(answer)  # the same update again
        old = dict(answer, update_id=max(1, answer["update_id"] - 5))
        api.send_raw(old)  # an older id, out of order
        await api.await_updates_consumed()
        assert storage.db["answers"].count <= 2
        ids = [r[0] for r in storage.db.execute("select update_id from answers")]
        assert len(ids) == len(set(ids))


# ---------------------------------------------------------------------------- YAML


@pytest.fixture(scope="module")
def library():
    return load_library(bundled_scenarios() / "library.yaml")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=2000))
def test_random_bytes_give_a_clear_error_or_a_case(tmp_path_factory, library, raw):
    path = tmp_path_factory.mktemp("yaml") / "fuzz.yaml"
    path.write_bytes(raw)
    try:
        load_case(path, library)
    except CaseFileError as exc:
        assert exc.problems and all(p.file == str(path) for p in exc.problems)


yaml_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=yaml_values,
    key=st.sampled_from(
        ["steps", "outcomes", "persona", "title", "id", "patterns", "topic", "languages"]
    ),
)
def test_mutated_cases_give_errors_naming_the_field(tmp_path_factory, library, value, key):
    import yaml

    source = (bundled_scenarios() / "rude-client.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(source)
    data[key] = value
    path = tmp_path_factory.mktemp("yaml") / "rude-client.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        load_case(path, library)
    except CaseFileError as exc:
        assert all(p.line >= 0 and p.message for p in exc.problems)


def test_a_billion_laughs_is_refused_in_bounded_memory(tmp_path):
    # 9**12 values if expanded; the reader stops at its node budget instead. How fast is
    # for bench/, not for a timed test on a shared machine.
    import tracemalloc

    lines = ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    for i in range(1, 12):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(
            f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},"
            f"*{prev},*{prev}]"
        )
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines))
    tracemalloc.start()
    try:
        with pytest.raises(CaseFileError, match="too many values"):
            read_yaml(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000


def test_code_execution_tags_are_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("!!python/object/apply:os.system ['touch /tmp/pwned-salesbot']\n")
    with pytest.raises(CaseFileError, match="tag"):
        read_yaml(path)
    import os

    assert not os.path.exists("/tmp/pwned-salesbot")
