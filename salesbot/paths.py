"""Where the bundled cases live: the repository's scenarios/ or the installed copy."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_scenarios() -> Path:
    """The scenarios folder shipped with salesbot."""
    source_tree = _PACKAGE.parent / "scenarios"
    if source_tree.is_dir():
        return source_tree
    return _PACKAGE / "_scenarios"
