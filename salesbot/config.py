"""Read config.yaml: every key documented in config.example.yaml, every problem named with
its file, line and field."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .engine.loader import CaseFileError, Problem, read_yaml
from .paths import bundled_scenarios

TOKEN_ENV = "SALESBOT_TOKEN"
TELEGRAM_API = "https://api.telegram.org/bot"
TELEGRAM_FILES = "https://api.telegram.org/file/bot"


@dataclass(frozen=True)
class Webhook:
    listen: str = "0.0.0.0"
    port: int = 8443
    url: str = ""
    secret_token: str = ""


@dataclass(frozen=True)
class Config:
    token: str = ""
    base_url: str = TELEGRAM_API
    base_file_url: str = TELEGRAM_FILES
    mode: str = "polling"  # polling or webhook
    poll_timeout: int = 25  # seconds one getUpdates call waits for news
    webhook: Webhook = field(default_factory=Webhook)
    storage_path: str = "salesbot.db"
    scenarios: Path = field(default_factory=bundled_scenarios)
    language: str = "ru"
    feedback: str = "each"  # after each answer, or only at the "end"
    admins: tuple[int, ...] = ()
    pass_mark: int = 70  # the total at which a case counts as passed
    pass_marks: dict[str, int] = field(default_factory=dict)  # per case, overriding pass_mark
    digest: bool = False  # a weekly digest to team leads
    digest_weekday: int = 0  # 0 = Monday
    digest_time: str = "09:00"  # UTC
    source: str = ""

    def pass_mark_for(self, case_id: str) -> int:
        return self.pass_marks.get(case_id, self.pass_mark)

    def __repr__(self) -> str:  # never print the token
        return f"Config(mode={self.mode!r}, storage={self.storage_path!r}, source={self.source!r})"


_SCHEMA = {
    "telegram": {"token", "base_url", "base_file_url", "mode", "webhook", "poll_timeout"},
    "storage": {"path"},
}
_TOP = {
    "telegram",
    "storage",
    "scenarios",
    "language",
    "feedback",
    "admins",
    "pass_mark",
    "pass_marks",
    "digest",
}


def load_config(path: Path | None, environ: dict[str, str] | None = None) -> Config:
    """Read a config file (or none: defaults), then apply SALESBOT_TOKEN from the environment."""
    environ = os.environ if environ is None else environ
    values: dict = {}
    problems: list[Problem] = []
    name = str(path) if path else ""
    if path is not None:
        if not path.exists():
            raise CaseFileError(
                [
                    Problem(
                        name,
                        0,
                        "",
                        "the config file does not exist; copy config.example.yaml and edit it",
                    )
                ]
            )
        data = read_yaml(path)
        if not isinstance(data, dict):
            raise CaseFileError(
                [
                    Problem(
                        name,
                        1,
                        "",
                        "expected keys such as 'telegram:' and "
                        "'storage:' (see config.example.yaml)",
                    )
                ]
            )
        values = _check(data, name, problems)
    token = environ.get(TOKEN_ENV, "").strip() or values.get("token", "")
    if problems:
        raise CaseFileError(problems)
    return Config(token=token, source=name, **{k: v for k, v in values.items() if k != "token"})


def _check(data: dict, name: str, problems: list[Problem]) -> dict:
    lines = getattr(data, "key_lines", {})

    def problem(key: str, message: str, where: dict | None = None, sub: str = "") -> None:
        line = (
            getattr(where, "key_lines", {}).get(sub) if where is not None else None
        ) or lines.get(key, 0)
        problems.append(Problem(name, line, f"{key}.{sub}" if sub else key, message))

    for key in data:
        if key not in _TOP:
            problem(key, f"unknown key; expected one of: {', '.join(sorted(_TOP))}")
    values: dict = {}
    for section, keys in _SCHEMA.items():
        block = data.get(section)
        if block is None:
            continue
        if not isinstance(block, dict):
            problem(section, "expected a block of keys")
            continue
        for key in block:
            if key not in keys:
                problem(
                    section, f"unknown key; expected one of: {', '.join(sorted(keys))}", block, key
                )
    telegram = data.get("telegram") or {}
    if isinstance(telegram, dict):
        for key in ("token", "base_url", "base_file_url"):
            value = telegram.get(key)
            if value is None:
                continue
            if not isinstance(value, str):
                problem("telegram", "expected text", telegram, key)
            elif value:
                values[key] = value.strip()
        poll = telegram.get("poll_timeout", 25)
        if isinstance(poll, bool) or not isinstance(poll, int) or not 0 <= poll <= 60:
            problem("telegram", "expected seconds from 0 to 60", telegram, "poll_timeout")
        else:
            values["poll_timeout"] = poll
        mode = telegram.get("mode", "polling")
        if mode not in ("polling", "webhook"):
            problem("telegram", "expected polling or webhook", telegram, "mode")
        else:
            values["mode"] = mode
        hook = telegram.get("webhook") or {}
        if not isinstance(hook, dict):
            problem(
                "telegram", "expected a block: listen, port, url, secret_token", telegram, "webhook"
            )
            hook = {}
        unknown = set(hook) - {"listen", "port", "url", "secret_token"}
        for key in unknown:
            problem(
                "telegram.webhook",
                "unknown key; expected listen, port, url, secret_token",
                hook,
                key,
            )
        port = hook.get("port", 8443)
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            problem("telegram.webhook", "expected a port number from 1 to 65535", hook, "port")
            port = 8443
        if mode == "webhook" and not str(hook.get("url") or "").startswith("https://"):
            problem(
                "telegram.webhook",
                "webhook mode needs the public https:// address Telegram will call",
                hook,
                "url",
            )
        values["webhook"] = Webhook(
            str(hook.get("listen") or "0.0.0.0"),
            port,
            str(hook.get("url") or ""),
            str(hook.get("secret_token") or ""),
        )
    storage = data.get("storage") or {}
    if isinstance(storage, dict) and storage.get("path") is not None:
        if not isinstance(storage["path"], str) or not storage["path"].strip():
            problem("storage", "expected a file name such as salesbot.db", storage, "path")
        else:
            values["storage_path"] = storage["path"]
    if data.get("scenarios") is not None:
        folder = data["scenarios"]
        if not isinstance(folder, str) or not Path(folder).is_dir():
            problem(
                "scenarios",
                f"{folder!r} is not a folder; give the folder with "
                "library.yaml and the case files, or remove the key",
            )
        else:
            values["scenarios"] = Path(folder)
    language = data.get("language", "ru")
    if language not in ("ru", "en"):
        problem("language", "expected ru or en")
    else:
        values["language"] = language
    feedback = data.get("feedback", "each")
    if feedback not in ("each", "end"):
        problem("feedback", "expected 'each' (after each answer) or 'end' (only at the end)")
    else:
        values["feedback"] = feedback
    admins = data.get("admins") or []
    if not isinstance(admins, list) or not all(
        isinstance(a, int) and not isinstance(a, bool) for a in admins
    ):
        problem("admins", "expected a list of Telegram user ids (numbers)")
    else:
        values["admins"] = tuple(admins)
    mark = data.get("pass_mark", 70)
    if isinstance(mark, bool) or not isinstance(mark, int) or not 0 <= mark <= 100:
        problem("pass_mark", "expected a whole number from 0 to 100")
    else:
        values["pass_mark"] = mark
    marks = data.get("pass_marks") or {}
    if not isinstance(marks, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 100 for v in marks.values()
    ):
        problem("pass_marks", "expected case ids with a pass mark each, e.g. rude-client: 60")
    else:
        values["pass_marks"] = {str(k): v for k, v in marks.items()}
    digest = data.get("digest") or {}
    if not isinstance(digest, dict) or set(digest) - {"enabled", "weekday", "time"}:
        problem("digest", "expected a block: enabled (true/false), weekday (0-6), time (HH:MM)")
    else:
        enabled = digest.get("enabled", False)
        weekday = digest.get("weekday", 0)
        at = str(digest.get("time", "09:00"))
        if not isinstance(enabled, bool):
            problem("digest", "expected true or false", digest, "enabled")
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            problem("digest", "expected 0 (Monday) to 6 (Sunday)", digest, "weekday")
        if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", at):
            problem("digest", "expected a time such as 09:00 (UTC)", digest, "time")
        values |= {"digest": enabled is True, "digest_weekday": weekday, "digest_time": at}
    return values
