"""The rooms of salesbot and what each may import (docs/architecture.md): checked on the
source, every import statement included, also those inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import salesbot

PACKAGE = Path(salesbot.__file__).resolve().parent

USE_CASES = {
    "salesbot.accounts",
    "salesbot.access",
    "salesbot.assignments",
    "salesbot.certificates",
    "salesbot.interviews",
    "salesbot.teams",
    "salesbot.training",
}
# A room -> the rooms of salesbot it may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    "salesbot.engine": set(),
    "salesbot.paths": set(),
    "salesbot.compiled": set(),
    "salesbot.logsafe": set(),
    "salesbot.locales": set(),
    "salesbot.replies": set(),
    "salesbot.config": {"salesbot.engine", "salesbot.paths"},
    "salesbot.records": {"salesbot.engine"},
    "salesbot.storage": {"salesbot.engine", "salesbot.records"},
    "salesbot.views": {"salesbot.engine", "salesbot.locales"},
    "salesbot.render": {"salesbot.locales"},
    "salesbot.reports": {
        "salesbot.engine",
        "salesbot.records",
        "salesbot.storage",
        "salesbot.config",
        "salesbot.views",
    },
    "salesbot.services": {
        "salesbot.config",
        "salesbot.engine",
        "salesbot.replies",
        "salesbot.storage",
    },
    "salesbot.dialogues": {"salesbot.engine", "salesbot.records", "salesbot.services"},
    "salesbot.arguments": {"salesbot.replies", "salesbot.services"},
    "salesbot.batch": {"salesbot.engine", "salesbot.dialogues"},
    "salesbot.validation": {"salesbot.engine", "salesbot.paths"},
    **{
        room: {
            "salesbot.engine",
            "salesbot.records",
            "salesbot.storage",
            "salesbot.replies",
            "salesbot.services",
            "salesbot.arguments",
            "salesbot.dialogues",
            "salesbot.reports",
            "salesbot.views",
            "salesbot.config",
            "salesbot.locales",
        }
        | USE_CASES
        for room in USE_CASES
    },
    # The adapters: anything but each other.
    "salesbot.tg": {"*", "!salesbot.cli"},
    "salesbot.cli": {"*", "!salesbot.tg", "salesbot.tg.app"},
    "salesbot.terminal": {"*", "!salesbot.tg", "!salesbot.cli"},
    "salesbot.__main__": {"salesbot.cli"},
    "salesbot": set(),  # salesbot/__init__.py
}
# Libraries a room must not know about.
FOREIGN = {
    # The case schema is pydantic, in the engine; the config's is outside it.
    "salesbot.engine": {"telegram", "sqlite3", "sqlite_utils", "jinja2", "markupsafe", "click"},
    "salesbot.records": {"telegram", "sqlite3", "jinja2", "pydantic"},
    "salesbot.storage": {"telegram", "jinja2", "pydantic"},
    "salesbot.render": {"telegram", "sqlite3", "sqlite_utils", "pydantic", "click"},
    "salesbot.reports": {"telegram", "jinja2", "markupsafe", "click"},
    "salesbot.services": {"telegram", "jinja2", "click"},
    "salesbot.dialogues": {"telegram", "jinja2", "click"},
    "salesbot.arguments": {"telegram", "jinja2", "sqlite3", "sqlite_utils", "click"},
    **{
        room: {"telegram", "jinja2", "markupsafe", "sqlite3", "sqlite_utils", "click"}
        for room in USE_CASES
    },
}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, relative imports resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module or ""
            if node.module:  # "from . import x" imports x, not the package
                found.add(origin)
            found.update(f"{origin}.{alias.name}" for alias in node.names)
    return found


def room_of(name: str) -> str:
    """The most specific room a module belongs to."""
    rooms = [room for room in ALLOWED if name == room or name.startswith(room + ".")]
    return max(rooms, key=len)


def allowed(room: str, target: str) -> bool:
    rules = ALLOWED[room]
    if any(target == r or target.startswith(r + ".") for r in rules if not r.startswith("!")):
        return True
    if "*" in rules:
        return not any(
            target == r[1:] or target.startswith(r[1:] + ".") for r in rules if r.startswith("!")
        )
    return False


@pytest.mark.parametrize("name", sorted(modules()))
def test_each_module_imports_only_what_its_room_may(name):
    names = set(modules())
    room = room_of(name)
    wrong = sorted(
        target
        for target in imports(name, modules()[name])
        if target in names  # a module of salesbot (not a name imported from one)
        and room_of(target) != room
        and not allowed(room, target)
    )
    assert wrong == [], f"{name} ({room}) may not import {wrong}; see docs/architecture.md"
    foreign = sorted(
        target
        for target in imports(name, modules()[name])
        if target.split(".")[0] in FOREIGN.get(room, set())
    )
    assert foreign == [], f"{name} ({room}) may not use {foreign}"


def test_the_engine_imports_nothing_of_the_rest():
    for name, path in modules().items():
        if room_of(name) == "salesbot.engine":
            outside = {
                t
                for t in imports(name, path)
                if t.startswith("salesbot.") and not t.startswith("salesbot.engine")
            }
            assert outside == set(), name


def test_every_module_has_a_room():
    assert {room_of(name) for name in modules()} <= set(ALLOWED)


def test_the_rules_catch_a_wrong_import():
    assert not allowed("salesbot.engine", "salesbot.storage")
    assert not allowed("salesbot.reports", "salesbot.render.pages")
    assert not allowed("salesbot.training", "salesbot.tg.common")
    assert not allowed("salesbot.tg", "salesbot.cli")
    assert allowed("salesbot.cli", "salesbot.tg.app") and not allowed(
        "salesbot.cli", "salesbot.tg.staff"
    )
    assert allowed("salesbot.tg", "salesbot.training")
