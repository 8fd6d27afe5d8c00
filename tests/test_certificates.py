"""Certificates: issued for a passed track, an HMAC code that `verify` accepts, a made-up or
altered one refused; the page; /certificates; `salesbot verify` on a real database."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from salesbot import assignments, certificates, render
from salesbot.cli import main
from salesbot.config import Config
from salesbot.dialogues import load_tracks
from salesbot.records import Role
from salesbot.replies import Document as SentDocument
from salesbot.services import Caller, Services
from salesbot.storage import SqliteStore
from tests.test_report_pages import assert_no_live_markup, assert_self_contained, visible_text
from tests.trainees import play_case

ADMIN, LEAD, ANNA, BORIS = 1, 2, 10, 11
SECRET = "a-long-random-test-secret"
COMPLAINTS = ["rude-client", "courier-no-call", "bank-internet-fee", "support-line-wait"]
HOSTILE = "<script>alert(1)</script> Анна"


def who(user_id: int) -> Caller:
    return Caller(user_id, "ru", f"User{user_id}")


def services(book, clock, store, secret: str = SECRET) -> Services:
    config = Config(timezone="Europe/Moscow", certificates={"secret": secret})
    return Services(
        config, book, store, render.Texts("tg"), render, tracks=load_tracks(book), clock=clock
    )


@pytest.fixture
def store(tmp_path):
    store = SqliteStore(tmp_path / "salesbot.db")
    store.upsert_user(LEAD, "Лена")
    store.upsert_user(ANNA, HOSTILE)
    store.upsert_user(BORIS, "Борис")
    store.grant(LEAD, Role.LEAD, ADMIN)
    team = store.create_team("Продажи", LEAD, "code")
    store.join_team(team, ANNA)
    store.join_team(team, BORIS)
    yield store
    store.close()


def assign_complaints(svc) -> None:
    _, draft = assignments.start_setup(svc, who(LEAD))
    for data in ("asg:everyone", "asg:track:complaints", "asg:due:7"):
        assignments.press(svc, who(LEAD), draft, data)


def pass_the_track(svc, user: int = ANNA) -> list:
    """Play every case of the complaints track well; the replies to the last answer."""
    for case_id in COMPLAINTS[:-1]:
        play_case(svc, who(user), case_id)
    return play_case(svc, who(user), COMPLAINTS[-1])


@pytest.fixture
def passed(book, clock, store):
    svc = services(book, clock, store)
    assign_complaints(svc)
    texts = pass_the_track(svc)
    [certificate] = store.certificates_of(ANNA)
    return svc, certificate, texts


def test_passing_a_track_earns_a_certificate_with_the_cases_best_totals(passed):
    svc, certificate, texts = passed
    assert any("Трек пройден" in t and certificate.code in t for t in texts)
    assert certificate.name == HOSTILE and certificate.track_id == "complaints"
    assert [c.case_id for c in certificate.cases] == COMPLAINTS
    assert all(c.best >= 70 for c in certificate.cases)
    today = svc.clock().astimezone(svc.config.zone).date().isoformat()
    assert certificate.issued_on == today


def test_the_page_shows_the_name_track_cases_and_code_escaped(passed):
    svc, certificate, _ = passed
    page = certificates.send_page(svc, who(ANNA), certificate.id)
    [document] = page.items
    assert isinstance(document, SentDocument) and document.filename.endswith(".html")
    html = document.content.decode()
    assert_no_live_markup(html)
    assert_self_contained(html)
    text = visible_text(html)
    assert HOSTILE in text and "Жалобы и претензии" in text and certificate.code in text
    assert "Грубый клиент: заказ опаздывает" in text


def test_a_genuine_code_verifies_in_any_spelling(passed):
    svc, certificate, _ = passed
    key = svc.config.certificates.key
    assert certificates.verify(svc.store, key, certificate.code) == certificate
    sloppy = certificate.code.lower().replace("-", " ")
    assert certificates.verify(svc.store, key, sloppy) == certificate


def test_a_tampered_code_is_refused(passed):
    svc, certificate, _ = passed
    key = svc.config.certificates.key
    flipped = ("B" if certificate.code[0] != "B" else "C") + certificate.code[1:]
    for wrong in (
        flipped,
        certificate.code[:-1],
        "",
        "ABCD-EFGH-IJKL-MNOP-QRST",
        str(certificate.id),
    ):
        assert certificates.verify(svc.store, key, wrong) is None, wrong


def test_an_altered_record_or_another_secret_is_refused(passed):
    svc, certificate, _ = passed
    key = svc.config.certificates.key
    assert certificates.verify(svc.store, b"another secret", certificate.code) is None
    svc.store.db.execute("update certificates set name = 'Борис' where id = ?", [certificate.id])
    assert certificates.verify(svc.store, key, certificate.code) is None
    svc.store.db.execute("update certificates set name = ? where id = ?", [HOSTILE, certificate.id])
    assert certificates.verify(svc.store, key, certificate.code) == certificate  # restored
    cases = svc.store.db.execute("select cases from certificates").fetchone()[0]
    svc.store.db.execute("update certificates set cases = ?", [cases.replace("Грубый", "Вежливый")])
    assert certificates.verify(svc.store, key, certificate.code) is None


def test_the_code_is_an_hmac_of_the_record_not_of_an_id(passed):
    svc, certificate, _ = passed
    key = svc.config.certificates.key
    assert certificates.sign(key, certificate.record()) == certificate.code
    assert certificates.sign(key, {**certificate.record(), "name": "Борис"}) != certificate.code
    assert len(certificate.code.replace("-", "")) == 20  # 100 bits


def test_a_certificate_is_issued_once_and_replays_do_not_add_one(passed):
    svc, _, _ = passed
    play_case(svc, who(ANNA), COMPLAINTS[0])
    assert len(svc.store.certificates_of(ANNA)) == 1


def test_without_a_secret_no_certificate_is_issued_and_the_trainee_is_told(book, clock, store):
    svc = services(book, clock, store, secret="")
    assign_complaints(svc)
    texts = pass_the_track(svc)
    assert store.certificates_of(ANNA) == []
    assert any("Сертификаты в этом боте пока не настроены" in t for t in texts)
    assert any("выполнено" in t for t in texts)


def test_a_single_case_assignment_earns_no_certificate(book, clock, store):
    svc = services(book, clock, store)
    _, draft = assignments.start_setup(svc, who(LEAD))
    for data in ("asg:everyone", "asg:case:courier-no-call", "asg:due:3"):
        assignments.press(svc, who(LEAD), draft, data)
    texts = play_case(svc, who(ANNA), "courier-no-call")
    assert any("выполнено" in t for t in texts)
    assert store.certificates_of(ANNA) == []


def test_certificates_lists_the_caller_s_own_with_a_button_each(passed):
    svc, certificate, _ = passed
    listing = certificates.listing(svc, who(ANNA))
    assert certificate.code in listing.texts[0] and "Жалобы и претензии" in listing.texts[0]
    assert listing.items[0].keyboard[0][0].data == f"cert:{certificate.id}"
    assert "пока нет" in certificates.listing(svc, who(BORIS)).texts[0]


def test_someone_else_s_certificate_page_is_refused(passed):
    svc, certificate, _ = passed
    refused = certificates.send_page(svc, who(BORIS), certificate.id)
    missing = certificates.send_page(svc, who(BORIS), 999)
    assert refused.texts == missing.texts and "нет" in refused.texts[0]
    assert not [i for i in refused.items if isinstance(i, SentDocument)]


# ---------------------------------------------------------------------------- salesbot verify


def config_file(tmp_path, store, secret: str = SECRET):
    path = tmp_path / "config.yaml"
    path.write_text(
        f"storage:\n  path: {store.path}\ncertificates:\n  secret: {secret}\nlanguage: en\n",
        encoding="utf-8",
    )
    return str(path)


def test_salesbot_verify_accepts_a_genuine_code(passed, tmp_path):
    svc, certificate, _ = passed
    result = CliRunner().invoke(
        main, ["verify", certificate.code, "--config", config_file(tmp_path, svc.store)]
    )
    assert result.exit_code == 0, result.output
    assert "Genuine certificate" in result.output and HOSTILE in result.output
    assert "Complaints" in result.output and "A rude client" in result.output


def test_salesbot_verify_refuses_a_tampered_code(passed, tmp_path):
    svc, certificate, _ = passed
    tampered = certificate.code[:-1] + ("2" if certificate.code[-1] != "2" else "3")
    result = CliRunner().invoke(
        main, ["verify", tampered, "--config", config_file(tmp_path, svc.store)]
    )
    assert result.exit_code == 1
    assert "not confirmed" in result.output


def test_salesbot_verify_without_a_secret_says_so(passed, tmp_path):
    svc, certificate, _ = passed
    path = config_file(tmp_path, svc.store, secret="''")
    result = CliRunner().invoke(main, ["verify", certificate.code, "--config", path])
    assert result.exit_code == 2 and "certificates.secret" in result.output


def test_the_same_track_passed_again_for_another_assignment_gets_its_own_code(passed):
    svc, first, _ = passed
    assign_complaints(svc)  # assigned again, passed again the same day with the same totals
    pass_the_track(svc)
    second = next(c for c in svc.store.certificates_of(ANNA) if c.id != first.id)
    assert second.code != first.code and second.issued_on == first.issued_on
    key = svc.config.certificates.key
    assert certificates.verify(svc.store, key, second.code) == second
