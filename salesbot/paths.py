"""Where the bundled files live: the repository's copies, or those installed with the package
(pyproject.toml puts them into the wheel)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_scenarios() -> Path:
    """The scenarios folder shipped with salesbot."""
    source_tree = _PACKAGE.parent / "scenarios"
    if source_tree.is_dir():
        return source_tree
    return _PACKAGE / "_scenarios"


def example_config() -> Path:
    """config.example.yaml: every key of config.yaml, explained."""
    source_tree = _PACKAGE.parent / "config.example.yaml"
    if source_tree.is_file():
        return source_tree
    return _PACKAGE / "config.example.yaml"
