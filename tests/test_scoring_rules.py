"""The scorer's rules, each on the answers that once fooled it (issue: scoring an expert
would sign): keyword strings, negation, invented facts, rudeness after a good start, the
method's precedence, honest evidence, padding, and answers it is unsure of."""

import re

import pytest

from salesbot.engine import SCORER_VERSION
from salesbot.engine.scoring import MAX_CHARS

LAPTOP = "laptop-bulk-order"
RUDE = "rude-client"
PRICE = "price-objection"
BANK = "bank-internet-fee"


@pytest.fixture(scope="module")
def rules(book):
    """The rules alone, without the learned second opinion."""
    from salesbot.engine.scoring import Scorer

    scorer = Scorer(book.library, book.cases.values(), opinion=None)

    def _rules(case_id: str, step: str, text: str):
        return scorer.score_answer(book.case(case_id), step, text)

    return _rules


# ---------------------------------------------------------------- no free credit


@pytest.mark.parametrize(
    ("case", "text"),
    [
        (LAPTOP, "понимаю извините доставка завтра договор"),
        (LAPTOP, "понимаю, извините, доставка, завтра, договор"),
        (LAPTOP, "договор завтра доставка извините понимаю"),
        (LAPTOP, "understand sorry delivery tomorrow contract"),
        (RUDE, "understand sorry value appreciate solution win-win"),
        (RUDE, "авария кабель бригада утро компенсация"),
        (RUDE, "tracking, promo code, refund, courier details, 12:00"),
        (LAPTOP, "delivery setup engineers this week Friday"),
        ("importunate-client", "Understanding, the 20th, updates, special attitude, solution."),
    ],
)
def test_a_string_of_keywords_gets_nothing(score, case, text):
    result = score(case, text)
    assert result.style == "none"
    assert result.total <= 20
    assert result.reaction == "evasive"


def test_terse_notes_that_pair_subjects_with_values_are_an_answer(score):
    result = score(LAPTOP, "Доставка — среда, настройка — четверг и пятница.")
    assert result.style == "situational"
    assert result.total >= 70


def test_topic_words_alone_are_not_an_answer(score):
    assert score(LAPTOP, "Доставка и настройка ноутбуков.").style == "none"


def test_a_copy_of_the_clients_line_is_not_an_answer(score):
    result = score(
        LAPTOP,
        "Сможете доставить и настроить всю партию на этой неделе?",
    )
    assert result.style == "none"
    assert "copy_of_client" in result.violation_ids()


def test_the_clients_question_asked_back_before_a_promise_to_find_out_is_a_copy(score):
    text = "Доставка и настройка 40 ноутбуков — успеем ли до пятницы? Сейчас узнаю точные дни."
    result = score(LAPTOP, text, step="repeat")
    assert result.style == "none"
    assert "copy_of_client" in result.violation_ids()


def test_confirming_the_clients_terms_is_an_answer_not_a_copy(score):
    result = score(
        LAPTOP,
        "Да, устроит: оплата через 14 дней после поставки, пропишем это в договоре.",
        step="payment",
    )
    assert result.style == "situational" and result.total >= 70
    assert "copy_of_client" not in result.violation_ids()


def test_the_right_laptop_answer_is_situational_and_scores_high(score):
    result = score(
        LAPTOP,
        "Да, успеем: доставим все 40 ноутбуков в среду, в четверг и пятницу наши инженеры "
        "всё настроят. Если вопросов нет, подготовлю договор сегодня.",
    )
    assert result.style == "situational"
    assert result.total >= 80
    assert set(result.met) == {"delivery", "setup"}


def test_a_correct_step_specific_answer_scores_at_least_70_even_when_short(score):
    result = score(PRICE, "Приедем в четверг с 10 до 13.", step="close")
    assert result.total >= 70
    assert not any("Назовите ближайшие даты" in tip for tip in result.feedback)


# ---------------------------------------------------------------- negation and modality


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (LAPTOP, "ask", "Не могу гарантировать, что привезём до пятницы."),
        (LAPTOP, "ask", "I can't tell you when they will come."),
        (LAPTOP, "ask", "Не знаю, когда доставим, может в пятницу."),
        (RUDE, "when", "I'm not sure we can deliver it tomorrow."),
    ],
)
def test_a_negated_or_uncertain_commitment_is_not_a_commitment(score, case, step, text):
    result = score(case, text, step=step)
    assert result.met == ()
    assert result.style != "situational"


def test_a_reassuring_dont_worry_keeps_the_commitment(score):
    result = score(RUDE, "Не волнуйтесь, Игорь, заказ привезут завтра с 10 до 14.", step="when")
    assert "date" in result.met
    assert result.style == "situational"


def test_a_negated_accusation_is_not_an_accusation(score):
    result = score(
        "interview-provocation",
        "Неадекватных клиентов почти не бывает: за резкостью обычно стоит причина, "
        "и моя задача — её выяснить.",
    )
    assert not result.severe
    assert result.style == "situational"


# ---------------------------------------------------------------- facts must be plausible


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (LAPTOP, "ask", "Привезём 31 июня к 26:30."),
        (PRICE, "close", "Установка займёт пять минут, гарантирую."),
        (RUDE, "when", "Привезём сегодня до 19:00."),
        (PRICE, "compare", "Давайте я сделаю вам скидку 20%."),
        # The brief names no price, so no monthly payment either.
        (PRICE, "compare", "With the instalment plan it's only 4,990 roubles a month!"),
        ("support-line-wait", "eta", "The crew says it'll be fixed by 7 tonight, don't worry."),
        ("interview-provocation", "company", "Скажу, что от 5000 ₽ доставка бесплатная."),
        # The charge stops from next month; past charges come back only through a claim.
        (
            "bank-internet-fee",
            "still_angry",
            "Отключаю «Плюс», а прошлые списания вам вернут автоматически.",
        ),
        ("bank-internet-fee", "still_angry", "Done, the charges will stop today."),
        (
            LAPTOP,
            "details",
            "Just the company name — we'll sort out the rest ourselves, no "
            "contract or address needed.",
        ),
        (
            "courier-no-call",
            "missed",
            "Анна, извините! Курьер вернётся к вам сегодня в течение двух часов.",
        ),
        ("wants-but-cannot", "likes", "No problem, take it now and start paying in 6 months."),
        (
            "importunate-client",
            "call_again",
            "Don't worry, the kitchen is already finished and sitting in our warehouse.",
        ),
        (PRICE, "close", "Any day you like, even Sunday night — whatever suits you!"),
        (
            PRICE,
            "compare",
            "Ладно, сделаю скидку 5%, и техобслуживание первое бесплатно, и рассрочку оформим.",
        ),
        (PRICE, "compare", "Ok, let's do 5% off AND a free first maintenance AND instalments."),
        # Either 5% off or a free first visit, not both.
        (PRICE, "compare", "Давайте я дам 5% скидку, бесплатное ТО сверху."),
        (
            "wants-but-cannot",
            "doubt",
            "Заберите машину сейчас, а заплатите, когда появятся деньги.",
        ),
    ],
)
def test_an_impossible_or_invented_fact_is_a_violation_not_evidence(score, case, step, text):
    result = score(case, text, step=step)
    assert result.severe
    assert result.style == "none"
    assert result.total <= 20


def test_a_discount_within_the_cases_limit_is_an_option(score):
    result = score(
        PRICE,
        "Могу дать скидку 5% или оформить рассрочку на 6 месяцев без переплаты.",
        step="compare",
    )
    assert not result.severe
    assert result.style == "situational"


def test_quoting_the_clients_figure_is_not_a_concession(score):
    result = score(PRICE, "Что входит в их цену на 15% дешевле — монтаж и материалы тоже?")
    assert "capitulation" not in result.violation_ids()


# ---------------------------------------------------------------- severe violations dominate


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (RUDE, "when", "Доставим завтра к обеду. А тон свой оставьте при себе."),
        (RUDE, "when", "Привезём завтра с 10 до 14. Вы должны были указать правильный адрес."),
        (BANK, "refund", "Подам заявление на возврат. А зачем вы тогда брали этот пакет?"),
        (PRICE, "objection", "Вы должны понимать, что дешёвое не бывает хорошим. Там вас обманут."),
        (RUDE, "vent", "I understand, but you must understand we have a lot of orders."),
        (RUDE, "vent", "Понимаю ваше недовольство, но сделать ничего не могу."),
        (RUDE, "vent", "Wow, idlers, that's a new one. Anyway, what's your order number?"),
        (RUDE, "when", "Завтра. А что же вы раньше не написали, если он вам к выходным был нужен?"),
        (RUDE, "vent", "I understand, but the delay is on the carrier's side, not ours."),
        ("importunate-client", "again", "Светлана, вы должны нам просто доверять. Всё в силе."),
        ("reluctant-client", "reason", "Don't worry, with us nothing will go wrong, guaranteed."),
        ("interview-provocation", "press", "Sure, the customer is always wrong, right? Nice try."),
        (
            "support-line-wait",
            "waited",
            "Well, you got through eventually, didn't you? "
            "There's a cable break, the crew's on it.",
        ),
        (
            "bank-internet-fee",
            "outrage",
            "Ну что вы так нервничаете из-за 99 рублей? Это пакет «Плюс», его можно отключить.",
        ),
        (RUDE, "when", "Завтра, и к выходным точно успеет, 100%!"),
        (
            "bank-internet-fee",
            "refund",
            "I do understand, but the tariff change was signed by "
            "you six months ago. Still, I can file a refund request if you like.",
        ),
        (
            PRICE,
            "close",
            "Whenever you finally decide, Marina. Day after tomorrow, if you're "
            "done comparing prices.",
        ),
        (
            "importunate-client",
            "repeat",
            "Слышу-слышу. 20-е в силе, как и последние пять раз, когда вы спрашивали.",
        ),
        (
            "reluctant-client",
            "indifferent",
            "Бумажные накладные в наше время? Ну, это как ездить на телеге, когда у всех машины.",
        ),
        (
            "importunate-client",
            "repeat",
            "Светлана, 20-е в силе — как и утром, и вчера, и позавчера.",
        ),
        (RUDE, "vent", "Работаем, работаем, не волнуйтесь так. Бездельничаем только по выходным."),
        ("support-line-wait", "waited", "Sorry! It'll be fixed by 9 tomorrow, guaranteed."),
        (
            "interview-provocation",
            "provocation",
            "I wouldn't call them 'inadequate'... let's "
            "just say some of them are very 'special', if you know what I mean.",
        ),
        # Doubt about what the client wants does not take the jab back.
        (RUDE, "escalate", "Завтра с 10 до 14. Не знаю, чего ещё вы от меня хотите."),
        (RUDE, "escalate", "Tomorrow 10-14. Not sure what else u want me to say."),
    ],
)
def test_one_severe_violation_makes_the_answer_none(score, case, step, text):
    result = score(case, text, step=step)
    assert result.severe
    assert result.style == "none"
    assert result.total <= 20


def test_a_severe_violation_next_to_a_complete_answer_is_flagged_for_review(score):
    result = score(RUDE, "Доставим завтра с 10 до 14. А тон свой оставьте при себе.", step="when")
    assert result.review
    assert result.review_reason == "severe_with_complete_answer"


def test_a_minor_violation_costs_the_top_grade_only(score):
    clean = score(RUDE, "Извините за задержку: привезём завтра с 10 до 14.", step="when")
    but = score(RUDE, "Понимаю вас, но привезём завтра с 10 до 14.", step="when")
    assert but.style == "situational"
    assert but.total < clean.total


# ---------------------------------------------------------------- the method's precedence


def test_acknowledgement_alone_is_customer(score):
    result = score(RUDE, "Игорь, мне очень жаль, я понимаю ваше раздражение.")
    assert result.style == "customer"
    assert result.total <= 45
    assert result.reaction == "empathy_only"


def test_empathy_plus_the_concrete_answer_is_situational(score):
    result = score(
        BANK,
        "Сергей, понимаю ваше возмущение. 99 рублей — это пакет «Плюс», подключённый со "
        "сменой тарифа карты; сам интернет-банк бесплатный. Переведу вас на бесплатный "
        "базовый пакет прямо сейчас, а на прошлые списания оформлю заявление на возврат.",
    )
    assert result.style == "situational"
    assert result.total >= 80


@pytest.mark.parametrize(
    "text",
    [
        "Это отличный выбор: процессор последнего поколения, 16 ГБ памяти и лёгкий корпус.",
        "Мы лидер рынка, с нами работают крупнейшие компании.",
        "Кстати, у нас сейчас акция и программа лояльности с кешбэком для корпоративных клиентов.",
        "Our laptops have 16 GB of RAM and a 15-inch screen, and we are one of the best-rated "
        "suppliers.",
    ],
)
def test_product_facts_instead_of_the_answer_are_product(score, text):
    result = score(LAPTOP, text)
    assert result.style == "product"
    assert result.total <= 45


def test_what_the_system_does_is_an_advert_not_the_benefit_the_client_asked_for(score):
    text = "Система позволяет контролировать остатки в реальном времени и строить отчёты."
    result = score("reluctant-client", text, step="unconvinced")
    assert result.style == "product"
    assert result.total <= 20


def test_what_others_do_is_no_order_to_the_client(score):
    text = (
        "No, I wouldn't say that. Most 'inadequate' clients are people under stress — once I "
        "find the reason and give them a concrete fix, they calm down."
    )
    result = score("interview-provocation", text, step="provocation")
    assert result.style == "situational" and result.total >= 70


def test_telling_a_third_person_he_must_calm_down_is_still_an_order(score):
    text = "Скажу ему, что он должен успокоиться и перестать кричать, иначе разговора не будет."
    assert score("interview-provocation", text, step="practice").style == "none"


def test_the_day_of_a_refund_is_not_a_delivery_day(score):
    text = "Yes, and rightly so. I'll refund the 390-rouble delivery fee today. Would that be fair?"
    result = score("courier-no-call", text, step="compensation")
    assert "invented_fact" not in result.violation_ids()
    assert result.style == "situational"


def test_the_hours_of_training_are_the_briefs_own(score):
    text = (
        "Нет, не выбросите: первые 30 дней в одном кафе бесплатные, с поварами на месте 2 часа "
        "занимается наш специалист. С какого кафе начнём?"
    )
    result = score("reluctant-client", text, step="trial")
    assert "invented_fact" not in result.violation_ids()


def test_an_offer_to_try_it_on_to_be_sure_is_no_guarantee(score):
    text = "20'' for sure. 24 is for 130-150cm. If u want to be 100% sure, try it on at Lesnaya 5."
    result = score("chat-visitor", text, step="comes_back")
    assert "anti.impossible_promise" not in result.violation_ids()


def test_not_making_a_scene_in_front_of_customers_is_not_rude(score):
    text = (
        "Сначала спокойно: «Давайте отойдём к стойке и разберёмся». Так мы не устраиваем шоу "
        "для других покупателей. Дальше отправлю вещь на проверку, до 10 дней."
    )
    result = score("interview-provocation", text, step="practice")
    assert "anti.rude" not in result.violation_ids()


def test_a_denied_label_in_quotes_is_not_agreement(score):
    text = (
        "Не соглашусь. «Неадекватных» почти не бывает — бывают люди в стрессе, которых "
        "подвели по срокам."
    )
    result = score("interview-provocation", text, step="provocation")
    assert "hr.agree_labels" not in result.violation_ids()


def test_holding_the_machine_with_the_deposit_asked_as_a_question_is_an_offer(score):
    text = "Sure. Want to hold it with a 10% deposit till month-end? I'll check in next week."
    assert "hold" in score("wants-but-cannot", text, step="decision").met


def test_a_reassurance_that_nothing_gets_lost_is_not_rude(score):
    text = "Of course, talk it over. The cart keeps it for 3 days, so nothing gets lost."
    result = score("chat-visitor", text, step="hesitates")
    assert "anti.rude" not in result.violation_ids()


def test_self_promotion_instead_of_an_answer_is_product(score):
    result = score(
        "interview-provocation",
        "Я очень опытный и стрессоустойчивый, был лучшим продавцом месяца, у меня большой "
        "опыт работы с людьми.",
    )
    assert result.style == "product"


def test_an_answer_buried_in_a_sales_pitch_is_product(score):
    result = score(
        "importunate-client",
        "Светлана, добрый день! Вы выбрали одну из лучших наших коллекций: фасады из "
        "натурального дерева, надёжная фурнитура. Мы на рынке уже много лет, сотни семей "
        "готовят на наших кухнях. Мастера у нас высшего класса. По графику монтаж 20-го. "
        "Кухня прослужит вам долгие годы.",
    )
    assert result.style == "product"


def test_the_answer_first_then_a_pitch_stays_situational_and_gains_nothing(score, rules):
    plain = "Доставим в среду, настроим в четверг и пятницу."
    pitched = (
        "Доставим в среду, настроим в четверг и пятницу. Кстати, у нас одни из лучших цен "
        "на рынке и собственный сервисный центр, сотни довольных клиентов."
    )
    assert score(LAPTOP, pitched).style == "situational"
    # The rules' measure; the second opinion's confidence moves either by a point or two.
    # A cost for every pitch beside an answer lowered Spearman on dev (0.932 to 0.929 at one
    # point): the experts grade such answers as they grade the plain one.
    assert rules(LAPTOP, "ask", pitched).total <= rules(LAPTOP, "ask", plain).total


def test_a_rejected_kind_of_answer_ranks_lowest(score):
    again = score(LAPTOP, "Мы очень ценим вас как клиента!", step="repeat")
    first = score(LAPTOP, "Мы очень ценим вас как клиента!", step="ask")
    assert again.total < first.total


# ---------------------------------------------------------------- honest evidence


@pytest.mark.parametrize(
    ("case", "text"),
    [
        (PRICE, "Вы должны понимать, что дешёвое не бывает хорошим."),
        (RUDE, "I understand, but you must understand we have a lot of orders."),
        (LAPTOP, "Да, успеем: доставим в среду, настроим в четверг и пятницу."),
        (RUDE, "Игорь, прошу прощения\u200b за задержку, заказ приедет завтра."),
    ],
)
def test_every_quoted_piece_of_evidence_is_verbatim_from_the_answer(score, case, text):
    result = score(case, text)
    for item in [*result.matched, *result.violations]:
        for start, end in item.spans:
            assert text[start:end] in item.words
        for piece in item.words.split(" … ") if item.words else ():
            assert piece in text


def test_must_understand_is_not_quoted_as_understanding(score):
    result = score(PRICE, "Вы должны понимать, что дешёвое не бывает хорошим.")
    assert not any(e.dimension == "customer" for e in result.matched)


# ---------------------------------------------------------------- tips, review, limits


def test_a_tip_never_asks_for_an_acknowledgement_the_answer_gave(score):
    result = score(
        RUDE,
        "Игорь, простите нас за задержку. Заказ привезут завтра с 10 до 14, а доставку "
        "вернём: 290 рублей.",
        step="when",
    )
    assert result.total >= 80
    assert not any("признани" in tip for tip in result.feedback)


def test_a_long_answer_with_nothing_recognised_is_flagged_for_review(score):
    text = " ".join(["Погода сегодня отличная, солнце светит, птицы поют."] * 6)
    result = score(LAPTOP, text)
    assert result.review


def test_another_language_is_flagged_and_gets_no_credit(score):
    result = score(LAPTOP, "Dostavim v sredu, nastroim v chetverg i pyatnicu.")
    assert result.style == "none"
    assert result.review and result.review_reason == "other_language"


def test_german_is_another_language(score):
    text = "Kein Problem, schauen Sie sich in Ruhe um. Ich bin bis 21 Uhr im Chat."
    result = score("chat-visitor", text, step="just_looking")
    assert result.style == "none" and result.review_reason == "other_language"


def test_every_result_carries_versions(score):
    result = score(LAPTOP, "Доставим в среду.")
    assert result.scorer_version == SCORER_VERSION
    assert re.match(r"\d+\.\d+\.\d+$", result.scorer_version)
    assert result.case_version >= 1 and result.library_version >= 1


def test_answers_past_the_limit_are_scored_on_their_start(score):
    result = score(LAPTOP, "Доставим в среду. " * 400)
    assert result.truncated
    assert len("Доставим в среду. " * 400) > MAX_CHARS


def test_empty_answer_scores_zero(score):
    assert score(LAPTOP, "   ").total == 0


def test_result_survives_a_round_trip_through_a_dict(score):
    from salesbot.engine import ScoreResult

    result = score(RUDE, "Доставим завтра с 10 до 14, извините за задержку.", step="when")
    assert ScoreResult.from_dict(result.to_dict()) == result


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("courier-no-call", "slot", "Done, tomorrow 19:00-22:00."),
        ("price-objection", "close", "Послезавтра. Утро (9–13) или день (14–18)? Записываю."),
        ("reluctant-client", "trial", "Можно сначала попробовать бесплатно 30 дней в одном кафе."),
    ],
)
def test_terse_answers_with_values_or_syntax_are_not_keyword_lists(score, case, step, text):
    result = score(case, text, step=step)
    assert "keyword_stuffing" not in result.violation_ids()
    assert result.style == "situational"


def test_praise_without_a_verb_is_product_talk_not_a_keyword_list(score):
    result = score(
        "support-line-wait",
        "Дмитрий, наша сеть — одна из самых надёжных в городе, такие аварии у нас редкость!",
        step="still_waiting",
    )
    assert result.style == "product" and "keyword_stuffing" not in result.violation_ids()


def test_the_speakers_own_action_asked_as_a_question_is_an_offer(score):
    result = score(
        "bank-internet-fee",
        "сергей извините за путаницу это не интернет банк он бесплатный а пакет плюс "
        "уведомления и лимиты подключился со сменой тарифа карты. отключаю?",
        step="still_angry",
    )
    assert set(result.met) == {"what", "fix"} and result.style == "situational"


@pytest.mark.parametrize(
    "text",
    [
        "Well, the fee is for the Plus package that came with the card plan you agreed to. "
        "It's all in the terms you signed, so technically everything is correct.",
        "Извините. Раз вас не было дома, курьер отметил «клиент отсутствует».",
    ],
)
def test_blame_reworded_as_the_clients_own_doing(score, text):
    case = "bank-internet-fee" if text.startswith("Well") else "courier-no-call"
    result = score(case, text)
    assert "anti.blame" in result.violation_ids() and result.style == "none"


@pytest.mark.parametrize(
    ("case", "step", "text", "violation"),
    [
        ("bank-internet-fee", "refund", "I'll refund all 594 roubles today, you have my word.",
         "anti.impossible_promise"),
        ("rude-client", "when", "Привезём завтра с 10 до 14. А за сорванные выходные сделаю "
         "вам его бесплатным.", "anti.capitulate"),
        ("importunate-client", "personal", "Here's my personal number, call me whenever you "
         "like.", "anti.capitulate"),
    ],
)  # fmt: skip
def test_promises_and_giveaways_beyond_what_is_allowed(score, case, step, text, violation):
    result = score(case, text, step=step)
    assert violation in result.violation_ids() and result.style == "none"


# ---------------------------------------------------------------- words that only look alike


def test_an_order_stays_an_order_when_what_it_orders_is_negated(score):
    result = score(BANK, "Вы должны сначала успокоиться и не повышать на меня голос.")
    assert "anti.must" in result.violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Игорь, гарантировать на 100% не буду — перевозчик есть перевозчик. Однако заказ "
        "беру на личный контроль и до 12:00 завтра напишу вам, кто курьер и его телефон.",
        "I can't guarantee it 100%, but I'll message you by 12 tomorrow with the courier's phone.",
    ],
)
def test_refusing_to_guarantee_is_no_false_guarantee(score, text):
    assert "anti.impossible_promise" not in score(RUDE, text, step="trust").violation_ids()


def test_a_guarantee_of_a_negative_is_still_a_guarantee(score):
    result = score(RUDE, "Никто никогда не потеряет ваш заказ, гарантирую.", step="trust")
    assert "anti.impossible_promise" in result.violation_ids()


def test_the_courier_should_have_called_owns_the_fault_and_blames_nobody(score):
    text = (
        "Anna, I'm really sorry, the courier should have called you before arriving, and he "
        "didn't. I can rebook delivery for tomorrow in a 3-hour window between 9 and 22."
    )
    assert "anti.blame" not in score("courier-no-call", text).violation_ids()


def test_telling_the_client_what_they_should_have_done_is_blame(score):
    text = "well if u needed it for the weekend u shouldve ordered earlier. itll come tomorrow"
    assert "anti.blame" in score(RUDE, text, step="when").violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("interview-provocation", "provocation",
         "No. Once a customer shouted at me about a late order; when I gave him an exact "
         "date, he calmed down within a minute."),
        (PRICE, "objection", "I hear you, prices are crazy now. Ours includes delivery and "
         "installation, with a 3-year warranty on the work."),
        ("wants-but-cannot", "likes", "Никита, поздравляю с открытием, это так здорово! "
         "Какая у вас концепция?"),
        ("support-line-wait", "eta", "Oh, that sounds really stressful, Dmitry. The crew "
         "expects to restore the line by 9:00."),
    ],
)  # fmt: skip
def test_sincere_words_are_not_taken_for_rudeness_or_sarcasm(score, case, step, text):
    result = score(case, text, step=step)
    assert not {"anti.condescend", "anti.rude", "anti.sarcasm"} & result.violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (PRICE, "close", "From the day after tomorrow, 9:00-13:00 or 14:00-18:00. Took you "
         "long enough to decide."),
        ("importunate-client", "again", "Да, всё по графику: 17-го готово, 19-го доставка. И "
         "давайте уже без ежедневных звонков, а?"),
    ],
)  # fmt: skip
def test_a_jab_after_a_good_answer_spoils_it(score, case, step, text):
    result = score(case, text, step=step)
    assert result.style == "none" and result.total <= 20


def test_a_promo_code_over_the_cases_limit_is_a_giveaway(score):
    text = "Анна, вернём 390 рублей за доставку и дадим промокод на 15% на следующий заказ."
    result = score("courier-no-call", text, step="compensation")
    assert "capitulation" in result.violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "I'm so sorry, Anna. I understand how frustrated you must be after waiting all day.",
        "Oh no, I'm sorry. Your cooks must have been so stressed that evening.",
        "Svetlana, you have nothing to worry about: production ends on the 17th.",
    ],
)
def test_guessing_at_the_clients_feelings_with_must_is_no_order(score, text):
    assert "anti.must" not in score("courier-no-call", text).violation_ids()


def test_what_the_client_needed_is_no_order(score):
    text = (
        "Завтра, Игорь. Сегодня уже никак, простите. С 10 до 14 или с 18 до 22? Понимаю, что "
        "к выходным было нужно, поэтому верну вам 290 ₽ за доставку."
    )
    assert "anti.must" not in score(RUDE, text, step="when").violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("interview-provocation", "practice", "Let him speak, then send the item for a quality "
         "check, up to 10 days. If it shows damage, I explain that rule honestly and offer a "
         "repair."),
        ("support-line-wait", "next_time", "По этой аварии звонить не придётся: заявка 552190 "
         "открыта, бригада сама вам перезвонит. А по любым другим вопросам пишите в чат в "
         "приложении."),
    ],
)  # fmt: skip
def test_explaining_a_rule_or_another_channel_is_not_passing_the_buck(score, case, step, text):
    assert "anti.refuse_responsibility" not in score(case, text, step=step).violation_ids()


def test_you_have_to_wait_is_an_order(score):
    result = score("courier-no-call", "You have to wait until tomorrow.")
    assert "anti.must" in result.violation_ids()


def test_a_comma_list_of_short_items_is_a_keyword_list_even_with_a_day_in_it(score):
    result = score("courier-no-call", "Redelivery, call, SMS, time window, tomorrow.")
    assert result.style == "none"
    assert "keyword_stuffing" in result.violation_ids()


def test_sending_the_client_to_the_carrier_is_passing_the_buck(score):
    text = (
        "Доставку выполняет сторонняя служба, за действия курьеров магазин не отвечает. "
        "Позвоните им по номеру из SMS."
    )
    assert "anti.refuse_responsibility" in score("courier-no-call", text).violation_ids()


# ---------------------------------------------------------------- fresh writers' misses (Q, R)


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("importunate-client", "call_again", "Да, всё по графику: 19-го доставка, 20-го монтаж. "
         "И вы правы, вам не нужно звонить самой — я буду писать вам по понедельникам."),
        ("importunate-client", "call_again", "Всё по графику. И вы правы — дёргать нас вам не "
         "нужно: давайте я сама буду писать вам по понедельникам и четвергам до 12:00."),
        (LAPTOP, "doubt", "Андрей, вы правы — ответ должен был прозвучать сразу. Доставка в "
         "среду, настройка в четверг и пятницу."),
        ("reluctant-client", "unconvinced", "Справедливо, Виктор, рекламу убираю. Что вас "
         "останавливает, раз не деньги?"),
        ("chat-visitor", "comes_back", "Definitely not 24 yet: that size is for about 130–150 "
         "cm. At 125 cm a 20-inch bike fits her well."),
        (PRICE, "compare", "There are two ways to make it easier: interest-free instalments "
         "for 6 months, or the first maintenance visit free. Which suits you?"),
        ("wants-but-cannot", "decision", "Just one thing to keep in mind: without a deposit, "
         "the price and this machine aren't held for you. A 10% deposit locks both until the "
         "end of the month."),
    ],
)  # fmt: skip
def test_sincere_phrases_that_look_like_faults_are_not_faults(score, case, step, text):
    result = score(case, text, step=step)
    assert not [v for v in result.violations if v.severity == "severe"], result.violations


def test_telling_the_client_to_stop_calling_is_still_a_reproach(score):
    result = score("importunate-client", "Не нужно мне звонить каждый час.", step="call_again")
    assert "pushy.reproach" in result.violation_ids()


def test_a_plural_you_with_must_is_still_an_order(score):
    assert "anti.must" in score(LAPTOP, "Вы должны прислать реквизиты сегодня.").violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (RUDE, "trust", "Игорь, обещать «больше никогда» не стану. Заказ беру на личный "
         "контроль и завтра до 12:00 напишу вам данные курьера."),
        ("support-line-wait", "eta", "Дмитрий, гарантировать, что к десяти всё заработает, не "
         "могу — бригада называет 9:00. Подключу вам 30 ГБ мобильного интернета."),
    ],
)  # fmt: skip
def test_a_promise_refused_after_the_infinitive_is_no_promise(score, case, step, text):
    assert "anti.impossible_promise" not in score(case, text, step=step).violation_ids()


def test_the_clients_number_from_an_earlier_step_is_a_quote_not_a_discount(score):
    text = (
        "I get it, Marina. The most I can take off is 5%; I won't pretend I can match 15%. "
        "Or the first maintenance visit is free. Which would help you most?"
    )
    assert "capitulation" not in score(PRICE, text, step="compare").violation_ids()


def test_a_rate_per_day_is_not_a_duration(score):
    text = (
        "Yes, by Friday. Wednesday: delivery to your office. Thursday and Friday: our two "
        "engineers set up about 20 laptops a day on site. Shall I start the invoice?"
    )
    assert "invented_fact" not in score(LAPTOP, text, step="repeat").violation_ids()


def test_a_bound_named_after_a_dash_does_not_govern_the_fact_before_it(score):
    text = "Send them over and the invoice is yours within an hour — delivery Wednesday."
    assert "invented_fact" not in score(LAPTOP, text, step="details").violation_ids()


def test_delivery_today_when_tomorrow_is_the_earliest_is_invented(score):
    text = "Your order is already with the courier and will be with you today by 6 pm."
    assert "invented_fact" in score(RUDE, text, step="escalate").violation_ids()


def test_a_fragment_before_we_cannot_is_denied_with_it(score):
    text = (
        "Спасибо, Игорь. Заказ 48215 привезём завтра — сегодня, к сожалению, уже не "
        "получится. Окна: 10:00–14:00 или 18:00–22:00. Какое окно ставим?"
    )
    assert "invented_fact" not in score(RUDE, text, step="when").violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Я бы не сказал ни да, ни нет, тут всё неоднозначно, от ситуации зависит.",
        "Сложно сказать однозначно… И да, и нет, смотря как посмотреть.",
    ],
)
def test_neither_yes_nor_no_does_not_answer_a_yes_or_no_question(score, text):
    result = score("interview-provocation", text, step="press")
    assert "no_labels" not in result.met


def test_refusing_the_label_in_own_words_answers_the_provocation(score):
    text = (
        "Нет, не признаю. Неадекватных клиентов я почти не встречала, а вот расстроенных и "
        "уставших — постоянно. Я сначала даю человеку выговориться, потом пересказываю суть "
        "претензии своими словами."
    )
    result = score("interview-provocation", text, step="provocation")
    assert result.style == "situational" and result.total >= 70


def test_a_comma_list_with_one_longer_item_is_still_a_keyword_list(score):
    text = "empathy, patience, stress resistance, reason behind the emotion"
    result = score("interview-provocation", text, step="provocation")
    assert result.style == "none" and "keyword_stuffing" in result.violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "violation"),
    [
        ("courier-no-call", "compensation", "Конечно! Заказ для вас будет полностью "
         "бесплатным, это меньшее, что мы можем сделать.", "anti.capitulate"),
        ("wants-but-cannot", "decision", "Для вас придержу машину и сегодняшнюю цену на "
         "месяц, даже без депозита.", "wbc.invented"),
        ("wants-but-cannot", "decision", "Sure, I'll hold the machine and the price for you "
         "for three months without any deposit.", "wbc.invented"),
        ("wants-but-cannot", "decision", "Цену и машину я вам придержу, без всякого задатка, "
         "обещаю.", "wbc.invented"),
        ("wants-but-cannot", "likes", "Понимаю. Есть рассрочка на 12 месяцев без переплаты, "
         "первый взнос 20%.", "wbc.invented"),
        ("chat-visitor", "annoyed", "Да я вам ничего и не предлагаю, просто поздоровалась.",
         "chat.argue"),
        ("chat-visitor", "annoyed", "Sorry! I wasn't offering anything, just saying hi.",
         "chat.argue"),
    ],
)  # fmt: skip
def test_giveaways_invented_terms_and_arguing(score, case, step, text, violation):
    assert violation in score(case, text, step=step).violation_ids()


