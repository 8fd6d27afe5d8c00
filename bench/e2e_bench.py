"""End-to-end benchmark: salesbot against a minimal echo bot over the fake Bot API.

Simulated trainees play whole cases through tests/fakebotapi.py (a fake Telegram Bot API
server on 127.0.0.1): /play CASE_ID, then realistic Russian/English answers, each sent only
after the bot's full reply to the previous one arrived. The same load is run against

  (a) salesbot: the real Application from salesbot.tg.app.build_application, real SQLite file;
  (b) a minimal python-telegram-bot echo bot with the same builder options that matter
      (fake server, long polling, HTML default, the same AIORateLimiter),

one after the other, in one run. Each bot runs in its own process (salesbot through its
production entry point salesbot.tg.app.run, echo through PTB's run_polling); the fake server and
the trainees run in this process, so the trainees never share the bot's event loop or its
interpreter lock, and the figures are the bot's own.

Printed: replies/s, latency p50/p95/p99 (update queued -> first reply message), the ratios
salesbot/echo with their targets, cold start of `python -m salesbot run`, resident memory with
10,000 sessions, database growth per 1,000 answers, and the machine.

Run: .venv/bin/python bench/e2e_bench.py [--users 200] [--seconds 20] [--answers N]
     [--limiter both|telegram|off] [--rounds 1] [--rtt 0] [--profile DIR]
     (see --help and bench/README.md, which also holds the measured figures)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import html
import math
import os
import platform
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tests.fakebotapi as fake  # noqa: E402
from tests.fakebotapi import FakeBotAPI  # noqa: E402

CASES = ("laptop-bulk-order", "rude-client", "price-objection")
RETRIES = 5  # salesbot's AIORateLimiter(max_retries=5); the echo bot gets the same
TARGET_THROUGHPUT = 0.8  # salesbot/echo replies per second, at least
TARGET_P99 = 2.0  # salesbot/echo p99 latency, at most
TARGET_RSS_MB = 200
BUSY = 0.2  # other processes' CPU (in cores) above which a run is flagged as disturbed
LIMITERS = {
    "telegram": "AIORateLimiter(max_retries=5) as salesbot ships it: 30 messages/s overall",
    "off": "AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=5): no throttling",
}

# Fixed answers per case and language: good, partly good and weak ones, as trainees write.
ANSWERS: dict[str, dict[str, list[str]]] = {
    "laptop-bulk-order": {
        "ru": [
            "Да, успеваем: все 40 ноутбуков на складе, привезём в среду до обеда, "
            "в четверг наши инженеры всё настроят. Выставить счёт сегодня?",
            "Добрый день! У нас отличные ноутбуки, лучшие на рынке, и гарантия 3 года.",
            "Доставка в четверг, настройка в пятницу, к понедельнику все рабочие места готовы. "
            "Присылаю договор на почту?",
            "Понимаю, сроки важны. Уточните, пожалуйста, адрес офиса и сколько рабочих мест.",
            "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт и закреплю партию.",
            "Постараемся успеть, но точно сказать не могу, это зависит от склада.",
        ],
        "en": [
            "Yes, we can: all 40 laptops are in stock, we deliver on Wednesday morning and "
            "our engineers set them up on Thursday. Shall I send the invoice today?",
            "Good afternoon! Our laptops are the best on the market, with a 3-year warranty.",
            "Delivery on Thursday, setup on Friday, every desk is ready by Monday. "
            "Shall I email you the contract?",
            "I understand timing matters. Could you tell me the office address and how many "
            "workplaces you need?",
            "Send me your company details and address, and I'll issue the invoice by 5 pm today.",
            "We'll try our best, but I can't promise anything, it depends on the warehouse.",
        ],
    },
    "rude-client": {
        "ru": [
            "Приношу извинения за задержку, это наша ошибка. Подскажите номер заказа, "
            "я сейчас проверю и за 15 минут перезвоню с точной датой.",
            "Не надо кричать, мы тут ни при чём, это курьерская служба.",
            "Заказ нашёл: он на складе в Подольске, завтра с 10 до 14 его привезёт курьер "
            "и позвонит за час. Стоимость доставки вернём сегодня.",
            "Понимаю ваше недовольство, три дня — это действительно долго. Извините нас.",
            "Извините! Заказ 48215 уже у курьера, будет у вас сегодня до 19:00, "
            "трек-номер пришлю смс.",
            "У нас лучший сервис в городе, обычно всё приходит вовремя.",
        ],
        "en": [
            "I'm sorry for the delay, it's our fault. Could you give me the order number? "
            "I'll check right now and call you back within 15 minutes with the exact date.",
            "Please don't shout, it's not our fault, it's the courier company.",
            "I found your order: it's at our warehouse, a courier will bring it tomorrow "
            "between 10 and 2 and will call an hour before. We'll refund the delivery today.",
            "I understand how frustrating this is, three days is really too long. I'm sorry.",
            "Sorry! Order 48215 is already with the courier and will be with you today "
            "before 7 pm; I'll text you the tracking number.",
            "We have the best service in town, usually everything arrives on time.",
        ],
    },
    "price-objection": {
        "ru": [
            "Давайте сравним честно: пришлите их предложение. У нас в цену входят доставка, "
            "установка и гарантия 3 года. Посчитаю разницу и отвечу сегодня до 17:00.",
            "У нас качественные кондиционеры, лучшие бренды, мы на рынке 15 лет.",
            "Понимаю, 15% — это ощутимо. У конкурента та же модель и тот же срок гарантии? "
            "Могу предложить рассрочку на 6 месяцев без переплаты.",
            "При предоплате до пятницы дам 7% и бесплатное обслуживание на первый год. Оформляем?",
            "Установщик может приехать в четверг с 9 до 12 или в субботу после обеда. "
            "Какое время удобнее?",
            "Ну, если у них дешевле, покупайте у них.",
        ],
        "en": [
            "Let's compare honestly: send me their offer. Our price includes delivery, "
            "installation and a 3-year warranty. I'll work out the difference by 5 pm today.",
            "Our air conditioners are top quality, the best brands, 15 years on the market.",
            "I understand, 15% is noticeable. Is it the same model with the same warranty? "
            "I can offer a 6-month instalment plan at no extra cost.",
            "If you prepay by Friday I can give you 7% off and free servicing for the first "
            "year. Shall we go ahead?",
            "Our installer can come on Thursday between 9 and 12 or on Saturday afternoon. "
            "Which suits you better?",
            "Well, if they are cheaper, buy from them.",
        ],
    },
}

# ============================================================================ machine


def machine() -> dict[str, str]:
    model = platform.processor() or "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    import telegram

    commit = "unknown"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        git = ["git", "-C", str(ROOT)]
        commit = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--untracked-files=no", "--", "salesbot", "scenarios"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        commit += " + uncommitted changes under bot/" if dirty else ""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model,
        "nproc": f"{os.cpu_count()} (usable: {usable})",
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "ptb": telegram.__version__,
        "os": platform.platform(),
        "salesbot": commit,
    }


def proc_status(pid: int, key: str) -> int:
    """A kB field of /proc/PID/status (VmRSS, VmHWM), in kB; 0 if unavailable."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def machine_cpu_seconds() -> tuple[float, float]:
    """(busy, steal) CPU seconds of the whole machine so far, all cores (from /proc/stat)."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return 0.0, 0.0
    ticks = [int(x) for x in first[1:9]]  # user nice system idle iowait irq softirq steal
    clock = os.sysconf("SC_CLK_TCK")
    return (sum(ticks[:3]) + ticks[5] + ticks[6]) / clock, ticks[7] / clock


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc/PID/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ============================================================================ fake server


def memoise_html_parsing() -> None:
    """The fake checks every HTML reply with its port of Telegram's parser, in pure Python,
    while the bot waits for the answer. Replies repeat (the same templates, the same fixed
    answers), so the result is kept per text: still checked, but mostly at no cost."""
    if getattr(fake.parse_html, "memoised", False):
        return
    parse = fake.parse_html

    @functools.lru_cache(maxsize=8192)
    def parsed(text: str, strict: bool) -> tuple[str, list[dict[str, Any]]]:
        return parse(text, strict=strict)  # a parse error is raised, never cached

    def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[dict[str, Any]]]:
        plain, entities = parsed(text, strict)
        return plain, [dict(entity) for entity in entities]  # entities are flat dicts

    parse_html.memoised = True  # type: ignore[attr-defined]
    fake.parse_html = parse_html


class BenchAPI(FakeBotAPI):
    """The tests' fake Bot API, lean on bookkeeping: no flood limits (the fake has none),
    calls only counted (not deep-copied into a list), and sendMessage answered with the
    fake's own checks (chat, HTML with Telegram's parser, length, keyboard) but without the
    copies the tests keep of every message; each one is timestamped and reported to a
    listener as it is handled."""

    def __init__(self) -> None:
        memoise_html_parsing()
        super().__init__(token="123456:BENCH")
        self.listener: Callable[[int, float], None] | None = None
        self.reply_times: list[float] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.failures: list[str] = []
        self.server_seconds = 0.0  # time spent answering requests other than getUpdates
        self.server_requests = 0
        self._stats_lock = threading.Lock()
        self.rtt = 0.0  # seconds added to every request but getUpdates (--rtt)
        self.first_call: float | None = None
        self.first_get_updates: float | None = None
        self.register_method("sendMessage", self._lean_send_message)

    def _lean_send_message(self, params: dict[str, str], files: dict[str, Any]) -> Any:
        self._chat_id(params, check_forbidden=False)  # "chat_id is empty" comes first
        plain, entities = self._format_text(
            params,
            "text",
            limit=fake.MAX_TEXT_LENGTH,
            too_long="Bad Request: message is too long",
            empty="Bad Request: message text is empty",
        )
        _, inline = self._reply_markup(params)
        chat_id = self._chat_id(params)
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "from": self.bot_user,
            "chat": self._chats.get(chat_id) or self._chat_obj(chat_id),
            "date": int(time.time()),
            "text": plain,
        }
        if entities:
            message["entities"] = entities
        if inline:
            message["reply_markup"] = inline
        now = time.perf_counter()
        self.reply_times.append(now)
        if self.listener is not None:
            self.listener(chat_id, now)
        return message

    def forget_sent(self) -> None:
        """Drop the reply timestamps of the previous measurement."""
        self.reply_times.clear()

    def mark(self) -> None:
        """Forget the first-call timestamps (before starting a bot process)."""
        self.first_call = self.first_get_updates = None

    def _handle_http(self, http_method: str, path: str, content_type: str, body: bytes):
        start = time.perf_counter()
        if self.first_call is None:
            self.first_call = start
        polling = path.lower().rstrip("/").endswith("/getupdates")
        if polling and self.first_get_updates is None:
            self.first_get_updates = start
        if self.rtt and not polling:  # network latency: this connection's thread only
            self._stop_event.wait(self.rtt)
        begun = time.perf_counter()
        answer = super()._handle_http(http_method, path, content_type, body)
        if not polling:
            with self._stats_lock:
                self.server_seconds += time.perf_counter() - begun
                self.server_requests += 1
        return answer

    def _record(self, method, params, files, status, payload) -> None:
        with self._lock:
            self.counts[method] += 1
            if status != 200 and len(self.failures) < 1000:
                self.failures.append(f"{method} -> {status} {(payload or {}).get('description')}")


class Tracker:
    """Bot messages per chat, kept in the trainees' event loop; the fake's server threads
    hand each message over with call_soon_threadsafe."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.times: dict[int, list[float]] = defaultdict(list)
        self.waiters: dict[int, tuple[int, asyncio.Future]] = {}

    def from_server(self, chat_id: int, when: float) -> None:
        with contextlib.suppress(RuntimeError):  # the run is over and its loop closed
            self.loop.call_soon_threadsafe(self._arrived, chat_id, when)

    def _arrived(self, chat_id: int, when: float) -> None:
        times = self.times[chat_id]
        times.append(when)
        waiter = self.waiters.get(chat_id)
        if waiter and len(times) >= waiter[0] and not waiter[1].done():
            waiter[1].set_result(None)

    async def wait(self, chat_id: int, count: int, timeout: float) -> None:
        if len(self.times[chat_id]) >= count:
            return
        future = self.loop.create_future()
        self.waiters[chat_id] = (count, future)
        try:
            await asyncio.wait_for(future, timeout)
        finally:
            self.waiters.pop(chat_id, None)


