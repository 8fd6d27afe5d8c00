"""config.yaml: documented keys, clear errors, the token from the environment."""

import pytest

from salesbot.config import load_config
from salesbot.engine.loader import CaseFileError


def write(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_config_loads(tmp_path):
    from pathlib import Path

    config = load_config(Path("config.example.yaml"), environ={})
    assert config.mode == "polling" and config.storage_path == "salesbot.db"


def test_the_environment_token_overrides_the_file(tmp_path):
    path = write(tmp_path, "telegram:\n  token: from-file\n")
    assert load_config(path, environ={"SALESBOT_TOKEN": "from-env"}).token == "from-env"
    assert load_config(path, environ={}).token == "from-file"


def test_the_token_never_shows_in_the_config_repr(tmp_path):
    path = write(tmp_path, "telegram:\n  token: 123:SECRET\n")
    assert "SECRET" not in repr(load_config(path, environ={}))


def test_every_problem_names_line_and_field(tmp_path):
    path = write(tmp_path, "telegram:\n  mode: push\n  tokn: x\nlanguage: de\nfeedback: 3\n")
    with pytest.raises(CaseFileError) as caught:
        load_config(path, environ={})
    found = {(p.line, p.field) for p in caught.value.problems}
    assert {(2, "telegram.mode"), (3, "telegram.tokn"), (4, "language"), (5, "feedback")} <= found


def test_webhook_mode_needs_a_public_https_url(tmp_path):
    path = write(tmp_path, "telegram:\n  mode: webhook\n  webhook:\n    url: http://x\n")
    with pytest.raises(CaseFileError) as caught:
        load_config(path, environ={})
    assert "https://" in str(caught.value)


def test_a_missing_config_file_is_explained(tmp_path):
    with pytest.raises(CaseFileError, match=r"config\.example\.yaml"):
        load_config(tmp_path / "nope.yaml", environ={})
