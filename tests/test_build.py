"""The mypyc-compiled engine modules (built by `make`) must match their sources."""

import os
import re
from pathlib import Path

import pytest

from salesbot import compiled


def test_compiled_engine_modules_are_not_older_than_their_sources():
    assert compiled.stale() == [], (
        "compiled modules older than their sources: run `make test` to rebuild them "
        "(or delete salesbot/engine/*.so to test the plain Python engine)"
    )


def _modules_the_makefile_compiles() -> list[str]:
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    hot = re.search(r"^HOT := (.+)$", makefile, re.MULTILINE)
    assert hot, "the Makefile names the compiled modules on a `HOT :=` line"
    return [Path(path).stem for path in hot.group(1).split()]


@pytest.mark.skipif(
    not os.environ.get("SALESBOT_EXPECT_COMPILED"),
    reason="set SALESBOT_EXPECT_COMPILED=1 where mypyc must have built the scorer (CI does)",
)
def test_every_module_the_makefile_compiles_runs_compiled():
    assert compiled.running_as_plain_python(_modules_the_makefile_compiles()) == [], (
        "mypyc did not build these modules: see .venv/mypyc.log"
    )