# ============================================================================ trainees


@dataclass(frozen=True)
class Step:
    text: str
    replies: int  # salesbot messages this step earns
    switched: int  # the same when a case was still open ("the previous case was stopped")
    answer: bool


@dataclass(frozen=True)
class Script:
    case_id: str
    lang: str
    steps: tuple[Step, ...]
    finished: bool


def build_scripts(case_ids: Sequence[str]) -> dict[str, list[Script]]:
    """Every case played to its end from every starting answer, per language.

    The parts of each reply are worked out with salesbot's own engine, as salesbot/training.py
    composes them (case intro or feedback, the client's lines, the summary at the end), and
    the messages they make with salesbot's own compose (one message per reply since
    2f39337), so a trainee knows when the bot's reply is complete. A mismatch is reported
    after the run.
    """
    from salesbot.engine import advance, load_casebook, start_dialogue
    from salesbot.paths import bundled_scenarios

    book = load_casebook(bundled_scenarios())
    messages = reply_messages()

    def step(text: str, parts: int, answer: bool) -> Step:
        return Step(text, messages(parts), messages(parts + 1), answer)

    scripts: dict[str, list[Script]] = {"ru": [], "en": []}
    for variant in range(max(len(ANSWERS[c][lang]) for c in case_ids for lang in scripts)):
        for case_id in case_ids:
            case = book.case(case_id)
            for lang in scripts:
                pool = ANSWERS[case_id][lang]
                turn = start_dialogue(case, lang)
                state = turn.state
                steps = [step(f"/play {case_id}", 1 + len(turn.lines), False)]
                k = variant
                while not state.finished and len(steps) <= 2 * case.max_turns:
                    text = pool[k % len(pool)]
                    k += 1
                    result = book.scorer.score_answer(case, state.step_id, text, state.lang)
                    turn = advance(case, state, result)
                    state = turn.state
                    steps.append(step(text, 1 + len(turn.lines) + int(state.finished), True))
                scripts[lang].append(Script(case_id, lang, tuple(steps), state.finished))
    return scripts


