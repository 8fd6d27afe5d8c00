"""Clauses and scope: negation and modality reach the clauses they govern, no further."""

import pytest

from salesbot.engine.structure import ASSERTED, DENIED, HEDGED, analyse_structure
from salesbot.engine.text import analyse


def statuses(text: str) -> list[int]:
    return [c.status for c in analyse_structure(analyse(text)).clauses]


def test_a_plain_commitment_is_asserted():
    assert statuses("Привезём в пятницу.") == [ASSERTED]


def test_cannot_guarantee_denies_the_clause_that_depends_on_it():
    assert statuses("Не могу гарантировать, что привезём до пятницы.") == [DENIED, DENIED]


def test_a_new_clause_after_but_is_asserted_again():
    assert statuses("Мы не можем доставить на этой неделе, но можем в понедельник.") == [
        DENIED,
        ASSERTED,
    ]


def test_a_contrast_typed_without_a_comma_still_ends_the_negation():
    assert statuses("точно сказать не могу но завтра к обеду привезём") == [DENIED, ASSERTED]


def test_yes_and_no_in_one_sentence_commit_to_neither():
    assert all(s <= HEDGED for s in statuses("И да, и нет, смотря как посмотреть."))


def test_english_cant_tell_denies_its_clause_and_the_when_it_governs():
    assert statuses("I can't tell you when they will come.") == [DENIED, DENIED]


def test_not_sure_and_no_idea_deny():
    assert statuses("I'm not sure we can deliver on Friday.") == [DENIED]
    assert statuses("No idea when it will be fixed.") == [DENIED, DENIED]


def test_a_hedge_weakens_the_clause_it_introduces():
    assert statuses("Наверное, в пятницу привезём.") == [HEDGED, HEDGED]
    assert statuses("We'll probably deliver on Friday.") == [HEDGED]


def test_a_reassuring_imperative_denies_nothing():
    assert statuses("Не волнуйтесь, заказ будет завтра к 12:00.") == [ASSERTED, ASSERTED]
    assert statuses("Don't worry, it arrives tomorrow.") == [ASSERTED, ASSERTED]


def test_a_condition_is_not_a_commitment_but_its_consequence_is():
    assert statuses("Если пришлёте реквизиты сегодня, доставим в среду.") == [HEDGED, ASSERTED]


@pytest.mark.parametrize(
    "text",
    ["Вряд ли успеем до пятницы.", "Такие клиенты встречаются редко."],
)
def test_unlikely_and_rarely_deny(text):
    assert statuses(text)[0] == DENIED


def test_questions_are_marked():
    [clause] = analyse_structure(analyse("Вам удобно в среду?")).clauses
    assert clause.question


def test_a_verbless_note_with_a_value_has_a_predicate():
    [clause] = analyse_structure(analyse("Установка — 3 часа")).clauses[1:]
    assert clause.predicate


def test_a_fragment_before_a_denial_belongs_to_it():
    text = "Привезём завтра — сегодня, уже не получится."
    assert statuses(text) == [ASSERTED, DENIED, DENIED]


def test_an_aside_joins_the_fragment_before_it_to_the_verb_after_it():
    text = "Привезём завтра — сегодня, к сожалению, уже не получится."
    assert statuses(text) == [ASSERTED, DENIED]


def test_hardly_any_denies_the_label_before_it():
    assert statuses("Неадекватных клиентов в моей практике — единицы.") == [DENIED, DENIED]


def test_a_lone_no_past_a_parenthetical_denies_the_label_before_it():
    text = "Сложные ситуации бывают, а неадекватных клиентов, по-моему, нет."
    assert statuses(text)[:2] == [ASSERTED, DENIED]


def test_a_lone_no_after_a_dash_denies_the_label_before_it():
    text = "Трудные ситуации бывают, а неадекватных клиентов — нет."
    assert statuses(text)[:2] == [ASSERTED, DENIED]


