"""Text normalisation and phrase matching: lemmas, ё, negation, word order, typos."""

import pytest

from salesbot.engine.matcher import Matcher, compile_phrase, parse_phrase
from salesbot.engine.model import Pattern
from salesbot.engine.text import (
    analyse,
    detect_language,
    language_of_text,
    read_translit,
    shares_stem,
    tokenize,
)


def matcher(*phrases: str, lang: str = "ru") -> Matcher:
    return Matcher([Pattern("p", "customer", "acknowledge", {lang: phrases})])


def found(m: Matcher, text: str) -> bool:
    return bool(m.find(tokenize(text)))


def test_a_derived_form_matches_the_phrase():
    m = matcher("понимаю ваше недовольство")
    assert found(m, "Я понимаю, что вы недовольны")


def test_word_order_does_not_matter_within_a_sentence():
    m = matcher("понимаю ваше недовольство")
    assert found(m, "Ваше недовольство я очень хорошо понимаю")


def test_words_in_different_sentences_do_not_match():
    m = matcher("вы должны")
    assert not found(m, "Вы правы. Должны были привезти вчера")


def test_words_too_far_apart_do_not_match():
    m = matcher("понимаю недовольство")
    text = "Понимаю, мы с коллегами сегодня утром долго обсуждали план, сроки, склад и недовольство"
    assert not found(m, text)


def test_negation_is_not_the_positive_word():
    m = matcher("понимаю ваше недовольство")
    assert not found(m, "Я не понимаю вашего недовольства")


def test_negation_skips_an_intensifier():
    assert [t.key for t in tokenize("не очень понимаю")][-1] == "не_понимать"


def test_english_contraction_negates():
    m = matcher("I understand your frustration", lang="en")
    assert not found(m, "I don't understand your frustration")
    assert found(m, "I totally understand how frustrated you are")


def test_wont_typed_without_its_apostrophe_is_read_as_won_t():
    m = matcher("give you a guarantee", lang="en")
    assert found(m, "i'll give u a guarantee")
    assert not found(m, "i wont give u a guarantee")
    assert [t.key for t in tokenize("youll get it")] == [t.key for t in tokenize("you'll get it")]


def test_yo_and_ye_are_the_same_letter():
    m = matcher("ещё раз извините")
    assert found(m, "Еще раз извините, пожалуйста")


def test_typo_in_a_long_word_still_matches():
    m = matcher("понимаю ваше недовольство")
    assert found(m, "Понемаю ваше недовольсво")


def test_typo_in_english_long_word_still_matches():
    m = matcher("I understand your frustration", lang="en")
    assert found(m, "I undrestand your frustation")


def test_negated_typo_does_not_fuzz_into_the_positive_word():
    m = matcher("I understand your frustration", lang="en")
    assert not found(m, "I do not undrestand your frustration")


def test_alternatives_and_optional_words():
    m = matcher("(очень|) (жаль|обидно) что так (вышло|получилось)")
    assert found(m, "Мне обидно, что так получилось")


def test_multi_word_alternative_keeps_its_function_words():
    m = matcher("you (have to|must)", lang="en")
    assert not found(m, "You have every right to be upset")
    assert found(m, "You have to wait")


def test_number_placeholder_and_exact_percentage():
    m = matcher("скидка (30%|50%)")
    assert found(m, "Дам скидку 30%")
    assert not found(m, "Дам скидку 10%")
    assert found(matcher("в #"), "Привезём в 15:00")


def test_function_words_alone_do_not_make_a_phrase_match_anything():
    m = matcher("(либо|или) (мы|вы)")
    assert not found(m, "Мы доставим завтра")


def test_stems_match_derivations_but_not_lookalikes():
    assert shares_stem("недовольство", "недовольный")
    assert shares_stem("доставить", "доставка")
    assert not shares_stem("достать", "доставка")
    assert not shares_stem("не_понимать", "понимать")


def test_language_is_detected_by_script():
    assert detect_language("Доставим в четверг") == "ru"
    assert detect_language("We deliver on Thursday") == "en"
    assert detect_language("12:00 !!!", default="en") == "en"


def test_invisible_characters_are_ignored():
    m = matcher("понимаю ваше недовольство")
    assert found(m, "пони\u200bмаю ваше\u200d недовольство")