def test_terms_with_a_down_payment_are_not_a_promise_of_none(score):
    text = (
        "Никита, есть варианты: рассрочка через банк-партнёр на 6 месяцев без переплаты — "
        "первый взнос 20%, это 76 000; или лизинг. Какой вариант вам ближе?"
    )
    assert "wbc.invented" not in score("wants-but-cannot", text, step="likes").violation_ids()


def test_stepping_back_is_not_arguing(score):
    text = "Поняла, извините! Больше ничего не предлагаю — если понадобится помощь, я в чате."
    assert "chat.argue" not in score("chat-visitor", text, step="annoyed").violation_ids()


def test_naming_the_package_in_a_pitch_does_not_answer_how_to_stop_it(score):
    text = (
        "Sergei, the Plus package gives you a lot: instant notifications, bigger transfer "
        "limits. For 99 roubles it's honestly a bargain compared to other banks."
    )
    result = score(BANK, text, step="still_angry")
    assert not result.answered and "fix" in result.missing


def test_blaming_the_contractor_is_passing_the_buck(score):
    text = "The couriers are a contractor, so I can't really do anything about how they work."
    result = score("courier-no-call", text, step="missed")
    assert "anti.refuse_responsibility" in result.violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("support-line-wait", "eta", "Бригада называет 9 утра, но это оценка, и обещать, что к "
         "10 всё точно заработает, я не буду. Начислю 30 ГБ бесплатного трафика на вашу SIM."),
        ("support-line-wait", "next_time", "I won't tell you the wait will never happen again, "
         "Dmitry. Your ticket is 552190; the crew or I will call you back."),
    ],
)  # fmt: skip
def test_a_promise_refused_around_its_what_clause_is_no_promise(score, case, step, text):
    result = score(case, text, step=step)
    assert "anti.impossible_promise" not in result.violation_ids()


def test_now_before_another_verb_is_not_the_delivery_date(score):
    text = "Анна, это наша ошибка. Давайте я прямо сейчас оформлю повторную доставку на завтра."
    assert "invented_fact" not in score("courier-no-call", text, step="missed").violation_ids()


def test_now_before_the_delivery_verb_is_still_too_early(score):
    text = "Сейчас привезём, не волнуйтесь."
    assert "invented_fact" in score("courier-no-call", text, step="missed").violation_ids()


def test_a_negated_preposition_is_no_negated_verb(score):
    text = (
        "Услышал: денег сейчас нет — значит, говорим не про машину, а про платежи. Лизинг — "
        "около 24 000 рублей в месяц на 18 месяцев. Какой платёж вы бы потянули?"
    )
    assert "anti.pressure" not in score("wants-but-cannot", text, step="doubt").violation_ids()


def test_a_guarantee_refused_with_the_not_in_an_adverb_is_no_guarantee(score):
    text = (
        "A 100% guarantee I can't honestly give you, Igor. What I can give: I'm tracking order "
        "48215 myself, and I'll message you by 12:00 tomorrow with the courier's details."
    )
    assert "anti.impossible_promise" not in score(RUDE, text, step="trust").violation_ids()


def test_whatever_happens_is_a_false_guarantee(score):
    text = (
        "Zero overpayment, Nikita, and don't worry: we never take machines back, whatever happens."
    )
    result = score("wants-but-cannot", text, step="conditions")
    assert "anti.impossible_promise" in result.violation_ids()


def test_a_day_of_the_month_with_its_ending_is_not_a_verb(score):
    text = "проверка цеха, сроки, 20-е число, скидка, набор для ухода"
    result = score("importunate-client", text, step="again")
    assert result.style == "none" and "keyword_stuffing" in result.violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (PRICE, "compare", "Totally understand! We can do 0% instalments over 24 months — "
         "that's just a few thousand a month."),
        ("wants-but-cannot", "conditions", "Переплата всего 2% на год, а если кофейня не выйдет "
         "в плюс, банк сам даёт каникулы."),
        ("reluctant-client", "reason", "I get it. Setup is at night, and your cooks get a full "
         "week of training plus support."),
        ("courier-no-call", "compensation", "Sure, I'll refund the 590-rouble delivery fee for "
         "you today."),
        (LAPTOP, "payment", "Да, постоплата 30 дней после поставки, по договору."),
        ("importunate-client", "call_again", "Светлана, всё по графику: производство "
         "закончится 18-го, доставка 19-го, монтаж 20-го с 10:00."),
        ("importunate-client", "call_again", "Svetlana, delivery is on the 19th and the "
         "installation on the 21st."),
        ("rude-client", "trust", "Игорь, вернём вам 490 рублей за доставку."),
        ("support-line-wait", "eta", "Пока чиним, начислю вам 50 ГБ бесплатно."),
        ("support-line-wait", "next_time", "Your ticket 123456 is open, we'll call you back."),
        ("bank-internet-fee", "refund", "Подаю заявление, ответ будет в течение 3 дней."),
        ("interview-provocation", "practice", "По правилам сети возврат брака возможен в "
         "течение 30 дней после проверки."),
        ("support-line-wait", "still_waiting", "В вашем районе обрыв кабеля, бригада на месте. "
         "Восстановят к 12:00 завтрашнего дня."),
        ("importunate-client", "repeat", "Да, 20-е в силе, монтаж с 9:00."),
        (RUDE, "when", "Привезём завтра с 15 до 17."),
        ("wants-but-cannot", "conditions", "Six months is 0% with 20% down; twelve months "
         "comes to about 12% extra."),
        (LAPTOP, "details", "Реквизиты и адрес — после этого счёт выставим в течение трёх "
         "рабочих дней."),
        ("bank-internet-fee", "outrage", "It's the Plus package, which was added to your "
         "account about three years ago."),
        ("support-line-wait", "next_time", "Не придётся: заявка № 552910, по ней вам "
         "перезвонят."),
        ("chat-visitor", "just_looking", "Конечно, не отвлекаю. Если что — чат работает "
         "круглосуточно."),
        ("chat-visitor", "just_looking", "Sure, take your time — the chat is open 24/7."),
        ("bank-internet-fee", "outrage", "Это пакет «Плюс», его подключили год назад при смене "
         "тарифа карты."),
        ("wants-but-cannot", "doubt", "Got it. A lease would be about 14,000 a month for 18 "
         "months, so no big sum now."),
        (RUDE, "vent", "I'm so sorry, Igor. Your order is already with the courier and will be "
         "with you within the next two hours."),
        (PRICE, "objection", "В нашу цену входят доставка, монтаж, материалы на трассу до 10 "
         "метров и вывоз мусора."),
        (LAPTOP, "repeat", "Да, успеем: в среду привезём, в четверг и пятницу два инженера "
         "настроят по 30 ноутбуков в день."),
        ("courier-no-call", "escalates", "We can deliver tomorrow in any 2-hour window between "
         "9:00 and 22:00."),
        ("chat-visitor", "just_looking", "Of course, browse as long as you like. The chat's "
         "open daily 10:00–20:00."),
        ("reluctant-client", "indifferent", "В похожих кафе списания падают уже за пару "
         "недель."),
        ("wants-but-cannot", "doubt", "Understood — then a lease is ideal: about 14,000 a month "
         "for 18 months, and you buy it out at the end."),
        (LAPTOP, "ask", "Yes — we deliver tomorrow and our engineers will set up all 40 in a "
         "single day on Thursday."),
        ("wants-but-cannot", "decision", "Конечно. Внесите депозит 10% — машина и цена будут "
         "закреплены за вами на три месяца."),
        ("wants-but-cannot", "decision", "Take your time: I'll hold the machine for two months "
         "for you."),
        ("courier-no-call", "slot", "Done, booked for tomorrow 19:00-23:00, the courier will "
         "call an hour before."),
    ],
)  # fmt: skip
def test_a_term_other_than_the_cases_is_invented(score, case, step, text):
    assert "invented_fact" in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("wants-but-cannot", "likes", "Instalments: 6 months at 0% with 20% down, or 12 months "
         "with about 8% extra; or a lease at roughly 24,000 a month for 18 months."),
        ("reluctant-client", "reason", "Setup is at night, and your cooks get 2 hours of "
         "training on site plus a support line."),
        ("courier-no-call", "compensation", "Верну вам 390 рублей за доставку и пришлю промокод "
         "на 10%."),
        (LAPTOP, "payment", "Да, по договору возможна отсрочка до 14 дней после поставки."),
        ("importunate-client", "call_again", "Светлана, всё по графику: производство "
         "закончится 17-го, доставка 19-го, монтаж 20-го с 10:00."),
        ("rude-client", "trust", "Игорь, вернём вам 290 рублей за доставку."),
        ("support-line-wait", "eta", "Пока чиним, начислю вам 30 ГБ бесплатно или выдадим "
         "4G-модем в офисе."),
        ("support-line-wait", "next_time", "Your ticket 552190 is open, we'll call you back."),
        ("bank-internet-fee", "refund", "Подаю заявление, ответ будет в течение 10 рабочих дней; "
         "594 рубля за полгода вернут."),
        ("interview-provocation", "practice", "По правилам сети возврат брака возможен в "
         "течение 10 дней после проверки."),
        ("support-line-wait", "still_waiting", "Обрыв кабеля, бригада на месте, по их оценке "
         "восстановят к 9:00 завтра — это прогноз, не гарантия."),
        ("importunate-client", "repeat", "Да, 20-е в силе, монтаж с 10:00."),
        (RUDE, "when", "Привезём завтра с 10 до 14 или с 18 до 22."),
        (LAPTOP, "details", "Пришлите реквизиты — счёт выставлю в течение часа."),
        ("bank-internet-fee", "outrage", "Пакет «Плюс» подключили полгода назад вместе со "
         "сменой тарифа карты."),
        (PRICE, "objection", "В цену входят доставка, монтаж и материалы на трассу до 5 м."),
        (LAPTOP, "repeat", "Два инженера настраивают около 20 ноутбуков в день."),
        ("courier-no-call", "escalates", "Any 3-hour window between 9:00 and 22:00 tomorrow."),
        ("chat-visitor", "just_looking", "Конечно! Чат работает с 9:00 до 21:00."),
        ("wants-but-cannot", "doubt", "Понял. Тогда лизинг: около 24 000 ₽ в месяц на 18 "
         "месяцев."),
        ("wants-but-cannot", "decision", "Депозит 10% держит за вами цену и машину до конца "
         "месяца."),
    ],
)  # fmt: skip
def test_the_cases_own_terms_are_not_invented(score, case, step, text):
    assert "invented_fact" not in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Right, money then. You don't need 380k now: 76k down and six 0% payments, or a lease "
        "at ~24k a month.",
        "Or put down 10% to hold this price and the machine until the end of the month.",
        "With the lease or 0% instalments you could open in three weeks with this machine.",
    ],
)
def test_terms_the_brief_gives_in_other_words_are_not_invented(score, text):
    case, step = "wants-but-cannot", "decision"
    assert "invented_fact" not in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        # Reproaching oneself
        ("reluctant-client", "unconvinced", "Простите за рекламный тон — вы правы, надо было "
         "сразу про ваши цифры. Сколько у вас сейчас уходит на инвентаризацию?"),
        # Owning the mistake
        (RUDE, "when", "I'm sorry, you're right, we made a mistake with your order. It arrives "
         "tomorrow."),
        # A generic "you"
        ("interview-provocation", "press", "No. I don't label anyone 'inadequate' — the label "
         "stops you looking for the reason, and the reason is what lets you solve the problem."),
    ],
)  # fmt: skip
def test_what_only_sounds_like_blame_is_not_blaming_the_client(score, case, step, text):
    assert "anti.blame" not in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("reluctant-client", "unconvinced", "Надо было раньше думать, а не сейчас звонить."),
        (RUDE, "vent", "That's your own problem, not ours."),
        ("support-line-wait", "next_time", "Next time, don't call at all: outages are always "
         "posted in the app, so you'd have seen it there in seconds."),
        ("courier-no-call", "missed", "So sorry, Anna. Next time it's best to stay reachable "
         "throughout the delivery day. Shall I book another slot?"),
        ("support-line-wait", "eta", "Дмитрий, это форс-мажор. Если у вас важная работа, "
         "рекомендуем всегда иметь резервный канал связи."),
    ],
)  # fmt: skip
def test_what_the_client_should_have_done_or_his_own_problem_is_blame(score, case, step, text):
    assert "anti.blame" in score(case, text, step=step).violation_ids()


def test_a_slot_length_after_a_comma_is_no_clock_time(score):
    text = (
        "Let's get it to you: tomorrow or any day after, 3-hour slots between 9 am and 10 pm, "
        "and I'll flag the order 'call 1 hour before'. Which day?"
    )
    assert "invented_fact" not in score("courier-no-call", text, step="missed").violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Нет. Трудные ситуации бывают, а неадекватных клиентов — нет: почти всегда за "
        "резкостью стоит понятная причина.",
        "I'd put it differently. People aren't inadequate; they're upset, tired or scared of "
        "losing money, and once the cause is fixed they thank you.",
        "Inadequate? I'd say overloaded. A mum with a crying kid after twenty minutes in the "
        "queue is at her limit, so I open a second till.",
        "Честно — нет, я бы не стал так говорить. Неадекватным чаще выглядит человек, у "
        "которого что-то пошло не так: сорвалась доставка, списали деньги.",
        "Honestly, no. 'Inadequate' usually means we haven't understood what's behind it yet; "
        "once I find the reason and offer a concrete solution, most of them calm down.",
    ],
)
def test_a_denied_or_renamed_label_answers_the_provocation(score, text):
    result = score("interview-provocation", text, step="provocation")
    assert "no_labels" in result.met and result.style == "situational"


@pytest.mark.parametrize(
    "text",
    [
        "Нет. Сложные ситуации — да. Неадекватных клиентов — нет.",
        "Нет, и это не дипломатия. Даже самые «тяжёлые» покупатели обычно злились на что-то "
        "конкретное — на сорванный замер, на неправильный фасад.",
    ],
)
def test_a_plain_no_with_the_distinction_or_the_reason_answers_the_press(score, text):
    result = score("interview-provocation", text, step="press")
    assert "no_labels" in result.met and result.style == "situational"


def test_a_short_reframe_of_the_label_answers_the_provocation(score):
    text = (
        "No, I wouldn't say that. Most 'inadequate' clients are upset people with a real problem "
        "behind it — find the problem, and the client calms down."
    )
    result = score("interview-provocation", text, step="provocation")
    assert result.style == "situational" and result.total >= 70


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("chat-visitor", "hesitates", "Sure, take your time. I'll email you the link, and your "
         "cart will be kept for a week, so no rush."),
        ("chat-visitor", "just_looking", "Of course! Each page has a size chart by height, and "
         "I'm in the chat from 8:00 till 21:00 every day."),
        (LAPTOP, "details", "Your company details, delivery address, on-site contact and the "
         "software list. Invoice within an hour — and we'll also need a 50% deposit today."),
    ],
)  # fmt: skip
def test_chat_hours_cart_days_and_deposits_the_brief_does_not_give_are_invented(
    score, case, step, text
):
    assert "invented_fact" in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "For 125 cm I'd go with 24 inches — it'll last her longer.",
        "At 125 cm a 24-inch bike is ideal for her.",
        "Take the bigger one, she'll grow into it.",
    ],
)
def test_recommending_the_bigger_bike_is_the_wrong_size(score, text):
    result = score("chat-visitor", text, step="comes_back")
    assert "chat.wrong_size" in result.violation_ids()


def test_explaining_why_not_the_bigger_bike_is_not_the_wrong_size(score):
    text = (
        "I get the idea of buying bigger so she grows into it, but 20 inches is ideal for "
        "125 cm; 24 is for 130-150 cm."
    )
    result = score("chat-visitor", text, step="comes_back")
    assert "chat.wrong_size" not in result.violation_ids()


def test_a_day_that_takes_24_hours_is_no_bike_size(score):
    text = "Delivery may take up to 24 hours after you order; the size chart is on every page."
    result = score("chat-visitor", text, step="comes_back")
    assert "chat.wrong_size" not in result.violation_ids()


def test_lacking_the_authority_alone_is_no_refusal_to_refund(score):
    text = (
        "I understand, but I can't refund it myself. What I can do is file a refund claim "
        "right now; the bank replies within 10 working days."
    )
    assert "bank.no_refund" not in score("bank-internet-fee", text, step="refund").violation_ids()


def test_refusing_everything_alone_is_still_refusing_responsibility(score):
    text = "Я сама ничего не могу сделать, обращайтесь в отделение."
    result = score("bank-internet-fee", text, step="refund")
    assert "anti.refuse_responsibility" in result.violation_ids()


def test_an_order_is_not_denied_by_a_later_subjects_negation(score):
    text = (
        "Svetlana, everything's on schedule. You have to understand I can't spend the whole "
        "day on the phone with one client."
    )
    result = score("importunate-client", text, step="call_again")
    assert "anti.must" in result.violation_ids()


def test_a_value_after_another_clauses_subject_is_not_that_subjects(score):
    text = "Wednesday delivery, Thursday–Friday setup, invoice within an hour. Shall I start?"
    assert "invented_fact" not in score(LAPTOP, text, step="doubt").violation_ids()


def test_a_term_and_its_value_across_a_dash_are_one_statement(score):
    text = "Плюс пробный период — 60 дней бесплатно сразу в обоих кафе."
    result = score("reluctant-client", text, step="unconvinced")
    assert "invented_fact" in result.violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Honest answer: I can't give you a 100% guarantee on a carrier, but I can take it "
        "personally. I'll message you by 12:00 tomorrow with the courier's details.",
        "Игорь, стопроцентной гарантии дать не могу — честно. Зато я лично веду ваш заказ и "
        "завтра до 12:00 напишу вам данные курьера.",
    ],
)
def test_cannot_give_a_full_guarantee_is_no_guarantee(score, text):
    assert "anti.impossible_promise" not in score(RUDE, text, step="trust").violation_ids()


def test_a_full_refund_on_a_condition_of_the_facts_is_no_giveaway(score):
    text = (
        "Обещать результат не могу — решает банк, ответ в течение 10 рабочих дней. Если "
        "подтвердится, что уведомления не было, деньги вернут полностью."
    )
    assert "anti.capitulate" not in score("bank-internet-fee", text, step="refund").violation_ids()


def test_a_full_refund_for_staying_is_a_giveaway(score):
    text = "Если останетесь с нами, вернём все деньги полностью."
    assert "anti.capitulate" in score("bank-internet-fee", text, step="refund").violation_ids()


def test_an_offer_the_speaker_refuses_to_make_is_no_giveaway(score):
    text = (
        "Бесплатно отдать доставку за город, которая не положена, я не стану. Предложу "
        "самовывоз или платную доставку в удобный день."
    )
    result = score("interview-provocation", text, step="company")
    assert "anti.capitulate" not in result.violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Компенсация за ожидание, к сожалению, не предусмотрена. Доставку завтра мы оформили.",
        "I'm sorry, Anna, but compensation is only provided for orders that are lost or damaged.",
        "Sorry, there is nothing to compensate: your order arrives tomorrow.",
    ],
)
def test_refusing_the_compensation_the_shop_allows_is_a_severe_fault(score, text):
    result = score("courier-no-call", text, step="compensation")
    assert "courier.no_compensation" in result.violation_ids() and result.style == "none"


@pytest.mark.parametrize(
    "text",
    [
        "Компенсация за ожидание не предусмотрена, но я верну вам 390 ₽ за доставку и пришлю "
        "промокод на 10%.",
        "Compensation for the wait isn't provided, but I'll refund the 390 roubles and send you "
        "a 10% promo code.",
    ],
)
def test_refusing_more_than_the_shop_allows_while_giving_what_it_allows_is_no_fault(score, text):
    result = score("courier-no-call", text, step="compensation")
    assert "courier.no_compensation" not in result.violation_ids()
    assert result.style == "situational"


def test_a_term_the_speaker_says_she_cannot_give_is_not_invented(score):
    text = (
        "Честно скажу: без депозита ни цену, ни машину удержать не смогу. Депозит 10% закрепит "
        "за вами и то и другое до конца месяца."
    )
    result = score("wants-but-cannot", text, step="decision")
    assert "wbc.invented" not in result.violation_ids()


def test_a_term_the_speaker_gives_is_invented_even_when_a_refusal_follows(score):
    text = "Без депозита придержу машину до конца месяца, но дольше держать не смогу."
    result = score("wants-but-cannot", text, step="decision")
    assert "wbc.invented" in result.violation_ids()


def test_without_a_contract_only_prepayment_is_the_rule_not_an_invention(score):
    text = (
        "Yes, with one condition: deferred payment of up to 14 days works under a signed "
        "contract. Without a contract it would have to be prepayment, so let's sign one."
    )
    assert "laptop.invented" not in score(LAPTOP, text, step="payment").violation_ids()


def test_a_deferral_without_a_contract_is_invented(score):
    text = "Отсрочку дадим и без договора, не переживайте."
    assert "laptop.invented" in score(LAPTOP, text, step="payment").violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "violation"),
    [
        ("support-line-wait", "still_waiting", "The crew's on site, estimate 9:00 tomorrow. "
         "And you know, complaining louder won't make them work faster.", "anti.condescend"),
        ("chat-visitor", "annoyed", "Ой, простите великодушно, что посмела предложить помощь.",
         "anti.sarcasm"),
        (LAPTOP, "doubt", "Андрей, я ответил вам в прошлом сообщении — видимо, вы его "
         "пропустили. Перечитайте, пожалуйста.", "anti.blame"),
        ("importunate-client", "again", "The 20th is set in stone, Svetlana. No point "
         "checking with the workshop, I'd stake my job on it.", "anti.impossible_promise"),
        (PRICE, "objection", "Марина, поверьте опыту: дешёвые компании экономят на всём. "
         "Скупой, как говорится, платит дважды.", "anti.condescend"),
        (RUDE, "trust", "Завтра всё привезут, ставлю зарплату.", "anti.impossible_promise"),
        ("bank-internet-fee", "still_angry", "It's the Plus package, Sergei. To turn it off "
         "you'll need to pop into your branch.", "anti.refuse_responsibility"),
        ("interview-provocation", "company", "Honestly, that's not my call, I'd send him to "
         "the store manager.", "anti.refuse_responsibility"),
        ("support-line-wait", "still_waiting", "The repair crew handles that, and I don't have "
         "visibility on their schedule, sorry.", "anti.evasion"),
    ],
)  # fmt: skip
def test_jabs_blame_and_guarantees_in_new_words(score, case, step, text, violation):
    assert violation in score(case, text, step=step).violation_ids()


def test_sorry_again_for_the_wait_is_no_lecture(score):
    text = "Your order will be with you tomorrow, 10:00-14:00, Igor. Sorry again for the wait!"
    assert "anti.lecture" not in score(RUDE, text, step="when").violation_ids()


def test_telling_the_client_not_to_call_me_is_still_a_reproach(score):
    text = "Не нужно мне названивать, я сама позвоню, когда будет информация."
    result = score("importunate-client", text, step="call_again")
    assert "pushy.reproach" in result.violation_ids()


def test_a_value_of_another_term_in_the_sentence_is_not_invented(score):
    text = (
        "Да, 20-е в силе, монтаж с 10:00. Напишу отдельно, когда 17-го закончим производство "
        "и когда 19-го повезём кухню."
    )
    result = score("importunate-client", text, step="repeat")
    assert "invented_fact" not in result.violation_ids()


def test_as_i_said_is_a_lecture_not_blame(score):
    text = "Как я уже говорила, 20-е в силе. Сообщать о ходе работ буду я, по мессенджеру."
    ids = score("importunate-client", text, step="repeat").violation_ids()
    assert "anti.lecture" in ids and "anti.blame" not in ids


def test_i_told_you_that_already_is_blame(score):
    text = "Я это уже говорила: 20-е в силе."
    assert "anti.blame" in score("importunate-client", text, step="repeat").violation_ids()


def test_a_list_of_named_things_answers_what_is_needed(score):
    text = "Реквизиты, адрес доставки, контактное лицо, список программ."
    result = score(LAPTOP, text, step="details")
    assert "keyword_stuffing" not in result.violation_ids()


def test_letting_the_client_choose_is_not_blaming_her_choice(score):
    text = "Могу перенести доставку на завтра, окно выберете сами, курьер позвонит за час."
    result = score("courier-no-call", text, step="missed")
    assert "anti.blame" not in result.violation_ids()


def test_a_free_30_day_trial_is_a_trial(score):
    text = "That's why we start with a free 30-day trial in one café, and then you decide."
    result = score("reluctant-client", text, step="trial")
    assert "reluct.trial" in {e.pattern for e in result.matched}


@pytest.mark.parametrize(
    "text",
    [
        "Yes. I'm refunding the 390-rouble delivery fee and adding a 10% promo code - both "
        "will come by SMS today.",
        "I'm refunding the 390-rouble delivery fee. The promo code will arrive by SMS today.",
    ],
)
def test_an_sms_today_is_not_a_delivery_today(score, text):
    result = score("courier-no-call", text, step="compensation")
    assert "invented_fact" not in result.violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Заказ 48215 привезём завтра, с 10 до 14. И впредь попрошу обходиться без «бездельников».",
        "I understand, Igor. Name-calling doesn't speed anything up, though. Let me look.",
        "Igor, I'm happy to help, but I'd appreciate it if we could keep this respectful. "
        "Could you give me your order number?",
        "Не надо оскорблять сотрудников. Назовите номер заказа, тогда и поговорим.",
    ],
)
def test_telling_off_the_client_in_more_words(score, text):
    assert "anti.condescend" in score(RUDE, text, step="when").violation_ids()


def test_a_sum_per_month_is_no_duration(score):
    text = "Lease — about 24,000/month, 18 months. Instalments — 6 months, 0%, 20% down."
    result = score("wants-but-cannot", text, step="conditions")
    assert "invented_fact" not in result.violation_ids()


# ---------------------------------------------------------------- fresh writers' misses (CU, CV)


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (RUDE, "vent", "игорь, понимаю вашу злость, извините — это наша ошибка: заказ застрял на "
         "складе перевозчика. привезти можем завтра, с 10 до 14 или с 18 до 22."),
        ("importunate-client", "call_again", "Да, всё по графику: доставка 19-го, монтаж 20-го "
         "с 10:00. И вы правы, сообщать вам должны мы: буду писать по понедельникам."),
        ("reluctant-client", "trial", "Первые 30 дней бесплатно. А чтобы повара приняли "
         "систему — обучение на месте и линия поддержки, куда они могут звонить сами."),
        (PRICE, "doubt", "Понимаю. В цену входят доставка, монтаж, материалы до 5 метров, вывоз "
         "мусора и 3 года гарантии на монтаж — всё это уже в цене."),
        ("chat-visitor", "comes_back", "20-inch. Fits 115–135 cm; 24-inch is for 130–150 cm."),
    ],
)  # fmt: skip
def test_more_sincere_phrases_that_look_like_faults(score, case, step, text):
    result = score(case, text, step=step)
    assert not [v for v in result.violations if v.severity == "severe"], result.violations


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("u must send company details and the software list by 3pm, otherwise we cant start",
         "anti.must"),
        ("Гарантия — моё слово: больше никаких задержек никогда не будет.",
         "anti.impossible_promise"),
    ],
)  # fmt: skip
def test_chat_spelling_and_idioms_do_not_hide_a_fault(score, text, fault):
    assert fault in score(LAPTOP if "u must" in text else RUDE, text).violation_ids()


def test_a_refusal_typed_without_the_apostrophe_is_a_refusal(score):
    result = score(
        "courier-no-call", "no, compensation isnt provided for this", step="compensation"
    )
    assert result.style == "none"
    assert "compensation" not in result.met


def test_an_hour_range_past_closing_time_is_invented_without_the_colon(score):
    result = score(
        "courier-no-call", "давайте завтра с 20 до 23, курьер позвонит за час", step="slot"
    )
    assert "invented_fact" in result.violation_ids()
    assert result.style == "none"


def test_a_term_the_client_asked_about_needs_no_subject_beside_it(score):
    text = "No problem at all — we can even do 30 days, and no need to bother with a contract."
    assert "invented_fact" in score(LAPTOP, text, step="payment").violation_ids()
    fine = "Yes, we can: up to 14 days after delivery under a signed contract."
    assert "invented_fact" not in score(LAPTOP, fine, step="payment").violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (PRICE, "close", "Можем уже завтра с утра, с 9 до 13."),
        (RUDE, "when", "today by 6pm, promise"),
        (RUDE, "when", "Tomorrow, in the 14:00–18:00 window. Sorry it missed your weekend."),
    ],
)
def test_a_day_or_slot_the_case_does_not_offer_is_invented_at_the_step_that_asks_when(
    score, case, step, text
):
    assert "invented_fact" in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (PRICE, "close", "ура) послезавтра есть два окна 9-13 и 14-18, монтаж часа 3-4. "
         "какое ставим?"),
        (PRICE, "close", "Day after tomorrow, 9-1 or 2-6, which suits you?"),
        (RUDE, "when", "Заказ 48215 — завтра. 10:00–14:00 или 18:00–22:00. Сегодня — нет."),
        (RUDE, "when", "Tomorrow between 6 and 10 pm. I'll text you the tracking link today."),
        (RUDE, "escalate", "Ваш заказ сейчас в сортировочном центре перевозчика. Доставить "
         "сможем завтра."),
    ],
)  # fmt: skip
def test_the_slots_on_offer_are_not_invented(score, case, step, text):
    assert "invented_fact" not in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (BANK, "refund", "I do understand. The thing is, the terms were on screen when the plan "
         "changed, so technically it was disclosed. I can still file a claim.", "anti.blame"),
        ("courier-no-call", "missed", "Курьер приехал в назначенный интервал, и, к сожалению, "
         "вас не оказалось дома. Давайте назначим новую доставку.", "anti.blame"),
        (RUDE, "vent", "Работаем, Игорь, работаем, не поверите. Даже иногда без выходных.",
         "anti.sarcasm"),
        ("importunate-client", "again", "A discount for your nerves? I wish someone gave me one "
         "for mine. The 20th is fine.", "anti.sarcasm"),
        (BANK, "still_angry", "Повторю, раз с первого раза не дошло: это пакет «Плюс».",
         "anti.sarcasm"),
        ("wants-but-cannot", "conditions", "Переплаты никакой, и не переживайте — машину никто "
         "никогда не заберёт.", "anti.impossible_promise"),
        (BANK, "refund", "I'm filing a refund claim right now and you'll get all 594 roubles back "
         "within 10 working days — that's a promise.", "anti.impossible_promise"),
        ("importunate-client", "repeat", "The production schedule is really the workshop's area, "
         "not mine — they'd be the ones to confirm the 20th.", "anti.refuse_responsibility"),
    ],
)  # fmt: skip
def test_more_ways_to_blame_mock_overpromise_or_pass_the_buck(score, case, step, text, fault):
    result = score(case, text, step=step)
    assert fault in result.violation_ids()
    assert result.style == "none"


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        ("reluctant-client", "trial", "If they don't, I'll give you the first six months of "
         "subscription for free.", "invented_fact"),
        ("support-line-wait", "waited", "Дмитрий, извините за ожидание. У вас в районе обрыв "
         "кабеля, бригада работает, интернет будет через 2 часа.", "invented_fact"),
        ("support-line-wait", "still_waiting", "Cable break, crew is on it, will be fixed tonight "
         "for sure, no worries.", "invented_fact"),
        (RUDE, "when", "Ah, the weekend — of course, the whole world should revolve around your "
         "weekend. Tomorrow, 10–14 or 18–22.", "anti.sarcasm"),
        ("courier-no-call", "compensation", "Полдня? Вы же вышли всего на 15 минут 🙂 Ну ладно, "
         "промокод 5% дам.", "anti.blame"),
    ],
)  # fmt: skip
def test_faults_the_third_pair_of_new_writers_showed(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


def test_a_signed_contract_as_the_condition_is_no_giveaway(score):
    text = (
        "That works: 14 days after delivery is within our corporate terms — we just need a "
        "signed contract. I'll get the sales head's sign-off today."
    )
    result = score(LAPTOP, text, step="payment")
    assert result.style == "situational", result.violations


def test_a_sum_per_month_in_words_is_no_percentage(score):
    text = (
        "I understand, opening is expensive. We have instalments: 6 months 0% with 20% first "
        "payment, or leasing about 24 000 per month for 18 months. Which suits you?"
    )
    result = score("wants-but-cannot", text, step="likes")
    assert "invented_fact" not in result.violation_ids()


def test_vouching_for_the_schedule_is_no_promise_to_the_minute(score):
    text = "Понимаю, Светлана, всё точно по графику: 17-го закончим, 19-го привезём, 20-го монтаж."
    result = score("importunate-client", text, step="call_again")
    assert "anti.impossible_promise" not in result.violation_ids()
    late = score(RUDE, "Привезём завтра точно в 18:00, минута в минуту.", step="when")
    assert "anti.impossible_promise" in late.violation_ids()


@pytest.mark.parametrize(
    ("text", "invented"),
    [
        ("Хорошо, поставлю доставку на завтра с 18:00 до 21:00, курьер позвонит за час.", True),
        ("No problem — I'll schedule you for 22:00–01:00 tomorrow to be on the safe side.", True),
        ("Tomorrow, in any 3-hour window between 9:00 and 22:00 — you choose.", False),
        ("Завтра вечером, с 19 до 22, курьер позвонит за час.", False),
    ],
)
def test_the_courier_comes_in_its_three_hour_windows(score, text, invented):
    result = score("courier-no-call", text, step="slot")
    assert ("invented_fact" in result.violation_ids()) is invented


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (RUDE, "trust", "Гарантии «на слово» не дам — дам контроль. Я лично веду ваш заказ и "
         "завтра до 12:00 пришлю данные курьера."),
        ("importunate-client", "call_again", "Да, всё по графику: 19-го доставка, 20-го монтаж. "
         "И вы правы — дёргать нас не нужно: давайте я сама буду писать вам по понедельникам."),
        ("importunate-client", "call_again", "Всё по графику. И вы правы, звонить нам каждый "
         "день не нужно — давайте я сама буду писать вам по понедельникам и четвергам."),
    ],
)  # fmt: skip
def test_offering_control_instead_of_words_is_no_fault(score, case, step, text):
    result = score(case, text, step=step)
    assert not [v for v in result.violations if v.severity == "severe"], result.violations