def reply_messages() -> Callable[[int], int]:
    """How many messages salesbot sends for a reply of N short parts, found with its own
    salesbot.tg.messages.compose (the parts joined into one message, split past 4096
    characters: whichever the code in the tree does)."""
    from salesbot.tg.messages import compose

    @functools.cache
    def count(parts: int) -> int:
        return len(compose([f"part {i}" for i in range(parts)]))

    return count


@dataclass
class Trainee:
    uid: int
    lang: str
    scripts: list[Script]
    script: int = 0
    pos: int = 0
    active: bool = False  # an unfinished attempt is open in the bot
    answers: int = 0
    commands: int = 0
    expected: int = 0  # bot messages this chat should have received so far

    def step(self, echo: bool) -> tuple[str, int, bool]:
        step = self.scripts[self.script % len(self.scripts)].steps[self.pos]
        if echo:
            return step.text, 1, step.answer
        switched = self.pos == 0 and self.active  # "the previous case was stopped"
        return step.text, step.switched if switched else step.replies, step.answer

    def done(self, replies: int, answer: bool) -> None:
        script = self.scripts[self.script % len(self.scripts)]
        self.expected += replies
        self.answers += answer
        self.commands += not answer
        self.active = True
        self.pos += 1
        if self.pos == len(script.steps):
            self.active = not script.finished
            self.pos = 0
            self.script += 1