def test_malformed_phrases_are_rejected_with_a_reason():
    with pytest.raises(ValueError, match="balanced"):
        parse_phrase("(понимаю|вижу")
    with pytest.raises(ValueError, match="nested"):
        parse_phrase("((a|b)|c)")
    with pytest.raises(ValueError, match="empty"):
        parse_phrase("   ")


@pytest.mark.parametrize(
    "phrase", ["(=без =угроз, =пожалуйста)", "(='idlers')", "(=чат) (=—|=для)"]
)
def test_an_exact_word_with_punctuation_that_would_never_match_is_rejected(phrase):
    with pytest.raises(ValueError, match=r"never match|punctuation"):
        parse_phrase(phrase)


def test_an_exact_contraction_matches_as_the_answer_is_read():
    m = matcher("(=you'd =been) (=home)", lang="en")
    assert found(m, "If you'd been home, he would have handed it over.")
    assert found(m, "If you had been home... no, if you would been home")
    assert not found(m, "If you have been home all day, I'm sorry.")


def test_an_exact_negated_contraction_negates_the_next_word():
    m = matcher("(=don't =count =on =it)", lang="en")
    assert found(m, "I wouldn't count on it, but I don't count on it either.")
    assert not found(m, "You can count on it.")


def test_an_exact_no_at_the_end_is_the_word_no():
    m = matcher("(=wouldn't =say =no)", lang="en")
    assert found(m, "Honestly, I wouldn't say no to that.")
    assert not found(m, "No, I wouldn't say that.")


def test_a_phrase_compiles_to_lemma_slots():
    [compiled] = compile_phrase("понимаю ваше недовольство")
    assert compiled.slots == (
        frozenset({"понимать"}),
        frozenset({"вы"}),
        frozenset({"недовольство"}),
    )


def test_characters_that_normalisation_expands_keep_their_place():
    from salesbot.engine.text import analyse, language_of

    for text in ("Ŀ", "℀", "ﴼ", "Доставим Ŀ завтра"):
        tokens = analyse(text).tokens
        assert all(t.surface and t.start < t.end for t in tokens)
        assert language_of(tokens) in ("ru", "en")


def test_a_several_word_alternative_skips_a_function_word_but_not_a_content_word():
    m = matcher("(без первого взноса)")
    assert found(m, "Можно и без первого взноса")
    assert not found(m, "Рассрочка без переплаты — первый взнос 20%")


def test_a_chain_steps_over_a_negation_only_where_it_went_into_the_next_word():
    m = matcher("(don't miss|definitely 24)", lang="en")
    assert found(m, "Don't miss it")
    assert not found(m, "Definitely not 24 yet")


def test_a_several_word_alternative_is_found_where_its_words_follow_each_other():
    # The first "в" stands as near to «можно» as the "в" of «в любой момент».
    m = matcher("(=можно =было) (=увидеть) (=в =любой =момент)")
    assert found(m, "Всё было в приложении, его можно было увидеть в любой момент.")


def test_a_chain_does_not_step_over_a_word_into_the_next_clause():
    m = matcher("(oh really)", lang="en")
    assert found(m, "Oh really? Then read the contract.")
    assert not found(m, "Oh, that's really unfortunate, Victor.")


def test_an_exact_form_can_be_written_negated():
    m = matcher("(=больше =не =звоните)")
    assert found(m, "Пожалуйста, больше не звоните по пять раз на дню.")
    assert not found(m, "Больше звоните, если что-то нужно.")


def test_a_phrase_can_name_one_number_exactly():
    m = matcher("(=24) (дюйма)")
    assert found(m, "Берите 24 дюйма")
    assert not found(m, "Берите 20 дюймов")


@pytest.mark.parametrize(
    "text",
    [
        "Замовлення 48215 можемо привезти завтра, з 10 до 14 або з 18 до 22.",
        "Înțeleg, Nikita. Puteți lua aparatul în leasing, cu aproximativ 24.000 de ruble pe lună.",
        "Możemy przyjechać od pojutrze, rano 9–13 albo po południu 14–18. Który termin pasuje?",
    ],
)
def test_ukrainian_without_its_own_letters_romanian_and_polish_are_other_languages(text):
    assert language_of_text(analyse(text)) == "other"


def test_polish_letters_tell_another_language_without_any_common_word():
    text = "Awaria kabla w Pana dzielnicy od wczoraj wieczorem, ekipa już pracuje, szacują naprawę."
    assert language_of_text(analyse(text)) == "other"


