"""The scorer's rules: magic words, substance, next steps, speech rules, evidence, versions."""

import re

from salesbot.engine import SCORER_VERSION
from salesbot.engine.scoring import MAX_CHARS

LAPTOP = "laptop-bulk-order"
RUDE = "rude-client"
PRICE = "price-objection"


def test_the_right_laptop_answer_is_situational_and_scores_high(score):
    result = score(
        LAPTOP,
        "Да, успеем: доставим все 40 ноутбуков в среду, настроим в четверг. "
        "Если вопросов больше нет, подготовлю договор сегодня.",
    )
    assert result.style == "situational"
    assert result.total >= 80


def test_general_praise_instead_of_an_answer_is_product_orientation(score):
    result = score(
        LAPTOP,
        "Мы лидер рынка, с нами работают крупнейшие компании, "
        "покупка у нас будет для вас максимально выгодной.",
    )
    assert result.style == "product"
    assert "evasive_praise" in result.violation_ids()
    assert result.total < 40


def test_praising_the_laptop_instead_of_answering_is_product_orientation(score):
    result = score(
        LAPTOP,
        "Это отличный выбор: процессор последнего поколения, 16 ГБ памяти "
        "и лёгкий корпус, сотрудники будут в восторге.",
    )
    assert result.style == "product"


def test_i_understand_alone_is_not_an_answer(score):
    result = score(RUDE, "Понимаю вас.")
    assert result.total <= 30
    assert result.scores["customer"] <= 35
    assert any("понимаю" in tip.lower() for tip in result.feedback)


def test_acknowledgement_with_substance_beats_acknowledgement_alone(score):
    alone = score(RUDE, "Я понимаю ваше недовольство.")
    real = score(
        RUDE,
        "Я понимаю ваше недовольство. Назовите номер заказа, я сейчас проверю, "
        "где он, и через 10 минут сообщу точную дату доставки.",
    )
    assert real.total > alone.total + 30
    assert real.style == "situational"


def test_a_string_of_pattern_words_is_keyword_stuffing(score):
    result = score(RUDE, "понимаю извините недовольство компенсация доставка завтра скидка")
    assert "keyword_stuffing" in result.violation_ids()
    assert result.style == "none"
    assert result.total <= 20


def test_english_magic_words_are_not_an_answer(score):
    result = score(RUDE, "understand sorry value appreciate solution win-win")
    assert result.style == "none"
    assert result.total <= 20


def test_a_next_step_without_date_or_owner_does_not_count(score):
    vague = score(RUDE, "Мы свяжемся с вами.")
    assert vague.facts["next_step"] is False
    dated = score(RUDE, "Я свяжусь с вами сегодня до 18:00.")
    assert dated.facts["next_step"] is True
    assert dated.total > vague.total


def test_but_after_acknowledging_is_flagged_and_however_is_not(score):
    with_but = score(PRICE, "Понимаю вас, но в нашу цену входит установка и гарантия 3 года.")
    assert "speech.but_after_ack" in with_but.violation_ids()
    with_however = score(PRICE, "Понимаю вас. Однако в нашу цену входит установка и гарантия.")
    assert "speech.but_after_ack" not in with_however.violation_ids()


def test_but_after_acknowledging_in_english(score):
    result = score(PRICE, "I understand, but our price includes installation and warranty.")
    assert "speech.but_after_ack" in result.violation_ids()


def test_negated_empathy_is_not_empathy(score):
    result = score(RUDE, "Я не понимаю, чего вы хотите.")
    assert "customer.acknowledge" not in result.matched_ids()
    assert result.style == "none"


def test_rude_answers_land_at_the_bottom(score):
    for text in (
        "Сами вы бездельник, нечего тут орать!",
        "Stop shouting, you idiot, it's your own fault.",
    ):
        result = score(RUDE, text)
        assert result.style == "none"
        assert result.total <= 8
        assert result.severe


def test_capitulation_is_no_orientation(score):
    result = score(PRICE, "Хорошо, дам скидку 30%, только купите у нас сегодня.")
    assert result.style == "none"


def test_a_discount_after_finding_the_need_is_negotiation(score):
    result = score(
        PRICE,
        "Подскажите, что для вас важнее: цена или гарантия? "
        "При предоплате готов обсудить скидку 20%.",
    )
    assert "anti.capitulate" not in result.violation_ids()


def test_impossible_promise_is_no_orientation_even_with_a_date(score):
    result = score(
        LAPTOP, "Да без проблем, привезём хоть сегодня и за час всё настроим, гарантирую!"
    )
    assert result.style == "none"


def test_empty_and_off_topic_answers(score):
    empty = score(RUDE, "   ")
    assert (empty.style, empty.total) == ("none", 0)
    off = score(RUDE, "Сегодня прекрасная погода, а вечером будет футбол.")
    assert off.style == "none"
    assert off.total <= 25


def test_every_match_shows_the_answers_own_words(score):
    text = "Андрей, доставим в среду, настроим в четверг. Оформляем заказ?"
    result = score(LAPTOP, text)
    assert result.matched
    for evidence in result.matched:
        assert evidence.words
        for start, end in evidence.spans:
            assert text[start:end] in evidence.words


def test_results_carry_scorer_and_case_versions(score, book):
    result = score(LAPTOP, "Доставим в среду.")
    assert result.scorer_version == SCORER_VERSION
    assert result.case_version == book.case(LAPTOP).version
    assert result.library_version == book.library.version


def test_scoring_is_deterministic(score):
    text = "Извините за задержку! Заказ привезут завтра до 12:00, курьер позвонит заранее."
    assert score(RUDE, text).to_dict() == score(RUDE, text).to_dict()


def test_tips_come_in_the_answers_language(score):
    english = score(RUDE, "It's your own fault, you should have read the terms.")
    assert english.lang == "en"
    assert english.feedback
    assert not any(re.search("[а-яё]", tip, re.IGNORECASE) for tip in english.feedback)
    russian = score(RUDE, "Сами виноваты, надо было читать условия.")
    assert russian.lang == "ru"
    assert any("клиент" in tip for tip in russian.feedback)


def test_a_very_long_answer_is_scored_on_its_beginning(score):
    text = "Извините за задержку, заказ привезут завтра до 12:00. " * 200
    result = score(RUDE, text)
    assert result.truncated
    assert len(text) > MAX_CHARS


def test_scores_are_within_bounds(score):
    result = score(PRICE, "Понимаю! Могу предложить рассрочку или другую модель. Что важнее?")
    assert all(0 <= v <= 100 for v in result.scores.values())
    assert 0 <= result.total <= 100