def make_trainees(scripts: dict[str, list[Script]], first_uid: int, count: int) -> list[Trainee]:
    trainees = []
    for i in range(count):
        lang = "en" if i % 3 == 2 else "ru"  # two in three write in Russian
        pool = scripts[lang]
        start = (i * 7) % len(pool)  # trainees start at different cases and answers
        trainees.append(Trainee(first_uid + i, lang, pool[start:] + pool[:start]))
    return trainees


@dataclass
class Exchange:
    queued: float  # the update was put into the fake's queue
    first: float  # the bot's first reply message was handled by the fake
    last: float  # the last expected reply message
    answer: bool


@dataclass
class Load:
    start: float
    stop: float
    exchanges: list[Exchange] = field(default_factory=list)
    timeouts: int = 0
    mismatched: int = 0  # chats whose message count differs from the expected one


async def drive(
    api: BenchAPI,
    trainees: list[Trainee],
    *,
    echo: bool,
    seconds: float,
    max_answers: int | None,
    timeout: float,
    concurrency: int | None = None,
    on_start: Callable[[], None] | None = None,
) -> Load:
    """Run the trainees until the deadline or their answer quota, waiting for every reply."""
    loop = asyncio.get_running_loop()
    tracker = Tracker(loop)
    api.listener = tracker.from_server
    gate = asyncio.Semaphore(concurrency or len(trainees) or 1)
    if on_start is not None:
        on_start()
    start = time.perf_counter()
    deadline = start + seconds
    load = Load(start, deadline)
    expected_before = {t.uid: t.expected for t in trainees}

    async def play(trainee: Trainee) -> None:
        async with gate:
            while time.perf_counter() < deadline and (
                max_answers is None or trainee.answers < max_answers
            ):
                text, replies, answer = trainee.step(echo)
                before = len(tracker.times[trainee.uid])
                queued = time.perf_counter()
                api.send_text(
                    trainee.uid,
                    text,
                    first_name=f"Trainee{trainee.uid}",
                    language_code=trainee.lang,
                )
                try:
                    await tracker.wait(trainee.uid, before + replies, timeout)
                except TimeoutError:
                    load.timeouts += 1
                    return
                times = tracker.times[trainee.uid]
                load.exchanges.append(
                    Exchange(queued, times[before], times[before + replies - 1], answer)
                )
                trainee.done(replies, answer)

    await asyncio.gather(*(play(t) for t in trainees))
    if load.exchanges:
        load.stop = min(deadline, max(e.last for e in load.exchanges))
    await asyncio.sleep(0.3)  # late extra messages, if any, would show up as mismatches
    api.listener = None
    load.mismatched = sum(
        len(tracker.times[t.uid]) != t.expected - expected_before[t.uid] for t in trainees
    )
    return load


# ============================================================================ bot processes


def child_main(args: argparse.Namespace) -> None:
    """Inside the bot process: run the bot with long polling until SIGTERM.

    salesbot runs through its production entry point, salesbot.tg.app.run (its own polling loop),
    with only the limiter swapped for --limiter off; the echo bot through PTB's
    Application.run_polling. SIGUSR1/SIGUSR2 start/stop the profiler (--profile)."""
    import logging

    from telegram import Update

    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level="INFO")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # as salesbot.tg.app.run does
    if args.profile:
        install_profiler(Path(args.profile))
    base = args.api.rstrip("/")
    if args.child == "echo":
        app = build_echo(args.token, base)
        set_limiter(app, args.limiter)
        app.run_polling(allowed_updates=Update.ALL_TYPES)
        return

    import salesbot.tg.app as tg_app
    from salesbot.config import Config
    from salesbot.engine import load_casebook
    from salesbot.storage import SqliteStore

    build = tg_app.build_application

    def build_application(*build_args: Any, **build_kwargs: Any):
        app = build(*build_args, **build_kwargs)
        set_limiter(app, args.limiter)
        return app

    tg_app.build_application = build_application  # what run() calls
    config = Config(
        telegram={
            "token": args.token,
            "base_url": f"{base}/bot",
            "base_file_url": f"{base}/file/bot",
        },
        storage={"path": args.db},
    )
    storage = SqliteStore(config.storage.path)
    try:
        tg_app.run(config, load_casebook(config.scenarios), storage)
    finally:
        storage.close()


def set_limiter(app: Any, limiter: str) -> None:
    """--limiter off: the same limiter class and code path, without throttling."""
    from telegram.ext import AIORateLimiter

    if limiter == "off":
        app.bot._rate_limiter = AIORateLimiter(
            overall_max_rate=0, group_max_rate=0, max_retries=RETRIES
        )


def build_echo(token: str, base: str):
    """A minimal echo bot with salesbot's builder options (HTML default, AIORateLimiter)."""
    from telegram import Update
    from telegram.constants import ParseMode
    from telegram.ext import (
        AIORateLimiter,
        ApplicationBuilder,
        ContextTypes,
        Defaults,
        MessageHandler,
        filters,
    )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_chat.send_message(html.escape(update.effective_message.text))

    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .rate_limiter(AIORateLimiter(max_retries=RETRIES))
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