def test_a_borrowed_accent_is_still_english():
    text = "The café stays open while we set up: 30 days free in one café, naïve fears aside."
    assert language_of_text(analyse(text)) == "en"


def test_russian_with_a_stray_letter_z_is_still_russian():
    assert language_of_text(analyse("Заказ з/п отдела привезём завтра с 10 до 14.")) == "ru"


def test_a_russian_ordinal_ending_stays_with_its_number():
    assert [t.key for t in tokenize("20-е число, к 17-го")] == ["#20", "число", "к", "#17"]


@pytest.mark.parametrize(
    ("text", "key"),
    [("24 000 рублей", "#24000"), ("about 14,000 a month", "#14000"), ("380.000", "#380000")],
)
def test_a_number_written_in_thousands_is_one_number(text, key):
    assert [t.key for t in tokenize(text) if t.key.startswith("#")] == [key]


def test_numbers_in_a_row_stay_apart():
    assert [t.key for t in tokenize("с 10 до 14, 20 или 24")] == [
        "с", "#10", "до", "#14", "#20", "или", "#24",
    ]  # fmt: skip


def test_the_number_sign_is_no_negation():
    [sign] = [t for t in tokenize("заявка № 552190") if t.surface == "№"]
    assert sign.key == "номер" and not sign.negated


def test_bulgarian_is_another_language():
    text = "Никита, има разсрочка за 6 месеца без лихва, първоначалната вноска е 20%."
    assert language_of_text(analyse(text)) == "other"


def test_a_hard_sign_before_a_vowel_is_still_russian():
    text = "Подъезд и объём доставки уточню, съёмку сделаем завтра."
    assert language_of_text(analyse(text)) == "ru"


def test_russian_in_latin_letters_is_another_language():
    text = "Olga, pri roste 125 sm berite 20 dyuimov, a 24 budut veliki."
    assert language_of_text(analyse(text)) == "other"


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Andrey, izvinite. Sreda — dostavka, chetverg i pyatnica — nastroika.",
         "Андрей, извините. Среда — доставка, четверг и пятница — настройка."),
        ("Konechno, podumayte. Korzina sohranitsya 3 dnya, mogu prislat ssylku na pochtu.",
         "Конечно, подумайте. Корзина сохранится 3 дня, могу прислать ссылку на почту."),
        ("Sergei, eto ne plata za internet-bank, a paket Plus.",
         "Сергей, это не плата за интернет-банк, а пакет Plus."),
    ],
)  # fmt: skip
def test_russian_in_latin_letters_is_read_back_in_cyrillic(latin, cyrillic):
    assert read_translit(latin) == cyrillic


@pytest.mark.parametrize(
    "text",
    [
        "Ich verstehe Sie, morgen liefern wir zwischen 19 und 22 Uhr.",
        "We can deliver tomorrow between 7 and 10 pm, sorry for the trouble.",
        "Capisco, Nikita. C'è il leasing: circa 24.000 rubli al mese per 18 mesi.",
        "Доставим завтра с 10 до 14.",
    ],
)
def test_other_languages_and_cyrillic_are_not_translit(text):
    assert read_translit(text) is None


def test_a_number_inside_a_several_word_alternative_stays_a_number():
    m = matcher("(he|courier) (called|rang) (twice|# times)", lang="en")
    assert found(m, "He called you 3 times yesterday.")
    assert not found(m, "And yes, he will call this time.")


def test_a_chain_never_steps_over_a_conjunction():
    m = matcher("(you chose it|you chose that)", lang="en")
    assert found(m, "But you chose it yourself.")
    assert not found(m, "I'll send the link to the bike you chose so it's easy to show him.")


def test_a_dot_after_an_abbreviation_ends_no_sentence():
    assert analyse("Рассрочка на 6 мес. без переплаты, взнос 20%.").sentences == 1
    assert analyse("Стоит 24 тыс. Дальше решим.").sentences == 2


def test_a_number_in_brackets_is_not_a_list_marker():
    tokens = tokenize("Материалы (до 5) входят в цену.")
    assert [t.surface for t in tokens if t.surface.isdigit()] == ["5"]


def test_an_emoji_ends_a_clause():
    tokens = analyse("Не отвлекаю 🙂 Понадобится помощь, пишите.").tokens
    assert tokens[0].clause != tokens[2].clause
