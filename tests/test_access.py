"""Who may do what, asked of the use cases directly: no Telegram, no HTTP."""

from __future__ import annotations

import pytest

from salesbot import access, assignments, interviews, teams, training
from salesbot.interviews import Draft
from salesbot.records import Role
from salesbot.services import Caller

ADMIN, HR, OTHER_HR, LEAD, OTHER_LEAD, TRAINEE, CANDIDATE = 1, 2, 3, 4, 5, 6, 7
GOOD = "Да, успеем: доставка в среду, настройка в четверг. Готовлю счёт?"
REFUSED = "Эта команда вам недоступна."


def who(user_id: int) -> Caller:
    return Caller(user_id, "ru", f"User{user_id}")


@pytest.fixture
def people(svc):
    """Everyone known to the bot; HR and the leads hold their roles; the trainee is in the
    lead's team and has answered once; the candidate has answered HR's interview once."""
    for user in (ADMIN, HR, OTHER_HR, LEAD, OTHER_LEAD, TRAINEE, CANDIDATE):
        svc.store.upsert_user(user, f"User{user}")
    for user, role in (
        (HR, Role.HR),
        (OTHER_HR, Role.HR),
        (LEAD, Role.LEAD),
        (OTHER_LEAD, Role.LEAD),
    ):
        svc.store.grant(user, role, ADMIN)
    team = svc.store.create_team("Продажи", LEAD, "code")
    svc.store.join_team(team, TRAINEE)
    training.start_case(svc, who(TRAINEE), "laptop-bulk-order")
    training.answer(svc, who(TRAINEE), training.Incoming(1, TRAINEE, 1, GOOD))
    draft = Draft(cases=["rude-client"], name="Кандидат", deadline="2999-01-01T00:00")
    interviews.create(svc, who(HR), draft, 0, "bot")
    interviews.consent(svc, who(CANDIDATE), svc.store.interview(1).code)
    training.answer(svc, who(CANDIDATE), training.Incoming(2, CANDIDATE, 2, "Извините!"))
    practice, exam = (svc.store.answer_for_update(u) for u in (1, 2))
    return practice, exam


def test_roles_come_from_the_config_and_from_grants(svc, people):
    assert access.has_role(svc, ADMIN, Role.ADMIN)  # in config.admins
    assert access.has_role(svc, HR, Role.HR) and not access.has_role(svc, HR, Role.LEAD)
    assert access.has_role(svc, TRAINEE, Role.TRAINEE) and not access.has_role(
        svc, TRAINEE, Role.ADMIN
    )
    svc.store.revoke(HR, Role.HR, ADMIN)
    assert not access.has_role(svc, HR, Role.HR)  # a revoked role stops working at once


def test_a_lead_may_rescore_only_their_members_practice(svc, people):
    practice, exam = people
    assert access.may_override(svc, LEAD, practice)
    assert not access.may_override(svc, OTHER_LEAD, practice)
    assert not access.may_override(svc, LEAD, exam)  # a candidate is not a team member
    assert not access.may_override(svc, TRAINEE, practice)  # not even their own answer
    svc.store.revoke(LEAD, Role.LEAD, ADMIN)
    assert not access.may_override(svc, LEAD, practice)


def test_hr_may_rescore_and_see_only_their_own_candidates(svc, people):
    practice, exam = people
    interview = svc.store.interview(1)
    assert access.may_override(svc, HR, exam) and access.may_see_interview(svc, HR, interview)
    assert not access.may_override(svc, OTHER_HR, exam)
    assert not access.may_see_interview(svc, OTHER_HR, interview)
    assert not access.may_override(svc, HR, practice)
    assert not access.may_see_interview(svc, HR, None) and not access.may_override(svc, HR, None)
    svc.store.revoke(HR, Role.HR, ADMIN)
    assert not access.may_override(svc, HR, exam)
    assert not access.may_see_interview(svc, HR, interview)