def install_profiler(path: Path) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001, async_mode="disabled")

    def begin(*_: object) -> None:
        if not profiler.is_running:
            profiler.start()

    def end(*_: object) -> None:
        if profiler.is_running:
            profiler.stop()
            profiler.last_session.save(str(path.with_suffix(".pyisession")))  # pyinstrument --load
            path.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")

    signal.signal(signal.SIGUSR1, begin)
    signal.signal(signal.SIGUSR2, end)


def local_env() -> dict[str, str]:
    """The environment for a bot process: no proxy may divert 127.0.0.1 traffic."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["PYTHONUNBUFFERED"] = "1"
    return env


class BotProcess:
    """A bot in its own process, started and stopped around one measurement."""

    def __init__(
        self,
        kind: str,
        limiter: str,
        api: BenchAPI,
        workdir: Path,
        name: str,
        profile: Path | None = None,
    ) -> None:
        self.kind, self.api, self.profile = kind, api, profile
        self.db = workdir / f"{name}.db"
        self.log = workdir / f"{name}.log"
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            kind,
            "--limiter",
            limiter,
            "--api",
            api.url,
            "--token",
            api.token,
            "--db",
            str(self.db),
        ]
        if profile is not None:
            command += ["--profile", str(profile)]
        api.clear_updates()
        api.mark()
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                command, cwd=ROOT, env=local_env(), stdout=log, stderr=subprocess.STDOUT
            )
        try:
            wait_until(
                lambda: api.first_get_updates is not None or self.proc.poll() is not None,
                120,
                f"{kind} to start polling",
            )
        except TimeoutError as exc:
            self.stop()
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise TimeoutError(f"{exc}; its log ends with:\n{tail}") from None
        if self.proc.poll() is not None:
            tail = self.log.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"the {kind} process exited ({self.proc.returncode}):\n{tail}")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def signal(self, signum: int) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signum)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def log_problems(self) -> int:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return sum(1 for line in text.splitlines() if " ERROR " in line or "Traceback" in line)


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.005)


# ============================================================================ measurements


@dataclass
class Figures:
    bot: str
    replies_per_s: float
    updates_per_s: float
    p50: float
    p95: float
    p99: float
    exchanges: int
    messages_per_update: float
    bot_cpu_share: float  # of one core, during the window
    bot_cpu_ms_per_update: float
    bench_cpu_share: float  # this process: the fake server and the trainees
    fake_ms_per_request: float
    others_cpu_share: float  # other processes on the machine during the window, in cores
    steal_share: float  # CPU stolen by the hypervisor during the window, in cores
    timeouts: int
    mismatched: int
    failures: list[str]
    log_problems: int
    profile: Path | None


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))  # nearest rank
    return ordered[index]


def measure_bot(
    kind: str,
    limiter: str,
    api: BenchAPI,
    scripts: dict[str, list[Script]],
    workdir: Path,
    args: argparse.Namespace,
    first_uid: int,
) -> Figures:
    profile = args.profile / f"{kind}-{limiter}-{first_uid}.txt" if args.profile else None
    bot = BotProcess(kind, limiter, api, workdir, f"{kind}-{limiter}-{first_uid}", profile)
    echo = kind == "echo"
    api.rtt = args.rtt / 1000
    try:
        warm = make_trainees(scripts, first_uid, min(args.users, 20))
        asyncio.run(drive(api, warm, echo=echo, seconds=args.warmup, max_answers=None, timeout=60))
        time.sleep(1.1)  # the limiter's bucket refills: both bots start the window rested
        api.forget_sent()
        api.server_seconds, api.server_requests = 0.0, 0
        failures_before = len(api.failures)
        trainees = make_trainees(scripts, first_uid + 100_000, args.users)
        marks: dict[str, float] = {}

        def on_start() -> None:
            marks["bot_cpu"] = proc_cpu_seconds(bot.pid)
            marks["bench_cpu"] = time.process_time()
            marks["machine"], marks["steal"] = machine_cpu_seconds()
            if profile:
                bot.signal(signal.SIGUSR1)

        load = asyncio.run(
            drive(
                api,
                trainees,
                echo=echo,
                seconds=args.seconds,
                max_answers=args.answers,
                timeout=args.timeout,
                on_start=on_start,
            )
        )
        if profile:
            bot.signal(signal.SIGUSR2)
            wait_until(profile.exists, 60, "the profile to be written")
        wall = time.perf_counter() - load.start
        bot_cpu = proc_cpu_seconds(bot.pid) - marks["bot_cpu"]
        bench_cpu = time.process_time() - marks["bench_cpu"]
        busy, steal = machine_cpu_seconds()
        others = busy - marks["machine"] - bot_cpu - bench_cpu
        steal -= marks["steal"]
        failures = api.failures[failures_before:]
        requests = max(api.server_requests, 1)
        fake_ms = 1000 * api.server_seconds / requests
    finally:
        api.rtt = 0.0
        bot.stop()
    window = max(load.stop - load.start, 1e-9)
    replies = sum(1 for t in api.reply_times if load.start <= t <= load.stop)
    done = [e for e in load.exchanges if e.last <= load.stop]
    latencies = [1000 * (e.first - e.queued) for e in load.exchanges if e.queued <= load.stop]
    return Figures(
        bot=kind,
        replies_per_s=replies / window,
        updates_per_s=len(done) / window,
        p50=percentile(latencies, 50),
        p95=percentile(latencies, 95),
        p99=percentile(latencies, 99),
        exchanges=len(load.exchanges),
        messages_per_update=len(api.reply_times) / max(len(load.exchanges), 1),
        bot_cpu_share=bot_cpu / wall,
        bot_cpu_ms_per_update=1000 * bot_cpu / max(len(load.exchanges), 1),
        bench_cpu_share=bench_cpu / wall,
        fake_ms_per_request=fake_ms,
        timeouts=load.timeouts,
        mismatched=load.mismatched,
        failures=failures,
        others_cpu_share=max(0.0, others / wall),
        steal_share=steal / wall,
        log_problems=bot.log_problems(),
        profile=profile if profile and profile.exists() else None,
    )


def db_bytes(db: Path) -> tuple[int, int]:
    size = db.stat().st_size if db.exists() else 0
    wal = Path(f"{db}-wal")
    return size, wal.stat().st_size if wal.exists() else 0


def checkpoint(db: Path) -> str:
    """Fold the WAL into the database file (the bot keeps running; WAL allows this)."""
    with contextlib.closing(sqlite3.connect(db, timeout=10)) as con:
        busy, _, _ = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return "ok" if not busy else "busy"


def answer_columns(db: Path) -> list[tuple[str, float]]:
    """Average stored bytes per answer row, by column, largest first."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as con:
        names = [row[1] for row in con.execute("PRAGMA table_info(answers)")]
        sums = ", ".join(f'avg(length(cast("{n}" as blob)))' for n in names)
        averages = con.execute(f"select {sums} from answers").fetchone()
    return sorted(zip(names, (a or 0.0 for a in averages), strict=True), key=lambda x: -x[1])


