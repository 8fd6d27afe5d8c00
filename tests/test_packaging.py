"""What a newcomer installs: the wheel's files, `salesbot init`, the dependency floors, and
the warning about compiled modules older than their sources."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from salesbot import compiled
from salesbot.config import Config, load_config
from tests.clikit import ENGLISH_LOCALE, run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel pip builds from this source tree."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("salesbot-*.whl")
    return built


def test_the_wheel_ships_the_example_config_and_the_cases(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "salesbot/config.example.yaml" in names
    assert "salesbot/_scenarios/library.yaml" in names
    assert "salesbot/locales/cli.ru.yaml" in names and "salesbot/locales/cli.en.yaml" in names
    assert "salesbot/engine/style_model.json" in names  # the scorer's second opinion
    assert not [n for n in names if n.endswith((".so", ".pyd"))]  # built in place, not shipped


def test_init_from_the_installed_wheel_writes_a_commented_config(wheel, tmp_path):
    site, work = tmp_path / "site", tmp_path / "work"
    zipfile.ZipFile(wheel).extractall(site)  # a pure-Python wheel installs as it unpacks
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "LANG": "en_US.UTF-8", "LC_ALL": ""}
    where = subprocess.run(
        [sys.executable, "-c", "import salesbot.paths as p; print(p.example_config())"],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()) == site / "salesbot" / "config.example.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "salesbot", "init"],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "salesbot run --config config.yaml" in result.stdout
    written = (work / "config.yaml").read_text(encoding="utf-8")
    example = (ROOT / "config.example.yaml").read_text(encoding="utf-8")
    assert written == example.replace("\nlanguage: ru\n", "\nlanguage: en\n")  # comments too
    assert load_config(work / "config.yaml").language == "en"


def test_init_writes_the_runs_language_and_what_to_do_next(in_empty_folder):
    result = run("init")
    assert result.exit_code == 0
    assert "@BotFather" in result.output and "SALESBOT_TOKEN" in result.output
    assert "salesbot run --config config.yaml" in result.output
    config = load_config(in_empty_folder / "config.yaml")
    assert config.language == "ru"
    assert config.model_dump(exclude={"language"}) == Config().model_dump(exclude={"language"})


def test_init_never_overwrites_without_force(in_empty_folder):
    path = in_empty_folder / "bot.yaml"
    path.write_text("language: en\n", encoding="utf-8")
    refused = run("init", str(path), env=ENGLISH_LOCALE)
    assert refused.exit_code == 1 and "--force" in refused.output
    assert path.read_text(encoding="utf-8") == "language: en\n"
    assert run("init", str(path), "--force", "--lang", "en").exit_code == 0
    assert "telegram:" in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the dependency floors


def floors() -> dict[str, str]:
    """Each dependency's lowest allowed version, by pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        [lowest] = [s.version for s in requirement.specifier if s.operator == ">="]
        found[requirement.name.lower()] = lowest
    return found


def test_ci_tests_exactly_the_lowest_versions_pyproject_allows():
    lines = (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines()
    pinned = dict(
        line.lower().split("==") for line in lines if line.strip() and not line.startswith("#")
    )
    assert pinned == floors()


def test_sqlite_utils_is_at_least_the_version_with_migrations():
    major = int(floors()["sqlite-utils"].split(".")[0])
    assert major >= 4  # sqlite_utils.migrations and nested savepoints came with 4.0


# ---------------------------------------------------------------- compiled modules


def make_module(folder: Path, name: str, *, compiled_first: bool) -> None:
    """A source and its compiled file, the one written first being the older."""
    source, binary = folder / f"{name}.py", folder / f"{name}.cpython-311-x86_64-linux-gnu.so"
    older, newer = (binary, source) if compiled_first else (source, binary)
    older.write_text("", encoding="utf-8")
    os.utime(older, (1_000_000_000, 1_000_000_000))
    newer.write_text("", encoding="utf-8")


def test_a_compiled_module_older_than_its_source_is_found(tmp_path):
    make_module(tmp_path, "text", compiled_first=True)
    make_module(tmp_path, "scoring", compiled_first=False)
    assert compiled.stale(tmp_path) == ["text"]


def test_every_command_warns_when_old_compiled_code_would_run(tmp_path, monkeypatch):
    make_module(tmp_path, "matcher", compiled_first=True)
    monkeypatch.setattr(compiled, "ENGINE", tmp_path)
    result = run("cases", "--lang", "en")
    assert result.exit_code == 0
    warning = result.stderr.strip()
    assert re.fullmatch(
        r"Warning: compiled modules are older than their sources \(matcher\).*", warning
    )
    assert "make" in warning


def test_no_warning_when_the_compiled_modules_are_fresh(tmp_path, monkeypatch):
    make_module(tmp_path, "matcher", compiled_first=False)
    monkeypatch.setattr(compiled, "ENGINE", tmp_path)
    assert run("cases", "--lang", "en").stderr == ""
