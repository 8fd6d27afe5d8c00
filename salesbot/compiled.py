"""The scorer's modules compiled by mypyc (`make`): Python imports a compiled module in
preference to its source, so a source edited after the build would silently not run."""

from __future__ import annotations

import importlib
from pathlib import Path

ENGINE = Path(__file__).resolve().parent / "engine"


def stale(folder: Path | None = None) -> list[str]:
    """The modules of `folder` (the engine's) whose compiled file is older than their source."""
    folder = folder or ENGINE
    found = []
    for compiled in sorted([*folder.glob("*.so"), *folder.glob("*.pyd")]):
        source = folder / f"{compiled.name.split('.')[0]}.py"
        if source.exists() and compiled.stat().st_mtime < source.stat().st_mtime:
            found.append(source.stem)
    return found


def running_as_plain_python(modules: list[str]) -> list[str]:
    """Those of the named engine modules ("scoring", "text", ...) that Python imported from
    their source rather than a compiled file: a failed mypyc build leaves the scorer working
    but slower, and only a line in the build log says so."""
    found = []
    for name in modules:
        module = importlib.import_module(f"salesbot.engine.{name}")
        if str(getattr(module, "__file__", "")).endswith(".py"):
            found.append(name)
    return found