def measure_sessions(
    api: BenchAPI, scripts: dict[str, list[Script]], workdir: Path, args: argparse.Namespace
) -> dict[str, Any]:
    """10,000 trainees each /play a case and answer once; then 1,000 more answers."""
    bot = BotProcess("salesbot", "off", api, workdir, "sessions")
    result: dict[str, Any] = {}
    try:
        time.sleep(0.5)
        result["rss_idle_kb"] = proc_status(bot.pid, "VmRSS")
        trainees = make_trainees(scripts, 500_000_000, args.sessions)
        started = time.perf_counter()
        load = asyncio.run(
            drive(
                api,
                trainees,
                echo=False,
                seconds=args.sessions_timeout,
                max_answers=1,
                timeout=args.sessions_timeout,
                concurrency=500,
            )
        )
        result["sessions_seconds"] = time.perf_counter() - started
        result["sessions_done"] = sum(1 for t in trainees if t.answers >= 1)
        result["sessions_problems"] = load.timeouts + load.mismatched
        time.sleep(0.5)
        result["rss_kb"] = proc_status(bot.pid, "VmRSS")
        result["hwm_kb"] = proc_status(bot.pid, "VmHWM")
        api.forget_sent()

        # database growth: 100 of those trainees answer 10 more times each = 1,000 answers
        result["checkpoint_before"] = checkpoint(bot.db)
        before = db_bytes(bot.db)
        growers = trainees[:100]
        commands = sum(t.commands for t in growers)
        load = asyncio.run(
            drive(
                api,
                growers,
                echo=False,
                seconds=args.sessions_timeout,
                max_answers=11,
                timeout=60,
            )
        )
        time.sleep(0.3)
        after = db_bytes(bot.db)
        result["checkpoint_after"] = checkpoint(bot.db)
        folded = db_bytes(bot.db)
        result["answers"] = sum(t.answers for t in growers) - len(growers)
        result["plays"] = sum(t.commands for t in growers) - commands
        result["growth_problems"] = load.timeouts + load.mismatched
        result["db_before"], result["wal_before"] = before
        result["db_after"], result["wal_after"] = after
        result["db_folded"] = folded[0]
        result["columns"] = answer_columns(bot.db)
        result["log_problems"] = bot.log_problems()
    finally:
        bot.stop()
    return result