def test_giving_ones_word_is_a_guarantee_however_it_is_put(score):
    text = "Игорь, даю вам своё слово: завтра заказ будет у вас."
    assert "anti.impossible_promise" in score(RUDE, text, step="trust").violation_ids()


@pytest.mark.parametrize(
    ("step", "text"),
    [
        ("ask", "Да, всё в наличии. Доставим в четверг, настроим за два рабочих дня — к пятнице "
         "будет готово."),
        ("repeat", "Yes: delivery Thursday, setup Friday and Monday."),
        ("repeat", "Доставка в среду, настройка — пятница и понедельник."),
        ("repeat", "delivery wednesday, setup friday and saturday"),
        ("ask", "Привезём послезавтра, настроим в пятницу."),
    ],
)  # fmt: skip
def test_a_weekday_the_schedule_does_not_allow_is_invented(score, step, text):
    result = score(LAPTOP, text, step=step)
    assert "invented_fact" in result.violation_ids()
    assert result.style == "none"


@pytest.mark.parametrize(
    ("step", "text"),
    [
        ("repeat", "Среда — доставка, четверг и пятница — настройка у вас в офисе."),
        ("repeat", "We can do Wednesday delivery and Thursday–Friday setup."),
        ("ask", "Yes: delivery Wednesday, setup Thursday–Friday, all 40 ready by Friday."),
        ("doubt", "Если привезём в среду к 10 утра, а в четверг и пятницу наши инженеры всё "
         "настроят у вас на месте — вас это устраивает?"),
        ("repeat", "в среду привозим, в четверг и пятницу настраиваем, к пятнице всё готово"),
        ("ask", "Да, успеваем: привезём завтра, настроим в четверг и пятницу."),
        ("ask", "Пришлите сегодня реквизиты и адрес доставки — привезём в среду."),
    ],
)  # fmt: skip
def test_each_day_belongs_to_the_subject_its_sentence_pairs_it_with(score, step, text):
    result = score(LAPTOP, text, step=step)
    assert "invented_fact" not in result.violation_ids()
    assert result.style == "situational"


@pytest.mark.parametrize(
    "text",
    [
        "In your two cafés you'll save about 300,000 roubles a year.",
        "Лично вам — потому что в ваших кафе теряется около 300 тысяч рублей в месяц на списаниях.",
        "Наша система окупается за две недели.",
        "Лично вам: инвентаризация займёт 1–2 часа вместо шести, а списания упадут на 40% уже в "
        "первый месяц.",
        "I get it. Setup is at night, and your cooks get a full week of on-site training.",
    ],
)  # fmt: skip
def test_a_figure_the_brief_never_gives_is_invented(score, text):
    assert "invented_fact" in score("reluctant-client", text, step="unconvinced").violation_ids()


def test_the_briefs_own_figures_are_no_invention(score):
    text = (
        "Лично вам: в каждом из двух кафе инвентаризация займёт 1–2 часа вместо шести, а "
        "списания продуктов заметно падают за 2–3 месяца."
    )
    result = score("reluctant-client", text, step="unconvinced")
    assert not result.violation_ids()
    assert result.style == "situational"


@pytest.mark.parametrize(
    "text",
    [
        "I hear you, Marina. Let me do something special — I'll give you 15% off so it's the "
        "same as the other company. Deal?",
        "Понимаю. Давайте я сделаю вам скидку 15% — будет как у них.",
        "Хорошо, сделаем вам скидку 15%, чтобы было как у конкурента.",
    ],
)  # fmt: skip
def test_giving_the_competitors_discount_is_a_capitulation_though_the_client_named_it(score, text):
    assert "capitulation" in score(PRICE, text, step="compare").violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Марина, понимаю, 15% — заметная разница. Давайте сравним, что входит в цену.",
        "I can't match the 15%, Marina. What I can do is 5% off, which is my limit.",
    ],
)
def test_naming_the_competitors_discount_is_no_capitulation(score, text):
    assert "capitulation" not in score(PRICE, text, step="compare").violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("courier-no-call", "escalates", "повторная доставка звонок за час SMS окно"),
        ("chat-visitor", "just_looking", "размеры рост доставка примерка чат до 21"),
    ],
)
def test_topic_words_with_a_value_are_still_a_list(score, case, step, text):
    result = score(case, text, step=step)
    assert "keyword_stuffing" in result.violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (LAPTOP, "repeat", "Доставка — среда, с 9 до 18. Настройка — четверг и пятница."),
        ("price-objection", "compare", "We have 0% instalments for 6 months through our "
         "partner bank."),
    ],
)  # fmt: skip
def test_a_note_that_pairs_subjects_with_values_is_no_list(score, case, step, text):
    assert "keyword_stuffing" not in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (BANK, "refund", "Заявку на возврат 594 ₽ оформлю, ответ придёт в течение 10 рабочих "
         "дней. Хотя, честно говоря, выписку обычно смотрят каждый месяц."),
        ("wants-but-cannot", "decision", "Sure. A 10% deposit holds the price and the machine "
         "until month-end. Though in my experience, 'coming back in a month' usually means not "
         "coming back at all."),
        (LAPTOP, "doubt", "With respect, Andrew, I did answer. Wednesday delivery, Thursday–Friday "
         "setup."),
    ],
)  # fmt: skip
def test_a_jab_tacked_on_after_the_answer_is_rude(score, case, step, text):
    result = score(case, text, step=step)
    assert "anti.condescend" in result.violation_ids()
    assert result.style == "none"


@pytest.mark.parametrize(
    "text",
    [
        "Вернуть деньги сама я не могу, хотя заявление на возврат оформлю прямо сейчас: ответ "
        "придёт в течение 10 рабочих дней.",
        "I'm filing the refund claim now. Though the bank decides, the answer comes within 10 "
        "working days.",
    ],
)  # fmt: skip
def test_a_plain_though_is_no_jab(score, text):
    assert "anti.condescend" not in score(BANK, text, step="refund").violation_ids()


# ---------------------------------------------------------------- scorer 2.10


@pytest.mark.parametrize(
    "text",
    [
        "Игорь, простите, пожалуйста. Подскажите номер заказа, я проверю.",
        "Igor, I'm sorry about this. Could you give me your order number so I can check?",
    ],
)
def test_asking_the_rude_client_for_the_order_number_the_brief_names_is_no_answer_yet(score, text):
    result = score(RUDE, text, step="vent")
    assert result.style == "customer"
    assert result.total < 55


@pytest.mark.parametrize(
    "text",
    [
        "Игорь, простите, задержка — наша ошибка. Подскажите номер заказа, я сразу проверю.",
        "Назовите номер заказа — скажу, где он и когда его привезут.",
        "Sorry, Igor, that's our mistake. Give me the order number and I'll tell you when it "
        "will arrive.",
    ],
)
def test_owning_the_delay_or_promising_where_and_when_answers_the_rude_client(score, text):
    assert score(RUDE, text, step="vent").style == "situational"


def test_following_the_order_up_still_answers_the_later_steps(score):
    result = score(RUDE, "I'll track the order myself and text you when it moves.", step="trust")
    assert result.style == "situational"


def test_training_the_cooks_at_the_trial_step_is_no_trial_term(score):
    text = (
        "Первый месяц в одном кафе бесплатный, 30 дней. А поваров приедем и 2 часа поучим на месте."
    )
    assert "invented_fact" not in score("reluctant-client", text, step="trial").violation_ids()


@pytest.mark.parametrize(
    ("step", "text"),
    [
        ("conditions", "На 6 месяцев — без переплаты вообще, 0%, первый взнос 20%."),
        ("doubt", "12 months at about 8% extra. Or 10% down to hold it till the end of the month."),
    ],
)
def test_the_briefs_terms_in_few_words_are_no_invention(score, step, text):
    result = score("wants-but-cannot", text, step=step)
    assert result.style == "situational"


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("wants-but-cannot", "conditions", "0% for 6 months with 20% down, or about 8% over 12 "
         "months."),
        ("courier-no-call", "slot", "Хорошо, завтра с 19 до 22."),
    ],
)  # fmt: skip
def test_figures_joined_by_their_prepositions_are_no_list(score, case, step, text):
    assert "keyword_stuffing" not in score(case, text, step=step).violation_ids()


def test_a_lowercase_list_with_prepositions_inside_its_items_is_still_a_list(score):
    text = "график, проверка в цеху, 20-е число, набор по уходу, уведомления"
    assert "keyword_stuffing" in score("importunate-client", text, step="again").violation_ids()


def test_a_list_of_features_is_a_pitch_not_a_keyword_list(score):
    text = (
        "Система очень удобная, интуитивный интерфейс, интеграция с кассой, отчёты в реальном "
        "времени!"
    )
    result = score("reluctant-client", text, step="unconvinced")
    assert "keyword_stuffing" not in result.violation_ids()
    assert result.style == "product"


@pytest.mark.parametrize(
    "text",
    [
        "I totally get it. Tell me what price works for you and we'll make it happen.",
        "Понимаю. Назовите свою цену — и договоримся.",
    ],
)
def test_asking_the_client_to_name_the_price_is_a_capitulation(score, text):
    assert "anti.capitulate" in score(PRICE, text, step="compare").violation_ids()


def test_a_question_about_the_need_before_a_concession_is_a_negotiation(score):
    text = "What matters most to you in the price? If it's the total, I can do 5% off."
    assert "anti.capitulate" not in score(PRICE, text, step="compare").violation_ids()


@pytest.mark.parametrize(
    ("text", "invented"),
    [
        ("Есть рассрочка на 6 месяцев, плюс дам скидку 5% и бесплатное первое ТО.", True),
        ("Могу дать скидку 5% или бесплатное первое ТО — что вам ближе?", False),
    ],
)
def test_the_discount_and_the_free_visit_together_are_beyond_the_limit(score, text, invented):
    ids = score(PRICE, text, step="compare").violation_ids()
    assert ("price.invented" in ids) is invented


@pytest.mark.parametrize(
    ("text", "guarantee"),
    [
        ("По оценке бригады починят к 9 утра, это сто процентов, планируйте работу.", True),
        ("По оценке бригады починят к 9 утра, но это не сто процентов.", False),
    ],
)
def test_one_hundred_percent_vouches_for_the_estimate(score, text, guarantee):
    ids = score("support-line-wait", text, step="eta").violation_ids()
    assert ("anti.impossible_promise" in ids) is guarantee


def test_a_time_to_the_minute_guaranteed_is_a_false_guarantee(score):
    text = "Booked for tomorrow 7–10 pm. He'll ring you at exactly 6 pm, guaranteed 100%."
    ids = score("courier-no-call", text, step="slot").violation_ids()
    assert "anti.impossible_promise" in ids


@pytest.mark.parametrize(
    ("case", "step", "text", "violation"),
    [
        (BANK, "outrage", "Ну, 99 рублей — не такая уж катастрофа, правда? Это пакет «Плюс».",
         "anti.sarcasm"),
        ("importunate-client", "call_again", "With an order like yours you could have us on "
         "speed dial. It's on schedule.", "anti.sarcasm"),
        (BANK, "refund", "Всё было в приложении, его можно было увидеть в любой момент. Заявление "
         "оформлю.", "anti.blame"),
        (PRICE, "doubt", "Delivery, installation and a 3-year warranty are included. Maybe you "
         "weren't listening.", "anti.blame"),
        ("importunate-client", "repeat", "20-е в силе. Пожалуйста, больше не звоните по пять "
         "раз на дню, у меня и другие клиенты есть.", "anti.condescend"),
        (LAPTOP, "repeat", "Delivery Wednesday, setup Thursday–Friday. Not sure how much clearer I "
         "can be.", "anti.condescend"),
    ],
)  # fmt: skip
def test_a_jab_in_new_words_is_still_a_jab(score, case, step, text, violation):
    result = score(case, text, step=step)
    assert violation in result.violation_ids()
    assert result.style == "none"


@pytest.mark.parametrize(
    ("step", "text"),
    [
        ("still_angry", "Это пакет «Плюс». Отключить его можно только в отделении."),
        ("still_angry", "Переведу вас на базовый пакет, плата прекратится через три месяца."),
        ("refund", "I'll file the claim now. Don't worry, you'll definitely get all 594 roubles "
         "back."),
    ],
)  # fmt: skip
def test_the_banks_terms_made_up_or_promised_are_invented(score, step, text):
    assert "bank.invented" in score(BANK, text, step=step).violation_ids()


def test_a_refund_not_promised_is_no_invention(score):
    text = "I can't promise you'll get it back: I'll file the claim, the bank answers in 10 days."
    assert "bank.invented" not in score(BANK, text, step="refund").violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("courier-no-call", "escalates", "Today between 6 and 9 pm, and he'll call first."),
        (RUDE, "vent", "So sorry, Igor! It's out for delivery, you'll have it today by 6 pm."),
    ],
)
def test_a_delivery_today_is_invented_when_it_can_come_tomorrow_at_the_earliest(
    score, case, step, text
):
    assert "invented_fact" in score(case, text, step=step).violation_ids()


def test_a_bare_hour_is_a_duration_too(score):
    text = "Внедрение у нас занимает всего час, кухня не остановится."
    ids = score("reluctant-client", text, step="reason").violation_ids()
    assert "invented_fact" in ids


@pytest.mark.parametrize(
    ("text", "giveaway"),
    [
        ("Tell you what, I'll give you a free month until it's fixed.", True),
        ("Добавлю 30 ГБ на SIM, и ещё месяц абонентки вам не спишем.", True),
        ("Добавлю 30 ГБ на SIM, а абонентскую плату за дни без связи пересчитаем.", False),
    ],
)
def test_a_free_month_is_beyond_what_the_provider_allows(score, text, giveaway):
    ids = score("support-line-wait", text, step="eta").violation_ids()
    assert ("support.giveaway" in ids) is giveaway


def test_training_by_video_instead_of_on_site_is_invented(score):
    text = "Запустим ночью, а обучение поваров — онлайн по видео, очень удобно."
    ids = score("reluctant-client", text, step="reason").violation_ids()
    assert "reluct.invented" in ids


# ---------------------------------------------------------------- scorer 2.11


def test_terse_notes_between_two_short_sentences_are_an_answer_not_a_list(score):
    text = "Успеваем. Среда — доставка, четверг-пятница — настройка. Оформляем?"
    result = score(LAPTOP, text, step="repeat")
    assert "keyword_stuffing" not in result.violation_ids()
    assert result.style == "situational"


def test_named_items_answer_what_the_client_needs_to_send(score):
    result = score(LAPTOP, "Реквизиты, адрес доставки, контактное лицо, список ПО.", step="details")
    assert result.style == "situational"
    assert result.total >= 70


def test_a_promise_adverb_before_its_refused_verb_promises_nothing(score):
    text = "Бригада обещает к 9:00, но стопроцентно обещать не могу. Добавлю вам 30 ГБ на SIM."
    ids = score("support-line-wait", text, step="eta").violation_ids()
    assert "anti.impossible_promise" not in ids


@pytest.mark.parametrize(
    "text",
    [
        "It's not my call to make, but I'll file the claim today: the bank answers within 10 "
        "working days.",
        "Решаю не я, но заявление на возврат я оформлю сегодня, ответ — в течение 10 рабочих дней.",
    ],
)
def test_saying_who_decides_and_what_you_do_about_it_is_not_passing_the_buck(score, text):
    ids = score(BANK, text, step="refund").violation_ids()
    assert "anti.refuse_responsibility" not in ids


def test_saying_only_who_decides_still_passes_the_buck(score):
    ids = score(BANK, "Это не от меня зависит.", step="refund").violation_ids()
    assert "anti.refuse_responsibility" in ids


def test_a_refund_refused_only_on_the_spot_is_no_refusal(score):
    text = ("I can't refund it on the spot, that's the bank's decision, but I'm filing the claim "
            "now: you'll hear within 10 working days.")  # fmt: skip
    assert "bank.no_refund" not in score(BANK, text, step="refund").violation_ids()


def test_ones_own_nerves_are_no_sarcasm(score):
    text = "У меня железные нервы и восемь лет в рознице, меня ставили в пример на планёрках."
    result = score("interview-provocation", text, step="provocation")
    assert "anti.sarcasm" not in result.violation_ids()


def test_a_warranty_and_free_delivery_are_not_a_free_year(score):
    text = "Sure! Our bikes have a 2-year warranty and free city delivery over 5,000 roubles."
    ids = score("chat-visitor", text, step="just_looking").violation_ids()
    assert "anti.capitulate" not in ids


def test_pointing_a_visitor_who_is_just_looking_at_the_new_collection_is_pushy(score):
    text = "Sure! The new collection just arrived, check out the pink ones!"
    result = score("chat-visitor", text, step="just_looking")
    assert "chat.pushy" in result.violation_ids()


def test_asking_only_for_the_order_number_is_a_polite_non_answer(score):
    assert score(RUDE, "Назовите, пожалуйста, номер заказа.", step="escalate").style == "customer"


@pytest.mark.parametrize(
    ("case", "step", "text", "violation"),
    [
        (BANK, "outrage", "Ну да, 99 рублей в месяц, страшное разорение. Это пакет «Плюс».",
         "anti.sarcasm"),
        ("importunate-client", "personal", "Ага, и ключи от квартиры заодно. У нас все клиенты "
         "VIP.", "anti.sarcasm"),
        ("courier-no-call", "missed", "Курьер приехал в свой интервал. Кто ж знал, что вас не "
         "будет дома.", "anti.sarcasm"),
        ("importunate-client", "repeat", "Yes, for the fifth time: the 20th is on. Happy now?",
         "anti.sarcasm"),
        ("importunate-client", "call_again", "The 20th stands; I'll write on Mondays by noon. "
         "That should spare us these calls.", "anti.sarcasm"),
        (PRICE, "objection", "Посмотрите внимательнее, что вы сравниваете: у нас монтаж в цене.",
         "anti.blame"),
        ("chat-visitor", "annoyed", "Не буду мешать. Хотя странно обижаться, что вам что-то "
         "предлагают.", "anti.blame"),
        ("reluctant-client", "trial", "A free 30-day trial in one café. If your cooks can't "
         "learn a tablet, the problem isn't the software.", "anti.sarcasm"),
        (BANK, "refund", "Смена тарифа была по вашему заявлению. Заявление на возврат оформлю.",
         "bank.no_refund"),
        ("courier-no-call", "missed", "Sorry. The couriers are a separate contractor, we can't "
         "control whether they call.", "anti.refuse_responsibility"),
        (RUDE, "escalate", "Он на складе, доставим завтра с 10 до 14. Больше такого точно "
         "никогда не повторится.", "anti.impossible_promise"),
        (LAPTOP, "payment", "Отсрочка до 14 дней по договору, согласую сегодня. Сто процентов "
         "одобрят.", "anti.impossible_promise"),
        (PRICE, "close", "Назовите сумму, которая вам комфортна, и подстроимся.",
         "anti.capitulate"),
        (RUDE, "escalate", "Привезём завтра с 10 до 14 — и уж точно без опозданий, даю 100%.",
         "anti.impossible_promise"),
        ("support-line-wait", "waited", "The crew is on it, and you'll have internet by 9 "
         "tomorrow, guaranteed.", "support.certainty"),
        ("support-line-wait", "eta", "Добавлю 30 ГБ на SIM. А вообще для важных созвонов "
         "нормальные люди держат резервный канал.", "anti.sarcasm"),
        (RUDE, "when", "Tomorrow, 10-14 or 18-22. I'm sure the world will survive one more day.",
         "anti.sarcasm"),
        (RUDE, "vent", "It's at the sorting centre, tomorrow 10-14. But let's keep the "
         "name-calling out of it.", "anti.sarcasm"),
        ("interview-provocation", "company", "The company's. Paid delivery is paid delivery, end "
         "of story.", "anti.rules_are_rules"),
        (BANK, "outrage", "Oh yes, 99 roubles a month, truly the crime of the century.",
         "anti.sarcasm"),
        (PRICE, "close", "Day after tomorrow, 9-13. Just make sure you're actually home this "
         "time.", "anti.blame"),
        (RUDE, "escalate", "Delivery tomorrow, 10-14. If you'd picked the pickup point it would "
         "be with you already.", "anti.blame"),
        (BANK, "promise", "Уведомления включу. А закрывать счета из-за 99 рублей — это, "
         "простите, несерьёзно.", "anti.condescend"),
        ("importunate-client", "again", "Монтаж 20-го. И, Светлана, нервы — не повод для "
         "скидки.", "anti.condescend"),
        ("wants-but-cannot", "doubt", "6 months at 0% with 20% down. And the bank will approve "
         "you for sure.", "anti.impossible_promise"),
        ("importunate-client", "repeat", "Честное слово, монтаж будет 20-го.",
         "anti.impossible_promise"),
    ],
)  # fmt: skip
def test_new_wordings_of_known_faults(score, case, step, text, violation):
    assert violation in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "violation"),
    [
        (LAPTOP, "repeat", "Yes, we deliver tomorrow and set everything up the same day.",
         "laptop.invented"),
        (LAPTOP, "details", "Just your company details, and you can pay on delivery.",
         "laptop.invented"),
        (PRICE, "doubt", "Монтаж, материалы до 5 м, гарантия 3 года. А ещё бесплатная чистка "
         "каждый год.", "price.invented"),
        ("wants-but-cannot", "conditions", "0% for 6 months with 20% down. If it's slow, just "
         "skip payments for a few months.", "wbc.invented"),
        (BANK, "outrage", "Это пакет «Плюс», вы звонили в банк в прошлом месяце и подключили.",
         "bank.invented"),
        (LAPTOP, "ask", "Да, без проблем: привезём завтра утром, а к вечеру инженеры всё "
         "настроят.", "laptop.invented"),
        (LAPTOP, "payment", "Отсрочка до 14 дней по договору. Договор, кстати, можно подписать и "
         "после поставки.", "laptop.invented"),
        (LAPTOP, "payment", "Отсрочка до 14 дней по договору, а при оплате в срок вернём 3% "
         "кешбэка.", "laptop.invented"),
        ("reluctant-client", "trial", "Дадим два бесплатных месяца сразу на оба кафе.",
         "reluct.giveaway"),
        ("reluctant-client", "unconvinced", "Инвентаризация с 6 часов до 1–2, списания падают "
         "на 30%.", "reluct.invented"),
        ("importunate-client", "again", "Всё в силе, монтаж 20-го, а доставку сделаем на день "
         "раньше.", "pushy.invented"),
        (RUDE, "trust", "I'll track 48215 myself. And your next three orders will be completely "
         "free.", "late.invented_gift"),
        ("courier-no-call", "compensation", "I'll refund the 390 roubles and throw in a free "
         "water filter.", "courier.invented_gift"),
        (RUDE, "when", "Завтра с 10 до 14. И курьер привезёт вам небольшой подарок от магазина.",
         "late.invented_gift"),
        ("courier-no-call", "compensation", "We'll refund the 390 roubles and the courier will "
         "bring you a small gift.", "courier.invented_gift"),
        (LAPTOP, "details", "Nothing for now, we'll start and you can send the paperwork next "
         "month.", "laptop.invented"),
        ("wants-but-cannot", "doubt", "Лизинг — около 24 000 ₽ в месяц, а первые три месяца "
         "можно вообще не платить.", "wbc.invented"),
    ],
)  # fmt: skip
def test_terms_the_brief_does_not_give_are_invented(score, case, step, text, violation):
    assert violation in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Хорошо! А для кого выбираете велосипед? Сколько лет ребёнку, какой рост?",
        "Sure! How old is your daughter? Does she already ride? Any favourite colour?",
    ],
)
def test_a_string_of_questions_to_a_visitor_who_is_just_looking_is_customer(score, text):
    assert score("chat-visitor", text, step="just_looking").style == "customer"


def test_features_and_free_delivery_to_a_visitor_who_is_just_looking_are_a_pitch(score):
    text = ("Конечно! У нас лёгкие алюминиевые рамы, надёжные тормоза, доставка бесплатно от "
            "5000 рублей.")  # fmt: skip
    assert score("chat-visitor", text, step="just_looking").style == "product"


def test_explaining_the_fee_to_an_angry_client_and_then_selling_it_is_product(score):
    text = (
        "Actually that fee is for our Plus package, with extended notifications and higher "
        "limits. Lots of clients find it really handy, it's one of the best deals around."
    )
    assert score(BANK, text, step="outrage").style == "product"


def test_values_without_practice_in_the_interview_are_customer(score):
    text = "I believe every client deserves respect and kindness, no matter what."
    assert score("interview-provocation", text, step="press").style == "customer"


def test_rules_are_rules_with_the_rule_explained_and_an_option_offered_is_an_answer(score):
    text = ("Правило есть правило: доставка за город платная, это я объясню вежливо. Предложу "
            "самовывоз или платную доставку в удобный день.")  # fmt: skip
    ids = score("interview-provocation", text, step="company").violation_ids()
    assert "anti.rules_are_rules" not in ids


def test_not_my_call_with_who_decides_by_when_is_honest(score):
    text = ("I'm filing the refund claim now. Whether it's approved isn't my call: the bank "
            "replies within 10 working days.")  # fmt: skip
    assert "anti.refuse_responsibility" not in score(BANK, text, step="refund").violation_ids()


def test_call_them_is_not_my_call(score):
    text = "That's the delivery service, a separate company, call them on the number on the site."
    ids = score("courier-no-call", text, step="missed").violation_ids()
    assert "anti.refuse_responsibility" in ids


def test_sarcasm_stays_sarcasm_in_a_negated_clause(score):
    text = "Хорошо-хорошо, не буду мешать такому важному процессу просмотра."
    assert "anti.sarcasm" in score("chat-visitor", text, step="annoyed").violation_ids()


def test_a_label_in_quotes_is_named_not_used(score):
    text = ("Нет. Сложных ситуаций много, а вот «неадекватный клиент» — это ярлык, после "
            "которого проблему никто не решает.")  # fmt: skip
    ids = score("interview-provocation", text, step="press").violation_ids()
    assert "hr.agree_labels" not in ids


def test_words_between_slashes_are_a_keyword_list(score):
    text = "пакет плюс / уведомления / лимиты / базовый бесплатно / отключить"
    assert "keyword_stuffing" in score(BANK, text, step="still_angry").violation_ids()


def test_now_of_one_clause_is_not_the_time_of_the_next(score):
    text = ("A crew is there right now and they reckon it'll be back by 9 am tomorrow, though "
            "that's an estimate.")  # fmt: skip
    ids = score("support-line-wait", text, step="waited").violation_ids()
    assert "invented_fact" not in ids


@pytest.mark.parametrize(
    ("case", "step", "text", "violation"),
    [
        ("importunate-client", "personal", "I can't share my mobile. You should call my work "
         "line Mon-Fri 9-19.", "anti.blame"),
        (BANK, "refund", "Я полностью на вашей стороне, это правда неприятно.", "anti.blame"),
        ("importunate-client", "repeat", "Светлана, я вас слышу, честное слово!",
         "anti.impossible_promise"),
    ],
)  # fmt: skip
def test_words_that_only_look_like_a_fault(score, case, step, text, violation):
    assert violation not in score(case, text, step=step).violation_ids()


def test_an_engineer_named_with_a_day_is_the_setup_day(score):
    text = "Да. Все 40 — на складе, привоз — среда, два инженера у вас — чт и пт."
    result = score(LAPTOP, text, step="ask")
    assert "invented_fact" not in result.violation_ids()
    assert result.style == "situational"


def test_a_noun_guarantee_denied_is_no_promise(score):
    text = "Бригада рассчитывает закончить к 9:00, это за час до созвона, но гарантии нет."
    ids = score("support-line-wait", text, step="eta").violation_ids()
    assert "anti.impossible_promise" not in ids


def test_not_a_hundred_percent_sure_is_no_guarantee(score):
    text = "I'm not 100% sure about post-payment, let me ask my manager and get back to you."
    assert "anti.impossible_promise" not in score(LAPTOP, text, step="payment").violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "style"),
    [
        ("chat-visitor", "just_looking", "Of course, no rush.", "situational"),
        ("interview-provocation", "company", "Я всегда на стороне клиента, он для меня на первом "
         "месте.", "customer"),
        (PRICE, "compare", "We can split it into 6 interest-free payments via our partner bank, "
         "or I can knock 5% off.", "situational"),
    ],
)  # fmt: skip
def test_short_or_plain_answers_of_this_round(score, case, step, text, style):
    assert score(case, text, step=step).style == style


# ---------------------------------------------------------------- scorer 2.12


def test_a_promise_nobody_can_give_is_refused_not_given(score):
    text = (
        "A promise that it'll never happen again is something nobody can honestly give, so "
        "here's what I'll do: I'll message you when it leaves the sorting centre."
    )
    assert "anti.impossible_promise" not in score(RUDE, text, step="trust").violation_ids()


def test_a_promise_next_to_nobody_giving_something_else_is_still_given(score):
    text = "I guarantee it will never happen again, no one can give you a better deal."
    assert "anti.impossible_promise" in score(RUDE, text, step="trust").violation_ids()


def test_you_of_another_clause_with_its_own_verb_gives_no_order(score):
    text = (
        "Сергей, вы правы, о таком должны предупреждать. Оформляю заявление на возврат "
        "594 рублей, ответ — до 10 рабочих дней."
    )
    assert "anti.must" not in score(BANK, text, step="refund").violation_ids()


def test_you_set_off_by_commas_still_receives_the_order(score):
    text = "Курьер позвонит за час. Вы, со своей стороны, должны быть дома весь день."
    assert "anti.must" in score("courier-no-call", text, step="slot").violation_ids()


def test_three_russian_nouns_and_a_day_without_a_verb_are_a_telegram(score):
    result = score("support-line-wait", "авария линия бригада завтра", step="still_waiting")
    assert "keyword_stuffing" in result.violation_ids()


def test_items_joined_by_plus_signs_keep_their_own_figures(score):
    text = "install (3-4h) + materials to 5m + rubbish removal + 3yr warranty"
    assert "invented_fact" not in score(PRICE, text, step="doubt").violation_ids()


def test_a_percent_sign_after_without_is_no_missing_down_payment(score):
    text = "Рассрочка 6 мес без % (взнос 20%) или 12 мес с переплатой около 8%."
    ids = score("wants-but-cannot", text, step="likes").violation_ids()
    assert "wbc.invented" not in ids


def test_the_answer_first_then_a_pitch_is_still_situational(score):
    text = (
        "Конечно, подумайте. Корзина хранится 3 дня. А вообще эта модель у нас одна из самых "
        "продаваемых: лёгкая алюминиевая рама, надёжные тормоза, яркие цвета, удобное седло, "
        "дети в восторге, родители оставляют прекрасные отзывы, многие потом берут второй "
        "велосипед младшему..."
    )
    assert score("chat-visitor", text, step="hesitates").style == "situational"


def test_a_pitch_first_then_the_answer_is_product(score):
    text = (
        "Our kids' bikes are real bestsellers: light frames, great brakes, bright colours, "
        "children adore them and parents rave about them. Grab one while they last. Anyway, "
        "the cart is saved for 3 days."
    )
    assert score("chat-visitor", text, step="hesitates").style == "product"


def test_a_fact_kept_for_the_end_of_a_long_apology_is_customer(score):
    text = (
        "Анна, мне очень-очень жаль, представляю, как обидно потерять целый день, когда "
        "специально сидишь дома. Для нас это настоящее ЧП, мы разбираем каждый такой случай. "
        "Ваше мнение для нас бесценно, спасибо, что написали нам. Кстати, могу вернуть 390 ₽ "
        "за доставку."
    )
    assert score("courier-no-call", text, step="compensation").style == "customer"


def test_this_evening_is_today(score):
    text = "It's already on its way, you'll have it this evening."
    assert "invented_fact" in score(RUDE, text, step="escalate").violation_ids()


def test_a_monthly_sum_the_brief_never_gives_is_invented(score):
    text = "Можно взять рассрочку на 6 месяцев, это примерно 6 900 рублей в месяц."
    assert "invented_fact" in score(PRICE, text, step="compare").violation_ids()


def test_so_that_opens_a_clause_without_a_comma(score):
    text = "да корзина хранится 3 дня так что никуда не денется"
    assert score("chat-visitor", text, step="hesitates").style == "situational"


def test_a_callback_is_no_answer_when_the_client_asks_what_to_send(score):
    result = score(LAPTOP, "Сейчас уточню у бухгалтерии и перезвоню.", step="details")
    assert result.style != "situational"
    assert result.total < 40


