"""The use cases return Reply values: practice and interviews without Telegram."""

from __future__ import annotations

from salesbot import interviews, training
from salesbot.interviews import Draft, Stage
from salesbot.records import InterviewStatus, Role
from salesbot.replies import Document, Message
from salesbot.services import Caller

HR, ANNA, CANDIDATE = 2, 10, 11
GOOD_1 = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
GOOD_2 = "Пришлите реквизиты и адрес, я сегодня до 17:00 выставлю счёт."
GOOD_3 = "Да, устроит: оплата через 14 дней после поставки, пропишем это в договоре."
RUDE = "Сами вы бездельник, нечего тут орать!"


def who(user_id: int, lang: str = "ru") -> Caller:
    return Caller(user_id, lang, f"User{user_id}")


def answer(svc, user: int, update_id: int, text: str):
    return training.answer(svc, who(user), training.Incoming(update_id, user, update_id, text))


def test_an_answer_is_committed_before_the_reply_is_sent(svc):
    svc.store.upsert_user(ANNA, "Анна")
    opening = training.start_case(svc, who(ANNA), "laptop-bulk-order")
    assert len(opening.items) == 1 and "Андрей" in opening.texts[-1]
    reply = answer(svc, ANNA, 1, GOOD_1)
    [message] = reply.items
    assert isinstance(message, Message) and message.to is None
    stored = svc.store.answer(reply.answer_id)
    assert stored.reply == message.parts and stored.replied_at is None  # not sent yet
    assert "Ситуационный" in message.parts[0] and "Что нужно от нас" in message.parts[-1]
    training.mark_sent(svc, reply.answer_id)
    assert svc.store.answer(reply.answer_id).replied_at


def test_an_update_is_handled_once(svc):
    svc.store.upsert_user(ANNA, "Анна")
    training.start_case(svc, who(ANNA), "laptop-bulk-order")
    first = answer(svc, ANNA, 7, GOOD_1)
    again = answer(svc, ANNA, 7, GOOD_1)  # redelivered before the reply went out
    assert again.texts == first.texts and again.answer_id == first.answer_id
    training.mark_sent(svc, first.answer_id)
    assert answer(svc, ANNA, 7, GOOD_1).items == ()  # redelivered after it went out
    assert svc.store.db["answers"].count == 1


def test_the_summary_covers_every_answer_of_the_case(svc):
    svc.store.upsert_user(ANNA, "Анна")
    training.start_case(svc, who(ANNA), "laptop-bulk-order")
    answer(svc, ANNA, 1, GOOD_1)
    answer(svc, ANNA, 2, GOOD_2)
    last = answer(svc, ANNA, 3, GOOD_3)
    assert "Кейс завершён: сделка" in last.texts[-1] and "за 3 ответа" in last.texts[-1]
    assert training.active(svc, who(ANNA)) is None


def test_the_terminal_voice_uses_its_own_texts(svc, book):
    from salesbot import render
    from salesbot.services import Services

    terminal = Services(svc.config, book, svc.store, render.Texts("cli", html=False), render)
    svc.store.upsert_user(ANNA, "Анна")
    opening = training.start_case(terminal, who(ANNA, "en"), "rude-client")
    assert "To end the case: /stop or Ctrl+D." in opening.texts[0]
    reply = answer(terminal, ANNA, 1, "I'm sorry! I'll check the order and call you by 3 pm.")
    assert reply.texts[0].startswith("→ Style:")
    stopped = training.stop(terminal, who(ANNA, "en"))
    assert stopped.texts[0].startswith("Case stopped.\nCase ")  # with the summary so far


def test_an_interview_from_link_to_report(svc):
    for user in (HR, CANDIDATE):
        svc.store.upsert_user(user, f"User{user}")
    svc.store.grant(HR, Role.HR, 1)
    draft = Draft()
    interviews.toggle_case(svc, who(HR), draft, "laptop-bulk-order")
    interviews.toggle_case(svc, who(HR), draft, "rude-client")
    assert interviews.cases_chosen(svc, who(HR), draft).next is Stage.NAME
    assert interviews.name_given(svc, who(HR), draft, "  Иван   Петров ").next is Stage.DEADLINE
    assert draft.name == "Иван Петров"
    again = interviews.deadline_chosen(svc, who(HR), draft, 99)  # not one of the buttons
    assert again.next is Stage.DEADLINE and not draft.deadline
    assert interviews.deadline_chosen(svc, who(HR), draft, 7).next is Stage.LIMIT
    created = interviews.create(svc, who(HR), draft, 120, "salesbot_test_bot")
    assert created.next is Stage.DONE
    assert "t.me/salesbot_test_bot?start=iv_" in created.reply.texts[0]
    interview = svc.store.interview(1)
    assert interview.time_limit == 120 and interview.cases == ("laptop-bulk-order", "rude-client")

    consent = training.start(svc, who(CANDIDATE), f"iv_{interview.code}")
    assert consent.items[0].keyboard[0][0].data == f"ivok:{interview.code}"
    opening = interviews.consent(svc, who(CANDIDATE), interview.code)
    assert "Андрей" in opening.texts[-1]
    assert (
        training.case_menu(svc, who(CANDIDATE)).texts == interviews.busy(svc, who(CANDIDATE)).texts
    )
    answer(svc, CANDIDATE, 1, GOOD_1)
    answer(svc, CANDIDATE, 2, GOOD_2)
    third = answer(svc, CANDIDATE, 3, GOOD_3)
    assert [type(i) for i in third.items] == [Message, Message]  # the answer, the next case
    assert "Игорь" in third.texts[-1]
    last = answer(svc, CANDIDATE, 4, RUDE)
    to_candidate = [i for i in last.items if i.to is None]
    to_hr = [i for i in last.items if i.to == HR]
    assert "Спасибо" in to_candidate[-1].parts[0]
    assert [type(i) for i in to_hr] == [Message, Document, Document]
    assert "Иван Петров" in to_hr[0].parts[0]
    assert svc.store.interview(1).status is InterviewStatus.FINISHED
    assert interviews.open_link(svc, who(CANDIDATE), interview.code).texts[0].startswith("Эта")


def test_wrong_codes_are_limited_per_user(svc):
    svc.store.upsert_user(ANNA, "Анна")
    for i in range(5):
        assert "недействительна" in training.start(svc, who(ANNA), f"iv_x{i}").texts[0]
    assert "Слишком много" in training.start(svc, who(ANNA), "team_x").texts[0]
    assert "Слишком много" not in training.start(svc, who(ANNA + 1), "team_x").texts[0]