def measure_cold_start(api: BenchAPI, workdir: Path, runs: int) -> dict[str, list[float]]:
    """`python -m salesbot run --config X` until its first getUpdates reaches the fake."""
    times: dict[str, list[float]] = {"interpreter": [], "first_call": [], "get_updates": []}
    for i in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, timeout=30)
        times["interpreter"].append(time.perf_counter() - started)
        config = workdir / f"cold-{i}.yaml"
        config.write_text(
            "telegram:\n"
            f"  base_url: {api.base_url}\n"
            f"  base_file_url: {api.base_file_url}\n"
            "storage:\n"
            f"  path: {workdir / f'cold-{i}.db'}\n",
            encoding="utf-8",
        )
        env = local_env() | {"SALESBOT_TOKEN": api.token}
        api.clear_updates()
        api.mark()
        started = time.perf_counter()
        with (workdir / f"cold-{i}.log").open("wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "salesbot", "run", "--config", str(config)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until(lambda: api.first_get_updates is not None, 60, "the first getUpdates")
            times["first_call"].append((api.first_call or started) - started)
            times["get_updates"].append(api.first_get_updates - started)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
    return times


# ============================================================================ report


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def print_figures(limiter: str, runs: dict[str, list[Figures]], args: argparse.Namespace) -> None:
    rounds = len(runs["salesbot"])
    print(f"\n== Throughput and latency, rate limiter for BOTH bots: {LIMITERS[limiter]}")
    print(
        f"   {args.users} trainees, {args.seconds:g} s"
        + (f" or {args.answers} answers each" if args.answers else "")
        + f", after a {args.warmup:g} s warm-up; latency = update queued -> first reply"
        + (f"; every request but getUpdates delayed {args.rtt:g} ms" if args.rtt else "")
        + (f"; {rounds} rounds, salesbot and echo alternating" if rounds > 1 else "")
    )
    print(
        f"   {'bot':<11}{'replies/s':>10}{'updates/s':>10}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'msgs/upd':>9}{'updates':>8}{'bot CPU':>9}{'CPU/upd':>9}"
    )
    rows = [
        (f"{kind} #{i + 1}" if rounds > 1 else kind, f)
        for i in range(rounds)
        for kind in runs
        for f in [runs[kind][i]]
    ]
    for label, f in rows:
        print(
            f"   {label:<11}{f.replies_per_s:>10.1f}{f.updates_per_s:>10.1f}{f.p50:>9.0f}"
            f"{f.p95:>9.0f}{f.p99:>9.0f}{f.messages_per_update:>9.2f}{f.exchanges:>8}"
            f"{f.bot_cpu_share:>8.0%} {f.bot_cpu_ms_per_update:>6.2f}ms"
        )

    def median(kind: str, name: str) -> float:
        return statistics.median(getattr(f, name) for f in runs[kind])

    if rounds > 1:
        for kind in runs:
            print(
                f"   {kind + ' med':<11}{median(kind, 'replies_per_s'):>10.1f}"
                f"{median(kind, 'updates_per_s'):>10.1f}{median(kind, 'p50'):>9.0f}"
                f"{median(kind, 'p95'):>9.0f}{median(kind, 'p99'):>9.0f}"
            )
    echo_replies, echo_p99 = median("echo", "replies_per_s"), median("echo", "p99")
    throughput = median("salesbot", "replies_per_s") / echo_replies if echo_replies else 0.0
    p99 = median("salesbot", "p99") / echo_p99 if echo_p99 else float("inf")
    echo_updates = median("echo", "updates_per_s")
    updates = median("salesbot", "updates_per_s") / echo_updates if echo_updates else 0.0
    print(
        f"   salesbot/echo{' (medians)' if rounds > 1 else ''}: throughput (replies/s) "
        f"{throughput:.2f} (target >= {TARGET_THROUGHPUT}: "
        f"{verdict(throughput >= TARGET_THROUGHPUT)}); p99 {p99:.2f} (target <= {TARGET_P99}: "
        f"{verdict(p99 <= TARGET_P99)}); updates/s {updates:.2f}"
    )
    sales_cpu = median("salesbot", "bot_cpu_ms_per_update")
    echo_cpu = median("echo", "bot_cpu_ms_per_update")
    sales_msgs = median("salesbot", "messages_per_update")
    echo_msgs = median("echo", "messages_per_update")
    if sales_cpu and echo_cpu and sales_msgs and echo_msgs:
        print(
            f"   bot CPU per update: salesbot/echo {sales_cpu / echo_cpu:.2f}; replies per "
            f"CPU-second {1000 * sales_msgs / sales_cpu:.0f} vs {1000 * echo_msgs / echo_cpu:.0f}"
            f" = {(sales_msgs / sales_cpu) / (echo_msgs / echo_cpu):.2f} (less sensitive to "
            "other load than the wall-clock figures)"
        )
    for label, f in rows:
        notes = [
            f"fake server {f.fake_ms_per_request:.2f} ms/request",
            f"bench process (fake + trainees) CPU {f.bench_cpu_share:.0%} of a core",
            f"other processes {f.others_cpu_share:.0%} of a core"
            + (f", steal {f.steal_share:.0%}" if f.steal_share >= 0.01 else ""),
        ]
        problems = f.timeouts + f.mismatched + len(f.failures) + f.log_problems
        notes.append(
            "no timeouts, reply counts as expected, no failed calls, no errors in the log"
            if not problems
            else f"PROBLEMS: {f.timeouts} timeouts, {f.mismatched} chats with unexpected "
            f"reply counts, failed calls {f.failures[:3]}, {f.log_problems} log errors"
        )
        if f.profile:
            notes.append(f"profile: {f.profile}")
        print(f"   {label}: " + "; ".join(notes))
    busy = max(f.others_cpu_share + f.steal_share for _, f in rows)
    if busy > BUSY:
        print(
            f"   WARNING: other processes used up to {busy:.0%} of a core during these runs; "
            "the unthrottled figures (and so the ratios) move with that load: rerun on an "
            "idle machine"
        )


def print_sessions(result: dict[str, Any], sessions: int) -> None:
    rss = result["rss_kb"] / 1024
    print(f"\n== Memory with {sessions:,} sessions (salesbot process, limiter off to save time)")
    print(
        f"   {result['sessions_done']:,} trainees did /play + one answer in "
        f"{result['sessions_seconds']:.1f} s (problems: {result['sessions_problems']})"
    )
    print(
        f"   RSS after start {result['rss_idle_kb'] / 1024:.1f} MB; with {sessions:,} sessions "
        f"{rss:.1f} MB (peak {result['hwm_kb'] / 1024:.1f} MB); "
        f"target < {TARGET_RSS_MB} MB: {verdict(rss < TARGET_RSS_MB)}"
    )
    before = result["db_before"] + result["wal_before"]
    after = result["db_after"] + result["wal_after"]
    answers = max(result["answers"], 1)
    per_1000 = (after - before) / 1024 * 1000 / answers
    folded = (result["db_folded"] - result["db_before"]) / 1024 * 1000 / answers
    print(
        f"\n== Database growth: {result['answers']:,} answers (+{result['plays']} /play) by 100 "
        f"trainees (problems: {result['growth_problems']}), WAL checkpointed first "
        f"({result['checkpoint_before']})"
    )
    print(
        f"   db+wal: {before / 1024:,.0f} KB -> {after / 1024:,.0f} KB "
        f"(db {result['db_after'] / 1024:,.0f} KB + wal {result['wal_after'] / 1024:,.0f} KB): "
        f"{per_1000:,.0f} KB per 1,000 answers as written"
    )
    print(
        f"   after folding the WAL in ({result['checkpoint_after']}): db "
        f"{result['db_folded'] / 1024:,.0f} KB: {folded:,.0f} KB per 1,000 answers stored"
    )
    columns = result["columns"]
    print(
        f"   an answer row holds {sum(size for _, size in columns):,.0f} bytes of data: "
        + ", ".join(f"{name} {size:,.0f}" for name, size in columns[:5])
        + " (the rest: attempts, users, three indexes, page slack)"
    )


def print_cold(times: dict[str, list[float]]) -> None:
    get_updates = times["get_updates"]
    print("\n== Cold start: `python -m salesbot run --config X` until its first getUpdates")
    print(
        "   "
        + ", ".join(f"{t:.2f}" for t in get_updates)
        + f" s (median {statistics.median(get_updates):.2f} s); first API call (getMe) at "
        f"median {statistics.median(times['first_call']):.2f} s; bare `python -c pass` "
        f"{statistics.median(times['interpreter']) * 1000:.0f} ms"
    )


# ============================================================================ main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="simulated trainees")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured time per bot")
    parser.add_argument("--answers", type=int, default=None, help="stop after N answers each")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured warm-up, s")
    parser.add_argument("--timeout", type=float, default=120.0, help="longest wait for a reply")
    parser.add_argument(
        "--limiter",
        choices=("both", *LIMITERS),
        default="both",
        help="telegram: the shipped AIORateLimiter (30 msg/s); off: unthrottled; both",
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="repeat each pair (alternating); medians compared"
    )
    parser.add_argument(
        "--rtt",
        type=float,
        default=0.0,
        help="ms the fake waits before answering each request (Telegram's round trip); 0",
    )
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated case ids")
    parser.add_argument("--sessions", type=int, default=10_000, help="sessions for the RSS test")
    parser.add_argument("--sessions-timeout", type=float, default=900.0, help=argparse.SUPPRESS)
    parser.add_argument("--cold-runs", type=int, default=3, help="cold starts to time")
    parser.add_argument(
        "--skip", default="", help="comma-separated parts to skip: load, sessions, cold"
    )
    parser.add_argument(
        "--profile", type=Path, default=None, help="folder for pyinstrument profiles"
    )
    # inside a bot process
    parser.add_argument("--child", choices=("salesbot", "echo"), help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child:
        child_main(args)
        return
    if args.profile:
        import pyinstrument  # noqa: F401  (fail early: pip install pyinstrument)

        args.profile.mkdir(parents=True, exist_ok=True)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    info = machine()
    print("salesbot end-to-end benchmark")
    for key, value in info.items():
        print(f"   {key}: {value}")
    print(
        f"   settings: --users {args.users} --seconds {args.seconds:g}"
        + (f" --answers {args.answers}" if args.answers else "")
        + f" --limiter {args.limiter} --rounds {args.rounds} --cases {args.cases}"
        + f" --sessions {args.sessions}"
        + (f" --rtt {args.rtt:g}" if args.rtt else "")
    )
    print(
        "   each bot runs alone in its own process (salesbot: salesbot.tg.app.run, its own polling "
        "loop; echo: PTB's run_polling); the fake Bot API (no flood limits) and the trainees "
        "run in this process"
    )
    scripts = build_scripts([c.strip() for c in args.cases.split(",") if c.strip()])
    limiters = list(LIMITERS) if args.limiter == "both" else [args.limiter]
    with tempfile.TemporaryDirectory(prefix="salesbot-bench-") as tmp, BenchAPI() as api:
        workdir = Path(tmp)
        if "load" not in skip:
            uid = 1_000_000
            for limiter in limiters:
                runs: dict[str, list[Figures]] = {"salesbot": [], "echo": []}
                for _ in range(args.rounds):
                    for kind, results in runs.items():
                        results.append(measure_bot(kind, limiter, api, scripts, workdir, args, uid))
                        uid += 1_000_000
                print_figures(limiter, runs, args)
        if "sessions" not in skip:
            print_sessions(measure_sessions(api, scripts, workdir, args), args.sessions)
        if "cold" not in skip:
            print_cold(measure_cold_start(api, workdir, args.cold_runs))
        if api.errors:
            print(f"\nfake server errors: {len(api.errors)}; first:\n{api.errors[0]}")


if __name__ == "__main__":
    main()
