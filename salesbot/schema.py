"""Pydantic schemas for YAML files, with problems reported as `file:line: field: message`.

A schema is a pydantic model; the file is read with `engine.loader.read_yaml`, whose
mappings and lists remember the line of every key and item (and which refuses oversized
files, alias bombs and unknown tags). `validate(model, data, file)` checks the data against
the model and, when it fails, turns every pydantic error into a `Problem` at once: the
line of the offending key (of the block, for a missing key), the field as a path
(`telegram.webhook.port`, `steps.ask.examples[2]`: lists count from 1), and a message in
words a trainer understands:

- an unknown key lists the keys the block may have;
- a missing key says it is required;
- `messages` give a field's own words ("expected polling or webhook"): the longest
  dotted prefix of the field's path that has an entry wins, so "admins" also covers
  "admins[3]";
- a validator may raise `problem("...", at="webhook.url")` to report its own message,
  optionally at a field below the one it validates (cross-field rules);
- anything else gets a plain translation of pydantic's error ("expected a whole number,
  got text 'abc'").

Nothing here depends on the rest of salesbot except the engine's `Problem`; the case
schema can use it as the config does.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from .engine import Problem

M = TypeVar("M", bound=BaseModel)
_CUSTOM = "salesbot_problem"


class SchemaError(Exception):
    """A file does not match its schema; `problems` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def problem(message: str, *, at: str = "") -> PydanticCustomError:
    """An error for a validator to raise: `message` as is, reported at the validated
    field or, with `at` ("webhook.url"), at a field below it."""
    return PydanticCustomError(_CUSTOM, "{message}", {"message": message, "at": at})


def validate(
    model: type[M],
    data: Any,
    file: str,
    *,
    messages: Mapping[str, str] | None = None,
    **init: Any,
) -> M:
    """`model(**data, **init)`, or SchemaError listing every problem with its line.

    `init` are values that do not come from the file (they are validated too, but have no
    line of their own)."""
    try:
        return model(**data, **init)
    except ValidationError as error:
        raise SchemaError(problems(error, data, file, model, messages or {})) from None


def problems(
    error: ValidationError,
    data: Any,
    file: str,
    model: type[BaseModel] | None = None,
    messages: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Every error of `error` as a Problem, in the order of the file's lines."""
    found = []
    for detail in error.errors(include_url=False):
        loc = _extended(detail)
        line, path = locate(data, loc)
        if detail["type"] == "missing" and len(path) < len(loc):
            path = [*path, loc[len(path)]]
        found.append(
            Problem(file, line, field_name(path), _message(detail, path, model, messages or {}))
        )
    return sorted(found, key=lambda p: p.line)


def locate(data: Any, loc: Sequence[str | int]) -> tuple[int, list[str | int]]:
    """The line of the deepest part of `loc` present in `data` (as `read_yaml` returns it),
    and that part of the path. Parts that are not in the data (a missing key, pydantic's own
    steps such as a union member) end the walk."""
    node = data
    line = getattr(data, "line", 0)
    path: list[str | int] = []
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            line = getattr(node, "key_lines", {}).get(part, line)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            item_lines = getattr(node, "item_lines", ())
            line = item_lines[part] if part < len(item_lines) else line
        else:
            break
        node = node[part]
        path.append(part)
    return line, path


def field_name(path: Sequence[str | int]) -> str:
    """("steps", 0, "client") -> "steps[1].client": keys joined by dots, items from 1."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text


def describe(value: Any) -> str:
    """A value as a trainer would name it: "text 'abc'", "a list", "nothing"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({value})"
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    return f"{type(value).__name__} {value!r}"


def _extended(detail: ErrorDetails) -> tuple[str | int, ...]:
    loc = tuple(detail["loc"])
    at = (detail.get("ctx") or {}).get("at") if detail["type"] == _CUSTOM else None
    return (*loc, *at.split(".")) if at else loc


def _message(
    detail: ErrorDetails,
    path: Sequence[str | int],
    model: type[BaseModel] | None,
    messages: Mapping[str, str],
) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    if kind == _CUSTOM:
        return str(ctx["message"])
    if kind == "extra_forbidden":
        allowed = _keys(_model_at(model, path[:-1]))
        return "unknown key" + (f"; expected one of: {', '.join(allowed)}" if allowed else "")
    if kind == "missing":
        return "this field is required"
    names = [p for p in path if isinstance(p, str)]
    for end in range(len(names), 0, -1):
        own = messages.get(".".join(names[:end]))
        if own is not None:
            return own
    return _plain(detail)


def _plain(detail: ErrorDetails) -> str:
    """pydantic's message in a trainer's words."""
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    got = f", got {describe(detail['input'])}"
    if kind in ("string_type", "string_sub_type"):
        return "expected text" + got
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "expected a whole number" + got
    if kind in ("float_type", "float_parsing"):
        return "expected a number" + got
    if kind in ("bool_type", "bool_parsing"):
        return "expected true or false" + got
    if kind in ("list_type", "tuple_type", "set_type"):
        return "expected a list" + got
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "expected a block of keys" + got
    if kind == "literal_error":
        return f"expected {ctx.get('expected', 'one of the allowed values')}" + got
    if kind in ("greater_than_equal", "greater_than"):
        return f"expected at least {ctx.get('ge', ctx.get('gt'))}" + got
    if kind in ("less_than_equal", "less_than"):
        return f"expected at most {ctx.get('le', ctx.get('lt'))}" + got
    if kind in ("string_too_short", "too_short"):
        return "must not be empty" if ctx.get("min_length") == 1 else str(detail["msg"])
    if kind == "value_error":
        return str(detail["msg"]).removeprefix("Value error, ")
    text = str(detail["msg"])
    return text[:1].lower() + text[1:]


def _keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return sorted(field.alias or name for name, field in model.model_fields.items())


def _model_at(model: type[BaseModel] | None, path: Sequence[str | int]) -> type[BaseModel] | None:
    """The model of the block at `path`, following fields, list items and mapping values."""
    current: Any = model
    for part in path:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part) if isinstance(part, str) else None
            current = field.annotation if field is not None else None
        else:
            current = _item_type(current, part)
        current = _unwrap(current)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _item_type(container: Any, part: str | int) -> Any:
    origin, args = typing.get_origin(container), typing.get_args(container)
    if origin in (list, tuple, set, frozenset, Sequence) and isinstance(part, int) and args:
        return args[0]
    if origin in (dict, Mapping) and isinstance(part, str) and len(args) == 2:
        return args[1]
    return None


def _unwrap(annotation: Any) -> Any:
    """Annotated[X, ...] -> X; X | None -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation
