"""config.yaml, as a pydantic-settings schema: every key documented in config.example.yaml.

The file's shape is the model's shape (`telegram.webhook.port` is `Config.telegram.webhook
.port`). A broken file stops start-up with every problem at once, each with its file, line
and field (`salesbot/engine/yamlfile.py`). The environment variable SALESBOT_TOKEN overrides
`telegram.token`; nothing else is read from the environment. Secrets are `SecretStr`: they
print as `**********` and are read with `.get_secret_value()`.
"""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StrictBool,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from .engine import CaseFileError, Problem
from .engine.yamlfile import problem, read_yaml, validate
from .paths import bundled_scenarios

TOKEN_ENV = "SALESBOT_TOKEN"
TELEGRAM_API = "https://api.telegram.org/bot"
TELEGRAM_FILES = "https://api.telegram.org/file/bot"

# A plain function, not str.strip: pydantic before 2.8 passes a builtin method its
# validation info as a second argument.
Text = Annotated[StrictStr, AfterValidator(lambda text: text.strip())]
Mark = Annotated[StrictInt, Field(ge=0, le=100)]

# A field's own words, by its path (see engine/yamlfile.validate); the rest are generic.
MESSAGES = {
    "telegram": "expected a block of keys",
    "telegram.token": "expected text",
    "telegram.base_url": "expected text",
    "telegram.base_file_url": "expected text",
    "telegram.mode": "expected polling or webhook",
    "telegram.poll_timeout": "expected seconds from 0 to 60",
    "telegram.webhook": "expected a block: listen, port, url, secret_token",
    "telegram.webhook.port": "expected a port number from 1 to 65535",
    "telegram.webhook.listen": "expected an address such as 127.0.0.1",
    "telegram.webhook.url": "expected the public https:// address Telegram will call",
    "telegram.webhook.secret_token": "expected text",
    "storage": "expected a block of keys",
    "storage.path": "expected a file name such as salesbot.db",
    "language": "expected ru or en",
    "feedback": "expected 'each' (after each answer) or 'end' (only at the end)",
    "admins": "expected a list of Telegram user ids (numbers)",
    "pass_mark": "expected a whole number from 0 to 100",
    "pass_marks": "expected case ids with a pass mark each, e.g. rude-client: 60",
    "digest": "expected a block: enabled (true/false), weekday (0-6), time (HH:MM)",
    "digest.enabled": "expected true or false",
    "digest.weekday": "expected 0 (Monday) to 6 (Sunday)",
    "digest.time": "expected a time such as 09:00 (UTC)",
    "timezone": "expected a time zone name such as Europe/Moscow or UTC",
    "assignments": "expected a block: due_time (HH:MM)",
    "assignments.due_time": "expected a time such as 18:00 (in the config's timezone)",
    "certificates": "expected a block: secret",
    "certificates.secret": "expected text: a long random string, e.g. from `openssl rand -hex 32`",
}


class ConfigError(Exception):
    """The config file cannot be used; `problems` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Section(BaseModel):
    """A block of the file: unknown keys are errors; an empty value means the default."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    blank_is_default: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _defaults_for_empty(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return {
            key: value
            for key, value in data.items()
            if value is not None
            and not (key in cls.blank_is_default and isinstance(value, str) and not value.strip())
        }


class Webhook(Section):
    blank_is_default = frozenset({"listen", "url", "secret_token"})

    listen: Text = "0.0.0.0"
    port: Annotated[StrictInt, Field(ge=1, le=65535)] = 8443
    url: Text = ""
    secret_token: SecretStr = SecretStr("")


class Telegram(Section):
    blank_is_default = frozenset({"token", "base_url", "base_file_url"})

    token: SecretStr = SecretStr("")
    base_url: Text = TELEGRAM_API
    base_file_url: Text = TELEGRAM_FILES
    mode: Literal["polling", "webhook"] = "polling"
    poll_timeout: Annotated[StrictInt, Field(ge=0, le=60)] = 25  # seconds a getUpdates waits
    webhook: Webhook = Webhook()

    @field_validator("token", mode="after")
    @classmethod
    def _strip(cls, token: SecretStr) -> SecretStr:
        return SecretStr(token.get_secret_value().strip())

    @model_validator(mode="after")
    def _webhook_needs_https(self) -> Telegram:
        if self.mode == "webhook" and not self.webhook.url.startswith("https://"):
            raise problem(
                "webhook mode needs the public https:// address Telegram will call",
                at="webhook.url",
            )
        return self


class StorageSettings(Section):
    path: Annotated[Text, Field(min_length=1)] = "salesbot.db"


HourMinute = Annotated[StrictStr, Field(pattern=r"^([01]?\d|2[0-3]):[0-5]\d$")]  # HH:MM


class Digest(Section):
    """A weekly digest to team leads."""

    enabled: StrictBool = False
    weekday: Annotated[StrictInt, Field(ge=0, le=6)] = 0  # 0 = Monday
    time: HourMinute = "09:00"  # UTC


class Assignments(Section):
    """Practice a lead assigns: when on its due date it closes (reminders go a day before)."""

    due_time: HourMinute = "18:00"  # in Config.timezone

    @property
    def due_clock(self) -> time:
        hour, minute = (int(x) for x in self.due_time.split(":"))
        return time(hour, minute)


class Certificates(Section):
    """A certificate's code is an HMAC of its record with this secret; without one, no
    certificates are issued. Changing it makes every code issued before it fail."""

    blank_is_default = frozenset({"secret"})

    secret: SecretStr = SecretStr("")

    @property
    def key(self) -> bytes:
        return self.secret.get_secret_value().strip().encode("utf-8")


def _time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder such as Europe
        raise problem(
            f"{name!r} is not a time zone name; use one such as Europe/Moscow, "
            "Asia/Yekaterinburg or UTC"
        ) from None
    return name


class _TokenFromEnvironment(PydanticBaseSettingsSource):
    """SALESBOT_TOKEN, which wins over telegram.token from the file."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        token = os.environ.get(TOKEN_ENV, "").strip()
        return {"telegram": {"token": token}} if token else {}


class Config(BaseSettings):
    """The bot's settings: the file's values over the defaults, SALESBOT_TOKEN over both."""

    model_config = SettingsConfigDict(extra="forbid", frozen=True)

    telegram: Telegram = Telegram()
    storage: StorageSettings = StorageSettings()
    scenarios: Path = Field(default_factory=bundled_scenarios)  # library.yaml and the cases
    language: Literal["ru", "en"] = "ru"  # for users whose Telegram language is neither
    feedback: Literal["each", "end"] = "each"  # after each answer, or only the summary
    admins: tuple[StrictInt, ...] = ()  # Telegram user ids
    pass_mark: Mark = 70  # the total at which a case counts as passed
    pass_marks: dict[str, Mark] = {}  # per case, overriding pass_mark
    digest: Digest = Digest()
    # Due dates and reminders of assignments are days and hours in this zone.
    timezone: Annotated[Text, AfterValidator(_time_zone)] = "UTC"
    assignments: Assignments = Assignments()
    certificates: Certificates = Certificates()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (_TokenFromEnvironment(settings_cls), init_settings)

    @model_validator(mode="before")
    @classmethod
    def _defaults_for_empty(cls, data: Any) -> Any:
        return {k: v for k, v in data.items() if v is not None} if isinstance(data, dict) else data

    @field_validator("scenarios", mode="before")
    @classmethod
    def _a_folder(cls, folder: Any) -> Any:
        if not isinstance(folder, str | Path) or not Path(folder).is_dir():
            raise problem(
                f"{str(folder)!r} is not a folder; give the folder with library.yaml and "
                "the case files, or remove the key"
            )
        return folder

    @property
    def token(self) -> str:
        """The bot token, in clear: only for Telegram itself."""
        return self.telegram.token.get_secret_value()

    def pass_mark_for(self, case_id: str) -> int:
        return self.pass_marks.get(case_id, self.pass_mark)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_config(path: Path | None) -> Config:
    """Read a config file (or none: the defaults), then SALESBOT_TOKEN from the environment.

    Raises ConfigError naming the file, line and field of every problem."""
    if path is None:
        return Config()
    name = str(path)
    if not path.exists():
        raise ConfigError(
            [
                Problem(
                    name,
                    0,
                    "",
                    "the config file does not exist; copy config.example.yaml and edit it",
                )
            ]
        )
    try:
        data = read_yaml(path)  # refuses oversized files, alias bombs and unknown tags
    except CaseFileError as exc:
        raise ConfigError(exc.problems) from None
    if not isinstance(data, dict):
        raise ConfigError(
            [
                Problem(
                    name,
                    1,
                    "",
                    "expected keys such as 'telegram:' and 'storage:' (see config.example.yaml)",
                )
            ]
        )
    try:
        return validate(Config, data, name, messages=MESSAGES)
    except CaseFileError as exc:
        raise ConfigError(exc.problems) from None
