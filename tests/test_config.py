"""config.yaml: documented keys, every problem with its line and field, the token from the
environment, secrets never printed."""

from pathlib import Path

import pytest

from salesbot.config import Config, ConfigError, load_config


def write(tmp_path, text):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path) -> dict[tuple[int, str], str]:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return {(p.line, p.field): p.message for p in caught.value.problems}


def test_the_example_config_loads():
    config = load_config(Path("config.example.yaml"))
    assert config.telegram.mode == "polling" and config.storage.path == "salesbot.db"


def test_no_file_means_the_defaults():
    config = load_config(None)
    assert config.language == "ru" and config.pass_mark_for("rude-client") == 70
    assert config.telegram.base_url == "https://api.telegram.org/bot"


def test_the_environment_token_overrides_the_file(tmp_path, monkeypatch):
    path = write(tmp_path, "telegram:\n  token: from-file\n")
    monkeypatch.setenv("SALESBOT_TOKEN", "from-env")
    assert load_config(path).token == "from-env"
    monkeypatch.delenv("SALESBOT_TOKEN")
    assert load_config(path).token == "from-file"


def test_the_token_never_shows_in_the_config_repr(tmp_path):
    path = write(tmp_path, "telegram:\n  token: 123:SECRET\n  webhook:\n    secret_token: s3cret\n")
    config = load_config(path)
    assert "SECRET" not in repr(config) and "SECRET" not in str(config)
    assert "s3cret" not in repr(config)
    assert config.token == "123:SECRET"


def test_every_problem_names_line_and_field(tmp_path):
    path = write(tmp_path, "telegram:\n  mode: push\n  tokn: x\nlanguage: de\nfeedback: 3\n")
    found = problems(path)
    assert {(2, "telegram.mode"), (3, "telegram.tokn"), (4, "language"), (5, "feedback")} <= set(
        found
    )
    assert found[(2, "telegram.mode")] == "expected polling or webhook"
    assert found[(3, "telegram.tokn")].startswith("unknown field; expected one of: token,")


def test_every_section_and_list_item_is_checked(tmp_path):
    path = write(
        tmp_path,
        "telegram:\n"
        "  poll_timeout: 90\n"
        "  webhook:\n"
        "    port: 0\n"
        "storage:\n"
        "  path: ''\n"
        "admins: [1, 'x']\n"
        "pass_marks: {rude-client: 200}\n"
        "digest: {enabled: 3, weekday: 9, time: '25:00', extra: 1}\n"
        "scenarios: /no/such/folder\n"
        "pass_mark: true\n",
    )
    found = problems(path)
    assert found[(2, "telegram.poll_timeout")] == "expected seconds from 0 to 60"
    assert found[(4, "telegram.webhook.port")] == "expected a port number from 1 to 65535"
    assert found[(6, "storage.path")] == "expected a file name such as salesbot.db"
    assert "Telegram user ids" in found[(7, "admins[2]")]
    assert "rude-client: 60" in found[(8, "pass_marks.rude-client")]
    assert {(9, "digest.enabled"), (9, "digest.weekday"), (9, "digest.time")} <= set(found)
    assert found[(9, "digest.extra")].startswith("unknown field")
    assert "is not a folder" in found[(10, "scenarios")]
    assert found[(11, "pass_mark")] == "expected a whole number from 0 to 100"
    assert [line for line, _ in found] == sorted(line for line, _ in found)


def test_empty_values_mean_the_defaults(tmp_path):
    path = write(tmp_path, "telegram:\n  base_url: ''\n  token:\nstorage:\nadmins:\ndigest:\n")
    config = load_config(path)
    assert config.telegram.base_url == "https://api.telegram.org/bot" and config.admins == ()


def test_webhook_mode_needs_a_public_https_url(tmp_path):
    path = write(tmp_path, "telegram:\n  mode: webhook\n  webhook:\n    url: http://x\n")
    found = problems(path)
    assert "https://" in found[(4, "telegram.webhook.url")]


def test_a_missing_config_file_is_explained(tmp_path):
    with pytest.raises(ConfigError, match=r"config\.example\.yaml"):
        load_config(tmp_path / "nope.yaml")


def test_broken_yaml_and_alias_bombs_are_refused_like_case_files(tmp_path):
    assert any(
        "YAML syntax error" in m for m in problems(write(tmp_path, "telegram: [\n")).values()
    )
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    assert any("too many values" in m for m in problems(write(tmp_path, bomb)).values())
    assert problems(write(tmp_path, "- a list\n")) == {
        (1, ""): "expected keys such as 'telegram:' and 'storage:' (see config.example.yaml)"
    }


def test_settings_given_in_code_are_validated_too():
    config = Config(telegram={"token": "1:A"}, feedback="end", digest={"enabled": True})
    assert config.token == "1:A" and config.digest.time == "09:00"
    with pytest.raises(ValueError, match="feedback"):
        Config(feedback="sometimes")


def test_the_time_zone_and_the_due_time_are_checked_with_their_lines(tmp_path):
    path = write(
        tmp_path,
        "timezone: Moscow\n"
        "assignments:\n"
        "  due_time: '25:00'\n"
        "certificates:\n"
        "  secret: 42\n"
        "  salt: x\n",
    )
    found = problems(path)
    assert "Europe/Moscow" in found[(1, "timezone")] and "'Moscow'" in found[(1, "timezone")]
    assert found[(3, "assignments.due_time")].startswith("expected a time such as 18:00")
    assert "long random string" in found[(5, "certificates.secret")]
    assert found[(6, "certificates.salt")].startswith("unknown field; expected one of: secret")


def test_assignments_default_to_utc_at_18_and_no_certificate_secret():
    config = load_config(None)
    assert config.timezone == "UTC" and config.assignments.due_time == "18:00"
    assert config.certificates.key == b""
    moscow = Config(timezone=" Europe/Moscow ", certificates={"secret": " s3cret "})
    assert str(moscow.zone) == "Europe/Moscow" and moscow.certificates.key == b"s3cret"
    assert "s3cret" not in repr(moscow)
