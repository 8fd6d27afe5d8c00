"""Tracks: YAML files next to the cases, checked like the cases (file:line: field: message)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from salesbot.cli import main
from salesbot.engine import CaseFileError
from salesbot.engine.tracks import load_track, load_tracks
from salesbot.paths import bundled_scenarios

CASES = {"rude-client", "courier-no-call", "bank-internet-fee", "support-line-wait"}


def write(tmp_path: Path, text: str, name: str = "track.yaml") -> Path:
    folder = tmp_path / "tracks"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path, known=CASES) -> dict[tuple[int, str], str]:
    with pytest.raises(CaseFileError) as caught:
        load_track(path, known)
    return {(p.line, p.field): p.message for p in caught.value.problems}


def test_the_bundled_tracks_are_the_complaints_and_the_sales_track(book):
    tracks = load_tracks(bundled_scenarios(), book.cases)
    complaints, sales = tracks["complaints"], tracks["sales"]
    assert [c.case_id for c in complaints.cases] == [
        "rude-client",
        "courier-no-call",
        "bank-internet-fee",
        "support-line-wait",
    ]
    assert complaints.need == 4  # pass all
    assert [c.case_id for c in sales.cases] == [
        "laptop-bulk-order",
        "price-objection",
        "wants-but-cannot",
        "reluctant-client",
        "chat-visitor",
    ]
    assert sales.need == 4  # pass 4 of 5
    assert complaints.text("ru") == "Жалобы и претензии" and sales.text("en") == "Sales"


def test_a_case_may_carry_its_own_pass_mark_and_the_rule_defaults_to_all(tmp_path):
    path = write(
        tmp_path,
        "id: mini\ntitle: {ru: Мини, en: Mini}\n"
        "cases:\n  - rude-client\n  - {case: courier-no-call, pass_mark: 55}\n",
    )
    track = load_track(path, CASES)
    assert [(c.case_id, c.pass_mark) for c in track.cases] == [
        ("rude-client", None),
        ("courier-no-call", 55),
    ]
    assert track.need == 2


def test_unknown_cases_and_duplicates_are_named_with_their_lines(tmp_path):
    path = write(
        tmp_path,
        "id: mini\n"
        "title: {ru: Мини, en: Mini}\n"
        "cases:\n"
        "  - rude-client\n"
        "  - rude-clinet\n"
        "  - {case: rude-client, pass_mark: 60}\n"
        "pass: 5\n",
    )
    found = problems(path)
    assert "there is no case 'rude-clinet'" in found[(5, "cases[2]")]
    assert "already listed as case 1" in found[(6, "cases[3]")]
    assert "cannot ask to pass 5" in found[(7, "pass")]


def test_the_shape_is_checked_field_by_field(tmp_path):
    path = write(
        tmp_path,
        "id: Mini Track\n"
        "title: {ru: Мини}\n"
        "cases:\n"
        "  - {case: rude-client, pass_mark: 150}\n"
        "  - {case: courier-no-call, mark: 5}\n"
        "pass: none\n"
        "level: 2\n",
    )
    found = problems(path)
    assert (1, "id") in found
    assert "both languages" in found[(2, "title")]
    assert found[(4, "cases[1].pass_mark")] == "expected a whole number from 0 to 100"
    assert found[(5, "cases[2].mark")].startswith("unknown field; expected one of: case")
    assert "'all' or how many" in found[(6, "pass")]
    assert found[(7, "level")].startswith("unknown field")


def test_an_empty_track_and_a_list_instead_of_a_track_are_refused(tmp_path):
    empty = write(tmp_path, "id: x\ntitle: {ru: a, en: b}\ncases: []\n")
    assert problems(empty)[(3, "cases")].startswith("expected a list of case ids")
    assert problems(write(tmp_path, "- rude-client\n")) == {
        (1, ""): "expected id, title, cases and pass"
    }


def test_two_tracks_may_not_share_an_id(tmp_path):
    text = "id: same\ntitle: {ru: a, en: b}\ncases: [rude-client]\n"
    write(tmp_path, text, "a.yaml")
    write(tmp_path, text, "b.yaml")
    with pytest.raises(CaseFileError) as caught:
        load_tracks(tmp_path, CASES)
    [problem] = caught.value.problems
    assert problem.file.endswith("b.yaml") and problem.line == 1 and "a.yaml" in problem.message


def test_a_folder_without_tracks_has_none(tmp_path):
    assert load_tracks(tmp_path, CASES) == {}


def test_validate_checks_the_tracks_of_the_bundled_cases():
    tracks = str(bundled_scenarios() / "tracks")
    result = CliRunner().invoke(main, ["validate", tracks, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "OK: 2 files without problems" in result.output


def test_validate_reports_a_broken_track_in_a_scenarios_folder(tmp_path):
    for file in bundled_scenarios().glob("*.yaml"):
        shutil.copy(file, tmp_path)
    write(tmp_path, "id: mini\ntitle: {ru: a, en: b}\ncases: [rude-client, no-such-case]\n")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "tracks" / "track.yaml")])
    assert result.exit_code == 1
    assert "track.yaml:3: cases[2]: there is no case 'no-such-case'" in result.output


def test_reload_reads_the_tracks_again_and_keeps_the_last_good_ones(svc, tmp_path):
    from salesbot import access
    from salesbot.services import Caller

    for file in bundled_scenarios().glob("*.yaml"):
        shutil.copy(file, tmp_path)
    broken = write(tmp_path, "id: mini\ntitle: {ru: a, en: b}\ncases: [no-such-case]\n")
    svc.config = svc.config.model_copy(update={"scenarios": tmp_path})
    admin = Caller(1, "ru")
    before = svc.tracks
    failed = access.reload_cases(svc, admin)
    assert "track.yaml:3" in failed.texts[0] and svc.tracks is before
    broken.write_text("id: mini\ntitle: {ru: a, en: b}\ncases: [rude-client]\n", encoding="utf-8")
    assert "перезагружены" in access.reload_cases(svc, admin).texts[0]
    assert list(svc.tracks) == ["mini"]
