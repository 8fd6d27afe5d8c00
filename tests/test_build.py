"""The mypyc-compiled engine modules (built by `make`) must match their sources."""

from pathlib import Path

import salesbot.engine


def test_compiled_engine_modules_are_not_older_than_their_sources():
    engine = Path(salesbot.engine.__file__).parent
    for compiled in engine.glob("*.so"):
        source = engine / (compiled.name.split(".")[0] + ".py")
        assert compiled.stat().st_mtime >= source.stat().st_mtime, (
            f"{compiled.name} is older than {source.name}: run `make test` to rebuild it "
            "(or delete the .so files to test the plain Python engine)"
        )