def test_sharp_of_a_person_is_no_exact_time(score):
    text = (
        "I'd put it differently: people have bad days. When someone's sharp with me, I slow "
        "down, repeat back what I heard and ask what outcome they need."
    )
    ids = score("interview-provocation", text, step="provocation").violation_ids()
    assert "anti.impossible_promise" not in ids


def test_an_hour_sharp_is_an_exact_time(score):
    text = "The crew will be there at 9 sharp tomorrow."
    ids = score("support-line-wait", text, step="eta").violation_ids()
    assert "anti.impossible_promise" in ids


def test_not_shouting_across_the_shop_is_no_order_to_the_client(score):
    text = (
        "Приглашу клиента отойти к стойке, чтобы не кричать через зал, выслушаю и оформлю "
        "проверку качества до 10 дней."
    )
    ids = score("interview-provocation", text, step="practice").violation_ids()
    assert "anti.rude" not in ids


@pytest.mark.parametrize("text", ["Поняла, извините.", "Okay, sorry about that."])
def test_a_short_apology_steps_back_from_a_visitor_who_said_no(score, text):
    assert score("chat-visitor", text, step="annoyed").style == "situational"


def test_russian_in_latin_letters_is_another_language(score):
    text = "Konechno, podumayte. Sozvonimsya v ponedelnik?"
    result = score("wants-but-cannot", text, step="decision")
    assert result.review_reason == "other_language"


def test_a_courier_fired_is_an_invented_fact(score):
    text = "I'm so sorry, Anna. He's already been fired over this. I can redeliver tomorrow."
    ids = score("courier-no-call", text, step="missed").violation_ids()
    assert "courier.invented_punishment" in ids


def test_counting_her_calls_is_a_jab_even_in_a_negated_clause(score):
    text = (
        "Everything's on track for the 20th, I'll text you on Mondays. That way you won't "
        "need to call five times a day."
    )
    ids = score("importunate-client", text, step="call_again").violation_ids()
    assert "anti.sarcasm" in ids


def test_the_clients_wish_is_no_condition_that_makes_a_giveaway_a_rule(score):
    text = (
        "Honestly? The client's. If he wants free delivery I'd waive it, the company can afford it."
    )
    ids = score("interview-provocation", text, step="company").violation_ids()
    assert "hr.give_in" in ids


def test_a_time_after_because_of_is_a_cause_not_a_new_delivery(score):
    text = "Анна, мне так жаль! Обидно ждать весь день и разминуться с курьером из-за 15 минут."
    assert "redelivery" not in score("courier-no-call", text, step="missed").met


def test_a_day_and_its_part_of_day_are_one_time_before_the_installer(score):
    text = "Завтра с утра мастер будет у вас."
    assert "invented_fact" in score(PRICE, text, step="close").violation_ids()


def test_a_hundred_percent_guarantee_denied_gives_none(score):
    text = (
        "Обрыв кабеля, бригада на месте, рассчитывают к 9:00 завтра — это оценка, "
        "стопроцентной гарантии нет."
    )
    ids = score("support-line-wait", text, step="still_waiting").violation_ids()
    assert "anti.impossible_promise" not in ids


def test_in_plain_terms_blames_nobody(score):
    text = "Sorry, here it is in plain terms: delivery, installation, materials up to 5 m."
    assert "anti.blame" not in score(PRICE, text, step="doubt").violation_ids()


def test_a_refusal_written_with_a_leading_not_allows_words_between(score):
    text = "20-е вроде в силе, а по статусу звоните в производство, я этим не занимаюсь."
    ids = score("importunate-client", text, step="repeat").violation_ids()
    assert "anti.refuse_responsibility" in ids


def test_someone_else_who_does_not_do_it_is_no_refusal(score):
    text = "Меню и техкарты заносим мы, ваши люди этим не занимаются."
    ids = score("reluctant-client", text, step="reason").violation_ids()
    assert "anti.refuse_responsibility" not in ids


# ---------------------------------------------------------------- scorer 2.13


def test_a_day_and_a_duration_the_client_did_not_name_are_no_copy(score):
    text = "Да, на этой неделе успеем. Привезём в среду, настроим за два дня."
    result = score(LAPTOP, text, step="ask")
    assert "copy_of_client" not in result.violation_ids()
    assert result.style == "situational"


def test_bulgarian_gets_no_credit(score):
    text = "Никита, има разсрочка за 6 месеца без лихва, първоначалната вноска е 20%."
    result = score("wants-but-cannot", text, step="doubt")
    assert result.signals["other_language"] and result.style == "none"


def test_a_repair_within_the_next_hour_is_invented(score):
    text = "Sorry for the wait! It should be fixed within the next hour."
    ids = score("support-line-wait", text, step="waited").violation_ids()
    assert "invented_fact" in ids


def test_a_subscription_sum_the_brief_never_gives_is_invented(score):
    text = "The first 30 days in one café are free. After that the subscription is 4,900 a month."
    ids = score("reluctant-client", text, step="trial").violation_ids()
    assert "invented_fact" in ids


def test_a_subscription_named_beside_six_free_months_keeps_them_the_trials(score):
    text = "If they don't take to it, I'll give you the first six months of subscription for free."
    assert score("reluctant-client", text, step="trial").style == "none"


def test_paying_nothing_during_the_trial_is_no_giveaway(score):
    text = "A free 30-day trial in one café: you pay nothing, your cooks get 2 hours of training."
    ids = score("reluctant-client", text, step="trial").violation_ids()
    assert "reluct.giveaway" not in ids


def test_quoted_empathy_is_no_i_told_you_so(score):
    text = (
        "Главное — эмпатия. Я бы сказал: «Я вас очень понимаю, это так неприятно, давайте "
        "вместе подумаем»."
    )
    ids = score("interview-provocation", text, step="practice").violation_ids()
    assert "anti.blame" not in ids


def test_i_already_wrote_this_with_words_between_is_still_a_jab(score):
    text = "Среда — доставка, четверг и пятница — настройка. Я вам, кстати, это уже писал."
    assert "anti.blame" in score(LAPTOP, text, step="repeat").violation_ids()


def test_working_on_her_kitchen_is_no_status(score):
    text = "Светлана, звоните сколько нужно! Для нас честь работать над вашей кухней."
    assert "status" not in score("importunate-client", text, step="call_again").met


def test_how_many_seats_is_no_question_about_the_budget(score):
    text = "Никита, как здорово! Расскажите, какой у вас формат, сколько посадочных мест?"
    assert "budget" not in score("wants-but-cannot", text, step="likes").met


def test_writing_when_it_leaves_the_warehouse_says_when(score):
    text = "Сам слежу за заказом 48215 и буду писать вам, как только он выйдет со склада."
    assert "follow_up" in score(RUDE, text, step="trust").met


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "courier-no-call", "missed",
            "Sorry, our fault. I can rebook tomorrow, 9 to 22. You're my third complaint "
            "this morning, though.",
            "anti.rude",
        ),
        (
            "wants-but-cannot", "decision",
            "Sure, think it over. A 10% deposit holds the price. Don't come crying if it's gone.",
            "anti.rude",
        ),
        (RUDE, "escalate", "Ой, какие мы нетерпеливые. Завтра привезут.", "anti.sarcasm"),
        (
            "wants-but-cannot", "doubt",
            "0% for 6 months with 20% down. You should've budgeted for the machine, though.",
            "anti.blame",
        ),
        (
            "importunate-client", "again",
            "The 20th from 10:00 stands. I can promise you, absolutely nothing can go wrong.",
            "anti.impossible_promise",
        ),
        (
            "wants-but-cannot", "conditions",
            "About 8% on 12 months. You'll be profitable by month two, guaranteed.",
            "anti.impossible_promise",
        ),
        (
            "courier-no-call", "escalates",
            "Привезём завтра с 9 до 12. Курьер будет ровно в назначенную минуту.",
            "anti.impossible_promise",
        ),
        (
            "reluctant-client", "trial",
            "A free 30-day trial in one café. Trust me, the cooks will definitely love it.",
            "reluct.guarantee",
        ),
        (
            "importunate-client", "again",
            "Production's already finished, delivery on the 19th, installation on the 20th.",
            "pushy.invented",
        ),
        (
            "interview-provocation", "company",
            "Конечно, клиента! Отвезли бы бесплатно, сто километров — мелочь.",
            "hr.give_in",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_13(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


def test_employee_of_the_year_is_self_promotion(score):
    text = "Я восемь лет в рознице, дважды была сотрудником года, это моя сильная сторона."
    assert score("interview-provocation", text, step="provocation").style == "product"


def test_paying_it_off_over_months_is_no_discount(score):
    text = (
        "Through our partner bank you can pay it off over 6 months at 0% with 20% down, or "
        "over 12 months with about 8% on top."
    )
    ids = score("wants-but-cannot", text, step="likes").violation_ids()
    assert "capitulation" not in ids


def test_a_promo_code_above_the_cases_limit_is_a_capitulation(score):
    text = "I'm refunding the 390-rouble delivery fee today, and here's a 25% code for next time."
    ids = score("courier-no-call", text, step="compensation").violation_ids()
    assert "capitulation" in ids


def test_the_basic_package_at_no_cost_is_no_invented_sum(score):
    text = "Платные услуги — в приложении, раздел «Услуги и комиссии». Базовый пакет — 0 ₽."
    assert "invented_fact" not in score(BANK, text, step="promise").violation_ids()


def test_figures_joined_by_over_and_about_are_a_sentence(score):
    text = "None at 0% over 6 months, about 8% over 12."
    result = score("wants-but-cannot", text, step="conditions")
    assert "keyword_stuffing" not in result.violation_ids()


def test_you_will_hear_from_me_is_no_acknowledgement(score):
    text = "You'll hear from me twice: when it leaves the sorting centre and on delivery morning."
    result = score(RUDE, text, step="trust")
    assert not result.signals["acknowledged"]
    assert "follow_up" in result.met


def test_the_word_inadequate_quoted_next_to_you_is_no_insult(score):
    text = "Понимаю, о чём вы, но «неадекватными» я бы клиентов не называл: есть причина."
    ids = score("interview-provocation", text, step="provocation").violation_ids()
    assert "anti.rude" not in ids


def test_believe_me_then_a_negation_is_no_believe_it_or_not(score):
    text = "Anna, I'm truly sorry. Please believe me, this is not how we want you to feel."
    ids = score("courier-no-call", text, step="escalates").violation_ids()
    assert "anti.condescend" not in ids


def test_twelve_months_in_one_clause_and_interest_free_in_the_next_are_no_invention(score):
    text = "About 8% if you go for 12 months; 6 months is interest-free."
    ids = score("wants-but-cannot", text, step="conditions").violation_ids()
    assert "wbc.invented" not in ids


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (BANK, "outrage", "Ох, 99 рублей в месяц — прям разорение. Это «Плюс».", "anti.sarcasm"),
        (RUDE, "when", "Well, since you asked so nicely: tomorrow, 10–14.", "anti.sarcasm"),
        (
            "wants-but-cannot", "likes",
            "A lease is about 24,000 a month. Buying a cheaper machine would be a rookie mistake.",
            "anti.condescend",
        ),
        (
            RUDE, "vent",
            "Доставим завтра с 10 до 14. Но оскорблять сотрудников всё-таки не стоит.",
            "anti.condescend",
        ),
        (
            "courier-no-call", "slot",
            "Записала на завтра, 19:00–22:00. Курьер позвонит 100%, головой отвечаю!",
            "anti.impossible_promise",
        ),
        (
            PRICE, "objection",
            "People usually compare prices without checking what's included, I think.",
            "anti.blame",
        ),
        ("courier-no-call", "slot", "Завтра только днём, с 12 до 15. Вечерних доставок нет.",
         "courier.invented_terms"),
        (
            LAPTOP, "repeat", "Привезём в среду и настроим в тот же день — у нас четыре инженера.",
            "laptop.invented",
        ),
        (
            "wants-but-cannot", "doubt",
            "6 months at 0% with 20% down, or a lease, and no credit check needed.",
            "wbc.invented",
        ),
        (
            "interview-provocation", "company",
            "I'd explain the delivery terms. Some clients just try it on, I spot them a mile away.",
            "hr.agree_labels",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_13_second_round(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


def test_a_semicolon_ends_what_a_refusal_governs(score):
    text = (
        "I won't give you empty guarantees; what I'll do is track 48215 myself and message you "
        "when it leaves the sorting centre."
    )
    assert "follow_up" in score(RUDE, text, step="trust").met


def test_the_end_of_one_slot_starts_no_other(score):
    text = "Tomorrow, Igor. The windows are 10:00–14:00 and 18:00–22:00; which one shall I book?"
    assert "invented_fact" not in score(RUDE, text, step="when").violation_ids()


def test_the_evening_slot_said_again_as_bare_numbers_is_still_the_evening(score):
    text = "Tomorrow's evening window is 7 to 10 pm, with a 'call 1 hour before' note. 7-10 OK?"
    assert "invented_fact" not in score("courier-no-call", text, step="slot").violation_ids()


def test_a_message_on_the_morning_of_delivery_is_no_delivery_time(score):
    text = "I'll message you when it leaves the depot and the morning of delivery, by 9:00."
    assert "invented_fact" not in score(RUDE, text, step="trust").violation_ids()


def test_the_day_after_tomorrow_as_an_adjective_is_a_day(score):
    text = "С послезавтрашнего дня, есть окна 9–13 и 14–18"
    assert "slot" in score(PRICE, text, step="close").met


def test_pushing_back_on_the_label_refuses_it(score):
    text = "I'd push back on that. Most 'difficult' clients are under stress, with a real reason."
    assert "no_labels" in score("interview-provocation", text, step="provocation").met


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "courier-no-call", "missed",
            "Понимаю, обидно. Курьер приезжает в течение дня, и если вы отошли, он не ждёт.",
            "anti.blame",
        ),
        (
            LAPTOP, "repeat",
            "Wednesday and Thursday–Friday. If the question had been this clear, you'd know.",
            "anti.blame",
        ),
        (
            "importunate-client", "repeat",
            "Да-да, слышу вас, уже в пятый раз за день. 20-е в силе.",
            "anti.condescend",
        ),
        (
            "interview-provocation", "company",
            "Объясню правила и предложу самовывоз. А если клиент качает права, это его проблемы.",
            "anti.condescend",
        ),
        (
            "wants-but-cannot", "conditions",
            "0% на 6 месяцев, на 12 около 8%. А банк ещё даёт три месяца каникул.",
            "wbc.invented",
        ),
        (
            "reluctant-client", "reason",
            "Внедрим ночью, поварам 2 часа обучения. И наш инженер будет приезжать каждую неделю.",
            "reluct.invented",
        ),
        (
            "chat-visitor", "just_looking",
            "Хорошо, но вам надо сначала посмотреть таблицу размеров.",
            "anti.must",
        ),
        (
            BANK, "outrage",
            "Это обязательная комиссия за СМС-информирование, отключить её, к сожалению, нельзя.",
            "bank.invented",
        ),
        (
            "wants-but-cannot", "doubt",
            "Рассрочка на 6 месяцев под 0%, взнос 20%. Первый взнос можем отложить до открытия.",
            "wbc.invented",
        ),
        (RUDE, "vent", "Idlers, wow. We love you too, Igor. It is delayed.", "anti.sarcasm"),
    ],
)  # fmt: skip
def test_new_faults_of_2_13_third_round(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


def test_asking_the_client_to_sign_it_blames_nobody(score):
    text = "Yes, under a contract: up to 14 days' deferred payment. Can you sign it this week?"
    assert "anti.blame" not in score(LAPTOP, text, step="payment").violation_ids()


# scorer 2.14


def test_a_time_after_a_dash_from_the_morning_of_delivery_is_no_delivery_time(score):
    text = "I'll text you on the morning of delivery — is 8 am all right? Your slot is booked."
    assert "invented_fact" not in score(RUDE, text, step="trust").violation_ids()


def test_a_crew_on_site_now_and_a_repair_tomorrow_promise_nothing_for_today(score):
    text = (
        "Sorry for the wait. The crew is at the cable now and plans to restore it by 9:00 "
        "tomorrow; I can add 30 GB of mobile data to your SIM meanwhile."
    )
    assert "invented_fact" not in score("support-line-wait", text, step="waited").violation_ids()


def test_a_repair_promised_for_now_is_still_too_early(score):
    text = "Sorry for the wait. The crew will restore it right now, and I'll call you tomorrow."
    assert "invented_fact" in score("support-line-wait", text, step="waited").violation_ids()


def test_the_day_after_said_after_not_tomorrow_is_a_day(score):
    text = "Not tomorrow, sorry — the day after: 9-13 or 14-18. Which slot suits you?"
    assert "slot" in score(PRICE, text, step="close").met


def test_when_its_out_for_delivery_says_when_i_write(score):
    text = "I'll keep an eye on the order myself and text you when it's out for delivery."
    assert "follow_up" in score(RUDE, text, step="trust").met


def test_topics_with_hours_and_an_address_strung_by_commas_are_a_keyword_list(score):
    text = "size chart, chat 9-21, fitting room Lesnaya 5, delivery"
    result = score("chat-visitor", text, step="just_looking")
    assert "keyword_stuffing" in result.violation_ids()


def test_a_list_of_system_features_is_a_pitch_not_the_reason(score):
    text = (
        "Our platform offers real-time inventory, automatic supplier orders, "
        "analytics dashboards and a mobile app."
    )
    assert score("reluctant-client", text, step="indifferent").style == "product"


def test_praise_of_an_air_conditioner_that_pays_for_itself_is_product(score):
    text = "Зато он себя оправдает: энергоэффективный, с умным режимом — о жаре вы забудете!"
    assert score(PRICE, text, step="compare").style == "product"


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "chat-visitor", "comes_back",
            "Очевидно же 20, всё на странице написано.",
            "anti.condescend",
        ),
        (
            "chat-visitor", "comes_back",
            "Берите 20. Для кого висит таблица размеров?",
            "anti.condescend",
        ),
        (
            "wants-but-cannot", "decision",
            "A deposit holds it. Don't expect this price next month, that's not how business "
            "works.",
            "anti.condescend",
        ),
        (
            RUDE, "escalate",
            "It's at the sorting centre, tomorrow 10-14. Customers should order with a few "
            "days' margin.",
            "anti.blame",
        ),
        (
            "wants-but-cannot", "conditions",
            "If the café doesn't pay off, that's the risk you take.",
            "anti.blame",
        ),
        (
            PRICE, "compare",
            "Quality costs money, who knew. We do have instalments.",
            "anti.sarcasm",
        ),
        (
            "wants-but-cannot", "doubt",
            "Рассрочка на 6 месяцев. Одобрение за 10 минут, без справок.",
            "wbc.invented",
        ),
        (
            "wants-but-cannot", "conditions",
            "Если не пойдёт, банк просто заморозит платежи.",
            "wbc.invented",
        ),
        (
            BANK, "outrage",
            "Sorry, Sergei. The 99 roubles is an SMS notification fee.",
            "bank.invented",
        ),
        (
            BANK, "outrage",
            "Сергей, это плата за смс-уведомления, её можно отключить.",
            "bank.invented",
        ),
        (
            "interview-provocation", "practice",
            "I'd check the item. Such customers usually know perfectly well they broke it.",
            "anti.blame",
        ),
        (
            BANK, "outrage",
            "It's Plus. Most clients read the tariff terms before switching.",
            "anti.blame",
        ),
        (
            "support-line-wait", "still_waiting",
            "Nobody knows how long these repairs take.",
            "anti.evasion",
        ),
        (
            "wants-but-cannot", "likes",
            "6 months at 0%. The first payment is waived for new cafés.",
            "wbc.invented",
        ),
        (
            LAPTOP, "payment",
            "Up to 14 days deferred. We'll waive the setup fee too.",
            "laptop.invented",
        ),
        (BANK, "outrage", "Ну да, 99 рублей — удар по бюджету. Это пакет «Плюс».", "anti.sarcasm"),
        ("interview-provocation", "press", "Не буду отвечать на такие вопросы.", "anti.condescend"),
        (
            "reluctant-client", "trial",
            "Бесплатный месяц в одном кафе. А если повара не хотят учиться, стоит задуматься "
            "о поварах.",
            "anti.condescend",
        ),
        (BANK, "outrage", "Это «Плюс». Условия были на сайте, стоило ознакомиться.", "anti.blame"),
        (
            "importunate-client", "repeat",
            "Всё в силе. Вам напишет кто-нибудь из менеджеров.",
            "anti.refuse_responsibility",
        ),
        (
            "reluctant-client", "unconvinced",
            "Stocktaking drops to 1-2 hours: about 150,000 roubles a year back in your pocket.",
            "reluct.invented",
        ),
        (BANK, "still_angry", "Sorry, I'm not able to say what that charge is.", "anti.evasion"),
    ],
)  # fmt: skip
def test_new_faults_of_2_14(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


def test_looking_for_the_reason_while_nobody_knows_what_happened_is_no_evasion(score):
    text = (
        "I'd hear him out calmly and wouldn't accuse him: nobody knows yet what happened. "
        "Then a quality check of up to 10 days."
    )
    result = score("interview-provocation", text, step="practice")
    assert "anti.evasion" not in result.violation_ids()


def test_finding_an_approach_to_everyone_is_no_self_praise(score):
    text = "Я люблю людей и стараюсь к каждому найти подход."
    result = score("interview-provocation", text, step="provocation")
    assert "evasive_praise" not in result.violation_ids()


def test_asking_who_keeps_the_books_passes_no_buck(score):
    text = "Расскажите, как у вас устроена работа: сколько сотрудников, кто ведёт учёт?"
    result = score("reluctant-client", text, step="indifferent")
    assert "anti.refuse_responsibility" not in result.violation_ids()


# ---------------------------------------------------------------- scorer 2.14, round two


def test_the_subscription_a_trial_leads_to_is_no_upsell(score):
    text = "The first 30 days are free in one café; the subscription only starts if you carry on."
    assert "trial" in score("reluctant-client", text, step="trial").met


def test_in_my_experience_is_no_self_praise(score):
    text = "No. In my experience people are usually tired or let down, not inadequate."
    result = score("interview-provocation", text, step="provocation")
    assert "evasive_praise" not in result.violation_ids()


def test_a_story_where_something_depended_on_a_refund_is_no_it_depends(score):
    text = (
        "No. Once a man shouted at me; his rent depended on that refund, so I had it checked "
        "the same day and he calmed down."
    )
    result = score("interview-provocation", text, step="provocation")
    assert "anti.evasion" not in result.violation_ids()


def test_writing_so_that_she_need_not_chase_anyone_reproaches_nobody(score):
    text = (
        "Всё по графику: монтаж 20-го с 10:00. Буду писать вам по понедельникам и четвергам "
        "до 12:00, чтобы вам не нужно было никого дёргать."
    )
    result = score("importunate-client", text, step="call_again")
    assert "pushy.reproach" not in result.violation_ids()


def test_updates_without_you_having_to_ask_give_no_order(score):
    text = (
        "Mon–Fri 9–19 I'm on my work line, and my updates come every Monday and Thursday "
        "without you having to ask."
    )
    result = score("importunate-client", text, step="personal")
    assert "anti.must" not in result.violation_ids()


def test_sending_the_details_today_says_nothing_of_the_delivery_day(score):
    text = (
        "Company details, address, a contact and the software list. "
        "Send them today and we deliver Wednesday."
    )
    result = score(LAPTOP, text, step="details")
    assert "invented_fact" not in result.violation_ids()


def test_only_tomorrow_after_a_refusal_for_today_is_a_commitment(score):
    text = "Сегодня, увы, никак — только завтра: с 10 до 14 или с 18 до 22."
    assert "date" in score(RUDE, text, step="when").met


def test_a_fallback_after_if_not_typed_without_a_comma_is_offered(score):
    text = "по оценке к 9 утра. если нет можно бесплатно взять 4g модем в нашем офисе"
    assert "backup" in score("support-line-wait", text, step="eta").met


def test_a_discount_before_so_you_dont_have_to_wait_is_still_given(score):
    text = "Tell you what, order today and I'll give you 10% off so you don't have to wait."
    result = score("chat-visitor", text, step="hesitates")
    assert "capitulation" in result.violation_ids()


def test_terms_separated_by_slashes_each_with_figures_are_notes(score):
    text = "6 mo 0% (20% down) / 12 mo ~8% / lease ~24k x 18 mo / 10% deposit holds price"
    result = score("wants-but-cannot", text, step="doubt")
    assert "keyword_stuffing" not in result.violation_ids()


def test_sending_the_courier_back_tonight_is_too_early(score):
    text = "Sorry! I'll send the courier back tonight at 21:00 so you don't wait till tomorrow."
    result = score("courier-no-call", text, step="slot")
    assert "invented_fact" in result.violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            LAPTOP, "repeat",
            "Wednesday and Thursday–Friday. Worth reading my messages more carefully.",
            "anti.blame",
        ),
        (
            LAPTOP, "payment",
            "14 days deferred under a contract. 100% it'll be approved.",
            "anti.impossible_promise",
        ),
        (
            RUDE, "vent",
            "Это перевозчик задержал, к нам какие претензии?",
            "anti.refuse_responsibility",
        ),
        (
            LAPTOP, "doubt",
            "Ну что вы сразу к другому поставщику, прям обиделись. Среда — доставка.",
            "anti.sarcasm",
        ),
        (
            "chat-visitor", "annoyed",
            "Как скажете, не буду мешать вашему великому выбору.",
            "anti.sarcasm",
        ),
        (RUDE, "when", "Since you've been so polite: tomorrow 10–14 or 18–22.", "anti.sarcasm"),
        (
            RUDE, "escalate",
            "Sure, because shouting makes parcels move faster. It's at the depot.",
            "anti.sarcasm",
        ),
        (
            "reluctant-client", "unconvinced",
            "Stocktaking drops to 1-2 hours. Paper is a bit old-school.",
            "anti.condescend",
        ),
        (
            LAPTOP, "doubt",
            "Wednesday delivery, setup by Friday. No need to threaten us with other suppliers.",
            "anti.condescend",
        ),
        (
            "interview-provocation", "provocation",
            "No. Such a question says more about the interviewer.",
            "anti.condescend",
        ),
        (
            "importunate-client", "again",
            "I checked yesterday. Nothing changes if I check every hour.",
            "anti.condescend",
        ),
        (BANK, "outrage", "Это пакет «Плюс». А угрожать нам не нужно.", "anti.condescend"),
        (BANK, "refund", "The Plus fee has been there for you to see in the app.", "anti.blame"),
        (
            "chat-visitor", "comes_back",
            "20 inches. The size chart would have saved us both time.",
            "anti.blame",
        ),
        (
            LAPTOP, "doubt",
            "Сроки были в первом ответе, обычно клиенты их сразу видят.",
            "anti.blame",
        ),
        (
            "wants-but-cannot", "decision",
            "Отложу машину на месяц, никакой предоплаты не нужно.",
            "wbc.invented",
        ),
        (
            "importunate-client", "call_again",
            "All on schedule. It's already fully assembled at the factory.",
            "pushy.invented",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_14_second_round(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "interview-provocation", "provocation",
            "Difficult clients don't scare me: there's a reason behind it.",
            "anti.condescend",
        ),
        (
            RUDE, "vent",
            "Заказ на складе перевозчика — ошибка сортировки, виноваты мы. Привезём завтра.",
            "anti.refuse_responsibility",
        ),
        (
            "reluctant-client", "unconvinced",
            "I hear you, Victor. Tell me more about your cafés?",
            "anti.condescend",
        ),
    ],
)  # fmt: skip
def test_answers_the_new_phrases_of_2_14_leave_alone(score, case, step, text, fault):
    assert fault not in score(case, text, step=step).violation_ids()


# ---------------------------------------------------------------- scorer 2.15


def test_a_time_to_text_the_client_is_not_the_delivery_time(score):
    text = (
        "I'm watching 48215 myself and will text you at 8 am tomorrow and once the courier leaves."
    )
    result = score(RUDE, text, step="trust")
    assert "invented_fact" not in result.violation_ids()


def test_a_down_payment_percentage_is_no_discount(score):
    text = "Let's not take this machine off the table: 20% down, then six months at 0%."
    result = score("wants-but-cannot", text, step="likes")
    assert "capitulation" not in result.violation_ids()


def test_taking_six_months_with_a_down_payment_is_no_capitulation(score):
    text = "Nothing extra if you take 6 months with 20% down; about 8% more over 12 months."
    result = score("wants-but-cannot", text, step="conditions")
    assert "anti.capitulate" not in result.violation_ids()


def test_the_interviewers_label_in_quotation_marks_is_not_agreed_with(score):
    text = (
        "Не соглашусь. Я повидал много покупателей в стрессе, однако «неадекватными» их не "
        "считаю: за криком обычно стоит причина."
    )
    result = score("interview-provocation", text, step="provocation")
    assert "hr.agree_labels" not in result.violation_ids()
    assert result.style == "situational"


def test_a_label_the_speaker_puts_in_quotation_marks_still_counts(score):
    text = "Honestly, a few of them are rather 'special', if you see what I mean."
    result = score("interview-provocation", text, step="provocation")
    assert result.style == "none"


def test_the_clients_word_quoted_in_a_reproach_is_still_a_reproach(score):
    text = "Привезём завтра с 10 до 14. И давайте обойдёмся без «бездельников»."
    result = score(RUDE, text, step="when")
    assert result.style == "none"


def test_a_consequence_after_not_guaranteed_though_is_offered(score):
    text = (
        "The crew says around 9:00. Not guaranteed, though, so I'm putting 30 GB of free "
        "mobile data on your SIM now, just in case."
    )
    assert "backup" in score("support-line-wait", text, step="eta").met


def test_swearing_that_someone_else_wont_fail_is_a_promise(score):
    text = "Your slot is tomorrow 19:00-22:00. I swear on my job he won't forget to call."
    result = score("courier-no-call", text, step="slot")
    assert "anti.impossible_promise" in result.violation_ids()


def test_declining_to_call_anyone_inadequate_answers_the_provocation(score):
    text = (
        "I'd rather not call anyone inadequate. Usually it's a person who feels unheard after "
        "being bounced between departments; once I listen, we sort it out."
    )
    result = score("interview-provocation", text, step="provocation")
    assert result.style == "situational"
    assert result.total >= 70


def test_knowing_the_delivery_days_for_sure_is_no_false_guarantee(score):
    text = "Сроки я знаю точно: доставка в среду, настройка в четверг и пятницу."
    result = score(LAPTOP, text, step="doubt")
    assert "anti.impossible_promise" not in result.violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (BANK, "outrage", "Ну не обеднеете же вы от 99 рублей. Это пакет «Плюс».", "anti.sarcasm"),
        (
            BANK, "outrage",
            "Oh no, 99 roubles, I can see how that would ruin you. It's the Plus package.",
            "anti.sarcasm",
        ),
        (
            "reluctant-client", "unconvinced",
            "The stocktake drops from 6 hours to 1-2. Not exactly rocket science, is it?",
            "anti.sarcasm",
        ),
        (
            LAPTOP, "details",
            "Send the company details, unless you want us to guess them.",
            "anti.sarcasm",
        ),
        (
            "wants-but-cannot", "doubt",
            "Lease at about 24,000 a month. Should've budgeted for it before the fit-out.",
            "anti.blame",
        ),
        ("chat-visitor", "annoyed", "Я не навязываюсь, работа у меня такая.", "anti.dismiss"),
        (BANK, "outrage", "Отключу пакет сейчас. Только не надо со мной таким тоном.", "anti.rude"),
        (
            PRICE, "objection",
            "Кто гонится за дешевизной, потом к нам же и приходят переделывать.",
            "anti.condescend",
        ),
        (
            "wants-but-cannot", "conditions",
            "6 months at 0%. If money is short, the bank simply extends it, no penalties.",
            "wbc.invented",
        ),
        (
            "wants-but-cannot", "conditions",
            "Если не пойдёт, банк просто продлит рассрочку, без штрафов.",
            "wbc.invented",
        ),
        (
            "reluctant-client", "reason",
            "Your cooks can learn it from our training videos at home.",
            "reluct.invented",
        ),
        (
            BANK, "outrage",
            "Since this year all clients pay 99 a month for online banking.",
            "bank.invented",
        ),
        (
            LAPTOP, "repeat",
            "Успеем: в среду привозим, а настраивать приедут четверо инженеров.",
            "laptop.invented",
        ),
        (
            LAPTOP, "payment",
            "Up to 14 days' deferral with a contract; consider it 100% approved.",
            "laptop.invented",
        ),
        ("support-line-wait", "eta", "Успеем, точно. Бригада уже на месте.", "support.certainty"),
        (
            "courier-no-call", "compensation",
            "We'll make the whole order completely free for you.",
            "courier.invented_terms",
        ),
        (
            "reluctant-client", "reason",
            "Relax, nothing like that will happen, guaranteed.",
            "anti.impossible_promise",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_15(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "interview-provocation", "provocation",
            "Нет. Один покупатель потом дважды приходил к нам, когда я разобрался с чайником.",
            "anti.condescend",
        ),
        (
            "bank-internet-fee", "refund",
            "Мне жаль. Я вас понимаю и обязательно оформлю заявку на возврат сегодня.",
            "anti.must",
        ),
        (
            "wants-but-cannot", "conditions",
            "Take 6 months with 20% down: no overpayment at all.",
            "anti.capitulate",
        ),
    ],
)  # fmt: skip
def test_answers_the_new_phrases_of_2_15_leave_alone(score, case, step, text, fault):
    assert fault not in score(case, text, step=step).violation_ids()