@pytest.mark.parametrize(
    "use_case",
    [
        lambda svc, c: access.change_role(svc, c, ["2", "hr"], grant=True),
        lambda svc, c: access.change_role(svc, c, ["2", "hr"], grant=False),
        lambda svc, c: access.reload_cases(svc, c),
        lambda svc, c: interviews.start_setup(svc, c, Draft()).reply,
        lambda svc, c: interviews.toggle_case(svc, c, Draft(), "rude-client").reply,
        lambda svc, c: interviews.cases_chosen(svc, c, Draft(["rude-client"])).reply,
        lambda svc, c: interviews.name_given(svc, c, Draft(["rude-client"]), "X").reply,
        lambda svc, c: interviews.deadline_chosen(svc, c, Draft(["rude-client"], "X"), 3).reply,
        lambda svc, c: (
            interviews.create(svc, c, Draft(["rude-client"], "X", "2999-01-01"), 0, "b").reply
        ),
        lambda svc, c: interviews.listing(svc, c),
        lambda svc, c: interviews.report(svc, c, 1),
        lambda svc, c: teams.create(svc, c, ["X"], "bot"),
        lambda svc, c: teams.overview(svc, c),
        lambda svc, c: teams.trainee(svc, c, ["User6"]),
        lambda svc, c: teams.report(svc, c),
        lambda svc, c: teams.override(svc, c, ["1", "50", "note"]),
        lambda svc, c: assignments.start_setup(svc, c)[0],
        lambda svc, c: assignments.press(svc, c, assignments.Draft(team_id=1), "asg:everyone")[0],
        lambda svc, c: assignments.create(
            svc, c, assignments.Draft(1, True, [], "case", "rude-client"), 3
        ),
        lambda svc, c: assignments.listing(svc, c),
    ],
)
def test_every_privileged_use_case_refuses_a_trainee_alike(svc, people, use_case):
    reply = use_case(svc, who(TRAINEE))
    assert reply.texts == [REFUSED] and len(reply.items) == 1


def test_a_lead_s_refusals_reveal_nothing(svc, people):
    practice, _ = people
    missing = teams.override(svc, who(OTHER_LEAD), ["99999", "10", "x"])
    not_theirs = teams.override(svc, who(OTHER_LEAD), [str(practice.id), "10", "x"])
    assert missing.texts == not_theirs.texts
    assert svc.store.override_for(practice.id) is None
    done = teams.override(svc, who(LEAD), [str(practice.id), "55", "коротко"])
    assert "→ 55" in done.texts[0] and svc.store.override_for(practice.id).total == 55


def test_another_hr_gets_the_same_refusal_as_a_stranger(svc, people):
    assert interviews.report(svc, who(OTHER_HR), 1).texts == [REFUSED]
    assert interviews.report(svc, who(HR), 999).texts == [REFUSED]
    own = interviews.report(svc, who(HR), 1)
    assert [d.filename for d in own.items] == ["interview-1.html", "interview-1.csv"]


def test_admins_change_roles_and_reload(svc, people, tmp_path):
    granted = access.change_role(svc, who(ADMIN), [str(TRAINEE), "lead"], grant=True)
    assert "lead" in granted.texts[0] and access.has_role(svc, TRAINEE, Role.LEAD)
    usage = access.change_role(svc, who(ADMIN), [str(TRAINEE), "trainee"], grant=True)
    assert "/grant ID" in usage.texts[0]  # everyone is a trainee: not grantable
    book = svc.book
    svc.config = svc.config.model_copy(update={"scenarios": tmp_path})
    failed = access.reload_cases(svc, who(ADMIN))
    assert "library.yaml" in failed.texts[0] and svc.book is book  # the last good cases stay


def test_only_the_lead_of_a_team_may_assign_to_it_or_list_its_assignments(svc, people):
    team = svc.store.teams_of_lead(LEAD)[0]
    assert access.may_assign(svc, LEAD, team.id)
    assert not access.may_assign(svc, OTHER_LEAD, team.id)  # a lead, of another team
    assert not access.may_assign(svc, TRAINEE, team.id) and not access.may_assign(svc, LEAD, None)
    created = assignments.create(
        svc, who(LEAD), assignments.Draft(team.id, True, [], "case", "rude-client"), 3
    )
    assert created.items[0].parts[0].startswith("Назначено")
    assert "Продажи" in assignments.listing(svc, who(LEAD)).texts[0]
    assert "Продажи" not in assignments.listing(svc, who(OTHER_LEAD)).texts[0]
    svc.store.revoke(LEAD, Role.LEAD, ADMIN)
    assert not access.may_assign(svc, LEAD, team.id)
    assert assignments.listing(svc, who(LEAD)).texts == [REFUSED]
