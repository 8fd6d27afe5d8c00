"""The client who listens: the reply follows from what the answer did and did not do, and
the ending and the rating follow from the whole conversation."""

import dataclasses

import pytest

from salesbot.engine import DialogueState, start_dialogue
from salesbot.engine.dialogue import dialogue_problems, play_script

LAPTOP = "laptop-bulk-order"


def reply(book, case_id, state, text):
    case = book.case(case_id)
    result = book.score(case, state.step_id, text, state.lang)
    return book.advance(case, state, result)


def opened(book, case_id, lang="ru", seed=1):
    return start_dialogue(book.case(case_id), lang, seed).state


def test_a_complete_answer_moves_on_to_the_next_question(book):
    turn = reply(
        book, LAPTOP, opened(book, LAPTOP), "Доставим в среду, настроим в четверг и пятницу."
    )
    assert turn.state.step_id == "details"
    assert any("нужно от нас" in line or "потребуется" in line for line in turn.lines)


def test_a_missing_piece_is_asked_for_by_name(book):
    turn = reply(book, LAPTOP, opened(book, LAPTOP), "Доставим в среду.")
    assert turn.state.step_id == "ask"
    assert any("настро" in line.lower() for line in turn.lines)  # asks about the setup
    assert not any("подходят" in line for line in turn.lines)  # no thanks for what wasn't said


def test_pieces_given_over_several_answers_add_up(book):
    state = reply(book, LAPTOP, opened(book, LAPTOP), "Доставим в среду.").state
    turn = reply(book, LAPTOP, state, "Настроим в четверг и пятницу, два инженера.")
    assert turn.state.step_id == "details"


def test_an_evasive_answer_gets_the_question_again(book):
    state = opened(book, "courier-no-call")
    state = dataclasses.replace(state, step_id="slot", visits={"slot": 1})
    turn = reply(book, "courier-no-call", state, "Мы ценим каждого клиента и всё решим.")
    assert turn.state.step_id == "slot"
    assert any("?" in line for line in turn.lines)


def test_praise_instead_of_the_answer_is_called_out(book):
    turn = reply(book, LAPTOP, opened(book, LAPTOP), "Мы лидер рынка, у нас лучшие цены!")
    assert turn.state.step_id == "repeat"
    assert any("Я спросил про сроки" in line or "про сроки" in line for line in turn.lines)


def test_a_capitulating_discount_is_exploited(book):
    turn = reply(
        book,
        "price-objection",
        opened(book, "price-objection"),
        "Сделаю вам скидку 20%, только не уходите!",
    )
    assert turn.state.step_id == "objection"
    assert any("процент" in line or "сбросим" in line for line in turn.lines)


def test_rudeness_to_an_impatient_client_ends_the_conversation(book):
    turn = reply(
        book,
        "price-objection",
        opened(book, "price-objection"),
        "Не нравится — идите к ним, мне всё равно.",
    )
    assert turn.outcome is not None and turn.outcome.kind == "lost"
    assert turn.rating <= 3


def test_a_patient_client_stays_after_one_rude_answer_but_gets_colder(book):
    state = opened(book, "wants-but-cannot")
    turn = reply(
        book, "wants-but-cannot", state, "Ну так копите деньги, вы должны были подумать раньше."
    )
    assert turn.outcome is None
    assert turn.state.strikes >= 2


def test_the_best_ending_is_earned_and_rated_high(book):
    case = book.case(LAPTOP)
    answers = {
        "ask": [
            "Да, успеем: доставим в среду, в четверг и пятницу наши инженеры всё настроят. "
            "Подготовить счёт?"
        ],
        "details": [
            "Нужны реквизиты компании, адрес доставки, контакт на месте и список программ; "
            "счёт выставлю в течение часа."
        ],
        "payment": [
            "Да, для корпоративных клиентов по договору отсрочка до 14 дней возможна, согласую "
            "сегодня и пришлю договор до 17:00."
        ],
    }
    turn, results, _ = play_script(case, book.scorer, answers, "ru", book.library.reactions)
    assert turn.outcome.kind == "best"
    assert 8 <= turn.rating <= 10
    assert len(results) >= 3  # long enough to practise


def test_keyword_strings_never_reach_the_best_ending(book):
    case = book.case(LAPTOP)
    stuffing = {
        step.id: ["понимаю извините доставка завтра договор реквизиты"] for step in case.steps
    }
    turn, _, _ = play_script(case, book.scorer, stuffing, "ru", book.library.reactions)
    assert turn.outcome.kind != "best"