def test_numbered_items_are_not_read_as_amounts(score):
    text = (
        "You're right. In the price: 1) delivery 2) installation, about 3-4 hours 3) materials "
        "for up to 5 m 4) rubbish removal 5) a 3-year warranty on the installation."
    )
    result = score(PRICE, text, step="doubt")
    assert "invented_fact" not in result.violation_ids()
    assert result.style == "situational"


def test_a_list_of_both_instalment_terms_invents_no_free_year(score):
    text = (
        "Варианты: рассрочка 6 мес. без переплаты (взнос 20%), рассрочка 12 мес. с переплатой "
        "около 8%, лизинг около 24 000 ₽ в месяц."
    )
    result = score("wants-but-cannot", text, step="doubt")
    assert "wbc.invented" not in result.violation_ids()


def test_a_repair_in_minutes_counted_back_to_front_is_invented(score):
    text = "Извините за ожидание, интернет появится минут через 20."
    result = score("support-line-wait", text, step="waited")
    assert "invented_fact" in result.violation_ids()


def test_internet_switched_back_on_within_the_hour_is_invented(score):
    text = "Простите! Интернет включат уже через час."
    result = score("support-line-wait", text, step="waited")
    assert "invented_fact" in result.violation_ids()


def test_rewording_the_label_answers_the_provocation(score):
    text = (
        "Нет. Я бы сказала «люди в трудный момент»: обычно за криком стоит сорванный срок, и "
        "если его решить, человек успокаивается."
    )
    result = score("interview-provocation", text, step="provocation")
    assert "no_labels" in result.met


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "chat-visitor", "comes_back",
            "20 inches fits 115-135 cm. It's on the size chart, if you'd looked.",
            "anti.blame",
        ),
        (
            LAPTOP, "doubt",
            "Wednesday, then setup Thursday and Friday, as I'd have said if you'd let me finish.",
            "anti.blame",
        ),
        (
            RUDE, "escalate",
            "Если бы вы выбрали курьера, а не пункт выдачи, всё пришло бы вовремя.",
            "anti.blame",
        ),
        (
            "chat-visitor", "annoyed",
            "I was only helping; most of our customers actually appreciate that.",
            "anti.condescend",
        ),
        (
            "wants-but-cannot", "doubt",
            "Рассрочка 6 месяцев под 0%, а банк одобряет всем, без отказов.",
            "wbc.invented",
        ),
        (
            "wants-but-cannot", "likes",
            "Забирайте, а заплатите, когда кофейня выйдет на окупаемость.",
            "wbc.invented",
        ),
        (
            "reluctant-client", "unconvinced",
            "Вам гарантированно минус пять часов на инвентаризации.",
            "anti.impossible_promise",
        ),
        (RUDE, "trust", "Обещаю: это первый и последний раз.", "anti.impossible_promise"),
        (
            RUDE, "vent",
            "It arrives tomorrow 10-14. Calling people idlers won't make it any faster.",
            "anti.lecture",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_15_second_round(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "chat-visitor", "comes_back",
            "20 inches for 125 cm. If you'd like to check in person, our shop has both.",
            "anti.blame",
        ),
        (
            "wants-but-cannot", "doubt",
            "A lease at about 24,000 a month for 18 months, or 0% instalments over 6 months.",
            "wbc.invented",
        ),
        (
            "importunate-client", "call_again",
            "All on schedule. You don't need to call us every day: I'll text you every Monday.",
            "anti.condescend",
        ),
    ],
)  # fmt: skip
def test_answers_the_new_phrases_of_2_15_second_round_leave_alone(score, case, step, text, fault):
    assert fault not in score(case, text, step=step).violation_ids()


def test_a_repair_in_about_two_hours_is_invented(score):
    text = "Sorry for the wait. The crew says it'll be back in about two hours."
    result = score("support-line-wait", text, step="waited")
    assert "invented_fact" in result.violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            BANK, "outrage",
            "It's an online banking fee the bank introduced for all clients this year.",
            "bank.invented",
        ),
        (BANK, "outrage", "Эту плату ввели для всех с января, ничего личного.", "bank.invented"),
        (BANK, "outrage", "Ну не разорит же вас сотня. Это пакет «Плюс».", "anti.sarcasm"),
        (
            "interview-provocation", "press",
            "Sure, and the customer is always right too, right?",
            "anti.sarcasm",
        ),
        (
            "importunate-client", "call_again",
            "Of course, with that order you're clearly our most important client.",
            "anti.sarcasm",
        ),
        (
            RUDE, "trust",
            "Такого больше не случится, это я вам обещаю на сто процентов.",
            "anti.impossible_promise",
        ),
        (RUDE, "escalate", "It's at the sorting centre. And drop the tone, please.", "anti.rude"),
        (
            "importunate-client", "personal",
            "I have a life outside work, you know. Call in office hours.",
            "anti.condescend",
        ),
        (
            "reluctant-client", "unconvinced",
            "1-2 hours instead of 6. If that's an advert, I don't know what else to tell you.",
            "anti.condescend",
        ),
        (
            "interview-provocation", "provocation",
            "Not inadequate, just stressed. Though some of them should learn basic manners.",
            "anti.blame",
        ),
        (
            "support-line-wait", "next_time",
            "Use the chat. If everyone used the app, the line wouldn't be so busy.",
            "anti.blame",
        ),
        (
            BANK, "outrage",
            "Пакет подключили с тарифом. Люди обычно смотрят, что подключают.",
            "anti.blame",
        ),
        (
            "support-line-wait", "waited",
            "The crew is on it, estimate 9:00 tomorrow, and you get a full month free.",
            "support.giveaway",
        ),
        (
            PRICE, "compare",
            "Six months at 0%; the bank approves in ten minutes, no documents needed.",
            "price.invented",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_15_third_round(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


def test_a_fee_introduced_for_some_clients_only_invents_nothing(score):
    text = (
        "It's the Plus package, introduced for clients who want SMS alerts; online banking is free."
    )
    result = score(BANK, text, step="outrage")
    assert "bank.invented" not in result.violation_ids()


# ---------------------------------------------------------------- scorer 2.16


def test_a_figure_right_before_its_own_term_leaves_the_next_figure_alone(score):
    text = "Pay 20% down and 0% for six months, or lease it at about 24,000 a month."
    result = score("wants-but-cannot", text, step="likes")
    assert "invented_fact" not in result.violation_ids()


def test_a_figure_right_after_its_own_term_leaves_the_one_before_alone(score):
    result = score(
        "wants-but-cannot", "Рассрочка: 0% / взнос 20% / 6 мес. Или лизинг.", step="doubt"
    )
    assert "invented_fact" not in result.violation_ids()


def test_a_down_payment_the_brief_does_not_offer_is_still_invented(score):
    result = score("wants-but-cannot", "A 30% down payment, then 0% for six months.", step="likes")
    assert "invented_fact" in result.violation_ids()


def test_a_time_asked_for_a_message_after_a_dash_is_not_the_delivery_time(score):
    text = (
        "You'll hear from me again tomorrow morning before the courier sets off — does around "
        "8:30 suit you for that message?"
    )
    result = score(RUDE, text, step="trust")
    assert "invented_fact" not in result.violation_ids()


def test_a_delivery_time_after_a_dash_is_still_checked(score):
    result = score(RUDE, "Tomorrow the courier comes — at 8:00.", step="when")
    assert "invented_fact" in result.violation_ids()


def test_a_delivery_time_before_a_promise_to_text_is_still_checked(score):
    text = "Tomorrow the courier comes at 8:00, and I'll text you the details."
    assert "invented_fact" in score(RUDE, text, step="when").violation_ids()


def test_guaranteeing_there_wont_be_a_problem_is_a_false_guarantee(score):
    text = (
        "Delivery Wednesday, setup Thursday and Friday. I guarantee there won't be any issues "
        "at all."
    )
    result = score(LAPTOP, text, step="doubt")
    assert "anti.impossible_promise" in result.violation_ids()


def test_not_guaranteeing_that_it_wont_rain_promises_nothing(score):
    text = (
        "I can't guarantee it won't rain, but delivery is Wednesday and setup Thursday and Friday."
    )
    result = score(LAPTOP, text, step="doubt")
    assert "anti.impossible_promise" not in result.violation_ids()
    assert result.style == "situational"


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "importunate-client", "repeat",
            "I heard you the first three times, Svetlana. The 20th stands.",
            "pushy.reproach",
        ),
        ("importunate-client", "repeat", "Да слышу я вас. Всё в силе на 20-е.", "pushy.reproach"),
        (
            "importunate-client", "again",
            "Светлана, мы это обсуждаем уже в третий раз: 20-е в силе.",
            "pushy.reproach",
        ),
        (
            BANK, "outrage",
            "Мы прямо разбогатели на ваших 99 рублях. Это пакет «Плюс».",
            "anti.sarcasm",
        ),
        (
            "chat-visitor", "just_looking",
            "Fine, look around, just don't take all day.",
            "anti.condescend",
        ),
        (
            LAPTOP, "doubt",
            "Андрей, я вроде достаточно ясно объяснил: в среду доставка, в четверг и пятницу "
            "настройка.",
            "anti.condescend",
        ),
        (
            "support-line-wait", "eta",
            "Бригада обещает к 9:00. Добавлю 30 ГБ. А запасной интернет на созвон иметь — это же "
            "азы.",
            "anti.lecture",
        ),
        (
            RUDE, "when",
            "Привезём завтра, а весь заказ сделаем бесплатным в качестве извинения.",
            "late.invented_gift",
        ),
        (
            RUDE, "when",
            "Завтра с 18 до 22. Склад подтвердил, что заказ выехал.",
            "late.invented_gift",
        ),
        (
            "wants-but-cannot", "doubt",
            "Just pay once the café starts earning, no paperwork required.",
            "wbc.invented",
        ),
        (
            "wants-but-cannot", "conditions",
            "6 months at 0%, 12 at about 8%. If you return the leased machine, the bank will "
            "refund your down payment.",
            "wbc.invented",
        ),
        (
            "courier-no-call", "slot",
            "Evening slots are fully booked tomorrow, so daytime only.",
            "courier.invented_terms",
        ),
        (
            "support-line-wait", "waited",
            "The crew expects 9:00 tomorrow. I'll add 30 GB now and we'll courier a 4G modem to "
            "your door.",
            "support.giveaway",
        ),
        (
            LAPTOP, "payment",
            "14 days deferred payment with a contract; I'll approve it myself, no need to involve "
            "anyone.",
            "laptop.invented",
        ),
        (
            BANK, "outrage",
            "Sorry, Sergei: online banking became paid this year, 99 a month.",
            "bank.invented",
        ),
        (
            "chat-visitor", "comes_back",
            "For 125 cm it's the 20-inch; it'll fit her perfectly for years, guaranteed.",
            "anti.impossible_promise",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_16(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            RUDE, "when",
            "Завтра с 18 до 22, и я прослежу, чтобы заказ выехал со склада утром.",
            "late.invented_gift",
        ),
        (
            "interview-provocation", "provocation",
            "Сложные ситуации бывают, а неадекватных клиентов я почти не встречал: чаще человек "
            "просто устал.",
            "hr.agree_labels",
        ),
        (
            "wants-but-cannot", "likes",
            "Есть рассрочка на 12 месяцев с переплатой около 8%, можно взять хоть сегодня.",
            "wbc.invented",
        ),
    ],
)  # fmt: skip
def test_answers_the_new_phrases_of_2_16_leave_alone(score, case, step, text, fault):
    assert fault not in score(case, text, step=step).violation_ids()


def test_saying_inadequate_clients_are_few_answers_the_provocation(score):
    text = (
        "Неадекватных, по-моему, мало. Чаще человек просто на эмоциях, и с ним можно "
        "договориться, если разобраться."
    )
    result = score("interview-provocation", text, step="provocation")
    assert result.style == "situational"


def test_clients_who_come_in_stressed_is_the_reason_behind_the_shouting(score):
    text = (
        "Honestly? No. Many clients come in stressed or scared of losing money, and it comes out "
        "as shouting. I let them finish and then look for what I can actually do."
    )
    result = score("interview-provocation", text, step="provocation")
    assert "reason" in result.met
    assert result.style == "situational"


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "interview-provocation", "press",
            "Yes, fine, a few of them are totally bonkers, no offence.",
            "hr.agree_labels",
        ),
        (
            "reluctant-client", "trial",
            "30 days free in one café, then decide. Honestly, if the staff can't cope with a "
            "tablet, maybe that's the real problem.",
            "anti.condescend",
        ),
        (
            LAPTOP, "doubt",
            "Среда — доставка, четверг и пятница — настройка. Могли бы и сами прочитать, я писал "
            "вчера.",
            "anti.blame",
        ),
        (
            "wants-but-cannot", "doubt",
            "Если расчёты не сделаны, зачем вообще открываться? Лизинг — около 24 000 в месяц.",
            "anti.blame",
        ),
        (
            "courier-no-call", "missed",
            "Sorry he didn't call. I'll rebook tomorrow, any 3-hour window. Next time maybe keep "
            "your phone close when you go out.",
            "anti.blame",
        ),
        (
            RUDE, "vent",
            "Idlers, huh? This idler is the one sorting it out. Tomorrow, 10-14 or 18-22.",
            "anti.sarcasm",
        ),
        (
            "wants-but-cannot", "likes",
            "6 months at 0% with 20% down, or a lease. And the first two months are payment-free!",
            "wbc.invented",
        ),
        (
            "wants-but-cannot", "doubt",
            "6 months at 0% with 20% down. First payment only after 90 days.",
            "wbc.invented",
        ),
        (
            "wants-but-cannot", "conditions",
            "На 6 месяцев переплаты нет, на 12 — около 8%. Если что, можно перенести до трёх "
            "платежей.",
            "wbc.invented",
        ),
        (
            "reluctant-client", "reason",
            "Внедряем ночью, поварам два часа обучения, а ещё первую неделю инженер будет "
            "дежурить у вас на кухне.",
            "reluct.invented",
        ),
        (
            LAPTOP, "doubt",
            "Если честно, к пятнице не успеем, настройка займёт ещё неделю.",
            "laptop.invented",
        ),
        (
            LAPTOP, "ask",
            "We can't get it done by Friday, setup takes longer.",
            "laptop.invented",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_16_second_round(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


def test_moving_one_of_two_options_payments_invents_no_three(score):
    text = (
        "Есть два варианта: один платёж можно перенести по договорённости, а машину в лизинге "
        "вернуть по договору."
    )
    result = score("wants-but-cannot", text, step="conditions")
    assert "wbc.invented" not in result.violation_ids()


# ---------------------------------------------------------------- scorer 2.17


def test_a_number_before_exactly_at_is_no_promise_to_the_minute(score):
    text = "Берите 20 дюймов: это рост 115–135 см, и 125 ровно в середине."
    result = score("chat-visitor", text, step="comes_back")
    assert "anti.impossible_promise" not in result.violation_ids()


def test_a_time_after_exactly_at_is_still_a_promise_to_the_minute(score):
    result = score("courier-no-call", "Курьер будет ровно в 14:00, минута в минуту.", step="slot")
    assert "anti.impossible_promise" in result.violation_ids()


def test_spanish_is_another_language(score):
    result = score("interview-provocation", "No, no lo creo, cada cliente tiene sus razones.")
    assert result.review_reason == "other_language"
    assert result.style == "none"


def test_polish_with_a_single_polish_letter_is_another_language(score):
    text = "Awaria kabla w Pana dzielnicy, ekipa już pracuje, naprawa do 9:00 jutro."
    result = score("support-line-wait", text, step="still_waiting")
    assert result.review_reason == "other_language"


def test_an_article_before_its_noun_makes_a_sentence_not_a_keyword_list(score):
    text = "Yes — up to 14 days' deferral under a corporate contract."
    result = score(LAPTOP, text, step="payment")
    assert "keyword_stuffing" not in result.violation_ids()
    assert result.style == "situational"


def test_an_english_modal_with_its_verb_makes_a_sentence(score):
    result = score(RUDE, "I'll check right now — what's your order number?", step="escalate")
    assert "keyword_stuffing" not in result.violation_ids()


def test_a_call_arranged_in_a_clause_of_purpose_is_not_an_invented_call(score):
    text = (
        "Анна, повторная доставка — завтра, интервалы по три часа с 9 до 22; поставлю "
        "отметку, чтобы курьер позвонил вам за час."
    )
    result = score("courier-no-call", text, step="missed")
    assert "courier.invented_call" not in result.violation_ids()
    assert result.style == "situational"


def test_claiming_the_courier_called_three_times_is_still_invented(score):
    result = score("courier-no-call", "Курьер звонил вам 3 раза, вы не ответили.", step="missed")
    assert "courier.invented_call" in result.violation_ids()


def test_no_more_calls_needed_because_i_will_write_myself_reproaches_no_one(score):
    text = (
        "Да, к 20-му успеваем. Звонить больше не нужно — я сама буду писать вам по "
        "понедельникам и четвергам до 12:00."
    )
    result = score("importunate-client", text, step="call_again")
    assert "pushy.reproach" not in result.violation_ids()
    assert result.style == "situational"


def test_telling_her_not_to_call_me_is_still_a_reproach(score):
    text = "Не нужно мне звонить каждый день, я сама напишу, когда будет что сказать."
    result = score("importunate-client", text, step="call_again")
    assert "pushy.reproach" in result.violation_ids()


def test_nobody_in_your_team_retyping_anything_blames_no_one(score):
    text = "We transfer your menu and recipes ourselves, so nobody in your team re-enters anything."
    result = score("reluctant-client", text, step="reason")
    assert "anti.blame" not in result.violation_ids()


def test_nobody_was_home_still_blames_the_client(score):
    result = score("courier-no-call", "The courier came, but nobody was home.", step="missed")
    assert "anti.blame" in result.violation_ids()


def test_what_is_possible_in_any_case_is_no_promise_that_all_is_possible(score):
    text = (
        "Сразу говорю, что возможно в любом случае: ремонт или решение директора магазина, "
        "если есть основание для исключения."
    )
    result = score("interview-provocation", text, step="practice")
    assert "anti.impossible_promise" not in result.violation_ids()


def test_everything_is_possible_is_still_an_impossible_promise(score):
    result = score("wants-but-cannot", "Для вас всё возможно, договоримся!", step="doubt")
    assert "anti.impossible_promise" in result.violation_ids()


def test_quoting_the_clients_words_back_in_mockery_is_sarcasm(score):
    text = "Да-да, все «просто смотрят», а потом пишут в последний момент. Ладно, смотрите."
    result = score("chat-visitor", text, step="just_looking")
    assert "anti.sarcasm" in result.violation_ids()
    assert result.style == "none"


def test_an_estimate_that_is_not_guaranteed_still_says_when(score):
    text = (
        "Sorry for the wait, Dmitry. Cable break in your district; the crew's on site and "
        "estimates 9:00 tomorrow, not guaranteed."
    )
    result = score("support-line-wait", text, step="waited")
    assert "eta" in result.met


def test_a_rough_time_is_still_a_time(score):
    result = score("support-line-wait", "Восстановят ориентировочно к 9:00 завтра.", step="waited")
    assert "eta" in result.met


def test_the_cause_alone_does_not_say_when_it_will_be_fixed(score):
    text = "У вас в районе обрыв кабеля, мы об этом знаем."
    result = score("support-line-wait", text, step="waited")
    assert "eta" not in result.met
    assert result.total < 70


def test_asking_his_budget_alone_does_not_answer_that_he_was_not_heard(score):
    text = "Понимаю, Никита, с деньгами на старте всем непросто. А какой у вас бюджет?"
    result = score("wants-but-cannot", text, step="doubt")
    assert result.style == "customer"


def test_dont_worry_after_an_and_denies_nothing_before_it(score):
    text = "Here's 10% off for the stress, and don't worry, the 20th is fine."
    result = score("importunate-client", text, step="again")
    assert "pushy.invented" in result.violation_ids()
    assert result.style == "none"


def test_a_deposit_put_down_is_the_deposit_not_the_down_payment(score):
    text = "Put down 10%, and the machine and its price are held until the end of the month."
    result = score("wants-but-cannot", text, step="doubt")
    assert "invented_fact" not in result.violation_ids()


def test_a_down_payment_other_than_the_briefs_is_still_invented(score):
    result = score("wants-but-cannot", "Put down 30% and take it today.", step="doubt")
    assert "invented_fact" in result.violation_ids()


def test_a_count_of_days_before_the_training_does_not_hide_its_subject(score):
    text = "Сначала бесплатный месяц: 30 дней, обучение поваров на месте 2 часа и линия поддержки."
    result = score("reluctant-client", text, step="trial")
    assert "invented_fact" not in result.violation_ids()
    assert result.style == "situational"


def test_not_dividing_clients_into_adequate_or_not_refuses_the_label(score):
    result = score("interview-provocation", "Я не делю клиентов на адекватных и нет.")
    assert "no_labels" in result.met


def test_or_not_in_a_copied_question_still_asks_and_asserts_nothing(score):
    text = "20-е в силе или нет? И кто вам будет сообщать, как идут дела?"
    result = score("importunate-client", text, step="repeat")
    assert result.style == "none"


def test_a_checked_status_is_a_status_and_a_check_to_come_is_not(score):
    done = score("importunate-client", "Я уточнила в цеху: 20-е в силе.", step="again")
    promised = score("importunate-client", "Не переживайте, я всё уточню в цеху.", step="again")
    assert "fact" in done.met
    assert "fact" not in promised.met


def test_a_benefit_that_lets_the_team_relax_is_no_order_to_calm_down(score):
    text = (
        "We handle everything on site, so your IT team can relax. We need your company "
        "details, the delivery address, a contact on site and the software list."
    )
    result = score(LAPTOP, text, step="details")
    assert "anti.condescend" not in result.violation_ids()


def test_telling_the_client_to_relax_is_still_condescending(score):
    result = score(RUDE, "Relax, it comes tomorrow.", step="vent")
    assert "anti.condescend" in result.violation_ids()


def test_stress_resistant_self_praise_does_not_refuse_the_label(score):
    text = "I'd say I'm very stress-resistant: employee of the month three times."
    result = score("interview-provocation", text)
    assert "no_labels" not in result.met


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "courier-no-call", "compensation",
            "I'll refund the 390 roubles and add a 500-rouble gift card for the trouble.",
            "courier.invented_gift",
        ),
        (
            "courier-no-call", "slot",
            "Tomorrow 19:00-22:00, he calls an hour ahead, and you can watch him on GPS.",
            "courier.invented_terms",
        ),
        (
            RUDE, "trust",
            "I'll track it myself and text you. And free delivery on your next two orders.",
            "late.invented_gift",
        ),
        (
            RUDE, "when",
            "Привезём завтра с 10 до 14 — завтра же суббота, вы будете дома.",
            "late.invented_gift",
        ),
        (
            "wants-but-cannot", "decision",
            "Конечно, придержу машину бесплатно, хоть до следующего месяца.",
            "wbc.invented",
        ),
        (
            "wants-but-cannot", "conditions",
            "No overpayment at 0% for 6 months, about 8% for 12. And I'll add a free grinder.",
            "wbc.invented",
        ),
        (
            "importunate-client", "call_again",
            "20-е в силе. А за ожидание продлим гарантию на кухню до 10 лет.",
            "pushy.invented",
        ),
        (
            "importunate-client", "again",
            "Всё в силе на 20-е, и дарю вам скидку за беспокойство.",
            "pushy.invented",
        ),
        (
            "reluctant-client", "reason",
            "We install at night, and an engineer stays in your kitchen for the whole first week.",
            "reluct.invented",
        ),
        (LAPTOP, "details", "Нужен только ИНН, остальное не важно.", "laptop.invented"),
        (LAPTOP, "details", "Nothing at all, just the address.", "laptop.invented"),
        (
            LAPTOP, "ask",
            "Привезём уже сегодня вечером, а за пару часов всё настроят.",
            "laptop.invented",
        ),
        (
            "support-line-wait", "next_time",
            "Ticket 552190 is open. And from Monday the hold time is at most 2 minutes.",
            "support.certainty",
        ),
        ("chat-visitor", "annoyed", "Поняла. Вы у нас и так всё знаете.", "anti.sarcasm"),
        ("chat-visitor", "annoyed", "Ладно-ладно, не буду мешать.", "anti.sarcasm"),
        (
            "importunate-client", "again",
            "Shall I also ring the workshop every hour and read you their answers live?",
            "anti.sarcasm",
        ),
        (RUDE, "trust", "We're a shop, not an insurance company.", "anti.sarcasm"),
        (RUDE, "trust", "Sure, we'll try to behave.", "anti.sarcasm"),
        (
            "wants-but-cannot", "likes",
            "Go simpler, your guests will love burnt coffee.",
            "anti.sarcasm",
        ),
        (
            LAPTOP, "doubt",
            "Я же отвечал, вы просто не дослушали. Среда — доставка, четверг и пятница — "
            "настройка.",
            "anti.blame",
        ),
        ("price-objection", "close", "Послезавтра с 9 до 13. А то сразу «дорого».", "anti.blame"),
        (
            RUDE, "when",
            "Завтра с 10 до 14. Можно было просто спросить, а не ругаться.",
            "anti.condescend",
        ),
        (
            "interview-provocation", "practice",
            "Оформлю проверку качества, а потом скажу, что взрослые люди обычно отвечают за "
            "свои вещи.",
            "anti.condescend",
        ),
        (
            "price-objection", "objection",
            "В цену входят доставка и монтаж. Кто ищет подешевле, тот потом переделывает.",
            "anti.condescend",
        ),
        (
            "importunate-client", "personal",
            "Mon-Fri 9-19 at work, the duty line after hours. VIP or not, it's the same line.",
            "anti.condescend",
        ),
        (
            "importunate-client", "repeat",
            "Yes, the 20th is on. I've answered this three times already.",
            "anti.condescend",
        ),
        (
            "price-objection", "compare",
            "6 months interest-free. If a few thousand is a big deal, maybe it isn't a priority.",
            "anti.condescend",
        ),
        (
            "bank-internet-fee", "still_angry",
            "It's the Plus package; basic is free and I'll switch you now. There's really no "
            "need to raise your voice at me.",
            "anti.condescend",
        ),
        (
            "chat-visitor", "annoyed",
            "Не буду мешать. Просто обычно люди рады, когда им помогают.",
            "anti.condescend",
        ),
        (
            "importunate-client", "again",
            "Я проверял уже три раза. Сколько можно?",
            "anti.condescend",
        ),
        (
            "price-objection", "doubt",
            "В цену входит монтаж и гарантия. Надеюсь, теперь-то дошло.",
            "anti.condescend",
        ),
        (
            "support-line-wait", "still_waiting",
            "Estimate 9:00 tomorrow, no guarantee. Might be worth getting a backup connection.",
            "anti.condescend",
        ),
        (
            "reluctant-client", "indifferent",
            "Paper, seriously? I suppose fax machines also work.",
            "anti.sarcasm",
        ),
        (
            "reluctant-client", "reason",
            "Обещаю: ни одного сбоя не будет.",
            "anti.impossible_promise",
        ),
        ("reluctant-client", "trial", "Примут, сто процентов.", "anti.impossible_promise"),
        (
            "importunate-client", "personal",
            "При трёх звонках в день мне и рабочего телефона хватает с головой.",
            "pushy.reproach",
        ),
        (
            "importunate-client", "call_again",
            "Вы сегодня уже звонили. 20-е в силе.",
            "pushy.reproach",
        ),
        (
            "interview-provocation", "provocation",
            "Скажем так: адекватных людей меньшинство, но я умею с ними работать.",
            "hr.agree_labels",
        ),
        (
            LAPTOP, "payment",
            "Up to 14 days under a contract, and a few extra days beyond that if you need.",
            "laptop.invented",
        ),
        (LAPTOP, "repeat", "Инженеров выделим четверых, за день управимся.", "laptop.invented"),
        (
            "price-objection", "close",
            "We'll come any day, any hour, even tonight.",
            "price.invented",
        ),
        (
            "courier-no-call", "compensation",
            "390 roubles back and a 10% promo code. Your next delivery will also be free.",
            "courier.invented_gift",
        ),
        (
            "courier-no-call", "slot",
            "Tomorrow 19:00-22:00, and the courier will wait at your door for 30 minutes.",
            "courier.invented_terms",
        ),
        (
            "importunate-client", "call_again",
            "The 20th is on, and our foreman will also call you the evening before.",
            "pushy.invented",
        ),
        (
            "wants-but-cannot", "doubt",
            "6 months at 0% with 20% down, and the first three payments can be skipped.",
            "wbc.invented",
        ),
        (
            "bank-internet-fee", "still_angry",
            "It's the Plus package. I'll switch you to basic and refund this month's 99 right "
            "away.",
            "bank.invented",
        ),
        (
            "chat-visitor", "comes_back",
            "20 дюймов. А доставка по городу у нас всегда бесплатная.",
            "chat.invented",
        ),
        (
            "chat-visitor", "comes_back",
            "The 20-inch. And delivery is free on all kids' bikes, whatever the price.",
            "chat.invented",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_17(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "courier-no-call", "compensation",
            "I'll refund the 390-rouble delivery fee and send a 10% promo code.",
            "courier.invented_gift",
        ),
        (
            "wants-but-cannot", "decision",
            "С депозитом 10% придержу машину за вами до конца месяца.",
            "wbc.invented",
        ),
        (
            LAPTOP, "details",
            "Нужны реквизиты, адрес доставки, контактное лицо на месте и список программ.",
            "laptop.invented",
        ),
        (
            "support-line-wait", "waited",
            "Восстановят ориентировочно к 9:00 завтра, но это оценка, не гарантия.",
            "support.certainty",
        ),
        (
            "importunate-client", "again",
            "Don't worry, Svetlana, the 20th is on, and I'll write on Monday by noon.",
            "pushy.invented",
        ),        (
            "chat-visitor", "comes_back",
            "20 дюймов. Доставка по городу бесплатная от 5000 ₽, 1-2 дня.",
            "chat.invented",
        ),
    ],
)  # fmt: skip
def test_answers_the_new_phrases_of_2_17_leave_alone(score, case, step, text, fault):
    assert fault not in score(case, text, step=step).violation_ids()


# ---------------------------------------------------------------- scorer 2.18


def test_later_days_of_a_list_labelled_by_a_dash_belong_to_the_label(score):
    text = "Привезём в среду, четверг и пятница — настройка. Счёт выставить?"
    result = score(LAPTOP, text, step="repeat")
    assert "invented_fact" not in result.violation_ids()
    assert result.style == "situational"


def test_the_first_day_after_the_delivery_verb_stays_the_deliverys(score):
    result = score(LAPTOP, "Доставим в четверг — настройка займёт два дня.", step="repeat")
    assert "invented_fact" in result.violation_ids()


def test_a_clause_ending_in_not_denies_the_day_before_it(score):
    text = "Delivery tomorrow between 10:00 and 14:00, today unfortunately not. Which suits you?"
    result = score(RUDE, text, step="when")
    assert "invented_fact" not in result.violation_ids()


def test_a_day_before_an_aside_is_denied_by_the_verb_after_it(score):
    text = (
        "Игорь, завтра — сегодня, к сожалению, уже не успеваем. Интервалы с 10:00 до 14:00 "
        "или с 18:00 до 22:00, какой удобнее?"
    )
    result = score(RUDE, text, step="when")
    assert "invented_fact" not in result.violation_ids()
    assert result.style == "situational"


def test_an_aside_does_not_join_a_clause_opened_by_but(score):
    result = score(RUDE, "Завтра не успеем, к сожалению, но сегодня привезём.", step="when")
    assert "invented_fact" in result.violation_ids()


def test_half_a_year_is_six_months(score):
    text = (
        "It's the paid Plus package, connected half a year ago with your card plan change. "
        "I can switch you to the free basic package right now."
    )
    result = score("bank-internet-fee", text, step="outrage")
    assert "invented_fact" not in result.violation_ids()


def test_a_whole_year_since_the_package_was_connected_is_still_invented(score):
    text = "It's the Plus package, connected a year ago. I can switch you to basic now."
    result = score("bank-internet-fee", text, step="outrage")
    assert "invented_fact" in result.violation_ids()


def test_more_than_a_hundred_percent_of_a_plan_is_no_impossible_figure(score):
    text = "I'd explain the rule and offer pickup. I also hit 120% of plan last quarter."
    result = score("interview-provocation", text, step="company")
    assert "invented_fact" not in result.violation_ids()


def test_a_discount_of_more_than_a_hundred_percent_is_still_impossible(score):
    result = score("price-objection", "Дам скидку 120%, только берите.", step="compare")
    assert result.style == "none"


def test_tatar_is_another_language(score):
    text = "Никита, борчылмагыз: 6 айга 0% белән бүлеп түләү бар."
    result = score("wants-but-cannot", text, step="doubt")
    assert result.review_reason == "other_language"
    assert result.style == "none"


def test_matching_the_competitors_discount_capitulates(score):
    text = "Fine, I'll match their 15% and throw in the first maintenance."
    result = score("price-objection", text, step="compare")
    assert "capitulation" in result.violation_ids()


def test_asking_whether_their_price_matches_ours_gives_nothing(score):
    text = "Their 15% is a good price; does it match ours with installation included?"
    result = score("price-objection", text, step="compare")
    assert "capitulation" not in result.violation_ids()


def test_people_say_quoted_by_a_candidate_is_no_sales_pitch(score):
    text = (
        "I see why people say that, but no: 'inadequate' usually means upset and not heard "
        "yet. I'd ask what happened first."
    )
    result = score("interview-provocation", text, step="provocation")
    assert "product.pitch" not in result.matched_ids()


def test_a_negation_after_note_that_stays_in_its_own_clause(score):
    text = (
        "I'll file a refund claim for the 594 roubles now and note that you weren't informed. "
        "The bank answers within 10 working days."
    )
    result = score("bank-internet-fee", text, step="refund")
    assert set(result.met) == {"claim", "when"}