def test_almost_none_denies_the_label_before_it():
    text = "Трудные ситуации бывают, а вот неадекватных людей — почти нет."
    assert statuses(text)[0] == ASSERTED and DENIED in statuses(text)[1:]


def test_a_noun_then_a_dash_then_yes_or_no_is_a_sentence():
    clauses = analyse_structure(
        analyse("Сложные ситуации — да. Неадекватных клиентов — нет.")
    ).clauses
    assert clauses[0].predicate and clauses[2].predicate and clauses[2].status == DENIED


def test_a_name_before_no_is_not_denied():
    assert statuses("Сергей, нет, никто не издевается.")[0] == ASSERTED


def test_an_aside_between_a_day_and_its_denial_is_skipped():
    assert statuses("Сегодня, честно скажу, уже не успеем.")[0] == DENIED


def test_a_denial_with_its_own_subject_denies_only_itself():
    text = "Наша сеть одна из самых надёжных в городе, такие аварии у нас редкость."
    assert statuses(text)[0] == ASSERTED


def test_neither_yes_nor_no_denies_the_whole_sentence():
    assert set(statuses("Не могу ответить ни да, ни нет.")) == {DENIED}


def test_a_condition_with_a_negation_denies_nothing_after_it():
    assert statuses("If the plan doesn't work out, that is the risk you take.")[-1] == ASSERTED


def test_an_indirect_question_with_li_depends_on_the_refusal_before_it():
    assert statuses("Не могу сказать, успеем ли к пятнице.") == [DENIED, DENIED]


def test_a_negated_imperative_after_just_denies_nothing():
    assert statuses("Just don't call the hotline, I'll ring you at six.") == [ASSERTED, ASSERTED]


def test_if_not_typed_without_a_comma_negates_nothing_after_it():
    assert statuses("если нет можно взять модем в офисе")[-1] == ASSERTED


def test_a_clause_ending_in_not_is_denied():
    assert statuses("We deliver tomorrow, today unfortunately not.") == [
        ASSERTED,
        DENIED,
    ]


@pytest.mark.parametrize(
    "text", ["We'll deliver tomorrow, like it or not.", "Tomorrow works, why not."]
)
def test_or_not_and_why_not_deny_nothing(text):
    assert DENIED not in statuses(text)


def test_that_with_a_subject_after_a_verb_opens_a_clause_of_its_own():
    assert statuses("I'll file the claim now and note that you weren't informed.") == [
        ASSERTED,
        DENIED,
    ]


def test_that_after_a_preposition_points_back_and_opens_nothing():
    # The clause after the condition opens at "we", not at "that".
    clause_of = {
        t.form: t.clause for t in analyse("If you're unhappy after that we'll refund.").tokens
    }
    assert clause_of["that"] == clause_of["unhappy"] != clause_of["we"]
    assert statuses("If you're unhappy after that we'll refund the fee.") == [HEDGED, ASSERTED]


def test_a_when_clause_typed_without_a_comma_keeps_its_negation_to_itself():
    text = "I understand how upsetting it is when an order you needed doesn't arrive."
    assert statuses(text) == [ASSERTED, DENIED]


def test_a_when_clause_after_a_denial_is_still_denied():
    assert statuses("Не знаю когда привезут.") == [DENIED, DENIED]


@pytest.mark.parametrize(
    "text",
    [
        "If you'd chosen express delivery it might not have happened.",
        "Если бы вы выбрали экспресс мы бы успели.",
        "If you send the details today we deliver on Wednesday.",
    ],
)
def test_the_clause_after_a_condition_typed_without_a_comma_is_its_own(text):
    clauses = analyse_structure(analyse(text)).clauses
    assert [c.conditional for c in clauses] == [True, False]


def test_an_object_pronoun_after_a_condition_starts_no_clause():
    clause_of = {t.form: t.clause for t in analyse("If it suits you we'll deliver.").tokens}
    assert clause_of["you"] == clause_of["suits"] != clause_of["we"]