def test_a_mediocre_path_ends_fair_with_a_middle_rating(book):
    case = book.case("rude-client")
    answers = {
        "vent": ["Номер заказа скажите."],
        "when": ["Завтра с 10 до 14."],
        "escalate": ["Завтра с 10 до 14."],
        "trust": ["Завтра до 12:00 напишу вам данные курьера."],
    }
    turn, _, transcript = play_script(case, book.scorer, answers, "ru", book.library.reactions)
    assert turn.outcome.kind in ("fair", "best"), transcript
    assert turn.rating <= 8


def test_the_rating_rewards_fewer_turns(book):
    case = book.case(LAPTOP)
    good = "Доставим в среду, настроим в четверг и пятницу."
    details = "Реквизиты, адрес, контакт на месте; счёт через час."
    pay = "Да, отсрочка 14 дней по договору возможна, пришлю договор сегодня."
    direct = {"ask": [good], "details": [details], "payment": [pay]}
    slow = {
        "ask": ["Доставим в среду.", "Настроим в четверг и пятницу."],
        "details": [details],
        "payment": [pay],
    }
    fast, _, _ = play_script(case, book.scorer, direct, "ru", book.library.reactions)
    slower, _, _ = play_script(case, book.scorer, slow, "ru", book.library.reactions)
    assert fast.rating >= slower.rating


def test_each_client_line_has_two_phrasings_picked_per_attempt(book):
    for case in book.cases.values():
        for step in case.steps:
            for lang in case.languages:
                assert len(step.client[lang]) >= 2, (case.id, step.id, lang)
    seen = {start_dialogue(book.case(LAPTOP), "ru", seed).lines[0] for seed in range(12)}
    assert len(seen) == 2
    assert (
        start_dialogue(book.case(LAPTOP), "ru", 5).lines
        == start_dialogue(book.case(LAPTOP), "ru", 5).lines
    )


def test_the_state_survives_json_and_reads_older_states(book):
    state = reply(book, LAPTOP, opened(book, LAPTOP), "Доставим в среду.").state
    assert DialogueState.from_json(state.to_json()) == state
    old = (
        '{"case_id": "laptop-bulk-order", "case_version": 1, "lang": "ru", "step_id": "ask", '
        '"visits": {"ask": 1}, "totals": [40], "outcome_id": null}'
    )
    assert DialogueState.from_json(old).step_id == "ask"


def test_the_bundled_cases_pass_the_graph_checks(book):
    for case in book.cases.values():
        assert dialogue_problems(case, book.scorer, book.library.reactions) == [], case.id


def test_a_best_outcome_reached_by_poor_examples_is_reported(book, monkeypatch):
    import salesbot.engine.dialogue as dialogue

    monkeypatch.setattr(dialogue, "BEST_AVERAGE", 0)  # only the graph stands in the way
    case = book.case(LAPTOP)
    # Make every step end in the best outcome whatever is said.
    steps = tuple(
        dataclasses.replace(s, branches=(), next=None, end="deal") if s.id == "ask" else s
        for s in case.steps
    )
    ask = next(s for s in steps if s.id == "ask")
    from salesbot.engine.model import Branch, Condition, Example

    ask = dataclasses.replace(
        ask,
        branches=(Branch(Condition(), end="deal"),),
        examples=(Example("ru", "Мы лидер рынка!", "product"),),
    )
    broken = dataclasses.replace(case, steps=tuple(ask if s.id == "ask" else s for s in steps))
    problems = dialogue_problems(broken, book.scorer, book.library.reactions)
    assert any("poor examples" in p for p in problems)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_case_opens_in_both_languages(book, lang):
    for case in book.cases.values():
        turn = start_dialogue(case, lang, 3)
        assert turn.lines and turn.state.lang == lang


def test_an_outcome_nothing_leads_to_is_reported(book):
    from salesbot.engine.model import Outcome

    case = book.case(LAPTOP)
    orphan = Outcome("orphan", "fair", {"ru": "x", "en": "x"}, {"ru": ("x",), "en": ("x",)}, (5, 6))
    broken = dataclasses.replace(case, outcomes=(*case.outcomes, orphan))
    assert any("'orphan' is never reached" in p for p in dialogue_problems(broken, book.scorer))