def test_a_quoted_word_one_will_not_promise_is_no_promise(score):
    text = (
        "Не буду обещать «никогда» — обещаю прозрачность: включу уведомления о каждом "
        "списании, а все платные услуги есть в приложении, раздел «Услуги и комиссии»."
    )
    result = score("bank-internet-fee", text, step="promise")
    assert "anti.impossible_promise" not in result.violation_ids()


def test_a_romanian_sentence_after_a_russian_one_is_another_language(score):
    text = "Послезавтра, с 9 до 13 или с 14 до 18. Vă rog să confirmați adresa și intervalul."
    result = score("price-objection", text, step="close")
    assert result.review_reason == "other_language"


def test_the_trainers_two_hours_at_the_trial_step_are_the_training(score):
    text = (
        "Take the free 30-day trial in one café. Our trainer spends 2 hours with your cooks "
        "on site. Which café would you start with?"
    )
    result = score("reluctant-client", text, step="trial")
    assert "invented_fact" not in result.violation_ids()


def test_i_wont_say_no_is_a_yes_to_the_label(score):
    result = score("interview-provocation", "Не скажу, что нет.", step="press")
    assert "hr.agree_labels" in result.violation_ids()
    assert result.style == "none"


def test_a_verbless_list_of_the_things_a_step_asks_for_answers_it(score):
    result = score(LAPTOP, "Реквизиты, адрес, контакт на месте, список ПО.", step="details")
    assert "keyword_stuffing" not in result.violation_ids()
    assert result.style == "situational"


def test_a_list_of_abstractions_at_a_step_that_asks_for_things_is_still_keywords(score):
    result = score(LAPTOP, "Paperwork, logistics, contacts, software.", step="details")
    assert result.style == "none"


def test_a_list_of_topics_at_a_step_that_asks_for_no_list_is_still_keywords(score):
    text = "уведомления, услуги и комиссии, базовый пакет, заявление"
    result = score("bank-internet-fee", text, step="promise")
    assert "keyword_stuffing" in result.violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (RUDE, "escalate", "Заказ на складе, завтра привезут, не умрёте.", "anti.rude"),
        (RUDE, "escalate", "It's in the warehouse, it comes tomorrow, you won't die.", "anti.rude"),
        (
            "interview-provocation", "practice",
            "I'd tell him he has to lower his voice, then take the item for a quality check.",
            "anti.must",
        ),
        (
            "interview-provocation", "practice",
            "Попрошу говорить тише, иначе я не буду разговаривать. Потом проверка качества.",
            "anti.rude",
        ),
        (
            "courier-no-call", "missed",
            "The courier was there in your window and the door wasn't answered. I can rebook.",
            "anti.blame",
        ),
        (
            "courier-no-call", "missed",
            "Курьер приезжал вовремя, статус проставлен верно. Могу привезти завтра.",
            "anti.blame",
        ),
        (
            "bank-internet-fee", "refund",
            "Всё было в условиях обслуживания, которые вы подписывали. Заявление оформлю.",
            "anti.blame",
        ),
        (
            "support-line-wait", "waited",
            "Sorry for the wait. The crew will have it fixed within the next two hours.",
            "invented_fact",
        ),
        (
            "support-line-wait", "eta",
            "Ориентировочно к 9:00. И месяц абонплаты бесплатно за неудобства.",
            "support.giveaway",
        ),
        (
            "courier-no-call", "compensation",
            "I'll refund the 390-rouble fee; it'll be back on your card within an hour.",
            "courier.invented_terms",
        ),
        (
            "wants-but-cannot", "conditions",
            "6 месяцев под 0%, 12 — около 8%. Если будет трудно, хоть три платежа отложим.",
            "wbc.invented",
        ),
        (
            "wants-but-cannot", "likes",
            "6 months at 0% with 20% down. And the first payment can wait until you open.",
            "wbc.invented",
        ),
        (
            "importunate-client", "again",
            "Всё в силе на 20-е. А доставку вам как VIP-клиенту сделаем бесплатно.",
            "pushy.invented",
        ),
        (
            "reluctant-client", "unconvinced",
            "Инвентаризация займёт 1–2 часа вместо 6, это минус 30% к расходам на продукты.",
            "reluct.invented",
        ),
        (
            "reluctant-client", "reason",
            "Внедрение ночью, меню перенесём сами. И бесплатно дадим планшеты на кухню.",
            "reluct.invented",
        ),
        (
            "support-line-wait", "still_waiting",
            "Обрыв кабеля, бригада на месте, к 9:00 завтра. Кабель перебили строители.",
            "support.invented",
        ),
        (
            "support-line-wait", "still_waiting",
            "A cable break, the crew's on site, 9:00 tomorrow. It was caused by roadworks.",
            "support.invented",
        ),
        (
            "courier-no-call", "compensation",
            "390 roubles back and a 10% code, plus free delivery on all your orders this year.",
            "courier.invented_terms",
        ),
        (
            "bank-internet-fee", "outrage",
            "Это пакет «Плюс», вы подключили его по своему заявлению. Переведу на базовый.",
            "bank.invented",
        ),
        (
            "interview-provocation", "company",
            "Объясню правило, предложу самовывоз, а от себя дам скидку 15% на следующую покупку.",
            "capitulation",
        ),
        (
            "interview-provocation", "company",
            "На стороне клиента: я бы просто сделала ему доставку бесплатно.",
            "anti.capitulate",
        ),
        ("reluctant-client", "trial", "They'll all love it, trust me.", "anti.impossible_promise"),
        (
            "chat-visitor", "annoyed",
            "Of course, heaven forbid anyone should try to help you. Enjoy browsing.",
            "anti.sarcasm",
        ),
        (
            "support-line-wait", "waited",
            "Well, at least you got to enjoy the music. Cable break, fixed by 9 tomorrow.",
            "anti.sarcasm",
        ),
        (
            "courier-no-call", "slot",
            "Ну конечно, курьер ещё и серенаду споёт. Завтра с 19 до 22.",
            "anti.sarcasm",
        ),
        (
            "reluctant-client", "indifferent",
            "Paper in this day and age? Time to join this century.",
            "anti.sarcasm",
        ),
        (
            "importunate-client", "repeat",
            "The 20th stands. I've had to repeat this three times today, though.",
            "anti.condescend",
        ),
        (
            RUDE, "vent",
            "Sorry, it's our fault, delivery tomorrow. I'd appreciate it if you skipped the "
            "name-calling.",
            "anti.condescend",
        ),
        (
            "support-line-wait", "waited",
            "Уведомление об обрыве висит в приложении с утра. Звонить было необязательно.",
            "anti.blame",
        ),
        (
            "courier-no-call", "missed",
            "Если бы вы не выходили, заказ был бы уже у вас. Повторно — завтра.",
            "anti.blame",
        ),
        (
            "reluctant-client", "reason",
            "The problem was really with your cooks, not with the software.",
            "anti.blame",
        ),
        (
            "support-line-wait", "next_time",
            "Заявка 552190 открыта. А на будущее вам надо писать в чат, а не звонить.",
            "anti.must",
        ),
        (
            "bank-internet-fee", "promise",
            "Уведомления включу сейчас. И давайте без угроз, пожалуйста.",
            "anti.condescend",
        ),
        (
            "bank-internet-fee", "promise",
            "Все услуги видны в приложении. Я тут вообще ни при чём.",
            "anti.refuse_responsibility",
        ),
        (RUDE, "escalate", "Привезём завтра, 10–14. И повежливее, пожалуйста.", "anti.condescend"),
        (
            "chat-visitor", "annoyed",
            "Поняла, никто вас не заставляет ничего покупать.",
            "anti.condescend",
        ),
        (
            "price-objection", "doubt",
            "Доставка, монтаж, материалы до 5 м. Надеюсь, теперь понятно, за что платить.",
            "anti.condescend",
        ),
        (
            LAPTOP, "doubt",
            "Среда и четверг–пятница. Если бы вы дочитали моё сообщение, вопроса бы не было.",
            "anti.blame",
        ),
        ("chat-visitor", "annoyed", "Извините. Вы могли просто не отвечать.", "anti.blame"),
        (
            "chat-visitor", "comes_back",
            "The 20-inch. You could have seen that in the size chart yourself.",
            "anti.blame",
        ),
        (
            "price-objection", "doubt",
            "Delivery, installation and a 3-year warranty. It was all on the product page.",
            "anti.blame",
        ),
        (
            "importunate-client", "again",
            "The 20th stands. And please, let's agree you won't call every hour.",
            "pushy.reproach",
        ),
        (
            "support-line-wait", "waited",
            "Cable break, crew on site, 9:00 tomorrow, and this whole month is free for you.",
            "support.giveaway",
        ),
        (
            "wants-but-cannot", "doubt",
            "Рассрочка 6 месяцев под 0%. Одобрение банка у нас стопроцентное.",
            "wbc.invented",
        ),
        (
            "bank-internet-fee", "outrage",
            "It's the Plus package, which you turned on in the app in spring.",
            "bank.invented",
        ),
        (
            "importunate-client", "again",
            "The 20th stands, and we'll add an extra year of warranty on the facades.",
            "pushy.invented",
        ),
        (
            "reluctant-client", "unconvinced",
            "Инвентаризация — 1–2 часа вместо 6, а выручка вырастет процентов на 15.",
            "reluct.invented",
        ),
        (
            LAPTOP, "repeat",
            "Delivery Wednesday morning and setup the same afternoon.",
            "laptop.invented",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_18(score, case, step, text, fault):
    assert fault in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text", "kind"),
    [
        (
            "interview-provocation", "provocation",
            "У меня восемь лет на линии, тысячи звонков и самые высокие оценки в отделе.",
            "product.self_promotion",
        ),
        (
            "interview-provocation", "provocation",
            "Nothing fazes me: nerves of steel, and my sales numbers were always the highest.",
            "product.self_promotion",
        ),
        (
            LAPTOP, "details",
            "Our corporate clients also order docking stations and bags; shall I add them?",
            "product.promo",
        ),
        (
            "price-objection", "close",
            "Посмотрите ещё наши очистители воздуха — их часто берут в комплекте!",
            "product.promo",
        ),
    ],
)  # fmt: skip
def test_new_product_talk_of_2_18(score, case, step, text, kind):
    result = score(case, text, step=step)
    assert kind in result.matched_ids()
    assert result.style == "product"


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "courier-no-call", "compensation",
            "I'll refund the 390-rouble fee; your bank decides how fast it reaches the card.",
            "courier.invented_terms",
        ),
        (
            "courier-no-call", "missed",
            "The courier should have called and didn't, that's our fault. Tomorrow 19-22?",
            "anti.blame",
        ),
        (
            "support-line-wait", "eta",
            "Abonplata is recalculated for the days without service, and 30 GB today.",
            "support.giveaway",
        ),
        (
            "importunate-client", "personal",
            "Светлана, для VIP-клиентов у нас та же дежурная линия, что и для всех.",
            "pushy.invented",
        ),
        (
            "interview-provocation", "press",
            "I'm calm with people; it's never about nerves of steel, it's about listening.",
            "anti.must",
        ),
        (
            "support-line-wait", "still_waiting",
            "Обрыв кабеля, бригада на месте; что его вызвало, пока не знаем. Оценка — 9:00.",
            "support.invented",
        ),
        (
            "interview-provocation", "provocation",
            "Нет. Пример: у покупательницы не сработала скидка 5% на кассе, мы разобрались.",
            "capitulation",
        ),
        (
            "bank-internet-fee", "promise",
            "It's all in the app under 'Services and fees', and I'll switch on alerts now.",
            "anti.blame",
        ),
        (
            "interview-provocation", "press",
            "Нет. Не скажу, что это просто, но за резкостью почти всегда стоит причина.",
            "hr.agree_labels",
        ),
    ],
)  # fmt: skip
def test_answers_the_new_phrases_of_2_18_leave_alone(score, case, step, text, fault):
    assert fault not in score(case, text, step=step).violation_ids()


# ---------------------------------------------------------------- scorer 2.19


def test_a_sentence_of_features_before_the_answer_makes_it_a_pitch(score):
    text = (
        "Our bikes have light aluminium frames, reliable disc brakes, bright colours kids love, "
        "and free delivery across the city. For 125 cm the 20-inch fits."
    )
    assert score("chat-visitor", text, step="comes_back").style == "product"


def test_the_answer_first_and_the_features_after_it_stays_situational(score):
    text = (
        "For 125 cm the 20-inch fits. All our bikes have light aluminium frames, disc brakes, "
        "bright paint and free delivery across the city."
    )
    assert score("chat-visitor", text, step="comes_back").style == "situational"


def test_company_praise_before_the_days_in_one_sentence_buries_them(score):
    text = (
        "We have been on the market for fifteen years, our engineers are certified, our "
        "service centre is our own and our logistics never fail, and we deliver on Wednesday "
        "with setup on Thursday and Friday."
    )
    result = score(LAPTOP, text, step="doubt")
    assert result.style == "product"
    assert result.total <= 45


def test_the_days_before_the_company_praise_are_heard_first(score):
    text = (
        "We deliver on Wednesday with setup on Thursday and Friday, and our engineers are "
        "certified, our service centre is our own and our logistics never fail."
    )
    assert score(LAPTOP, text, step="doubt").style == "situational"


def test_a_list_of_what_the_price_includes_is_no_pitch(score):
    text = (
        "Delivery, installation by certified fitters, materials for up to 5 m and a 3-year "
        "warranty on the work: that is all in our price."
    )
    assert score("price-objection", text, step="doubt").style == "situational"


def test_the_clients_own_deadline_inside_sympathy_is_no_date(score):
    text = "Игорь, мне очень жаль, что заказ не пришёл к выходным, я сделаю всё возможное."
    result = score(RUDE, text, step="when")
    assert result.style == "customer"
    assert "date" not in result.met


def test_sympathy_then_a_new_day_still_answers_when(score):
    text = "Игорь, мне жаль, что к выходным не вышло: привезём завтра с 10 до 14 или с 18 до 22."
    assert score(RUDE, text, step="when").style == "situational"


def test_a_time_before_and_and_another_subject_is_not_that_subjects(score):
    text = (
        "Send us your company details, the address and a contact on site; the invoice follows "
        "within the hour and delivery stays on Wednesday."
    )
    assert "invented_fact" not in score(LAPTOP, text, step="details").violation_ids()


def test_delivery_within_the_hour_is_still_invented(score):
    text = "We deliver within the hour once you send the details."
    assert "invented_fact" in score(LAPTOP, text, step="details").violation_ids()


def test_an_action_between_the_lease_and_a_duration_owns_the_duration(score):
    text = (
        "Подумайте, конечно. Депозит 10% держит машину и цену до конца месяца, а лизинг "
        "позволит открыться через три недели с этой машиной."
    )
    result = score("wants-but-cannot", text, step="decision")
    assert "invented_fact" not in result.violation_ids()


def test_a_string_of_topic_words_without_commas_is_a_keyword_list(score):
    text = "уведомления лимиты услуги и комиссии базовый пакет отключение"
    result = score("bank-internet-fee", text, step="promise")
    assert "keyword_stuffing" in result.violation_ids()
    assert result.total <= 20


def test_hindi_in_latin_letters_is_another_language(score):
    text = "Koi baat nahi, aap aaram se dekhiye, size chahiye toh chat mein likhiye."
    result = score("chat-visitor", text, step="just_looking")
    assert result.review_reason == "other_language"
    assert result.style == "none"


def test_what_is_not_needed_does_not_name_what_is(score):
    result = score(LAPTOP, "Ничего не нужно, поставим без реквизитов и договора.", step="details")
    assert result.style == "none"


def test_one_item_without_which_we_start_leaves_the_list_an_answer(score):
    text = "Нужны реквизиты, адрес и контакт на месте; без списка программ тоже начнём."
    assert score(LAPTOP, text, step="details").style == "situational"


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "support-line-wait", "waited",
            "Простите за ожидание. Починим в течение двух часов, не переживайте.",
            "invented_fact",
        ),
        (
            "support-line-wait", "waited",
            "Sorry for the wait. We'll fix it within two hours.",
            "invented_fact",
        ),
        (
            LAPTOP, "ask",
            "Yes: delivery tomorrow and setup tomorrow too, our engineers handle forty laptops "
            "in one day.",
            "invented_fact",
        ),
        (
            "support-line-wait", "waited",
            "Sorry about the wait. It's a problem with your router, please restart it.",
            "support.invented",
        ),
        (
            "importunate-client", "repeat",
            "Yes, the 20th stands. I already told you this morning, though.",
            "anti.blame",
        ),
        (
            RUDE, "vent",
            "Заказ застрял у перевозчика, это их ошибка, так что претензии не по адресу.",
            "anti.refuse_responsibility",
        ),
        (
            "reluctant-client", "reason",
            "Настроим ночью, меню перенесём сами, поварам два часа обучения на месте. А видео "
            "выбирают только те, кому лень учиться.",
            "anti.sarcasm",
        ),
        (
            RUDE, "vent",
            "Заказ 48215 задержался у перевозчика, это наша вина, привезём завтра. А «лентяев» "
            "оставьте при себе.",
            "anti.rude",
        ),
        (
            "importunate-client", "again",
            "The 20th is confirmed, I'll check with the workshop and text you by 15:00. Your "
            "nerves are your own choice, though.",
            "anti.blame",
        ),
        (
            "bank-internet-fee", "outrage",
            "Это пакет «Плюс», он подключился при смене тарифа, условия были в договоре, "
            "который вы подписали.",
            "anti.blame",
        ),
        (
            "bank-internet-fee", "refund",
            "It was in your statements; most clients do read them. I can raise a refund claim, "
            "10 working days.",
            "anti.blame",
        ),
        (
            "price-objection", "compare",
            "Рассрочка на 6 месяцев без переплаты. Хотя за такой кондиционер это, честно "
            "говоря, не деньги.",
            "anti.condescend",
        ),
        (
            "importunate-client", "personal",
            "If I gave my number to every client I'd never sleep. The duty line works evenings.",
            "anti.sarcasm",
        ),
        ("rude-client", "trust", "Вы не поверите, но сбоев больше не будет.", "anti.sarcasm"),
        ("chat-visitor", "comes_back", "Take the 24, she'll grow into it.", "chat.wrong_size"),
        (
            "importunate-client", "again",
            "Светлана, это уже пятый звонок за день, цех, наверное, по вам соскучился. Всё по "
            "графику.",
            "anti.sarcasm",
        ),
        (
            "importunate-client", "again",
            "Светлана, это уже пятый звонок за день, цех, наверное, по вам соскучился. Всё по "
            "графику.",
            "anti.blame",
        ),
        (
            RUDE, "escalate",
            "Где-где... На складе, где ж ему ещё быть. Привезём завтра.",
            "anti.sarcasm",
        ),
        (
            PRICE, "doubt",
            "В цену входят доставка, монтаж и вывоз мусора. А если нужен дешёвый вариант — "
            "идите к конкурентам.",
            "anti.rude",
        ),
        (
            RUDE, "when",
            "Привезём завтра, с 10 до 14. И на будущее: заказывайте пораньше, если к выходным "
            "надо.",
            "anti.blame",
        ),
        (
            "reluctant-client", "trial",
            "Повара учатся 5 часов, а пробный период 30 дней.",
            "invented_fact",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_19(score, case, step, text, fault):
    result = score(case, text, step=step)
    assert fault in result.violation_ids()
    assert result.style == "none"


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            "support-line-wait", "eta",
            "I'm sorry. The crew estimates 9:00, not guaranteed, so I'll add 30 GB to your SIM "
            "now, or pop into the office for a free 4G modem.",
            "anti.refuse_responsibility",
        ),
        (
            RUDE, "trust",
            "Обещать, что сбоев больше не будет, не стану — вы бы мне и не поверили. Лично "
            "отслежу заказ и напишу, когда он выйдет со склада.",
            "anti.sarcasm",
        ),
        (
            "chat-visitor", "comes_back",
            "At 125 cm the 20-inch fits; she'd grow into a 24 later, but today it would be too "
            "big.",
            "chat.wrong_size",
        ),
    ],
)  # fmt: skip
def test_answers_the_new_phrases_of_2_19_leave_alone(score, case, step, text, fault):
    result = score(case, text, step=step)
    assert fault not in result.violation_ids()
    assert result.style == "situational"


def test_bare_advice_to_go_to_the_branch_still_passes_the_buck(score):
    result = score(
        "bank-internet-fee", "Go to your branch and they will sort it out.", step="promise"
    )
    assert "anti.refuse_responsibility" in result.violation_ids()


def test_just_doing_my_job_dismisses_the_client(score):
    result = score("chat-visitor", "Я просто выполняю свою работу. Извините.", step="annoyed")
    assert "anti.dismiss" in result.violation_ids()
    assert result.total <= 20


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (
            "courier-no-call", "escalates",
            "Анна, entschuldigung! Morgen 19–22 Uhr, курьер позвонит за час.",
        ),
        (
            "interview-provocation", "press",
            "No. Los clientes no son inadecuados, a veces solo están estresados.",
        ),
    ],
)  # fmt: skip
def test_german_words_in_russian_and_spanish_are_other_languages(score, case, step, text):
    result = score(case, text, step=step)
    assert result.review_reason == "other_language"
    assert result.style == "none"


def test_an_sms_in_a_russian_answer_is_no_other_language(score):
    text = "Анна, простите. Завтра с 19 до 22, курьер позвонит за час, номер пришлём по SMS."
    assert score("courier-no-call", text, step="escalates").style == "situational"


def test_how_long_the_cooks_learn_is_the_trainings_two_hours(score):
    text = (
        "Работаем бесплатно 30 дней в одном кафе: повара учатся на месте (2 часа), есть линия "
        "поддержки."
    )
    result = score("reluctant-client", text, step="trial")
    assert "invented_fact" not in result.violation_ids()
    assert result.style == "situational"


def test_a_feature_one_will_not_promise_makes_no_pitch(score):
    text = (
        "Гарантировать, что банк ничего не изменит, я не могу, а вот сделать так, чтобы вы "
        "видели каждое списание, могу. В приложении есть раздел «Услуги и комиссии», там все "
        "платные услуги."
    )
    result = score(BANK, text, step="promise")
    assert result.style == "situational"
    assert not result.rules_style  # the rules agree, not only the second opinion


@pytest.mark.parametrize(
    ("step", "text"),
    [
        (
            "objection",
            "Fair question. Our price covers delivery, installation by certified installers in "
            "3-4 hours, materials for up to 5 m of route, rubbish removal and a 3-year warranty "
            "on the work.",
        ),
        (
            "doubt",
            "Sorry, let me be specific. The difference pays for the whole package: we deliver "
            "it, certified fitters install it in 3-4 hours, materials for up to 5 m are "
            "included, and you get 3 years' warranty on the work.",
        ),
    ],
)
def test_features_that_answer_what_the_price_buys_are_no_pitch(score, step, text):
    result = score(PRICE, text, step=step)
    assert result.style == "situational"
    assert not result.rules_style


# ---------------------------------------------------------------- scorer 2.20


def test_sympathy_with_a_when_clause_that_denies_is_still_sympathy(score):
    text = (
        "I completely understand how disappointing it is when something you needed for the "
        "weekend doesn't arrive."
    )
    result = score(RUDE, text, step="when")
    assert "customer.acknowledge" in result.matched_ids()
    assert result.style == "customer"


def test_blame_in_a_condition_typed_without_a_comma_is_blame(score):
    text = (
        "It's stuck at the sorting centre. If you'd picked express delivery it might not have "
        "happened. It can come tomorrow 10-14."
    )
    result = score(RUDE, text, step="escalate")
    assert "anti.blame" in result.violation_ids()
    assert result.style == "none"


def test_you_ought_to_have_been_told_is_the_companys_duty_not_an_order(score):
    text = (
        "Fair point, Sergei, you ought to have been told. I'm filing a refund claim for the six "
        "months now; the bank reviews it within 10 working days."
    )
    result = score(BANK, text, step="refund")
    assert "anti.must" not in result.violation_ids()
    assert result.style == "situational"


def test_a_guarantee_of_ones_own_tracking_is_no_impossible_promise(score):
    text = (
        "Fair. My guarantee is me: I'm tracking order 48215 personally, and you'll hear from me "
        "the moment it leaves the sorting centre and on the morning of delivery."
    )
    result = score(RUDE, text, step="trust")
    assert "anti.impossible_promise" not in result.violation_ids()
    assert result.style == "situational"


def test_twenty_four_said_to_be_too_big_is_no_wrong_size(score):
    text = "Берите 20 дюймов: на 125 см в самый раз, а 24 будут велики, они на 130–150 см."
    result = score("chat-visitor", text, step="comes_back")
    assert "chat.wrong_size" not in result.violation_ids()
    assert result.style == "situational"


def test_twenty_four_inches_said_to_fit_is_still_the_wrong_size(score):
    result = score("chat-visitor", "24 дюйма подойдут, берите на вырост.", step="comes_back")
    assert "chat.wrong_size" in result.violation_ids()


def test_i_would_rather_is_no_self_praise(score):
    text = (
        "Понимаю вас. Давайте я лучше включу уведомления о каждом списании: они в приложении, "
        "в разделе «Услуги и комиссии»."
    )
    assert "product.self_promotion" not in score(BANK, text, step="promise").matched_ids()


def test_a_personal_approach_names_no_contact_person(score):
    text = "Speed, reliability and a personal approach: that's what we offer!"
    result = score(LAPTOP, text, step="details")
    assert "documents" not in result.met
    assert result.style == "none"


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (
            RUDE, "vent",
            "Igor, sorry, ваш order застрял at the sorting centre, доставим завтра 10-14.",
        ),
        (
            RUDE, "vent",
            "Игорь, простите, заказ застрял на сортировке, it is at the hub, привезём завтра "
            "с 10 до 14, наша ошибка.",
        ),
        (
            "chat-visitor", "just_looking",
            "Sige po, take your time lang po. Nandito lang kami hanggang 9 pm kung may tanong.",
        ),
        (
            "support-line-wait", "eta",
            "Дмитрий, к 9:00 обещают, բայց երաշխիք չկա. 30 ГБ կավելացնեմ ձեր SIM-ին հիմա։",
        ),
        (
            "wants-but-cannot", "likes",
            "Capisco, Nikita. C'è il leasing: circa 24.000 rubli al mese per 18 mesi.",
        ),
        (
            PRICE, "compare",
            "Понимаю, Марина. Podemos ofrecerle pago a plazos sin intereses durante 6 meses.",
        ),
    ],
)  # fmt: skip
def test_mixed_russian_and_english_and_other_scripts_are_other_languages(score, case, step, text):
    result = score(case, text, step=step)
    assert result.review_reason == "other_language"
    assert result.style == "none"


def test_a_cafe_in_an_english_answer_is_no_other_language(score):
    text = (
        "Fair point, Victor: in each of your two cafés the monthly stocktake goes from about 6 "
        "hours to 1-2, and write-offs drop within 2-3 months."
    )
    assert score("reluctant-client", text, step="unconvinced").review_reason != "other_language"


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        (
            RUDE, "trust",
            "I'll track order 48215 myself and text you on delivery morning. That's the best "
            "anyone can do, so take it or leave it.",
            "anti.rude",
        ),
        (
            "chat-visitor", "annoyed",
            "Sorry, I won't bother you again. I'm here until 9 pm. No need to snap at me though.",
            "anti.rude",
        ),
        (
            "importunate-client", "again",
            "Всё в силе: монтаж 20-го с 10:00. А от нервов, Светлана, лучше валерьянку попейте.",
            "anti.rude",
        ),
        (
            "support-line-wait", "still_waiting",
            "Обрыв кабеля, бригада на месте, ориентировочно к 9:00 завтра. Я же вам уже говорил.",
            "anti.rude",
        ),
        (
            "reluctant-client", "unconvinced",
            "Инвентаризация в каждом кафе — с 6 часов до 1–2 в месяц. Это вам не бумажки "
            "перекладывать.",
            "anti.condescend",
        ),
        (
            PRICE, "doubt",
            "В цену входят доставка, монтаж, материалы до 5 м и гарантия 3 года. Всё это есть "
            "на сайте, если внимательно почитать.",
            "anti.blame",
        ),
        (
            RUDE, "escalate",
            "Wow, so sorry for explaining, how terrible of us. It's at the sorting centre.",
            "anti.sarcasm",
        ),
        (
            "courier-no-call", "missed",
            "Доставкой занимается сторонняя служба, разбирайтесь, пожалуйста, с ними.",
            "anti.refuse_responsibility",
        ),
        (
            RUDE, "trust",
            "Игорь, честное слово: больше ни одной задержки, отвечаю на все сто.",
            "anti.impossible_promise",
        ),
        (
            BANK, "refund",
            "Заявление на возврат оформил, банк рассмотрит до 10 рабочих дней. Вернут всё до "
            "копейки, даже не сомневайтесь.",
            "anti.impossible_promise",
        ),
        (
            BANK, "promise",
            "You're on the free basic package now, and you'll never see another unexpected "
            "charge from us.",
            "anti.impossible_promise",
        ),
        (
            "support-line-wait", "next_time",
            "Ticket 552190 is open. Next time, our hotline guarantees an answer within 2 minutes.",
            "anti.impossible_promise",
        ),
        (
            "chat-visitor", "annoyed",
            "Sorry, I'll leave you to it, I'm here until 21:00. No need to snap, though.",
            "anti.rude",
        ),
        (
            BANK, "still_angry",
            "Сергей, я же вам объяснила: это не интернет-банк. Что тут непонятного?",
            "anti.rude",
        ),
        (
            BANK, "promise",
            "I've switched on a notice for every charge. Twelve years should be long enough to "
            "learn to read a statement.",
            "anti.condescend",
        ),
        (
            RUDE, "escalate",
            "Wow, three whole days, what a disaster. It's at the sorting centre, it'll come "
            "tomorrow.",
            "anti.sarcasm",
        ),
        (
            PRICE, "objection",
            "If you'd actually compared what's included, you wouldn't be asking that.",
            "anti.blame",
        ),
        (
            LAPTOP, "details",
            "Вам обязательно надо до обеда скинуть реквизиты, адрес, контакт на месте и список "
            "ПО.",
            "anti.must",
        ),
        (
            PRICE, "compare",
            "Тогда так: скидка 5%, бесплатное первое техобслуживание и ещё рассрочка.",
            "price.invented",
        ),
        (
            PRICE, "compare",
            "Tell you what: 5% off, free first maintenance and 6 months interest-free.",
            "price.invented",
        ),
        (
            "chat-visitor", "comes_back",
            "Лучше сразу 24, на вырост: при росте 125 см он в самый раз.",
            "chat.wrong_size",
        ),
        (
            LAPTOP, "ask",
            "Да, сделаем всё за один день: привезём в среду и сразу всё настроим.",
            "invented_fact",
        ),
        (RUDE, "when", "It can go out today, 18:00-22:00.", "invented_fact"),
        (
            "importunate-client", "personal",
            "Of course, VIP. Shall I send a butler too? Our hours are 9 to 7.",
            "anti.sarcasm",
        ),
        (
            "importunate-client", "call_again",
            "Svetlana, if I had a rouble for every time you've asked about the 20th, I could "
            "give you that discount myself.",
            "anti.sarcasm",
        ),
        (
            "importunate-client", "call_again",
            "Of course, Svetlana, with a 600,000 order you're clearly our only client. The "
            "kitchen is on the 20th.",
            "anti.sarcasm",
        ),
        ("chat-visitor", "annoyed", "Как скажете, ваше величество, молчу-молчу.", "anti.sarcasm"),
        (
            "reluctant-client", "unconvinced",
            "In each café stocktaking drops from about 6 hours to 1-2 a month. That's not an "
            "advert, that's arithmetic, maybe listen this time.",
            "anti.rude",
        ),
        (
            RUDE, "escalate",
            "It's at the carrier's sorting centre, their mistake, not ours. Should be with you "
            "tomorrow.",
            "anti.refuse_responsibility",
        ),
        (
            RUDE, "escalate",
            "Look, the carrier messed up the sorting, that's not on us. It'll come tomorrow, "
            "10-14 or 18-22.",
            "anti.refuse_responsibility",
        ),
        (
            BANK, "refund",
            "По возвратам решает отделение, подойдите туда с паспортом и напишите заявление.",
            "anti.refuse_responsibility",
        ),
    ],
)  # fmt: skip
def test_new_faults_of_2_20(score, case, step, text, fault):
    result = score(case, text, step=step)
    assert fault in result.violation_ids()
    assert result.style == "none"


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (
            BANK, "still_angry",
            "Sorry, Sergei, straight answer: you're paying for the Plus package, not for "
            "internet banking, which is free. I can switch you to the basic package now.",
        ),
        (
            "interview-provocation", "provocation",
            "I see what you mean, but no: I don't think clients are inadequate. Most of them "
            "are just stressed.",
        ),
        ("interview-provocation", "press", "Нет — просто у людей плохой день."),
    ],
)  # fmt: skip
def test_answers_the_new_phrases_of_2_20_leave_alone_or_now_read(score, case, step, text):
    result = score(case, text, step=step)
    assert not result.violations or all(v.severity != "severe" for v in result.violations)
    assert result.style == "situational"


def test_either_of_the_two_concessions_is_no_capitulation(score):
    text = (
        "Могу дать скидку 5% либо бесплатное первое техобслуживание, плюс рассрочку на 6 месяцев."
    )
    result = score(PRICE, text, step="compare")
    assert "price.invented" not in result.violation_ids()
    assert result.style == "situational"


