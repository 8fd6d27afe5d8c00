"""Facts stated in an answer: days, dates, clock times, durations, prices, percentages.

Each fact is parsed from the tokens with its place in the answer, and checked: a 31st of
June, 26:30, or 40 laptops set up "in five minutes" are invented, not concrete. A case may
state realistic bounds (the largest discount, the earliest delivery day, the shortest time
an installation takes); a fact beyond them is invented too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .text import NUMBER, POS_NOUN, RU_ORDINAL_SUFFIX, Token, keys_of, lemma

# Kinds of fact.
DAY: Final = "day"  # today, tomorrow, a weekday
NOW: Final = "now"  # "сейчас", "right now": no time at all to a client who asked "when?"
DATE: Final = "date"  # 31 June, 25.06: the value is the day of the month
CLOCK: Final = "clock"  # 10:00, at 6 pm, с 10 до 14
DURATION: Final = "duration"  # 2 hours, пять минут, полчаса
PART_OF_DAY: Final = "part_of_day"  # к обеду, вечером, in the morning
PERCENT: Final = "percent"
MONEY: Final = "money"
COUNT: Final = "count"  # any other number
ALWAYS: Final = "always"  # круглосуточно, 24/7, round the clock
TIME_KINDS: Final = frozenset(
    {DAY, DATE, CLOCK, DURATION, PART_OF_DAY}
)  # a duration only as a deadline

_MONTH_DAYS: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTHS_RU: Final = (
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
)
_MONTHS_EN: Final = (
    "january february march april may june july august september october november december"
)
_WEEKDAYS: Final = """понедельник вторник среда четверг пятница суббота воскресенье выходные
monday tuesday wednesday thursday friday saturday sunday weekend"""
_RELATIVE_DAYS: Final = {
    "сегодня": 0, "today": 0, "tonight": 0, "завтра": 1, "tomorrow": 1, "послезавтра": 2,
    # «с послезавтрашнего дня»
    "сегодняшний": 0, "завтрашний": 1, "послезавтрашний": 2,
}  # fmt: skip
_NOW_WORDS: Final = keys_of("сейчас now immediately немедленно моментально")
# A duration after one of these is a deadline ("через 2 часа", "within 10 days"); without,
# it may describe anything ("гарантия 3 года", "полчаса ожидания").
_DEADLINE_WORDS: Final = frozenset({"через", "течение", "за", "within", "in", "after", "до"})
_UPCOMING: Final = frozenset({"next", "близкий"})  # "ближайшие" lemmatises to "близкий"
# Words that make a figure rough ("около 24 000", "about 14,000"). Before a duration they
# still leave it one from now: "in about two hours", «через примерно час».
ROUGHLY: Final = keys_of(
    "около примерно приблизительно ориентировочно about around roughly approximately"
)
ARTICLES: Final = frozenset({"a", "an", "the"})
_LEADING: Final = ARTICLES | _UPCOMING | ROUGHLY
# An hour with no number, after "next" or "within the": "within the next hour", «в ближайший час».
_ONE_UNIT: Final = frozenset({"hour", "час"})
_WINDOW_WORDS: Final = frozenset({"slot", "window", "окно", "интервал", "слот", "interval"})
_FROM_NOW: Final = frozenset({"через", "течение", "within", "in", "after"})
_PARTS_OF_DAY: Final = """утро вечер обед полдень полночь ночь
morning afternoon evening noon midday lunch lunchtime tonight"""
# Written forms: "днём" would lemmatise to "день", a unit of time.
_PART_FORMS: Final = frozenset("утром днём днем вечером ночью утра вечера".split())
_WEEKDAY_FORMS: Final = frozenset(
    "пн вт ср чт пт сб вс mon tue tues wed thu thur thurs fri".split()
)
_NUMERALS: Final = {
    "ноль": 0, "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11,
    "двенадцать": 12, "пятнадцать": 15, "двадцать": 20, "тридцать": 30, "сорок": 40,
    "пятьдесят": 50, "шестьдесят": 60, "сто": 100, "пара": 2, "полтора": 1.5,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "coupl": 2,
    "half": 0.5, "a": 1, "an": 1,
}  # fmt: skip
# Units of time in minutes, by key.
_UNITS: Final = {
    "минута": 1, "минутка": 1, "час": 60, "полчаса": 30, "день": 1440, "сутки": 1440,
    "неделя": 10080, "месяц": 43200, "год": 525600, "полгода": 262800, "minut": 1, "min": 1,
    "hour": 60, "hr": 60, "hrs": 60, "h": 60, "ч": 60, "мин": 1, "day": 1440, "week": 10080,
    "month": 43200, "year": 525600, "мес": 43200,
}  # fmt: skip
_UNIT_QUALIFIERS: Final = frozenset(
    {"рабочий", "календарный", "working", "work", "busi", "calendar", "full", "singl", "whole"}
)
_PERCENT_WORDS: Final = frozenset({"процент", "percent", "per", "pct"})
_OF_TARGET: Final = frozenset({"of", "от", "плана", "нормы", "kpi"})
_CURRENCY: Final = frozenset(
    {"рубль", "руб", "р", "₽", "rub", "roubl", "rubl", "dollar", "euro", "евро", "доллар", "тысяча"}
)
_ALWAYS_KEYS: Final = frozenset({"круглосуточно", "круглосуточный"})
_THOUSANDS: Final = frozenset({"тыс", "тысяча", "k", "thousand"})
_CLOCK_PREPOSITIONS: Final = keys_of("в к до с со после at by until from till before after")
_AM_PM: Final = frozenset({"am", "pm", "a.m", "p.m"})
_CLOCK_WORDS: Final = frozenset({"утра", "вечера", "дня", "ночи"})  # "в 6 вечера"

_CLOCK: Final = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DOTTED_DATE: Final = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?$")
_PLAIN_NUMBER: Final = re.compile(r"^\d+(?:[.,]\d+)?%?$")


def _keys(words: str) -> dict[str, int]:
    return {lemma(w): i for i, w in enumerate(words.split())}


_MONTH_KEYS: Final = {**_keys(_MONTHS_RU), **{k: i for i, k in enumerate(_MONTHS_EN.split())}}
_MONTH_KEYS.update({lemma(w): i for i, w in enumerate(_MONTHS_EN.split())})
_GENITIVE_MONTHS: Final = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
)
_MONTH_KEYS.update({lemma(w): i for i, w in enumerate(_GENITIVE_MONTHS.split())})
_WEEKDAY_KEYS: Final = frozenset(lemma(w) for w in _WEEKDAYS.split())
_PART_KEYS: Final = frozenset(lemma(w) for w in _PARTS_OF_DAY.split())
# The day of the week a word names, 0 Monday … 6 Sunday; the weekend is both its days.
_DAY_NUMBERS: Final[dict[str, tuple[int, ...]]] = {}
for _names in (_WEEKDAYS.split()[:8], _WEEKDAYS.split()[8:]):
    for _i, _name in enumerate(_names):
        _DAY_NUMBERS[lemma(_name)] = (5, 6) if _i == 7 else (_i,)
for _i, _forms in enumerate(("пн mon", "вт tue tues", "ср wed", "чт thu thur thurs", "пт fri")):
    for _form in _forms.split():
        _DAY_NUMBERS[_form] = (_i,)
_DAY_NUMBERS.update({"сб": (5,), "вс": (6,)})
_UNIT_KEYS: Final = {lemma(k) if not k.isascii() else k: v for k, v in _UNITS.items()}
_UNIT_KEYS.update({k: v for k, v in _UNITS.items()})
UNIT_KEYS: Final = _UNIT_KEYS  # the words of a duration's unit, for the scorer
_NUMERAL_KEYS: Final = {lemma(k) if not k.isascii() else k: v for k, v in _NUMERALS.items()}
_NUMERAL_KEYS.update(_NUMERALS)
_RELATIVE_KEYS: Final = {lemma(k): v for k, v in _RELATIVE_DAYS.items()}
_RELATIVE_KEYS.update(_RELATIVE_DAYS)
# The words that may begin a fact, numbers aside: find_facts passes any other word after two
# look-ups instead of the whole chain of tests (most words of an answer are no fact).
_FACT_START_KEYS: Final = frozenset(
    {*_NUMERAL_KEYS, *_UNIT_KEYS, *_MONTH_KEYS, *_RELATIVE_KEYS, *_NOW_WORDS, *_WEEKDAY_KEYS}
    | {*_PART_KEYS, *_ALWAYS_KEYS, "a", "an", "half", "полчаса", "round", "around"}
)
_FACT_START_FORMS: Final = _WEEKDAY_FORMS | _PART_FORMS


# An explicit __init__, as text.Token's; not frozen, as a frozen one could not assign.
@dataclass(slots=True, unsafe_hash=True)
class Fact:
    kind: str
    value: float | None  # minutes for a duration or a clock time, per cent, day offset
    first: int  # token indexes, inclusive
    last: int
    sentence: int
    clause: int
    problem: str = ""  # why it cannot be true; empty when it can
    deadline: bool = False  # a duration that says when ("через 2 часа", "за 2 дня")
    from_now: bool = False  # ... counted from now ("через час", "within the hour")

    def __init__(
        self, kind: str, value: float | None, first: int, last: int, sentence: int, clause: int,
        problem: str = "", deadline: bool = False, from_now: bool = False,
    ) -> None:  # fmt: skip
        self.kind = kind
        self.value = value
        self.first = first
        self.last = last
        self.sentence = sentence
        self.clause = clause
        self.problem = problem
        self.deadline = deadline
        self.from_now = from_now

    @property
    def valid(self) -> bool:
        return not self.problem


def weekdays(fact: Fact, tokens: list[Token], today: int | None) -> tuple[int, ...]:
    """The days of the week a day fact names (0 Monday … 6 Sunday): a weekday as written,
    or, when the case says which day today is, "today", "tomorrow", "послезавтра"."""
    if fact.kind != DAY:
        return ()
    if fact.value is None:
        token = tokens[fact.first]
        return _DAY_NUMBERS.get(token.key) or _DAY_NUMBERS.get(token.form, ())
    if today is None:
        return ()
    return ((today + int(fact.value)) % 7,)


def _number(token: Token) -> float | None:
    """The value of a number token or a numeral word."""
    if token.key.startswith(NUMBER):
        raw = token.key[len(NUMBER) :].rstrip("%")
        try:
            return float(raw)
        except ValueError:
            return None
    return _NUMERAL_KEYS.get(token.key)


def _rate_at(tokens: list[Token], i: int) -> bool:
    """Token i is the "a" of "20 a day", "20 laptops a day", "по 20 штук в день"."""
    if i < 1 or i + 1 >= len(tokens) or tokens[i].key not in ("a", "an", "per", "в"):
        return False
    if tokens[i + 1].key not in _UNIT_KEYS or tokens[i + 1].sentence != tokens[i].sentence:
        return False
    for back in (1, 2):
        if i - back >= 0 and tokens[i - back].key.startswith(NUMBER):
            return back == 1 or (not tokens[i - 1].stop and tokens[i - 1].pos in (POS_NOUN, "X"))
    return False


def because_of(tokens: list[Token], i: int) -> bool:
    """Whether tokens[i] is the "за" of "из-за" (a cause: "разминуться из-за 15 минут")."""
    return i > 0 and tokens[i].form == "за" and tokens[i - 1].form == "из"


def find_facts(tokens: list[Token], text: str = "") -> list[Fact]:
    """Every fact in the tokens, with its problem if it cannot be true. The text the tokens
    point into shows the suffix of «32-го», which makes no token of its own."""
    facts: list[Fact] = []
    n = len(tokens)
    used: set[int] = set()
    i = 0
    while i < n:
        token = tokens[i]
        key = token.key
        if (
            key not in _FACT_START_KEYS
            and token.form not in _FACT_START_FORMS
            and not key.startswith(NUMBER)
        ):
            i += 1
            continue
        nxt = tokens[i + 1] if i + 1 < n else None
        nxt_key = nxt.key if nxt is not None and nxt.sentence == token.sentence else ""
        nxt_form = nxt.form if nxt is not None and nxt.sentence == token.sentence else ""
        prev_key = tokens[i - 1].key if i > 0 and tokens[i - 1].sentence == token.sentence else ""

        def add(  # the defaults bind this position's values: `add` runs only here
            kind: str,
            value: float | None,
            last: int,
            problem: str = "",
            i: int = i,
            token: Token = token,
            prev_key: str = prev_key,
        ) -> None:
            # The word that makes a duration a deadline, past an article and "next":
            # "within an hour", "within the next two hours", "в ближайшие два часа".
            j, upcoming = i - 1, False
            while j >= max(0, i - 3) and tokens[j].key in _LEADING:
                if tokens[j].sentence != token.sentence:
                    break
                upcoming = upcoming or tokens[j].key in _UPCOMING
                j -= 1
            lead = tokens[j].key if j >= 0 and tokens[j].sentence == token.sentence else ""
            deadline = kind == DURATION and (
                lead in _DEADLINE_WORDS or (upcoming and lead in ("в", "in", "over"))
            )
            if lead == "за" and because_of(tokens, j):
                deadline = False  # "из-за 15 минут" is a cause, not "within 15 minutes"
            after = tokens[last + 1].key if last + 1 < n else ""
            if after in _WINDOW_WORDS:
                deadline = False  # "a 3-hour slot": how long, not when
            from_now = deadline and (lead in _FROM_NOW or upcoming)
            facts.append(
                Fact(
                    kind, value, i, last, token.sentence, token.clause, problem, deadline, from_now
                )
            )
            used.update(range(i, last + 1))

        if key.startswith(NUMBER):
            surface = token.surface
            clock = _CLOCK.match(surface)
            dotted = _DOTTED_DATE.match(surface)
            value = _number(token)
            o_clock = nxt_form == "o" and i + 2 < n and tokens[i + 2].key == "clock"
            thousands = value is not None and nxt_key in _THOUSANDS  # "24 тыс.", "24k"
            if thousands and value is not None:
                value *= 1000
            priced = thousands and i + 2 < n and tokens[i + 2].key in _CURRENCY  # "24 тыс. ₽"
            if value == 24 and nxt_key == "#7" and nxt is not None and nxt.start == token.end + 1:
                add(ALWAYS, None, i + 1)  # "24/7"
                i += 2
                continue
            per_cent = nxt_key != "per" or (i + 2 < n and tokens[i + 2].key == "cent")
            if surface.endswith("%") or (nxt_key in _PERCENT_WORDS and per_cent):
                end = i + (0 if surface.endswith("%") else 1)
                # "120% of plan" is a share of a target, not an impossible share
                of_target = end + 1 < n and tokens[end + 1].form in _OF_TARGET
                over = value is not None and value > 100 and not of_target
                add(PERCENT, value, end, "more than 100%" if over else "")
            elif (clock and ":" in surface) or (
                clock and int(clock.group(2)) in (0, 15, 30, 45) and int(clock.group(1)) <= 30
            ):
                assert clock is not None
                hour, minute = int(clock.group(1)), int(clock.group(2))
                problem = ""
                if hour > 24 or (hour == 24 and minute):
                    problem = f"there is no hour {hour}:{minute:02d}"
                elif minute > 59:
                    problem = f"there is no minute {minute}"
                add(CLOCK, hour * 60 + minute, i, problem)
            elif dotted:
                day, month = int(dotted.group(1)), int(dotted.group(2))
                add(DATE, day, i, _date_problem(day, month - 1))
            elif nxt_key in _MONTH_KEYS and value is not None:
                add(DATE, value, i + 1, _date_problem(int(value), _MONTH_KEYS[nxt_key]))
            elif prev_key in _MONTH_KEYS and value is not None and value == int(value):
                # "June 31": the month came first
                facts.append(
                    Fact(
                        DATE,
                        value,
                        i - 1,
                        i,
                        token.sentence,
                        token.clause,
                        _date_problem(int(value), _MONTH_KEYS[prev_key]),
                    )
                )
                used.update((i - 1, i))
            elif (
                prev_key in _FROM_NOW
                and nxt_key not in _UNIT_KEYS
                and i >= 2
                and tokens[i - 2].key in _UNIT_KEYS
                and tokens[i - 2].sentence == token.sentence
                and value is not None
            ):
                add(DURATION, value * _UNIT_KEYS[tokens[i - 2].key], i)  # "минут через 15"
            elif (
                nxt_key in _UNIT_QUALIFIERS
                and i + 2 < n
                and tokens[i + 2].key in _UNIT_KEYS
                and value is not None
            ):
                add(DURATION, value * _UNIT_KEYS[tokens[i + 2].key], i + 2)  # 10 рабочих дней
            elif (
                nxt_key in _UNIT_KEYS
                and value is not None
                and value >= 1000
                and nxt is not None
                and nxt.start == token.end + 1
            ):
                add(COUNT, value, i)  # "24,000/month": a sum per month, not 24,000 months
            elif nxt_key in _UNIT_KEYS and value is not None:
                if (
                    nxt_key in ("час", "hour")
                    and prev_key in _CLOCK_PREPOSITIONS
                    and tokens[i - 1].clause == token.clause  # not "any day after, 3-hour"
                ):
                    add(CLOCK, value * 60, i + 1, _hour_problem(value))
                else:
                    add(DURATION, value * _UNIT_KEYS[nxt_key], i + 1)
            elif nxt_key in _CURRENCY or priced:
                add(MONEY, value, i + 1 + priced)
            elif prev_key in ("$", "€"):
                add(MONEY, value, i)
            elif value is not None and (
                nxt_key in _AM_PM
                or nxt_form in _CLOCK_WORDS
                or o_clock
                # "by 7 tonight"
                or (nxt_key == "tonight" and value == int(value) and 1 <= value <= 11)
                or (
                    prev_key in _CLOCK_PREPOSITIONS
                    and value == int(value)
                    and value <= 24
                    and (
                        nxt_key in ("", "до", "to", "and", "-")
                        or (nxt is not None and nxt.clause != token.clause)  # "с 20 до 23, …"
                    )
                )
            ):
                evening = nxt_key in ("pm", "p.m", "tonight") or nxt_form == "вечера"
                at = float(value) + (12 if evening else 0)
                if at < 12 and nxt_form == "вечера":
                    at += 12
                wide = nxt_key in _AM_PM or nxt_form in _CLOCK_WORDS or o_clock
                add(CLOCK, at * 60, i + wide + o_clock, _hour_problem(value, wide))
            elif value is not None and value == int(value) and _ordinal(tokens, i, text):
                # "the 32nd", «32 числа», «32-го с 10», "the 31st of June": a day of a month
                named = _month_after_ordinal(tokens, i)
                if named is not None:
                    problem = _date_problem(int(value), named)
                else:
                    problem = f"there is no day {value:g} in a month" if value > 31 else ""
                add(COUNT, value, i, problem)
            else:
                add(COUNT, value, i)
        elif _rate_at(tokens, i):
            pass  # a rate, "20 a day", "20 laptops a day", "20 в день": no duration
        elif (
            key == "half"
            and nxt_key in ("a", "an")
            and i + 2 < n
            and tokens[i + 2].key in _UNIT_KEYS
        ):
            add(DURATION, 0.5 * _UNIT_KEYS[tokens[i + 2].key], i + 2)  # "half a year"
            used.update(range(i, i + 3))
        elif key == "полгода" and prev_key not in _NUMERAL_KEYS and not prev_key.startswith(NUMBER):
            add(DURATION, _UNIT_KEYS[key], i)  # "каникулы на полгода", as "half a year"
        elif (key in _NUMERAL_KEYS and nxt_key in _UNIT_KEYS and key not in ("a", "an")) or (
            key in ("a", "an", "half")
            and nxt_key in ("hour", "day", "week", "minut")
            and i not in used  # the "an hour" of "half an hour"
        ):
            value = _NUMERAL_KEYS[key]
            add(DURATION, value * _UNIT_KEYS[nxt_key], i + 1)
        elif token.form in _ONE_UNIT and (
            prev_key in _UPCOMING or (prev_key == "the" and i > 1 and tokens[i - 2].key == "within")
        ):
            add(DURATION, _UNIT_KEYS[key], i)  # "within the next hour", "в ближайший час"
        elif (
            key in ("a", "an")
            and nxt_key in _UNIT_QUALIFIERS
            and i + 2 < n
            and tokens[i + 2].key in ("hour", "day", "week", "month")
        ):
            add(DURATION, _UNIT_KEYS[tokens[i + 2].key], i + 2)  # "a full week"
        elif (
            key in _NUMERAL_KEYS
            and nxt_key in _UNIT_QUALIFIERS
            and i + 2 < n
            and tokens[i + 2].key in _UNIT_KEYS
        ):
            # "трёх рабочих дней"
            add(DURATION, _NUMERAL_KEYS[key] * _UNIT_KEYS[tokens[i + 2].key], i + 2)
        elif key in _NUMERAL_KEYS and nxt_key in _PERCENT_WORDS:
            add(PERCENT, _NUMERAL_KEYS[key], i + 1)
        elif key == "полчаса":
            add(DURATION, 30, i)
        elif (
            key == "day"
            and prev_key == "the"
            and nxt_key == "after"
            and (i + 2 >= n or tokens[i + 2].clause != token.clause)
            and any(t.form == "tomorrow" for t in tokens[:i])
        ):
            add(DAY, 2, i + 1)  # "not tomorrow — the day after"
        elif (
            key in _UNIT_KEYS
            and i not in used
            and (
                # "внедрение занимает всего час": a bare unit after these is one of it
                (prev_key in _BARE_UNIT_BEFORE or (i > 0 and tokens[i - 1].form == "всего"))
                or nxt_key == "назад"  # "подключили год назад"
            )
            and not _rate_at(tokens, i - 1)  # "20 a day": a rate
        ):
            add(DURATION, _UNIT_KEYS[key], i)
        elif key in _ALWAYS_KEYS:
            add(ALWAYS, None, i)
        elif (
            key in ("round", "around")
            and nxt_key == "the"
            and i + 2 < n
            and tokens[i + 2].key == "clock"
        ):
            add(ALWAYS, None, i + 2)
        elif key in _RELATIVE_KEYS:
            day = _RELATIVE_KEYS[key]
            if (
                key in ("tomorrow", "tomorrow")
                and prev_key == "after"
                and i > 1
                and tokens[i - 2].key == "day"
            ):
                day = 2  # "the day after tomorrow"
            add(DAY, day, i)
        elif key in _NOW_WORDS:
            add(NOW, 0, i)
        elif key in _WEEKDAY_KEYS or token.form in _WEEKDAY_FORMS:
            add(DAY, None, i)
        elif key in _PART_KEYS and prev_key == "this":
            add(DAY, 0, i)  # "this evening" is today, as "tonight" is
        elif key in _PART_KEYS or (token.form in _PART_FORMS and i not in used):
            add(PART_OF_DAY, None, i)
        elif (
            key in _MONTH_KEYS
            and i not in used
            and not (nxt is not None and _number(nxt) is not None)
        ):
            add(DATE, None, i)
        i += 1
    return facts


def _date_problem(day: int, month: int) -> str:
    if not 0 <= month < 12:
        return f"there is no month {month + 1}"
    if not 1 <= day <= _MONTH_DAYS[month]:
        return f"there is no day {day} in that month"
    return ""


_BARE_UNIT_BEFORE: Final = frozenset(
    {"за", "через", "течение", "within", "in", "an", "a", "лишь", "около", "примерно", "целый"}
)  # fmt: skip


_EN_ORDINAL_SUFFIXES: Final = frozenset({"st", "nd", "rd", "th"})
# The words before an English ordinal that make it a day: "on the 32nd", "by the 5th" ("for
# the 100th time" is no day).
_BEFORE_DAY: Final = frozenset({"on", "by", "till", "until", "before", "after", "from"})
# The words after a day that keep it a day: "on the 32nd between 10 and 14".
_AFTER_DAY: Final = frozenset(
    {"between", "at", "from", "to", "till", "until", "around", "after", "before"}
)


def _ordinal(tokens: list[Token], i: int, text: str) -> bool:
    """Whether the number at i is written as a day of a month: "on the 32nd", «32 числа»,
    «32-го с 10». An ordinal before a noun ("the 32nd floor", «32-го заказа») is no day."""
    token = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and nxt.key == "число" and nxt.clause == token.clause:
        return True
    if nxt is not None and nxt.form in _EN_ORDINAL_SUFFIXES and nxt.start == token.end:
        if not any(t.key in _BEFORE_DAY for t in tokens[max(0, i - 2) : i]):
            return False
        after = i + 2
    elif RU_ORDINAL_SUFFIX.match(text, token.end):
        after = i + 1  # «32-го», «20-е»: a Russian ordinal ("40-odd" is none)
    else:
        return False
    if after < len(tokens) and tokens[after].clause == token.clause:
        follower = tokens[after]
        return (
            follower.stop
            or follower.key in _AFTER_DAY
            or follower.key in _MONTH_KEYS
            or follower.key == "число"
            or follower.key.startswith(NUMBER)
        )
    return True


def _month_after_ordinal(tokens: list[Token], i: int) -> int | None:
    """The month of "the 31st of June", if one follows the ordinal."""
    for j in range(i + 1, min(i + 4, len(tokens))):
        if tokens[j].clause != tokens[i].clause:
            return None
        if tokens[j].key in _MONTH_KEYS:
            return _MONTH_KEYS[tokens[j].key]
        if tokens[j].form not in _EN_ORDINAL_SUFFIXES and tokens[j].key not in ("of", "число"):
            return None
    return None


def _hour_problem(hour: float, twelve_hour: bool = False) -> str:
    if hour > (12 if twelve_hour else 24) or hour < 0:
        return f"there is no hour {hour:g}"
    return ""


__all__ = [
    "ALWAYS",
    "CLOCK",
    "DATE",
    "DAY",
    "DURATION",
    "MONEY",
    "PERCENT",
    "TIME_KINDS",
    "Fact",
    "because_of",
    "find_facts",
]
