"""Assignments, asked of the use cases directly on a real store: setting one up with buttons,
each assignee's state, the rules of tracks, reminders and the lead's summary, access."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from salesbot import accounts, assignments, render, reports, training
from salesbot.assignments import Draft
from salesbot.config import Config
from salesbot.dialogues import load_tracks
from salesbot.records import (
    AssignedCase,
    AssigneeStatus,
    Assignment,
    Attempt,
    CaseState,
    Mode,
    Role,
    Status,
    moment,
    stamp,
    standing,
)
from salesbot.replies import Message
from salesbot.services import Caller, Services
from salesbot.storage import SqliteStore
from tests.trainees import play_case

ADMIN, LEAD, OTHER_LEAD, ANNA, BORIS, VERA, STRANGER = 1, 2, 3, 10, 11, 12, 99
REFUSED = "Эта команда вам недоступна."
COMPLAINTS = ["rude-client", "courier-no-call", "bank-internet-fee", "support-line-wait"]


def who(user_id: int) -> Caller:
    return Caller(user_id, "ru", f"User{user_id}")


@pytest.fixture
def svc(book, clock):
    """Services on an in-memory store with the bundled tracks, a movable clock, Moscow time
    and a certificate secret; a lead with a team of three, another lead with none."""
    store = SqliteStore(":memory:")
    config = Config(
        admins=(ADMIN,), timezone="Europe/Moscow", certificates={"secret": "test-secret"}
    )
    services = Services(
        config, book, store, render.Texts("tg"), render, tracks=load_tracks(book), clock=clock
    )
    for user, name in ((LEAD, "Лена"), (OTHER_LEAD, "Пётр"), (ANNA, "Анна"), (BORIS, "Борис")):
        store.upsert_user(user, name)
    store.upsert_user(VERA, "Вера")
    store.grant(LEAD, Role.LEAD, ADMIN)
    store.grant(OTHER_LEAD, Role.LEAD, ADMIN)
    team = store.create_team("Продажи", LEAD, "code")
    for member in (ANNA, BORIS, VERA):
        store.join_team(team, member)
    yield services
    store.close()


def assign(svc, *data: str, lead: int = LEAD) -> tuple[list, Draft | None]:
    """/assign and then the buttons pressed in order; every reply, and the draft."""
    reply, draft = assignments.start_setup(svc, who(lead))
    replies = [reply]
    for pressed in data:
        reply, over = assignments.press(svc, who(lead), draft, pressed)
        replies.append(reply)
        if over:
            draft = None
    return replies, draft


def assign_track(svc, track: str = "complaints", *members: int, days: int = 3) -> Assignment:
    presses = [f"asg:member:{m}" for m in members] + ["asg:chosen" if members else "asg:everyone"]
    assign(svc, *presses, f"asg:track:{track}", f"asg:due:{days}")
    return svc.store.open_assignments()[-1]


def state_of(svc, assignment: Assignment, user_id: int):
    return reports.standings(svc.store, assignment)[user_id]


def to(reply, user_id: int) -> list[Message]:
    return [item for item in reply.items if isinstance(item, Message) and item.to == user_id]


# ---------------------------------------------------------------------------- setting it up


def test_a_lead_assigns_a_track_to_the_whole_team_and_each_member_gets_a_start_button(svc):
    replies, draft = assign(svc, "asg:everyone", "asg:track:complaints", "asg:due:3")
    assert draft is None
    assert "назначить всем или отмеченным" in replies[0].texts[0]  # one team: no team picker
    created = replies[-1]
    assert "Назначено: <b>Жалобы и претензии</b>" in created.items[0].parts[0]
    [assignment] = svc.store.open_assignments()
    assert assignment.kind == "track" and assignment.case_ids == tuple(COMPLAINTS)
    assert assignment.need == 4 and all(c.pass_mark == 70 for c in assignment.cases)
    for member in (ANNA, BORIS, VERA):
        [notice] = to(created, member)
        assert "Жалобы и претензии" in notice.parts[0]
        assert notice.keyboard[0][0].data == f"asgo:{assignment.id}"


def test_a_lead_may_assign_one_case_to_the_members_they_tick(svc):
    replies, _ = assign(
        svc, f"asg:member:{ANNA}", f"asg:member:{BORIS}", f"asg:member:{BORIS}", "asg:chosen",
        "asg:case:rude-client", "asg:due:1",
    )  # fmt: skip
    [assignment] = svc.store.open_assignments()
    assert [a.user_id for a in svc.store.assignees(assignment.id)] == [ANNA]  # Boris unticked
    assert assignment.kind == "case" and assignment.cases == (AssignedCase("rude-client", 70),)
    assert to(replies[-1], ANNA) and not to(replies[-1], BORIS)


def test_a_lead_of_two_teams_picks_the_team_first(svc):
    second = svc.store.create_team("Поддержка", LEAD, "code-2")
    svc.store.join_team(second, BORIS)
    replies, draft = assign(svc, f"asg:team:{second}", "asg:everyone", "asg:case:rude-client")
    picker = replies[0].items[0]
    assert [b.data for b, *_ in picker.keyboard][:2] == ["asg:team:1", f"asg:team:{second}"]
    assert "«Поддержка»" in replies[1].texts[0]
    assignments.press(svc, who(LEAD), draft, "asg:due:7")
    [assignment] = svc.store.open_assignments()
    assert assignment.team_id == second
    assert [a.user_id for a in svc.store.assignees(assignment.id)] == [BORIS]


def test_ticked_members_who_left_before_the_due_date_was_chosen_leave_nobody_assigned(svc):
    _, draft = assign(svc, f"asg:member:{BORIS}", "asg:chosen", "asg:case:rude-client")
    svc.store.db.execute("delete from team_members where user_id = ?", [BORIS])
    reply, over = assignments.press(svc, who(LEAD), draft, "asg:due:3")
    assert over and "ничего не назначено" in reply.texts[0]
    assert svc.store.open_assignments() == []  # not silently the whole team


def test_next_without_ticking_anyone_asks_to_tick_someone(svc):
    replies, draft = assign(svc, "asg:chosen")
    assert "хотя бы одного" in replies[-1].texts[0] and draft is not None


def test_the_due_date_is_the_configured_time_in_the_configured_zone(svc, clock):
    assignment = assign_track(svc, days=3)
    due = moment(assignment.due)
    moscow = due.astimezone(svc.config.zone)
    assert (moscow.hour, moscow.minute) == (18, 0) and due.hour == 15  # 18:00 MSK = 15:00 UTC
    today = clock().astimezone(svc.config.zone).date()
    assert moscow.date() == today + timedelta(days=3)


def test_the_track_s_pass_marks_and_the_config_s_are_copied_in(svc, book, tmp_path):
    svc.config = svc.config.model_copy(update={"pass_marks": {"rude-client": 60}})
    assignment = assign_track(svc)
    assert assignment.cases[0] == AssignedCase("rude-client", 60)
    assert {c.pass_mark for c in assignment.cases[1:]} == {70}


# ---------------------------------------------------------------------------- states


def test_an_assignee_goes_from_assigned_to_in_progress_to_passed(svc):
    assignment = assign_track(svc, "complaints", ANNA)
    assert state_of(svc, assignment, ANNA).status is AssigneeStatus.NOT_STARTED
    texts = play_case(svc, who(ANNA), "rude-client")
    assert state_of(svc, assignment, ANNA).status is AssigneeStatus.IN_PROGRESS
    assert any("сдано 1 из 4" in t for t in texts)
    for case_id in COMPLAINTS[1:]:
        texts = play_case(svc, who(ANNA), case_id)
    result = state_of(svc, assignment, ANNA)
    assert result.status is AssigneeStatus.PASSED and result.passed == 4
    assert all(c.state is CaseState.PASSED and c.best >= 70 for c in result.cases)
    assert any("Задание «Жалобы и претензии» выполнено" in t for t in texts)
    assert svc.store.assignee(assignment.id, ANNA).passed_at is not None


def test_a_case_played_below_the_pass_mark_is_tried_and_a_replay_until_the_due_date_counts(svc):
    assignment = assign_track(svc, "complaints", ANNA)
    play_case(svc, who(ANNA), "rude-client", good=False)
    [rude, *_] = state_of(svc, assignment, ANNA).cases
    assert rude.state is CaseState.TRIED and rude.best < 70 and rude.attempts == 1
    play_case(svc, who(ANNA), "rude-client")
    [rude, *_] = state_of(svc, assignment, ANNA).cases
    assert rude.state is CaseState.PASSED and rude.best >= 70 and rude.attempts == 2


def test_every_case_played_without_passing_is_finished_not_passed(svc):
    assignment = assign(svc, "asg:everyone", "asg:case:rude-client", "asg:due:3")
    assignment = svc.store.open_assignments()[-1]
    play_case(svc, who(BORIS), "rude-client", good=False)
    assert state_of(svc, assignment, BORIS).status is AssigneeStatus.FINISHED


def test_practice_before_the_assignment_does_not_count(svc, clock):
    play_case(svc, who(ANNA), "rude-client")
    clock.advance(seconds=5)  # the assignment is made later
    assignment = assign_track(svc, "complaints", ANNA)
    assert state_of(svc, assignment, ANNA).status is AssigneeStatus.NOT_STARTED


def test_after_the_due_date_the_assignment_closes_and_later_play_does_not_count(svc, clock):
    assignment = assign_track(svc, "complaints", ANNA, days=1)
    play_case(svc, who(ANNA), "rude-client", good=False)
    clock.advance(days=2)
    assignments.sweep(svc)
    closed = svc.store.assignment(assignment.id)
    assert closed.closed_at is not None and not closed.open_at(clock())
    texts = play_case(svc, who(ANNA), "rude-client")
    assert not any("сдано" in t for t in texts)  # no progress note: it is over
    frozen = state_of(svc, closed, ANNA)
    assert frozen.status is AssigneeStatus.IN_PROGRESS and frozen.cases[0].state is CaseState.TRIED
    [row] = reports.assignment_view(svc.store, svc.book, svc.config, closed, "ru")["rows"]
    assert row["overdue"] and row["status"] == "in_progress"
    assert training.start_assigned(svc, who(ANNA), assignment.id).texts == [
        svc.text("asg_nothing_to_start", "ru")
    ]


def attempt(case_id: str, total: int | None, *, status=Status.FINISHED, at: str) -> Attempt:
    return Attempt(
        1, ANNA, case_id, 1, "ru", Mode.PRACTICE, status, "{}", total=total, started_at=at,
        finished_at=at,
    )  # fmt: skip


SALES = ("laptop-bulk-order", "price-objection", "wants-but-cannot", "reluctant-client", "chat")


def sales(need: int) -> Assignment:
    return Assignment(
        1, 1, LEAD, "track", "sales", {"ru": "Продажи"},
        tuple(AssignedCase(c, 70) for c in SALES), need,
        due="2030-01-10T15:00:00+00:00", created_at="2030-01-01T00:00:00+00:00",
    )  # fmt: skip


def test_a_track_that_asks_for_four_of_five_is_passed_with_four():
    at = "2030-01-05T10:00:00+00:00"
    four = [attempt(c, 80, at=at) for c in SALES[:4]]
    assert standing(sales(4), four).status is AssigneeStatus.PASSED
    assert standing(sales(5), four).status is AssigneeStatus.IN_PROGRESS
    assert standing(sales(4), four[:3]).status is AssigneeStatus.IN_PROGRESS


def test_only_attempts_finished_by_the_due_moment_and_started_after_the_assignment_count():
    late = attempt(SALES[0], 95, at="2030-01-10T15:00:01+00:00")
    early = attempt(SALES[0], 95, at="2029-12-31T23:59:59+00:00")
    on_time = attempt(SALES[0], 60, at="2030-01-10T15:00:00+00:00")
    unfinished = attempt(SALES[1], None, status=Status.STOPPED, at="2030-01-02T00:00:00+00:00")
    result = standing(sales(4), [late, early, on_time, unfinished])
    first, second, *_ = result.cases
    assert first.state is CaseState.TRIED and first.best == 60 and first.attempts == 2
    assert second.state is CaseState.TRIED and second.best is None
    assert result.status is AssigneeStatus.IN_PROGRESS


def test_a_pass_mark_is_reached_at_exactly_the_mark():
    result = standing(sales(1), [attempt(SALES[2], 70, at="2030-01-05T10:00:00+00:00")])
    assert result.cases[2].state is CaseState.PASSED and result.status is AssigneeStatus.PASSED


# ---------------------------------------------------------------------------- the assignee


def test_cases_shows_what_is_assigned_first_with_its_due_date_and_progress(svc):
    assignment = assign_track(svc, "complaints", ANNA)
    play_case(svc, who(ANNA), "rude-client")
    menu = training.case_menu(svc, who(ANNA))
    text = menu.texts[0]
    assert text.index("Назначено вам") < text.index("Выберите кейс")
    due = reports.local_time(assignment.due, svc.config.zone)
    assert f"срок {due}: сдано 1 из 4" in text
    buttons = [row[0] for row in menu.items[0].keyboard]
    assert [b.data for b in buttons[:3]] == [f"play:{c}" for c in COMPLAINTS[1:]]
    assert all(b.label.startswith("📌") for b in buttons[:3])
    assert "play:rude-client" in [b.data for b in buttons[3:]]  # passed: back among the rest
    assert "Назначено вам" not in training.case_menu(svc, who(BORIS)).texts[0]


def test_the_start_button_opens_the_first_case_not_passed_yet(svc):
    assignment = assign_track(svc, "complaints", ANNA)
    play_case(svc, who(ANNA), "rude-client")
    opened = training.start_assigned(svc, who(ANNA), assignment.id)
    assert training.active(svc, who(ANNA)).case_id == "courier-no-call"
    assert opened.texts


def test_an_assignee_sees_only_their_own_assignments(svc):
    assignment = assign_track(svc, "complaints", ANNA)
    refused = training.start_assigned(svc, who(BORIS), assignment.id)
    missing = training.start_assigned(svc, who(BORIS), 999)
    assert refused.texts == missing.texts == [svc.text("asg_nothing_to_start", "ru")]
    assert training.active(svc, who(BORIS)) is None
    assert assignments.mine(svc, BORIS, "ru") == []


# ---------------------------------------------------------------------------- reminders


def test_a_reminder_goes_a_day_before_the_due_date_to_those_not_finished_once(svc, clock):
    assignment = assign_track(svc, "complaints", days=3)
    play_case(svc, who(ANNA), "rude-client")  # in progress: reminded
    assert assignments.sweep(svc).items == ()  # not yet
    clock.move_to(moment(assignment.due) - timedelta(hours=23))
    reminders = assignments.sweep(svc)
    assert {item.to for item in reminders.items} == {ANNA, BORIS, VERA}
    [anna] = to(reminders, ANNA)
    assert "Напоминаю: срок задания" in anna.parts[0] and "Сдано 1 из 4" in anna.parts[0]
    assert anna.keyboard[0][0].data == f"asgo:{assignment.id}"
    assert assignments.sweep(svc).items == ()  # at most once
    assert svc.store.assignee(assignment.id, ANNA).reminded_at is not None


def test_no_reminder_to_whoever_finished_left_the_team_or_ran_forget(svc, clock):
    assign(svc, "asg:everyone", "asg:case:rude-client", "asg:due:3")
    play_case(svc, who(ANNA), "rude-client", good=False)  # finished, not passed
    svc.store.db.execute("delete from team_members where user_id = ?", [BORIS])  # left
    accounts.forget(svc, who(VERA), confirmed=True)
    clock.move_to(moment(svc.store.open_assignments()[0].due) - timedelta(hours=23))
    assert assignments.sweep(svc).items == ()


def set_local_time(svc, clock, hour: int) -> None:
    """Move the clock to today's `hour`:00 in the config's zone."""
    now = clock().astimezone(svc.config.zone)
    clock.advance(seconds=(now.replace(hour=hour, minute=0) - now).total_seconds())


def test_due_tomorrow_assigned_in_the_evening_gets_no_reminder(svc, clock):
    set_local_time(svc, clock, 20)  # after 18:00: less than a day before tomorrow's 18:00
    assign_track(svc, "complaints", days=1)
    clock.advance(hours=1)
    assert assignments.sweep(svc).items == ()


def test_due_tomorrow_assigned_in_the_morning_gets_a_reminder_at_the_due_hour_today(svc, clock):
    set_local_time(svc, clock, 9)
    assign_track(svc, "complaints", ANNA, days=1)
    clock.advance(hours=8, minutes=59)  # 17:59
    assert assignments.sweep(svc).items == ()
    clock.advance(minutes=2)  # 18:01, a day before the due time
    assert [item.to for item in assignments.sweep(svc).items] == [ANNA]


def test_reminders_come_from_the_database_so_a_restarted_bot_sends_them(book, clock, tmp_path):
    path = tmp_path / "salesbot.db"
    config = Config(admins=(ADMIN,), timezone="Europe/Moscow")

    def services(store):
        return Services(
            config, book, store, render.Texts("tg"), render, tracks=load_tracks(book), clock=clock
        )

    store = SqliteStore(path)
    store.upsert_user(LEAD, "Лена")
    store.upsert_user(ANNA, "Анна")
    store.grant(LEAD, Role.LEAD, ADMIN)
    store.join_team(store.create_team("Продажи", LEAD, "code"), ANNA)
    assignment = assign_track(services(store), "complaints", days=3)
    store.close()
    clock.move_to(moment(assignment.due) - timedelta(hours=23))
    store = SqliteStore(path)  # a new process: nothing but the database
    assert [item.to for item in assignments.sweep(services(store)).items] == [ANNA]
    store.close()


# ---------------------------------------------------------------------------- the lead


def test_at_the_due_time_the_lead_gets_who_finished_passed_and_did_not_start(svc, clock):
    assignment = assign(svc, "asg:everyone", "asg:case:rude-client", "asg:due:3")
    assignment = svc.store.open_assignments()[-1]
    play_case(svc, who(ANNA), "rude-client")
    play_case(svc, who(BORIS), "rude-client", good=False)
    clock.advance(days=4)
    [summary] = assignments.sweep(svc).items
    assert summary.to == LEAD
    text = summary.parts[0]
    assert "Выполнили 2 из 3, сдали 1" in text
    assert "Сдали: Анна" in text and "не сдали: Борис" in text and "Не начинали: Вера" in text
    assert svc.store.assignment(assignment.id).closed_at is not None
    assert assignments.sweep(svc).items == ()  # once


def test_an_assignment_everyone_passed_closes_before_its_due_date(svc, clock):
    assign(svc, f"asg:member:{ANNA}", "asg:chosen", "asg:case:courier-no-call", "asg:due:7")
    play_case(svc, who(ANNA), "courier-no-call")
    [summary] = assignments.sweep(svc).items
    assert summary.to == LEAD and "сдали 1" in summary.parts[0]


def test_assignments_lists_open_and_past_with_completion(svc, clock):
    first = assign_track(svc, "complaints", ANNA, BORIS, days=1)
    assign(svc, "asg:everyone", "asg:case:rude-client", "asg:due:3")
    play_case(svc, who(ANNA), "rude-client")
    clock.advance(days=2)
    assignments.sweep(svc)  # closes the first
    [text] = assignments.listing(svc, who(LEAD)).texts
    assert text.index("🟢") < text.index("⚪️")  # open first
    assert "выполнили 1/3, сдали 1, не начинали 2" in text
    assert f"#{first.id} <b>Жалобы и претензии</b>" in text and "(закрыто)" in text
    assert "выполнили 0/2, сдали 0, не начинали 1" in text


def test_a_lead_who_lost_the_role_gets_no_summary(svc, clock):
    assign_track(svc, "complaints", ANNA, days=1)
    svc.store.revoke(LEAD, Role.LEAD, ADMIN)
    clock.advance(days=2)
    assert assignments.sweep(svc).items == ()
    assert svc.store.open_assignments() == []  # closed all the same


# ---------------------------------------------------------------------------- access


@pytest.mark.parametrize("user", [ANNA, STRANGER])
def test_assigning_and_listing_are_refused_to_a_trainee(svc, user):
    reply, draft = assignments.start_setup(svc, who(user))
    assert reply.texts == [REFUSED] and draft is None
    assert assignments.listing(svc, who(user)).texts == [REFUSED]


def test_every_press_is_checked_again_a_forged_team_is_refused(svc):
    svc.store.create_team("Чужая", OTHER_LEAD, "other")
    forged = Draft(team_id=2)  # another lead's team, as if the button had said so
    reply, over = assignments.press(svc, who(LEAD), forged, "asg:due:3")
    assert reply.texts == [REFUSED] and over
    reply, over = assignments.press(svc, who(LEAD), Draft(), "asg:team:2")
    assert reply.texts == [REFUSED] and over
    reply, over = assignments.press(svc, who(ANNA), Draft(team_id=1), "asg:everyone")
    assert reply.texts == [REFUSED] and over
    assert svc.store.open_assignments() == []


def test_a_lead_who_loses_the_role_mid_set_up_cannot_finish_it(svc):
    _, draft = assign(svc, "asg:everyone", "asg:track:complaints")
    svc.store.revoke(LEAD, Role.LEAD, ADMIN)
    reply, over = assignments.press(svc, who(LEAD), draft, "asg:due:3")
    assert reply.texts == [REFUSED] and over and svc.store.open_assignments() == []


def test_a_member_of_another_team_cannot_be_ticked(svc):
    svc.store.upsert_user(STRANGER, "Гость")
    assign(
        svc, f"asg:member:{STRANGER}", f"asg:member:{ANNA}", "asg:chosen",
        "asg:case:rude-client", "asg:due:3",
    )  # fmt: skip
    [assignment] = svc.store.open_assignments()
    assert [a.user_id for a in svc.store.assignees(assignment.id)] == [ANNA]


def test_unknown_cases_tracks_and_days_do_not_create_anything(svc):
    _, draft = assign(svc, "asg:everyone", "asg:track:nope", "asg:case:nope")
    assert draft is not None and not draft.target
    reply, over = assignments.press(svc, who(LEAD), draft, "asg:due:2")
    assert over and "устарела" in reply.texts[0]
    assert svc.store.open_assignments() == []


def test_a_draft_lost_in_a_restart_asks_to_start_again(svc):
    reply, over = assignments.press(svc, who(LEAD), None, "asg:due:3")
    assert over and "/assign" in reply.texts[0]


def test_a_lead_without_a_team_is_told_to_create_one(svc):
    reply, draft = assignments.start_setup(svc, who(OTHER_LEAD))
    assert "/newteam" in reply.texts[0] and draft is None


def test_forget_erases_assignments_and_certificates(svc):
    assignment = assign_track(svc, "complaints", ANNA)
    for case_id in COMPLAINTS:
        play_case(svc, who(ANNA), case_id)
    assert svc.store.certificates_of(ANNA)
    removed = svc.store.forget_user(ANNA)
    assert removed["assignees"] == 1 and removed["certificates"] == 1
    assert svc.store.assignee(assignment.id, ANNA) is None
    removed = svc.store.forget_user(LEAD)
    assert removed["assignments"] == 1 and svc.store.assignment(assignment.id) is None


def test_stamps_are_stored_in_utc_to_the_second():
    moscow = datetime(2030, 1, 10, 18, 0, 30, 999, tzinfo=timezone(timedelta(hours=3)))
    assert stamp(moscow) == "2030-01-10T15:00:30+00:00"