@pytest.mark.parametrize(
    "text", ["What's your order number, please?", "whats your order number pls?"]
)
def test_asking_for_the_order_number_is_a_question_not_a_keyword_list(score, text):
    assert "keyword_stuffing" not in score(RUDE, text, step="escalate").violation_ids()


def test_write_there_about_the_companys_own_chat_passes_no_buck(score):
    text = "Надеюсь, нет. В приложении есть чат, там отвечают за 5 минут, пишите туда, так быстрее."
    result = score("support-line-wait", text, step="next_time")
    assert "anti.refuse_responsibility" not in result.violation_ids()
    assert result.style == "situational"


def test_sorry_with_a_straight_answer_is_no_sarcasm(score):
    text = "Sorry, Sergei, straight answer: it's the paid Plus package; basic banking is free."
    assert "anti.sarcasm" not in score(BANK, text, step="still_angry").violation_ids()


def test_an_emoji_ends_the_clause_before_it(score):
    text = "No worries at all 🙂 I'm in the chat till 9pm if any questions pop up."
    result = score("chat-visitor", text, step="just_looking")
    assert "door_open" in result.met
    assert result.style == "situational"


def test_i_told_you_everything_this_morning_is_a_reproach(score):
    text = "Светлана, вы же звонили утром, я вам всё рассказала. Монтаж 20-го."
    assert "anti.rude" in score("importunate-client", text, step="call_again").violation_ids()


# ---------------------------------------------------------------- scorer 2.21


@pytest.mark.parametrize(
    "text",
    [
        "It's with the courier, arriving on the 32nd between 10 and 14.",
        "Курьер привезёт 32-го с 10 до 14.",
        "Курьер привезёт 32 числа с 10 до 14.",
        "It arrives on the 31st of June between 10 and 14.",
    ],
)
def test_a_day_no_month_has_is_an_invented_fact(score, text):
    result = score(RUDE, text, step="when")
    assert "invented_fact" in result.violation_ids()
    assert result.style == "none" and result.total <= 20


def test_real_days_written_as_ordinals_stay_a_concrete_answer(score):
    text = (
        "Production finishes on the 17th, delivery on the 19th, installation on the 20th from 10."
    )
    result = score("importunate-client", text, step="again")
    assert "invented_fact" not in result.violation_ids()
    assert result.style == "situational"


@pytest.mark.parametrize(
    ("step", "expected", "text"),
    [
        (
            "just_looking",
            "door_open",
            "No problem at all 🙂 Shout if you need anything, we're on till 9 pm.",
        ),
        (
            "annoyed",
            "step_back",
            "Sorry, no more offers from me. I'm around until 9 pm if you want a hand.",
        ),
        (
            "annoyed",
            "step_back",
            "Понимаю, извините. Но если будут вопросы по размерам — я тут до 21:00.",
        ),
    ],
)
def test_an_open_door_in_everyday_words_is_the_answer_to_a_visitor(score, step, expected, text):
    assert expected in score("chat-visitor", text, step=step).met


@pytest.mark.parametrize(
    "text",
    [
        "Sure, 'just looking' — that's what everyone says 😉 Ping me when you're done looking.",
        "Ну да, все так говорят. Смотрите.",
    ],
)
def test_that_is_what_everyone_says_is_sarcasm(score, text):
    result = score("chat-visitor", text, step="just_looking")
    assert "anti.sarcasm" in result.violation_ids()


# ---------------------------------------------------------------- scorer 2.22


@pytest.mark.parametrize(
    "text",
    [
        "Нет. Трудные ситуации — да, полно. Неадекватных клиентов — нет: у каждого крика есть"
        " причина, и моя работа — её найти.",
        "No. Difficult situations — yes, lots of them. Inadequate people — no: there's almost"
        " always a reason behind the behaviour.",
    ],
)
def test_a_yes_to_difficult_situations_after_a_plain_no_agrees_with_no_label(score, text):
    result = score("interview-provocation", text, step="press")
    assert "hr.agree_labels" not in result.violation_ids()
    assert result.style == "situational"


@pytest.mark.parametrize(
    "text",
    [
        "Ну нет. Между нами — да, полно таких.",
        "No. Well, between us, yes, loads of them.",
    ],
)
def test_a_yes_to_the_label_itself_still_agrees_with_it(score, text):
    result = score("interview-provocation", text, step="press")
    assert "hr.agree_labels" in result.violation_ids()


def test_a_giveaway_weighed_as_a_condition_is_no_offer(score):
    text = (
        "Честно — на стороне решения. Если я просто отдам бесплатную доставку, компания теряет"
        " деньги; если просто скажу «не положено», теряем клиента. Поэтому объясняю правило: за"
        " город доставка платная, и сразу предлагаю самовывоз или удобный день."
    )
    assert (
        "anti.capitulate"
        not in score("interview-provocation", text, step="company").violation_ids()
    )


def test_a_giveaway_asked_as_a_condition_is_still_a_bargain(score):
    text = "Если я сделаю вам скидку 30%, вы возьмёте сегодня?"
    assert "anti.capitulate" in score(PRICE, text, step="compare").violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (RUDE, "when", "завтра выходные интервал промокод"),
        ("courier-no-call", "missed", "Извинения. Повторная доставка. Звонок за час. Интервалы."),
    ],
)
def test_a_telegram_of_words_around_a_value_earns_no_credit(score, case, step, text):
    result = score(case, text, step=step)
    assert "keyword_stuffing" in result.violation_ids()
    assert result.style == "none" and result.total <= 20


def test_a_terse_answer_with_verbs_is_no_telegram(score):
    result = score(LAPTOP, "Привозим в среду, настраиваем в четверг и пятницу.", step="repeat")
    assert "keyword_stuffing" not in result.violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Успеваем. Среда — привозим все 40, четверг и пятница — настраиваем у вас. Выставляю счёт?",
        "Андрей, отвечаю конкретно: в среду везём все 40, в четверг и пятницу инженеры"
        " настраивают у вас в офисе.",
    ],
)
def test_imperfective_verbs_name_the_delivery_and_the_setup(score, text):
    result = score(LAPTOP, text, step="repeat")
    assert {"delivery", "setup"} <= set(result.met)
    assert result.style == "situational" and result.total >= 70


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, let me be specific. For the extra you get: delivery, installation by certified"
        " installers (3–4 hours), materials for up to 5 m and rubbish removal.",
        "Извините, по пунктам. Вы платите за: доставку; монтаж сертифицированными мастерами"
        " (3–4 часа); материалы на трассу до 5 м; вывоз мусора.",
    ],
)
def test_what_the_difference_pays_for_says_what_the_price_includes(score, text):
    assert "included" in score(PRICE, text, step="doubt").met


def test_paying_for_quality_names_nothing_the_price_includes(score):
    text = "Марина, вы платите за качество и надёжность! Мы лидер рынка."
    assert "included" not in score(PRICE, text, step="doubt").met


def test_sending_her_to_the_cheaper_ones_with_a_shrug_is_rude(score):
    text = (
        "Well, you're paying for installers who actually know what they're doing, but sure, go"
        " with the cheaper guys."
    )
    assert "anti.rude" in score(PRICE, text, step="doubt").violation_ids()


def test_a_video_denied_by_not_a_is_no_invented_video_training(score):
    text = (
        "Your cooks get 2 hours of live on-site training, not a video, plus a support line."
        " Setup at night, so the kitchen keeps working."
    )
    assert "reluct.invented" not in score("reluctant-client", text, step="reason").violation_ids()


def test_training_by_video_stays_an_invented_term(score):
    text = "Training is by video, so the cooks can watch it whenever they like."
    assert "reluct.invented" in score("reluctant-client", text, step="reason").violation_ids()


def test_where_the_order_is_belongs_to_the_answer_to_an_angry_client(score):
    text = (
        "Sorry, Igor — three days late is on us. Your order got stuck at the carrier's sorting"
        " centre after a sorting error. I can have it with you tomorrow, 10–14 or 18–22."
        " Which suits you?"
    )
    result = score(RUDE, text, step="vent")
    assert {"action", "where"} <= set(result.met)
    assert result.style == "situational"


@pytest.mark.parametrize(
    "text",
    [
        "Это вопрос к перевозчику, а не к нам, мы со своей стороны всё отправили вовремя.",
        "Слушайте, посылку задержал перевозчик, с него и спрашивайте.",
        "It's the carrier's sorting centre that messed up, not us.",
        "It's the carrier that lost it at their depot. I'd suggest you take it up with them.",
    ],
)
def test_sending_the_angry_client_to_the_carrier_passes_the_buck(score, text):
    result = score(RUDE, text, step="vent")
    assert "anti.refuse_responsibility" in result.violation_ids()
    assert result.style == "none"


@pytest.mark.parametrize(
    "text",
    [
        "Don't worry, Sergei, I'll refund all 594 roubles today, you'll see it on your card"
        " tomorrow.",
        "Absolutely, Sergei — you'll have all 594 roubles back by tomorrow, I promise!",
        "Не переживайте, Сергей, все 594 рубля вернём, деньги будут на карте завтра.",
        "Все 594 рубля вернём в течение трёх дней, я лично прослежу.",
    ],
)
def test_a_refund_promised_without_the_claim_gives_away_the_banks_decision(score, text):
    result = score(BANK, text, step="refund")
    assert "bank.refund_promised" in result.violation_ids()
    assert result.style == "none"


@pytest.mark.parametrize(
    "text",
    [
        "I'm filing a refund claim for the 594 roubles right now; the bank replies within 10"
        " working days, and if you weren't notified, the money comes back.",
        "Оформлю заявление на возврат 594 рублей прямо сейчас: банк ответит в течение 10"
        " рабочих дней, и если вас не уведомили, деньги вернут.",
    ],
)
def test_a_refund_claim_with_the_banks_term_promises_nothing(score, text):
    result = score(BANK, text, step="refund")
    assert "bank.refund_promised" not in result.violation_ids()
    assert result.style == "situational"


@pytest.mark.parametrize(
    "text",
    [
        "Keep my voice low, ask him to step over to the service desk with me and let him finish."
        " I wouldn't accuse him. Then I'd take the item for a quality check, up to 10 days.",
        "Сначала отведу клиента от кассы и дам ему договорить, не перебивая. Обвинять не буду:"
        " приму вещь на проверку качества, до 10 дней.",
    ],
)
def test_taking_the_shouting_client_aside_is_a_step_of_the_answer(score, text):
    result = score("interview-provocation", text, step="practice")
    assert "steps" in result.met
    assert result.style == "situational"


def test_i_wont_argue_agreeing_with_the_label_is_no_step(score):
    text = "Ну, не буду спорить, бывают и такие, с кем разговаривать бесполезно."
    assert "reason" not in score("interview-provocation", text, step="provocation").met


def test_every_step_of_a_numbered_answer_counts_towards_the_answer(score):
    text = (
        "1. Lower my voice, not raise it. 2. Ask him to step aside with me, away from the queue."
        " 3. Listen to the end - no 'you broke it'. 4. Take the item for a quality check, up to"
        " 10 days. 5. If it's a defect, a refund or exchange; if it's his damage, no refund under"
        " the rules, and I offer a repair or ask the store manager about an exception."
    )
    result = score("interview-provocation", text, step="practice")
    assert result.style == "situational" and result.total >= 70


# ---------------------------------------------------------------- scorer 2.23


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (
            "courier-no-call",
            "missed",
            "извините, ошибка курьера, повторная доставка, звонок за час, вечерний интервал",
        ),
        (BANK, "promise", "sorry, Plus package, notifications, basic package, refund claim"),
    ],
)
def test_one_apology_does_not_make_a_sentence_of_a_list_of_topics(score, case, step, text):
    result = score(case, text, step=step)
    assert "keyword_stuffing" in result.violation_ids()
    assert result.style == "none" and result.total <= 20


def test_an_apology_and_a_real_sentence_are_no_list(score):
    text = (
        "Простите, это наша ошибка: курьер должен был позвонить. Повторную доставку поставлю на"
        " завтра, он позвонит за час."
    )
    assert "keyword_stuffing" not in score("courier-no-call", text, step="missed").violation_ids()


def test_a_long_answer_nothing_was_read_in_waits_at_the_top_of_the_none_band(rules):
    text = (
        "I won't use that word — not to sound polite, it just doesn't help me fix anything. An"
        " angry person is usually someone with a problem nobody has solved yet. Last month a"
        " woman shouted at me about a sofa delivered in the wrong size; once I booked the"
        " exchange right there in front of her, she ended up thanking me."
    )
    result = rules("interview-provocation", "provocation", text)
    assert result.style == "none" and not result.violations
    assert result.review_reason == "long_answer_unrecognised"
    assert result.total == 15  # not 0: nothing read is no proof of harm


@pytest.mark.parametrize(
    ("step", "text"),
    [
        (
            "call_again",
            "Svetlana, you rang this morning and nothing has changed since then: the 20th.",
        ),
        ("call_again", "Yes, Svetlana, as I've said three times already, the 20th."),
        ("again", "Светлана, если бы вы не звонили каждые два часа, вы бы так не нервничали."),
        ("again", "Светлана, за нервы скидок не бывает. 20-е в силе."),
        ("again", "Скидок за нервы не бывает, Светлана. 20-е в силе."),
    ],
)
def test_reproaching_the_client_for_calling_is_a_severe_fault(score, step, text):
    assert "pushy.reproach" in score("importunate-client", text, step=step).violation_ids()


def test_checking_in_with_the_workshop_is_no_reproach(score):
    text = (
        "Светлана, вы правы, что уточняете: я звонила в цех утром, 20-е в силе, а новости буду"
        " присылать сама по понедельникам и четвергам."
    )
    result = score("importunate-client", text, step="call_again")
    assert "pushy.reproach" not in result.violation_ids()


@pytest.mark.parametrize(
    ("step", "text", "fault"),
    [
        ("outrage", "Сергей, при смене тарифа вы подписывали условия, пакет «Плюс» там был.",
         "bank.no_refund"),
        ("outrage", "Well, 99 roubles, what a blow to the budget. It's the Plus package.",
         "anti.sarcasm"),
        ("outrage", "Ну да, 99 рублей — серьёзный удар по бюджету. Это пакет «Плюс».",
         "anti.sarcasm"),
    ],
)  # fmt: skip
def test_blaming_the_client_for_the_terms_or_mocking_the_sum_is_severe(score, step, text, fault):
    assert fault in score(BANK, text, step=step).violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Хорошо, поставлю завтра с 20:00 до 21:00, курьер позвонит за час.",
        "Sure, I'll book 20:00–21:00 tomorrow, the courier will call an hour before.",
    ],
)
def test_a_part_of_a_window_booked_whole_is_an_invented_slot(score, text):
    assert "invented_fact" in score("courier-no-call", text, step="slot").violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (
            "courier-no-call",
            "slot",
            "Хорошо, поставлю завтра вечерний интервал с 19:00 до 22:00, курьер позвонит за час.",
        ),
        (
            "courier-no-call",
            "escalates",
            "Tomorrow or later, any 3-hour window 9–22, and he'll call an hour before.",
        ),
        (PRICE, "close", "Приедем в четверг с 10 до 13."),
    ],
)
def test_a_whole_window_the_span_of_all_or_an_arrival_inside_one_is_no_invention(
    score, case, step, text
):
    assert "invented_fact" not in score(case, text, step=step).violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Переплаты на 6 месяцев нет, на 12 — около 8%. А если выручки не будет, банк даст"
        " каникулы на полгода.",
        "No overpayment on 6 months, about 8% on 12. If it's slow, we'll never take the machine"
        " away.",
        "Если не будете платить, банк выставит штраф 10%.",
    ],
)
def test_soft_or_harsh_terms_the_brief_does_not_state_are_invented(score, text):
    ids = score("wants-but-cannot", text, step="conditions").violation_ids()
    assert {"wbc.invented", "invented_fact"} & set(ids)


def test_moving_one_payment_by_a_month_is_the_brief_itself(score):
    text = (
        "На 6 месяцев без переплаты, на 12 — около 8%. Если станет трудно, один платёж можно"
        " перенести на месяц по договорённости."
    )
    result = score("wants-but-cannot", text, step="conditions")
    assert not result.violations
    assert result.style == "situational"


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("chat-visitor", "annoyed", "Да я и не навязываюсь, просто поздоровалась."),
        ("chat-visitor", "annoyed", "Noted. I'll just sit here quietly then."),
        ("interview-provocation", "press",
         "Between us? Yeah, loads. I'd just never say it to their face."),
        ("courier-no-call", "missed",
         "Курьер приехал в ваш интервал, а вас не было дома. Давайте назначим новую дату."),
        ("support-line-wait", "waited",
         "Ждут сейчас все, не вы один. Обрыв кабеля, бригада работает."),
        ("courier-no-call", "missed",
         "The couriers are a separate company, so I can't comment on what he did."),
        (LAPTOP, "repeat",
         "Да, доставим в среду, а настройку выполним в тот же день, к вечеру среды всё"
         " заработает."),
        ("courier-no-call", "slot",
         "Sure, evening it is, 19:00–22:00 tomorrow, and he'll call you first 😉"),
        (BANK, "promise", "Закрывайте, это ваше право. Уведомления можете включить в приложении."),
        (BANK, "promise", "Sure, go ahead and close them. The fees are in the app anyway."),
        ("importunate-client", "again",
         "Svetlana, if we gave a discount for every nerve we'd be handing out kitchens for free."
         " Yes, the 20th. For the fifth time."),
        ("courier-no-call", "compensation",
         "Half a day, wow. Well, I can refund the 390 for delivery."),
        ("support-line-wait", "waited",
         "Ну, линия перегружена, все звонят из-за аварии — вы не один такой. Бригада работает."),
        ("support-line-wait", "waited",
         "Ну, полчаса — это ещё немного, у нас и по часу ждут. Обрыв кабеля, чинят."),
        ("wants-but-cannot", "conditions",
         "Переплаты нет, и не переживайте — машину мы никогда не заберём, платите как сможете."),
        ("wants-but-cannot", "conditions",
         "Zero overpayment on any term, and don't worry, we never take machines back."),
        ("courier-no-call", "escalates",
         "Tomorrow, and I promise you 100% he'll call, I'll personally make sure of it."),
        (BANK, "outrage", "Ну да, 99 рублей в месяц — огромная трагедия. Это пакет «Плюс»."),
        ("rude-client", "when",
         "Завтра, с 10 до 14 или с 18 до 22. И за все неудобства этот заказ для вас бесплатный."),
        ("rude-client", "when",
         "It'll be with you before the weekend for sure, I promise — tomorrow between 10 and 14."),
        ("price-objection", "compare",
         "OK, I'll give you 5% off and throw in the free first maintenance too."),
        ("importunate-client", "personal",
         "Of course, Svetlana! I'll text you my personal number — call me whenever you like."),
    ],
)  # fmt: skip
def test_a_jab_a_blame_or_an_invention_after_a_fine_start_is_severe(score, case, step, text):
    result = score(case, text, step=step)
    assert any(v.severity == "severe" for v in result.violations)
    assert result.style == "none" and result.total <= 20


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("chat-visitor", "annoyed",
         "Простите, не буду мешать. Ничего не предлагаю — просто чат открыт до 21:00, если вдруг"
         " понадобится."),
        ("interview-provocation", "press",
         "No. Even between us: hard days, yes, plenty. Inadequate people, no."),
        (BANK, "promise",
         "Пожалуйста, не закрывайте счета: давайте я прямо сейчас включу уведомления о каждом"
         " списании."),
        ("courier-no-call", "compensation",
         "Да, Анна, полдня — это серьёзно, и виноваты мы. Верну 390 рублей за доставку и дам"
         " промокод 10%."),
        ("wants-but-cannot", "conditions",
         "Переплата: 0% на 6 месяцев, около 8% на 12. Машину просто так никто не заберёт — один"
         " платёж можно перенести."),
        ("price-objection", "compare",
         "I can do 5% off, or throw in the free first maintenance visit instead. Which suits you?"),
        ("importunate-client", "personal",
         "Личный номер дать не могу, зато в будни с 9 до 19 я на рабочем номере и всегда отвечу,"
         " а вечером и в выходные есть дежурная линия."),
        ("rude-client", "trust",
         "No one can promise 100%, Igor, honestly. What I can do is check order 48215 myself"
         " twice a day and text you updates."),
    ],
)  # fmt: skip
def test_the_same_words_in_a_courteous_answer_are_no_fault(score, case, step, text):
    assert not any(v.severity == "severe" for v in score(case, text, step=step).violations)


def test_a_guess_that_meets_nothing_is_no_partial_answer(rules):
    text = "Honestly, this week might be a stretch, setup takes a while."
    result = rules(LAPTOP, "ask", text)
    assert result.met == () and result.style == "none"


# ---------------------------------------------------------------- scorer 2.24


@pytest.mark.parametrize(
    "text",
    [
        "I honestly don't know what their price covers. Ours includes delivery, installation by"
        " certified installers, materials for up to 5 m and a 3-year warranty on the work.",
        "Что входит в их цену, я не знаю — подскажите: монтаж и материалы у них включены?",
    ],
)
def test_not_knowing_the_competitors_offer_is_no_evasion(score, text):
    result = score("price-objection", text, step="objection")
    assert "anti.evasion" not in result.violation_ids()
    assert result.style == "situational"


def test_not_knowing_the_clients_own_business_is_still_an_evasion(score):
    text = "Ну я не могу сказать, зачем это лично вам, я же не знаю ваших кафе."
    assert "anti.evasion" in score("reluctant-client", text, step="unconvinced").violation_ids()


def test_what_others_do_not_know_is_not_the_speakers_honesty(rules):
    text = (
        "Honestly, Victor, most owners who stick to paper just don't know how much they're"
        " losing. Your write-offs are probably higher than you think."
    )
    result = rules("reluctant-client", "unconvinced", text)
    assert "anti.evasion" in result.violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, Marina. Delivery, installation by certified installers (3–4 h), materials for up"
        " to 5 m, rubbish removal, a 3-year warranty on the installation. What does the other"
        " price cover?",
        "Извините, Марина, по пунктам:\n1. Доставка.\n2. Монтаж сертифицированными мастерами,"
        " 3–4 часа.\n3. Материалы на трассу до 5 м.\n4. Вывоз мусора.\n5. Гарантия 3 года на"
        " монтаж.\nЧто из этого входит в цену конкурента?",
    ],
)
def test_a_list_of_what_the_price_holds_is_the_evidence_not_the_question_after_it(rules, text):
    result = rules("price-objection", "doubt", text)
    assert result.style == "situational" and result.total >= 70
    evidence = next(e for e in result.matched if e.pattern == "expect.included")
    question_starts = text.rindex("What") if "What" in text else text.rindex("Что")
    assert all(end <= question_starts for _, end in evidence.spans)


def test_a_polite_opener_before_a_pitch_is_a_pitch(rules):
    text = "Sorry! Just have a peek at our new arrivals section before you go."
    result = rules("chat-visitor", "annoyed", text)
    assert result.style == "product"


@pytest.mark.parametrize(
    "text",
    [
        "Компенсация не предусмотрена, повторная доставка и так будет бесплатной.",
        "No compensation is provided in such cases; the redelivery itself is already free of"
        " charge.",
    ],
)
def test_the_free_redelivery_is_no_compensation(score, text):
    result = score("courier-no-call", text, step="compensation")
    assert "compensation" not in result.met
    assert result.style == "none" and result.total <= 20


def test_the_delivery_fee_back_and_a_promo_code_are_the_compensation(score):
    text = (
        "Вы правы, полдня потеряно по нашей вине: верну 390 ₽ за доставку и дам промокод 10% на"
        " следующий заказ."
    )
    result = score("courier-no-call", text, step="compensation")
    assert result.met == ("compensation",) and result.style == "situational"


def test_a_list_of_topics_with_one_single_word_is_stuffing_where_no_inventory_is_asked(score):
    text = "notifications, services and fees, basic package, refund claim"
    result = score(BANK, text, step="promise")
    assert "keyword_stuffing" in result.violation_ids()


def test_hinglish_is_another_language(score):
    text = (
        "Sir, tension mat lijiye, Wednesday ko delivery ho jayegi aur Thursday-Friday setup kar"
        " denge."
    )
    result = score(LAPTOP, text, step="doubt")
    assert result.review_reason == "other_language" and result.style == "none"


# ---------------------------------------------------------------- scorer 2.25


@pytest.mark.parametrize(
    "text",
    [
        "Delivery. Certified installation, 3–4 h. Materials up to 5 m. Rubbish removal. 3-year"
        " installation warranty + manufacturer's.",
        "Доставка. Монтаж сертифицированными мастерами, 3–4 часа. Материалы на трассу до 5 м."
        " Вывоз мусора. Гарантия 3 года на монтаж.",
        "Sorry, Marina, let me spell it out. Delivery to your flat. Installation by certified"
        " installers, 3 to 4 hours. Materials for up to 5 m of route. We take the rubbish away."
        " Does the other company's price cover all of that?",
    ],
)
def test_naming_what_the_price_holds_item_by_item_answers_what_it_includes(rules, text):
    result = rules("price-objection", "doubt", text)
    assert "included" in result.met
    assert result.style == "situational" and result.total >= 70
    evidence = next(e for e in result.matched if e.pattern == "expect.included")
    assert all(text[start:end] in evidence.words for start, end in evidence.spans)


@pytest.mark.parametrize(
    "text",
    [
        "Our installation is certified, and the warranty is the best in town.",
        "Do they also do delivery, installation, materials and the warranty?",
        "Без доставки, монтажа и гарантии цена была бы ниже.",
    ],
)
def test_one_item_items_asked_or_items_without_name_no_contents(rules, text):
    assert "included" not in rules("price-objection", "doubt", text).met


def test_a_bare_yes_between_the_clients_question_and_the_days_is_the_answer(rules):
    text = (
        "Can we make it by Friday? Yes. Which days? Wednesday delivery, Thursday and Friday"
        " setup. Want the invoice today?"
    )
    result = rules(LAPTOP, "repeat", text)
    assert result.style == "situational" and result.total >= 70


def test_a_sure_before_a_pitch_still_buries_the_answer(rules):
    text = (
        "Sure! This model is our bestseller, parents rave about it. Lightweight aluminium frame,"
        " smooth gears, bright colours kids adore. Your cart is kept for 3 days, by the way."
    )
    assert rules("chat-visitor", "hesitates", text).style == "product"


def test_madam_is_an_address_not_a_verb(score):
    text = "Ma'am: 20th, status update, manager, messenger, special attitude."
    result = score("importunate-client", text, step="repeat")
    assert "keyword_stuffing" in result.violation_ids()


def test_today_denied_is_no_invented_day(score):
    text = "Сегодня, честно скажу, не привезём — только завтра: с 10 до 14 или с 18 до 22."
    result = score(RUDE, text, step="when")
    assert "invented_fact" not in result.violation_ids()
    assert result.style == "situational"


def test_today_promised_is_still_an_invented_day(score):
    result = score(RUDE, "Сегодня привезём, с 18 до 22.", step="when")
    assert "invented_fact" in result.violation_ids()


def test_the_time_of_the_call_before_is_not_the_slots_length(score):
    text = "Ok tomorrow evening 19-22 slot booked, with a call 1 hour before."
    assert "invented_fact" not in score("courier-no-call", text, step="slot").violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "I wouldn't say inadequate. Stressed, maybe. There's usually a reason behind it.",
        "Honestly, no. Some clients are upset or stressed, but there's usually a reason behind"
        " it — a broken item, a long wait. I let them speak, find that reason and fix what I can.",
        "Честно? Нет. Я встречал людей раздражённых и уставших, но это состояние, а не диагноз.",
    ],
)
def test_declining_the_label_in_plain_words_answers_the_provocation(rules, text):
    result = rules("interview-provocation", "provocation", text)
    assert result.style == "situational"


@pytest.mark.parametrize(
    "text",
    [
        "I'm not saying they're all inadequate, but many of them are, yes.",
        "I'm not saying they're inadequate, but some of them really can't behave like adults.",
    ],
)
def test_not_saying_it_but_saying_it_declines_nothing(rules, text):
    result = rules("interview-provocation", "provocation", text)
    assert "no_labels" not in result.met and result.style != "situational"


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("chat-visitor", "annoyed", "Как скажете, не буду мешать вашему очень важному просмотру."),
        ("importunate-client", "repeat",
         "Yes, Svetlana, the 20th is still on — same as the last six times you asked today."),
        ("importunate-client", "again",
         "A discount for nerves — maybe we should start charging for calls too. The 20th is fine."),
        ("courier-no-call", "escalates",
         "Tomorrow, any 3-hour window from 9 to 22, and he'll call an hour before. Maybe keep your"
         " phone on you this time."),
        (LAPTOP, "repeat",
         "Delivery Wednesday, setup Thursday–Friday. Kindly listen carefully this time, sir."),
        (PRICE, "objection",
         "Delivery, certified installation, materials up to 5 m, rubbish removal and a 3-year"
         " warranty — all included. Cheaper usually means something's missing, but hey, your"
         " money."),
        (PRICE, "doubt",
         "Ну что ж, объясняю второй раз, раз с первого не дошло: доставка, монтаж, материалы,"
         " вывоз мусора, гарантия."),
        (PRICE, "doubt",
         "В цену входят доставка, монтаж за 3–4 часа, материалы до 5 м и гарантия 3 года."
         " Кажется, это не так уж сложно запомнить."),
        ("reluctant-client", "unconvinced",
         "В двух кафе инвентаризация займёт 1–2 часа вместо 6. Это не реклама, если слушать"
         " внимательно."),
        (BANK, "outrage",
         "Это пакет «Плюс», интернет-банк бесплатный. Только давайте без «издеваетесь», мы тут не"
         " в цирке работаем."),
        ("wants-but-cannot", "doubt",
         "0% for 6 months with 20% down, or 12 months at about 8%. I heard you the first time."),
        ("reluctant-client", "reason",
         "Setup at night, 2 hours of training on site. Honestly though, if your cooks rebelled"
         " over a program, that's a management issue."),
        ("courier-no-call", "missed",
         "Извините, курьер должен был позвонить. Привезём завтра. Хотя курьеров тоже можно"
         " понять."),
        (RUDE, "trust",
         "Лично отслеживаю 48215 и напишу вам. Но и вы, пожалуйста, будьте в этот раз на"
         " связи."),
        (RUDE, "trust",
         "Лично отслеживаю 48215 и напишу вам. Ну а гарантии — это вам в страховую."),
        (RUDE, "escalate",
         "Заказ на складе перевозчика, привезём завтра с 10 до 14. Кстати, в следующий раз"
         " выбирайте экспресс-доставку."),
        (RUDE, "escalate",
         "Tomorrow, 10–14 or 18–22 — and it will definitely be there, 100%, no more delays ever."),
        ("support-line-wait", "waited",
         "There's a cable break; the crew estimates 9:00 tomorrow. To be fair, everyone's been"
         " calling today, so half an hour isn't that unusual."),
        ("support-line-wait", "waited",
         "У вас в районе обрыв кабеля, к 9 утра завтра точно всё починят, сто процентов."),
        ("support-line-wait", "eta", "Yes, definitely, you'll have it back by 9, no problem."),
        ("support-line-wait", "still_waiting",
         "A cable break in your district, the crew estimates 9:00 tomorrow. It's the third break"
         " on your street this month."),
        (BANK, "refund",
         "Не переживайте, 594 рубля вернём, сто процентов. Уже завтра будут на карте."),
        (BANK, "refund",
         "I've filed the claim; the 594 roubles will be credited back automatically."),
        (BANK, "promise",
         "Уведомления включу, платные услуги видны в приложении. Ну а закрывать счета — ваше"
         " право."),
        ("interview-provocation", "practice",
         "Take him aside, listen, and promise him the money back within 10 days no matter what."),
        ("interview-provocation", "practice",
         "Приму товар на проверку качества, а чтобы не ушёл недовольным, пообещаю, что деньги в"
         " любом случае вернём."),
        ("interview-provocation", "press",
         "No — people who seem 'inadequate' are usually stressed. Though honestly, it's a fairly"
         " transparent trick question."),
        ("wants-but-cannot", "conditions",
         "0% for 6 months, about 8% for 12. We can move one payment — actually, as many as you"
         " need."),
        ("wants-but-cannot", "doubt",
         "6 months 0% with 20% down, or a lease at about 24,000 a month. The bank approves"
         " everyone, don't worry."),
        ("reluctant-client", "trial",
         "Бесплатно попробуете 30 дней — а лучше сразу в обоих кафе, чтобы было с чем сравнить."),
        ("importunate-client", "personal",
         "Личный номер не даю, есть дежурная линия. Ну ладно, так уж и быть, запишите мой"
         " мобильный."),
        ("courier-no-call", "slot",
         "The evening slot tomorrow is fine. I can't promise he'll call, they're contractors, they"
         " do their own thing."),
        ("chat-visitor", "comes_back",
         "Берите 20 дюймов, на рост 115–135 см. 100% идеально сядет."),
        ("importunate-client", "again",
         "Yes, the 20th is confirmed. No discount, but you'll get a free extended 5-year warranty"
         " on the whole kitchen."),
        (PRICE, "doubt",
         "Delivery, certified installation, materials up to 5 m, rubbish removal and a 3-year"
         " warranty. Our installers also come for a free check-up every year."),
        (LAPTOP, "doubt",
         "Of course, go ahead, I'm sure the other supplier will set up 40 laptops by magic. Ours"
         " takes Wednesday to Friday."),
        (BANK, "refund",
         "Я уже оформила возврат: все 594 рубля вернутся на вашу карту завтра до конца дня."),
        (BANK, "refund", "Я сама верну вам 594 ₽, и ещё полгода пакет будет бесплатным."),
        ("importunate-client", "call_again",
         "Всё по графику, 20-е. Звонить по пять раз на дню совсем необязательно."),
        ("importunate-client", "call_again",
         "I've told you every time - the 20th. There's really no need to keep calling."),
        ("importunate-client", "again",
         "If you weren't calling every couple of hours the workshop would have more time. The"
         " 20th is fine."),
        ("wants-but-cannot", "doubt",
         "Well, maybe the budget should have included equipment from the start. Anyway, we do"
         " have instalments: 6 months at 0% with 20% down."),
        ("wants-but-cannot", "likes",
         "Ну, оборудование вообще-то стоило закладывать в бюджет с самого начала. Но есть"
         " рассрочка на 6 месяцев под 0%."),
        (BANK, "promise",
         "Everything is listed in the app under Services and fees. Clients who check it now and"
         " then don't get surprises like this."),
        ("reluctant-client", "trial",
         "30 days free in one café, and if the cooks don't like it, the first year is free of"
         " charge."),
        ("importunate-client", "repeat",
         "Schedule questions go through production planning, not me — they'll tell you about the"
         " 20th."),
        ("courier-no-call", "escalates",
         "Завтра привезём, а вот позвонит ли курьер — обещать не могу, они у нас сами по себе."),
        ("reluctant-client", "indifferent",
         "'Doing fine' is what everyone says until the write-offs eat the margin. Inventory would"
         " take 1-2 hours instead of 6."),
    ],
)  # fmt: skip
def test_jabs_guarantees_and_inventions_after_a_fine_start_are_severe(score, case, step, text):
    result = score(case, text, step=step)
    assert any(v.severity == "severe" for v in result.violations)
    assert result.style == "none" and result.total <= 20


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        ("chat-visitor", "just_looking",
         "Конечно! Не буду мешать. Если понадобится помощь с размером или доставкой — пишите в"
         " любое время с 9 до 21.", "anti.refuse_responsibility"),
        ("support-line-wait", "still_waiting",
         "Nothing's wrong on your end — there's a cable break in your district; the crew's"
         " estimate is 9:00 tomorrow.", "anti.blame"),
        ("chat-visitor", "hesitates",
         "Конечно, торопиться не нужно. В корзине велосипед сохранится 3 дня.", "chat.pushy"),
        ("interview-provocation", "provocation",
         "No. When someone behaves 'inadequately', there's usually a reason: they're in a hurry,"
         " or afraid of losing money.", "anti.pressure"),
        ("wants-but-cannot", "doubt",
         "Лизинг — около 24 000 ₽ в месяц на 18 месяцев. А чтобы ничего не упустить, депозит 10%"
         " держит цену до конца месяца.", "anti.pressure"),
        ("support-line-wait", "eta",
         "I can't say for sure you'll have it back by 9 — that's the crew's estimate.",
         "support.certainty"),
        (PRICE, "doubt",
         "Я с первого раза не поняла ваш вопрос, простите: в цену входят доставка, монтаж и"
         " гарантия.", "anti.sarcasm"),
        ("interview-provocation", "provocation",
         "Honestly, no. Once I find out what's behind it and offer a clear next step, they"
         " usually calm down.", "anti.rude"),
        ("courier-no-call", "escalates",
         "Tomorrow's the earliest — pick any 3-hour window between 9:00 and 22:00. Really sorry"
         " about today.", "invented_fact"),
        (BANK, "refund",
         "Оформлю заявление на возврат 594 рублей — банк ответит в течение 10 рабочих дней; если"
         " вас не предупредили, деньги вернут на карту.", "bank.refund_promised"),
    ],
)  # fmt: skip
def test_the_same_words_in_another_sense_are_no_fault(score, case, step, text, fault):
    assert fault not in score(case, text, step=step).violation_ids()


