"""The mypyc-compiled engine modules (built by `make`) must match their sources."""

from salesbot import compiled


def test_compiled_engine_modules_are_not_older_than_their_sources():
    assert compiled.stale() == [], (
        "compiled modules older than their sources: run `make test` to rebuild them "
        "(or delete salesbot/engine/*.so to test the plain Python engine)"
    )
