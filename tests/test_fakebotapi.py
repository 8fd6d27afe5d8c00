"""Tests of the fake Bot API server: real HTTP, real python-telegram-bot."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakebotapi import FakeBotAPI, utf16_len

USER = 4242


@pytest.fixture
def fake_api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as api:
        yield api
        assert api.errors == []  # the fake itself never crashed


@pytest.fixture
async def bot(fake_api: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(fake_api.token, base_url=fake_api.base_url) as bot:
        yield bot


def raw_call(
    api: FakeBotAPI, method: str, token: str | None = None, **params: Any
) -> tuple[int, dict]:
    """POST form-encoded params like PTB does and return (status, JSON body)."""
    data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    request = urllib.request.Request(
        f"{api.base_url}{token or api.token}/{method}",
        data=urllib.parse.urlencode(data).encode(),
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def builder(api: FakeBotAPI) -> ApplicationBuilder:
    return ApplicationBuilder().token(api.token).base_url(api.base_url)


@contextlib.asynccontextmanager
async def running(app: Application) -> AsyncIterator[Application]:
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


# ----------------------------------------------------------------------- application


async def test_echo_application_round_trip(fake_api: FakeBotAPI) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    app = builder(fake_api).build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    async with running(app):
        fake_api.send_text(USER, "привет")
        messages = await fake_api.await_messages(USER, 1, timeout=3)
        await fake_api.await_updates_consumed(timeout=3)

    assert [m["text"] for m in messages] == ["echo: привет"]
    assert messages[0]["chat_id"] == USER
    methods = [c["method"] for c in fake_api.calls()]
    assert methods[:3] == ["getMe", "deleteWebhook", "getUpdates"]
    assert fake_api.pending_updates() == []  # the stop-time getUpdates confirmed the batch


async def test_crashed_bot_gets_the_unconfirmed_batch_again(fake_api: FakeBotAPI) -> None:
    seen: list[int] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update.update_id)
        await update.effective_message.reply_text("ok")

    for attempt in (1, 2):
        app = builder(fake_api).build()
        app.add_handler(MessageHandler(filters.TEXT, record))
        async with running(app):
            if attempt == 1:
                update = fake_api.send_text(USER, "ответ на кейс")
            await fake_api.await_messages(USER, attempt, timeout=3)
        if attempt == 1:  # the bot "died" before confirming what it processed
            assert [u["update_id"] for u in fake_api.redeliver_last_batch()] == [
                update["update_id"]
            ]

    assert seen == [update["update_id"]] * 2  # handlers must be idempotent
    assert fake_api.pending_updates() == []


async def test_button_press_is_answered_and_edited(fake_api: FakeBotAPI) -> None:
    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await query.answer("принято")
        await query.edit_message_text(f"выбрано: {query.data}")

    app = builder(fake_api).build()
    app.add_handler(CallbackQueryHandler(on_button))
    async with running(app):
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="pick:a")]])
        sent = await app.bot.send_message(USER, "Выберите", reply_markup=keyboard)
        fake_api.press_button(USER, "pick:a")
        await fake_api.await_calls("editMessageText", 1, timeout=3)

    assert [a["text"] for a in fake_api.callback_answers()] == ["принято"]
    [edit] = fake_api.edits(USER)
    assert edit["message_id"] == sent.message_id
    assert edit["message"]["text"] == "выбрано: pick:a"
    assert "reply_markup" not in edit["message"]  # an edit without a keyboard drops it


# ----------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("цена < 5", 'Unsupported start tag "" at byte offset 9'),
        ("<b>bold", "Can't find end tag corresponding to start tag b"),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ('<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("Tom & Jerry", 'Character "&" must be escaped'),
        ("a&nbsp;b", 'Unsupported HTML entity "&nbsp;"'),
    ],
)
def test_html_rejects_bad_markup(fake_api: FakeBotAPI, text: str, description: str) -> None:
    status, body = raw_call(fake_api, "sendMessage", chat_id=USER, text=text, parse_mode="HTML")
    assert status == 400
    assert body["ok"] is False and body["error_code"] == 400
    assert body["description"].startswith("Bad Request: can't parse entities: ")
    assert description in body["description"]
    assert fake_api.sent_messages() == []


async def test_html_valid_markup_is_accepted_with_utf16_entities(
    fake_api: FakeBotAPI, bot: Bot
) -> None:
    text = (
        "😀 <b>жирный</b> <i>i</i><u>u</u><s>s</s> <tg-spoiler>sp</tg-spoiler> "
        '<a href="https://example.org/?a=1&amp;b=2">ссылка</a> <code>x &lt; y</code> '
        '<pre><code class="language-python">print(1)</code></pre>'
        "<blockquote expandable>цитата</blockquote> &#128512; &quot;q&quot;"
    )
    message = await bot.send_message(USER, text, parse_mode=ParseMode.HTML)

    assert message.text.startswith("😀 жирный i")
    assert "x < y" in message.text and '"q"' in message.text
    by_type = {e.type: e for e in message.entities}
    assert by_type["bold"].offset == 3  # the emoji counts as two UTF-16 units
    assert by_type["bold"].length == 6
    assert by_type["text_link"].url == "https://example.org/?a=1&b=2"
    assert by_type["pre"].language == "python"
    assert "expandable_blockquote" in by_type
    assert fake_api.sent_messages(USER)[0]["text"] == text  # recorded as sent
    assert fake_api.sent_messages(USER)[0]["plain_text"] == message.text


async def test_html_error_surfaces_as_bad_request(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)unsupported start tag"):
        await bot.send_message(USER, "<user@example.com>", parse_mode=ParseMode.HTML)


async def test_text_length_counts_utf16_units(bot: Bot, fake_api: FakeBotAPI) -> None:
    await bot.send_message(USER, "я" * 4096)
    await bot.send_message(USER, "😀" * 2048)  # 4096 UTF-16 units
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "😀" * 2049)  # 2049 code points, 4098 units
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(USER, "x" * 4097)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(USER, "   ")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(USER, "<b></b>", parse_mode=ParseMode.HTML)
    assert utf16_len("😀") == 2
    assert len(fake_api.sent_messages(USER)) == 2


async def test_callback_data_limit(bot: Bot, fake_api: FakeBotAPI) -> None:
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="я" * 32)]])
    await bot.send_message(USER, "fits: 64 bytes", reply_markup=ok)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="я" * 33)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(USER, "66 bytes", reply_markup=too_long)
    assert fake_api.sent_messages(USER)[0]["reply_markup"] == {
        "inline_keyboard": [[{"text": "ok", "callback_data": "я" * 32}]]
    }


# ----------------------------------------------------------------------- errors, faults


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_injected_429_raises_retry_after(bot: Bot, fake_api: FakeBotAPI) -> None:
    fake_api.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "first")
    assert caught.value.retry_after in (7, dt.timedelta(seconds=7))
    await bot.send_message(USER, "second")  # only the next call failed
    assert [m["text"] for m in fake_api.sent_messages()] == ["second"]
    assert [c["status"] for c in fake_api.calls("sendMessage")] == [429, 200]


async def test_injected_server_errors_and_disconnects(bot: Bot, fake_api: FakeBotAPI) -> None:
    fake_api.fail_next("sendMessage", 502, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(USER, "x")
    fake_api.fail_next("*", 500)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.get_me()
    fake_api.disconnect_next("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "x")
    assert fake_api.sent_messages() == []


async def test_delay_causes_timeout_but_message_still_lands(bot: Bot, fake_api: FakeBotAPI) -> None:
    fake_api.delay_next("sendMessage", 0.4)
    with pytest.raises(TimedOut):
        await bot.send_message(USER, "slow", read_timeout=0.1)
    messages = await fake_api.await_messages(USER, 1, timeout=2)
    assert messages[0]["text"] == "slow"  # the duplicate-send hazard of a retry


async def test_blocked_user_is_forbidden(bot: Bot, fake_api: FakeBotAPI) -> None:
    fake_api.block_user(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "hi")
    status, body = raw_call(fake_api, "sendMessage", chat_id=USER, text="hi")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    await bot.send_message(USER + 1, "hi, someone else")


async def test_wrong_token_is_invalid_token(fake_api: FakeBotAPI) -> None:
    async with Bot("123:TEST", base_url=fake_api.base_url) as good:
        assert good.username == "salesbot_test_bot"
    wrong = Bot("999:WRONG", base_url=fake_api.base_url)
    try:
        with pytest.raises(InvalidToken):
            await wrong.initialize()
    finally:
        await wrong.shutdown()
    assert raw_call(fake_api, "getMe", token="999:WRONG") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert raw_call(fake_api, "getMe", token="garbage")[0] == 404


def test_unknown_method_and_required_params(fake_api: FakeBotAPI) -> None:
    assert raw_call(fake_api, "sendTelepathy", chat_id=USER) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )
    assert raw_call(fake_api, "sendMessage", text="x")[1]["description"] == (
        "Bad Request: chat_id is empty"
    )
    assert raw_call(fake_api, "sendMessage", chat_id=USER)[1]["description"] == (
        "Bad Request: message text is empty"
    )
    assert raw_call(fake_api, "sendChatAction", chat_id=USER, action="typing")[0] == 404
    assert raw_call(fake_api, "sendmessage", chat_id=USER, text="case-insensitive")[0] == 200


# ----------------------------------------------------------------------- updates


async def test_get_updates_offset_confirmation_and_redelivery(
    bot: Bot, fake_api: FakeBotAPI
) -> None:
    ids = [fake_api.send_text(USER, f"m{i}")["update_id"] for i in range(3)]

    batch = await bot.get_updates(timeout=0)
    assert [u.update_id for u in batch] == ids
    # the bot "crashed" before confirming: a new client with the old offset gets it all again
    again = await bot.get_updates(timeout=0)
    assert [u.message.text for u in again] == ["m0", "m1", "m2"]

    partial = await bot.get_updates(offset=ids[1], timeout=0)  # confirms ids[0]
    assert [u.update_id for u in partial] == ids[1:]
    assert [u["update_id"] for u in fake_api.pending_updates()] == ids[1:]

    assert await bot.get_updates(offset=ids[2] + 1, timeout=0) == ()
    assert fake_api.pending_updates() == []

    fake_api.send_text(USER, "a")
    fake_api.send_text(USER, "b")
    limited = await bot.get_updates(offset=ids[2] + 1, limit=1, timeout=0)
    assert [u.message.text for u in limited] == ["a"]


def test_long_poll_blocks_and_wakes_on_new_update(fake_api: FakeBotAPI) -> None:
    started = time.monotonic()
    assert raw_call(fake_api, "getUpdates", timeout=0.3) == (200, {"ok": True, "result": []})
    assert 0.25 <= time.monotonic() - started < 1.5

    threading.Timer(0.2, fake_api.send_text, args=(USER, "wake up")).start()
    started = time.monotonic()
    status, body = raw_call(fake_api, "getUpdates", timeout=5)
    assert status == 200 and body["result"][0]["message"]["text"] == "wake up"
    assert time.monotonic() - started < 1.5


def test_concurrent_poll_terminates_the_older_one(fake_api: FakeBotAPI) -> None:
    result: dict[str, Any] = {}

    def old_poll() -> None:
        result["old"] = raw_call(fake_api, "getUpdates", timeout=3)

    thread = threading.Thread(target=old_poll)
    thread.start()
    time.sleep(0.2)
    assert raw_call(fake_api, "getUpdates", timeout=0)[0] == 200
    thread.join(timeout=2)
    status, body = result["old"]
    assert status == 409 and "terminated by other getUpdates request" in body["description"]


async def test_update_helpers_build_objects_ptb_understands(bot: Bot, fake_api: FakeBotAPI) -> None:
    sent = await bot.send_message(
        USER,
        "menu",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="x")]]),
    )
    command = fake_api.send_text(USER, "/start@salesbot_test_bot ref42", username="ivan")
    fake_api.send_sticker(USER)
    fake_api.send_edited_text(USER, command["message"]["message_id"], "/help")
    fake_api.press_button(USER, "x")
    fake_api.send_text(USER, "в группе", chat_type="supergroup", chat_id=-100777)
    fake_api.send_raw(dict(command), update_id=command["update_id"])  # a duplicate

    updates = await bot.get_updates(timeout=0)
    assert len(updates) == 6
    start = updates[0].message
    assert start.text == "/start@salesbot_test_bot ref42"
    assert start.entities[0].type == "bot_command" and start.entities[0].length == 24
    assert start.from_user.username == "ivan" and start.from_user.language_code == "ru"
    assert updates[1].message.sticker.emoji == "👍"
    assert updates[2].edited_message.text == "/help"
    query = updates[3].callback_query
    assert query.data == "x" and query.message.message_id == sent.message_id
    assert updates[4].effective_chat.type == "supergroup"
    assert updates[5].update_id == updates[0].update_id  # delivered again
    assert await query.answer() is True
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)


# ----------------------------------------------------------------------- other methods


async def test_send_document_multipart(bot: Bot, fake_api: FakeBotAPI) -> None:
    message = await bot.send_document(
        USER,
        b"col1;col2\n1;2\n",
        filename="report.csv",
        caption="<b>Отчёт</b>",
        parse_mode=ParseMode.HTML,
    )
    assert message.document.file_name == "report.csv"
    assert message.caption == "Отчёт" and message.caption_entities[0].type == "bold"
    (doc,) = fake_api.documents(USER)
    assert doc["filename"] == "report.csv"
    assert doc["content"] == b"col1;col2\n1;2\n"
    assert doc["caption"] == "<b>Отчёт</b>"
    with pytest.raises(BadRequest, match="no document in the request"):
        await bot.send_document(USER, message.document.file_id)  # only uploads are served


async def test_edits_follow_telegram_rules(bot: Bot, fake_api: FakeBotAPI) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="a")]])
    sent = await bot.send_message(USER, "v1", reply_markup=keyboard)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "v1", chat_id=USER, message_id=sent.message_id, reply_markup=keyboard
        )
    edited = await bot.edit_message_text(
        "v2", chat_id=USER, message_id=sent.message_id, reply_markup=keyboard
    )
    assert edited.text == "v2" and edited.reply_markup == keyboard
    stripped = await bot.edit_message_text("v3", chat_id=USER, message_id=sent.message_id)
    assert stripped.reply_markup is None
    assert [e["plain_text"] for e in fake_api.edits(USER)] == ["v2", "v3"]
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("v4", chat_id=USER, message_id=999)
    update = fake_api.send_text(USER, "mine")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", chat_id=USER, message_id=update["message"]["message_id"])


async def test_commands_per_language(bot: Bot, fake_api: FakeBotAPI) -> None:
    await bot.set_my_commands([("start", "Начать"), ("help", "Помощь")], language_code="ru")
    await bot.set_my_commands([("start", "Start")])
    assert [c["command"] for c in fake_api.commands("ru")] == ["start", "help"]
    assert fake_api.commands() == [{"command": "start", "description": "Start"}]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Start", "bad: upper case")])
    with pytest.raises(BadRequest, match="Invalid language code"):
        await bot.set_my_commands([("start", "x")], language_code="rus")


async def test_webhook_conflicts_with_polling(bot: Bot, fake_api: FakeBotAPI) -> None:
    assert await bot.set_webhook("https://example.org/hook") is True
    assert fake_api.calls("setWebhook")[0]["args"]["url"] == "https://example.org/hook"
    status, body = raw_call(fake_api, "getUpdates")
    assert status == 409 and "webhook is active" in body["description"]
    fake_api.send_text(USER, "x")
    assert await bot.delete_webhook(drop_pending_updates=True) is True
    assert fake_api.pending_updates() == []
    with pytest.raises(BadRequest, match="https url must be provided"):
        await bot.set_webhook("http://example.org/hook")


def test_wait_for_messages_times_out_with_details(fake_api: FakeBotAPI) -> None:
    with pytest.raises(TimeoutError, match="1 message"):
        fake_api.wait_for_messages(USER, 1, timeout=0.1)
    raw_call(fake_api, "sendMessage", chat_id=USER, text="hello")
    assert fake_api.wait_for_messages(USER, 1, timeout=1)[0]["text"] == "hello"