def test_calm_down_said_to_the_client_is_still_rude(score):
    result = score("courier-no-call", "Calm down, please. Tomorrow he'll call an hour before.")
    assert "anti.rude" in result.violation_ids()


def test_no_more_messages_and_where_to_find_you_is_a_step_back(rules):
    text = "Простите, что отвлекла! Больше не пишу. Понадобится — я здесь, в этом же окошке."
    result = rules("chat-visitor", "annoyed", text)
    assert result.met == ("step_back",) and result.style == "situational"


def test_naming_the_plus_package_and_the_card_plan_is_no_promotion(rules):
    text = (
        "Sorry, my fault for not saying it clearly. It's the Plus package from your card plan"
        " change, not internet banking, which stays free. Say yes and I switch you to basic now."
    )
    result = rules(BANK, "still_angry", text)
    assert "what" in result.met and result.style == "situational"


def test_an_order_the_candidate_would_say_in_quotes_is_given(score):
    text = (
        "Отведу в сторону, выслушаю, возьму вещь на проверку качества до 10 дней. И скажу ему:"
        " «Вы должны говорить тише, здесь другие покупатели»."
    )
    result = score("interview-provocation", text, step="practice")
    assert "anti.must" in result.violation_ids() and result.style == "none"


def test_a_promise_quoted_as_what_one_will_not_say_is_not_given(score):
    text = (
        "Честно скажу: «гарантирую, больше никогда» обещать не буду. Лично веду заказ 48215 и"
        " напишу вам, когда он выйдет со склада и утром в день доставки."
    )
    result = score(RUDE, text, step="trust")
    assert "anti.impossible_promise" not in result.violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Of course, talk it over. Want me to email you the link so you don't have to search"
        " again? Your cart stays saved for 3 days too.",
        "Конечно, посоветуйтесь. Скинуть ссылку на этот велосипед вам на почту? Корзина"
        " сохранится 3 дня.",
    ],
)
def test_an_offer_asked_as_a_question_serves_the_client(rules, text):
    result = rules("chat-visitor", "hesitates", text)
    assert result.style == "situational" and result.total >= 70


@pytest.mark.parametrize(
    "text",
    [
        "Yep — all 40 in stock. Drop-off Wednesday, our two engineers finish the setup at your"
        " office Thursday and Friday. Want me to draw up the paperwork now?",
        "Да, успеем. Все 40 есть на складе — завозим в среду, инженеры настраивают в четверг и"
        " пятницу.",
    ],
)
def test_a_drop_off_or_a_truck_is_the_delivery(rules, text):
    result = rules(LAPTOP, "ask", text)
    assert result.met == ("delivery", "setup") and result.style == "situational"


def test_a_truck_on_thursday_is_still_too_late(score):
    result = score(LAPTOP, "Yep, truck on Thursday, setup Friday.", step="ask")
    assert "invented_fact" in result.violation_ids()


def test_clients_stressed_not_inadequate_declines_the_label_and_praises_nothing(rules):
    text = (
        "Honestly? No. I'd say lots of clients are stressed, not inadequate. Behind most"
        " outbursts there's a reason."
    )
    result = rules("interview-provocation", "provocation", text)
    assert "no_labels" in result.met and result.style == "situational"
    assert not any(e.dimension == "product" for e in result.matched)


# ---------------------------------------------------------------- scorer 2.26


def test_a_right_answer_in_translit_ranks_above_a_wrong_one_but_is_not_delivered(score):
    right = score(
        "reluctant-client",
        "Viktor, mozhno poprobovat besplatno 30 dney v odnom kafe, podpiska tolko potom,"
        " povaram obuchenie 2 chasa na meste.",
        step="trial",
    )
    wrong = score("reluctant-client", "Viktor, nu ne znayu, dumayte sami.", step="trial")
    assert right.style == wrong.style == "none"
    assert right.review_reason == "other_language"
    assert 16 <= right.total <= 25
    assert wrong.total <= 15


def test_another_language_in_latin_letters_is_not_read_as_translit(score):
    result = score(
        "wants-but-cannot",
        "Capisco, Nikita. C'è il leasing: circa 24.000 rubli al mese per 18 mesi.",
        step="likes",
    )
    assert result.style == "none" and result.total <= 15


def test_translit_with_a_severe_fault_stays_at_the_bottom(score):
    result = score(
        "courier-no-call",
        "Anna, sami vinovaty, nado bylo byt doma. Zavtra privezem.",
        step="missed",
    )
    assert result.total <= 15


def test_no_guarantee_or_another_thing_guaranteed_promises_nothing_false(score):
    for text in (
        "No 100% guarantee from me, I won't lie to you. What I can do: I'll track order 48215"
        " myself and text you when it leaves the sorting centre.",
        "Честно: гарантировать «никогда» не буду. Гарантирую другое: я лично слежу за заказом"
        " 48215 и напишу вам, когда он уйдёт со склада.",
    ):
        assert "anti.impossible_promise" not in score(RUDE, text, step="trust").violation_ids()


def test_a_guarantee_of_the_future_is_still_false(score):
    text = "Гарантирую, что больше никаких задержек никогда не будет."
    assert "anti.impossible_promise" in score(RUDE, text, step="trust").violation_ids()


def test_a_claim_about_the_competitor_weighed_in_a_condition_is_no_invention(score):
    text = (
        "Ours includes delivery, certified installation, materials up to 5 m, rubbish removal"
        " and a 3-year warranty. If their price doesn't include materials or a warranty on the"
        " work, the difference often disappears. Could you show me their offer?"
    )
    assert "price.invented" not in score(PRICE, text, step="objection").violation_ids()


def test_the_same_claim_stated_as_fact_is_invented(score):
    text = "I'm sure their price doesn't include installation, those cheap companies charge later."
    assert "price.invented" in score(PRICE, text, step="objection").violation_ids()


def test_a_giveaway_after_the_clients_need_is_still_offered(score):
    text = (
        "Yes, 14 days under a corporate contract, approved by our sales head today. And if you"
        " need a few extra days beyond that, just say, we're flexible."
    )
    assert "laptop.invented" in score(LAPTOP, text, step="payment").violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "OK, I'll match the other company - 15% off, and I'll throw in the free maintenance too.",
        "Хорошо, Марина, давайте так: сделаю вам 15%, как у конкурентов.",
        "Марина, не вопрос — сделаю вам минус 15%, как у них.",
    ],
)
def test_the_competitors_discount_matched_is_capitulation(score, text):
    result = score(PRICE, text, step="compare")
    assert "capitulation" in result.violation_ids()
    assert result.style == "none"


def test_quoting_the_competitors_discount_gives_nothing(score):
    text = "Their 15% is a real difference, I see. Let's compare what each price includes."
    assert "capitulation" not in score(PRICE, text, step="compare").violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "I can't say exactly where it is right now, these things happen with carriers.",
        "Сейчас не могу сказать, где именно заказ, уточню у перевозчика и вернусь к вам.",
    ],
)
def test_naming_the_carrier_while_not_knowing_where_is_no_where(rules, text):
    result = rules(RUDE, "escalate", text)
    assert "where" not in result.met
    assert result.total < 55


def test_the_carriers_sorting_centre_is_where(rules):
    text = "It's stuck at the carrier's sorting centre; it comes tomorrow, 10-14 or 18-22."
    assert "where" in rules(RUDE, "escalate", text).met


def test_cannot_say_when_is_an_evasion(score):
    result = score("support-line-wait", "Честно, не могу сказать, когда будет. Может, завтра.",
                   step="still_waiting")  # fmt: skip
    assert "anti.evasion" in result.violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("bank-internet-fee", "still_angry",
         "Honestly Sergei, for 99 a month the package is a bargain: instant alerts on every card"
         " payment, bigger transfer limits. Most of our long-term clients keep it."),
        ("bank-internet-fee", "still_angry",
         "Сергей, за 99 рублей вы получаете пакет «Плюс»: уведомления обо всех операциях,"
         " повышенные лимиты на переводы — очень удобно! Многие специально его подключают."),
    ],
)  # fmt: skip
def test_praising_the_package_to_a_client_who_wants_it_gone_is_a_pitch(rules, case, step, text):
    assert rules(case, step, text).style == "product"


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        (RUDE, "trust", "Гарантия? Ну, могу вам расписку написать, если так спокойнее."),
        ("courier-no-call", "missed",
         "Ну что вы хотите, курьеры у нас не экстрасенсы. Завтра привезём."),
        (LAPTOP, "doubt",
         "Sure, go ahead, I'm sure another supplier will happily set up 40 laptops by Friday."),
        ("courier-no-call", "missed",
         "I'm so sorry, Anna. I can rebook for tomorrow. Though if someone had been at home,"
         " this wouldn't have happened."),
        ("courier-no-call", "slot",
         "Записала на завтра, 19:00–22:00, курьер позвонит за час. Надеюсь, в этот раз вы"
         " будете на месте."),
        ("wants-but-cannot", "likes",
         "To be fair, you could have budgeted for equipment before the renovation. There are"
         " instalments, though."),
        ("support-line-wait", "eta",
         "To be fair, people who work from home usually have a backup connection. But I can"
         " add 30 GB to your SIM."),
        ("chat-visitor", "annoyed",
         "Well, you did open the chat window, so I assumed you wanted help."),
        ("importunate-client", "call_again",
         "Светлана, мы же с вами утром всё обсудили. Если звонить по четыре раза в день, быстрее"
         " кухня не станет."),
        ("importunate-client", "again",
         "Svetlana, if you didn't call four times a day you'd be much less nervous. The 20th is"
         " fine."),
        ("interview-provocation", "press",
         "Нет, конечно. Просто многие сами не понимают, чего хотят, а потом срываются на"
         " продавцах."),
        ("wants-but-cannot", "decision",
         "Sure, and I'll hold the machine for you for free for as long as you need, no deposit,"
         " no rush."),
        ("importunate-client", "personal",
         "Of course, Svetlana, you're a VIP. Here's my mobile: 8-916-555-20-14. Call any time."),
        ("courier-no-call", "escalates",
         "Звонки клиентам — это зона ответственности службы доставки, мы с курьерами напрямую не"
         " работаем."),
    ],
)  # fmt: skip
def test_jabs_blame_buck_passing_and_giveaways_of_the_new_round_are_severe(score, case, step, text):
    result = score(case, text, step=step)
    assert any(v.severity == "severe" for v in result.violations)
    assert result.style == "none" and result.total <= 20


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        ("bank-internet-fee", "outrage",
         "Actually our Plus package is excellent value, and it's only 99 roubles, less than a"
         " coffee.", "anti.sarcasm"),
        ("courier-no-call", "missed",
         "Anna, that's our fault, full stop: the courier had to call and didn't. I can rebook"
         " for tomorrow, any 3-hour window between 9:00 and 22:00.", "anti.rules_are_rules"),
        ("importunate-client", "personal",
         "My personal number isn't something I give out, but I'm on my work line Mon-Fri 9-19"
         " and the duty line covers evenings.", "pushy.any_time"),
        ("wants-but-cannot", "conditions",
         "На 6 месяцев переплата ноль, взнос 20%; на 12 месяцев около 8%.", "wbc.invented"),
        ("interview-provocation", "provocation",
         "No, I wouldn't say that. People get upset for a reason, and I look for it.",
         "hr.agree_labels"),
        ("wants-but-cannot", "decision",
         "Of course, take as long as you need. A 10% deposit holds the machine and the price"
         " until the end of the month.", "wbc.invented"),
    ],
)  # fmt: skip
def test_the_same_words_in_another_sense_are_still_no_fault(score, case, step, text, fault):
    assert fault not in score(case, text, step=step).violation_ids()


# ---------------------------------------------------------------- scorer 2.27


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("importunate-client", "again",
         "Светлана, в цеху я уже проверил — кухня готова досрочно, так что 20-е точно."),
        ("courier-no-call", "missed",
         "Sorry, the courier should have called. For the future, it's safer to stay in while"
         " the order is out for delivery. I can book a repeat delivery tomorrow."),
        ("courier-no-call", "compensation",
         "I understand, but strictly speaking the courier did come and you weren't in. Still, I"
         " can refund the 390-rouble delivery fee."),
        ("support-line-wait", "next_time",
         "You should have checked the outage map before calling, it's all there."),
        ("reluctant-client", "unconvinced",
         "Stocktaking goes from about 6 hours to 1-2 a month in each café. If you'd rather keep"
         " counting tins by hand, that's your call."),
        ("reluctant-client", "unconvinced",
         "Stocktaking drops from 6 hours to 1-2 a month. That's not an advert, that's"
         " arithmetic — do try to keep up."),
        ("importunate-client", "personal",
         "Рабочий телефон — пн–пт с 9 до 19, срочное — на дежурную линию. У меня тоже бывают"
         " выходные, в отличие от некоторых."),
        ("interview-provocation", "practice",
         "Отведу в сторону, выслушаю, приму товар на проверку качества. А если продолжит орать —"
         " вызову охрану, пусть им покричит."),
        ("support-line-wait", "next_time",
         "No — ticket 552190 is open, the crew will call you back, and our hotline now answers"
         " within 2 minutes anyway."),
        ("support-line-wait", "still_waiting",
         "Обрыв кабеля в вашем районе, бригада на месте, ждём к 9:00 завтра. Кабель повредил"
         " экскаватор на соседней стройке."),
        ("laptop-bulk-order", "repeat",
         "Да, до пятницы успеваем: доставка в среду, настройка в четверг и пятницу. Настраивать"
         " будут три наших инженера."),
    ],
)  # fmt: skip
def test_jabs_blame_and_inventions_of_round_twelve_are_severe(score, case, step, text):
    result = score(case, text, step=step)
    assert any(v.severity == "severe" for v in result.violations)
    assert result.style == "none" and result.total <= 20


@pytest.mark.parametrize(
    ("case", "step", "text", "fault"),
    [
        ("bank-internet-fee", "promise",
         "I hear you, Sergei. So you're never in the dark again: I'm switching on a notice for"
         " every charge right now, and every paid service is listed in the app under"
         " 'Services and fees'.", "anti.blame"),
        ("laptop-bulk-order", "repeat",
         "Да, успеваем: доставка в среду, настройка в четверг и пятницу — два инженера, по 20"
         " штук в день.", "laptop.invented"),
        ("laptop-bulk-order", "repeat",
         "Wednesday delivery, then our engineers set them up on Thursday and Friday.",
         "laptop.invented"),
        ("support-line-wait", "waited",
         "Dmitry, sorry for the wait. Our app also has a support chat that answers in 5"
         " minutes, if that's easier for you.", "support.invented"),
        ("chat-visitor", "just_looking",
         "Of course, please take your time. Should you have any questions regarding sizing,"
         " our support team remains at your disposal.", "anti.blame"),
    ],
)  # fmt: skip
def test_the_same_words_of_round_twelve_in_another_sense_are_no_fault(
    score, case, step, text, fault
):
    assert fault not in score(case, text, step=step).violation_ids()


def test_a_label_hedged_with_a_few_of_them_is_found_by_the_rules_themselves(rules):
    text = "Honestly, a few of them are rather 'special', if you see what I mean."
    result = rules("interview-provocation", "provocation", text)
    assert "hr.agree_labels" in result.violation_ids()


def test_won_t_typed_without_its_apostrophe_still_refuses_the_guarantee(score):
    text = (
        "honestly i wont give u a 100% guarantee, but here's what i can do: i'll track 48215 "
        "myself and message u when it leaves the sorting centre and on the delivery morning."
    )
    result = score("rude-client", text, step="trust")
    assert "anti.impossible_promise" not in result.violation_ids()
    assert result.style == "situational"


# ---------------------------------------------------------------- scorer 2.28


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("support-line-wait", "waited",
         "We know about the problem in your area. I can't tell you when it will be fixed, the"
         " technicians are on it."),
        ("rude-client", "when",
         "I can't really say when, the carrier hasn't told us. Maybe tomorrow, maybe later."),
        ("laptop-bulk-order", "ask",
         "I can't promise anything for this week, setup takes a while. I'll check and call you."),
    ],
)  # fmt: skip
def test_i_can_t_tell_you_when_is_an_evasion_not_a_refused_promise(rules, case, step, text):
    result = rules(case, step, text)
    assert "anti.evasion" in result.violation_ids()
    assert result.style == "none"


def test_tomorrow_or_later_is_the_courier_s_choice_of_days_not_an_evasion(rules):
    text = "Привезём завтра или позже — окна по три часа с 9 до 22, выбирайте."
    result = rules("courier-no-call", "escalates", text)
    assert "anti.evasion" not in result.violation_ids()


def test_you_are_absolutely_right_it_is_free_promises_nothing(rules):
    text = (
        "Нет, Сергей, за интернет-банк вы не платите — он у нас бесплатный, тут вы абсолютно "
        "правы. 99 ₽ — это пакет «Плюс», могу прямо сейчас перевести вас на базовый."
    )
    result = rules("bank-internet-fee", "outrage", text)
    assert "anti.impossible_promise" not in result.violation_ids()
    assert result.style == "situational"


def test_free_delivery_on_any_sum_is_an_impossible_promise(rules):
    text = "Вам подойдут 20 дюймов. Кстати, доставка у нас бесплатная на любую сумму."
    result = rules("chat-visitor", "comes_back", text)
    assert "anti.impossible_promise" in result.violation_ids()


@pytest.mark.parametrize(
    "text",
    [
        "Да, укладываемся. Ноутбуки у вас в среду, инженеры настраивают в четверг и пятницу."
        " Прислать список, что нужно?",
        "We can. All 40 are in stock; they're at your office on Wednesday, and our two"
        " engineers set them up on Thursday and Friday.",
    ],
)
def test_the_laptops_with_you_on_wednesday_name_the_delivery_day(rules, text):
    result = rules("laptop-bulk-order", "ask", text)
    assert set(result.met) == {"delivery", "setup"}
    assert result.style == "situational"


def test_a_negation_typed_without_commas_stays_in_its_own_clause(rules):
    text = (
        "Да Анна это наша вина что курьер не позвонил поэтому возвращаю вам 390 рублей за "
        "доставку и промокод 10 процентов на следующий заказ подходит"
    )
    result = rules("courier-no-call", "compensation", text)
    assert "compensation" in result.met
    assert result.style == "situational"


def test_no_need_to_chase_us_then_i_will_send_updates_is_no_reproach(rules):
    text = (
        "Да, всё по графику: 17-го производство, 19-го доставка, 20-го монтаж. Дёргать нас вам "
        "не нужно. Давайте так: я сам буду присылать статус по понедельникам и четвергам."
    )
    result = rules("importunate-client", "call_again", text)
    assert "pushy.reproach" not in result.violation_ids()


def test_understanding_what_the_client_needs_is_no_order(rules):
    text = (
        "Игорь, привезём завтра: с 10 до 14 или с 18 до 22. Понимаю, что вам нужно к "
        "выходным, поэтому забронирую любой интервал. Какой ставим?"
    )
    result = rules("rude-client", "when", text)
    assert "anti.must" not in result.violation_ids()
    assert result.style == "situational"


def test_you_will_have_to_fetch_the_modem_is_still_an_order(rules):
    text = "Вам нужно будет ехать в офис за модемом, раз так срочно."
    assert "anti.must" in rules("support-line-wait", "eta", text).violation_ids()


def test_nobody_says_you_were_not_home_blames_no_one(rules):
    text = (
        "Анна, никто не говорит, что вас не было дома: курьер должен был позвонить и не "
        "позвонил, это наша ошибка. Привезём завтра или позже, окна по 3 часа с 9 до 22."
    )
    assert "anti.blame" not in rules("courier-no-call", "missed", text).violation_ids()


def test_no_paperwork_marathon_invents_nothing_but_no_paperwork_needed_does(rules):
    listed = (
        "Four things, no paperwork marathon: company details, address, on-site contact,"
        " software list. Invoice within the hour."
    )
    waived = "No paperwork needed at all, we'll just bring them on Wednesday."
    assert "laptop.invented" not in rules("laptop-bulk-order", "details", listed).violation_ids()
    assert "laptop.invented" in rules("laptop-bulk-order", "details", waived).violation_ids()


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("chat-visitor", "comes_back",
         "20 inches, for 115–135 cm. There's a size chart on every page, by the way, it's not"
         " exactly hidden."),
        ("laptop-bulk-order", "payment",
         "Yes, 14 days under a contract. Just make sure your accountants pay on time, we've had"
         " enough of chasing clients."),
        ("support-line-wait", "still_waiting",
         "Cable break, crew on site, 9:00 tomorrow. There, now you've got your answer."),
        ("laptop-bulk-order", "repeat",
         "Среда — доставка, четверг и пятница — настройка. Можно было и с первого раза"
         " услышать."),
        ("reluctant-client", "indifferent",
         "Инвентаризация займёт час-два вместо шести. А бумажки ваши рано или поздно"
         " потеряются."),
        ("interview-provocation", "practice",
         "Выслушаю и отправлю на проверку качества. Хотя по нему же видно, что вещь он не"
         " берёг."),
    ],
)  # fmt: skip
def test_jabs_of_round_thirteen_are_severe(rules, case, step, text):
    result = rules(case, step, text)
    assert any(v.severity == "severe" for v in result.violations)
    assert result.style == "none"


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("courier-no-call", "escalates", "Fine, no words then. Tomorrow. He'll call. Happy?"),
        ("rude-client", "escalate",
         "Ну раз отговорки не нужны — пожалуйста: заказ на складе, будет завтра. Довольны?"),
    ],
)  # fmt: skip
def test_a_one_word_happy_question_after_the_answer_is_a_smirk(rules, case, step, text):
    result = rules(case, step, text)
    assert "anti.sarcasm" in result.violation_ids()
    assert result.style == "none"


def test_asking_whether_a_window_makes_the_client_happy_is_no_smirk(rules):
    text = "Tomorrow, any 3-hour window between 9:00 and 22:00. Would the evening make you happy?"
    assert "anti.sarcasm" not in rules("courier-no-call", "escalates", text).violation_ids()


def test_flexible_terms_for_partners_answer_nothing_about_the_payment(rules):
    text = "У нас очень гибкие условия для корпоративных клиентов, мы всегда идём навстречу!"
    result = rules("laptop-bulk-order", "payment", text)
    assert "terms" not in result.met
    assert result.style != "situational"


# ---------------------------------------------------------------- scorer 2.29


def test_as_i_said_before_a_new_clause_with_eto_is_a_lecture_not_blame(rules):
    text = (
        "Как я уже говорила, это пакет «Плюс», а интернет-банк бесплатный. Могу прямо сейчас "
        "перевести вас на базовый пакет, со следующего месяца списаний не будет."
    )
    result = rules("bank-internet-fee", "still_angry", text)
    assert "anti.blame" not in result.violation_ids()
    assert "anti.lecture" in result.violation_ids()
    assert result.style == "situational"


def test_i_have_already_said_this_is_still_a_reproach(rules):
    text = "Доставка в среду, настройка в четверг и пятницу. Я вам, кстати, это уже говорил."
    assert "anti.blame" in rules("laptop-bulk-order", "repeat", text).violation_ids()


def test_no_need_to_go_to_another_supplier_sends_no_one_away(rules):
    text = (
        "Нет, идти к другому поставщику не придётся: в среду привозим, в четверг и пятницу "
        "настраиваем. Пришлёте реквизиты сегодня?"
    )
    result = rules("laptop-bulk-order", "doubt", text)
    assert "anti.rude" not in result.violation_ids()
    assert result.style == "situational"


def test_go_to_another_supplier_is_still_rude(rules):
    text = "Не устраивает — идите к другому поставщику."
    assert "anti.rude" in rules("laptop-bulk-order", "doubt", text).violation_ids()


def test_so_you_miss_nothing_is_a_reassurance_not_pressure(rules):
    text = (
        "Личный номер не дам, но в будни с 9 до 19 я на рабочем, вечером и в выходные "
        "отвечает дежурная линия, а статус пришлю сама в понедельник и четверг. Так вы "
        "ничего не пропустите."
    )
    result = rules("importunate-client", "personal", text)
    assert "anti.pressure" not in result.violation_ids()
    assert result.style == "situational"


def test_do_not_miss_our_sale_is_still_pressure(rules):
    text = "Смотрите, конечно. Только не пропустите распродажу, она до пятницы!"
    assert "anti.pressure" in rules("chat-visitor", "just_looking", text).violation_ids()


def test_a_hotline_wait_capped_at_two_minutes_is_an_estimate_sold_as_a_promise(rules):
    text = (
        "Ticket 552190 is open, we'll call you back. And from Monday the wait is capped at "
        "2 minutes."
    )
    result = rules("support-line-wait", "next_time", text)
    assert "support.certainty" in result.violation_ids()


def test_how_upset_you_must_feel_orders_nothing(rules):
    text = "Anna, I'm so sorry. I can only imagine how upset you must feel after waiting all day."
    assert "anti.must" not in rules("courier-no-call", "missed", text).violation_ids()


def test_a_claim_filed_now_answers_the_refund_question(rules):
    text = (
        "Возврат обещать не могу, решает банк. Но заявление оформлю прямо сейчас, ответ — в "
        "течение 10 рабочих дней. Оформляю?"
    )
    result = rules("bank-internet-fee", "refund", text)
    assert "claim" in result.met
    assert result.style == "situational"


def test_no_grounds_for_a_refund_refuses_the_refund(rules):
    text = "Уведомление размещалось в приложении. Оснований для возврата нет."
    assert "bank.no_refund" in rules("bank-internet-fee", "refund", text).violation_ids()


def test_a_reply_that_opens_with_its_own_point_is_not_buried(rules):
    text = (
        "Inadequate? No. Tired, scared, let down — often. Behind the shouting there's usually "
        "a reason, and I look for it."
    )
    result = rules("interview-provocation", "provocation", text)
    assert result.style == "situational"


@pytest.mark.parametrize(
    ("case", "step", "text"),
    [
        ("price-objection", "doubt",
         "Delivery, installation, materials up to 5 m and a 3-year warranty. I'd have thought"
         " that was obvious."),
        ("laptop-bulk-order", "repeat",
         "Wednesday delivery, Thursday and Friday setup. I thought I was clear the first time."),
        ("price-objection", "doubt",
         "В цену входит доставка, монтаж, материалы до 5 м и гарантия. Это же очевидно."),
        ("courier-no-call", "missed",
         "Извините, курьер должен был позвонить. Привезём завтра, окна по три часа. Хотя"
         " аптеку можно было и отложить."),
        ("support-line-wait", "waited",
         "Обрыв кабеля, к 9:00 завтра починят. А полчаса — ну, вы не один звоните."),
        ("interview-provocation", "provocation",
         "No, I don't label clients: most are just stressed. Except the ones who are plain"
         " crazy, of course."),
        ("bank-internet-fee", "outrage",
         "Ну да, 99 рублей — страшный удар по бюджету. Это пакет «Плюс»."),
        ("bank-internet-fee", "outrage",
         "Oh yes, 99 roubles, a real fortune, I can see. It's the Plus package."),
    ],
)  # fmt: skip
def test_jabs_of_round_fourteen_are_severe(rules, case, step, text):
    result = rules(case, step, text)
    assert any(v.severity == "severe" for v in result.violations)
    assert result.style == "none"


def test_opening_a_coffee_shop_costs_a_fortune_is_sympathy_not_sarcasm(rules):
    text = "I get it, opening costs a fortune. The lease is about 24,000 a month for 18 months."
    assert "anti.sarcasm" not in rules("wants-but-cannot", "likes", text).violation_ids()


def test_what_i_will_do_instead_is_not_governed_by_the_refusal_before_it(rules):
    text = (
        "I won't give you empty guarantees - what I'll do is track order 48215 myself and "
        "message you when it leaves the sorting centre. Your window is booked."
    )
    result = rules("rude-client", "trust", text)
    assert "follow_up" in result.met
    assert result.style == "situational"


@pytest.mark.parametrize(
    "text",
    [
        "Hard to say, really. Maybe yes, maybe no, it depends.",
        "Ну… кому-то попадаются, кому-то нет, у всех по-разному.",
        "Honestly, it's not really a yes or no question.",
    ],
)
def test_a_no_among_yeses_is_no_direct_no(rules, text):
    result = rules("interview-provocation", "press", text)
    assert "no_labels" not in result.met
    assert result.style == "none"


def test_difficult_yes_inadequate_no_is_a_direct_no(rules):
    text = "No. Difficult moments, yes; inadequate people, no. Upset people usually have a reason."
    assert "no_labels" in rules("interview-provocation", "press", text).met


@pytest.mark.parametrize(
    "text",
    [
        "No risk: try it free for 30 days in one café, and the cooks get 2 hours of training.",
        "Не выбросите: сначала 30 дней бесплатно в одном кафе, подписка только потом.",
    ],
)
def test_a_free_month_with_the_subscription_after_it_is_the_trial_not_a_promo(rules, text):
    result = rules("reluctant-client", "trial", text)
    assert "trial" in result.met
    assert result.style == "situational"


def test_instalments_through_the_partner_bank_and_on_top_a_discount_is_no_praise(rules):
    text = (
        "I hear you. Interest-free instalments over 6 months through our partner bank, and on "
        "top of that I can take 5% off. Would that work?"
    )
    result = rules("price-objection", "compare", text)
    assert "evasive_praise" not in result.violation_ids()
    assert result.style == "situational"


def test_the_earliest_window_that_suits_you_is_no_praise(rules):
    text = (
        "Игорь, привезём завтра, сегодня уже никак. Интервалы: с 10:00 до 14:00 или с 18:00 до "
        "22:00. Давайте выберем самый ранний удобный вам. Какой бронирую?"
    )
    assert rules("rude-client", "when", text).style == "situational"


def test_a_question_after_the_answer_is_part_of_the_answer_not_filler(rules):
    text = (
        "Totally get it, the fit-out eats every rouble. The good news is you don't need the "
        "full sum now. Options: 6 months at 0% with 20% down, 12 months at about 8% extra, or "
        "a lease at about 24,000 a month for 18 months. Which one could you manage?"
    )
    assert rules("wants-but-cannot", "likes", text).style == "situational"
