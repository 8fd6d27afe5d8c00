"""Facts in answers: parsed, and checked against the calendar and the clock."""

import pytest

from salesbot.engine.facts import ALWAYS, CLOCK, DATE, DAY, DURATION, MONEY, PERCENT, find_facts
from salesbot.engine.text import analyse


def facts(text: str) -> list[tuple[str, float | None, bool]]:
    analysed = analyse(text)
    return [(f.kind, f.value, f.valid) for f in find_facts(analysed.tokens, analysed.text)]


def test_there_is_no_31st_of_june():
    assert (DATE, 31, False) in facts("Привезём 31 июня.")
    assert (DATE, 31, False) in facts("We'll deliver on June 31st.")


@pytest.mark.parametrize(
    "text",
    [
        "It's with the courier, arriving on the 32nd between 10 and 14.",
        "Курьер привезёт 32 числа с 10 до 14.",
        "Курьер привезёт 32-го с 10 до 14.",
        "Монтаж 35-го числа с 10:00.",
        "It arrives on the 31st of June.",
        "Installation on the 30th of February from 10:00.",
    ],
)
def test_a_day_of_the_month_written_as_an_ordinal_is_checked(text):
    assert any(not valid for _, _, valid in facts(text))


@pytest.mark.parametrize(
    "text",
    [
        "Production finishes on the 17th, delivery on the 19th, installation on the 20th.",
        "Да, всё по графику: 17-го производство, 19-го доставка, 20-го с 10:00 монтаж.",
        "Installation on the 20th of March from 10:00.",
        "Our office is on the 32nd floor.",
        "It's your 35th call today.",
        "I'm telling you for the 100th time, it's on schedule.",
        "We have 40-odd laptops in stock, 100-and-something in the warehouse.",
        "Это уже 40-й звонок, и 32-го заказа у нас нет.",
    ],
)
def test_real_days_and_ordinals_that_are_no_days_stay_valid(text):
    assert all(valid for _, _, valid in facts(text))


def test_a_real_date_is_valid():
    assert (DATE, 30, True) in facts("Привезём 30 июня или 25.06.")
    assert (DATE, 25, True) in facts("Привезём 30 июня или 25.06.")


def test_there_is_no_26_30():
    [(kind, _, valid)] = facts("к 26:30")
    assert kind == CLOCK and not valid


def test_clock_times_and_ranges():
    assert [(k, v) for k, v, _ in facts("Приедем с 10 до 13.")] == [(CLOCK, 600), (CLOCK, 780)]
    assert [(k, v) for k, v, _ in facts("at 6 pm")] == [(CLOCK, 1080)]
    assert (CLOCK, 1140, True) in facts("fixed by 7 tonight")
    assert next((k, v) for k, v, _ in facts("в 6 вечера")) == (CLOCK, 1080)


def test_durations_in_words_and_digits():
    assert facts("Установка займёт пять минут.") == [(DURATION, 5, True)]
    assert facts("within two hours") == [(DURATION, 120, True)]
    assert facts("в течение 10 рабочих дней")[0][:2] == (DURATION, 14400)
    assert facts("за полчаса") == [(DURATION, 30, True)]


def test_days_relative_and_weekdays():
    assert facts("Завтра") == [(DAY, 1, True)]
    assert facts("today") == [(DAY, 0, True)]
    assert [k for k, _, _ in facts("доставка в среду, настройка чт-пт")] == [DAY, DAY, DAY]


@pytest.mark.parametrize(("text", "value"), [("скидка 20%", 20), ("десять процентов", 10)])
def test_percentages(text, value):
    assert (PERCENT, value, True) in facts(text)


def test_more_than_a_hundred_per_cent_is_impossible():
    assert (PERCENT, 150, False) in facts("скидка 150%")


def test_money():
    assert (MONEY, 290, True) in facts("Вернём 290 рублей за доставку.")


def test_a_rate_per_day_is_a_count_not_a_duration():
    assert facts("two engineers set up about 20 laptops a day") == [("count", 20, True)]
    assert facts("по 20 ноутбуков в день") == [("count", 20, True)]
    assert facts("setup takes a day") == [(DURATION, 1440, True)]


def test_o_clock_is_a_clock_time():
    assert facts("installation from 10 o'clock") == [(CLOCK, 600, True)]


def test_a_date_carries_its_day_of_the_month():
    assert facts("монтаж 20 декабря") == [(DATE, 20, True)]


def test_a_spelled_number_of_working_days_is_a_duration():
    assert facts("счёт выставим в течение трёх рабочих дней") == [(DURATION, 3 * 1440, True)]


@pytest.mark.parametrize(
    ("text", "value"),
    [("24 000 ₽", 24000), ("24 тыс. рублей", 24000), ("380 тысяч", 380000), ("refund $5", 5)],
)
def test_sums_in_thousands_and_with_a_currency_sign(text, value):
    assert facts(text) == [(MONEY, value, True)]


@pytest.mark.parametrize("text", ["чат работает круглосуточно", "open 24/7", "round the clock"])
def test_round_the_clock_is_a_fact(text):
    assert [kind for kind, _, _ in facts(text)] == [ALWAYS]


def test_a_unit_ago_is_a_duration():
    assert facts("пакет подключили год назад") == [(DURATION, 525600, True)]


@pytest.mark.parametrize(
    "text", ["within the next two hours", "в ближайшие два часа", "в течение ближайших 2 часов"]
)
def test_the_next_hours_are_a_deadline_from_now(text):
    [fact] = find_facts(analyse(text).tokens)
    assert (fact.kind, fact.value, fact.from_now) == (DURATION, 120, True)


@pytest.mark.parametrize(
    "text", ["within the next hour", "within the hour", "в ближайший час", "in the next hour or so"]
)
def test_the_next_hour_without_a_number_is_a_deadline_from_now(text):
    [fact] = find_facts(analyse(text).tokens)
    assert (fact.kind, fact.value, fact.from_now) == (DURATION, 60, True)


def test_the_next_day_is_no_hour():
    assert facts("we deliver the next day") == []


def test_the_day_after_tomorrow_as_an_adjective_is_in_two_days():
    assert facts("с послезавтрашнего дня") == [(DAY, 2, True)]


def test_a_duration_with_the_number_after_through_is_counted_from_now():
    [(kind, value, _)] = facts("Интернет появится минут через 20.")
    assert (kind, value) == (DURATION, 20)
    [fact] = find_facts(analyse("Интернет появится минут через 20.").tokens)
    assert fact.from_now


def test_an_abbreviated_month_is_a_unit():
    assert facts("рассрочка на 6 мес.")[0][:2] == (DURATION, 6 * 43200)


def test_the_numbers_of_a_list_are_no_facts():
    assert facts("1) доставка 2) монтаж за 3 часа") == [(DURATION, 180, True)]
    assert facts("Included: 1) delivery 2) a 3-year warranty") == [(DURATION, 3 * 525600, True)]


def test_a_rough_duration_after_in_is_still_counted_from_now():
    [fact] = find_facts(analyse("It'll be back in about two hours.").tokens)
    assert (fact.kind, fact.value, fact.from_now) == (DURATION, 120, True)


def test_half_a_year_in_one_russian_word_is_a_duration():
    half_year = 0.5 * 365 * 24 * 60
    assert (DURATION, half_year, True) in facts("Банк даст каникулы на полгода.")
    assert (DURATION, half_year, True) in facts("We'll hold it for half a year.")
