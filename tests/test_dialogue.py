"""Playing a case: the client's next line follows the scored answer."""

from salesbot.engine import DialogueState, advance, start_dialogue, summarize
from salesbot.engine.dialogue import simulated_rating

LAPTOP = "laptop-bulk-order"
GOOD = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
PRAISE = "Наши ноутбуки отличные, мы лидер рынка и лучший выбор для офиса!"
RUDE = "Вы что, сами не видите? Не нравится — идите к другим, идиот."


def play(book, case_id, answers, lang="ru"):
    case = book.case(case_id)
    turn = start_dialogue(case, lang)
    results, turns = [], [turn]
    for text in answers:
        if turn.state.finished:
            break
        result = book.scorer.score_answer(case, turn.state.step_id, text, lang)
        results.append(result)
        turn = advance(case, turn.state, result)
        turns.append(turn)
    return case, results, turns


def test_the_dialogue_opens_with_the_first_client_line(book):
    turn = start_dialogue(book.case(LAPTOP), "en")
    assert turn.state.step_id == "ask"
    assert "40 laptops" in turn.lines[0]


def test_a_good_answer_moves_the_client_on(book):
    _, _, turns = play(book, LAPTOP, [GOOD])
    assert turns[-1].state.step_id == "details"


def test_praise_makes_the_client_repeat_the_question(book):
    _, _, turns = play(book, LAPTOP, [PRAISE])
    assert turns[-1].state.step_id == "repeat"
    assert "Я спросил про сроки" in turns[-1].lines[0]


def test_rudeness_ends_the_case_with_the_client_leaving(book):
    _, _, turns = play(book, LAPTOP, [RUDE])
    last = turns[-1]
    assert last.state.finished and last.outcome.id == "left"
    assert last.rating <= 4


def test_a_full_good_dialogue_ends_in_a_deal_with_a_promoter(book):
    _, results, turns = play(
        book, LAPTOP, [GOOD, "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт."]
    )
    last = turns[-1]
    assert last.outcome.id == "deal"
    assert last.rating >= 9
    summary = summarize(results, last.outcome, last.rating)
    assert summary.result == "deal" and summary.answers == 2


def test_a_step_is_not_visited_more_than_twice(book):
    _, _, turns = play(book, LAPTOP, [PRAISE, PRAISE, PRAISE, PRAISE])
    visited = [t.state.step_id for t in turns if t.state.step_id]
    assert max(visited.count(s) for s in set(visited)) <= 2
    assert turns[-1].state.finished


def test_the_state_survives_a_json_round_trip(book):
    _, _, turns = play(book, LAPTOP, [PRAISE])
    state = turns[-1].state
    assert DialogueState.from_json(state.to_json()) == state


def test_the_rating_follows_the_average_total(book):
    outcome = book.case(LAPTOP).outcome("deal")
    assert simulated_rating(outcome, (100, 100)) == 10
    assert simulated_rating(outcome, (0,)) == 8
    assert simulated_rating(outcome, ()) == 8


def test_an_unknown_language_falls_back_to_the_first(book):
    assert start_dialogue(book.case(LAPTOP), "de").state.lang == "ru"


def test_the_summary_suggests_what_to_practise(book):
    _, results, turns = play(book, LAPTOP, [PRAISE, PRAISE])
    summary = summarize(results, turns[-1].outcome, turns[-1].rating)
    assert "situational" in summary.practise
    assert summary.tips
